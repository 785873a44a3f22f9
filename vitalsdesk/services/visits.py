"""Visits: the sets taken in one rooming belong together.

A visit starts when an MA opens the patient (or when anyone asks for a new one), and ends when the
MA who started it signs out, when a new visit is started, or `visit_ends_after_hours` after it
started (vitalsdesk/visit_rules.py), whichever comes first. A set saved while a visit is open
belongs to it; a save with no visit open starts one; an amendment stays in the visit of the set it
replaces. The history groups sets by visit and the FHIR export links each Observation to the
visit's Encounter. A patient has at most one open visit, which the database itself keeps (a
unique index): when two PCs start one at the same moment, the second joins the first one's
(run_starting_visits).

Also here: what an MA is told on opening a patient about the last vital signs (plain facts, no
interpretation): when the last full set was taken, and whether any set was taken within
`vitals_overdue_after_hours` hours (hours from the moment taken, never calendar days).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Measurement, Patient, StaffUser, Visit, utcnow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import Actor, acting_user, require_role
from vitalsdesk.services.errors import NotFound
from vitalsdesk.services.schemas import StaffUserOut, _Out
from vitalsdesk.services.set_store import Prebuilt
from vitalsdesk.visit_rules import VisitRules
from vitalsdesk.vocabulary import STAFF_ROLES

# Opening a patient starts a visit only for the person who rooms the patient; a clinician who
# opens the record later joins the visit that is open, if any.
STARTS_ON_OPEN = ("assistant",)
# Why a visit ended (visit.end_reason).
SIGN_OUT, NEW_VISIT, TIME_LIMIT = "sign_out", "new_visit", "time_limit"
# The database keeps one open visit per patient (models.Visit): the index that refuses a second.
ONE_OPEN_VISIT_INDEX = "uq_visit_open_patient_id"
# How many times a unit of work that lost the start of a visit runs again. Once is enough when
# one other PC won (the second run finds its visit); a few more absorb a burst of rooms.
VISIT_RACE_RETRIES = 3

T = TypeVar("T")

log = logging.getLogger(__name__)


class VisitOut(_Out):
    id: int
    uid: str
    patient_id: int
    started_at: datetime
    started_by: str | None  # display name
    ended_at: datetime | None  # None: still open
    end_reason: str | None

    @property
    def open(self) -> bool:
        return self.ended_at is None


class VitalsCue(_Out):
    """What the MA reads on opening a patient."""

    last_full_set_at: datetime | None  # aware, in the offset of the place it was taken
    last_set_at: datetime | None
    overdue_after_hours: int
    overdue: bool  # no set taken within overdue_after_hours of now


def _visit_out(v: Visit) -> VisitOut:
    return VisitOut(
        id=v.id,
        uid=v.uid or "",
        patient_id=v.patient_id,
        started_at=v.started_at,
        started_by=v.started_by.display_name if v.started_by is not None else None,
        ended_at=v.ended_at,
        end_reason=v.end_reason,
    )


# Built once with parameters (every save runs them): SQLAlchemy then reuses their compiled form
# without rebuilding and re-keying each statement.
_EXPIRED = select(Visit).where(Visit.ended_at.is_(None), Visit.started_at < bindparam("before"))
_EXPIRED_OF_PATIENT = _EXPIRED.where(Visit.patient_id == bindparam("patient_id"))
_OPEN_ONES_OF_PATIENT = (
    select(Visit)
    .where(Visit.patient_id == bindparam("patient_id"), Visit.ended_at.is_(None))
    .order_by(Visit.started_at.desc(), Visit.id.desc())
)
_OPEN_OF_PATIENT = _OPEN_ONES_OF_PATIENT.limit(1)
_VISITS: Table = Visit.__table__  # type: ignore[assignment]
# The same open visits as plain (id, started_at) rows, for a new set's save.
_OPEN_ROWS_OF_PATIENT = Prebuilt(
    select(_VISITS.c.id, _VISITS.c.started_at)
    .where(_VISITS.c.patient_id == bindparam("patient_id"), _VISITS.c.ended_at.is_(None))
    .order_by(_VISITS.c.started_at.desc(), _VISITS.c.id.desc())
)


def _close_expired(s: Session, rules: VisitRules, now: datetime, patient_id: int | None) -> None:
    """Visits past their time limit end at that limit (one patient's, or every patient's)."""
    limit = timedelta(hours=rules.visit_ends_after_hours)
    if patient_id is None:
        expired = s.scalars(_EXPIRED, {"before": now - limit})
    else:
        expired = s.scalars(_EXPIRED_OF_PATIENT, {"before": now - limit, "patient_id": patient_id})
    for visit in expired:
        visit.ended_at = visit.started_at + limit
        visit.end_reason = TIME_LIMIT
    s.flush()


def _open_visit(s: Session, patient_id: int) -> Visit | None:
    """The patient's open visit (expired ones closed first by the caller)."""
    return s.scalar(_OPEN_OF_PATIENT, {"patient_id": patient_id})


def _open_visit_now(s: Session, rules: VisitRules, now: datetime, patient_id: int) -> Visit | None:
    """_close_expired then _open_visit for one patient, in one query (a save runs this): the
    patient's open visits, newest first, the expired ones ended at their limit."""
    limit = timedelta(hours=rules.visit_ends_after_hours)
    current: Visit | None = None
    closed = False
    for visit in s.scalars(_OPEN_ONES_OF_PATIENT, {"patient_id": patient_id}):
        if visit.started_at < now - limit:
            visit.ended_at = visit.started_at + limit
            visit.end_reason = TIME_LIMIT
            closed = True
        elif current is None:
            current = visit
    if closed:
        s.flush()
    return current


def _start(s: Session, patient_id: int, by: Actor, now: datetime, how: str) -> Visit:
    visit = Visit(patient_id=patient_id, started_at=now, started_by_id=by.id)
    s.add(visit)
    s.flush()
    audit(
        s, by, "visit_started", patient_id=patient_id, entity="visit", entity_id=visit.id, how=how
    )
    return visit


def _end(s: Session, visit: Visit, by: StaffUser, now: datetime, reason: str) -> None:
    visit.ended_at = now
    visit.ended_by_id = by.id
    visit.end_reason = reason
    s.flush()
    audit(
        s,
        by,
        "visit_ended",
        patient_id=visit.patient_id,
        entity="visit",
        entity_id=visit.id,
        reason=reason,
    )


def visit_of_new_set(
    s: Session,
    connection: Connection,
    patient_id: int,
    taken_at: datetime,
    by: Actor,
    rules: VisitRules,
) -> int | None:
    """place_in_visit for a new set, the open visit read as a plain row on the session's
    connection: the id of the visit the set joins (None: none). When one of the patient's open
    visits is past its time limit, or none is open and one starts, the ORM way does it as before
    (once a visit, not once a set)."""
    now = utcnow()
    limit = timedelta(hours=rules.visit_ends_after_hours)
    found = _OPEN_ROWS_OF_PATIENT.rows(connection, {"patient_id": patient_id})
    if not found and taken_at < now - limit:
        return None  # entered late, with no visit open: it starts none
    if not found or any(started_at < now - limit for _id, started_at in found):
        placed = SetRow(patient_id=patient_id, taken_at=taken_at)
        place_in_visit(s, placed, by, rules)
        return placed.visit_id
    visit_id, started_at = found[0]
    if taken_at < started_at - limit:
        return None
    return int(visit_id)


def place_in_visit(
    s: Session, row: SetRow, by: Actor, rules: VisitRules, replaces: SetRow | None = None
) -> None:
    """The save path's one call: a new set joins the open visit (starting one if none is open);
    an amendment stays in the visit of the set it replaces. A reading taken long before the open
    visit started (entered late) belongs to no visit rather than to the wrong one."""
    if replaces is not None:
        row.visit_id = replaces.visit_id
        return
    now = utcnow()
    visit = _open_visit_now(s, rules, now, row.patient_id)
    limit = timedelta(hours=rules.visit_ends_after_hours)
    if visit is not None and row.taken_at < visit.started_at - limit:
        return
    if visit is None:
        if row.taken_at < now - limit:
            return
        visit = _start(s, row.patient_id, by, now, "save")
    row.visit_id = visit.id


def lost_visit_race(exc: IntegrityError) -> bool:
    """The insert of a visit was refused because another PC started the patient's open visit
    meanwhile (PostgreSQL names the index; SQLite names the column of its only unique index)."""
    message = str(exc.orig)
    return (
        ONE_OPEN_VISIT_INDEX in message or "UNIQUE constraint failed: visit.patient_id" in message
    )


def run_starting_visits(
    db: Database, work: Callable[[Session], T], on_lost: Callable[[], None] | None = None
) -> T:
    """`db.run(work)` for a unit of work that may start a visit, run again when that start lost
    to another PC: two PCs (PostgreSQL, READ COMMITTED) can both read "no open visit" and both
    insert one; the database refuses the second (ONE_OPEN_VISIT_INDEX), its whole transaction
    is rolled back, and the second run finds the winner's visit open and joins it, as if it had
    found it the first time. Nothing of the first run is kept, so nothing is written twice.
    SQLite never gets here: every write transaction holds the write lock from its start (BEGIN
    IMMEDIATE), so a second PC reads only after the first one's visit is committed.

    on_lost: called before the second run (start_new tells a lost race from a later press)."""
    for attempt in range(VISIT_RACE_RETRIES + 1):
        try:
            return db.run(work)
        except IntegrityError as exc:
            if attempt == VISIT_RACE_RETRIES or not lost_visit_race(exc):
                raise
            log.info("another PC started the visit at the same moment: joining it")
            if on_lost is not None:
                on_lost()
    raise AssertionError("unreachable")


class VisitService:
    def __init__(self, db: Database, rules: VisitRules) -> None:
        self.db = db
        self.rules = rules

    def on_open(self, patient_id: int, actor: StaffUserOut | None) -> VisitOut | None:
        """The patient is opened: an MA continues the open visit or starts one; anyone else is
        shown the open visit, if there is one."""

        def work(s: Session) -> VisitOut | None:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            if s.get(Patient, patient_id) is None:
                raise NotFound("This patient is not in the database.")
            now = utcnow()
            _close_expired(s, self.rules, now, patient_id)
            visit = _open_visit(s, patient_id)
            if visit is None and by.role in STARTS_ON_OPEN:
                visit = _start(s, patient_id, by, now, "open")
            return _visit_out(visit) if visit is not None else None

        return run_starting_visits(self.db, work)

    def start_new(self, patient_id: int, actor: StaffUserOut | None) -> VisitOut:
        """Explicitly: the open visit (if any) ends and a new one starts.

        Two PCs pressing it at the same moment get one new visit, not two: the one whose start
        lost (run_starting_visits) finds the winner's visit, begun while it was pressing, and
        joins it rather than ending it at once (an empty visit). A press after the other's
        visit was committed still ends it, as it should."""
        lost = False

        def lost_the_race() -> None:
            nonlocal lost
            lost = True

        def work(s: Session) -> VisitOut:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            if s.get(Patient, patient_id) is None:
                raise NotFound("This patient is not in the database.")
            now = utcnow()
            _close_expired(s, self.rules, now, patient_id)
            current = _open_visit(s, patient_id)
            if lost and current is not None:
                return _visit_out(current)
            if current is not None:
                _end(s, current, by, now, NEW_VISIT)
            return _visit_out(_start(s, patient_id, by, now, "explicit"))

        return run_starting_visits(self.db, work, lost_the_race)

    def end_at_sign_out(self, actor: StaffUserOut | None) -> int:
        """Sign-out: the visits this person started and that are still open end now. Returns
        how many ended."""

        def work(s: Session) -> int:
            by = acting_user(s, actor)
            now = utcnow()
            _close_expired(s, self.rules, now, None)
            mine = list(
                s.scalars(
                    select(Visit).where(Visit.ended_at.is_(None), Visit.started_by_id == by.id)
                )
            )
            for visit in mine:
                _end(s, visit, by, now, SIGN_OUT)
            return len(mine)

        return self.db.run(work)

    def visits(self, patient_id: int) -> list[VisitOut]:
        """The patient's visits, newest first. One past its time limit that nobody opened since
        shows as ended at that limit."""

        def work(s: Session) -> list[VisitOut]:
            rows = s.scalars(
                select(Visit)
                .where(Visit.patient_id == patient_id)
                .options(selectinload(Visit.started_by))
                .order_by(Visit.started_at.desc(), Visit.id.desc())
            )
            return [self._as_of_now(_visit_out(v)) for v in rows]

        return self.db.read(work)

    def set_visits(self, patient_id: int) -> dict[int, int]:
        """Which visit each of the patient's sets belongs to (sets of no visit are left out)."""

        def work(s: Session) -> dict[int, int]:
            rows = s.execute(
                select(SetRow.id, SetRow.visit_id).where(
                    SetRow.patient_id == patient_id, SetRow.visit_id.is_not(None)
                )
            )
            return {set_id: visit_id for set_id, visit_id in rows if visit_id is not None}

        return self.db.read(work)

    def _as_of_now(self, visit: VisitOut) -> VisitOut:
        limit = timedelta(hours=self.rules.visit_ends_after_hours)
        if visit.ended_at is None and visit.started_at + limit <= utcnow():
            return visit.model_copy(
                update={"ended_at": visit.started_at + limit, "end_reason": TIME_LIMIT}
            )
        return visit

    def vitals_cue(self, patient_id: int, now: datetime | None = None) -> VitalsCue:
        """When the last full set and the last set were taken (valid, current sets only)."""
        moment = now or utcnow()

        def work(s: Session) -> VitalsCue:
            rows = s.execute(
                select(SetRow.id, SetRow.taken_at, SetRow.taken_at_utc_offset_minutes)
                .where(
                    SetRow.patient_id == patient_id,
                    SetRow.superseded.is_(False),
                    SetRow.status != "entered-in-error",
                    SetRow.taken_at <= moment + timedelta(minutes=10),
                )
                .order_by(SetRow.taken_at.desc(), SetRow.id.desc())
            ).all()
            last_set = rows[0] if rows else None
            wanted = set(self.rules.full_set)
            last_full = None
            # Newest first, a few at a time: a full set is usually among the newest.
            for start in range(0, len(rows), 20):
                chunk = rows[start : start + 20]
                codes: dict[int, set[str]] = {}
                for set_id, code in s.execute(
                    select(Measurement.set_id, Measurement.code).where(
                        Measurement.set_id.in_([r.id for r in chunk])
                    )
                ):
                    codes.setdefault(set_id, set()).add(code)
                last_full = next((r for r in chunk if wanted <= codes.get(r.id, set())), None)
                if last_full is not None:
                    break
            hours = self.rules.vitals_overdue_after_hours
            return VitalsCue(
                last_full_set_at=_local(last_full[1], last_full[2])
                if last_full is not None
                else None,
                last_set_at=_local(last_set[1], last_set[2]) if last_set is not None else None,
                overdue_after_hours=hours,
                overdue=last_set is None or last_set.taken_at < moment - timedelta(hours=hours),
            )

        return self.db.read(work)


def _local(taken: datetime, offset_minutes: int) -> datetime:
    return taken.astimezone(timezone(timedelta(minutes=offset_minutes)))
