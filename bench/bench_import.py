"""Import benchmark: `vitalsdesk import ndjson` at several sizes, each beside its floor.

    .venv/bin/python bench/bench_import.py [--patients 10000] [--sets 100000] [--keep DIR]
        [--sizes 2500,10000,100000]

Builds (or reuses, with --keep) the clinic of bench_storage.py, exports it once as NDJSON
(`vitalsdesk export ndjson`, not measured here: bench_exchange.py measures it), then for each
size imports the first patients' files into an empty clinic in a fresh child process and prints
its wall time, CPU time (user + system) and peak resident memory beside the floor of
bench_exchange.py (the same files read line by line, the same rows inserted with executemany in
batches, nothing checked). The time per set of the largest size, times 1,000,000, estimates the
import of a 1M-set clinic. Not a test: figures are noisy; compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_exchange import (
    _FLOOR_IMPORT,
    ADMIN,
    PASSWORD,
    empty_clinic,
    measure,
    show,
    subset,
    vitalsdesk,
)
from bench_storage import bulk_load, code_in_use, connect

from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.encryption import KEY_ENV


def build(folder: Path, patients: int, sets: int) -> Path:
    """The clinic and its NDJSON export (both reused when the folder has them)."""
    folder.mkdir(parents=True, exist_ok=True)
    db_file = folder / "vitalsdesk.sqlite3"
    if not db_file.exists():
        open_clinic(folder).close()
        started = time.perf_counter()
        bulk_load(db_file, patients, sets, random.Random(1))
        con = connect(db_file)  # a temperature is kept with its method (an import needs one)
        con.execute("UPDATE measurement SET method = 'oral' WHERE code = 'body_temperature'")
        con.commit()
        con.close()
        print(f"built {patients:,} patients / {sets:,} sets in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    clinic = open_clinic(folder)
    try:
        if not clinic.accounts.has_users():
            clinic.accounts.add_user(ADMIN, PASSWORD, "admin", "Bench")
    finally:
        clinic.close()
    ndjson = folder / "ndjson"
    if not (ndjson / "Observation.ndjson").exists():
        ndjson.mkdir(exist_ok=True)
        cmd, env, stdin = vitalsdesk(folder, "export", "ndjson", "--out", str(ndjson))
        measure(cmd, env, stdin)
    return ndjson


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--sets", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the clinic in this folder")
    parser.add_argument("--sizes", default="2500,10000", help="sets per import, comma-separated")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]

    os.environ.setdefault(KEY_ENV, "be0c" * 16)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-bench-"))
    ndjson = build(folder, args.patients, args.sets)
    work = Path(tempfile.mkdtemp(prefix="vitalsdesk-import-"))
    here = str(Path(__file__).resolve().parent)
    print(
        f"\nVitalsDesk import benchmark: {args.patients:,} patients, {args.sets:,} sets, "
        f"{date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(code_in_use())
    print(
        f"| {'what':<40} | {'time':>8} | {'cpu':>8} | {'peak':>9} | {'floor time':>10} | "
        f"{'floor cpu':>9} | {'floor peak':>10} | {'ratio':>5} | {'cpu ratio':>5} |",
        flush=True,
    )
    per_set = 0.0
    try:
        for sets in sizes:
            part = subset(ndjson, work / f"part-{sets}", sets * args.patients // args.sets)
            target = work / f"target-{sets}"
            empty_clinic(target)
            cmd, env, stdin = vitalsdesk(target, "import", "ndjson", str(part))
            # Exit 2: some sets were refused (the generated clinic has readings dated before a
            # birth date, which an import refuses); the rest is imported.
            imported = measure(cmd, env, stdin, ok=(0, 2))
            floor_db = empty_clinic(work / f"floor-target-{sets}")
            floor = measure(
                [sys.executable, "-c", _FLOOR_IMPORT, str(floor_db), str(part), here],
                {**os.environ},
            )
            show(f"import ndjson ({sets:,} sets, empty clinic)", imported, floor)
            per_set = imported["cpu"] / sets
            shutil.rmtree(target, ignore_errors=True)
            shutil.rmtree(work / f"floor-target-{sets}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"CPU per set at {sizes[-1]:,} sets: {per_set * 1000:.2f} ms; a 1,000,000-set import: "
        f"about {per_set * 1_000_000 / 60:.0f} min of CPU; load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
