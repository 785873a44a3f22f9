#!/usr/bin/env python3
"""Whole-clinic benchmark in one command (not a test): every issue-12 figure beside its floor.

    .venv/bin/python bench/bench_clinic.py [--patients 100000] [--sets 1000000] [--keep DIR]

Builds the clinic of bench_storage.py once (or reuses it with --keep DIR), then runs, on that
same clinic and each in its own process so one cannot warm the other:
  1. bench_exchange.py: export csv, export ndjson, import ndjson and audit verify, each with its
     wall time, CPU time and peak memory beside the raw streaming floor;
  2. bench_lean.py: bytes per set, save / search / last 20, cold start and clinic open, each
     beside its floor.
The figures print as each part finishes. Figures are noisy on a shared machine: compare the
ratios within one run, and note the load average printed with each part.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the clinic in this folder")
    parser.add_argument("--repeat", type=int, default=200, help="runs of each per-operation figure")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="vitalsdesk-clinic-"))
    size = ["--patients", str(args.patients), "--sets", str(args.sets), "--keep", str(folder)]
    started = time.perf_counter()
    # The exchange benchmark builds the clinic (it also gives every temperature its method,
    # which an import needs), so it runs first; the lean benchmark then reuses it.
    parts = [
        [sys.executable, str(HERE / "bench_exchange.py"), *size],
        [sys.executable, str(HERE / "bench_lean.py"), *size, "--repeat", str(args.repeat)],
    ]
    status = 0
    for command in parts:
        print(f"\n$ {' '.join(Path(c).name if c.endswith('.py') else c for c in command[1:])}")
        print(f"  load average {os.getloadavg()[0]:.1f}", flush=True)
        # A failed part is reported, and the next one still runs.
        code = subprocess.run(command, check=False).returncode
        status = status or code
    print(f"\nwhole benchmark: {time.perf_counter() - started:.0f} s")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"clinic kept in {folder}")
    return status


if __name__ == "__main__":
    sys.exit(main())
