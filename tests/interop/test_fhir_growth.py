"""Growth percentiles in the FHIR export (decision 17) and an import that tolerates them.

A child's set carries, beside its measurements, one Observation per growth percentile (value in
%, UCUM "%", derivedFrom the measurement it charts). fhir.resources parses the bundle and
tests/interop/fhir_checks.py checks codes, displays, units and derivedFrom against its own copy of
the codes. Values at WHO's own medians (boys at 365 days: weight 9.646 kg, length 75.7391 cm, head
circumference 46.0637 cm) are the 50th percentile whatever L and S are.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.interop.fhir_checks import by_code, check_bundle, comparable, observations
from tests.interop.samples import MA, RECORDED, export_of, full_set, m
from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.growth_tables import shipped_growth_tables
from vitalsdesk.interop.codes import GROWTH_PERCENTILE_LOINC
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.fhir_import import GROWTH_PERCENTILE_IGNORED, parse_bundle
from vitalsdesk.interop.records import PatientRecord, SetRecord
from vitalsdesk.reference_ranges import load_reference_ranges

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
TAKEN = datetime.fromisoformat("2026-11-27T09:30:00-05:00")

INFANT = PatientRecord(
    mrn="K-1",
    family_name="Kim",
    given_name="Noah",
    birth_date=date(2025, 11, 27),  # 365 days old at TAKEN
    sex="male",
)
SCHOOL_CHILD = PatientRecord(
    mrn="K-2", family_name="Ortiz", given_name="Ana", birth_date=date(2016, 5, 2), sex="female"
)

WEIGHT_FOR_AGE = "8336-0"
HEIGHT_FOR_AGE = "8303-0"
WEIGHT_FOR_LENGTH = "77606-2"
BMI_PERCENTILE = "59576-9"
HEAD_PERCENTILE = "8289-1"
PERCENTILES = {WEIGHT_FOR_AGE, HEIGHT_FOR_AGE, WEIGHT_FOR_LENGTH, BMI_PERCENTILE, HEAD_PERCENTILE}


@pytest.fixture(scope="module")
def growth() -> GrowthTables:
    return shipped_growth_tables()


@pytest.fixture(scope="module")
def table() -> RangeTable:
    return load_reference_ranges()


def infant_set(uid: str = "22222222-2222-4222-8222-222222222222", **changes: Any) -> SetRecord:
    data: dict[str, Any] = {
        "uid": uid,
        "taken_at": TAKEN,
        "recorded_at": RECORDED,
        "recorded_by": MA,
        "status": "final",
        "reference_ranges_version": "vitalsdesk-default 2026.11.2",
        "measurements": (
            m("heart_rate", "120", "/min", "120", interpretation="N"),
            m("body_height", "75.7391", "cm", "75.7391"),
            m("body_weight", "9.646", "kg", "9.646"),
            m("head_circumference", "46.0637", "cm", "46.0637"),
        ),
    }
    data.update(changes)
    return SetRecord(**data)


def school_set(uid: str = "33333333-3333-4333-8333-333333333333") -> SetRecord:
    return SetRecord(
        uid=uid,
        taken_at=TAKEN,
        recorded_at=RECORDED,
        recorded_by=MA,
        status="final",
        reference_ranges_version="vitalsdesk-default 2026.11.2",
        bmi_value="16.8",
        bmi_category="healthy-weight",
        measurements=(
            m("body_height", "138", "cm", "138"),
            m("body_weight", "32", "kg", "32"),
        ),
    )


def export(patient: PatientRecord, *sets: SetRecord, growth: GrowthTables | None) -> dict:
    text = bundle_json(
        build_bundle(export_of(*sets, patient=patient), timestamp=NOW, growth_tables=growth)
    )
    return check_bundle(text)  # fhir.resources parses it; the profile rules hold


def codes_of(raw: dict) -> set[str]:
    return {
        c["code"]
        for o in observations(raw)
        for c in o["code"]["coding"]
        if c["code"] in PERCENTILES
    }


def test_an_infant_gets_four_percentiles_at_the_who_medians(growth: GrowthTables) -> None:
    raw = export(INFANT, infant_set(), growth=growth)
    assert codes_of(raw) == {WEIGHT_FOR_AGE, HEIGHT_FOR_AGE, WEIGHT_FOR_LENGTH, HEAD_PERCENTILE}
    for code, measured in (
        (WEIGHT_FOR_AGE, "29463-7"),
        (HEIGHT_FOR_AGE, "8302-2"),
        (HEAD_PERCENTILE, "9843-4"),
    ):
        [obs] = by_code(raw, code)
        assert obs["valueQuantity"] == {
            "value": Decimal("50.0"),
            "unit": "%",
            "system": "http://unitsofmeasure.org",
            "code": "%",
        }
        assert obs["method"] == {"text": "WHO Child Growth Standards 2006"}
        [source] = by_code(raw, measured)
        url = next(e["fullUrl"] for e in raw["entry"] if e["resource"] is source)
        assert obs["derivedFrom"] == [{"reference": url}]
    [panel] = by_code(raw, "85353-1")
    members = {e["fullUrl"] for e in raw["entry"] if codes_of({"entry": [e]})}
    assert members <= {ref["reference"] for ref in panel["hasMember"]}
    [wfl] = by_code(raw, WEIGHT_FOR_LENGTH)
    assert len(wfl["derivedFrom"]) == 2


def test_from_two_years_bmi_for_age_and_no_weight_for_length(growth: GrowthTables) -> None:
    raw = export(SCHOOL_CHILD, school_set(), growth=growth)
    assert codes_of(raw) == {WEIGHT_FOR_AGE, HEIGHT_FOR_AGE, BMI_PERCENTILE}
    [bmi_percentile] = by_code(raw, BMI_PERCENTILE)
    assert bmi_percentile["method"] == {"text": "CDC 2000 growth charts"}
    [bmi] = by_code(raw, "39156-5")
    url = next(e["fullUrl"] for e in raw["entry"] if e["resource"] is bmi)
    assert bmi_percentile["derivedFrom"] == [{"reference": url}]
    # The child's BMI category travels on the BMI Observation, as an adult's does.
    assert {"system": "urn:vitalsdesk:bmi-category", "code": "healthy-weight"}.items() <= next(
        c
        for concept in bmi["interpretation"]
        for c in concept["coding"]
        if c["system"] == "urn:vitalsdesk:bmi-category"
    ).items()


def test_an_adult_and_a_bundle_without_the_tables_get_no_percentiles(
    growth: GrowthTables,
) -> None:
    assert codes_of(export(SCHOOL_CHILD, school_set(), growth=None)) == set()
    assert (
        codes_of(
            export(
                PatientRecord(**{**SCHOOL_CHILD.model_dump(), "birth_date": date(1990, 1, 1)}),
                school_set(),
                growth=growth,
            )
        )
        == set()
    )
    unknown = PatientRecord(**{**INFANT.model_dump(), "sex": "unknown"})
    assert codes_of(export(unknown, infant_set(), growth=growth)) == set()


def test_the_import_skips_the_percentiles_and_reads_the_set_back(
    growth: GrowthTables, table: RangeTable
) -> None:
    original = infant_set()
    raw = export(INFANT, original, growth=growth)
    parsed = parse_bundle(raw, table, growth_tables=growth)
    assert parsed.problems == ()
    assert parsed.ignored == {}
    [patient] = parsed.patients
    [item] = patient.sets
    assert (item.record.uid, item.record.measurements) == (original.uid, original.measurements)
    # Imported: recorded by this clinic's import, the source's recorder kept as text only.
    assert item.record.recorded_by is None and "ma1" in (item.record.source_performer or "")
    # Exported again from what was imported: the same percentiles.
    again = export(INFANT, item.record, growth=growth)
    assert percentiles(again) == percentiles(raw) != []


def percentiles(bundle: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(
        (code, resource["valueQuantity"]["value"])
        for code in GROWTH_PERCENTILE_LOINC
        for resource in by_code(bundle, code)
    )


def test_a_percentile_outside_any_panel_is_ignored_not_a_problem(
    growth: GrowthTables, table: RangeTable
) -> None:
    raw = export(INFANT, infant_set(), growth=growth)
    [panel] = by_code(raw, "85353-1")
    [head] = by_code(raw, HEAD_PERCENTILE)
    head_url = next(e["fullUrl"] for e in raw["entry"] if e["resource"] is head)
    panel["hasMember"] = [r for r in panel["hasMember"] if r["reference"] != head_url]
    parsed = parse_bundle(json.loads(json.dumps(raw, default=str), parse_float=Decimal), table)
    assert parsed.problems == ()
    assert parsed.ignored == {GROWTH_PERCENTILE_IGNORED: 1}
    assert len(parsed.patients[0].sets) == 1


def _heavy_toddler(confirmed: bool) -> SetRecord:
    weight = m(
        "body_weight",
        "45",
        "kg",
        "45",
        confirmed=confirmed,
        confirm_reason="re-weighed" if confirmed else None,
    )
    return SetRecord(
        uid="44444444-4444-4444-8444-444444444444",
        taken_at=datetime.fromisoformat("2026-07-15T10:00:00-05:00"),
        recorded_at=RECORDED,
        recorded_by=MA,
        status="final",
        reference_ranges_version="vitalsdesk-default 2026.11.2",
        measurements=(weight,),
    )


TODDLER = PatientRecord(
    mrn="K-3", family_name="Lee", given_name="Sam", birth_date=date(2024, 1, 15), sex="male"
)


@pytest.mark.parametrize("confirmed", [False, True])
def test_an_import_applies_the_growth_confirm_tier_like_the_form(
    growth: GrowthTables, table: RangeTable, confirmed: bool
) -> None:
    """A 30-month-old of 45 kg: imported only when the bundle marks the value confirmed."""
    raw = copy.deepcopy(export(TODDLER, _heavy_toddler(confirmed), growth=growth))
    parsed = parse_bundle(raw, table, growth_tables=growth)
    if confirmed:
        assert parsed.problems == ()
        [item] = parsed.patients[0].sets
        assert item.record.measurement("body_weight").confirmed  # type: ignore[union-attr]
    else:
        [problem] = parsed.problems
        assert "unusual for this age" in problem.message
        assert "The bundle does not mark it as confirmed" in problem.message
        assert parsed.patients[0].sets == ()


def test_full_adult_set_unchanged_by_the_tables(growth: GrowthTables) -> None:
    with_tables = bundle_json(
        build_bundle(export_of(full_set()), timestamp=NOW, growth_tables=growth)
    )
    without = bundle_json(build_bundle(export_of(full_set()), timestamp=NOW))
    # Patient fullUrls are random per export: compare the Observations.
    assert comparable(check_bundle(with_tables)) == comparable(check_bundle(without))
