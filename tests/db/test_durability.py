"""Nothing acknowledged is lost: SIGKILL while recording, and two writers on one SQLite file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vitalsdesk.clinic import open_clinic

pytestmark = pytest.mark.slow

LOOP = Path(__file__).parents[1] / "support" / "record_loop.py"


def _start(data_dir: Path, mrn: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(LOOP), str(data_dir), mrn, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_lines(proc: subprocess.Popen[str], into: list[str]) -> None:
    assert proc.stdout is not None
    into.extend(proc.stdout)


def _stored_uids(data_dir: Path) -> set[str]:
    clinic = open_clinic(data_dir)
    try:
        assert clinic.db.integrity_check() == []
        uids: set[str] = set()
        for mrn_patient in clinic.patients.search("loop"):
            uids |= {s.uid for s in clinic.vitals.history(mrn_patient.id)}
        return uids
    finally:
        clinic.close()


def test_sigkill_while_recording_loses_no_acknowledged_set(tmp_path: Path) -> None:
    rng = random.Random(7)
    acknowledged: set[str] = set()
    rounds = 8
    for _ in range(rounds):
        proc = _start(tmp_path, "KILL1", 100_000)
        assert proc.stdout is not None and proc.stderr is not None
        lines: list[str] = []
        reader = threading.Thread(target=_read_lines, args=(proc, lines))
        reader.start()
        # Let it get going (start-up, migrations), then kill it at a random moment.
        deadline = time.monotonic() + 30
        while not lines and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        reader.join()
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        assert lines, f"the recorder never acknowledged a set: {errors}"
        acknowledged |= {line.strip() for line in lines if line.strip()}
    stored = _stored_uids(tmp_path)
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged sets are missing"
    assert len(acknowledged) > rounds


def test_two_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()  # migrate once, as the first PC to start would
    procs = [_start(tmp_path, mrn, 60) for mrn in ("TWO1", "TWO2")]
    outputs = [p.communicate(timeout=240) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        assert len(out.split()) == 60
    acknowledged = {uid for out, _ in outputs for uid in out.split()}
    assert len(acknowledged) == 120
    assert _stored_uids(tmp_path) == acknowledged
