"""Contention soak: two app instances and two command-line writers on one database at once.

    .venv/bin/python scripts/contention_soak.py [--seconds 60]

The "app instances" are processes doing what the desktop app does on every save (open the
patient, autosave a draft, search, record, read the history); the writers run `vitalsdesk record`
again and again, as a clinic's import script would. At the end every acknowledged set must be in
the database exactly once, and no process may have seen an error ("database is locked" included).
Prints the figures. Not a test (it runs for a minute); tests/db/test_durability.py has a short one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

APP = r"""
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.measurements import VitalSignSet
folder, mrn, until = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
clinic = open_clinic(folder)
ma = clinic.accounts.sign_in(sys.argv[4], "soak-password")
patient = clinic.patients.by_mrn(mrn)
n = 0
while time.time() < until:
    n += 1
    clinic.patients.open(patient.id, ma)
    clinic.vitals.save_draft(ma, patient.id, {"heart_rate": str(60 + n % 40)})
    clinic.patients.search(mrn[:3])
    taken = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=-5))) + timedelta(seconds=n)
    saved = clinic.vitals.record(patient.id, VitalSignSet.model_validate({
        "birth_date": "1970-01-01", "sex": "male", "taken_at": taken.isoformat(),
        "measurements": {"heart_rate": {"value": 60 + n % 40, "unit": "/min"},
                         "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"}}}), ma)
    clinic.vitals.history(patient.id, limit=20)
    print(saved.id, flush=True)
clinic.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    os.environ.setdefault("VITALSDESK_DB_KEY", "50a7" * 16)
    folder = Path(tempfile.mkdtemp(prefix="vitalsdesk-soak-"))
    env = {**os.environ, "VITALSDESK_DATA_DIR": str(folder)}

    def vd(*command: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vitalsdesk", *command],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    for n in (1, 2, 3, 4):
        vd(
            "patient",
            "add",
            "--mrn",
            f"SOAK{n}",
            "--family",
            "Soak",
            "--given",
            f"P{n}",
            "--birth-date",
            "1970-01-01",
            "--sex",
            "male",
        )
    for n in (1, 2):
        vd("user", "add", f"room{n}", "--role", "assistant", stdin="soak-password\n")

    until = time.time() + args.seconds
    apps = [
        subprocess.Popen(
            [sys.executable, "-c", APP, str(folder), f"SOAK{n}", str(until), f"room{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in (1, 2)
    ]
    document = json.dumps(
        {
            "taken_at": "2026-01-01T09:00:00-05:00",
            "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
        }
    )
    writer_ids: list[int] = []
    writer_errors: list[str] = []
    writers: list[tuple[subprocess.Popen[str], int]] = []
    started = time.time()
    while time.time() < until:
        # Keep two `vitalsdesk record` commands running at all times.
        running = []
        for proc, n in writers:
            if proc.poll() is None:
                running.append((proc, n))
            else:
                _collect(proc, writer_ids, writer_errors)
        writers = running
        while len(writers) < 2:
            n = len(writer_ids) + len(writers)
            proc = subprocess.Popen(
                [sys.executable, "-m", "vitalsdesk", "record", "--mrn", f"SOAK{3 + n % 2}", "-"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert proc.stdin is not None
            proc.stdin.write(document)
            proc.stdin.close()
            writers.append((proc, n))
        time.sleep(0.05)
    for proc, _ in writers:
        proc.wait()
        _collect(proc, writer_ids, writer_errors)
    app_ids: list[int] = []
    app_errors: list[str] = []
    for proc in apps:
        out, err = proc.communicate()
        app_ids += [int(x) for x in out.split()]
        if proc.returncode != 0 or err.strip():
            app_errors.append(
                err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}"
            )
    elapsed = time.time() - started

    from vitalsdesk.clinic import open_clinic

    os.environ["VITALSDESK_DATA_DIR"] = str(folder)
    clinic = open_clinic(folder)
    try:
        stored: list[int] = []
        for n in (1, 2, 3, 4):
            stored += [s.id for s in clinic.vitals.history(clinic.patients.by_mrn(f"SOAK{n}").id)]
        sound = clinic.db.integrity_check() == []
    finally:
        clinic.close()
    acknowledged = app_ids + writer_ids
    missing = set(acknowledged) - set(stored)
    duplicated = len(acknowledged) - len(set(acknowledged))
    print(
        f"\nContention soak: {elapsed:.0f} s, 2 app instances + 2 command-line writers, one SQLite file"
    )
    print(f"  sets saved by the app instances      {len(app_ids):>6}")
    print(f"  sets saved by `vitalsdesk record`    {len(writer_ids):>6}")
    print(f"  acknowledged but missing             {len(missing):>6}")
    print(f"  acknowledged twice (duplicated)      {duplicated:>6}")
    print(f"  errors seen by any process           {len(app_errors) + len(writer_errors):>6}")
    print(f"  integrity check                      {'ok' if sound else 'FAILED':>6}")
    for problem in (app_errors + writer_errors)[:10]:
        print("  ERROR", problem)
    sys.exit(
        0
        if not missing and not duplicated and sound and not app_errors and not writer_errors
        else 1
    )


def _collect(proc: subprocess.Popen[str], ids: list[int], errors: list[str]) -> None:
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    if proc.stdout:
        proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        errors.append(err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}")
        return
    ids.append(int(json.loads(out)["set_id"]))


if __name__ == "__main__":
    main()
