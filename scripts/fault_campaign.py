"""Fault campaign: SIGKILL VitalsDesk at random moments, again and again, and check what is left.

    .venv/bin/python scripts/fault_campaign.py [--kills 200] [--seed 1]

Each round starts a worker process doing one kind of work in a loop and kills it (kill -9) after
a random delay:
  record     record sets (each acknowledged uid printed after `record` returned);
  amend      amend the newest set again and again (each acknowledged new uid printed);
  backup     take online backups while another process keeps recording;
  migration  open (encrypt, then upgrade) a plain schema-0001 database left by an old version.
After every kill the database must open, pass SQLite's integrity check, hold every acknowledged
set, and (for migration) end up at the newest schema on the next start. Prints a table of figures.
Not a test (it takes minutes); tests/db/test_durability.py runs a short version in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WORKER = r"""
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.services.errors import AlreadyExists
from vitalsdesk.services.schemas import PatientIn

kind, folder = sys.argv[1], Path(sys.argv[2])
clinic = open_clinic(folder)
print("open", flush=True)
if kind == "migration":
    sys.exit(0)
if not clinic.accounts.has_users():
    clinic.accounts.add_user("fault-admin", "fault-password", "admin", "Fault Campaign")
staff = clinic.accounts.sign_in("fault-admin", "fault-password")
try:
    patient = clinic.patients.register(PatientIn(mrn="FAULT1", family_name="Fault", given_name="Test",
        birth_date=date(1970, 1, 1), sex="male"), staff)
except AlreadyExists:
    patient = clinic.patients.by_mrn("FAULT1")
start = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=-5)))
def vitals(n):
    return VitalSignSet.model_validate({"birth_date": "1970-01-01", "sex": "male",
        "taken_at": (start + timedelta(minutes=n)).isoformat(),
        "measurements": {"heart_rate": {"value": 60 + n % 30, "unit": "/min"}}})
n = 0
if kind == "amend":
    current = clinic.vitals.record(patient.id, vitals(0), staff)
    print(current.uid, flush=True)
while True:
    n += 1
    if kind == "record":
        print(clinic.vitals.record(patient.id, vitals(n), staff).uid, flush=True)
    elif kind == "amend":
        current = clinic.vitals.amend(current.id, current.version, vitals(n), "fault campaign", staff)
        print(current.uid, flush=True)
    elif kind == "backup":
        print(backup_sqlite(clinic.db, clinic.backup_dir, keep=3).name, flush=True)
"""


def _plain_old_database(folder: Path) -> None:
    """A schema-0001 plain SQLite file with some rows, as an old VitalsDesk left it."""
    from alembic import command

    from vitalsdesk.db import migrate
    from vitalsdesk.db.engine import Database

    db = Database(f"sqlite:///{folder / 'vitalsdesk.sqlite3'}")
    config = migrate._config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with db.engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO patient (mrn, family_name, given_name, family_key, given_key, birth_date,"
            " sex, preferred_language, is_sample, created_at, updated_at, version) VALUES"
            " ('OLD', 'Old', 'Row', 'old', 'row', '1950-01-01', 'male', 'en', 0,"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
        )
    db.dispose()


def _opened(lines: list[str]) -> bool:
    return any(line.strip() == "open" for line in lines)


def _run_worker(kind: str, folder: Path, delay: float) -> tuple[list[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, kind, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    assert proc.stdout is not None and proc.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []))
    reader.start()
    if kind != "migration":  # kill during the work, not during start-up
        deadline = time.monotonic() + 60
        while not _opened(lines) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join()
    errors = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    return [line.strip() for line in lines if line.strip()], errors


def _check(folder: Path, acknowledged: set[str]) -> tuple[bool, str]:
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.db import migrate

    try:
        clinic = open_clinic(folder)
    except Exception as exc:
        return False, f"does not open: {exc.__class__.__name__}: {exc}"
    try:
        problems = clinic.db.integrity_check()
        if problems:
            return False, f"integrity: {problems[:2]}"
        if migrate.current_revision(clinic.db) != migrate.head_revision():
            return False, "not at the newest schema"
        from sqlalchemy import select

        from vitalsdesk.db.models import VitalSignSet

        stored = set(clinic.db.run(lambda s: list(s.scalars(select(VitalSignSet.uid)))))
        missing = acknowledged - stored
        if missing:
            return False, f"{len(missing)} acknowledged sets missing"
        return True, ""
    finally:
        clinic.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="kills in all (split over kinds)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("VITALSDESK_DB_KEY", "fa17" * 16)
    rng = random.Random(args.seed)
    kinds = ["record", "amend", "backup", "migration"]
    results: dict[str, list[int]] = {k: [0, 0, 0] for k in kinds}  # kills, failures, acknowledged
    failures: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="vitalsdesk-faults-"))
    started = time.monotonic()
    try:
        folders = {k: root / k for k in kinds}
        for folder in folders.values():
            folder.mkdir()
        acknowledged: dict[str, set[str]] = {k: set() for k in kinds}
        for n in range(args.kills):
            kind = kinds[n % len(kinds)]
            folder = folders[kind]
            if kind == "migration":
                shutil.rmtree(folder)
                folder.mkdir()
                _plain_old_database(folder)
                delay = rng.uniform(0.3, 3.0)  # from process start: imports, encryption, upgrade
            else:
                delay = rng.uniform(0.0, 0.8)
            if kind == "backup":  # back up while another process writes
                writer = subprocess.Popen(
                    [sys.executable, "-c", WORKER, "record", str(folder)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            lines, errors = _run_worker(kind, folder, delay)
            if kind == "backup":
                writer.kill()
                out, _ = writer.communicate()
                acknowledged[kind] |= {x for x in out.split() if x != "open"}
            elif kind != "migration":
                acknowledged[kind] |= {x for x in lines if x != "open"}
            if errors and "Traceback" in errors and "KeyboardInterrupt" not in errors:
                failures.append(
                    f"{kind} #{n}: worker error before the kill: {errors.splitlines()[-1]}"
                )
                results[kind][1] += 1
            ok, why = _check(folder, acknowledged[kind])
            results[kind][0] += 1
            results[kind][2] = len(acknowledged[kind])
            if not ok:
                results[kind][1] += 1
                failures.append(f"{kind} #{n}: {why}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nFault campaign: {args.kills} kill -9s in {time.monotonic() - started:.0f} s (seed {args.seed})"
    )
    print(f"{'work killed':<12}{'kills':>7}{'failures':>10}{'acknowledged sets checked':>28}")
    for kind in kinds:
        kills, bad, acked = results[kind]
        print(f"{kind:<12}{kills:>7}{bad:>10}{acked:>28}")
    for failure in failures[:20]:
        print("  FAILED", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
