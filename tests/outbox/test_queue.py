"""Queueing: every change to a set queues its ORU^R01 in the change's own transaction, and only
when the clinic has an HL7 interface (settings.toml [hl7], checked when loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.outbox.helpers import (
    hl7_table,
    obx_statuses,
    open_hl7_clinic,
    outbox_rows,
    patient,
    record,
    staff,
    vitals,
    write_settings,
)
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.hl7_oru import validate_oru
from vitalsdesk.interop.mllp import control_id_of
from vitalsdesk.settings import HL7_MLLP_ENV, SettingsError, load_settings

MLLP = hl7_table(mllp="127.0.0.1:2575")


def _sets(clinic: object) -> int:
    with clinic.db.transaction() as s:  # type: ignore[attr-defined]
        return int(s.scalar(select(func.count()).select_from(SetRow)) or 0)


def test_a_clinic_without_an_interface_queues_nothing(tmp_path: Path) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", "")
    try:
        ma = staff(clinic)
        record(clinic, ma, patient(clinic, ma))
        assert clinic.vitals.hl7_queue is None
        assert outbox_rows(clinic) == []
        assert clinic.outbox is not None and not clinic.outbox.status().configured
    finally:
        clinic.close()


def test_save_amend_and_void_queue_F_C_and_W(database_url: str, tmp_path: Path) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP, url=database_url)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)
        saved = record(clinic, ma, who)
        amended = clinic.vitals.amend(saved.id, saved.version, vitals(80), "typo", ma)
        voided = clinic.vitals.mark_entered_in_error(
            amended.id, amended.version, "wrong patient", ma
        )
        rows = outbox_rows(clinic)
        status = clinic.outbox.status() if clinic.outbox else None
    finally:
        clinic.close()
    assert [(r.set_id, r.result_status, r.status) for r in rows] == [
        (saved.id, "F", "pending"),
        (amended.id, "C", "pending"),
        (amended.id, "W", "pending"),
    ]
    assert [r.set_version for r in rows] == [saved.version, amended.version, voided.version]
    for row, obx in zip(rows, ("F", "C", "W"), strict=True):
        validate_oru(row.message)
        assert control_id_of(row.message) == row.control_id
        assert obx_statuses(row.message) == {obx}
        assert "PID|1||M1^^^NSC-MRN^MR||Peña^Jane" in row.message
    # Every message of the chain names the first set, so the EHR replaces that result.
    assert all(f"|{saved.uid}^VITALSDESK|" in r.message for r in rows)
    assert len({r.control_id for r in rows}) == 3
    assert all(len(r.control_id) <= 20 for r in rows)
    assert status is not None and status.pending == 3 and status.oldest_pending is not None


def test_queueing_is_audited_in_the_same_transaction(tmp_path: Path) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP)
    try:
        ma = staff(clinic)
        saved = record(clinic, ma, patient(clinic, ma))
        [row] = outbox_rows(clinic)
        with clinic.db.transaction() as s:
            events = s.execute(
                select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.detail).where(
                    AuditEvent.action == "hl7_queued"
                )
            ).all()
    finally:
        clinic.close()
    assert [(a, e) for a, e, _ in events] == [("hl7_queued", row.id)]
    assert events[0][2] == {"set_id": saved.id, "result_status": "F"}


@pytest.mark.parametrize(
    "refuse",
    [
        # The queue refuses the message: the set is not saved either.
        "CREATE TRIGGER refuse BEFORE INSERT ON hl7_outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END",
        # Something after the message is queued fails: the message goes with the set.
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_event WHEN NEW.action = 'hl7_queued' "
        "BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    ],
)
def test_never_a_set_without_its_message_nor_a_message_without_its_set(
    tmp_path: Path, refuse: str
) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)
        with clinic.db.transaction() as s:
            s.execute(text(refuse))
        with pytest.raises(Exception, match="refused"):
            record(clinic, ma, who)
        assert _sets(clinic) == 0
        assert outbox_rows(clinic) == []
        with clinic.db.transaction() as s:
            s.execute(text("DROP TRIGGER refuse"))
        record(clinic, ma, who)
        assert _sets(clinic) == 1
        assert len(outbox_rows(clinic)) == 1
    finally:
        clinic.close()


# -- settings ------------------------------------------------------------------------------------


def test_the_environment_names_the_listener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(tmp_path, hl7_table(drop_folder=tmp_path))
    monkeypatch.setenv(HL7_MLLP_ENV, "ehr.example.org:6661")
    hl7 = load_settings(tmp_path).hl7
    assert hl7 is not None
    assert hl7.address == ("ehr.example.org", 6661)
    assert hl7.drop_folder == ""  # the environment wins over the file's destination


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (hl7_table(mllp="ehr.example.org"), 'mllp must be "host:port"'),
        (hl7_table(mllp="ehr:99999"), "port from 1 to 65535"),
        (hl7_table(), "give either mllp"),
        (hl7_table(mllp="ehr:1", drop_folder=Path("/tmp")), "give either mllp"),
        (hl7_table(drop_folder=Path("/no/such/folder")), "not a folder"),
        ("[hl7]\nmllp = 'ehr:2575'\n", "sending_facility"),
        (hl7_table(mllp="ehr:1").replace("NORTHSIDE", "NORTH|SIDE"), "sending_facility: must not"),
        (hl7_table(mllp="ehr:1", processing_id="D"), "processing_id"),
        (hl7_table(mllp="ehr:1", ack_timeout_seconds=0), "ack_timeout_seconds"),
        (hl7_table(mllp="ehr:1", colour="blue"), "colour"),
        (hl7_table(mllp="ehr:1") + "[hl7.tls]\ncert_file = '/etc/hostname'\n", "go together"),
        (hl7_table(mllp="ehr:1") + "[hl7.tls]\nca_file = '/no/ca.pem'\n", "is not a file"),
    ],
)
def test_a_wrong_hl7_table_is_refused_with_the_reason(
    tmp_path: Path, table: str, message: str
) -> None:
    write_settings(tmp_path, table)
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(tmp_path)
    assert str(tmp_path / "settings.toml") in str(caught.value)


def test_the_environment_alone_is_not_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(tmp_path, "")
    monkeypatch.setenv(HL7_MLLP_ENV, "127.0.0.1:2575")
    with pytest.raises(SettingsError, match="no \\[hl7\\] table"):
        load_settings(tmp_path)
