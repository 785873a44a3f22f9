"""Reading a bundle back (pure): the same records out, and a clear message for each bad entry."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.interop.samples import FULL, MA, PATIENT, export_of, full_set, m
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.interop import codes as c
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.fhir_import import ParsedBundle, parse_bundle, parse_bundle_text
from vitalsdesk.interop.records import SetRecord, StaffRef
from vitalsdesk.reference_ranges import load_reference_ranges

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def table() -> RangeTable:
    return load_reference_ranges()


def bundle_of(*sets: SetRecord) -> dict[str, Any]:
    text = bundle_json(build_bundle(export_of(*sets), timestamp=NOW))
    return json.loads(text, parse_float=Decimal)


def parse(document: Any, table: RangeTable) -> ParsedBundle:
    return parse_bundle(document, table)


def entry_with(bundle: dict[str, Any], code: str) -> tuple[int, dict[str, Any]]:
    for i, e in enumerate(bundle["entry"]):
        codings = e["resource"].get("code", {}).get("coding", [])
        if any(c["code"] == code for c in codings):
            return i, e["resource"]
    raise KeyError(code)


def as_imported(record: SetRecord, table: RangeTable) -> SetRecord:
    """What an import makes of an exported set: the same values and flags (recomputed with this
    clinic's table), its people as the source's text, its notification as the source's word."""
    people = {
        "source_performer": "Ana MA (ma1)" if record.recorded_by == MA else None,
        "source_error_marked_by": "Dr. O (dr.o)" if record.error_marked_by else None,
    }
    return record.model_copy(
        update={
            "recorded_by": None,
            "error_marked_by": None,
            "clinician_notified": False,
            "source_clinician_notified": record.clinician_notified,
            "reference_ranges_version": table.version_label,
            **people,
        }
    )


def test_a_full_set_reads_back_as_it_was(table: RangeTable) -> None:
    original = full_set()
    parsed = parse(bundle_of(original), table)
    assert parsed.problems == ()
    [patient] = parsed.patients
    assert patient.record == PATIENT
    [item] = patient.sets
    assert item.record == as_imported(original, table)
    assert item.entry == 2  # after the Patient and the Practitioner


def test_amended_and_entered_in_error_sets_read_back(table: RangeTable) -> None:
    original = full_set(uid="aaaaaaaa-0000-4000-8000-000000000001")
    amended = full_set(
        uid="aaaaaaaa-0000-4000-8000-000000000002",
        status="amended",
        replaces_uid=original.uid,
        amend_reason="typed 27 for 72",
        measurements=(m("heart_rate", "72", "/min", "72", interpretation="N"),),
        bmi_value=None,
        bmi_category=None,
        bp_category=None,
    )
    voided = full_set(
        uid="aaaaaaaa-0000-4000-8000-000000000003",
        status="entered-in-error",
        error_reason="wrong patient",
        error_marked_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        error_marked_by=StaffRef(username="dr.o", display_name="Dr. O"),
    )
    parsed = parse(bundle_of(original, amended, voided), table)
    assert parsed.problems == ()
    records = [s.record for s in parsed.patients[0].sets]
    assert records == [as_imported(x, table) for x in (original, amended, voided)]


def test_an_amendment_can_point_outside_the_bundle(table: RangeTable) -> None:
    amended = full_set(status="amended", replaces_uid="bbbbbbbb-0000-4000-8000-000000000009")
    [item] = parse(bundle_of(amended), table).patients[0].sets
    assert item.record.replaces_uid == "bbbbbbbb-0000-4000-8000-000000000009"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "bundle: not valid JSON: Expecting property name"),
        (b"\xff\xfe\x00", "bundle: the file is not UTF-8 text"),
        ("[1, 2]", "bundle: the file is not a FHIR resource"),
        ('{"resourceType": "Patient"}', 'bundle: resourceType is "Patient", expected "Bundle"'),
        ('{"resourceType": "Bundle"}', "bundle: not a valid FHIR Bundle: type:"),
        (
            '{"resourceType": "Bundle", "type": "collection", "entry": {}}',
            "bundle: Bundle.entry must be a list",
        ),
        (
            '{"resourceType": "Bundle", "type": "collection", "total": NaN}',
            "bundle: not usable JSON: NaN is not a number",
        ),
    ],
)
def test_a_file_that_is_not_a_bundle_is_one_clear_problem(
    text: str | bytes, message: str, table: RangeTable
) -> None:
    parsed = parse_bundle_text(text, table)
    assert parsed.patients == ()
    [problem] = parsed.problems
    assert str(problem).startswith(message), str(problem)


def _problems(bundle: dict[str, Any], table: RangeTable) -> list[str]:
    return [str(p) for p in parse(bundle, table).problems]


def test_an_impossible_value_is_reported_for_its_entry_and_keeps_the_set_out(
    table: RangeTable,
) -> None:
    bundle = bundle_of(full_set())
    index, hr = entry_with(bundle, "8867-4")
    hr["valueQuantity"]["value"] = 600
    parsed = parse(bundle, table)
    assert parsed.patients[0].sets == ()  # the patient is still there; the set is not
    [problem] = parsed.problems
    assert problem.entry == index and problem.resource_type == "Observation"
    assert problem.full_url == bundle["entry"][index]["fullUrl"]
    assert "Heart rate 600 /min is not possible. Accepted: more than 0 and less than 300" in (
        problem.message
    )
    assert str(problem).startswith(f"entry {index} (Observation urn:uuid:")


def test_every_bad_value_of_a_set_is_listed(table: RangeTable) -> None:
    bundle = bundle_of(full_set())
    hr_index, hr = entry_with(bundle, "8867-4")
    temp_index, temp = entry_with(bundle, "8310-5")
    hr["valueQuantity"]["value"] = 0
    temp["valueQuantity"]["value"] = Decimal("37.0")  # in °F: a unit slip
    problems = parse(bundle, table).problems
    assert [p.entry for p in problems] == [hr_index, temp_index]
    assert "Did you mean 37.0°C?" in problems[1].message


def test_other_sets_of_the_bundle_still_import(table: RangeTable) -> None:
    good = full_set(uid="cccccccc-0000-4000-8000-000000000001")
    bad = full_set(uid="cccccccc-0000-4000-8000-000000000002")
    bundle = bundle_of(good, bad)
    for e in bundle["entry"]:
        r = e["resource"]
        if r.get("identifier", [{}])[0].get("value") == f"{bad.uid}/body_weight":
            r["valueQuantity"]["value"] = -4
    parsed = parse(bundle, table)
    assert [s.record.uid for s in parsed.patients[0].sets] == [good.uid]
    assert len(parsed.problems) == 1 and "Weight -4 lb is not possible" in str(parsed.problems[0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda b: entry_with(b, "8867-4")[1]["valueQuantity"].update(code="bpm"),
            'Heart rate: unit "bpm" is not the UCUM code: use "/min"',
        ),
        (
            lambda b: entry_with(b, "8867-4")[1]["valueQuantity"].update(
                system="http://example.org"
            ),
            "the unit system must be http://unitsofmeasure.org",
        ),
        (
            lambda b: entry_with(b, "8310-5")[1]["code"]["coding"].pop(),
            "a temperature needs exactly one method code beside 8310-5",
        ),
        (
            lambda b: entry_with(b, "39156-5")[1]["valueQuantity"].update(value=Decimal("30.1")),
            "BMI 30.1 does not match the height and weight (25.6 kg/m2)",
        ),
        (
            lambda b: entry_with(b, "85353-1")[1].update(status="preliminary"),
            'status "preliminary" is not kept',
        ),
        (
            lambda b: entry_with(b, "85353-1")[1].update(effectiveDateTime="2026-11-27"),
            "effectiveDateTime must be a date and time with its time zone",
        ),
        (
            lambda b: entry_with(b, "85353-1")[1].update(identifier=[]),
            "the panel needs an identifier with system urn:vitalsdesk:set",
        ),
        (
            lambda b: entry_with(b, "85353-1")[1].update(status="amended"),
            "an amended set must say which set it replaces",
        ),
        (
            lambda b: entry_with(b, "8867-4")[1]["code"]["coding"][0].update(code="8280-0"),
            "its LOINC code is not a vital sign VitalsDesk records (codes: 8280-0)",
        ),
        (
            lambda b: entry_with(b, "8867-4")[1].update(dataAbsentReason={"text": "x"}),
            "Heart rate: a value and a dataAbsentReason cannot both be given",
        ),
        (
            lambda b: entry_with(b, "8867-4")[1].update(subject={"reference": "urn:uuid:other"}),
            "its subject is not the panel's patient",
        ),
        (
            lambda b: entry_with(b, "85354-9")[1]["component"].pop(0),
            # no systolic: a diastolic alone is fine, the set imports (checked below)
            None,
        ),
        (
            lambda b: entry_with(b, "8867-4")[1]["valueQuantity"].update(value=240),
            "Heart rate 240 /min is unusual (above 230 /min). Measure again, then confirm it. "
            "The bundle does not mark it as confirmed",
        ),
        (
            lambda b: (
                [b["entry"][1]["resource"].pop(k) for k in ("identifier", "name")]
                + [e["resource"].get("performer", [{}])[0].pop("display", None) for e in b["entry"]]
            ),
            "performer must say who it was: a Practitioner of this bundle with a name or an "
            "identifier, or a display",
        ),
    ],
)
def test_a_bad_entry_gets_a_clear_message(
    change: Any, message: str | None, table: RangeTable
) -> None:
    bundle = bundle_of(full_set())
    change(bundle)
    problems = _problems(bundle, table)
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0], problems


def test_an_unusual_weight_and_the_bmi_it_makes_each_need_their_confirmation(
    table: RangeTable,
) -> None:
    bundle = bundle_of(full_set())
    weight_index, weight = entry_with(bundle, "29463-7")
    bmi_index, bmi = entry_with(bundle, "39156-5")
    weight["valueQuantity"]["value"] = 700
    problems = parse(bundle, table).problems
    assert [p.entry for p in problems] == [weight_index, bmi_index]
    assert "Weight 700 lb is unusual (above 551.2 lb)" in problems[0].message
    assert "BMI 116.5 is unusual" in problems[1].message
    for p in problems:
        assert p.message.endswith("The bundle does not mark it as confirmed, so the set is not "
                                  "imported.")  # fmt: skip
    # Confirmed in the file, both are kept, each with its own reason.
    weight["extension"] = [{"url": c.EXT_CONFIRMED, "valueString": "bariatric scale"}]
    bmi["extension"] = [{"url": c.EXT_CONFIRMED, "valueString": "height and weight checked"}]
    bmi["valueQuantity"]["value"] = Decimal("116.5")
    parsed = parse(bundle, table)
    assert parsed.problems == ()
    record = parsed.patients[0].sets[0].record
    kept = record.measurement("body_weight")
    assert kept is not None and (kept.confirmed, kept.confirm_reason) == (True, "bariatric scale")
    assert record.bmi_confirm_reason == "height and weight checked"


def test_flags_and_categories_in_the_file_are_never_read(table: RangeTable) -> None:
    bundle = bundle_of(full_set())
    for e in bundle["entry"]:
        r = e["resource"]
        for element in [r, *r.get("component", [])]:
            for concept in element.get("interpretation", []):
                for coding in concept["coding"]:
                    coding["code"] = "HH" if coding["system"] == c.INTERPRETATION else "crisis"
    [item] = parse(bundle, table).patients[0].sets
    assert {m.code: m.interpretation for m in item.record.measurements} == {
        x.code: x.interpretation for x in FULL
    }
    assert (item.record.bp_category, item.record.bmi_category) == ("normal", "overweight")


def test_a_confirmation_where_none_is_needed_is_not_kept(table: RangeTable) -> None:
    bundle = bundle_of(full_set())
    _, hr = entry_with(bundle, "8867-4")
    hr["extension"] = [{"url": c.EXT_CONFIRMED, "valueString": "trust me"}]
    [item] = parse(bundle, table).patients[0].sets
    assert item.record.measurement("heart_rate") == m(
        "heart_rate", "72", "/min", "72", interpretation="N"
    )


def test_bad_entries_of_other_kinds(table: RangeTable) -> None:
    bundle = bundle_of(full_set())
    bundle["entry"].append({"fullUrl": "urn:uuid:x1", "resource": {"resourceType": "Nonsense"}})
    bundle["entry"].append({"fullUrl": "urn:uuid:x2", "resource": {"resourceType": "Observation"}})
    bundle["entry"].append("not an object")
    bundle["entry"].append(
        {
            "fullUrl": "urn:uuid:x3",
            "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}},
        }
    )
    bundle["entry"].append(
        {"fullUrl": "urn:uuid:x4", "resource": {"resourceType": "Organization", "name": "Clinic"}}
    )
    parsed = parse(bundle, table)
    assert parsed.set_count == 1  # the good set is untouched
    assert parsed.ignored == {"Organization": 1}
    assert [str(p) for p in parsed.problems] == [
        'entry 12 (urn:uuid:x1): "Nonsense" is not a FHIR resource type',
        "entry 13 (Observation urn:uuid:x2): not a valid Observation: code: Field required",
        "entry 14: an entry must be a JSON object",
        "entry 15 (Observation urn:uuid:x3): not part of a vital-signs panel (85353-1 with "
        "hasMember); not imported",
    ]


def test_a_patient_without_a_birth_date_keeps_its_sets_out(table: RangeTable) -> None:
    bundle = bundle_of(full_set())
    del bundle["entry"][0]["resource"]["birthDate"]
    problems = _problems(bundle, table)
    assert problems[0].startswith("entry 0 (Patient urn:uuid:") and "birthDate" in problems[0]
    assert "its Patient (entry 0) could not be imported" in problems[1]


def test_other_systems_bundles_are_interpreted_with_this_clinics_table(
    table: RangeTable,
) -> None:
    """No VitalsDesk extensions: the flags are VitalsDesk's own, from this PC's range table."""
    bundle = bundle_of(full_set())
    for e in bundle["entry"]:
        r = e["resource"]
        r.pop("extension", None)
        r.pop("interpretation", None)
        for component in r.get("component", []):
            component.pop("interpretation", None)
        if r.get("code", {}).get("coding", [{}])[0].get("code") == "72514-3":
            r.pop("valueQuantity")
            r["valueInteger"] = 3
    [item] = parse(bundle, table).patients[0].sets
    record = item.record
    assert record.reference_ranges_version == table.version_label
    assert record.measurement("pain_score") is not None
    assert {m.code: m.interpretation for m in record.measurements} == {
        x.code: x.interpretation for x in FULL
    }
    assert record.bmi_category == "overweight" and record.bp_category == "normal"
    systolic = record.measurement("systolic_bp")
    assert systolic is not None and systolic.position is None


def test_no_mangled_bundle_raises(table: RangeTable) -> None:
    """Whatever is removed from a valid bundle, the parser reports; it never raises."""
    original = bundle_of(full_set(status="amended", replaces_uid="dddddddd-0000-4000-8000-0"))
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                paths.append((*path, key))
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                paths.append((*path, i))
                walk(item, (*path, i))

    walk(original, ())
    assert len(paths) > 300
    for n, path in enumerate(paths):
        bundle = copy.deepcopy(original)
        parent = bundle
        for key in path[:-1]:
            parent = parent[key]
        if n % 2:
            del parent[path[-1]]
        else:
            parent[path[-1]] = None
        parse(bundle, table)  # must not raise
