"""Storage benchmark: VitalsDesk's services against raw sqlite3 doing the same work, in one run.

    .venv/bin/python bench/bench_storage.py [--patients 100000] [--sets 1000000] [--keep DIR]

Builds a clinic database at the given scale (the schema of the migrations, rows bulk-loaded with
raw sqlite3), then measures, each beside its floor:
  - saving one vital-sign set through the service (validation, audit, WAL + synchronous=FULL)
    vs a raw sqlite3 insert of the same rows in one committed transaction;
  - a name-prefix search through the service vs the same indexed SQL;
  - loading the last 20 sets of one patient (with their measurements) vs the same SQL;
  - the database size on disk.
The database is encrypted with SQLCipher as the app's is, and the floor uses the same driver and
key, so the ratio shows VitalsDesk's own cost.
Not a test: figures are noisy; compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

import vitalsdesk
from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.audit_chain import event_hash
from vitalsdesk.db.encryption import KEY_ENV, dbapi, is_plain_sqlite, key_pragma, parse_key
from vitalsdesk.services.patients import search_key
from vitalsdesk.services.schemas import PatientIn


def code_in_use() -> str:
    """Which VitalsDesk the benchmark measures: its folder and commit. Code from another checkout
    (an editable install left pointing at an old clone) is said loudly: it once made two runs
    disagree by 0.8 ms a save, and the difference was taken for the code's."""
    package = Path(vitalsdesk.__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(package.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "not a git checkout"
    line = f"code measured: {package} ({commit})"
    here = Path(__file__).resolve().parent.parent
    if package.parent != here:
        line += (
            f"\nWARNING: not the code beside this benchmark ({here}): run with PYTHONPATH={here}"
            " or reinstall it with pip install -e"
        )
    return line


FAMILY = [
    "Garcia",
    "Smith",
    "Nguyen",
    "Johnson",
    "Pena",
    "Williams",
    "Muller",
    "Brown",
    "Lopez",
    "Kowalski",
    "Jones",
    "Martinez",
    "Kim",
    "Davis",
    "Patel",
    "Wilson",
    "Gonzalez",
    "Chen",
]
GIVEN = ["Maria", "Emma", "Olivia", "Jose", "Liam", "Noah", "Linh", "Minh", "Ana", "Lucas"]
MEASUREMENTS = [  # code, value, unit, canonical, canonical unit
    ("systolic_bp", "118", "mm[Hg]", "118", "mm[Hg]"),
    ("diastolic_bp", "76", "mm[Hg]", "76", "mm[Hg]"),
    ("heart_rate", "72", "/min", "72", "/min"),
    ("respiratory_rate", "16", "/min", "16", "/min"),
    ("body_temperature", "98.6", "[degF]", "37", "Cel"),
    ("oxygen_saturation", "97", "%", "97", "%"),
]

IsolationLevel = Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"] | None


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def connect(path: Path, isolation_level: IsolationLevel = "DEFERRED") -> sqlite3.Connection:
    """The same driver and key as the app: SQLCipher, unless encryption is switched off.
    isolation_level None: autocommit (each statement its own transaction unless BEGIN is sent)."""
    if not is_plain_sqlite(path):
        con: sqlite3.Connection = dbapi().connect(str(path), isolation_level=isolation_level)
        con.execute(key_pragma(parse_key(os.environ[KEY_ENV])))
        return con
    return sqlite3.connect(path, isolation_level=isolation_level)


def bulk_load(path: Path, patients: int, sets: int, rng: random.Random) -> None:
    con = connect(path)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute(
        "INSERT INTO staff_user (id, username, display_name, role, active, failed_sign_ins, "
        "preferences, created_at, version) VALUES (1000, 'bench', 'Bench', 'assistant', 1, 0, "
        "'{}', '2026-01-01 00:00:00', 1)"
    )
    rows = []
    for n in range(1, patients + 1):
        family = f"{rng.choice(FAMILY)}{n % 997:03d}"
        given = rng.choice(GIVEN)
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(33000))
        rows.append(
            (
                n,
                f"B{n:07d}",
                family,
                given,
                search_key(family),
                search_key(given),
                born.isoformat(),
                rng.choice(["female", "male"]),
                "en",
                0,
                "2026-01-01 00:00:00",
                "2026-01-01 00:00:00",
                1,
            )
        )
    con.executemany(
        "INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key, birth_date,"
        " sex, preferred_language, is_sample, created_at, updated_at, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    per_patient = max(1, sets // patients)
    set_id = 0
    batch_sets: list[tuple[object, ...]] = []
    batch_m: list[tuple[object, ...]] = []
    start = datetime(2020, 1, 1)
    for patient in range(1, patients + 1):
        for k in range(per_patient):
            set_id += 1
            taken = (start + timedelta(days=k * 30, minutes=patient % 600)).isoformat(" ")
            batch_sets.append(
                (
                    set_id,
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    patient,
                    taken,
                    -300,
                    taken,
                    1000,
                    "final",
                    0,
                    0,
                    "bench",
                    1,
                )
            )
            for pos, (code, value, unit, canonical, cunit) in enumerate(MEASUREMENTS):
                batch_m.append(
                    (
                        set_id,
                        pos,
                        code,
                        value,
                        unit,
                        canonical,
                        cunit,
                        "N",
                        0,
                    )
                )
        if len(batch_sets) >= 50_000 or patient == patients:
            con.executemany(
                "INSERT INTO vital_sign_set (id, uid, patient_id, taken_at,"
                " taken_at_utc_offset_minutes, recorded_at, recorded_by_id, status, superseded,"
                " clinician_notified, reference_ranges_version, version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                batch_sets,
            )
            con.executemany(
                "INSERT INTO measurement (set_id, position_in_set, code, value_text, unit,"
                " canonical_text, canonical_unit, interpretation, confirmed)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                batch_m,
            )
            con.commit()
            batch_sets.clear()
            batch_m.clear()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.commit()
    con.close()


def raw_connection(path: Path) -> sqlite3.Connection:
    con = connect(path, isolation_level=None)
    for pragma in (
        "journal_mode = WAL",
        "synchronous = FULL",
        "foreign_keys = ON",
        "busy_timeout = 15000",
    ):
        con.execute(f"PRAGMA {pragma}")
    return con


def raw_insert_set(con: sqlite3.Connection, patient_id: int) -> None:
    con.execute("BEGIN IMMEDIATE")
    now = datetime.now().isoformat(" ")
    cur = con.execute(
        "INSERT INTO vital_sign_set (uid, patient_id, taken_at, taken_at_utc_offset_minutes,"
        " recorded_at, recorded_by_id, status, superseded, clinician_notified,"
        " reference_ranges_version, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (str(uuid.uuid4()), patient_id, now, -300, now, 1000, "final", 0, 0, "bench", 1),
    )
    set_id = cur.lastrowid
    con.executemany(
        "INSERT INTO measurement (set_id, position_in_set, code, value_text, unit,"
        " canonical_text, canonical_unit, interpretation, confirmed)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(set_id, i, *m, "N", 0) for i, m in enumerate(MEASUREMENTS)],
    )
    seq, prev = con.execute("SELECT seq, hash FROM audit_chain_head WHERE id = 1").fetchone()
    event = {
        "at": datetime.now(UTC),
        "user_id": 1000,
        "username": "bench",
        "action": "vitals_recorded",
        "patient_id": patient_id,
        "entity": "vital_sign_set",
        "entity_id": set_id,
        "detail": {},
    }
    digest = event_hash(seq + 1, prev, event)
    con.execute(
        "INSERT INTO audit_event (at, user_id, username, action, patient_id, entity, entity_id,"
        " detail, seq, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            now,
            1000,
            "bench",
            "vitals_recorded",
            patient_id,
            "vital_sign_set",
            set_id,
            "{}",
            seq + 1,
            prev,
            digest,
        ),
    )
    con.execute("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", (seq + 1, digest))
    con.execute("COMMIT")


RAW_SEARCH = (
    "SELECT id, mrn, family_name, given_name, birth_date, sex FROM patient"
    " WHERE family_key >= ? AND family_key < ? ORDER BY family_key, given_key, birth_date LIMIT 50"
)
RAW_LAST_20 = (
    "SELECT s.id, s.taken_at, s.status, m.code, m.value_text, m.unit FROM measurement m"
    " JOIN (SELECT id, taken_at, status FROM vital_sign_set WHERE patient_id = ?"
    " ORDER BY taken_at DESC, id DESC LIMIT 20) s ON m.set_id = s.id"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database in this folder")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    # A fixed key for the benchmark's own database (the app keeps its key in the OS keyring).
    os.environ.setdefault(KEY_ENV, "be0c" * 16)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-"))
    db_file = folder / "vitalsdesk.sqlite3"
    rng = random.Random(1)
    if not db_file.exists():
        open_clinic(folder).close()
        started = time.perf_counter()
        bulk_load(db_file, args.patients, args.sets, rng)
        print(
            f"built {args.patients:,} patients / {args.sets:,} sets in "
            f"{time.perf_counter() - started:.0f} s"
        )
    clinic = open_clinic(folder)
    raw = raw_connection(db_file)
    try:
        if not clinic.accounts.has_users():
            clinic.accounts.add_user("bench-admin", "bench-password", "admin", "Bench")
        staff = clinic.accounts.sign_in("bench-admin", "bench-password")
        patient = clinic.patients.register(
            PatientIn(
                mrn=f"BENCH-{uuid.uuid4().hex[:8]}",
                family_name="Bench",
                given_name="Save",
                birth_date=date(1980, 6, 15),
                sex=AdministrativeSex.FEMALE,
            ),
            staff,
        )
        tz = timezone(timedelta(hours=-5))
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": "1980-06-15",
                "sex": "female",
                "taken_at": datetime(2026, 11, 27, 9, 30, tzinfo=tz).isoformat(),
                "measurements": {
                    m[0]: {
                        "value": m[1],
                        "unit": m[2],
                        **({"method": "oral"} if m[0] == "body_temperature" else {}),
                    }
                    for m in MEASUREMENTS
                },
            }
        )
        save_service = median_ms(
            lambda: clinic.vitals.record(patient.id, vitals, staff), args.repeat
        )
        save_raw = median_ms(lambda: raw_insert_set(raw, patient.id), args.repeat)

        key = search_key("garcia1")
        search_service = median_ms(lambda: clinic.patients.search("garcia1"), args.repeat)
        search_raw = median_ms(
            lambda: raw.execute(RAW_SEARCH, (key, key + "\U0010ffff")).fetchall(), args.repeat
        )
        found = len(clinic.patients.search("garcia1"))

        target = args.patients // 2
        last20_service = median_ms(lambda: clinic.vitals.history(target, limit=20), args.repeat)
        last20_raw = median_ms(lambda: raw.execute(RAW_LAST_20, (target,)).fetchall(), args.repeat)
        size = sum(p.stat().st_size for p in folder.glob("vitalsdesk.sqlite3*"))
    finally:
        raw.close()
        clinic.close()

    print(
        f"\nVitalsDesk storage benchmark: {args.patients:,} patients, {args.sets:,} sets "
        f"(median of {args.repeat})"
    )
    print(code_in_use())
    print(f"{'what':<44}{'VitalsDesk':>12}{'floor':>12}{'ratio':>8}")
    for name, ours, floor, floor_name in [
        ("save one set (6 values, audited)", save_service, save_raw, "raw sqlite3 insert"),
        (f"name-prefix search ({found} found)", search_service, search_raw, "raw indexed SQL"),
        ("last 20 sets of one patient", last20_service, last20_raw, "raw SQL"),
    ]:
        print(
            f"{name:<44}{ours:>10.2f}ms{floor:>10.2f}ms{ours / floor:>7.1f}x   floor: {floor_name}"
        )
    print(f"{'database size on disk':<44}{size / 2**20:>10.0f}MiB")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
