"""Audit events, written inside the transaction of the change they record, hash-chained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.db.audit_chain import GENESIS, event_hash
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditChainHead, AuditEvent, StaffUser, utcnow


def audit(
    session: Session,
    user: StaffUser | None,
    action: str,
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    **detail: Any,
) -> None:
    """Record who did what. `detail` holds ids and codes only: never a name, MRN or vital value."""
    # The head row is locked until commit (PostgreSQL; SQLite's BEGIN IMMEDIATE already
    # serialises writers), so two rooms never chain onto the same previous event.
    head = session.scalar(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())
    if head is None:
        head = AuditChainHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    event = {
        "at": utcnow(),
        "user_id": user.id if user is not None else None,
        "username": user.username if user is not None else "-",
        "action": action,
        "patient_id": patient_id,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
    }
    seq = head.seq + 1
    digest = event_hash(seq, head.hash, event)
    session.add(AuditEvent(**event, seq=seq, prev_hash=head.hash, hash=digest))
    head.seq, head.hash = seq, digest


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at: int | None  # seq of the first event that does not fit, None when intact
    problem: str

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole log in order and report the first broken link."""

    def work(s: Session) -> ChainReport:
        previous, expected_seq, count = GENESIS, 1, 0
        rows = s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        for event in rows:
            count += 1
            where = f"event {event.seq} ({event.action} at {event.at:%Y-%m-%d %H:%M:%S} UTC)"
            if event.seq != expected_seq:
                return ChainReport(
                    count,
                    expected_seq,
                    f"event {expected_seq} is missing (the next one is {event.seq})",
                )
            if event.prev_hash != previous:
                return ChainReport(count, event.seq, f"{where} does not follow the event before it")
            content = {
                c: getattr(event, c)
                for c in (
                    "at",
                    "user_id",
                    "username",
                    "action",
                    "patient_id",
                    "entity",
                    "entity_id",
                    "detail",
                )
            }
            if event_hash(event.seq, event.prev_hash, content) != event.hash:
                return ChainReport(count, event.seq, f"{where} was changed after it was written")
            previous, expected_seq = event.hash, expected_seq + 1
        head = s.get(AuditChainHead, 1)
        last_seq = expected_seq - 1
        if head is not None and (head.seq != last_seq or head.hash != previous):
            return ChainReport(
                count,
                last_seq + 1,
                f"events after {last_seq} were removed (the chain head is at {head.seq})",
            )
        return ChainReport(count, None, "")

    result: ChainReport = db.run(work)
    return result
