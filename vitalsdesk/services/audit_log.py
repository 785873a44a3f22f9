"""The audit log for administrators: filter, export, verify. Reading it is itself audited."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.db import audit_chain
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditEvent, Patient
from vitalsdesk.services.audit import ChainReport, Progress, audit, verify_chain
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.schemas import AuditEventOut, StaffUserOut

MAX_EVENTS = 5000


class AuditFilters(TypedDict, total=False):
    """The filters of AuditLogService.events, handed on as keywords."""

    mrn: str | None
    username: str | None
    action: str | None
    since: datetime | None
    until: datetime | None
    limit: int


class AuditLogService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def events(
        self,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = MAX_EVENTS,
    ) -> list[AuditEventOut]:
        """Events newest first, filtered by patient (MRN), user, action and time (admins only)."""

        def work(s: Session) -> list[AuditEventOut]:
            by = acting_user(s, actor)
            require_role(by, "admin")
            query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(min(limit, MAX_EVENTS))
            if mrn:
                patient_id = s.scalar(select(Patient.id).where(Patient.mrn == mrn.strip()))
                query = query.where(AuditEvent.patient_id == (patient_id or -1))
            if username:
                query = query.where(AuditEvent.username == username.strip().lower())
            if action:
                query = query.where(AuditEvent.action == action)
            if since is not None:
                query = query.where(AuditEvent.at >= since)
            if until is not None:
                query = query.where(AuditEvent.at < until)
            found = [AuditEventOut.model_validate(e) for e in s.scalars(query)]
            audit(s, by, "audit_log_viewed", shown=len(found))
            return found

        return self.db.run(work)

    def export_csv(
        self, actor: StaffUserOut | None, destination: Path, **filters: Unpack[AuditFilters]
    ) -> int:
        """Write the filtered events to a CSV file; returns how many."""
        found = self.events(actor, **filters)
        with destination.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["seq", "at_utc", "user", "action", "patient_id", "entity", "entity_id", "detail"]
            )
            for e in found:
                writer.writerow(
                    [
                        e.id,
                        e.at.isoformat(),
                        e.username,
                        e.action,
                        e.patient_id or "",
                        e.entity or "",
                        e.entity_id or "",
                        ";".join(f"{k}={v}" for k, v in sorted(e.detail.items())),
                    ]
                )

        def work(s: Session) -> None:
            audit(s, acting_user(s, actor), "audit_log_exported", rows=len(found))

        self.db.run(work)
        return len(found)

    def verify(self, actor: StaffUserOut | None, progress: Progress | None = None) -> ChainReport:
        """Check the whole chain (admins only); progress is told (checked, total) per batch.
        Only reads: the rooms go on saving while it runs."""

        def check(s: Session) -> None:
            require_role(acting_user(s, actor), "admin")

        self.db.read(check)
        return verify_chain(self.db, progress=progress)

    def audit_key_text(self, actor: StaffUserOut | None) -> str | None:
        """The clinic's audit key as 64 hex digits, to copy to another room PC of a server
        clinic (admins only, audited). None: no key can be had on this PC."""

        def work(s: Session) -> str | None:
            by = acting_user(s, actor)
            require_role(by, "admin")
            text = audit_chain.audit_key_text(self.db)
            audit(s, by, "audit_key_shown")
            return text

        return self.db.run(work)
