"""Who is acting: always a signed-in staff member. There is no account that passes every check:
the command line signs people in as the app does (vitalsdesk.cli.common.sign_in)."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from vitalsdesk.db.models import StaffUser
from vitalsdesk.services.errors import Forbidden, NotFound
from vitalsdesk.services.schemas import StaffUserOut

# Built once: every use case runs it, and a prebuilt statement is not rebuilt and re-keyed.
_USER = select(StaffUser).where(StaffUser.id == bindparam("id"))


def acting_user(session: Session, actor: StaffUserOut | None) -> StaffUser:
    """The actor's row, loaded inside the caller's transaction. None (nobody signed in) is
    refused: every use case is done by a staff member."""
    if actor is None:
        raise Forbidden("Sign in first: this needs a staff member's account.")
    user = session.scalar(_USER, {"id": actor.id})
    if user is None or not user.active:
        raise NotFound("This staff account no longer exists or is not active.")
    return user


def require_role(user: StaffUser, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"Your role ({user.role}) may not do this. Ask an administrator.")
