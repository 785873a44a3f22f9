"""The fast NDJSON writer (`fhir_ndjson`) gives, for every kind of set, the very resources of
`fhir_export` (which the Bundle export writes): amended, entered in error, imported, from a
device, guided and orthostatic BP, in a visit, acknowledged, a child's with growth percentiles,
test data, every unit. Compared line by line as parsed JSON with every number as written, and
each line read back with the FHIR R4 models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation

from tests.interop.samples import FULL, MA, PATIENT, full_set, m
from vitalsdesk.clinical.orthostatic import ORTHOSTATIC_POSITIONS
from vitalsdesk.growth_tables import shipped_growth_tables
from vitalsdesk.interop import codes as c
from vitalsdesk.interop import fhir_export as fx
from vitalsdesk.interop import fhir_ndjson
from vitalsdesk.interop.records import (
    BpReadingRecord,
    DeviceRef,
    PatientRecord,
    SetRecord,
    StaffRef,
    VisitRecord,
)

PATIENT_URL = "urn:uuid:0b7f6f7e-5a8e-5d8c-9e0f-123456789abc"
CUFF = DeviceRef(uid="dev-1", name='Room 2 "cuff"', model="BP-7", serial="S1", manufacturer="Omr")
OXIMETER = DeviceRef(uid="dev-2", name="Oxímetro")
DOCTOR = StaffRef(username="dr1", display_name="Dr Bo")
CHILD = PatientRecord(
    mrn="C-1", family_name="Lee", given_name="Kim", birth_date=date(2022, 3, 1), sex="male"
)
SAMPLE = PATIENT.model_copy(update={"is_sample": True, "mrn": "S-1"})
UNKNOWN_SEX = PATIENT.model_copy(update={"sex": "unknown", "birth_date": date(2020, 1, 1)})
VISIT = VisitRecord(
    uid="v-1",
    started_at=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
    ended_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
)
OPEN_VISIT = VisitRecord(uid="v-2", started_at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC))


def _uid(n: int) -> str:
    return f"{n:08d}-1111-4111-8111-111111111111"


def _replace(code: str, **changes: Any) -> tuple[Any, ...]:
    return tuple(x.model_copy(update=changes) if x.code == code else x for x in FULL)


def _reading(sbp: str, dbp: str, at: str, position: str, pulse: str | None = None) -> Any:
    return BpReadingRecord(
        systolic_text=sbp,
        diastolic_text=dbp,
        unit="mm[Hg]",
        taken_at=datetime.fromisoformat(f"2026-11-27T{at}-05:00"),
        position=position,
        heart_rate_text=pulse,
    )


def every_kind_of_set() -> list[tuple[PatientRecord, SetRecord]]:
    """One of each kind, for an adult unless said."""
    n = iter(range(1, 1000))
    sets: list[SetRecord] = [
        full_set(_uid(next(n))),
        full_set(_uid(next(n)), measurements=FULL[2:4], bmi_value=None, bp_category=None),
        # Flags missing or set; BP with one value only; confirmed values with and without reason.
        full_set(_uid(next(n)), measurements=_replace("systolic_bp", interpretation="HH")),
        full_set(
            _uid(next(n)),
            measurements=(FULL[1], FULL[2]),
            bmi_value=None,
            bp_category="stage-2",
        ),
        full_set(_uid(next(n)), measurements=(FULL[0],), bmi_value=None),
        full_set(
            _uid(next(n)),
            measurements=tuple(
                x.model_copy(update={"interpretation": None, "confirmed": True})
                for x in FULL
                if x.code != "oxygen_saturation"
            ),
            bmi_confirm_reason="checked twice",
            bmi_category=None,
        ),
        full_set(
            _uid(next(n)),
            measurements=_replace("heart_rate", confirmed=True, confirm_reason='said "ok"'),
        ),
        # Values from devices (on BP: the systolic's, else the diastolic's).
        full_set(
            _uid(next(n)),
            measurements=tuple(
                x.model_copy(update={"device": CUFF})
                if x.code in ("diastolic_bp", "heart_rate")
                else x.model_copy(update={"device": OXIMETER})
                if x.code == "oxygen_saturation"
                else x
                for x in FULL
            ),
        ),
        # Oxygen: on room air; on oxygen without the flow written down.
        full_set(
            _uid(next(n)), measurements=_replace("oxygen_saturation", on_supplemental_oxygen=False)
        ),
        full_set(_uid(next(n)), measurements=_replace("oxygen_saturation", oxygen_flow_text=None)),
        # BP detail missing or unknown to the code tables.
        full_set(
            _uid(next(n)),
            measurements=tuple(
                x.model_copy(update={"position": None, "arm": "tail", "cuff_size": "xl-thigh"})
                if x.code in ("systolic_bp", "diastolic_bp")
                else x
                for x in FULL
            ),
        ),
        # Imported: the source's people and what it reported.
        full_set(
            _uid(next(n)),
            recorded_by=None,
            source_performer="Dr. Zoë <EHR>",
            source_clinician_notified=True,
            clinician_notified=True,
        ),
        full_set(
            _uid(next(n)), recorded_by=None, source_performer="x", source_clinician_notified=False
        ),
        # Visits and an acknowledged critical value.
        full_set(_uid(next(n)), visit=VISIT),
        full_set(_uid(next(n)), visit=OPEN_VISIT, status="preliminary"),
        full_set(
            _uid(next(n)),
            visit=VISIT,
            clinician_notified=True,
            acknowledged_by=DOCTOR,
            acknowledged_at=datetime(2026, 11, 27, 14, 40, tzinfo=UTC),
        ),
        # Guided BP: averaged; orthostatic.
        full_set(
            _uid(next(n)),
            bp_readings=(
                _reading("118", "78", "09:28:00", "sitting"),
                _reading("123", "79", "09:29:10", "sitting"),
            ),
        ),
        full_set(
            _uid(next(n)),
            bp_readings=tuple(
                _reading(str(120 - 5 * i), "80", f"09:3{i}:00", position, str(70 + 5 * i))
                for i, position in enumerate(ORTHOSTATIC_POSITIONS)
            ),
        ),
    ]
    # Amended (with and without the set it replaces in the file), then entered in error.
    original = full_set(_uid(next(n)), superseded=True)
    sets += [
        original,
        full_set(
            _uid(next(n)),
            status="amended",
            replaces_uid=original.uid,
            amend_reason="typed 27 for 72",
            measurements=FULL[2:],
        ),
        full_set(_uid(next(n)), status="amended", replaces_uid=_uid(999), amend_reason="r"),
        full_set(
            _uid(next(n)),
            status="entered-in-error",
            error_reason="wrong patient",
            error_marked_at=datetime(2026, 11, 28, 8, 0, tzinfo=UTC),
            error_marked_by=MA,
        ),
        full_set(
            _uid(next(n)),
            status="entered-in-error",
            recorded_by=None,
            source_performer="EHR nurse",
            source_error_marked_by="EHR clerk",
        ),
    ]
    # Every unit the export knows, on a member of its kind, as typed and exactly as written.
    lengths = {"cm", "[in_i]", "m"}
    for unit in c.UNIT_TEXT:
        code = (
            "body_height"
            if unit in lengths
            else "systolic_bp"
            if unit in ("mm[Hg]", "kPa")
            else "body_weight"
        )
        value = m(code, "072.50" if unit == "kg" else "1.750", unit, "175.0", "cm")
        sets.append(full_set(_uid(next(n)), measurements=(value, *FULL[2:6]), bmi_value=None))
    for method in (*c.TEMPERATURE_METHOD, "forehead-guess", None):
        sets.append(
            full_set(_uid(next(n)), measurements=_replace("body_temperature", method=method))
        )
    out = [(PATIENT, s) for s in sets]
    # A child's sets (growth percentiles), one before the birth date, and test data.
    child_measures = (
        m("body_height", "92.5", "cm", "92.5"),
        m("body_weight", "14.1", "kg", "14.1"),
        m("head_circumference", "49.0", "cm", "49.0"),
    )
    out += [
        (CHILD, full_set(_uid(next(n)), measurements=child_measures, bmi_value="16.5")),
        (CHILD, full_set(_uid(next(n)), measurements=child_measures, bmi_value=None)),
        (
            CHILD,
            full_set(
                _uid(next(n)),
                measurements=child_measures,
                taken_at=datetime(2021, 1, 1, tzinfo=UTC),
            ),
        ),
        (UNKNOWN_SEX, full_set(_uid(next(n)), measurements=child_measures, bmi_value="16.5")),
        (SAMPLE, full_set(_uid(next(n)), visit=VISIT)),
        (SAMPLE, full_set(_uid(next(n)), recorded_by=None, source_performer="sample source")),
    ]
    return out


def _kind_of(url: str) -> str:
    return "Patient" if url == PATIENT_URL else "Observation"


def _people_kind(url: str) -> str:
    kinds = {fx.device_url(d.uid): "Device" for d in (CUFF, OXIMETER)}
    kinds.update({fx.encounter_url(v.uid): "Encounter" for v in (VISIT, OPEN_VISIT)})
    for ref in (MA, DOCTOR):
        kinds[fx.practitioner_url(ref.username)] = "Practitioner"
    for text in ("Dr. Zoë <EHR>", "x", "EHR nurse", "EHR clerk", "sample source"):
        kinds[fx.source_person_url(text)] = "Practitioner"
    return kinds.get(url) or _kind_of(url)


def _parsed(line: str) -> Any:
    """The JSON with each number as written (37.50 is not 37.5)."""
    return json.loads(line, parse_float=lambda x: ("n", x), parse_int=lambda x: ("n", x))


@pytest.mark.parametrize("growth", [True, False], ids=["growth tables", "no growth tables"])
def test_every_kind_of_set_gives_the_resources_of_the_bundle_export(growth: bool) -> None:
    tables = shipped_growth_tables() if growth else None
    writer = fhir_ndjson.NdjsonSets(tables)
    sets = every_kind_of_set()
    by_uid = {s.uid: s for _, s in sets}
    lines = 0
    for patient, s in sets:
        expected = [
            fx.ndjson_line(entry, _people_kind)
            for entry in fx.set_entries(s, patient, PATIENT_URL, by_uid, tables)
        ]
        got = writer.lines(s, patient, PATIENT_URL, by_uid, _people_kind)
        assert [_parsed(x) for x in got] == [_parsed(x) for x in expected], s.uid
        for line in got:
            Observation.model_validate_json(line)  # a valid FHIR R4 Observation
        lines += len(got)
    assert lines > 8 * len(sets)
    percentiles = {f'"{spec.vital.concept.code}"' for spec in c.GROWTH_PERCENTILES}
    child = writer.lines(sets[-6][1], CHILD, PATIENT_URL, by_uid, _people_kind)
    # The child's set gives growth percentiles when the tables are there.
    assert any(code in line for code in percentiles for line in child) == growth


def test_the_fast_encoder_writes_what_the_exact_encoder_writes() -> None:
    from vitalsdesk.interop.exact_json import Number, dumps

    data = {"a": [Number("37.50"), Number("072")], "b": 'q"\\\n\t\x01é\u2028', "c": None}
    assert fhir_ndjson.encode(data) == dumps(data, indent=None)
    for name in ("a/panel", "é/bp", ""):
        assert fhir_ndjson.uuid5(name) == fx._uuid5(name)
