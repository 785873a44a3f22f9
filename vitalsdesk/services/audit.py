"""Audit events, written inside the transaction of the change they record."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vitalsdesk.db.models import AuditEvent, StaffUser


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
    session.add(
        AuditEvent(
            user_id=user.id if user is not None else None,
            username=user.username if user is not None else "-",
            action=action,
            patient_id=patient_id,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )
    )
