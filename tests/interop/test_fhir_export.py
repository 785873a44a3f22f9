"""The FHIR bundle builder (pure): every profile's required elements, codes and units."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.interop.fhir_checks import (
    DAR,
    V3,
    BundleProblem,
    by_code,
    check_bundle,
    observations,
)
from tests.interop.samples import FULL, PATIENT, export_of, full_set, m
from vitalsdesk.interop.exact_json import Number, dumps
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json, combined_interpretation
from vitalsdesk.interop.records import DeviceRef, PatientExport, StaffRef

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def export(exports: list[PatientExport]) -> tuple[str, dict[str, Any]]:
    text = bundle_json(build_bundle(exports, timestamp=NOW))
    return text, check_bundle(text)


def one(raw: dict[str, Any], code: str) -> dict[str, Any]:
    [found] = by_code(raw, code)
    return found


def interpretation(element: dict[str, Any]) -> list[str]:
    return [
        c["code"]
        for concept in element.get("interpretation", [])
        for c in concept["coding"]
        if c["system"] == V3
    ]


def test_a_full_set_conforms_to_every_profile() -> None:
    text, raw = export(export_of(full_set()))
    kinds = [e["resource"]["resourceType"] for e in raw["entry"]]
    assert kinds == ["Patient", "Practitioner"] + ["Observation"] * 10
    patient = raw["entry"][0]["resource"]
    assert patient["identifier"][0]["value"] == "M-1"
    assert patient["identifier"][0]["system"] == "urn:vitalsdesk:mrn"
    assert patient["name"] == [{"use": "official", "family": "Peña", "given": ["Jane"]}]
    assert (patient["birthDate"], patient["gender"]) == ("1980-06-15", "female")
    assert "meta" not in patient  # real patients carry no test-data label

    panel = one(raw, "85353-1")
    assert panel["identifier"] == [
        {"system": "urn:vitalsdesk:set", "value": "11111111-1111-4111-8111-111111111111"}
    ]
    members = {o["code"]["coding"][0]["code"] for o in observations(raw)} - {"85353-1"}
    assert members == {
        "85354-9", "8867-4", "9279-1", "8310-5", "2708-6", "8302-2", "29463-7", "39156-5",
        "72514-3",
    }  # fmt: skip
    assert len(panel["hasMember"]) == 9
    for o in observations(raw):
        assert o["effectiveDateTime"] == "2026-11-27T09:30:00-05:00"  # the offset as taken
        assert o["issued"] == "2026-11-27T14:31:05+00:00"
        assert o["performer"][0]["display"] == "Ana MA"
        assert o["status"] == "final"
    # Values exactly as entered, with their UCUM code and a human unit.
    assert '"value": 98.6,' in text and '"value": 154.0,' in text
    weight = one(raw, "29463-7")["valueQuantity"]
    assert weight == {
        "value": Decimal("154.0"),
        "unit": "lb",
        "system": "http://unitsofmeasure.org",
        "code": "[lb_av]",
    }
    temp = one(raw, "8310-5")
    assert [c["code"] for c in temp["code"]["coding"]] == ["8310-5", "8331-1"]
    assert temp["valueQuantity"]["code"] == "[degF]" and temp["valueQuantity"]["unit"] == "°F"
    spo2 = one(raw, "2708-6")
    assert [c["code"] for c in spo2["code"]["coding"]] == ["2708-6", "59408-5"]
    [flow] = spo2["component"]
    assert flow["code"]["coding"][0]["code"] == "3151-8"
    assert flow["valueQuantity"]["value"] == 2 and flow["valueQuantity"]["code"] == "L/min"
    pain = one(raw, "72514-3")
    assert pain["valueQuantity"]["code"] == "{score}" and pain["valueQuantity"]["value"] == 3
    assert interpretation(pain) == ["H"]
    bmi = one(raw, "39156-5")
    assert bmi["valueQuantity"]["value"] == Decimal("25.6")
    assert bmi["valueQuantity"]["code"] == "kg/m2"
    # The clinician's category only: a BMI is never flagged L/N/H (decision 20).
    assert interpretation(bmi) == []
    assert [i["coding"][0]["code"] for i in bmi["interpretation"]] == ["overweight"]
    assert [d["reference"] for d in bmi["derivedFrom"]] == [
        next(e["fullUrl"] for e in raw["entry"] if e["resource"] is o)
        for o in (one(raw, "8302-2"), one(raw, "29463-7"))
    ]
    for code in ("8302-2", "29463-7"):
        assert "interpretation" not in one(raw, code)  # no reference range: no flag


def test_blood_pressure_is_a_panel_with_both_components() -> None:
    _, raw = export(export_of(full_set()))
    bp = one(raw, "85354-9")
    assert "valueQuantity" not in bp
    systolic, diastolic, cuff = bp["component"]
    assert systolic["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "8480-6",
        "display": "Systolic blood pressure",
    }
    assert systolic["valueQuantity"]["value"] == 118
    assert systolic["valueQuantity"]["code"] == "mm[Hg]"
    assert systolic["valueQuantity"]["unit"] == "mmHg"
    assert interpretation(systolic) == ["N"] and interpretation(diastolic) == ["N"]
    assert diastolic["code"]["coding"][0]["code"] == "8462-4"
    assert diastolic["valueQuantity"]["value"] == 76
    assert cuff["code"]["coding"][0]["code"] == "8358-4"
    assert cuff["valueCodeableConcept"]["coding"][0]["code"] == "adult"
    assert bp["bodySite"]["coding"][0]["code"] == "368208006"  # left upper arm
    [position] = bp["extension"]
    assert position["url"] == "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition"
    assert position["valueCodeableConcept"]["coding"][0]["code"] == "33586001"  # sitting
    assert interpretation(bp) == ["N"]
    assert bp["interpretation"][1]["coding"][0] == {
        "system": "urn:vitalsdesk:bp-category",
        "code": "normal",
        "display": "Normal",
    }


def test_a_missing_diastolic_keeps_its_component_with_a_data_absent_reason() -> None:
    only_systolic = tuple(x for x in FULL if x.code != "diastolic_bp")
    _, raw = export(export_of(full_set(measurements=only_systolic, bp_category=None)))
    bp = one(raw, "85354-9")
    diastolic = bp["component"][1]
    assert diastolic["code"]["coding"][0]["code"] == "8462-4"
    assert "valueQuantity" not in diastolic
    assert diastolic["dataAbsentReason"]["coding"][0] == {
        "system": DAR,
        "code": "not-performed",
        "display": "Not Performed",
    }


@pytest.mark.parametrize(
    ("method", "code"),
    [
        ("oral", "8331-1"),
        ("axillary", "8328-7"),
        ("rectal", "8332-9"),
        ("tympanic", "8333-7"),
        ("temporal", "75539-7"),
    ],
)
def test_each_temperature_method_has_its_own_code_beside_8310_5(method: str, code: str) -> None:
    temp = m("body_temperature", "37.50", "Cel", "37.5", method=method, interpretation="N")
    text, raw = export(export_of(full_set(measurements=(temp,), bmi_value=None, bp_category=None)))
    observation = one(raw, "8310-5")
    assert [c["code"] for c in observation["code"]["coding"]] == ["8310-5", code]
    assert '"value": 37.50,' in text  # the trailing zero as entered
    assert observation["valueQuantity"]["unit"] == "°C"


@pytest.mark.parametrize(
    ("codes", "combined"),
    [
        (["N", "N"], "N"),
        (["H", "N"], "H"),
        (["HH", "H"], "HH"),
        (["L", "HH"], "HH"),
        (["L", "H"], "A"),
        (["LL", "HH"], "AA"),
        (["N", None], "N"),
        ([None, None], None),
    ],
)
def test_a_reading_with_two_values_has_one_overall_flag(
    codes: list[str | None], combined: str | None
) -> None:
    assert combined_interpretation(codes) == combined


def test_interpretations_and_critical_values() -> None:
    crisis = (
        m("systolic_bp", "190", "mm[Hg]", "190", interpretation="HH"),
        m("diastolic_bp", "100", "mm[Hg]", "100", interpretation="H"),
        m("heart_rate", "38", "/min", "38", interpretation="LL"),
        m("respiratory_rate", "22", "/min", "22", interpretation="H"),
        m("oxygen_saturation", "95", "%", "95", interpretation="L", on_supplemental_oxygen=False),
    )
    s = full_set(measurements=crisis, bmi_value=None, bp_category="crisis", clinician_notified=True)
    _, raw = export(export_of(s))
    bp = one(raw, "85354-9")
    assert interpretation(bp) == ["HH"]
    assert [interpretation(c) for c in bp["component"]] == [["HH"], ["H"]]
    assert bp["interpretation"][1]["coding"][0]["display"] == "Hypertensive crisis"
    assert interpretation(one(raw, "8867-4")) == ["LL"]
    assert interpretation(one(raw, "9279-1")) == ["H"]
    spo2 = one(raw, "2708-6")
    assert interpretation(spo2) == ["L"] and "component" not in spo2  # on room air
    panel = one(raw, "85353-1")
    assert {"url": "urn:vitalsdesk:extension:clinician-notified", "valueBoolean": True} in panel[
        "extension"
    ]


def test_amended_and_entered_in_error_sets() -> None:
    original = full_set(uid="aaaaaaaa-0000-4000-8000-000000000001", superseded=True)
    amended = full_set(
        uid="aaaaaaaa-0000-4000-8000-000000000002",
        status="amended",
        replaces_uid=original.uid,
        amend_reason="typed 27 for 72",
    )
    voided = full_set(
        uid="aaaaaaaa-0000-4000-8000-000000000003",
        status="entered-in-error",
        error_reason="wrong patient",
        error_marked_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        error_marked_by=StaffRef(username="dr.o", display_name="Dr. O"),
    )
    _, raw = export(export_of(original, amended, voided))
    url_of = {id(e["resource"]): e["fullUrl"] for e in raw["entry"]}
    panels = {p["identifier"][0]["value"]: p for p in by_code(raw, "85353-1")}
    assert panels[original.uid]["status"] == "final"
    new = panels[amended.uid]
    assert new["status"] == "amended"
    replaces = new["extension"][0]
    assert replaces["url"] == "http://hl7.org/fhir/StructureDefinition/observation-replaces"
    assert replaces["valueReference"]["reference"] == url_of[id(panels[original.uid])]
    assert replaces["valueReference"]["identifier"] == {
        "system": "urn:vitalsdesk:set",
        "value": original.uid,
    }
    assert {"url": "urn:vitalsdesk:extension:amend-reason", "valueString": "typed 27 for 72"} in (
        new["extension"]
    )
    # Each member of the amended set points to the member it replaces.
    hr = {o["identifier"][0]["value"]: o for o in by_code(raw, "8867-4")}
    new_hr = hr[f"{amended.uid}/heart_rate"]
    assert new_hr["status"] == "amended"
    assert (
        new_hr["extension"][0]["valueReference"]["reference"]
        == url_of[id(hr[f"{original.uid}/heart_rate"])]
    )
    gone = panels[voided.uid]
    assert gone["status"] == "entered-in-error"
    [marking] = [x for x in gone["extension"] if x["url"].endswith("entered-in-error")]
    parts = {x["url"]: x for x in marking["extension"]}
    assert parts["reason"]["valueString"] == "wrong patient"
    assert parts["at"]["valueDateTime"] == "2026-11-27T15:00:00+00:00"
    assert parts["by"]["valueReference"]["display"] == "Dr. O"
    voided_members = [
        o for o in observations(raw) if o["identifier"][0]["value"].startswith(voided.uid)
    ]
    assert {o["status"] for o in voided_members} == {"entered-in-error"}
    practitioners = sorted(
        e["resource"]["identifier"][0]["value"]
        for e in raw["entry"]
        if e["resource"]["resourceType"] == "Practitioner"
    )
    assert practitioners == ["dr.o", "ma1"]


def test_an_amendment_whose_original_is_not_in_the_file_names_it_by_identifier() -> None:
    amended = full_set(status="amended", replaces_uid="bbbbbbbb-0000-4000-8000-000000000009")
    _, raw = export(export_of(amended))
    replaces = one(raw, "85353-1")["extension"][0]["valueReference"]
    assert "reference" not in replaces
    assert replaces["identifier"]["value"] == "bbbbbbbb-0000-4000-8000-000000000009"


def test_sample_patients_are_labelled_test_data_everywhere() -> None:
    sample = PATIENT.model_copy(update={"is_sample": True, "mrn": "DEMO-00001"})
    _, raw = export(export_of(full_set(), patient=sample))
    for e in raw["entry"]:
        r = e["resource"]
        if r["resourceType"] != "Practitioner":
            assert {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                "code": "HTEST",
                "display": "test health data",
            } in r["meta"]["security"]


def test_observation_urls_are_stable_and_patient_urls_are_not() -> None:
    first = build_bundle(export_of(full_set()), timestamp=NOW)
    second = build_bundle(export_of(full_set()), timestamp=NOW)
    urls = [[e["fullUrl"] for e in b["entry"]] for b in (first, second)]
    assert urls[0][1:] == urls[1][1:]
    assert urls[0][0] != urls[1][0]  # nothing about a patient can be read from a fullUrl


def test_progress_is_reported_per_set() -> None:
    calls: list[tuple[int, int]] = []
    build_bundle(
        export_of(full_set(), full_set(uid="x2")),
        timestamp=NOW,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_the_checker_catches_a_wrong_bundle() -> None:
    """The checks must be able to fail: a wrong code, a missing unit system, vs-2."""
    bundle = build_bundle(export_of(full_set()), timestamp=NOW)
    good = bundle_json(bundle)
    check_bundle(good)
    for old, new in (
        ('"code": "8867-4"', '"code": "8867-5"'),
        ('"system": "http://unitsofmeasure.org"', '"system": "http://example.org"'),
        ('"code": "[lb_av]"', '"code": "lb"'),
        ('"code": "59408-5"', '"code": "59408-6"'),
        ('"code": "8331-1"', '"code": "8332-9"'),
        ('"effectiveDateTime": "2026-11-27T09:30:00-05:00"', '"effectiveDateTime": "2026-11-27"'),
    ):
        assert old in good
        with pytest.raises(BundleProblem):
            check_bundle(good.replace(old, new, 1))
    no_value = bundle_json(
        {
            **bundle,
            "entry": [
                {**e, "resource": {k: v for k, v in e["resource"].items() if k != "valueQuantity"}}
                if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "8867-4"
                else e
                for e in bundle["entry"]
            ],
        }
    )
    with pytest.raises(BundleProblem, match="vs-2"):
        check_bundle(no_value)


def test_numbers_are_written_exactly() -> None:
    assert dumps({"a": Number("37.50"), "b": [Number("0.5"), Number(72)], "c": "é"}) == (
        '{\n  "a": 37.50,\n  "b": [\n    0.5,\n    72\n  ],\n  "c": "é"\n}'
    )
    assert Number("072").text == "72" and Number(Decimal("1E+2")).text == "100"
    for bad in ("NaN", "Infinity", "1,5", ""):
        with pytest.raises(ValueError):
            Number(bad)
    with pytest.raises(TypeError):
        dumps({"a": object()})
    compact = dumps({"a": [Number("37.50")], "b": "x"}, indent=None)
    assert compact == '{"a":[37.50],"b":"x"}'


def test_no_text_in_the_data_can_become_a_number() -> None:
    sneaky = "\x00" + "0" * 16 + "1\x00"
    assert json.loads(dumps({"name": sneaky, "v": Number("1")})) == {"name": sneaky, "v": 1}


def test_a_large_bundle_is_compact_and_the_same_data() -> None:
    bundle = build_bundle(export_of(full_set()), timestamp=NOW)
    pretty, compact = bundle_json(bundle), bundle_json(bundle, pretty=False)
    assert "\n  " in pretty and "\n" not in compact.rstrip("\n")
    assert json.loads(pretty, parse_float=Decimal) == json.loads(compact, parse_float=Decimal)


def test_a_taken_at_keeps_its_own_offset_and_precision() -> None:
    s = full_set(taken_at=datetime.fromisoformat("2026-03-08T01:59:30.250+05:30"))
    _, raw = export(export_of(s))
    assert one(raw, "8867-4")["effectiveDateTime"] == "2026-03-08T01:59:30.250000+05:30"


def test_sets_of_a_visit_link_to_its_encounter_and_an_acknowledgement_is_a_note() -> None:
    from tests.interop.samples import MA
    from vitalsdesk.interop.records import VisitRecord

    doctor = StaffRef(username="dr1", display_name="Dr Bo")
    started = datetime(2026, 11, 27, 14, 20, tzinfo=UTC)
    ended = VisitRecord(uid="v-1", started_at=started, ended_at=started.replace(hour=16))
    still_open = VisitRecord(uid="v-2", started_at=started.replace(day=28))
    acked_at = datetime(2026, 11, 27, 14, 40, tzinfo=UTC)
    sets = (
        full_set(
            visit=ended, clinician_notified=True, acknowledged_by=doctor, acknowledged_at=acked_at
        ),
        full_set(uid="22222222-2222-4222-8222-222222222222", visit=ended),
        full_set(uid="33333333-3333-4333-8333-333333333333", visit=still_open),
        full_set(uid="44444444-4444-4444-8444-444444444444"),
    )
    _text, raw = export(export_of(*sets))
    resources = [e["resource"] for e in raw["entry"]]
    encounters = {
        e["fullUrl"]: e["resource"]
        for e in raw["entry"]
        if e["resource"]["resourceType"] == "Encounter"
    }
    assert sorted((e["identifier"][0]["value"], e["status"]) for e in encounters.values()) == [
        ("v-1", "finished"),
        ("v-2", "in-progress"),
    ]
    by_visit: dict[str | None, int] = {}
    for o in observations(raw):
        ref = o.get("encounter", {}).get("reference")
        key = encounters[ref]["identifier"][0]["value"] if ref else None
        by_visit[key] = by_visit.get(key, 0) + 1
    per_set = len(observations(raw)) // 4
    assert by_visit == {"v-1": 2 * per_set, "v-2": per_set, None: per_set}
    panels = [o for o in by_code(raw, "85353-1")]
    notes = [o["note"] for o in panels if "note" in o]
    assert len(notes) == 1
    [[note]] = notes
    assert note["time"] == acked_at.isoformat() and "acknowledged" in note["text"]
    author = next(
        e["resource"] for e in raw["entry"] if e["fullUrl"] == note["authorReference"]["reference"]
    )
    assert author["resourceType"] == "Practitioner" and author["name"] == [{"text": "Dr Bo"}]
    assert MA.display_name in {
        r["name"][0]["text"] for r in resources if r["resourceType"] == "Practitioner"
    }


def test_device_units_the_profiles_do_not_allow_are_exported_as_their_canonical_value() -> None:
    """A cuff in kPa and a scale's height in m: the vital-signs profiles bind BP to mm[Hg] and
    height to cm or [in_i], so the exact canonical value goes out (16.0 kPa = 120.010201 mm[Hg])."""
    measurements = (
        m("systolic_bp", "16.0", "kPa", "120.010201", "mm[Hg]"),
        m("diastolic_bp", "10.7", "kPa", "80.256822", "mm[Hg]"),
        m("body_height", "1.755", "m", "175.5", "cm"),
        FULL[-2],  # the weight the set's BMI comes from
    )
    _, raw = export(export_of(full_set(measurements=measurements)))
    bp = one(raw, "85354-9")
    assert [c["valueQuantity"]["code"] for c in bp["component"]] == ["mm[Hg]", "mm[Hg]"]
    assert bp["component"][0]["valueQuantity"]["value"] == Decimal("120.010201")
    height = one(raw, "8302-2")["valueQuantity"]
    assert (height["value"], height["code"], height["unit"]) == (Decimal("175.5"), "cm", "cm")


def test_a_value_from_a_device_names_its_device() -> None:
    """Observation.device references one Device resource per device (fhir.resources validates
    it); a value the MA typed names none."""
    cuff = DeviceRef(
        uid="0b9c4c2e-0000-4000-8000-000000000001",
        name="Room 3 cuff",
        model="UA-651BLE",
        serial="5110042",
        manufacturer="A&D",
    )
    oximeter = DeviceRef(uid="0b9c4c2e-0000-4000-8000-000000000002", name="Room 3 oximeter")
    measurements = tuple(
        x.model_copy(update={"device": cuff})
        if x.code in ("systolic_bp", "diastolic_bp")
        else x.model_copy(update={"device": oximeter})
        if x.code == "oxygen_saturation"
        else x
        for x in FULL
    )
    _, raw = export(export_of(full_set(measurements=measurements)))
    devices = [e for e in raw["entry"] if e["resource"]["resourceType"] == "Device"]
    assert len(devices) == 2
    by_url = {e["fullUrl"]: e["resource"] for e in devices}
    bp_device = by_url[one(raw, "85354-9")["device"]["reference"]]
    assert bp_device["serialNumber"] == "5110042"
    assert bp_device["modelNumber"] == "UA-651BLE"
    assert bp_device["manufacturer"] == "A&D"
    assert {"name": "Room 3 cuff", "type": "user-friendly-name"} in bp_device["deviceName"]
    assert one(raw, "85354-9")["device"]["display"] == "Room 3 cuff"
    spo2 = by_url[one(raw, "2708-6")["device"]["reference"]]
    assert spo2["deviceName"] == [{"name": "Room 3 oximeter", "type": "user-friendly-name"}]
    assert "serialNumber" not in spo2
    assert "device" not in one(raw, "8867-4")  # the pulse was typed
