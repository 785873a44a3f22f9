"""The record-keeping commands, run as a clinic's script would run them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.staff import TEST_ADMIN, first_admin_by_cli, vd
from vitalsdesk.clinic import open_clinic

pytestmark = pytest.mark.slow

SET = {
    "taken_at": "2026-11-27T09:30:00-05:00",
    "measurements": {
        "systolic_bp": {"value": 128, "unit": "mm[Hg]"},
        "diastolic_bp": {"value": 82, "unit": "mm[Hg]"},
        "body_temperature": {"value": 98.6, "unit": "[degF]", "method": "oral"},
    },
}


def run(
    data_dir: Path, *args: str, stdin: str = "", user: str | None = TEST_ADMIN
) -> subprocess.CompletedProcess[str]:
    result: subprocess.CompletedProcess[str] = vd(data_dir, *args, stdin=stdin, user=user)
    return result


def record(
    data_dir: Path, document: dict[str, Any], *extra: str
) -> subprocess.CompletedProcess[str]:
    return run(data_dir, "record", "--mrn", "A100", *extra, "-", stdin=json.dumps(document))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    first_admin_by_cli(tmp_path)
    added = run(
        tmp_path,
        "patient",
        "add",
        "--mrn",
        "A100",
        "--family",
        "Peña",
        "--given",
        "María",
        "--birth-date",
        "1980-06-15",
        "--sex",
        "female",
        "--language",
        "es",
    )
    assert added.returncode == 0, added.stderr
    return tmp_path


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    first_admin_by_cli(tmp_path)
    added = run(tmp_path, "user", "add", "Ana.R", "--role", "assistant", stdin="s3cret-enough\n")
    assert added.returncode == 0, added.stderr
    clinic = open_clinic(tmp_path)
    try:
        assert clinic.accounts.sign_in("ana.r", "s3cret-enough").role == "assistant"
    finally:
        clinic.close()
    again = run(tmp_path, "user", "add", "ana.r", "--role", "assistant", stdin="s3cret-enough\n")
    assert again.returncode == 1 and "taken" in again.stderr
    short = run(tmp_path, "user", "add", "bo", "--role", "clinician", stdin="short\n")
    assert short.returncode == 2 and "at least" in short.stderr


def test_patient_find_json(data_dir: Path) -> None:
    found = run(data_dir, "patient", "find", "pena", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout) == [
        {
            "mrn": "A100",
            "family_name": "Peña",
            "given_name": "María",
            "birth_date": "1980-06-15",
            "sex": "female",
        }
    ]
    assert json.loads(run(data_dir, "patient", "find", "nobody", "--json").stdout) == []
    duplicate = run(
        data_dir,
        "patient",
        "add",
        "--mrn",
        "A100",
        "--family",
        "X",
        "--given",
        "Y",
        "--birth-date",
        "1990-01-01",
        "--sex",
        "male",
    )
    assert duplicate.returncode == 1 and "A100" in duplicate.stderr


def test_record_saves_and_prints_the_check_result(data_dir: Path) -> None:
    done = record(data_dir, SET)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "accepted" and isinstance(result["set_id"], int)
    assert result["measurements"]["body_temperature"]["canonical"] == {
        "value": "37.0",
        "unit": "Cel",
    }
    assert result["bp_category"] == "stage-1"
    clinic = open_clinic(data_dir)
    try:
        history = clinic.vitals.history(clinic.patients.by_mrn("A100").id)
        assert [s.id for s in history] == [result["set_id"]]
        temp = history[0].measurement("body_temperature")
        assert temp is not None and (temp.value_text, temp.unit) == ("98.6", "[degF]")
    finally:
        clinic.close()


def test_record_exit_statuses(data_dir: Path) -> None:
    rejected = record(
        data_dir, {**SET, "measurements": {"heart_rate": {"value": 600, "unit": "/min"}}}
    )
    assert rejected.returncode == 2 and json.loads(rejected.stdout)["set_id"] is None
    heavy = {**SET, "measurements": {"body_weight": {"value": 600, "unit": "[lb_av]"}}}
    assert record(data_dir, heavy).returncode == 3
    assert record(data_dir, {**heavy, "confirmed": ["body_weight"]}).returncode == 0
    crisis = {
        **SET,
        "measurements": {
            "systolic_bp": {"value": 190, "unit": "mm[Hg]"},
            "diastolic_bp": {"value": 95, "unit": "mm[Hg]"},
        },
    }
    untold = record(data_dir, crisis)
    assert untold.returncode == 3
    assert "--clinician-notified" in json.loads(untold.stdout)["needs_confirmation"][0]["message"]
    assert record(data_dir, crisis, "--clinician-notified").returncode == 0
    wrong_patient = record(data_dir, {**SET, "birth_date": "1999-01-01"})
    assert wrong_patient.returncode == 2 and "does not match" in wrong_patient.stderr
    unknown = run(data_dir, "record", "--mrn", "NOPE", "-", stdin=json.dumps(SET))
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
    broken = run(data_dir, "record", "--mrn", "A100", "-", stdin="{not json")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_db_commands(data_dir: Path) -> None:
    upgrade = run(data_dir, "db", "upgrade")
    assert upgrade.returncode == 0 and "up to date" in upgrade.stdout
    check = run(data_dir, "db", "check")
    assert check.returncode == 0 and "sound" in check.stdout
    backup = run(data_dir, "db", "backup")
    assert backup.returncode == 0
    assert len(list((data_dir / "backups").glob("vitalsdesk-*.sqlite3"))) == 1


def test_demo_seeds_a_sample_clinic(tmp_path: Path) -> None:
    seeded = run(tmp_path, "demo", "--patients", "6", user=None)
    assert seeded.returncode == 0, seeded.stderr
    assert "SAMPLE" in seeded.stdout
    clinic = open_clinic(tmp_path)
    try:
        found = clinic.patients.search("DEMO-00001")
        assert found and found[0].is_sample
        assert clinic.vitals.history(found[0].id)
        assert {u.username for u in clinic.accounts.list_users()} >= {
            "admin",
            "ma.rivera",
            "dr.okafor",
        }
        # A replay device, so device capture can be tried with no hardware.
        [device] = clinic.devices.devices()
        assert (device.transport, device.characteristics) == ("replay", "2A35 2A1C 2A9D 2A5E")
    finally:
        clinic.close()


def test_demo_refuses_a_database_with_real_patients(data_dir: Path) -> None:
    refused = run(data_dir, "demo", "--patients", "2", user=None)
    assert refused.returncode == 1 and "real patients" in refused.stderr
