"""A handout print records the set that was on the sheet, and only a set of that patient."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import HandoutPrint
from vitalsdesk.services.errors import InvalidInput
from vitalsdesk.services.schemas import PatientIn


def test_the_print_records_the_set_on_the_sheet(clinic: Clinic) -> None:
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    patients = [
        clinic.patients.register(
            PatientIn(
                mrn=mrn,
                family_name="Doe",
                given_name="Jane",
                birth_date=date(1980, 6, 15),
                sex=AdministrativeSex.FEMALE,
            ),
            ma,
        )
        for mrn in ("M1", "M2")
    ]
    taken = datetime.now(UTC).replace(microsecond=0)
    sets = [
        clinic.vitals.record(
            p.id,
            VitalSignSet.model_validate(
                {
                    "birth_date": "1980-06-15",
                    "sex": "female",
                    "taken_at": taken.isoformat(),
                    "measurements": {"heart_rate": {"value": 70, "unit": "/min"}},
                }
            ),
            ma,
        )
        for p in patients
    ]
    on = sets[0].taken_at.date()
    assert [s.id for s in clinic.handouts.todays_sets(patients[0].id, on)] == [sets[0].id]
    template = clinic.handouts.template("blood-draw", "en")
    request = clinic.handouts.request_for(patients[0].id, template, vitals=sets[0], visit_date=on)
    clinic.handouts.produce(patients[0].id, template, request, ma, "print", set_id=sets[0].id)
    with pytest.raises(InvalidInput, match="not this patient's"):
        clinic.handouts.produce(patients[0].id, template, request, ma, "print", set_id=sets[1].id)
    with clinic.db.transaction() as s:
        assert list(s.scalars(select(HandoutPrint.set_id))) == [sets[0].id]
