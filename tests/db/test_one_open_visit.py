"""At most one open visit per patient, in the schema itself (migration 0011), on SQLite and
PostgreSQL: the index, its condition, and the migration of a database that already holds two."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Table, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db import migrate
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Patient, StaffUser, Visit
from vitalsdesk.services.schemas import PatientIn, PatientOut
from vitalsdesk.services.visits import ONE_OPEN_VISIT_INDEX, lost_visit_race

VISITS: Table = Visit.__table__  # type: ignore[assignment]


@pytest.fixture
def patient(clinic: Clinic) -> PatientOut:
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
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


def open_visits(db: Database, patient_id: int) -> list[int]:
    with db.transaction() as s:
        return list(
            s.scalars(
                select(Visit.id).where(Visit.patient_id == patient_id, Visit.ended_at.is_(None))
            )
        )


def test_the_database_refuses_a_second_open_visit(clinic: Clinic, patient: PatientOut) -> None:
    """On both back ends, whatever writes it: one open visit per patient; ended ones are free."""
    now = datetime.now(UTC)
    with clinic.db.transaction() as s:
        s.execute(insert(VISITS).values(patient_id=patient.id, started_at=now, ended_at=now))
        s.execute(insert(VISITS).values(patient_id=patient.id, started_at=now, ended_at=now))
        s.execute(insert(VISITS).values(patient_id=patient.id, started_at=now))
    with pytest.raises(IntegrityError) as refused, clinic.db.transaction() as s:
        s.execute(insert(VISITS).values(patient_id=patient.id, started_at=now))
    assert lost_visit_race(refused.value)  # what the services recognise and join
    assert len(open_visits(clinic.db, patient.id)) == 1


def test_the_migration_makes_the_index_the_model_declares(clinic: Clinic) -> None:
    """The partial index's condition, which the schema comparison with the models does not look
    at: the migrated database's index is the model's (unique, open visits only)."""
    [index] = [i for i in VISITS.indexes if i.name == ONE_OPEN_VISIT_INDEX]
    dialect = clinic.db.engine.dialect.name
    declared = str(index.dialect_options[dialect]["where"])
    with clinic.db.engine.connect() as connection:
        if dialect == "sqlite":
            made = connection.execute(
                text("SELECT sql FROM sqlite_schema WHERE name = :n"), {"n": ONE_OPEN_VISIT_INDEX}
            ).scalar_one()
        else:
            made = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                {"n": ONE_OPEN_VISIT_INDEX},
            ).scalar_one()
        connection.rollback()
    assert index.unique and "UNIQUE INDEX" in made.upper()
    assert declared == "ended_at IS NULL" and declared in made.replace("(", "").replace(")", "")


@pytest.fixture
def at_0010(database_url: str) -> Iterator[Database]:
    """A database built by the migrations up to 0010 (no index yet), empty."""
    db = Database(database_url)
    try:
        migrate.upgrade(db, revision="0010")
        yield db
    finally:
        db.dispose()


def test_0011_ends_the_extra_open_visits_a_database_holds(at_0010: Database) -> None:
    """What the race left behind: the newest open visit stays open, each older one ends where the
    next one started ("new_visit"); other patients' and ended visits are left alone. The
    downgrade drops the index (and a second open visit can be written again)."""
    db = at_0010
    t0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    with db.transaction() as s:
        ma = StaffUser(username="ma", display_name="MA", role="assistant")
        twice = Patient(
            mrn="A", family_name="A", given_name="A", family_key="a", given_key="a",
            birth_date=date(1980, 1, 1), sex="female",
        )  # fmt: skip
        once = Patient(
            mrn="B", family_name="B", given_name="B", family_key="b", given_key="b",
            birth_date=date(1980, 1, 1), sex="male",
        )  # fmt: skip
        s.add_all([ma, twice, once])
        s.flush()
        # Patient A: one visit ended long ago, then three open (two PCs and a third), inserted
        # out of order; patient B: one open visit.
        rows = {
            "ended": Visit(patient_id=twice.id, started_at=t0 - timedelta(days=1),
                           ended_at=t0 - timedelta(days=1, hours=-1), end_reason="sign_out"),
            "newest": Visit(patient_id=twice.id, started_at=t0 + timedelta(seconds=5)),
            "oldest": Visit(patient_id=twice.id, started_at=t0, started_by_id=ma.id),
            "middle": Visit(patient_id=twice.id, started_at=t0 + timedelta(microseconds=1500)),
            "other": Visit(patient_id=once.id, started_at=t0),
        }  # fmt: skip
        s.add_all(rows.values())
        s.flush()
        ids = {name: visit.id for name, visit in rows.items()}
        twice_id, once_id = twice.id, once.id

    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    with db.transaction() as s:
        found = {v.id: v for v in s.scalars(select(Visit))}
    ended, newest, oldest, middle, other = (found[ids[n]] for n in rows)
    assert oldest.ended_at == middle.started_at == t0 + timedelta(microseconds=1500)
    assert middle.ended_at == newest.started_at == t0 + timedelta(seconds=5)
    assert oldest.end_reason == middle.end_reason == "new_visit"
    assert oldest.ended_by_id is None and middle.ended_by_id is None
    assert (ended.ended_at, ended.end_reason) == (t0 - timedelta(hours=23), "sign_out")
    assert open_visits(db, twice_id) == [newest.id] and open_visits(db, once_id) == [other.id]
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.execute(insert(VISITS).values(patient_id=once_id, started_at=t0))

    config = migrate._config()
    with migrate.migration_connection(db) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    assert migrate.current_revision(db) == "0010"
    with db.engine.connect() as connection:
        names = {i["name"] for i in inspect(connection).get_indexes("visit")}
        connection.rollback()
    assert ONE_OPEN_VISIT_INDEX not in names
    with db.transaction() as s:
        s.execute(insert(VISITS).values(patient_id=once_id, started_at=t0))
    assert len(open_visits(db, once_id)) == 2
