"""`vitalsdesk export fhir|csv` and `vitalsdesk import fhir` as processes, on their own data folders."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.interop.fhir_checks import by_code, check_bundle
from tests.staff import TEST_ADMIN, TEST_PASSWORD, cli_env, clinic_admin, first_admin_by_cli, vd
from vitalsdesk.cli import main
from vitalsdesk.clinic import open_clinic

pytestmark = pytest.mark.slow

SET = {
    "taken_at": "2026-11-27T09:30:00-05:00",
    "measurements": {
        "systolic_bp": {"value": 128, "unit": "mm[Hg]", "position": "sitting"},
        "diastolic_bp": {"value": 82, "unit": "mm[Hg]", "position": "sitting"},
        "heart_rate": {"value": 72, "unit": "/min"},
        "body_temperature": {"value": 98.6, "unit": "[degF]", "method": "tympanic"},
        "oxygen_saturation": {"value": 97, "unit": "%"},
        "body_height": {"value": 65, "unit": "[in_i]"},
        "body_weight": {"value": 154.0, "unit": "[lb_av]"},
        "pain_score": {"value": 0},
    },
}


def vitalsdesk(data: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command on data's clinic, signed in as its administrator (added on first use)."""
    env = cli_env(data, PYTHONIOENCODING="utf-8")
    env.pop("VITALSDESK_DATABASE_URL", None)
    if not (data / "vitalsdesk.sqlite3").exists():
        first_admin_by_cli(data, env={**env, "VITALSDESK_USER": ""})
    done: subprocess.CompletedProcess[str] = vd(data, *map(str, args), env=env)
    return done


def test_record_export_and_import_on_another_pc(tmp_path: Path) -> None:
    here, there = tmp_path / "pc-a", tmp_path / "pc-b"
    added = vitalsdesk(
        here, "patient", "add", "--mrn", "M1", "--family", "Doe", "--given", "Jane",
        "--birth-date", "1980-06-15", "--sex", "female",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    document = tmp_path / "set.json"
    document.write_text(json.dumps(SET), encoding="utf-8")
    recorded = vitalsdesk(here, "record", "--mrn", "M1", document)
    assert recorded.returncode == 0, recorded.stderr

    bundle = tmp_path / "jane.json"
    exported = vitalsdesk(here, "export", "fhir", "--mrn", "M1", "--out", bundle)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Exported 1 patient, 1 vital-sign set (9 observations)")
    raw = check_bundle(bundle.read_text(encoding="utf-8"))
    [temp] = by_code(raw, "8310-5")
    assert [c["code"] for c in temp["code"]["coding"]] == ["8310-5", "8333-7"]
    assert temp["effectiveDateTime"] == "2026-11-27T09:30:00-05:00"

    table = tmp_path / "jane.csv"
    as_csv = vitalsdesk(here, "export", "csv", "--since", "2026-01-01", "--out", table)
    assert as_csv.returncode == 0, as_csv.stderr
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("mrn,set_uid,taken_at,status,") and len(lines) == 1 + 8 + 1

    imported = vitalsdesk(there, "import", "fhir", bundle)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("Imported 1 vital-sign set (0 already here")
    again = vitalsdesk(there, "import", "fhir", "--json", bundle)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["sets_imported"], report["sets_already_present"]) == (0, 1)

    # The whole clinic as FHIR Bulk Data NDJSON, merged on another PC; no progress bar when
    # stderr is not a terminal.
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    as_ndjson = vitalsdesk(here, "export", "ndjson", "--out", bulk)
    assert as_ndjson.returncode == 0, as_ndjson.stderr
    assert as_ndjson.stdout.startswith("Exported 1 patient, 1 vital-sign set (9 observations)")
    assert as_ndjson.stderr == ""
    assert len((bulk / "Observation.ndjson").read_text(encoding="utf-8").splitlines()) == 9
    merged = vitalsdesk(tmp_path / "pc-d", "import", "ndjson", bulk)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith("Imported 1 vital-sign set (0 already here")
    assert merged.stderr == ""

    # An impossible value: exit 2, the entry and the reason on stderr, no traceback.
    broken = json.loads(bundle.read_text(encoding="utf-8"))
    index = next(
        i
        for i, e in enumerate(broken["entry"])
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "8867-4"
    )
    broken["entry"][index]["resource"]["valueQuantity"]["value"] = 600
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    refused = vitalsdesk(tmp_path / "pc-c", "import", "fhir", bad)
    assert refused.returncode == 2
    assert f"entry {index} (Observation urn:uuid:" in refused.stderr
    assert "Heart rate 600 /min is not possible" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "fhir", "--since", "last week", "--out", "x.json"], "--since 'last week'"),
        (["export", "fhir", "--since", "2026-01-01T08:00", "--out", "x.json"], "needs its zone"),
        (["export", "csv", "--mrn", "NOPE", "--out", "x.csv"], "No patient has MRN NOPE."),
        (["export", "fhir", "--out", "no-such-folder/x.json"], "Cannot write"),
        (["import", "fhir", "missing.json"], "missing.json: no such file"),
        (["import", "fhir", "not-json.json"], "bundle: not valid JSON"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("VITALSDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VITALSDESK_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "not-json.json").write_text("{nope", encoding="utf-8")
    clinic = open_clinic(tmp_path / "data")
    clinic_admin(clinic)
    clinic.close()
    monkeypatch.setenv("VITALSDESK_USER", TEST_ADMIN)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{TEST_PASSWORD}\n".encode())))
    assert main([*args, "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.partial")) and not (tmp_path / "x.json").exists()
