"""Interchange records for the pure FHIR/CSV tests: one adult, one full set of vital signs.

Canonical values and flags are the ones the clinical core gives for these inputs (see
tests/services/test_vitals.py): 98.6 [degF] -> 37 Cel, 154.0 [lb_av] -> 69.853225 kg, BMI 25.6.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from vitalsdesk.interop.records import (
    MeasurementRecord,
    PatientExport,
    PatientRecord,
    SetRecord,
    StaffRef,
)

PATIENT = PatientRecord(
    mrn="M-1",
    family_name="Peña",
    given_name="Jane",
    birth_date=date(1980, 6, 15),
    sex="female",
    preferred_language="es",
)
MA = StaffRef(username="ma1", display_name="Ana MA")
TAKEN = datetime.fromisoformat("2026-11-27T09:30:00-05:00")
RECORDED = datetime.fromisoformat("2026-11-27T14:31:05+00:00")


def m(
    code: str,
    value: str,
    unit: str,
    canonical: str,
    canonical_unit: str | None = None,
    **extra: Any,
) -> MeasurementRecord:
    return MeasurementRecord(
        code=code,
        value_text=value,
        unit=unit,
        canonical_text=canonical,
        canonical_unit=canonical_unit or unit,
        **extra,
    )


BP_DETAIL = {"position": "sitting", "arm": "left", "cuff_size": "adult"}
FULL = (
    m("systolic_bp", "118", "mm[Hg]", "118", interpretation="N", **BP_DETAIL),
    m("diastolic_bp", "76", "mm[Hg]", "76", interpretation="N", **BP_DETAIL),
    m("heart_rate", "72", "/min", "72", interpretation="N"),
    m("respiratory_rate", "16", "/min", "16", interpretation="N"),
    m("body_temperature", "98.6", "[degF]", "37", "Cel", method="oral", interpretation="N"),
    m(
        "oxygen_saturation",
        "97",
        "%",
        "97",
        on_supplemental_oxygen=True,
        oxygen_flow_text="2",
        interpretation="N",
    ),
    m("body_height", "65", "[in_i]", "165.1", "cm"),
    m("body_weight", "154.0", "[lb_av]", "69.853225", "kg"),
    m("pain_score", "3", "{score}", "3", interpretation="H"),
)


def full_set(uid: str = "11111111-1111-4111-8111-111111111111", **changes: Any) -> SetRecord:
    data: dict[str, Any] = {
        "uid": uid,
        "taken_at": TAKEN,
        "recorded_at": RECORDED,
        "recorded_by": MA,
        "status": "final",
        "clinician_notified": False,
        "reference_ranges_version": "vitalsdesk-default 2026.11.1",
        "bmi_value": "25.6",
        "bmi_category": "overweight",
        "bp_category": "normal",
        "measurements": FULL,
    }
    data.update(changes)
    return SetRecord(**data)


def export_of(*sets: SetRecord, patient: PatientRecord = PATIENT) -> list[PatientExport]:
    return [PatientExport(patient=patient, sets=sets)]
