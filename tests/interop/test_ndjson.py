"""FHIR Bulk Data NDJSON: `export_ndjson` writes the same resources as the Bundle, one per line,
with "Type/id" references; `import_ndjson` merges them line by line in batches, with the checks of
the Bundle import, and an import killed half-way is completed by running it again."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.interop.fhir_checks import check_bundle, comparable
from tests.services.test_exchange import (
    NORMAL,
    History,
    _audit,
    _count,
    exchange,
    register,
    vitals,
)
from tests.staff import TEST_ADMIN, TEST_PASSWORD, clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.db.models import Measurement, Patient
from vitalsdesk.db.models import VitalSignSet as SetRow

REPO = Path(__file__).resolve().parents[2]
FILES = ("Patient.ndjson", "Practitioner.ndjson", "Observation.ndjson")


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Clinic]:
    """Another PC: a second clinic database (SQLite) that records on its own."""
    opened = open_clinic(tmp_path / "other-pc")
    try:
        yield opened
    finally:
        opened.close()


def lines(folder: Path, name: str) -> list[dict[str, Any]]:
    text = (folder / name).read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def as_bundle(folder: Path) -> str:
    """The NDJSON files as the Bundle they stand for: each id a urn:uuid fullUrl again, each
    "Type/id" reference its urn:uuid, so the Bundle's checks and comparisons apply."""
    entries = []
    for name in FILES:
        for resource in lines(folder, name):
            assert resource["resourceType"] == name.removesuffix(".ndjson")
            rid = resource.pop("id")
            entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource})
    text = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})
    return re.sub(
        r'"reference": "(Patient|Practitioner|Observation)/', '"reference": "urn:uuid:', text
    )


def test_ndjson_holds_the_bundles_resources_one_per_line(
    clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    history = History(other)
    register(other, history.ma, mrn="M2")  # a patient with no set is in Patient.ndjson too
    bundle = tmp_path / "all.json"
    exchange(other).export_fhir(bundle, clinic_admin(other))
    folder = tmp_path / "bulk"
    folder.mkdir()
    summary = exchange(other).export_ndjson(folder, clinic_admin(other))
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)  # no temporary file left
    assert (summary.patients, summary.sets) == (2, 5)
    assert summary.observations == len(lines(folder, "Observation.ndjson"))
    ids = {f"{r['resourceType']}/{r['id']}" for name in FILES for r in lines(folder, name)}
    references = re.findall(r'"reference":"([^"]+)"', "".join(
        (folder / name).read_text(encoding="utf-8") for name in FILES
    ))  # fmt: skip
    assert references and set(references) <= ids  # every reference is Type/id of the files
    # The same profiles, codes and values as the Bundle.
    raw = check_bundle(as_bundle(folder))
    assert comparable(raw) == comparable(check_bundle(bundle.read_text(encoding="utf-8")))
    [event] = _audit(other, "export")[-1:]
    assert event.detail["format"] == "ndjson" and event.detail["sets"] == 5

    # Merged into another clinic: the same as merging the Bundle.
    report = exchange(clinic).import_ndjson(folder, clinic_admin(clinic))
    assert report.problems == ()
    assert (report.patients_registered, report.sets_imported) == (2, 5)
    again = tmp_path / "again.json"
    exchange(clinic).export_fhir(again, clinic_admin(clinic))
    assert len(comparable(check_bundle(again.read_text(encoding="utf-8")))) == len(comparable(raw))
    patient = clinic.patients.by_mrn("M1")
    imported = {s.uid: s for s in clinic.vitals.history(patient.id)}
    for source in history.sets:
        source = other.vitals.get(source.id)
        assert imported[source.uid].measurements == source.measurements
        assert imported[source.uid].status == source.status
    assert imported[history.amended.uid].replaces_id == imported[history.original.uid].id
    # Twice: nothing is duplicated.
    twice = exchange(clinic).import_ndjson(folder, clinic_admin(clinic))
    assert (twice.sets_imported, twice.sets_already_present, twice.patients_matched) == (0, 5, 2)
    assert _count(clinic, SetRow) == 5
    assert [e.detail["format"] for e in _audit(clinic, "import")] == ["ndjson", "ndjson"]


def test_a_bad_line_is_reported_with_its_file_and_line(
    sqlite_clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    history = History(other)
    folder = tmp_path / "bulk"
    folder.mkdir()
    exchange(other).export_ndjson(folder, clinic_admin(other))
    observations = (folder / "Observation.ndjson").read_text(encoding="utf-8").splitlines()
    # A value the clinical core refuses (heart rate 900) in the normal set's heart rate line.
    target = next(i for i, line in enumerate(observations) if '"8867-4"' in line)
    observations[target] = re.sub(r'"value":\d+', '"value":900', observations[target], count=1)
    observations.insert(1, "{not json")
    (folder / "Observation.ndjson").write_text("\n".join(observations) + "\n", encoding="utf-8")

    report = exchange(sqlite_clinic).import_ndjson(folder, clinic_admin(sqlite_clinic))
    texts = [str(p) for p in report.problems]
    assert any(t.startswith("Observation.ndjson line 2: not valid JSON") for t in texts), texts
    assert any(
        f"Observation.ndjson line {target + 2} (Observation Observation/" in t for t in texts
    ), texts
    assert report.sets_imported == len(history.sets) - 1  # the one set, whole, is kept out
    assert not report.ok


def test_no_practitioner_file_when_no_set_names_anyone(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    register(sqlite_clinic, clinic_admin(sqlite_clinic))  # a patient with no set yet
    folder = tmp_path / "bulk"
    folder.mkdir()
    summary = exchange(sqlite_clinic).export_ndjson(folder, clinic_admin(sqlite_clinic))
    assert (summary.patients, summary.sets) == (1, 0)
    assert sorted(p.name for p in folder.iterdir()) == ["Observation.ndjson", "Patient.ndjson"]
    assert [r["identifier"][0]["value"] for r in lines(folder, "Patient.ndjson")] == ["M1"]
    report = exchange(sqlite_clinic).import_ndjson(folder, clinic_admin(sqlite_clinic))
    assert (report.patients_matched, report.sets_imported, report.ok) == (1, 0, True)


def test_a_folder_without_patients_is_refused(sqlite_clinic: Clinic, tmp_path: Path) -> None:
    from vitalsdesk.services.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"no Patient\.ndjson"):
        exchange(sqlite_clinic).import_ndjson(tmp_path, clinic_admin(sqlite_clinic))


KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
import vitalsdesk.services.exchange_import as module
from vitalsdesk.clinic import open_clinic

data, folder, after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
real = module._NdjsonRun.sets
batches = 0


def sets(self, batch):
    global batches
    real(self, batch)  # committed
    batches += 1
    if batches == after:
        os.kill(os.getpid(), signal.SIGKILL)


module._NdjsonRun.sets = sets
clinic = open_clinic(data)
admin = clinic.accounts.sign_in(sys.argv[4], sys.argv[5])
clinic.exchange.import_ndjson(folder, admin, sets_per_batch=2)
print("not killed")
"""


@pytest.mark.slow
def test_an_import_killed_half_way_is_completed_by_running_it_again(
    other: Clinic, tmp_path: Path
) -> None:
    history = History(other)
    for day in range(1, 5):
        other.vitals.record(
            history.patient.id, vitals(f"2026-10-0{day}T09:00:00-05:00", **NORMAL), history.ma
        )
    folder = tmp_path / "bulk"
    folder.mkdir()
    exchange(other).export_ndjson(folder, clinic_admin(other))
    data = tmp_path / "here"
    clinic_admin_of(data)
    script = tmp_path / "killed_import.py"
    script.write_text(KILLED_IMPORT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(data), str(folder), "2", TEST_ADMIN, TEST_PASSWORD],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        timeout=120,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    clinic = open_clinic(data)
    try:
        with clinic.db.transaction() as s:
            assert s.scalar(select(func.count()).select_from(SetRow)) == 4  # 2 batches of 2
        report = exchange(clinic).import_ndjson(folder, clinic_admin(clinic))
        assert report.problems == ()
        assert (report.sets_imported, report.sets_already_present) == (5, 4)
        assert (report.patients_registered, report.patients_matched) == (0, 1)
        assert _count(clinic, SetRow) == 9 == _count(other, SetRow)
        assert _count(clinic, Measurement) == _count(other, Measurement)
        assert _count(clinic, Patient) == 1
        assert len(_audit(clinic, "vitals_imported")) == 9
    finally:
        clinic.close()


def clinic_admin_of(data: Path) -> None:
    clinic = open_clinic(data)
    try:
        clinic_admin(clinic)
    finally:
        clinic.close()
