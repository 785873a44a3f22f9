"""FHIR export of a guided blood pressure: each reading is a BP Observation at its own time and
position, and the set's BP is a US Core Average Blood Pressure (checked against the US Core STU7
example Observation-average-blood-pressure) derived from them. Validated with fhir.resources."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tests.interop.fhir_checks import load, observations
from tests.interop.samples import FULL, export_of, full_set, m
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json, observation_url
from vitalsdesk.interop.records import BpReadingRecord, SetRecord

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
AVERAGE_PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-average-blood-pressure"


def reading(sbp: str, dbp: str, at: str, position: str = "sitting") -> BpReadingRecord:
    return BpReadingRecord(
        systolic_text=sbp,
        diastolic_text=dbp,
        unit="mm[Hg]",
        taken_at=datetime.fromisoformat(f"2026-11-27T{at}-05:00"),
        position=position,
    )


READINGS = (reading("118", "78", "09:28:00"), reading("123", "79", "09:29:10"))


def guided_set(readings: tuple[BpReadingRecord, ...] = READINGS) -> Any:
    averaged = tuple(
        m("systolic_bp", "121", "mm[Hg]", "121", position="sitting", interpretation="H")
        if x.code == "systolic_bp"
        else m("diastolic_bp", "79", "mm[Hg]", "79", interpretation="N")
        if x.code == "diastolic_bp"
        else x
        for x in FULL
    )
    return full_set(measurements=averaged, bp_category="elevated", bp_readings=readings)


def ortho_set() -> SetRecord:
    """An orthostatic set: BP and pulse lying, then standing at 1 and 3 minutes; the set's own
    BP is the lying one."""

    def ortho(sbp: str, dbp: str, pulse: str, at: str, position: str) -> BpReadingRecord:
        return reading(sbp, dbp, at, position).model_copy(update={"heart_rate_text": pulse})

    readings = (
        ortho("130", "80", "70", "09:25:00", "lying"),
        ortho("118", "76", "84", "09:26:00", "standing"),
        ortho("108", "74", "90", "09:28:05", "standing"),
    )
    lying_bp = tuple(
        m("systolic_bp", "130", "mm[Hg]", "130", position="lying", interpretation="H")
        if x.code == "systolic_bp"
        else m("diastolic_bp", "80", "mm[Hg]", "80", interpretation="H")
        if x.code == "diastolic_bp"
        else x
        for x in FULL
    )
    return full_set(measurements=lying_bp, bp_category="stage-1", bp_readings=readings)


def exported(readings: tuple[BpReadingRecord, ...] = READINGS) -> dict[str, Any]:
    text = bundle_json(build_bundle(export_of(guided_set(readings)), timestamp=NOW))
    raw, model = load(text)  # fhir.resources validates every resource of the bundle
    assert model.type == "collection"
    return raw


def codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept["coding"]]


def test_each_reading_is_a_bp_observation_at_its_own_time_and_position() -> None:
    raw = exported()
    bp = [o for o in observations(raw) if (LOINC, "85354-9") in codes(o["code"])]
    assert len(bp) == 2
    for o, r in zip(bp, READINGS, strict=True):
        assert o["meta"]["profile"] == ["http://hl7.org/fhir/StructureDefinition/bp"]
        assert o["effectiveDateTime"] == r.taken_at.isoformat()
        assert [codes(c["code"])[0][1] for c in o["component"]] == ["8480-6", "8462-4"]
        values = [c["valueQuantity"] for c in o["component"]]
        assert [v["value"] for v in values] == [Decimal(r.systolic_text), Decimal(r.diastolic_text)]
        assert {v["code"] for v in values} == {"mm[Hg]"}
        [position] = o["extension"]
        assert position["url"].endswith("observation-bodyPosition")
        assert codes(position["valueCodeableConcept"]) == [(SNOMED, "33586001")]
        assert "interpretation" not in o  # the flags are the average's


def test_the_average_is_us_core_average_blood_pressure() -> None:
    raw = exported()
    [average] = [o for o in observations(raw) if (LOINC, "96607-7") in codes(o["code"])]
    assert average["meta"]["profile"] == [AVERAGE_PROFILE]
    assert average["code"]["coding"][0]["display"] == (
        "Blood pressure panel mean systolic and mean diastolic"
    )
    assert "effectiveDateTime" not in average
    assert average["effectivePeriod"] == {
        "start": "2026-11-27T09:28:00-05:00",
        "end": "2026-11-27T09:29:10-05:00",
    }
    by_code = {codes(c["code"])[0]: c for c in average["component"]}
    systolic = by_code[(LOINC, "96608-5")]
    diastolic = by_code[(LOINC, "96609-3")]
    assert systolic["code"]["coding"][0]["display"] == "Systolic blood pressure mean"
    assert diastolic["code"]["coding"][0]["display"] == "Diastolic blood pressure mean"
    assert (systolic["valueQuantity"]["value"], systolic["valueQuantity"]["code"]) == (
        Decimal(121),
        "mm[Hg]",
    )
    assert diastolic["valueQuantity"]["value"] == Decimal(79)
    count = by_code[(SNOMED, "246432004")]
    assert count["code"]["coding"][0]["display"] == "Number of occurrences (qualifier value)"
    assert count["valueQuantity"]["value"] == 2
    # The average keeps the set's flags and category, and points at its readings.
    assert [c["code"] for c in systolic["interpretation"][0]["coding"]] == ["H"]
    assert any(
        c["code"] == "elevated" for concept in average["interpretation"] for c in concept["coding"]
    )
    uid = "11111111-1111-4111-8111-111111111111"
    assert average["derivedFrom"] == [
        {"reference": observation_url(uid, "bp-reading-1")},
        {"reference": observation_url(uid, "bp-reading-2")},
    ]
    # The panel lists the readings and then the average, where the BP was.
    [panel] = [o for o in observations(raw) if (LOINC, "85353-1") in codes(o["code"])]
    members = [x["reference"] for x in panel["hasMember"]]
    assert members[:3] == [
        observation_url(uid, "bp-reading-1"),
        observation_url(uid, "bp-reading-2"),
        observation_url(uid, "bp"),
    ]
    urls = {e["fullUrl"] for e in raw["entry"]}
    assert set(members) <= urls


def test_three_readings_count_three_and_span_first_to_last() -> None:
    third = reading("131", "80", "09:30:20", "standing")
    raw = exported((*READINGS, third))
    [average] = [o for o in observations(raw) if (LOINC, "96607-7") in codes(o["code"])]
    count = [c for c in average["component"] if (SNOMED, "246432004") in codes(c["code"])]
    assert count[0]["valueQuantity"]["value"] == 3
    assert average["effectivePeriod"]["end"] == "2026-11-27T09:30:20-05:00"
    standing = [
        o
        for o in observations(raw)
        if (LOINC, "85354-9") in codes(o["code"])
        and o["effectiveDateTime"].endswith("09:30:20-05:00")
    ]
    assert codes(standing[0]["extension"][0]["valueCodeableConcept"]) == [(SNOMED, "10904000")]


def test_a_single_bp_is_exported_as_before() -> None:
    text = bundle_json(build_bundle(export_of(full_set()), timestamp=NOW))
    raw, _model = load(text)
    assert not [o for o in observations(raw) if (LOINC, "96607-7") in codes(o["code"])]
    assert len([o for o in observations(raw) if (LOINC, "85354-9") in codes(o["code"])]) == 1


def test_an_orthostatic_set_exports_each_reading_and_pulse_with_its_position() -> None:
    record = ortho_set()
    raw, _model = load(bundle_json(build_bundle(export_of(record), timestamp=NOW)))
    assert not [o for o in observations(raw) if (LOINC, "96607-7") in codes(o["code"])]
    bp = [o for o in observations(raw) if (LOINC, "85354-9") in codes(o["code"])]
    # The set's own BP (the lying one, with the flags) and the three readings.
    assert len(bp) == 4
    positions = {
        o["effectiveDateTime"]: codes(o["extension"][0]["valueCodeableConcept"])[0][1]
        for o in bp[1:]
    }
    assert positions == {
        "2026-11-27T09:25:00-05:00": "102538003",
        "2026-11-27T09:26:00-05:00": "10904000",
        "2026-11-27T09:28:05-05:00": "10904000",
    }
    pulses = [
        o
        for o in observations(raw)
        if (LOINC, "8867-4") in codes(o["code"]) and "pulse-reading" in o["identifier"][0]["value"]
    ]
    assert [(o["valueQuantity"]["value"], o["effectiveDateTime"][11:19]) for o in pulses] == [
        (Decimal(70), "09:25:00"),
        (Decimal(84), "09:26:00"),
        (Decimal(90), "09:28:05"),
    ]
    assert all(o["meta"]["profile"][0].endswith("/heartrate") for o in pulses)
