"""Guided blood pressure through the services: the readings are stored with their set (time and
position), the set's BP is their average, and an amendment keeps its own readings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.interop.fhir_checks import by_code, load
from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.bp_readings import bp_readings_of
from vitalsdesk.services.errors import VitalsNotAccepted
from vitalsdesk.services.exchange import ExchangeService
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

READINGS = [
    {
        "systolic": 118,
        "diastolic": 78,
        "taken_at": "2026-11-27T09:30:00-05:00",
        "position": "sitting",
    },
    {
        "systolic": 123,
        "diastolic": 79,
        "taken_at": "2026-11-27T09:31:10-05:00",
        "position": "sitting",
    },
]


def guided(readings: list[dict[str, Any]], **measurements: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:32:00-05:00",
            "measurements": {"heart_rate": {"value": 72, "unit": "/min"}, **measurements},
            "bp_readings": readings,
        }
    )


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


@pytest.fixture
def patient(clinic: Clinic, ma: StaffUserOut) -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Doe",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        ma,
    )


def test_the_readings_are_kept_and_the_set_holds_their_average(clinic, ma, patient, tmp_path):
    # Given in the wrong order: kept in the order they were taken.
    saved = clinic.vitals.record(patient.id, guided(READINGS[::-1]), ma)
    values = {m.code: m.value_text for m in saved.measurements}
    assert values["systolic_bp"] == "121"  # 120.5 half up
    assert values["diastolic_bp"] == "79"  # 78.5 half up
    assert saved.bp_category == "elevated"
    readings = bp_readings_of(clinic.db, saved.id)
    assert [(r.systolic, r.diastolic, r.position, r.unit) for r in readings] == [
        ("118", "78", "sitting", "mm[Hg]"),
        ("123", "79", "sitting", "mm[Hg]"),
    ]
    assert [r.taken_at.isoformat() for r in readings] == [
        "2026-11-27T09:30:00-05:00",
        "2026-11-27T09:31:10-05:00",
    ]
    # An amendment keeps its own readings; the old set keeps its two.
    third = {**READINGS[1], "systolic": 131, "taken_at": "2026-11-27T09:32:20-05:00"}
    amended = clinic.vitals.amend(
        saved.id, saved.version, guided([*READINGS, third]), "added the third reading", ma
    )
    assert len(bp_readings_of(clinic.db, saved.id)) == 2
    assert [r.systolic for r in bp_readings_of(clinic.db, amended.id)] == ["118", "123", "131"]
    assert {m.code: m.value_text for m in amended.measurements}["systolic_bp"] == "124"
    # The export carries each reading of the set from the database.
    admin = clinic_admin(clinic)
    out = tmp_path / "bundle.json"
    ExchangeService(clinic.db, clinic.table, growth_tables=clinic.growth_tables).export_fhir(
        out, admin, mrn="M1"
    )
    raw, _model = load(out.read_text(encoding="utf-8"))  # fhir.resources validates it
    averages = by_code(raw, "96607-7")
    assert len(averages) == 2  # the amended set and the set it replaced
    assert len(by_code(raw, "85354-9")) == 5


def test_a_single_bp_has_no_readings_and_a_bad_reading_is_not_saved(clinic, ma, patient):
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:32:00-05:00",
            "measurements": {
                "systolic_bp": {"value": 118, "unit": "mm[Hg]"},
                "diastolic_bp": {"value": 76, "unit": "mm[Hg]"},
            },
        }
    )
    saved = clinic.vitals.record(patient.id, vitals, ma)
    assert bp_readings_of(clinic.db, saved.id) == []
    bad = {**READINGS[0], "systolic": 450}
    with pytest.raises(VitalsNotAccepted) as caught:
        clinic.vitals.record(patient.id, guided([bad, READINGS[1]]), ma)
    assert caught.value.assessment.errors[0].field == "bp_readings"
    assert [h.id for h in clinic.vitals.history(patient.id)] == [saved.id]


def test_the_clinician_view_shows_the_orthostatic_change(clinic, ma, patient):
    def ortho(sbp: int, dbp: int, pulse: int, at: str, position: str) -> dict[str, Any]:
        return {
            "systolic": sbp,
            "diastolic": dbp,
            "heart_rate": pulse,
            "taken_at": f"2026-11-27T{at}-05:00",
            "position": position,
        }

    readings = [
        ortho(130, 80, 70, "09:25:00", "lying"),
        ortho(118, 76, 84, "09:26:00", "standing"),
        ortho(108, 74, 90, "09:28:05", "standing"),
    ]
    saved = clinic.vitals.record(patient.id, guided(readings), ma)
    assert {m.code: m.value_text for m in saved.measurements}["systolic_bp"] == "130"
    stored = bp_readings_of(clinic.db, saved.id)
    assert [(r.position, r.heart_rate) for r in stored] == [
        ("lying", "70"),
        ("standing", "84"),
        ("standing", "90"),
    ]
    view = clinic.vitals.clinician_view(saved.id, clinic_admin(clinic))
    assert view.orthostatic is not None
    assert [
        (c.minutes_after_lying, c.systolic_drop, c.heart_rate_rise)
        for c in view.orthostatic.standing
    ] == [
        (1, 12, 14),
        (3, 22, 20),
    ]
    assert view.orthostatic.tell_clinician is True
