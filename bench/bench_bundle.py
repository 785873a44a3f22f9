#!/usr/bin/env python3
"""Benchmark (not a test): start-up of the bundle (`make bundle`) beside the installed command.

    .venv/bin/python bench/bench_bundle.py [--bundle dist/vitalsdesk] [--runs 5]

For each of the two programs, interleaved, median of --runs after one warm-up each:
1. `vitalsdesk --version` (the bare start: interpreter, or the bundle's bootloader);
2. `vitalsdesk check -` on one vital-sign set (the command line's usual work);
3. the app, offscreen, until its window is painted ("window painted" in its log) and until the
   clinic's records are open behind it ("records open"), on a prepared clinic of one patient.
The installed command runs with this venv's environment; the bundle with `env -i` (nothing but
the clinic's folder, its key and the platform). Figures are noisy on a shared machine: compare
the two within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "b7" * 32
CHECK_INPUT = json.dumps(
    {
        "birth_date": "1980-06-15",
        "sex": "female",
        "taken_at": "2026-11-27T09:30:00-05:00",
        "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
    }
)


def installed_command() -> list[str]:
    script = Path(sys.executable).with_name("vitalsdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vitalsdesk"]


def timed(command: list[str], env: dict[str, str], stdin: str = "") -> float:
    started = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr}")
    return elapsed


def app_start(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Seconds from spawn to the window's first paint, and to the records being open."""
    offset = log.stat().st_size if log.exists() else 0
    started = time.perf_counter()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    painted: float | None = None
    try:
        while time.perf_counter() - started < 120:
            text = log.read_text(encoding="utf-8")[offset:] if log.exists() else ""
            now = time.perf_counter() - started
            if painted is None and "window painted" in text:
                painted = now
            if "records open" in text:
                return painted if painted is not None else now, now
            if app.poll() is not None:
                err = app.stderr.read().decode(errors="replace") if app.stderr else ""
                raise SystemExit(f"the app ended early: {err}")
            time.sleep(0.005)
        raise SystemExit("the app did not open the records within 120 s")
    finally:
        app.terminate()
        app.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "vitalsdesk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    program = args.bundle / "vitalsdesk"
    if not program.exists():
        raise SystemExit(f"{program}: no bundle there; run `make bundle` first")

    with tempfile.TemporaryDirectory(prefix="vitalsdesk-bench-") as work:
        data = Path(work) / "clinic"
        clinic = {
            "VITALSDESK_DATA_DIR": str(data),
            "VITALSDESK_DB_KEY": KEY,
            "TMPDIR": work,
            "HOME": work,
            "QT_QPA_PLATFORM": "offscreen",
        }
        bundle_env = dict(clinic)  # like env -i: nothing else
        installed_env = {**os.environ, **clinic}
        programs: dict[str, tuple[list[str], dict[str, str]]] = {
            "installed": (installed_command(), installed_env),
            "bundle": ([str(program)], bundle_env),
        }
        timed([*installed_command(), "demo", "--patients", "1"], installed_env)
        log = data / "logs" / "vitalsdesk.log"

        measures: dict[str, Callable[[list[str], dict[str, str]], tuple[float, ...]]] = {
            "--version": lambda c, e: (timed([*c, "--version"], e),),
            "check -": lambda c, e: (timed([*c, "check", "-"], e, CHECK_INPUT),),
            "app: painted / records open": lambda c, e: app_start(c, e, log),
        }
        print(f"bundle: {args.bundle} ({du(args.bundle)}); runs: {args.runs} (median)")
        for name, measure in measures.items():
            results: dict[str, list[tuple[float, ...]]] = {who: [] for who in programs}
            for command, env in programs.values():
                measure(command, env)  # warm-up (disk cache)
            for _ in range(args.runs):
                for who, (command, env) in programs.items():
                    results[who].append(measure(command, env))
            line = [f"{name:30}"]
            for who, runs in results.items():
                medians = [statistics.median(column) for column in zip(*runs, strict=True)]
                line.append(f"{who} " + " / ".join(f"{m:.2f} s" for m in medians))
            print("  ".join(line))


def du(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return f"{total / 2**20:.0f} MiB in {sum(1 for _ in folder.rglob('*'))} files"


if __name__ == "__main__":
    main()
