"""The Staff accounts page for administrators: add an account, turn one off or on, unlock it,
set a new password, change its role.

Each action is one call to AccountService, which checks the administrator's role and writes the
audit event; the header button is only there for administrators, but the service refuses anyone
else whatever the screen shows. Nothing here writes a password anywhere but to the service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from vitalsdesk.gui.user_admin_view import ROLE_WORDS, UserAdminView
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import StaffAccountOut, StaffUserOut

log = logging.getLogger(__name__)


def status_words(account: StaffAccountOut, now: datetime) -> str:
    if not account.active:
        return "Turned off"
    if account.locked(now):
        assert account.locked_until is not None
        return f"Locked until {account.locked_until.astimezone():%H:%M}"
    return "Can sign in"


class UserAdminController(QObject):
    back_requested = Signal()

    def __init__(
        self, clinic: ClinicServices, user: StaffUserOut, view: UserAdminView | None = None
    ) -> None:
        view = view or UserAdminView()
        super().__init__(view)
        self.view = view
        self.clinic = clinic
        self.user = user
        self.accounts: dict[str, StaffAccountOut] = {}
        view.back_requested.connect(self.back_requested)
        view.selection_changed.connect(self._show_picked)
        view.change_role_requested.connect(self.change_role)
        view.unlock_requested.connect(self.unlock)
        view.turn_off_requested.connect(self.turn_off_or_on)
        view.reset_requested.connect(self.reset_password)
        view.add_requested.connect(self.add_account)

    def refresh(self) -> bool:
        """The accounts as the service lists them (False: refused, and said why)."""
        try:
            accounts = self.clinic.accounts.staff_accounts(self.user)
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return False
        now = datetime.now(UTC)
        self.accounts = {a.username: a for a in accounts}
        self.view.set_accounts(
            [
                (a.username, a.display_name, ROLE_WORDS.get(a.role, a.role), status_words(a, now))
                for a in accounts
            ]
        )
        self._show_picked()
        return True

    def _show_picked(self) -> None:
        account = self.accounts.get(self.view.picked() or "")
        if account is None:
            self.view.set_picked(None)
            return
        role = ROLE_WORDS.get(account.role, account.role)
        status = status_words(account, datetime.now(UTC)).lower()
        self.view.set_picked(
            f"{account.display_name} ({account.username}): {role}, {status}.",
            role=account.role,
            active=account.active,
        )

    def _act(self, done: str, action: Callable[[str], None]) -> None:
        name = self.view.picked()
        if name is None:
            self.view.show_message("Pick an account in the list first.")
            self.view.focus_list()
            return
        try:
            action(name)
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return
        self.refresh()
        self.view.show_message(done.format(name=name), problem=False)

    def change_role(self) -> None:
        role = self.view.new_role()
        self._act(
            f"✓ {{name}} is now: {ROLE_WORDS.get(role, role)}.",
            lambda name: self.clinic.accounts.change_role(name, role, self.user),
        )

    def unlock(self) -> None:
        self._act(
            "✓ {name} is unlocked and can sign in again.",
            lambda name: self.clinic.accounts.unlock(name, self.user),
        )

    def turn_off_or_on(self) -> None:
        account = self.accounts.get(self.view.picked() or "")
        if account is not None and not account.active:
            self._act(
                "✓ {name} is turned on again and can sign in.",
                lambda name: self.clinic.accounts.reactivate(name, self.user),
            )
        else:
            self._act(
                "✓ {name} is turned off and can no longer sign in.",
                lambda name: self.clinic.accounts.deactivate(name, self.user),
            )

    def reset_password(self) -> None:
        first, again = self.view.new_passwords()
        if first != again:
            self.view.show_message("The two passwords are not the same. Type them again.")
            self.view.clear_new_passwords()
            self.view.new_password_edit.setFocus()
            return
        self._act(
            "✓ {name} has a new password. Tell them in person, not by email.",
            lambda name: self.clinic.accounts.reset_password(name, first, self.user),
        )
        self.view.clear_new_passwords()

    def add_account(self) -> None:
        username, full_name, role, password, again = self.view.new_account()
        if password != again:
            self.view.show_message("The two passwords are not the same. Type them again.")
            self.view.add_password_edit.clear()
            self.view.add_password_again_edit.clear()
            self.view.add_password_edit.setFocus()
            return
        try:
            added = self.clinic.accounts.add_user(username, password, role, full_name, self.user)
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return
        self.view.clear_new_account()
        self.refresh()
        self.view.pick(added.username)
        self.view.show_message(
            f"✓ {added.username} is added as: {ROLE_WORDS.get(added.role, added.role)}.",
            problem=False,
        )
