"""Who is acting: the signed-in staff member, or the local command line."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.db.models import StaffUser
from vitalsdesk.services.errors import Forbidden, NotFound
from vitalsdesk.services.schemas import StaffUserOut

# Commands run on the PC itself act as this account (it has no password and cannot sign in).
COMMAND_LINE_USERNAME = "command-line"


def acting_user(session: Session, actor: StaffUserOut | None) -> StaffUser:
    """The actor's row, loaded inside the caller's transaction (None = the command line)."""
    if actor is None:
        user = session.scalar(select(StaffUser).where(StaffUser.username == COMMAND_LINE_USERNAME))
        if user is None:
            user = StaffUser(
                username=COMMAND_LINE_USERNAME,
                display_name="Command line",
                role="system",
                password_hash=None,
            )
            session.add(user)
            session.flush()
        return user
    user = session.get(StaffUser, actor.id)
    if user is None or not user.active:
        raise NotFound("This staff account no longer exists or is not active.")
    return user


def require_role(user: StaffUser, *roles: str) -> None:
    """The command line (role system) is the clinic's own PC administrator and may do anything."""
    if user.role != "system" and user.role not in roles:
        raise Forbidden(f"Your role ({user.role}) may not do this. Ask an administrator.")
