"""One open visit per patient, kept by the database: two PCs that start a visit at the same moment
end up in one visit, on SQLite and PostgreSQL (real databases, real second clinic).

The race is made to happen at a fixed point, not by timing: a hook on the first PC's engine runs
the second PC's whole use case just before the first PC's own write of the visit, after the first
PC has read that no visit is open."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, event, insert, select, text

from tests.fixtures_db import open_raw
from tests.staff import add_staff
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import Visit
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

PULSE: dict[str, Any] = {"heart_rate": {"value": 72, "unit": "/min"}}


def vitals() -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "measurements": PULSE,
        }
    )


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


@pytest.fixture
def ma2(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma2", "password-two", "assistant", "Bea MA")


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


@pytest.fixture
def other_pc(clinic: Clinic, tmp_path: Path) -> Iterator[Clinic]:
    """A second room's PC: its own clinic (engine, connections) on the same database."""
    opened = open_clinic(tmp_path / "room2", url=clinic.db.url)
    try:
        yield opened
    finally:
        opened.close()


@contextlib.contextmanager
def just_before(engine: Engine, sql_start: str, then: Callable[[], None]) -> Iterator[list[str]]:
    """Run `then` once, on the first statement of `engine` that starts with `sql_start`, before
    that statement runs (the first PC's transaction is open and has read what it read)."""
    fired: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith(sql_start):
            fired.append(statement)
            then()

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield fired
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def open_visits(clinic: Clinic, patient_id: int) -> list[int]:
    with clinic.db.transaction() as s:
        return list(
            s.scalars(
                select(Visit.id).where(Visit.patient_id == patient_id, Visit.ended_at.is_(None))
            )
        )


def cannot_write_now(clinic: Clinic) -> None:
    """SQLite: a second PC cannot begin a write while the first PC's save is under way."""
    path = clinic.db.sqlite_path
    assert path is not None
    with contextlib.closing(open_raw(path)) as raw:
        raw.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            raw.execute("BEGIN IMMEDIATE")


def test_a_save_that_loses_the_start_of_a_visit_joins_the_winner(
    clinic: Clinic, other_pc: Clinic, ma: StaffUserOut, ma2: StaffUserOut, patient: PatientOut
) -> None:
    """Room 1 saves a set with no visit open; room 2 opens the same patient at that moment.

    PostgreSQL (READ COMMITTED): both read "no visit open", room 2 starts one and commits, then
    room 1 writes its own: the database refuses a second open visit, room 1's save runs again and
    its set joins room 2's visit, with no message to the MA. Before the index, the patient had two
    open visits and the rooming was split over them.

    SQLite: the race cannot happen. Every write transaction begins with BEGIN IMMEDIATE, so room
    1's read of the open visits is made holding the write lock: room 2 cannot write until room
    1 has committed, and then it finds room 1's visit open."""
    joined: list[Any] = []

    def room2_opens() -> None:
        if clinic.db.is_sqlite:
            cannot_write_now(clinic)
        else:
            joined.append(other_pc.visits.on_open(patient.id, ma2))

    with just_before(clinic.db.engine, "INSERT INTO VISIT", room2_opens) as fired:
        saved = clinic.vitals.record(patient.id, vitals(), ma)
    assert fired, "room 1's save started a visit"
    if clinic.db.is_sqlite:
        joined.append(other_pc.visits.on_open(patient.id, ma2))
    [visit] = joined
    # PostgreSQL: room 2's visit won; SQLite: room 1's, which room 2 found once it could write.
    assert visit is not None and visit.started_by == ("Ana MA" if clinic.db.is_sqlite else "Bea MA")
    assert open_visits(clinic, patient.id) == [visit.id]
    assert clinic.visits.set_visits(patient.id) == {saved.id: visit.id}
    assert [s.id for s in clinic.vitals.history(patient.id)] == [saved.id]  # saved once


# The race needs PostgreSQL: SQLite serialises writers (BEGIN IMMEDIATE, see the test above).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_opening_a_patient_that_loses_the_race_joins_the_winner(
    clinic: Clinic, other_pc: Clinic, ma: StaffUserOut, ma2: StaffUserOut, patient: PatientOut
) -> None:
    """Two MAs open the same patient at the same moment in two rooms: one visit."""
    won: list[Any] = []
    with just_before(
        clinic.db.engine,
        "INSERT INTO VISIT",
        lambda: won.append(other_pc.visits.on_open(patient.id, ma2)),
    ):
        mine = clinic.visits.on_open(patient.id, ma)
    assert mine is not None and mine == won[0]
    assert open_visits(clinic, patient.id) == [mine.id]


# The race needs PostgreSQL: SQLite serialises writers (BEGIN IMMEDIATE, see the first test).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_new_visit_presses_at_once_leave_one_open_visit(
    clinic: Clinic, other_pc: Clinic, ma: StaffUserOut, ma2: StaffUserOut, patient: PatientOut
) -> None:
    """Both rooms press "new visit" while the same visit is open: the older visit ends once (by
    the press that won), and the other press joins the new visit rather than ending it at once."""
    old = clinic.visits.on_open(patient.id, ma)
    assert old is not None
    won: list[Any] = []
    # Room 1 has read the open visit and is about to end it when room 2's press is committed.
    with just_before(
        clinic.db.engine,
        "UPDATE VISIT",
        lambda: won.append(other_pc.visits.start_new(patient.id, ma2)),
    ):
        mine = clinic.visits.start_new(patient.id, ma)
    assert mine == won[0] and mine.open and mine.id != old.id
    assert open_visits(clinic, patient.id) == [mine.id]
    ended = next(v for v in clinic.visits.visits(patient.id) if v.id == old.id)
    assert ended.end_reason == "new_visit"
    with clinic.db.transaction() as s:
        ended_by = s.scalar(select(Visit.ended_by_id).where(Visit.id == old.id))
    assert ended_by == ma2.id  # room 1's end of it was undone with the rest of its first run
    # A press after that visit was committed is a new visit, as always.
    later = clinic.visits.start_new(patient.id, ma)
    assert later.id != mine.id and open_visits(clinic, patient.id) == [later.id]


# PostgreSQL only: on SQLite room 2 could not hold an uncommitted visit while room 1 saves.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_save_waiting_on_an_uncommitted_visit_joins_it_once_committed(
    clinic: Clinic, ma: StaffUserOut, ma2: StaffUserOut, patient: PatientOut
) -> None:
    """The other order: room 2's visit is written but not yet committed when room 1 saves. Room 1
    reads "no visit open" (READ COMMITTED), its insert waits on room 2's row, and once room 2
    commits the insert is refused and the save joins room 2's visit."""
    visits: Table = Visit.__table__  # type: ignore[assignment]
    room2 = clinic.db.engine.connect()
    room2_tx = room2.begin()
    try:
        started = room2.execute(
            insert(visits).values(
                patient_id=patient.id, started_at=datetime.now(UTC), started_by_id=ma2.id
            )
        ).inserted_primary_key
        assert started is not None
        saved: list[Any] = []
        room1 = threading.Thread(
            target=lambda: saved.append(clinic.vitals.record(patient.id, vitals(), ma))
        )
        room1.start()
        with clinic.db.engine.connect() as watcher:  # until room 1's insert waits on room 2's row
            for _ in range(500):
                waiting = watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE 'INSERT INTO visit%'"
                    )
                ).scalar_one()
                watcher.rollback()
                if waiting or not room1.is_alive():
                    break
                time.sleep(0.01)
        assert waiting == 1, "room 1's save was to wait on room 2's uncommitted visit"
        room2_tx.commit()
        room1.join(timeout=30)
    finally:
        room2.close()
    [set_] = saved
    assert open_visits(clinic, patient.id) == [started[0]]
    assert clinic.visits.set_visits(patient.id) == {set_.id: started[0]}
