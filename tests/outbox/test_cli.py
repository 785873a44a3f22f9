"""`vitalsdesk outbox status|send|list|retry` on a real clinic and a real listener."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.outbox.helpers import hl7_table, open_hl7_clinic, outbox_rows, patient, record, staff
from tests.staff import clinic_admin, vd
from tests.support.mllp_listener import ERROR_TEXT, Behaviour, free_port, mllp_listener

# Each command is a process of its own (a few seconds apiece on a loaded machine).
pytestmark = pytest.mark.slow


def _clinic_with_sets(data_dir: Path, table: str, n: int) -> list[int]:
    """Sets saved in the clinic (its admin is test-admin); the ids of their messages."""
    clinic = open_hl7_clinic(data_dir, table)
    try:
        clinic_admin(clinic)
        ma = staff(clinic)
        who = patient(clinic, ma)
        for i in range(n):
            record(clinic, ma, who, 70 + i)
        return [r.id for r in outbox_rows(clinic)]
    finally:
        clinic.close()


def _status(data_dir: Path) -> dict[str, object]:
    done = vd(data_dir, "outbox", "status", "--json", user="ma1", password="password-one")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_status_send_unreachable_then_send_and_status(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    _clinic_with_sets(data, hl7_table(mllp=f"127.0.0.1:{port}"), 2)
    before = _status(data)
    assert {k: before[k] for k in ("configured", "pending", "sent", "failed")} == {
        "configured": True,
        "pending": 2,
        "sent": 0,
        "failed": 0,
    }
    assert isinstance(before["oldest_pending"], str)
    assert before["destination"] == f"127.0.0.1:{port}"

    down = vd(data, "outbox", "send")
    assert down.returncode == 1
    [line] = down.stderr.strip().splitlines()
    assert "2 messages still pending" in line and "could not be reached" in line

    with mllp_listener(Behaviour.AA, validate=True, port=port) as listener:
        up = vd(data, "outbox", "send")  # a person asked: no waiting for the backoff
        assert listener.invalid == []
        received = len(listener.frames)
    assert up.returncode == 0, up.stderr
    assert up.stdout.strip() == "Sent 2 messages."
    assert received == 2
    after = _status(data)
    assert (after["pending"], after["sent"], after["oldest_pending"]) == (0, 2, None)
    assert isinstance(after["last_sent"], str)


def test_a_refused_message_is_listed_for_an_admin_and_retried_by_one(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    [message_id] = _clinic_with_sets(data, hl7_table(mllp=f"127.0.0.1:{port}"), 1)
    with mllp_listener(Behaviour.AE, validate=True, port=port) as listener:
        refused = vd(data, "outbox", "send")
        assert len(listener.frames) == 1
    assert refused.returncode == 0  # nothing is left pending: it is held as failed
    assert "the EHR refused 1" in refused.stdout

    listed = vd(data, "outbox", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["status"], row["ack_code"]) == (message_id, "failed", "AE")
    assert row["ack_text"] == ERROR_TEXT[Behaviour.AE]

    by_assistant = vd(data, "outbox", "retry", str(message_id), user="ma1", password="password-one")
    assert by_assistant.returncode == 1 and "needs admin" in by_assistant.stderr
    retried = vd(data, "outbox", "retry", str(message_id))
    assert retried.returncode == 0, retried.stderr
    assert row["control_id"] in retried.stdout
    assert _status(data)["pending"] == 1


def test_send_without_an_interface_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _clinic_with_sets(data, "", 1)
    done = vd(data, "outbox", "send")
    assert done.returncode == 1
    assert "no HL7 interface" in done.stderr
