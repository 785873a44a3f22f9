"""Importing a guided blood pressure: each reading comes back with its time, position and (in an
orthostatic set) pulse; the set's BP is made again from them by the clinical core, and a file
whose average disagrees with its readings is refused with a clear message."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.interop.samples import export_of
from tests.interop.test_fhir_guided_bp import NOW, guided_set, ortho_set
from tests.services.test_exchange import exchange
from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.fhir_import import ParsedBundle, parse_bundle
from vitalsdesk.interop.records import SetRecord
from vitalsdesk.reference_ranges import shipped_table
from vitalsdesk.services.bp_readings import bp_readings_of
from vitalsdesk.services.schemas import PatientIn


def document(record: SetRecord) -> dict[str, Any]:
    text = bundle_json(build_bundle(export_of(record), timestamp=NOW))
    found: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return found


def parse(raw: dict[str, Any]) -> ParsedBundle:
    return parse_bundle(raw, shipped_table(), NOW)


def the_set(parsed: ParsedBundle) -> SetRecord:
    assert parsed.problems == ()
    [patient] = parsed.patients
    [one] = patient.sets
    return one.record


@pytest.mark.parametrize("record", [guided_set(), ortho_set()], ids=["average", "orthostatic"])
def test_a_guided_bp_reads_back_with_its_readings(record: SetRecord) -> None:
    got = the_set(parse(document(record)))
    assert got.bp_readings == record.bp_readings
    assert got.bp_category == record.bp_category
    assert [(x.code, x.value_text, x.position, x.interpretation) for x in got.measurements] == [
        (x.code, x.value_text, x.position, x.interpretation) for x in record.measurements
    ]


def test_an_average_that_disagrees_with_its_readings_is_refused() -> None:
    raw = document(guided_set())
    [(index, average)] = [
        (i, e["resource"])
        for i, e in enumerate(raw["entry"])
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "96607-7"
    ]
    average["component"][0]["valueQuantity"]["value"] = Decimal(125)
    parsed = parse(raw)
    assert [p.sets for p in parsed.patients] == [()]
    [problem] = parsed.problems
    assert problem.entry == index
    assert problem.message == (
        "the blood pressure 125/79 mmHg does not match its readings (their average is 121/79 mmHg)"
    )


def test_a_reading_without_its_position_or_time_is_refused() -> None:
    raw = document(guided_set())
    readings = [
        (i, e["resource"])
        for i, e in enumerate(raw["entry"])
        if e["resource"].get("identifier", [{}])[0].get("value", "").endswith("/bp-reading-2")
    ]
    [(index, second)] = readings
    no_position = copy.deepcopy(raw)
    del no_position["entry"][index]["resource"]["extension"]
    [problem] = parse(no_position).problems
    assert problem.entry == index
    assert problem.message.startswith("blood pressure reading 2: position")
    no_zone = copy.deepcopy(raw)
    no_zone["entry"][index]["resource"]["effectiveDateTime"] = "2026-11-27"
    [problem] = parse(no_zone).problems
    assert problem.entry == index
    assert "taken_at" in problem.message
    assert second["effectiveDateTime"] != "2026-11-27"


# -- through the services: a set recorded on one PC, exported, imported on another -------------


def _guided(readings: list[dict[str, Any]]) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:32:00-05:00",
            "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
            "bp_readings": readings,
        }
    )


AVERAGED = [
    {"systolic": 118, "diastolic": 78, "taken_at": "2026-11-27T09:30:00-05:00", "position": "sitting"},
    {"systolic": 123, "diastolic": 79, "taken_at": "2026-11-27T09:31:10-05:00", "position": "sitting"},
]  # fmt: skip
ORTHOSTATIC = [
    {"systolic": 130, "diastolic": 80, "heart_rate": 70, "taken_at": "2026-11-27T09:25:00-05:00", "position": "lying"},
    {"systolic": 118, "diastolic": 76, "heart_rate": 84, "taken_at": "2026-11-27T09:26:00-05:00", "position": "standing"},
    {"systolic": 108, "diastolic": 74, "heart_rate": 90, "taken_at": "2026-11-27T09:28:05-05:00", "position": "standing"},
]  # fmt: skip


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Clinic]:
    opened = open_clinic(tmp_path / "source-pc")
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("form", ["bundle", "ndjson"])
def test_guided_sets_round_trip_through_export_and_import(
    form: str, source: Clinic, sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma1", "password-one", "assistant", "Ana MA")
    patient = source.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Doe",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        ma,
    )
    saved = [source.vitals.record(patient.id, _guided(r), ma) for r in (AVERAGED, ORTHOSTATIC)]
    out = tmp_path / form
    if form == "bundle":
        exchange(source).export_fhir(out, clinic_admin(source), mrn="M1")
    else:
        out.mkdir()
        exchange(source).export_ndjson(out, clinic_admin(source))
    admin = clinic_admin(sqlite_clinic)
    service = exchange(sqlite_clinic)
    run = service.import_fhir if form == "bundle" else service.import_ndjson
    report = run(out, admin)
    assert report.problems == ()
    assert report.sets_imported == 2
    [here] = sqlite_clinic.patients.search("Doe")
    history = {h.uid: h for h in sqlite_clinic.vitals.history(here.id)}
    for original in saved:
        copy_here = history[original.uid]
        assert bp_readings_of(sqlite_clinic.db, copy_here.id) == bp_readings_of(
            source.db, original.id
        )
        assert [(x.code, x.value_text, x.interpretation) for x in copy_here.measurements] == [
            (x.code, x.value_text, x.interpretation) for x in original.measurements
        ]
        assert copy_here.bp_category == original.bp_category
    again = run(out, admin)
    assert (again.sets_imported, again.sets_already_present) == (0, 2)
