"""An NDJSON import's memory stays flat whatever the files' size: the peak resident memory of
`vitalsdesk import ndjson`, measured in a fresh process, is the same for 100 and for 2,000 sets
(the import holds one batch of sets and a small note per patient, never the files)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.interop.test_export_memory import MEASURE, SETS_PER_PATIENT, build_clinic
from tests.staff import TEST_ADMIN, TEST_PASSWORD, cli_env, clinic_admin
from vitalsdesk.clinic import open_clinic

pytestmark = pytest.mark.slow


def _run(data: Path, *args: str) -> dict[str, object]:
    env = cli_env(data)
    env.pop("VITALSDESK_DATABASE_URL", None)
    command = [sys.executable, "-m", "vitalsdesk", *args, "--password-stdin"]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        input=f"{TEST_PASSWORD}\n",
        capture_output=True,
        text=True,
        env={**env, "VITALSDESK_USER": TEST_ADMIN},
        check=True,
        timeout=300,
    )
    result: dict[str, object] = json.loads(done.stdout)
    assert result["rc"] == 0, result["stderr"]
    return result


def _first_patients(folder: Path, into: Path, patients: int) -> Path:
    """The NDJSON files of the first patients (Observation.ndjson is written patient by patient,
    in the order of Patient.ndjson)."""
    into.mkdir()
    kept = (folder / "Patient.ndjson").read_text(encoding="utf-8").splitlines()[:patients]
    (into / "Patient.ndjson").write_text("".join(f"{x}\n" for x in kept), encoding="utf-8")
    ids = {"Patient/" + json.loads(x)["id"] for x in kept}
    with (
        (folder / "Observation.ndjson").open(encoding="utf-8") as src,
        (into / "Observation.ndjson").open("w", encoding="utf-8") as out,
    ):
        for line in src:
            if json.loads(line)["subject"]["reference"] not in ids:
                break
            out.write(line)
    if (folder / "Practitioner.ndjson").exists():
        practitioners = (folder / "Practitioner.ndjson").read_text(encoding="utf-8")
        (into / "Practitioner.ndjson").write_text(practitioners, encoding="utf-8")
    return into


def test_an_ndjson_import_uses_the_same_memory_at_twenty_times_the_size(tmp_path: Path) -> None:
    source = tmp_path / "source"
    build_clinic(source, 200)
    whole = tmp_path / "ndjson"
    whole.mkdir()
    _run(source, "export", "ndjson", "--out", str(whole))
    peaks = {}
    for patients in (10, 200):
        folder = whole if patients == 200 else _first_patients(whole, tmp_path / "part", patients)
        target = tmp_path / f"target-{patients}"
        clinic = open_clinic(target)
        try:
            clinic_admin(clinic)
        finally:
            clinic.close()
        result = _run(target, "import", "ndjson", str(folder))
        peaks[patients] = float(str(result["peak_kib"])) / 1024
        clinic = open_clinic(target)
        try:
            [someone] = clinic.patients.search("Family1", limit=1)
            assert len(clinic.vitals.history(someone.id)) == SETS_PER_PATIENT
        finally:
            clinic.close()
    # Twenty times the sets, the same peak (within 0.1 MiB when measured). An import that kept
    # every resource it read until the end peaked 55 MiB higher at 2,000 sets.
    assert peaks[200] < peaks[10] + 2.5, peaks
