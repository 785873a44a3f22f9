"""Staff accounts: argon2 password hashes, roles, lockout after repeated failed sign-ins."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vitalsdesk.clinical.text import text_problem
from vitalsdesk.db import audit_chain, audit_journal
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import StaffUser, utcnow
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import (
    AccountLocked,
    AlreadyExists,
    InvalidInput,
    NotFound,
    SignInFailed,
)
from vitalsdesk.services.staff_schemas import StaffAccountOut, StaffUserOut
from vitalsdesk.vocabulary import ROLES, USERNAME_RULE, normalized_username

log = logging.getLogger(__name__)
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

_WRONG = "The user name or password is not right."
# Accounts that are no one: the command-line account of older versions ("system") and the import
# actor that records imported sets. They have no password, are inactive and pass no role check.
IMPORT_ROLE = "import"
NOT_PEOPLE = ("system", IMPORT_ROLE)
IMPORT_USERNAME = "import"
IMPORT_DISPLAY_NAME = "Imported record"
# People who can sign in.
_CAN_SIGN_IN = (
    StaffUser.role.not_in(NOT_PEOPLE),
    StaffUser.active.is_(True),
    StaffUser.password_hash.is_not(None),
)
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the user name is unknown, so a wrong name costs what a wrong password does
    (made on first use: hashing is deliberately slow and must stay off the start path)."""
    return _hasher.hash("not-a-real-password")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")


def _check_username(username: str) -> str:
    name = normalized_username(username)
    if name is None:
        raise InvalidInput(USERNAME_RULE)
    return name


MAX_DISPLAY_NAME = 120  # what the database keeps


def _check_display_name(display_name: str) -> str:
    name = display_name.strip()
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"The name to show is too long (at most {MAX_DISPLAY_NAME} characters).")
    problem = text_problem(name)
    if problem is not None:
        raise InvalidInput(f"The name to show {problem}.")
    return name


class AccountService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def has_users(self) -> bool:
        """True once a person can sign in (the command-line account does not count)."""

        def work(s: Session) -> bool:
            count = s.scalar(select(func.count()).select_from(StaffUser).where(*_CAN_SIGN_IN))
            return bool(count)

        return bool(self.db.read(work))

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        display_name: str = "",
        actor: StaffUserOut | None = None,
    ) -> StaffUserOut:
        """Admins add accounts; with no account yet, the first one (an admin) needs no actor."""
        name = _check_username(username)
        shown = _check_display_name(display_name)
        if role not in ROLES:
            raise InvalidInput(f"The role must be one of: {', '.join(ROLES)}.")
        _check_password(password)

        def work(s: Session) -> StaffUserOut:
            first = not s.scalar(select(func.count()).select_from(StaffUser).where(*_CAN_SIGN_IN))
            if first and actor is not None:
                raise InvalidInput("No account exists yet.")
            if first and role != "admin":
                raise InvalidInput("The clinic's first account must be an administrator.")
            by = None if first else acting_user(s, actor)
            if by is not None:
                require_role(by, "admin")
            if s.scalar(select(StaffUser).where(StaffUser.username == name)) is not None:
                raise AlreadyExists(f"The user name {name} is taken.")
            user = StaffUser(
                username=name,
                display_name=shown or name,
                role=role,
                password_hash=_hasher.hash(password),
            )
            s.add(user)
            s.flush()
            # The first account is added by nobody signed in: it is audited as its own act.
            audit(
                s,
                by or user,
                "user_added",
                entity="staff_user",
                entity_id=user.id,
                role=role,
                **({"first_account": True} if by is None else {}),
            )
            return StaffUserOut.model_validate(user)

        return self.db.run(work)

    def create_first_admin(self, username: str, password: str, display_name: str) -> StaffUserOut:
        """The first-run walk-through: only while no account exists."""
        if self.has_users():
            raise AlreadyExists("An account exists already: sign in, or ask an administrator.")
        return self.add_user(username, password, "admin", display_name)

    def sign_in(self, username: str, password: str, now: datetime | None = None) -> StaffUserOut:
        name = username.strip().lower()
        moment = now or utcnow()

        def work(s: Session) -> StaffUserOut | SignInFailed:
            user = s.scalar(select(StaffUser).where(StaffUser.username == name))
            if user is None or user.password_hash is None or not user.active:
                _verify(_dummy_hash(), password)
                audit(s, None, "sign_in_failed", reason="unknown-user")
                return SignInFailed(_WRONG)
            failed, locked_until = user.failed_sign_ins, user.locked_until
            if self.db.read_only:
                # Nothing can be written to the account: its failed tries and lock-out are
                # kept in the audit journal, and counted from there as well.
                failed, locked_until = replay_sign_ins(
                    failed, locked_until, user.id, journaled_events(self.db)
                )
            outcome, counted = _check(s, user, password, moment, failed, locked_until)
            if not self.db.read_only:
                if isinstance(outcome, StaffUserOut) and _hasher.check_needs_rehash(
                    user.password_hash
                ):
                    user.password_hash = _hasher.hash(password)
                user.failed_sign_ins, user.locked_until = counted
            return outcome

        # A failure is returned, not raised, so its counter and audit event are committed.
        result = self.db.run(work)
        if isinstance(result, SignInFailed):
            raise result
        return result

    def verify_password(self, user: StaffUserOut, password: str) -> bool:
        """Unlocking the screen: the signed-in user's own password (failures audited)."""
        try:
            self.sign_in(user.username, password)
        except SignInFailed:
            return False
        return True

    def reset_password(
        self, username: str, new_password: str, actor: StaffUserOut | None = None
    ) -> None:
        _check_password(new_password)
        name = username.strip().lower()

        def work(s: Session) -> None:
            by = acting_user(s, actor)
            user = s.scalar(select(StaffUser).where(StaffUser.username == name))
            if user is None or user.role in NOT_PEOPLE:
                raise NotFound(f"There is no account named {name}.")
            if by.id != user.id:
                require_role(by, "admin")
            user.password_hash = _hasher.hash(new_password)
            user.failed_sign_ins = 0
            user.locked_until = None
            audit(s, by, "password_reset", entity="staff_user", entity_id=user.id)

        self.db.run(work)

    # -- administration (the app's Staff accounts page; admins only, each action audited) --

    def staff_accounts(self, actor: StaffUserOut | None) -> list[StaffAccountOut]:
        """Every person's account, active or not, with its lock-out state (admins only)."""

        def work(s: Session) -> list[StaffAccountOut]:
            require_role(acting_user(s, actor), "admin")
            rows = s.scalars(
                select(StaffUser)
                .where(StaffUser.role.not_in(NOT_PEOPLE))
                .order_by(StaffUser.username)
            )
            return [StaffAccountOut.model_validate(u) for u in rows]

        return self.db.read(work)

    def deactivate(self, username: str, actor: StaffUserOut | None) -> None:
        """The account can no longer sign in; its name stays on everything it recorded."""

        def change(s: Session, by: StaffUser, user: StaffUser) -> None:
            if user.id == by.id:
                raise InvalidInput("You cannot turn off your own account.")
            if user.role == "admin" and _other_admins(s, user) == 0:
                raise InvalidInput("This is the last administrator: add another one first.")
            if not user.active:
                return
            user.active = False
            audit(s, by, "user_deactivated", entity="staff_user", entity_id=user.id)

        self._administer(username, actor, change)

    def reactivate(self, username: str, actor: StaffUserOut | None) -> None:
        """A turned-off account can sign in again (with its old password)."""

        def change(s: Session, by: StaffUser, user: StaffUser) -> None:
            if user.active:
                return
            user.active = True
            user.failed_sign_ins, user.locked_until = 0, None
            audit(s, by, "user_reactivated", entity="staff_user", entity_id=user.id)

        self._administer(username, actor, change)

    def unlock(self, username: str, actor: StaffUserOut | None) -> None:
        """End a lock-out after too many wrong passwords, and start the count again."""

        def change(s: Session, by: StaffUser, user: StaffUser) -> None:
            user.failed_sign_ins, user.locked_until = 0, None
            audit(s, by, "account_unlocked", entity="staff_user", entity_id=user.id)

        self._administer(username, actor, change)

    def change_role(self, username: str, role: str, actor: StaffUserOut | None) -> None:
        if role not in ROLES:
            raise InvalidInput(f"The role must be one of: {', '.join(ROLES)}.")

        def change(s: Session, by: StaffUser, user: StaffUser) -> None:
            if user.role == role:
                return
            if user.id == by.id:
                raise InvalidInput("You cannot change your own role: ask another administrator.")
            if user.role == "admin" and user.active and _other_admins(s, user) == 0:
                raise InvalidInput("This is the last administrator: add another one first.")
            before, user.role = user.role, role
            audit(
                s,
                by,
                "role_changed",
                entity="staff_user",
                entity_id=user.id,
                before=before,
                after=role,
            )

        self._administer(username, actor, change)

    def _administer(
        self,
        username: str,
        actor: StaffUserOut | None,
        change: Callable[[Session, StaffUser, StaffUser], None],
    ) -> None:
        name = username.strip().lower()

        def work(s: Session) -> None:
            by = acting_user(s, actor)
            require_role(by, "admin")
            user = s.scalar(select(StaffUser).where(StaffUser.username == name))
            if user is None or user.role in NOT_PEOPLE:
                raise NotFound(f"There is no account named {name}.")
            change(s, by, user)
            log.info("account %d changed by user %d", user.id, by.id)

        self.db.run(work)

    def list_users(self) -> list[StaffUserOut]:
        def work(s: Session) -> list[StaffUserOut]:
            rows = s.scalars(
                select(StaffUser)
                .where(StaffUser.role.not_in(NOT_PEOPLE))
                .order_by(StaffUser.username)
            )
            return [StaffUserOut.model_validate(u) for u in rows]

        return self.db.read(work)

    def preferences(self, user: StaffUserOut) -> dict[str, object]:
        def work(s: Session) -> dict[str, object]:
            row = s.get(StaffUser, user.id)
            return dict(row.preferences or {}) if row else {}

        return self.db.read(work)

    def save_preferences(self, user: StaffUserOut, preferences: dict[str, object]) -> None:
        def work(s: Session) -> None:
            row = s.get(StaffUser, user.id)
            if row is None:
                raise NotFound("This staff account no longer exists.")
            row.preferences = {**(row.preferences or {}), **preferences}

        self.db.run(work)


def _other_admins(s: Session, user: StaffUser) -> int:
    """Active administrators other than `user` who can sign in."""
    return int(
        s.scalar(
            select(func.count())
            .select_from(StaffUser)
            .where(*_CAN_SIGN_IN, StaffUser.role == "admin", StaffUser.id != user.id)
        )
        or 0
    )


def import_actor(s: Session, by: StaffUser) -> StaffUser:
    """The clinic's import actor, added (and audited as `by`'s act) the first time it is needed.

    Every imported set is recorded by it, never by a staff account whose user name happens to
    match the file's. It cannot sign in (inactive, no password) and its role passes no check."""
    actor = s.scalar(
        select(StaffUser).where(StaffUser.role == IMPORT_ROLE).order_by(StaffUser.id).limit(1)
    )
    if actor is not None:
        return actor
    taken = set(
        s.scalars(select(StaffUser.username).where(StaffUser.username.startswith("import")))
    )
    name, n = IMPORT_USERNAME, 1
    while name in taken:  # a person called "import" keeps their name
        n += 1
        name = f"{IMPORT_USERNAME}-{n}"
    actor = StaffUser(
        username=name,
        display_name=IMPORT_DISPLAY_NAME,
        role=IMPORT_ROLE,
        password_hash=None,
        active=False,
    )
    s.add(actor)
    s.flush()
    audit(s, by, "user_added", entity="staff_user", entity_id=actor.id, role=IMPORT_ROLE)
    log.info("import actor added: user %d", actor.id)
    return actor


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check(
    s: Session,
    user: StaffUser,
    password: str,
    moment: datetime,
    failed: int,
    locked_until: datetime | None,
) -> tuple[StaffUserOut | SignInFailed, tuple[int, datetime | None]]:
    """The password against the account's lock-out state; every outcome audited. Returns the
    outcome and the account's new (failed tries, locked until) for the caller to keep."""
    assert user.password_hash is not None
    if locked_until is not None and locked_until > moment:
        audit(s, user, "sign_in_refused_locked", entity="staff_user", entity_id=user.id)
        minutes = max(1, int((locked_until - moment).total_seconds() // 60) + 1)
        refused = AccountLocked(
            f"This account is locked. Try again in {minutes} minutes, or ask an administrator."
        )
        return refused, (failed, locked_until)
    if not _verify(user.password_hash, password):
        failed += 1
        audit(s, user, "sign_in_failed", entity="staff_user", entity_id=user.id)
        log.info("sign-in failed: user %d", user.id)
        if failed >= MAX_FAILED_SIGN_INS:
            audit(s, user, "account_locked", entity="staff_user", entity_id=user.id)
            locked = AccountLocked(
                f"Too many tries. This account is locked for {LOCKOUT.seconds // 60} minutes."
            )
            return locked, (0, moment + LOCKOUT)
        return SignInFailed(_WRONG), (failed, locked_until)
    audit(s, user, "sign_in", entity="staff_user", entity_id=user.id)
    log.info("signed in: user %d", user.id)
    return StaffUserOut.model_validate(user), (0, None)


def replay_sign_ins(
    failed: int, locked_until: datetime | None, user_id: int, events: list[dict[str, Any]]
) -> tuple[int, datetime | None]:
    """An account's (failed tries, locked until) after the sign-in events of `events` (audit
    journal entries, oldest first), as the database would have kept them."""
    for event in events:
        if event.get("entity") != "staff_user" or event.get("entity_id") != user_id:
            continue
        action = event.get("action")
        if action == "sign_in_failed":
            failed += 1
        elif action == "account_locked":
            at: datetime = event["at"]
            failed, locked_until = 0, max(at + LOCKOUT, locked_until or at)
        elif action in ("sign_in", "account_unlocked", "password_reset"):
            failed, locked_until = 0, None
    return failed, locked_until


def journaled_events(db: Database) -> list[dict[str, Any]]:
    """Every event in the audit journals of `db`, oldest first. Lines that fail their check
    count too: for a lock-out, a changed line may only ever count against the account."""
    key = audit_chain.audit_key(db)
    events: list[dict[str, Any]] = []
    for path in audit_journal.existing_journals(db):
        events.extend(entry.event for entry in audit_journal.read(path, key).entries)
    return sorted(events, key=lambda e: e["at"])
