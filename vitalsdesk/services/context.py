"""Who is acting: always a signed-in staff member. There is no account that passes every check:
the command line signs people in as the app does (vitalsdesk.cli.common.sign_in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.orm import Session

from vitalsdesk.db.models import StaffUser
from vitalsdesk.services.errors import Forbidden, NotFound
from vitalsdesk.services.prebuilt import Prebuilt
from vitalsdesk.services.staff_schemas import StaffUserOut

# Built once: every use case runs it, and a prebuilt statement is not rebuilt and re-keyed.
_USER = select(StaffUser).where(StaffUser.id == bindparam("id"))
_STAFF: Table = StaffUser.__table__  # type: ignore[assignment]
# The save reads only these columns, as a plain row (no ORM object to build and track).
_USER_FACTS = Prebuilt(
    select(
        _STAFF.c.id, _STAFF.c.username, _STAFF.c.role, _STAFF.c.display_name, _STAFF.c.active
    ).where(_STAFF.c.id == bindparam("id"))
)


class Actor(Protocol):
    """What the audit and the visit rules read of whoever acts (a StaffUser row or an Acting)."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Acting:
    """The actor's row as read in the caller's transaction, without the ORM."""

    id: int
    username: str
    role: str
    display_name: str


def acting_user(session: Session, actor: StaffUserOut | None) -> StaffUser:
    """The actor's row, loaded inside the caller's transaction. None (nobody signed in) is
    refused: every use case is done by a staff member."""
    if actor is None:
        raise Forbidden("Sign in first: this needs a staff member's account.")
    user = session.scalar(_USER, {"id": actor.id})
    if user is None or not user.active:
        raise NotFound("This staff account no longer exists or is not active.")
    return user


def acting_facts(connection: Connection, actor: StaffUserOut | None) -> Acting:
    """acting_user's checks on the session's connection, answering the columns only (the save)."""
    if actor is None:
        raise Forbidden("Sign in first: this needs a staff member's account.")
    found = _USER_FACTS.rows(connection, {"id": actor.id})
    if not found or not found[0][4]:
        raise NotFound("This staff account no longer exists or is not active.")
    user_id, username, role, display_name, _active = found[0]
    return Acting(user_id, username, role, display_name)


def require_role(user: Actor, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"Your role ({user.role}) may not do this. Ask an administrator.")
