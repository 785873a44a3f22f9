"""A made-up patient and visit, for previews, the benchmark and the tests (no real person).

The names need letters outside Latin-1 on purpose ("Łukasz Nguyễn", "María José Peña Núñez"): a
sheet that prints them prints any name our font covers.
"""

from __future__ import annotations

from datetime import date

from vitalsdesk.handouts.model import HandoutTemplate
from vitalsdesk.handouts.request import (
    ClinicInfo,
    HandoutRequest,
    PageSize,
    PatientInfo,
    VitalRow,
)

SAMPLE_CLINIC = ClinicInfo(
    name="Riverside Family Clinic",
    address="1200 Main Street, Suite 4\nSpringfield, IL 62701",
    phone="(217) 555-0134",
)

SAMPLE_PATIENTS = {
    "en": PatientInfo(
        family_name="Nguyễn",
        given_name="Łukasz",
        birth_date=date(1961, 3, 5),
        mrn="MRN0048213",
    ),
    "es": PatientInfo(
        family_name="Peña Núñez",
        given_name="María José",
        birth_date=date(1987, 11, 22),
        mrn="MRN0051977",
    ),
}

_FLAG_HIGH = {
    "en": "Above the reference range — tell the clinician",
    "es": "Por encima del rango de referencia — avise al profesional de salud",
}
_VITAL_LABELS = {
    "en": ("Blood pressure", "Pulse", "Temperature (oral)", "Oxygen (SpO2, room air)", "Weight"),
    "es": (
        "Presión arterial",
        "Pulso",
        "Temperatura (oral)",
        "Oxígeno (SpO2, aire ambiente)",
        "Peso",
    ),
}

# Example values a clinician might fill in; fields left out print as blank lines.
_SAMPLE_FIELDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "wound-care": {"removal_date": "2026-12-07", "ointment": "petroleum jelly"},
        "immunization": {"vaccines_given": "Influenza (flu), Tdap", "next_dose_date": "2027-10-01"},
        "after-test": {"test_name": "ECG (electrocardiogram)", "results_by": "2026-12-03"},
        "bp-home-monitoring": {"recheck_date": "2026-12-11", "call_top": "150"},
        "blood-draw": {"results_days": "3"},
        "visit-summary": {
            "visit_reason": "Cough for two weeks.",
            "next_visit_date": "2027-01-15",
        },
    },
    "es": {
        "wound-care": {"removal_date": "2026-12-07", "ointment": "vaselina"},
        "immunization": {
            "vaccines_given": "Influenza (gripe), Tdap",
            "next_dose_date": "2027-10-01",
        },
        "after-test": {"test_name": "Electrocardiograma (ECG)", "results_by": "2026-12-03"},
        "bp-home-monitoring": {"recheck_date": "2026-12-11", "call_top": "150"},
        "blood-draw": {"results_days": "3"},
        "visit-summary": {
            "visit_reason": "Tos desde hace dos semanas.",
            "next_visit_date": "2027-01-15",
        },
    },
}


def sample_fields(template: HandoutTemplate) -> dict[str, str]:
    """Example values for the template's fields, every required one included."""
    language = template.language if template.language in _SAMPLE_FIELDS else "en"
    values = dict(_SAMPLE_FIELDS[language].get(template.id, {}))
    for spec in template.fields:
        if spec.required and spec.name not in values and spec.default is None:
            values[spec.name] = {"date": "2026-12-01", "number": "1"}.get(spec.kind, "—")
    return values


def sample_request(
    template: HandoutTemplate,
    *,
    large_print: bool = False,
    page_size: PageSize = "letter",
) -> HandoutRequest:
    language = template.language if template.language in SAMPLE_PATIENTS else "en"
    bp, pulse, temp, spo2, weight = _VITAL_LABELS[language]
    return HandoutRequest(
        clinic=SAMPLE_CLINIC,
        patient=SAMPLE_PATIENTS[language],
        visit_date=date(2026, 11, 27),
        vitals=[
            VitalRow(label=bp, value="148/92 mmHg", flag=_FLAG_HIGH[language]),
            VitalRow(label=pulse, value="76 /min"),
            VitalRow(label=temp, value="98.6 °F"),
            VitalRow(label=spo2, value="97 %"),
            VitalRow(label=weight, value="172 lb"),
        ],
        fields=sample_fields(template),
        page_size=page_size,
        large_print=large_print,
        language=template.language,
        clinician_name="Dr. Ana Quiñones, MD",
    )
