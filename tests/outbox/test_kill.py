"""kill -9 of a sender between sending a message and reading its ACK: the message is sent again
with the same control id, and no set is lost.

The listener plays an EHR that took each message and lost the connection before its ACK went
out: it holds the first copy of every message unanswered and accepts a resend (AA). Each round
saves a set, starts `vitalsdesk outbox send`, waits until the new message has reached the
listener, and kills the sender. The next sender resends that message, then the new one.

VITALSDESK_KILL_LOOPS sets the rounds (5 by default, to keep the suite short; 50 or more for a
real campaign).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.outbox.helpers import hl7_table, open_hl7_clinic, outbox_rows, patient, record, staff
from tests.staff import TEST_PASSWORD, cli_env, clinic_admin
from tests.support.mllp_listener import Behaviour, free_port, mllp_listener

LOOPS = int(os.environ.get("VITALSDESK_KILL_LOOPS", "5"))
WAIT_SECONDS = 90.0  # for one sender to start and send (a loaded 2-core machine is slow)


def _start_sender(data: Path) -> subprocess.Popen[bytes]:
    sender = subprocess.Popen(
        [sys.executable, "-m", "vitalsdesk", "outbox", "send", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=cli_env(data),
    )
    assert sender.stdin is not None
    sender.stdin.write(f"{TEST_PASSWORD}\n".encode())
    sender.stdin.close()
    return sender


def _wait_for(listener: object, control_id: str, sender: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while control_id not in listener.control_ids:  # type: ignore[attr-defined]
        assert sender.poll() is None, f"the sender ended ({sender.returncode}) before sending"
        assert time.monotonic() < deadline, "the sender did not send in time"
        time.sleep(0.02)


@pytest.mark.slow
def test_kill_9_between_send_and_ack_resends_the_same_id_and_loses_nothing(
    tmp_path: Path,
) -> None:
    port = free_port()
    data = tmp_path / "data"
    # The ACK wait is long: every sender is killed while it waits, never timed out.
    clinic = open_hl7_clinic(data, hl7_table(mllp=f"127.0.0.1:{port}", ack_timeout_seconds=300))
    try:
        clinic_admin(clinic)
        ma = staff(clinic)
        who = patient(clinic, ma)
        with mllp_listener(
            Behaviour.HOLD_FIRST,
            validate=True,
            port=port,
            hold_seconds=WAIT_SECONDS * 2,
            max_connections=2 * LOOPS + 5,
        ) as listener:
            for n in range(LOOPS):
                record(clinic, ma, who, 60 + n % 40)
                newest = outbox_rows(clinic)[-1].control_id
                sender = _start_sender(data)
                try:
                    _wait_for(listener, newest, sender)
                finally:
                    os.kill(sender.pid, signal.SIGKILL)
                    sender.wait(timeout=30)
                assert sender.returncode == -signal.SIGKILL
            # The clinic's next sender (here, in this process) finds the last one unacknowledged.
            assert clinic.outbox is not None
            last = clinic.outbox.send_pending(force=True)
            received = listener.control_ids
            frames = list(listener.frames)
            invalid = list(listener.invalid)
        rows = outbox_rows(clinic)
        sets = len(clinic.vitals.history(who.id))
    finally:
        clinic.close()
    assert invalid == []
    assert last.sent == 1 and last.pending == 0
    assert sets == LOOPS and len(rows) == LOOPS  # one message for every set, none lost
    assert all(r.status == "sent" and r.ack_code == "AA" for r in rows)
    counts = Counter(received)
    # Each message: its first copy (the sender killed while waiting), then the resend, same id.
    assert counts == {r.control_id: 2 for r in rows}
    assert received == [c for r in rows for c in (r.control_id, r.control_id)]
    for r in rows:
        copies = {f for f in frames if r.control_id.encode() in f}
        assert len(copies) == 1  # byte for byte the same message
