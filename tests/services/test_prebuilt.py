"""set_store.Prebuilt: the save's statements on the DBAPI cursor give what SQLAlchemy gives
(the same conversions of dates and aware times, in and out), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.models import Patient, Visit
from vitalsdesk.services.schemas import PatientIn
from vitalsdesk.services.set_store import Prebuilt


def test_prebuilt_statements_convert_as_sqlalchemy_does(clinic: Clinic) -> None:
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    patient = clinic.patients.register(
        PatientIn(
            mrn="P1",
            family_name="Doe",
            given_name="Jo",
            birth_date=date(1975, 2, 28),
            sex=AdministrativeSex.MALE,
        ),
        ma,
    )
    visits: Table = Visit.__table__  # type: ignore[assignment]
    started = datetime(2026, 3, 8, 1, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))
    add = Prebuilt(insert(visits))
    opened = select(visits.c.id, visits.c.started_at, visits.c.ended_at).where(
        visits.c.patient_id == bindparam("patient_id")
    )
    patients: Table = Patient.__table__  # type: ignore[assignment]
    # A literal in the statement (as the audit head's id == 1) is sent as it is.
    facts = select(patients.c.birth_date, patients.c.sex).where(patients.c.id == patient.id)
    with clinic.db.transaction() as s:
        connection = s.connection()
        new_id = add.run(
            connection,
            {
                "patient_id": patient.id,
                "started_at": started,
                "started_by_id": ma.id,
                "uid": "v-1",
            },
        )
        rows = Prebuilt(opened).rows(connection, {"patient_id": patient.id})
        core = [tuple(r) for r in connection.execute(opened, {"patient_id": patient.id})]
        assert rows == core == [(new_id, started.astimezone(UTC), None)]
        found = Prebuilt(facts).rows(connection, {})
        assert found == [tuple(r) for r in connection.execute(facts)]
        assert found == [(date(1975, 2, 28), "male")]


def test_prebuilt_errors_are_sqlalchemys(clinic: Clinic) -> None:
    """A refused write on the cursor raises what a Core statement raises (the callers catch
    SQLAlchemy's errors: the lock retry, a full disk, a read-only file, a conflict)."""
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    visits: Table = Visit.__table__  # type: ignore[assignment]
    add = Prebuilt(insert(visits))
    row = {"patient_id": 999_999, "started_at": datetime.now(UTC), "started_by_id": ma.id}
    with pytest.raises(IntegrityError), clinic.db.transaction() as s:
        add.run(s.connection(), {**row, "uid": "v-1"})  # no such patient: a foreign key
