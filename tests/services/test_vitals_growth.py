"""Children's growth in the services (decision 17): the implausible-value confirm tier when a set
is recorded, percentiles, z-scores and the BMI category in the clinician view, percentiles in the
FHIR export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.errors import VitalsNotAccepted
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

UNUSUAL = "is unusual for this age — measure again, then confirm."


def register(clinic: Clinic, by: StaffUserOut, mrn: str, born: date, sex: str) -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name="Kim",
            given_name="Sam",
            birth_date=born,
            sex=AdministrativeSex(sex),
        ),
        by,
    )


def reading(
    patient: PatientOut, taken: str, confirmed: dict[str, str] | None = None, **values: Any
) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": taken,
            "measurements": values,
            "confirmed": sorted(confirmed or {}),
            "confirmation_reasons": confirmed or {},
        }
    )


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


def test_a_30_month_old_of_45_kg_is_saved_only_confirmed_with_a_reason(
    clinic: Clinic, ma: StaffUserOut
) -> None:
    toddler = register(clinic, ma, "T1", date(2024, 1, 15), "male")
    heavy: dict[str, Any] = {"body_weight": {"value": 45, "unit": "kg"}}
    taken = "2026-07-15T10:00:00-05:00"
    with pytest.raises(VitalsNotAccepted) as exc:
        clinic.vitals.record(toddler.id, reading(toddler, taken, **heavy), ma)
    [problem] = exc.value.assessment.needs_confirmation
    assert (problem.field, problem.message) == ("body_weight", f"Weight 45 kg {UNUSUAL}")
    assert clinic.vitals.history(toddler.id) == []

    saved = clinic.vitals.record(
        toddler.id,
        reading(toddler, taken, {"body_weight": "re-weighed without the coat"}, **heavy),
        ma,
    )
    weight = saved.measurement("body_weight")
    assert weight is not None and weight.confirmed
    assert weight.confirm_reason == "re-weighed without the coat"


@pytest.fixture
def girl(sqlite_clinic: Clinic) -> tuple[Clinic, StaffUserOut, StaffUserOut, PatientOut]:
    clinic = sqlite_clinic
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    doctor = add_staff(clinic, "dr1", "password-one", "clinician", "Dr. One")
    return clinic, ma, doctor, register(clinic, ma, "G1", date(2016, 5, 2), "female")


def test_the_clinician_view_holds_percentiles_z_and_the_bmi_category(girl: Any) -> None:
    clinic, ma, doctor, patient = girl
    saved = clinic.vitals.record(
        patient.id,
        reading(
            patient,
            "2026-11-27T09:30:00-05:00",
            body_height={"value": 138, "unit": "cm"},
            body_weight={"value": 32, "unit": "kg"},
        ),
        ma,
    )
    # 32 / 1.38² = 16.8, between a 10-year-old girl's CDC 5th and 85th percentiles (14.0, 20.0).
    assert (saved.bmi_value, saved.bmi_category) == ("16.8", "healthy-weight")
    view = clinic.vitals.clinician_view(saved.id, doctor)
    assert view.bmi_category == "healthy-weight"
    assert view.growth is not None
    assert set(view.growth) == {"weight_for_age", "height_for_age", "bmi_for_age"}
    for value in view.growth.values():
        assert value.reference == "CDC 2000 growth charts"
        assert value.z == value.z.quantize(Decimal("0.01"))
        assert value.percentile == value.percentile.quantize(Decimal("0.1"))
        assert Decimal(0) <= value.percentile <= Decimal(100)
    bmi = view.growth["bmi_for_age"]
    assert bmi.category == "healthy-weight"
    # CDC's 95th percentile for a girl at 10 y 7 mo is about 23.6: 16.8 is about 71 % of it.
    assert bmi.percent_of_p95 is not None and Decimal(65) < bmi.percent_of_p95 < Decimal(75)
    assert view.growth_note == ""


def test_the_clinician_view_of_an_adult_has_no_growth(sqlite_clinic: Clinic) -> None:
    clinic = sqlite_clinic
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    doctor = add_staff(clinic, "dr1", "password-one", "clinician", "Dr. One")
    adult = register(clinic, ma, "A1", date(1980, 6, 15), "female")
    saved = clinic.vitals.record(
        adult.id,
        reading(
            adult,
            "2026-11-27T09:30:00-05:00",
            body_height={"value": 165, "unit": "cm"},
            body_weight={"value": 70, "unit": "kg"},
        ),
        ma,
    )
    view = clinic.vitals.clinician_view(saved.id, doctor)
    assert view.growth is None and view.bmi_category == "overweight"  # 25.7


def test_no_percentiles_for_a_sex_the_charts_are_not_drawn_for(sqlite_clinic: Clinic) -> None:
    clinic = sqlite_clinic
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    doctor = add_staff(clinic, "dr1", "password-one", "clinician", "Dr. One")
    child = register(clinic, ma, "U1", date(2020, 3, 1), "unknown")
    saved = clinic.vitals.record(
        child.id,
        reading(child, "2026-11-27T09:30:00-05:00", body_weight={"value": 20, "unit": "kg"}),
        ma,
    )
    view = clinic.vitals.clinician_view(saved.id, doctor)
    assert view.growth == {}
    assert "sex" in view.growth_note


def test_the_fhir_export_of_a_child_carries_the_percentiles(girl: Any, tmp_path: Path) -> None:
    from tests.interop.fhir_checks import by_code, check_bundle

    clinic, ma, _doctor, patient = girl
    clinic.vitals.record(
        patient.id,
        reading(
            patient,
            "2026-11-27T09:30:00-05:00",
            body_height={"value": 138, "unit": "cm"},
            body_weight={"value": 32, "unit": "kg"},
        ),
        ma,
    )
    admin = clinic.accounts.sign_in("test-admin", "password-admin")
    summary = clinic.exchange.export_fhir(tmp_path / "child.json", admin, mrn="G1")
    raw = check_bundle((tmp_path / "child.json").read_text(encoding="utf-8"))
    assert summary.observations == 1 + 3 + 3  # panel, height, weight, BMI, three percentiles
    view = clinic.vitals.clinician_view(
        clinic.vitals.history(patient.id)[0].id,
        clinic.accounts.sign_in("dr1", "password-one"),
    )
    assert view.growth is not None
    [bmi_percentile] = by_code(raw, "59576-9")
    assert bmi_percentile["valueQuantity"]["value"] == view.growth["bmi_for_age"].percentile
