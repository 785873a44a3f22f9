"""A made-up patient and visit, for the tests, the preview images and the benchmark (no real person).

The names need letters outside Latin-1 on purpose ("Łukasz Nguyễn", "María José Peña Núñez"): a
sheet that prints them prints any name our font covers.

Two ways to a sheet, both through the service's own code (``build_request`` and ``vital_rows``):

- ``sample_request``: no database, for the renderer's tests; the set of vital signs is written out
  here as the database would hand it back, one value flagged, to show that no flag reaches paper.
- ``open_sample_clinic``: a throwaway clinic (plain SQLite in a folder the caller owns) with the
  sample patients and their vitals recorded through the real services; the preview images in
  docs/handouts/ are drawn from it with ``HandoutService.request_for`` and ``preview``, exactly the
  path of a real print.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TypedDict, Unpack

from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.handouts.model import HandoutTemplate
from vitalsdesk.handouts.request import ClinicInfo, HandoutRequest, PageSize, PatientInfo
from vitalsdesk.services.handouts import build_request
from vitalsdesk.services.schemas import MeasurementOut, PatientIn, StaffUserOut, VitalSignSetOut

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
SAMPLE_SEX = {"en": AdministrativeSex.MALE, "es": AdministrativeSex.FEMALE}

SAMPLE_VISIT = date(2026, 11, 27)


class RequestOptions(TypedDict, total=False):
    """The choices SampleClinic.request takes besides the template."""

    large_print: bool
    page_size: PageSize
    clinician_note: str


# Springfield, Illinois in November: Central Standard Time.
SAMPLE_TAKEN_AT = datetime(2026, 11, 27, 10, 42, tzinfo=timezone(timedelta(hours=-6)))
SAMPLE_CLINICIAN = "Dr. Ana Quiñones, MD"

# The vitals as the MA enters them (the `check`/`record` document's "measurements").
SAMPLE_MEASUREMENTS: dict[str, dict[str, object]] = {
    "systolic_bp": {"value": 148, "unit": "mm[Hg]", "position": "sitting", "arm": "left"},
    "diastolic_bp": {"value": 92, "unit": "mm[Hg]", "position": "sitting", "arm": "left"},
    "heart_rate": {"value": 76, "unit": "/min"},
    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
    "oxygen_saturation": {"value": 97, "unit": "%", "on_supplemental_oxygen": False},
    "body_weight": {"value": 172, "unit": "[lb_av]"},
}

# Example values a clinician might fill in; fields left out print as blank lines.
_SAMPLE_FIELDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "wound-care": {
            "closure": "4 stitches",
            "removal_date": "2026-12-07",
            "ointment": "petroleum jelly",
        },
        "immunization": {"vaccines_given": "Influenza (flu), Tdap", "next_dose_date": "2027-10-01"},
        "immunization-child": {
            "vaccines_given": "DTaP, polio (IPV)",
            "next_dose_date": "2027-01-27",
        },
        "after-test": {"test_name": "ECG (electrocardiogram)", "results_by": "2026-12-03"},
        "bp-home-monitoring": {
            "recheck_date": "2026-12-11",
            "call_top": "150",
            "call_bottom": "95",
        },
        "blood-draw": {"results_days": "3"},
        "visit-summary": {
            "visit_reason": "Cough for two weeks.",
            "next_visit_date": "2027-01-15",
        },
    },
    "es": {
        "wound-care": {"closure": "4 puntos", "removal_date": "2026-12-07", "ointment": "vaselina"},
        "immunization": {
            "vaccines_given": "Influenza (gripe), Tdap",
            "next_dose_date": "2027-10-01",
        },
        "immunization-child": {
            "vaccines_given": "DTaP, polio (IPV)",
            "next_dose_date": "2027-01-27",
        },
        "after-test": {"test_name": "Electrocardiograma (ECG)", "results_by": "2026-12-03"},
        "bp-home-monitoring": {
            "recheck_date": "2026-12-11",
            "call_top": "150",
            "call_bottom": "95",
        },
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
            values[spec.name] = {"date": "2026-12-01", "number": str(spec.low)}.get(spec.kind, "—")
    return values


def _measurement(code: str, value: str, unit: str, **extra: object) -> MeasurementOut:
    base: dict[str, object] = {
        "code": code,
        "value_text": value,
        "unit": unit,
        "canonical_text": value,
        "canonical_unit": unit,
        "method": None,
        "position": None,
        "arm": None,
        "cuff_size": None,
        "on_supplemental_oxygen": None,
        "oxygen_flow_text": None,
        "interpretation": "N",
        "confirmed": False,
        "confirm_reason": None,
    }
    return MeasurementOut.model_validate({**base, **extra})


# The sample set as the database hands it back. The blood pressure carries the MA screen's flag
# (H, whose words are made from it) on purpose: the sheet must print the value and never the flag.
SAMPLE_SET = VitalSignSetOut(
    id=1,
    uid="00000000-0000-4000-8000-000000000001",
    patient_id=1,
    taken_at=SAMPLE_TAKEN_AT,
    recorded_at=SAMPLE_TAKEN_AT,
    recorded_by="Sample MA",
    status="final",
    replaces_id=None,
    superseded=False,
    amend_reason=None,
    error_reason=None,
    clinician_notified=False,
    reference_ranges_version="sample",
    bmi_value=None,
    bmi_category=None,
    bp_category="stage-2",
    version=1,
    measurements=[
        _measurement(
            "systolic_bp",
            "148",
            "mm[Hg]",
            position="sitting",
            arm="left",
            interpretation="H",
        ),
        _measurement(
            "diastolic_bp",
            "92",
            "mm[Hg]",
            position="sitting",
            arm="left",
            interpretation="H",
        ),
        _measurement("heart_rate", "76", "/min"),
        _measurement("body_temperature", "98.6", "[degF]", method="oral"),
        _measurement("oxygen_saturation", "97", "%", on_supplemental_oxygen=False),
        _measurement("body_weight", "172", "[lb_av]", interpretation=None),
    ],
)


def sample_request(
    template: HandoutTemplate,
    *,
    large_print: bool = False,
    page_size: PageSize = "letter",
    vitals: VitalSignSetOut | None = SAMPLE_SET,
    clinician_note: str = "",
) -> HandoutRequest:
    """The sample sheet's request, made by the service's ``build_request`` (no database)."""
    language = template.language if template.language in SAMPLE_PATIENTS else "en"
    return build_request(
        template,
        clinic=SAMPLE_CLINIC,
        patient=SAMPLE_PATIENTS[language],
        visit_date=SAMPLE_VISIT,
        vitals=vitals,
        fields=sample_fields(template),
        page_size=page_size,
        large_print=large_print,
        clinician_name=SAMPLE_CLINICIAN,
        clinician_note=clinician_note,
    )


@dataclass
class SampleClinic:
    clinic: Clinic
    patient_ids: dict[str, int]
    vitals: dict[str, VitalSignSetOut]
    staff: StaffUserOut  # the sample clinic's administrator, signed in

    def request(
        self,
        template: HandoutTemplate,
        *,
        large_print: bool = False,
        page_size: PageSize = "letter",
        clinician_note: str = "",
    ) -> HandoutRequest:
        language = template.language if template.language in self.patient_ids else "en"
        return self.clinic.handouts.request_for(
            self.patient_ids[language],
            template,
            fields=sample_fields(template),
            large_print=large_print,
            page_size=page_size,
            clinician_name=SAMPLE_CLINICIAN,
            clinician_note=clinician_note,
            vitals=self.vitals[language],
            visit_date=SAMPLE_VISIT,
        )

    def preview(self, template: HandoutTemplate, **options: Unpack[RequestOptions]) -> bytes:
        """The sheet exactly as the app previews and prints it (a preview is not recorded)."""
        return self.clinic.handouts.preview(template, self.request(template, **options))


def _settings_toml(page_size: PageSize) -> str:
    address = SAMPLE_CLINIC.address.replace("\n", "\\n")
    return (
        f'page_size = "{page_size}"\n'
        # A throwaway folder with a made-up patient: no key to keep in the OS keyring.
        "encrypt_database = false\n"
        "[clinic]\n"
        f'name = "{SAMPLE_CLINIC.name}"\n'
        f'address = "{address}"\n'
        f'phone = "{SAMPLE_CLINIC.phone}"\n'
    )


@contextmanager
def open_sample_clinic(
    folder: Path,
    measurements: dict[str, dict[str, object]] | None = None,
    *,
    page_size: PageSize = "letter",
    clinician_notified: bool = False,
    url: str | None = None,
) -> Iterator[SampleClinic]:
    """A clinic in ``folder`` (empty or new) with the two sample patients and one set of vitals
    each, recorded through the services (so the clinical rules interpret them for real)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(_settings_toml(page_size), encoding="utf-8")
    clinic = open_clinic(folder, url=url)
    try:
        if not clinic.accounts.has_users():
            clinic.accounts.add_user("sample-admin", "sample-password", "admin", "Sample Admin")
        staff = clinic.accounts.sign_in("sample-admin", "sample-password")
        ids: dict[str, int] = {}
        sets: dict[str, VitalSignSetOut] = {}
        for language, info in SAMPLE_PATIENTS.items():
            patient = clinic.patients.register(
                PatientIn(
                    mrn=info.mrn,
                    family_name=info.family_name,
                    given_name=info.given_name,
                    birth_date=info.birth_date,
                    sex=SAMPLE_SEX[language],
                    preferred_language="es" if language == "es" else "en",
                ),
                staff,
            )
            document = VitalSignSet.model_validate(
                {
                    "birth_date": info.birth_date.isoformat(),
                    "sex": SAMPLE_SEX[language],
                    "taken_at": SAMPLE_TAKEN_AT.isoformat(),
                    "measurements": measurements or SAMPLE_MEASUREMENTS,
                }
            )
            ids[language] = patient.id
            sets[language] = clinic.vitals.record(
                patient.id, document, staff, clinician_notified=clinician_notified
            )
        yield SampleClinic(clinic, ids, sets, staff)
    finally:
        clinic.close()
