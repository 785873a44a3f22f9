"""Whole-clinic exchange benchmark: export and import through `vitalsdesk`, each beside its floor.

    .venv/bin/python bench/bench_exchange.py [--patients 100000] [--sets 1000000] [--keep DIR]

Builds (or reuses, with --keep) the clinic of bench_storage.py, then runs each command in a fresh
child process and prints its wall time and peak resident memory (getrusage RUSAGE_CHILDREN of a
process that only waits for it):
  - `vitalsdesk export csv` of the whole clinic vs the raw floor: one SQL join read with
    fetchmany and written with csv.writer, same driver and key;
  - `vitalsdesk export ndjson` of the whole clinic vs the same raw floor;
  - `vitalsdesk import ndjson` of that export into an empty clinic vs the raw floor: the same
    files read line by line and the same rows inserted with executemany, in batches;
  - `vitalsdesk audit verify`.
Targets (issue 12): whole-clinic export <= 2x the raw floor and <= 300 MiB; import <= 300 MiB.
Not a test: figures are noisy; compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import bulk_load, connect

from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.encryption import KEY_ENV

ADMIN, PASSWORD = "bench-admin", "bench-password"

# Runs one command and reports its time and the peak memory of the children it waited for
# (a fresh process per measurement, so one run's peak never hides in another's).
_MEASURE = """
import json, resource, subprocess, sys, time
stdin = sys.stdin.buffer.read()
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], input=stdin, capture_output=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
sys.stdout.write(json.dumps({"seconds": seconds, "peak_kib": peak, "rc": done.returncode, "cpu": cpu,
    "stderr": done.stderr.decode(errors="replace")[-2000:]}))
"""

# The export floor: one join, fetchmany, csv.writer; the same driver and key as the app.
_FLOOR_EXPORT = """
import csv, sys
sys.path.insert(0, sys.argv[3])
from bench_storage import connect
from pathlib import Path
con = connect(Path(sys.argv[1]))
cur = con.execute(
    "SELECT p.mrn, s.uid, s.taken_at, s.status, s.superseded, m.code, m.value_text, m.unit,"
    " m.method, m.canonical_text, m.canonical_unit, m.interpretation"
    " FROM patient p JOIN vital_sign_set s ON s.patient_id = p.id"
    " JOIN measurement m ON m.set_id = s.id"
    " ORDER BY p.mrn, s.taken_at, s.id, m.position_in_set"
)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    while rows := cur.fetchmany(5000):
        writer.writerows(rows)
"""

# The import floor: the same NDJSON files read line by line, the same rows inserted in batches.
_FLOOR_IMPORT = """
import json, sys, uuid
sys.path.insert(0, sys.argv[3])
from bench_storage import connect
from pathlib import Path
folder = Path(sys.argv[2])
con = connect(Path(sys.argv[1]))
con.execute("INSERT INTO staff_user (id, username, display_name, role, active, failed_sign_ins,"
    " preferences, created_at, version) VALUES (9000, 'floor', 'Floor', 'import', 1, 0, '{}',"
    " '2026-01-01 00:00:00', 1)")
patients = {}
rows = []
with open(folder / "Patient.ndjson", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        r = json.loads(line)
        patients["Patient/" + r["id"]] = n
        name = r["name"][0]
        rows.append((n, r["identifier"][0]["value"], name["family"], name["given"][0],
            name["family"].lower(), name["given"][0].lower(), r["birthDate"], r["gender"], "en",
            0, "2026-01-01 00:00:00", "2026-01-01 00:00:00", 1))
        if len(rows) >= 5000:
            con.executemany("INSERT INTO patient (id, mrn, family_name, given_name, family_key,"
                " given_key, birth_date, sex, preferred_language, is_sample, created_at,"
                " updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            con.commit(); rows.clear()
con.executemany("INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key,"
    " birth_date, sex, preferred_language, is_sample, created_at, updated_at, version)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
con.commit()
sets, values, set_id = [], [], 0
def flush():
    con.executemany("INSERT INTO vital_sign_set (id, uid, patient_id, taken_at,"
        " taken_at_utc_offset_minutes, recorded_at, recorded_by_id, status, superseded,"
        " clinician_notified, reference_ranges_version, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sets)
    con.executemany("INSERT INTO measurement (set_id, position_in_set, code, value_text, unit,"
        " canonical_text, canonical_unit, interpretation, confirmed)"
        " VALUES (?,?,?,?,?,?,?,?,?)", values)
    con.commit(); sets.clear(); values.clear()
with open(folder / "Observation.ndjson", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["code"]["coding"][0]["code"] == "85353-1":
            set_id += 1
            position = 0
            sets.append((set_id, r["identifier"][0]["value"], patients[r["subject"]["reference"]],
                r["effectiveDateTime"], 0, r["issued"], 9000, r["status"], 0, 0, "floor", 1))
        else:
            q = r.get("valueQuantity") or {}
            values.append((set_id, position, r["code"]["coding"][0]["code"], str(q.get("value")),
                q.get("code", ""), str(q.get("value")), q.get("code", ""), None, 0))
            position += 1
        if len(sets) >= 5000:
            flush()
flush()
"""


def measure(
    command: list[str], env: dict[str, str], stdin: str = "", ok: tuple[int, ...] = (0,)
) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    if result["rc"] not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed: {result['stderr']}")
    return result


def show(name: str, ours: dict[str, float], floor: dict[str, float] | None) -> None:
    cells = [
        f"{ours['seconds']:>7.1f}s",
        f"{ours['cpu']:>7.1f}s",
        f"{ours['peak_kib'] / 1024:>5.0f} MiB",
    ]
    if floor is not None:
        cells += [
            f"{floor['seconds']:>9.1f}s",
            f"{floor['cpu']:>8.1f}s",
            f"{floor['peak_kib'] / 1024:>6.0f} MiB",
            f"{ours['seconds'] / floor['seconds']:>4.1f}x",
            f"{ours['cpu'] / floor['cpu']:>4.1f}x",
        ]
    else:
        cells += [f"{'':>10}", f"{'':>9}", f"{'':>10}", f"{'':>5}", f"{'':>5}"]
    print(f"| {name:<40} | " + " | ".join(cells) + " |", flush=True)


def subset(folder: Path, into: Path, patients: int) -> Path:
    """The NDJSON files of the first `patients` patients (Observation.ndjson is written patient
    by patient, in the same order as Patient.ndjson)."""
    into.mkdir()
    if (folder / "Practitioner.ndjson").exists():
        shutil.copy(folder / "Practitioner.ndjson", into / "Practitioner.ndjson")
    kept: set[str] = set()
    with (folder / "Patient.ndjson").open("rb") as src, (into / "Patient.ndjson").open("wb") as out:
        for line in src:
            if len(kept) == patients:
                break
            kept.add("Patient/" + json.loads(line)["id"])
            out.write(line)
    with (
        (folder / "Observation.ndjson").open("rb") as src,
        (into / "Observation.ndjson").open("wb") as out,
    ):
        for line in src:
            if json.loads(line)["subject"]["reference"] not in kept:
                break
            out.write(line)
    return into


def vitalsdesk(data: Path, *args: str) -> tuple[list[str], dict[str, str], str]:
    env = {**os.environ, "VITALSDESK_DATA_DIR": str(data), "VITALSDESK_USER": ADMIN}
    return [sys.executable, "-m", "vitalsdesk", *args, "--password-stdin"], env, PASSWORD + "\n"


def empty_clinic(folder: Path) -> Path:
    clinic = open_clinic(folder)
    try:
        clinic.accounts.add_user(ADMIN, PASSWORD, "admin", "Bench")
    finally:
        clinic.close()
    return folder / "vitalsdesk.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the clinic in this folder")
    parser.add_argument(
        "--import-sets", type=int, default=10_000, help="sets of the larger import measured"
    )
    parser.add_argument(
        "--exports-only", action="store_true", help="measure the exports only (no import)"
    )
    args = parser.parse_args()

    os.environ.setdefault(KEY_ENV, "be0c" * 16)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_file = folder / "vitalsdesk.sqlite3"
    if not db_file.exists():
        open_clinic(folder).close()
        started = time.perf_counter()
        bulk_load(db_file, args.patients, args.sets, random.Random(1))
        # A temperature is kept with its method (an import refuses one without).
        con = connect(db_file)
        con.execute("UPDATE measurement SET method = 'oral' WHERE code = 'body_temperature'")
        con.commit()
        con.close()
        print(
            f"built {args.patients:,} patients / {args.sets:,} sets in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    clinic = open_clinic(folder)
    try:
        if not clinic.accounts.has_users():
            clinic.accounts.add_user(ADMIN, PASSWORD, "admin", "Bench")
    finally:
        clinic.close()

    work = Path(tempfile.mkdtemp(prefix="vitalsdesk-exchange-"))
    here = str(Path(__file__).resolve().parent)
    print(
        f"\nVitalsDesk exchange benchmark: {args.patients:,} patients, {args.sets:,} sets, "
        f"{date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    # Wall time and CPU time (user + system): on a loaded machine the CPU ratio is the steadier.
    print(
        f"| {'what':<40} | {'time':>8} | {'cpu':>8} | {'peak':>9} | {'floor time':>10} | "
        f"{'floor cpu':>9} | {'floor peak':>10} | {'ratio':>5} | {'cpu ratio':>5} |"
    )
    print(
        f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 12}|{'-' * 11}|{'-' * 12}"
        f"|{'-' * 7}|{'-' * 11}|",
        flush=True,
    )
    try:
        cmd, env, stdin = vitalsdesk(folder, "export", "csv", "--out", str(work / "all.csv"))
        csv_run = measure(cmd, env, stdin)
        floor = measure(
            [sys.executable, "-c", _FLOOR_EXPORT, str(db_file), str(work / "floor.csv"), here],
            {**os.environ},
        )
        show("export csv (whole clinic)", csv_run, floor)
        ndjson = work / "ndjson"
        ndjson.mkdir()
        cmd, env, stdin = vitalsdesk(folder, "export", "ndjson", "--out", str(ndjson))
        show("export ndjson (whole clinic)", measure(cmd, env, stdin), floor)

        # The import checks every resource and every set (the clinical core), so it is measured
        # on the first patients' files, at two sizes: its memory is the same at both (and its
        # time per set is what the whole would take; bench_import.py runs larger sizes alone).
        for sets in () if args.exports_only else (args.import_sets // 5, args.import_sets):
            part = subset(ndjson, work / f"part-{sets}", sets * args.patients // args.sets)
            target = work / f"target-{sets}"
            empty_clinic(target)
            cmd, env, stdin = vitalsdesk(target, "import", "ndjson", str(part))
            # Exit 2: some sets were refused (the generated clinic has readings dated before a
            # birth date, which an import refuses); the rest is imported.
            imported = measure(cmd, env, stdin, ok=(0, 2))
            floor_db = empty_clinic(work / f"floor-target-{sets}")
            floor_import = measure(
                [sys.executable, "-c", _FLOOR_IMPORT, str(floor_db), str(part), here],
                {**os.environ},
            )
            show(f"import ndjson ({sets:,} sets, empty clinic)", imported, floor_import)
        if not args.exports_only:
            cmd, env, stdin = vitalsdesk(folder, "audit", "verify")
            show("audit verify", measure(cmd, env, stdin), None)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
