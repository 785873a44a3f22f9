"""Regenerate docs/hl7/sample-oru.hl7: the ORU^R01 of one fictional vital-sign set.

    .venv/bin/python docs/hl7/make_sample.py

The inputs are fixed here (no database, no clock), so the sample changes only when the message
builder or the shipped reference ranges change; tests/interop/test_hl7.py checks that the file is
still what the code produces. The file shows one segment a line (LF); on the wire each segment
ends with a carriage return.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from vitalsdesk.interop.hl7_oru import Hl7Settings, VisitRecord, build_oru
from vitalsdesk.interop.records import MeasurementRecord, PatientRecord, SetRecord, StaffRef
from vitalsdesk.reference_ranges import shipped_table

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample-oru.hl7"

SETTINGS = Hl7Settings(
    sending_facility="NORTHSIDE",
    receiving_application="EHR",
    receiving_facility="NORTHSIDE-FM",
    assigning_authority="NORTHSIDE-MRN",
    processing_id="P",
)
# A SAMPLE-clinic patient: test data, so MSH-11 says T whatever the settings say.
PATIENT = PatientRecord(
    mrn="DEMO-00002",
    family_name="Rivera",
    given_name="Luis",
    birth_date=date(1971, 3, 9),
    sex="male",
    is_sample=True,
)
MA = StaffRef(username="ma.rivera", display_name="Maria Rivera")
VISIT = VisitRecord(
    visit_number="V-20261127-014", started_at=datetime.fromisoformat("2026-11-27T09:20:00-05:00")
)


def _m(
    code: str, value: str, unit: str, canonical: str, canonical_unit: str, **extra: object
) -> MeasurementRecord:
    return MeasurementRecord(
        code=code,
        value_text=value,
        unit=unit,
        canonical_text=canonical,
        canonical_unit=canonical_unit,
        **extra,  # type: ignore[arg-type]
    )


def sample_message() -> str:
    table = shipped_table()
    vital_set = SetRecord(
        uid="6f1c2a9e-3b7d-4e15-9a40-2c8d5e7f1b23",
        taken_at=datetime.fromisoformat("2026-11-27T09:31:00-05:00"),
        recorded_at=datetime.fromisoformat("2026-11-27T14:32:10+00:00"),
        recorded_by=MA,
        status="final",
        reference_ranges_version=table.version_label,
        bmi_value="27.9",
        bmi_category="overweight",
        bp_category="stage-1",
        measurements=(
            _m(
                "systolic_bp",
                "132",
                "mm[Hg]",
                "132",
                "mm[Hg]",
                interpretation="H",
                position="sitting",
                arm="left",
                cuff_size="adult",
            ),
            _m(
                "diastolic_bp",
                "84",
                "mm[Hg]",
                "84",
                "mm[Hg]",
                interpretation="H",
                position="sitting",
                arm="left",
                cuff_size="adult",
            ),
            _m("heart_rate", "76", "/min", "76", "/min", interpretation="N"),
            _m("respiratory_rate", "16", "/min", "16", "/min", interpretation="N"),
            _m(
                "body_temperature",
                "98.4",
                "[degF]",
                "36.888889",
                "Cel",
                method="oral",
                interpretation="N",
            ),
            _m(
                "oxygen_saturation",
                "97",
                "%",
                "97",
                "%",
                on_supplemental_oxygen=False,
                interpretation="N",
            ),
            _m("body_height", "69", "[in_i]", "175.26", "cm"),
            _m("body_weight", "189.0", "[lb_av]", "85.728958", "kg"),
            _m("pain_score", "2", "{score}", "2", "{score}", interpretation="H"),
        ),
    )
    return build_oru(
        PATIENT,
        vital_set,
        SETTINGS,
        control_id="VD000000000142",
        message_time=datetime.fromisoformat("2026-11-27T14:32:11+00:00"),
        visit=VISIT,
        ranges=table,
    )


def as_file_text(message: str) -> str:
    return message.replace("\r", "\n")


if __name__ == "__main__":
    SAMPLE.write_text(as_file_text(sample_message()), encoding="utf-8")
    print(f"wrote {SAMPLE}")
