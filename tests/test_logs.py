"""No PHI in log files or crash reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

PHI = ("Peña", "A100", "1980-06-15", "98.6")


def _run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "VITALSDESK_DATA_DIR": str(data_dir)},
        check=False,
        timeout=120,
    )


def _log_text(data_dir: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*"))


def test_crash_report_leaves_the_message_out(tmp_path: Path) -> None:
    crash = _run(
        tmp_path,
        "-c",
        "from vitalsdesk.logs import configure_logging, install_crash_handler; "
        "configure_logging(); install_crash_handler(); "
        "raise ValueError('MRN A100 Peña born 1980-06-15 had 98.6')",
    )
    assert crash.returncode == 1
    assert crash.stderr.count("\n") == 1 and "ValueError" in crash.stderr
    reports = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "builtins.ValueError" in text
    assert not [p for p in PHI if p in text + crash.stderr]
    assert oct(reports[0].stat().st_mode & 0o777) == "0o600"


def test_commands_log_no_patient_data(tmp_path: Path) -> None:
    vd = ("-m", "vitalsdesk")
    _run(
        tmp_path,
        *vd,
        "patient",
        "add",
        "--mrn",
        "A100",
        "--family",
        "Peña",
        "--given",
        "Ana",
        "--birth-date",
        "1980-06-15",
        "--sex",
        "female",
    )
    document: dict[str, Any] = {
        "taken_at": "2026-11-27T09:30:00-05:00",
        "measurements": {
            "body_temperature": {"value": 98.6, "unit": "[degF]", "method": "oral"},
            "heart_rate": {"value": 600, "unit": "/min"},
        },
    }
    _run(tmp_path, *vd, "record", "--mrn", "A100", "-", stdin=json.dumps(document))
    document["measurements"].pop("heart_rate")
    _run(tmp_path, *vd, "record", "--mrn", "A100", "-", stdin=json.dumps(document))
    _run(tmp_path, *vd, "patient", "find", "peña")
    _run(tmp_path, *vd, "db", "backup")
    logged = _log_text(tmp_path)
    assert (tmp_path / "logs").is_dir()
    assert not [p for p in PHI if p in logged]
