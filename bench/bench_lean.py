#!/usr/bin/env python3
"""Benchmark (not a test): storage, per-operation cost and start-up, each beside its floor.

    .venv/bin/python bench/bench_lean.py [--patients 100000] [--sets 1000000] [--keep DIR]
                                         [--repeat 200] [--runs 5] [--sample-sets 2000]
                                         [--start-only]

1. Bytes per set. --sample-sets sets are saved through the service (one audit event each), then
   the same facts are copied into a minimal schema: nothing derivable (no flag words, no canonical
   unit, no superseded flag or optimistic-lock version, no previous hash in the audit log), only
   the indexes the operations need (a set's measurements clustered under it, a patient's sets by
   time, the set uid, a patient's audit events). Same driver, key and page size; each file
   vacuumed; bytes = used pages beyond the empty schema, per set. Target: <= 2x.
2. Save, search and last-20 on the --patients/--sets clinic (built with bench_storage's bulk
   load, or reused with --keep), each beside a floor doing the same work through raw SQLCipher:
   - save: reads the staff member and the patient, writes the same set and measurement rows,
     chains the same audit event (HMAC with the clinic's audit key, the head row read and moved),
     deletes the draft, commits with WAL + synchronous=FULL, notes the head outside the database
     as often as the app does;
   - search: the service's own query (MRN, name prefixes), the patients' columns it returns;
   - last 20: every column of the 20 newest sets, their recorder's name and every column of
     their measurements.
   Target: <= 3x each. Also the save with the HL7 outbox on (the same service with an [hl7]
   interface: its ORU^R01 composed and queued in the save's transaction; nothing is sent), beside
   the same floor, which queues no message: what the outbox adds to the write lock is the
   difference between the two save rows.
3. Cold start to the painted sign-in page beside a bare PySide6 window, and the moment the
   clinic's records are open behind it (bench_gui.bench_start, wall and CPU time), on a new
   clinic and on the --patients/--sets one. Targets: <= 1.2x, <= 0.6 s behind the page.

Figures are noisy on a shared machine: compare within one run.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_gui
import bench_storage as storage

from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.assessment import assess
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db import audit_chain
from vitalsdesk.db.encryption import KEY_ENV
from vitalsdesk.services.outbox import Hl7Queue
from vitalsdesk.services.patients import search_key
from vitalsdesk.services.schemas import PatientIn, StaffUserOut
from vitalsdesk.settings import Hl7Interface

TZ = timezone(timedelta(hours=-5))
SAVE_TARGET, STORAGE_TARGET, START_TARGET, OPEN_TARGET = 3.0, 2.0, 1.2, 0.6


def vitals_document(rng: random.Random, taken: datetime) -> VitalSignSet:
    """A usual adult set (six values, now and then one above the range)."""
    values = {
        "systolic_bp": (str(rng.choice([112, 118, 124, 146])), "mm[Hg]"),
        "diastolic_bp": (str(rng.choice([70, 76, 82])), "mm[Hg]"),
        "heart_rate": (str(rng.choice([64, 72, 88, 104])), "/min"),
        "respiratory_rate": (str(rng.choice([14, 16, 18])), "/min"),
        "body_temperature": (rng.choice(["98.6", "99.1", "97.9"]), "[degF]"),
        "oxygen_saturation": (str(rng.choice([96, 97, 98, 99])), "%"),
    }
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": taken.isoformat(),
            "measurements": {
                code: {
                    "value": value,
                    "unit": unit,
                    **({"method": "oral"} if code == "body_temperature" else {}),
                }
                for code, (value, unit) in values.items()
            },
        }
    )


def bench_admin(clinic: Clinic) -> StaffUserOut:
    if not clinic.accounts.has_users():
        clinic.accounts.add_user("bench-admin", "bench-password", "admin", "Bench")
    return clinic.accounts.sign_in("bench-admin", "bench-password")


def new_patient(clinic: Clinic, staff: StaffUserOut, n: int) -> int:
    patient = clinic.patients.register(
        PatientIn(
            mrn=f"BENCH-{uuid.uuid4().hex[:8]}-{n}",
            family_name=f"Bench{n}",
            given_name="Save",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        staff,
    )
    return patient.id


# -- 1. bytes per set --------------------------------------------------------------------------

MINIMAL_SCHEMA = """
CREATE TABLE staff_user (id INTEGER PRIMARY KEY, username TEXT UNIQUE, display_name TEXT,
    role TEXT, password_hash TEXT, active INT);
CREATE TABLE patient (id INTEGER PRIMARY KEY, mrn TEXT UNIQUE, family_name TEXT, given_name TEXT,
    family_key TEXT, given_key TEXT, birth_date TEXT, sex TEXT, preferred_language TEXT);
CREATE INDEX patient_names ON patient (family_key, given_key);
CREATE INDEX patient_given ON patient (given_key);
CREATE TABLE vital_sign_set (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, patient_id INT,
    taken_at TEXT, utc_offset INT, recorded_at TEXT, recorded_by_id INT, status TEXT,
    replaces_id INT, clinician_notified INT, reference_ranges_version TEXT, bmi_value TEXT,
    bmi_category TEXT, bp_category TEXT, amend_reason TEXT, error_reason TEXT,
    error_marked_at TEXT, error_marked_by_id INT, bmi_confirm_reason TEXT,
    source_performer TEXT, source_error_marked_by TEXT, source_clinician_notified INT);
CREATE INDEX set_by_patient ON vital_sign_set (patient_id, taken_at);
CREATE TABLE measurement (set_id INT, position INT, code TEXT, value_text TEXT, unit TEXT,
    canonical_text TEXT, interpretation TEXT, confirmed INT, method TEXT, position_body TEXT,
    arm TEXT, cuff_size TEXT, on_supplemental_oxygen INT, oxygen_flow_text TEXT,
    confirm_reason TEXT, PRIMARY KEY (set_id, position)) WITHOUT ROWID;
CREATE TABLE audit_event (seq INTEGER PRIMARY KEY, at TEXT, user_id INT, username TEXT,
    action TEXT, patient_id INT, entity TEXT, entity_id INT, detail TEXT, hash TEXT);
CREATE INDEX audit_by_patient ON audit_event (patient_id);
"""

COPY = {  # minimal table: (columns there, the same facts read from VitalsDesk's table)
    "staff_user": (
        "id, username, display_name, role, password_hash, active",
        "id, username, display_name, role, password_hash, active",
    ),
    "patient": (
        "id, mrn, family_name, given_name, family_key, given_key, birth_date, sex,"
        " preferred_language",
        "id, mrn, family_name, given_name, family_key, given_key, birth_date, sex,"
        " preferred_language",
    ),
    "vital_sign_set": (
        "id, uid, patient_id, taken_at, utc_offset, recorded_at, recorded_by_id, status,"
        " replaces_id, clinician_notified, reference_ranges_version, bmi_value, bmi_category,"
        " bp_category, amend_reason, error_reason, error_marked_at, error_marked_by_id,"
        " bmi_confirm_reason, source_performer, source_error_marked_by, source_clinician_notified",
        "id, uid, patient_id, taken_at, taken_at_utc_offset_minutes, recorded_at,"
        " recorded_by_id, status, replaces_id, clinician_notified, reference_ranges_version,"
        " bmi_value, bmi_category, bp_category, amend_reason, error_reason, error_marked_at,"
        " error_marked_by_id, bmi_confirm_reason, source_performer, source_error_marked_by,"
        " source_clinician_notified",
    ),
    "measurement": (
        "set_id, position, code, value_text, unit, canonical_text, interpretation, confirmed,"
        " method, position_body, arm, cuff_size, on_supplemental_oxygen, oxygen_flow_text,"
        " confirm_reason",
        "set_id, position_in_set, code, value_text, unit, canonical_text, interpretation,"
        " confirmed, method, position, arm, cuff_size, on_supplemental_oxygen, oxygen_flow_text,"
        " confirm_reason",
    ),
    "audit_event": (
        "seq, at, user_id, username, action, patient_id, entity, entity_id, detail, hash",
        "seq, at, user_id, username, action, patient_id, entity, entity_id, detail, hash",
    ),
}


def used_bytes(con: sqlite3.Connection) -> int:
    con.execute("VACUUM")
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    free = con.execute("PRAGMA freelist_count").fetchone()[0]
    return (int(pages) - int(free)) * int(con.execute("PRAGMA page_size").fetchone()[0])


def bytes_per_set(sample_sets: int) -> tuple[float, float, float, float]:
    """(VitalsDesk, minimal) bytes per set with its audit event, then without the audit log."""
    folder = Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-bytes-"))
    try:
        clinic = open_clinic(folder / "app")
        app_file = folder / "app" / "vitalsdesk.sqlite3"
        try:
            staff = bench_admin(clinic)
            con = storage.connect(app_file)
            empty = used_bytes(con)
            empty_audit = audit_bytes(con)
            con.close()
            rng = random.Random(7)
            patients = [new_patient(clinic, staff, n) for n in range(max(1, sample_sets // 10))]
            start = datetime(2025, 1, 6, 9, 0, tzinfo=TZ)
            for n in range(sample_sets):
                taken = start + timedelta(days=n // len(patients), minutes=n % 600)
                clinic.vitals.record(
                    patients[n % len(patients)], vitals_document(rng, taken), staff
                )
        finally:
            clinic.close()
        con = storage.connect(app_file)
        ours = used_bytes(con) - empty
        ours_audit = audit_bytes(con) - empty_audit
        minimal = storage.connect(folder / "minimal.sqlite3")
        minimal.executescript(MINIMAL_SCHEMA)
        floor_empty = used_bytes(minimal)
        floor_empty_audit = audit_bytes(minimal)
        for table, (columns, source) in COPY.items():
            rows = con.execute(f"SELECT {source} FROM {table}").fetchall()
            marks = ",".join("?" * len(rows[0])) if rows else ""
            if rows:
                minimal.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        minimal.commit()
        floor = used_bytes(minimal) - floor_empty
        floor_audit = audit_bytes(minimal) - floor_empty_audit
        con.close()
        minimal.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = sample_sets
    return ours / n, floor / n, (ours - ours_audit) / n, (floor - floor_audit) / n


def _used_pages(con: sqlite3.Connection) -> int:
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    return int(pages) - int(con.execute("PRAGMA freelist_count").fetchone()[0])


def audit_bytes(con: sqlite3.Connection) -> int:
    """Bytes in the audit log's table and indexes (pages counted without dbstat, which SQLCipher
    leaves out: a copy without the audit table is measured and subtracted)."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'audit_event' AND type = 'index'"
            " AND name NOT LIKE 'sqlite_autoindex%'"
        )
    ]
    con.commit()
    con.execute("SAVEPOINT measure")
    before = _used_pages(con)
    for name in names:
        con.execute(f'DROP INDEX "{name}"')
    con.execute("DROP TABLE audit_event")
    after = _used_pages(con)
    con.execute("ROLLBACK TO measure")
    con.execute("RELEASE measure")
    size = int(con.execute("PRAGMA page_size").fetchone()[0])
    return (int(before) - int(after)) * size


# -- 2. per-operation floors -------------------------------------------------------------------


class SaveFloor:
    """What saving a set must do, through raw SQLCipher: the rows the service writes, the same
    audit event chained with the same key, the draft removed, WAL + synchronous=FULL, the head
    noted outside the database as often as the app notes it.

    With `vitals` (the set the service saves) the floor also does the rest of the service's work
    that is not storage: it runs the same clinical check (the clinical core's `assess`, with the
    patient's birth date and sex read in the transaction) and writes the values, interpretations
    and BP category it gives, and it looks up the patient's open visit as a save must. Without,
    it writes six fixed rows as before (the storage-only floor)."""

    def __init__(
        self,
        clinic: Clinic,
        db_file: Path,
        staff: StaffUserOut,
        patient_id: int,
        vitals: VitalSignSet | None = None,
    ) -> None:
        self.con = storage.raw_connection(db_file)
        self.vitals = vitals
        self.table = clinic.table
        self.growth_tables = clinic.growth_tables
        key = audit_chain.audit_key(clinic.db)
        assert key is not None
        self.key = key
        self.staff = staff
        self.patient_id = patient_id
        self.version = clinic.table.version_label
        self.witness = SimpleNamespace(evidence_dir=clinic.db.evidence_dir, witnessed_seq=None)
        self.rows = [
            (
                "systolic_bp",
                "118",
                "mm[Hg]",
                "118",
                "mm[Hg]",
                None,
                "N",
            ),
            ("diastolic_bp", "76", "mm[Hg]", "76", "mm[Hg]", None, "N"),
            ("heart_rate", "72", "/min", "72", "/min", None, "N"),
            ("respiratory_rate", "16", "/min", "16", "/min", None, "N"),
            ("body_temperature", "98.6", "[degF]", "37", "Cel", "oral", "N"),
            ("oxygen_saturation", "97", "%", "97", "%", None, "N"),
        ]

    def save(self) -> None:
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        user = con.execute(
            "SELECT id, username, role, active FROM staff_user WHERE id = ?", (self.staff.id,)
        ).fetchone()
        assert user[3] and user[2] in ("assistant", "clinician", "admin")
        born, sex = con.execute(
            "SELECT birth_date, sex FROM patient WHERE id = ?", (self.patient_id,)
        ).fetchone()
        rows: list[tuple[Any, ...]] = list(self.rows)
        bp_category: str | None = "normal"
        if self.vitals is not None:
            rows, bp_category = self.checked(born, sex, self.vitals)
            con.execute(
                "SELECT id, started_at FROM visit WHERE patient_id = ? AND ended_at IS NULL"
                " ORDER BY started_at DESC, id DESC",
                (self.patient_id,),
            ).fetchall()
        now = datetime.now(UTC)
        stamp = now.replace(tzinfo=None).isoformat(" ")
        set_id = con.execute(
            "INSERT INTO vital_sign_set (uid, patient_id, taken_at, taken_at_utc_offset_minutes,"
            " recorded_at, recorded_by_id, status, superseded, clinician_notified,"
            " reference_ranges_version, bp_category, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                str(uuid.uuid4()),
                self.patient_id,
                stamp,
                -300,
                stamp,
                user[0],
                "final",
                0,
                0,
                self.version,
                bp_category,
                1,
            ),
        ).lastrowid
        con.executemany(
            "INSERT INTO measurement (set_id, position_in_set, code, value_text, unit,"
            " canonical_text, canonical_unit, method, interpretation, confirmed)"
            " VALUES (?,?,?,?,?,?,?,?,?,0)",
            [(set_id, i, *m) for i, m in enumerate(rows)],
        )
        seq, prev, keyed_from, check = con.execute(
            "SELECT seq, hash, keyed_from, key_check FROM audit_chain_head WHERE id = 1"
        ).fetchone()
        assert check == audit_chain.key_check(self.key, keyed_from)
        detail = {"critical": False, "clinician_notified": False}
        event = {
            "at": now,
            "user_id": user[0],
            "username": user[1],
            "action": "vitals_recorded",
            "patient_id": self.patient_id,
            "entity": "vital_sign_set",
            "entity_id": set_id,
            "detail": detail,
        }
        digest = audit_chain.keyed_event_hash(self.key, seq + 1, prev, event)
        con.execute(
            "INSERT INTO audit_event (at, user_id, username, action, patient_id, entity,"
            " entity_id, detail, seq, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                stamp,
                user[0],
                user[1],
                "vitals_recorded",
                self.patient_id,
                "vital_sign_set",
                set_id,
                json.dumps(detail),
                seq + 1,
                prev,
                digest,
            ),
        )
        con.execute("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", (seq + 1, digest))
        con.execute(
            "DELETE FROM draft WHERE user_id = ? AND patient_id = ?", (user[0], self.patient_id)
        )
        con.execute("COMMIT")
        audit_chain.witness_commit(self.witness, seq + 1, digest, keyed_from)  # type: ignore[arg-type]
        assert born and sex

    def checked(
        self, born: str, sex: str, vitals: VitalSignSet
    ) -> tuple[list[tuple[Any, ...]], str | None]:
        """The clinical check of the set with the patient's own birth date and sex: the rows and
        BP category to write (refused unless accepted, as the service refuses it)."""
        own = vitals.model_copy(
            update={"birth_date": date.fromisoformat(born), "sex": AdministrativeSex(sex)}
        )
        result = assess(own, self.table, growth_tables=self.growth_tables)
        assert result.status == "accepted" and not result.critical
        methods = {"body_temperature": "oral"}
        rows = [
            (
                code,
                format(m.value),
                m.unit,
                m.canonical.value,
                m.canonical.unit,
                methods.get(code),
                m.interpretation,
            )
            for code, m in result.measurements.items()
        ]
        return rows, result.bp_category


SEARCH_FLOOR = (
    "SELECT id, mrn, family_name, given_name, birth_date, sex, preferred_language, is_sample,"
    " version FROM patient"
    " WHERE mrn = ? OR (family_key >= ? AND family_key < ?) OR (given_key >= ? AND given_key < ?)"
    " OR (mrn >= ? AND mrn < ?)"
    " ORDER BY family_key, given_key, birth_date LIMIT 50"
)
LAST_20_SETS = (
    "SELECT s.*, u.display_name FROM vital_sign_set s JOIN staff_user u ON u.id = s.recorded_by_id"
    " WHERE s.patient_id = ? ORDER BY s.taken_at DESC, s.id DESC LIMIT 20"
)
LAST_20_MEASUREMENTS = (
    "SELECT m.* FROM measurement m WHERE m.set_id IN ({}) ORDER BY m.set_id, m.position_in_set"
)


def last_20_floor(con: sqlite3.Connection, patient_id: int) -> list[Any]:
    con.execute("BEGIN")
    sets = con.execute(LAST_20_SETS, (patient_id,)).fetchall()
    ids = [s[0] for s in sets]
    found = con.execute(LAST_20_MEASUREMENTS.format(",".join("?" * len(ids))), ids).fetchall()
    con.execute("COMMIT")
    return [sets, found]


def search_floor(con: sqlite3.Connection, text: str) -> list[Any]:
    key, top = search_key(text), search_key(text) + "\U0010ffff"
    con.execute("BEGIN")
    rows = con.execute(SEARCH_FLOOR, (text, key, top, key, top, text, text + "\U0010ffff"))
    found = rows.fetchall()
    con.execute("COMMIT")
    return found


def timed(work: Any, repeat: int) -> tuple[float, float, float]:
    """(median, best, median CPU) milliseconds. The best run is the one least disturbed by other
    work on a shared machine; CPU time (this thread's) leaves out waiting for the CPU and the
    disk, so it compares the work itself."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        work()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu)


def per_operation(
    folder: Path, repeat: int
) -> list[tuple[str, tuple[float, float, float], tuple[float, float, float]]]:
    db_file = folder / "vitalsdesk.sqlite3"
    clinic = open_clinic(folder)
    try:
        staff = bench_admin(clinic)
        patient_id = new_patient(clinic, staff, 0)
        vitals = vitals_document(random.Random(3), datetime(2026, 11, 27, 9, 30, tzinfo=TZ))
        # The same service with an HL7 interface (a training one: nothing is sent, no listener
        # is needed; the messages stay queued in the benchmark's clinic).
        with_hl7 = copy.copy(clinic.vitals)
        with_hl7.hl7_queue = Hl7Queue(
            Hl7Interface(
                mllp="127.0.0.1:2575",
                sending_facility="BENCH",
                receiving_application="EHR",
                receiving_facility="BENCH",
                assigning_authority="BENCH-MRN",
                processing_id="T",
            ),
            clinic.table,
        )
        floor = SaveFloor(clinic, db_file, staff, patient_id, vitals)
        storage_floor = SaveFloor(clinic, db_file, staff, patient_id)
        try:
            save = timed(lambda: clinic.vitals.record(patient_id, vitals, staff), repeat)
            save_hl7 = timed(lambda: with_hl7.record(patient_id, vitals, staff), repeat)
            save_floor = timed(floor.save, repeat)
            save_storage_floor = timed(storage_floor.save, repeat)
        finally:
            floor.con.close()
            storage_floor.con.close()
        reader = storage.connect(db_file, isolation_level=None)
        try:
            found = len(clinic.patients.search("garcia1"))
            search = timed(lambda: clinic.patients.search("garcia1"), repeat)
            searched = timed(lambda: search_floor(reader, "garcia1"), repeat)
            assert len(search_floor(reader, "garcia1")) == found
            target = int(reader.execute("SELECT max(patient_id) FROM vital_sign_set").fetchone()[0])
            target = int(
                reader.execute(
                    "SELECT patient_id FROM vital_sign_set WHERE patient_id <= ? "
                    "ORDER BY patient_id DESC LIMIT 1",
                    (max(1, target // 2),),
                ).fetchone()[0]
            )
            history = clinic.vitals.history(target, limit=20)
            assert sum(len(s.measurements) for s in history) == len(
                last_20_floor(reader, target)[1]
            )
            last20 = timed(lambda: clinic.vitals.history(target, limit=20), repeat)
            last20_floor = timed(lambda: last_20_floor(reader, target), repeat)
        finally:
            reader.close()
    finally:
        clinic.close()
    return [
        ("save one set (6 values, audited)", save, save_floor),
        ("  same, floor without clinical check", save, save_storage_floor),
        ("save one set with the HL7 outbox on", save_hl7, save_floor),
        (f"name-prefix search ({found} found)", search, searched),
        ("last 20 sets of one patient", last20, last20_floor),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the clinic in this folder")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--sample-sets", type=int, default=2000, help="sets for bytes per set")
    parser.add_argument(
        "--start-only", action="store_true", help="only the start-up figures (3), built if need be"
    )
    args = parser.parse_args()

    os.environ.setdefault(KEY_ENV, "be0c" * 16)
    print(f"VitalsDesk lean benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(storage.code_in_use())

    if not args.start_only:
        print_bytes_per_set(args.sample_sets)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-"))
    key = os.environ[KEY_ENV]  # the built clinic's (bench_gui's clinic has its own)
    try:
        if not (folder / "vitalsdesk.sqlite3").exists():
            open_clinic(folder).close()
            started = time.perf_counter()
            storage.bulk_load(
                folder / "vitalsdesk.sqlite3", args.patients, args.sets, random.Random(1)
            )
            print(
                f"\nbuilt {args.patients:,} patients / {args.sets:,} sets in "
                f"{time.perf_counter() - started:.0f} s"
            )
        if not args.start_only:
            print_per_operation(folder, args.patients, args.sets, args.repeat)
        print_start_up(folder, key, args.sets, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def print_start_up(folder: Path, key: str, sets: int, runs: int) -> None:
    """Cold start and clinic open: on a new clinic with one account, then on the big one (whose
    database file is checked in full behind the sign-in page, so it opens as fast)."""
    print("\n3. Start-up")
    with tempfile.TemporaryDirectory(prefix="vitalsdesk-bench-start-") as tmp:
        data_dir = Path(tmp) / "data"
        bench_gui.prepare_clinic(data_dir)
        print("   a new clinic with one account")
        bench_gui.bench_start(runs, data_dir, START_TARGET, OPEN_TARGET)
    size = sum(p.stat().st_size for p in folder.glob("vitalsdesk.sqlite3*"))
    print(f"\n   the clinic of {sets:,} sets ({size / 2**20:,.0f} MiB)")
    bench_gui.bench_start(runs, folder, START_TARGET, OPEN_TARGET, key=key)
    print(
        f"   targets: sign-in page <= {START_TARGET}x the bare window; clinic open behind it "
        f"<= {OPEN_TARGET} s"
    )


def print_bytes_per_set(sample_sets: int) -> None:
    ours, floor, ours_sets, floor_sets = bytes_per_set(sample_sets)
    print(f"\n1. Bytes per set ({sample_sets:,} sets saved through the service)")
    print(f"{'':<44}{'VitalsDesk':>12}{'minimal':>12}{'ratio':>8}")
    for name, a, b in [
        ("set + measurements + its audit event", ours, floor),
        ("set + measurements (without the audit log)", ours_sets, floor_sets),
    ]:
        print(f"{name:<44}{a:>11.0f}B{b:>11.0f}B{a / b:>7.2f}x   (target <= {STORAGE_TARGET})")


def print_per_operation(folder: Path, patients: int, sets: int, repeat: int) -> None:
    size = sum(p.stat().st_size for p in folder.glob("vitalsdesk.sqlite3*"))
    print(f"\n2. Per operation on {patients:,} patients / {sets:,} sets")
    print(f"   (median of {repeat}; database {size / 2**20:,.0f} MiB on disk)")
    print(f"{'wall median / best, CPU median (ms)':<36}{'VitalsDesk':>22}{'floor':>22}  ratio")
    for name, (a, a_best, a_cpu), (b, b_best, b_cpu) in per_operation(folder, repeat):
        print(
            f"{name:<36}{a:>8.2f}{a_best:>7.2f}{a_cpu:>7.2f}{b:>8.2f}{b_best:>7.2f}{b_cpu:>7.2f}"
            f"  {a / b:.2f}x / {a_best / b_best:.2f}x / {a_cpu / b_cpu:.2f}x"
            + (
                "  (no target: the floor queues no message)"
                if "HL7" in name
                else f"  (target <= {SAVE_TARGET})"
            )
        )


if __name__ == "__main__":
    main()
