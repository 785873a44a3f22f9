"""The closed loop for critical values: a set saved with "clinician told" waits for a clinician to
open it (the clinician view, audited) and acknowledge it.

A set awaits acknowledgement while it is current (not superseded, not entered in error), was saved
here with the clinician told (`clinician_notified`: only a set with a critical value can be), and
nobody acknowledged it yet. An amendment of such a set is a new set and waits again, since its
values may differ. Imported sets never wait: what another system reported about telling a
clinician is its word, not this clinic's loop. Only clinicians acknowledge and see the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session, aliased

from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditEvent, Patient, StaffUser, utcnow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import Conflict, InvalidInput, NotFound
from vitalsdesk.services.schemas import StaffUserOut, _Out

ACKNOWLEDGING_ROLES = ("clinician",)


class AwaitingSet(_Out):
    """A critical set no clinician has acknowledged yet (for the clinician's list)."""

    set_id: int
    patient_id: int
    patient_name: str  # "Family, Given"
    mrn: str
    taken_at: datetime  # aware, in the offset of the place it was taken
    recorded_by: str


class Acknowledgement(_Out):
    set_id: int
    acknowledged_at: datetime
    acknowledged_by: str  # display name


def awaiting_condition() -> ColumnElement[bool]:
    return and_(
        SetRow.clinician_notified.is_(True),
        SetRow.acknowledged_at.is_(None),
        SetRow.superseded.is_(False),
        SetRow.status != "entered-in-error",
    )


class AcknowledgementService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def awaiting_count(self, actor: StaffUserOut | None) -> int:
        """How many critical sets wait for a clinician (every patient)."""

        def work(s: Session) -> int:
            require_role(acting_user(s, actor), *ACKNOWLEDGING_ROLES)
            return int(s.scalar(select(func.count(SetRow.id)).where(awaiting_condition())) or 0)

        return self.db.read(work)

    def awaiting(
        self, actor: StaffUserOut | None, patient_id: int | None = None
    ) -> list[AwaitingSet]:
        """The sets that wait, oldest reading first (every patient, or one)."""

        def work(s: Session) -> list[AwaitingSet]:
            require_role(acting_user(s, actor), *ACKNOWLEDGING_ROLES)
            query = (
                select(SetRow, Patient, StaffUser.display_name)
                .join(Patient, Patient.id == SetRow.patient_id)
                .join(StaffUser, StaffUser.id == SetRow.recorded_by_id)
                .where(awaiting_condition())
                .order_by(SetRow.taken_at, SetRow.id)
            )
            if patient_id is not None:
                query = query.where(SetRow.patient_id == patient_id)
            return [
                AwaitingSet(
                    set_id=row.id,
                    patient_id=patient.id,
                    patient_name=f"{patient.family_name}, {patient.given_name}",
                    mrn=patient.mrn,
                    taken_at=row.taken_at.astimezone(
                        timezone(timedelta(minutes=row.taken_at_utc_offset_minutes))
                    ),
                    recorded_by=name,
                )
                for row, patient, name in s.execute(query)
            ]

        return self.db.read(work)

    def acknowledge(self, set_id: int, actor: StaffUserOut | None) -> Acknowledgement:
        """The clinician acknowledges a critical set they have opened in the clinician view."""

        def work(s: Session) -> Acknowledgement:
            by = acting_user(s, actor)
            require_role(by, *ACKNOWLEDGING_ROLES)
            row = s.get(SetRow, set_id)
            if row is None:
                raise NotFound("This set is not in the database.")
            if row.acknowledged_at is not None:
                who = s.get(StaffUser, row.acknowledged_by_id) if row.acknowledged_by_id else None
                raise Conflict(
                    f"{who.display_name if who else 'A clinician'} acknowledged this set already."
                )
            if not row.clinician_notified or row.superseded or row.status == "entered-in-error":
                raise InvalidInput("This set is not waiting for a clinician's acknowledgement.")
            opened = s.scalar(
                select(AuditEvent.id)
                .where(
                    AuditEvent.action == "clinician_view",
                    AuditEvent.entity == "vital_sign_set",
                    AuditEvent.entity_id == set_id,
                    AuditEvent.user_id == by.id,
                )
                .limit(1)
            )
            if opened is None:
                raise InvalidInput("Open the set in the clinician view before acknowledging it.")
            now = utcnow()
            # A plain UPDATE: the set's values are not changed, so its version (which an MA's
            # amendment checks) stays; the condition makes a second clinician's click a no-op.
            done = s.execute(
                update(SetRow)
                .where(SetRow.id == set_id, awaiting_condition())
                .values(acknowledged_at=now, acknowledged_by_id=by.id)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise Conflict("Another clinician acknowledged this set just now.")
            audit(
                s,
                by,
                "critical_acknowledged",
                patient_id=row.patient_id,
                entity="vital_sign_set",
                entity_id=set_id,
            )
            return Acknowledgement(
                set_id=set_id, acknowledged_at=now, acknowledged_by=by.display_name
            )

        return self.db.run(work)

    def acknowledgements(self, patient_id: int) -> dict[int, Acknowledgement]:
        """Who acknowledged which of the patient's sets, and when (for the history)."""

        def work(s: Session) -> dict[int, Acknowledgement]:
            by = aliased(StaffUser)
            rows = s.execute(
                select(SetRow.id, SetRow.acknowledged_at, by.display_name)
                .join(by, by.id == SetRow.acknowledged_by_id)
                .where(SetRow.patient_id == patient_id, SetRow.acknowledged_at.is_not(None))
            )
            return {
                set_id: Acknowledgement(set_id=set_id, acknowledged_at=at, acknowledged_by=name)
                for set_id, at, name in rows
                if at is not None
            }

        return self.db.read(work)

    def awaiting_ids(self, patient_id: int) -> set[int]:
        """The patient's sets that wait (anyone may see that a set waits; the history says so)."""

        def work(s: Session) -> set[int]:
            return set(
                s.scalars(
                    select(SetRow.id).where(SetRow.patient_id == patient_id, awaiting_condition())
                )
            )

        return self.db.read(work)
