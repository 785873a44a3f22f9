"""An export's memory stays flat whatever the clinic's size: the peak resident memory of a whole-
clinic export, measured in a fresh process, is the same for 6,000 and for 30,000 sets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.staff import TEST_ADMIN, TEST_PASSWORD, cli_env, clinic_admin
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.encryption import KEY_ENV, dbapi, key_pragma, parse_key
from vitalsdesk.services.patients import search_key

pytestmark = pytest.mark.slow

SETS_PER_PATIENT = 10
VALUES = [  # code, value, unit, canonical, canonical unit, method
    ("systolic_bp", "118", "mm[Hg]", "118", "mm[Hg]", None),
    ("diastolic_bp", "76", "mm[Hg]", "76", "mm[Hg]", None),
    ("heart_rate", "72", "/min", "72", "/min", None),
    ("respiratory_rate", "16", "/min", "16", "/min", None),
    ("body_temperature", "98.6", "[degF]", "37", "Cel", "oral"),
    ("oxygen_saturation", "97", "%", "97", "%", None),
]

# A fresh process that runs the export and reports the peak memory of the child it waited for.
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], input=sys.stdin.buffer.read(), capture_output=True)
print(json.dumps({"rc": done.returncode, "stderr": done.stderr.decode()[-2000:],
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def build_clinic(data: Path, patients: int) -> None:
    """A clinic of `patients` patients with 10 sets each, bulk-loaded with raw inserts into the
    schema the migrations made (the services would take minutes for this)."""
    clinic = open_clinic(data)
    try:
        staff_id = clinic_admin(clinic).id
    finally:
        clinic.close()
    con = dbapi().connect(str(data / "vitalsdesk.sqlite3"))
    con.execute(key_pragma(parse_key(os.environ[KEY_ENV])))
    con.executemany(
        "INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key, birth_date,"
        " sex, preferred_language, is_sample, created_at, updated_at, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (n, f"B{n:06d}", f"Family{n}", "Ana", search_key(f"Family{n}"), search_key("Ana"),
             date(1960, 1, 1).isoformat(), "female", "en", 0, "2026-01-01 00:00:00",
             "2026-01-01 00:00:00", 1)
            for n in range(1, patients + 1)
        ],
    )  # fmt: skip
    sets, values = [], []
    start = datetime(2024, 1, 1)
    for n in range(patients * SETS_PER_PATIENT):
        taken = (start + timedelta(days=n % 600, minutes=n % 500)).isoformat(" ")
        sets.append(
            (n + 1, str(uuid.uuid4()), n // SETS_PER_PATIENT + 1, taken, -300, taken, staff_id,
             "final", 0, 0, "test", 1)
        )  # fmt: skip
        values += [(n + 1, i, *v, "N", 0) for i, v in enumerate(VALUES)]
    con.executemany(
        "INSERT INTO vital_sign_set (id, uid, patient_id, taken_at, taken_at_utc_offset_minutes,"
        " recorded_at, recorded_by_id, status, superseded, clinician_notified,"
        " reference_ranges_version, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        sets,
    )
    con.executemany(
        "INSERT INTO measurement (set_id, position_in_set, code, value_text, unit, canonical_text,"
        " canonical_unit, method, interpretation, confirmed)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        values,
    )
    con.commit()
    con.close()


def peak_mib_of_export(data: Path, out: Path, kind: str = "csv") -> float:
    env = cli_env(data)
    env.pop("VITALSDESK_DATABASE_URL", None)
    command = [sys.executable, "-m", "vitalsdesk", "export", kind, "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command, "--password-stdin"],
        input=f"{TEST_PASSWORD}\n",
        capture_output=True,
        text=True,
        env={**env, "VITALSDESK_USER": TEST_ADMIN},
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    assert result["rc"] == 0, result["stderr"]
    return float(result["peak_kib"]) / 1024


def test_a_whole_clinic_export_uses_the_same_memory_at_five_times_the_size(tmp_path: Path) -> None:
    peaks = {}
    ndjson_peaks = {}
    # Both sizes span several batches of 200 patients: a clinic of one batch never reaches the
    # steady state the writer's buffers and bounded caches settle in (at 200 patients NDJSON
    # peaked 15-22 MiB below 2,000, with no growth from 600 to 3,000), so it would measure that
    # warm-up, not growth with the clinic's size.
    for patients in (600, 3000):
        data = tmp_path / f"clinic-{patients}"
        build_clinic(data, patients)
        out = tmp_path / f"all-{patients}.csv"
        peaks[patients] = peak_mib_of_export(data, out)
        rows = out.read_text(encoding="utf-8-sig").count("\n") - 1
        assert rows == patients * SETS_PER_PATIENT * len(VALUES)
        folder = tmp_path / f"ndjson-{patients}"
        folder.mkdir()
        ndjson_peaks[patients] = peak_mib_of_export(data, folder, "ndjson")
        with (folder / "Observation.ndjson").open("rb") as lines:
            # A panel and a member per value (the BP's two values are one member).
            assert sum(1 for _ in lines) == patients * SETS_PER_PATIENT * len(VALUES)
    # Before, everything was read into memory first: about 15 kB per set, so the larger clinic
    # took some 270 MiB more. Streamed, only one batch of patients is held at a time.
    assert peaks[3000] < peaks[600] + 20, peaks
    assert ndjson_peaks[3000] < ndjson_peaks[600] + 20, ndjson_peaks
