"""Validation moved out of the save: the save composes its message in its own transaction (the
set as saved, queued with it) without running hl7apy, and the sender validates each message with
hl7apy just before it leaves. One found invalid is marked failed with the reason, audited, and
never sent; the patient's later messages wait behind it, other patients' go."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.outbox.helpers import (
    hl7_table,
    obx_statuses,
    open_hl7_clinic,
    outbox_rows,
    patient,
    record,
    staff,
    vitals,
)
from tests.staff import add_staff
from tests.support.mllp_listener import Behaviour, free_port, mllp_listener
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import AuditEvent, Hl7OutboxMessage
from vitalsdesk.interop.hl7_oru import Hl7Error, validate_oru
from vitalsdesk.services.outbox import Delivery


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def clinic(tmp_path: Path, port: int) -> Iterator[Clinic]:
    # The sender now checks each message with hl7apy, and the listener (a thread of this
    # process) checks it again before its ACK: on a loaded CI machine that passed the helpers'
    # 2 s wait for an ACK, and a message waited as "not delivered". These tests are about the
    # check, not the wait.
    table = hl7_table(mllp=f"127.0.0.1:{port}", connect_timeout_seconds=10, ack_timeout_seconds=30)
    opened = open_hl7_clinic(tmp_path / "data", table)
    try:
        yield opened
    finally:
        opened.close()


def _hl7apy_calls_during(work: Any) -> set[str]:
    """The hl7apy functions that ran while `work` ran in this thread (a profile hook: it watches
    the real code, it replaces nothing)."""
    seen: set[str] = set()

    def hook(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and "hl7apy" in frame.f_code.co_filename:
            seen.add(f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}")

    sys.setprofile(hook)
    try:
        work()
    finally:
        sys.setprofile(None)
    return seen


def test_the_save_runs_no_hl7apy_and_still_queues_a_valid_message(clinic: Clinic) -> None:
    """Building the message with hl7apy and parsing it back made every save with the outbox on
    hold the write lock for about 65 ms of CPU (50 times a save without it)."""
    ma = staff(clinic)
    who = patient(clinic, ma)
    record(clinic, ma, who)  # the services and modules are loaded by the first save
    calls = _hl7apy_calls_during(lambda: record(clinic, ma, who, heart_rate=80))
    rows = outbox_rows(clinic)
    assert calls == set()
    assert [r.status for r in rows] == ["pending", "pending"]
    for row in rows:
        validate_oru(row.message)


def test_the_queued_text_is_the_set_as_saved_and_never_changes(clinic: Clinic) -> None:
    ma = staff(clinic)
    saved = record(clinic, ma, patient(clinic, ma))
    [first] = outbox_rows(clinic)
    amended = clinic.vitals.amend(saved.id, saved.version, vitals(84), "typo", ma)
    clinic.vitals.mark_entered_in_error(amended.id, amended.version, "wrong patient", ma)
    rows = outbox_rows(clinic)
    assert rows[0].message == first.message  # the F message, as queued with the save
    assert [obx_statuses(r.message) for r in rows] == [{"F"}, {"C"}, {"W"}]
    assert "|72|/min^^UCUM|" in rows[0].message and "|84|/min^^UCUM|" in rows[1].message


def _spoil(clinic: Clinic, message_id: int) -> None:
    """What a composing defect would queue: a valid-looking message with a value outside its HL7
    table (OBX-11 Z), written over the queued text."""
    with clinic.db.transaction() as s:
        text = s.scalar(select(Hl7OutboxMessage.message).where(Hl7OutboxMessage.id == message_id))
        assert text is not None and "|||F|||" in text
        s.execute(
            update(Hl7OutboxMessage)
            .where(Hl7OutboxMessage.id == message_id)
            .values(message=text.replace("|||F|||", "|||Z|||"))
        )


def test_a_message_found_invalid_is_failed_with_the_reason_and_never_sent(
    clinic: Clinic, port: int
) -> None:
    outbox = clinic.outbox
    assert outbox is not None
    ma = staff(clinic)
    first, second = patient(clinic, ma, "M1"), patient(clinic, ma, "M2")
    spoiled = record(clinic, ma, first)
    record(clinic, ma, second)
    clinic.vitals.amend(spoiled.id, spoiled.version, vitals(90), "re-measured", ma)
    rows = outbox_rows(clinic)
    _spoil(clinic, rows[0].id)
    with mllp_listener(Behaviour.AA, validate=True, port=port, max_connections=5) as listener:
        report = outbox.send_pending()
        received = listener.control_ids
        invalid = list(listener.invalid)
    after = outbox_rows(clinic)
    with clinic.db.transaction() as s:
        events = s.execute(
            select(AuditEvent.entity_id, AuditEvent.detail).where(
                AuditEvent.action == "hl7_not_built"
            )
        ).all()
    # Only the other patient's message went; the invalid one never left, and the amendment of
    # its set waits behind it (never a correction before its result).
    assert received == [rows[1].control_id] and invalid == []
    assert (report.sent, report.failed, report.pending) == (1, 1, 1)
    assert [r.status for r in after] == ["failed", "sent", "pending"]
    assert after[0].last_error is not None
    assert after[0].last_error.startswith("The message is not valid HL7, so it was not sent")
    assert "HL70085" in after[0].last_error
    assert after[0].ack_code is None and after[0].sent_at is None
    assert events == [(rows[0].id, {"found": "before_sending"})]
    assert outbox.status().failed == 1


def test_delivery_refuses_an_unvalidated_message_before_anything_leaves(tmp_path: Path) -> None:
    folder = tmp_path / "inbound"
    folder.mkdir()
    clinic = open_hl7_clinic(tmp_path / "data", hl7_table(drop_folder=folder))
    try:
        ma = staff(clinic)
        record(clinic, ma, patient(clinic, ma))
        [row] = outbox_rows(clinic)
        assert clinic.outbox is not None and clinic.outbox.interface is not None
        delivery = Delivery(clinic.outbox.interface)
        broken = row.message.replace("|||F|||", "||||||", 1)  # OBX-11 is required
        with pytest.raises(Hl7Error, match="not a valid"):
            delivery.deliver(row.control_id, broken)
        assert list(folder.iterdir()) == []
        assert delivery.deliver(row.control_id, row.message) is None  # the valid one goes
        assert [p.name for p in folder.iterdir()] == [f"{row.control_id}.hl7"]
    finally:
        clinic.close()


def test_each_message_names_the_people_of_its_set(clinic: Clinic) -> None:
    """The person saving is taken as loaded when they are the only one the set names; a set
    voided by someone else names both (the recorder in OBX-16, who marked it in the note)."""
    ma = staff(clinic)
    nurse = add_staff(clinic, "rn2", "password-two", "clinician", "Ben RN")
    saved = record(clinic, ma, patient(clinic, ma))
    amended = clinic.vitals.amend(saved.id, saved.version, vitals(84), "typo", nurse)
    clinic.vitals.mark_entered_in_error(amended.id, amended.version, "wrong patient", ma)
    first, correction, void = (r.message for r in outbox_rows(clinic))
    for message in (first, correction, void):
        validate_oru(message)
    assert "||ma1^Ana MA" in first and "rn2" not in first
    assert "||rn2^Ben RN" in correction and "ma1^Ana MA" not in correction
    assert "||rn2^Ben RN" in void
    assert "Marked by Ana MA (ma1)." in void
