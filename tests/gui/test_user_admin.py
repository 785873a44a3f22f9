"""The Staff accounts page (issue 13, "User administration in the app"), by keyboard on real
widgets and a real SQLite file: an administrator adds an account, turns it off and on, unlocks
one, sets a new password and changes a role, and each action is in the audit log; anyone else
does not see the page, and the service refuses them even when it is built for them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import PASSWORD
from tests.gui.steps import focused, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.gui.user_admin_controller import UserAdminController
from vitalsdesk.gui.user_admin_view import UserAdminView
from vitalsdesk.services.accounts import MAX_FAILED_SIGN_INS
from vitalsdesk.services.errors import SignInFailed

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
ALT = Qt.KeyboardModifier.AltModifier


def _audited(clinic: Clinic) -> list[tuple[str, str, int | None]]:
    """(action, by whom, which account) of every account event."""
    rows = clinic.db.read(
        lambda s: list(
            s.execute(
                select(AuditEvent.action, AuditEvent.username, AuditEvent.entity_id).where(
                    AuditEvent.entity == "staff_user"
                )
            )
        )
    )
    return [(a, u, e) for a, u, e in rows]


def _id_of(clinic: Clinic, username: str) -> int:
    return next(u.id for u in clinic.accounts.list_users() if u.username == username)


def _status(view: UserAdminView, username: str) -> str:
    for row in range(view.table.rowCount()):
        name = view.table.item(row, 0)
        status = view.table.item(row, 3)
        if name is not None and status is not None and name.text() == username:
            return status.text()
    raise AssertionError(f"{username} is not listed")


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = ALT) -> None:
    widget = focused()
    assert isinstance(widget, QWidget)
    qtbot.keyClick(widget, key, modifier)


def test_an_admin_runs_every_account_action_by_keyboard_and_each_is_audited(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)  # the header's Aud&it log
    qtbot.waitUntil(lambda: shell.audit_log is not None, timeout=2000)  # an animated click
    qtbot.keyClick(window, Qt.Key.Key_O, ALT)  # Staff acc&ounts, on the Audit log page
    qtbot.waitUntil(lambda: shell.user_admin is not None, timeout=2000)  # an animated click
    assert shell.user_admin is not None
    view = shell.user_admin.view
    assert window.current_page() is view and focused() is view.table
    assert _status(view, "ben") == "Can sign in"

    # Add: Alt+E to the user name, then each field, Enter in the last one adds.
    _press(qtbot, Qt.Key.Key_E)
    assert focused() is view.user_name_edit
    type_into(qtbot, view.user_name_edit, "carla")
    _press(qtbot, Qt.Key.Key_F)
    type_into(qtbot, view.full_name_edit, "Carla Diaz")
    _press(qtbot, Qt.Key.Key_P)
    type_into(qtbot, view.add_password_edit, "carla-password")
    _press(qtbot, Qt.Key.Key_A)
    type_into(qtbot, view.add_password_again_edit, "carla-password", enter=True)
    qtbot.waitUntil(lambda: view.picked() == "carla", timeout=2000)
    assert view.message_label.text() == "✓ carla is added as: Medical assistant."
    assert view.picked() == "carla" and _status(view, "carla") == "Can sign in"
    carla = _id_of(clinic, "carla")

    # Turn off, then on again (Alt+T, the same button).
    _press(qtbot, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: _status(view, "carla") == "Turned off", timeout=2000)
    with pytest.raises(SignInFailed):
        clinic.accounts.sign_in("carla", "carla-password")
    assert view.turn_off_button.text() == "&Turn on"
    _press(qtbot, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: _status(view, "carla") == "Can sign in", timeout=2000)

    # Ben is locked out; the admin picks him with the arrow keys and unlocks him.
    for _ in range(MAX_FAILED_SIGN_INS):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in("ben", "not-his-password")
    shell.user_admin.refresh()
    assert _status(view, "ben").startswith("Locked until")
    view.table.setFocus()
    view.pick("ana")
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.picked() == "ben"
    assert "ben" in view.picked_label.text() and "locked" in view.picked_label.text()
    _press(qtbot, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: _status(view, "ben") == "Can sign in", timeout=2000)

    # A new password for Ben: typed twice, Enter sets it.
    _press(qtbot, Qt.Key.Key_N)
    type_into(qtbot, view.new_password_edit, "ben-new-password")
    _press(qtbot, Qt.Key.Key_G)
    type_into(qtbot, view.new_password_again_edit, "ben-new-password", enter=True)
    qtbot.waitUntil(lambda: "new password" in view.message_label.text(), timeout=2000)
    assert clinic.accounts.sign_in("ben", "ben-new-password").username == "ben"

    # Ben becomes a clinician: Alt+R to the role, pick it, Alt+H changes it.
    _press(qtbot, Qt.Key.Key_R)
    assert focused() is view.role_combo
    view.role_combo.setCurrentIndex(view.role_combo.findData("clinician"))
    _press(qtbot, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: "clinician" in view.message_label.text().lower(), timeout=2000)
    assert clinic.accounts.sign_in("ben", "ben-new-password").role == "clinician"

    ben = _id_of(clinic, "ben")
    audited = _audited(clinic)
    for action, account in (
        ("user_added", carla),
        ("user_deactivated", carla),
        ("user_reactivated", carla),
        ("account_unlocked", ben),
        ("password_reset", ben),
        ("role_changed", ben),
    ):
        assert (action, "ana", account) in audited, action


def test_every_control_of_the_page_has_an_accessible_name(
    qtbot: QtBot, clinic: Clinic, make_shell: Shell
) -> None:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    shell.show_user_admin()
    assert shell.user_admin is not None
    view = shell.user_admin.view
    controls = [
        w
        for w in view.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QLineEdit, QComboBox)) and w.isVisibleTo(view)
    ]
    assert len(controls) >= 14
    assert view.table.accessibleName() == "Staff accounts"
    assert all(w.accessibleName() for w in controls), [
        w.objectName() or type(w).__name__ for w in controls if not w.accessibleName()
    ]
    labels = [w for w in view.findChildren(QLabel) if w.text().endswith(":")]
    assert labels and all(label.buddy() is not None for label in labels)


def test_someone_who_is_not_an_admin_cannot_reach_or_use_the_page(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)  # an assistant
    assert shell.user is not None
    assert window.ui.auditLogButton.isHidden()  # the way to the page is not shown to him
    shell.show_user_admin()
    assert shell.user_admin is None and window.current_page() is not None
    before = _audited(clinic)

    # Built for him anyway, the page shows nothing and every action is refused by the service.
    controller = UserAdminController(clinic, shell.user)
    qtbot.addWidget(controller.view)
    assert not controller.refresh()
    assert "may not do this" in controller.view.message_label.text()
    controller.view.set_accounts([("ana", "Ana Rivera", "Administrator", "Can sign in")])
    controller.view.pick("ana")
    controller.turn_off_or_on()
    assert "may not do this" in controller.view.message_label.text()
    controller.view.user_name_edit.setText("mallory")
    controller.view.add_password_edit.setText("mallory-password")
    controller.view.add_password_again_edit.setText("mallory-password")
    controller.add_account()
    assert "may not do this" in controller.view.message_label.text()
    assert "mallory" not in [u.username for u in clinic.accounts.list_users()]
    assert _audited(clinic)[len(before) :] == []


def test_with_no_account_picked_the_role_box_is_blank_and_says_why(qtbot: QtBot) -> None:
    """It showed "Medical assistant" under "No account picked.", read as someone's role."""
    view = UserAdminView()
    qtbot.addWidget(view)
    view.set_picked(None)
    assert view.picked_label.text() == "No account picked."
    assert view.role_combo.currentIndex() == -1
    assert view.role_combo.currentText() == ""
    assert view.role_combo.placeholderText() == "Pick an account first"
    assert not view.role_combo.isEnabled()
    view.set_picked("ben: Ben (clinician), can sign in", role="clinician")
    assert view.role_combo.currentData() == "clinician"
    assert view.role_combo.isEnabled()
    view.set_picked(None)
    assert view.role_combo.currentIndex() == -1


SIZES = [(1366, 768), (1280, 720), (1024, 768)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_whole_page_shows_without_scrolling(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, width: int, height: int
) -> None:
    """At 768 px high every control is on screen at once: the page scrolled to reach "Add
    account". The list may shrink, to no fewer than four whole rows."""
    window, shell = make_shell(clinic)
    window.resize(width, height)
    sign_in(qtbot, shell, "ana", PASSWORD)
    shell.show_user_admin()
    assert shell.user_admin is not None
    view = shell.user_admin.view
    qtbot.waitUntil(lambda: window.current_page() is view, timeout=2000)
    # With a message above the list, as after any action: Add account with nothing typed.
    view.user_name_edit.setFocus()
    _press(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: view.message_label.isVisible(), timeout=2000)
    view.pick("ben")  # the picked account's buttons are on
    qtbot.wait(20)  # the layout settles on the next event-loop turn
    assert (window.width(), window.height()) == (width, height)
    for area in view.findChildren(QAbstractScrollArea):
        if area is not view.table:
            assert not area.verticalScrollBar().isVisible(), area.objectName()
    page = view.rect()
    assert view.mapTo(window, page.bottomRight()).y() <= window.height()
    controls = [
        w
        for w in view.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QLineEdit, QComboBox)) and w.isVisibleTo(view)
    ]
    assert len(controls) >= 14
    for control in controls:
        box = control.rect().translated(control.mapTo(view, control.rect().topLeft()))
        assert page.contains(box), (control.accessibleName(), box, page)
        assert box.width() >= control.minimumSizeHint().width(), control.accessibleName()
    table = view.table
    rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows >= 4, rows
    # The keyboard goes through the left box, then the right one.
    view.turn_off_button.setFocus()
    assert focused() is view.turn_off_button
    order = []
    for _ in range(6):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [
        view.user_name_edit,
        view.full_name_edit,
        view.add_role_combo,
        view.add_password_edit,
        view.add_password_again_edit,
        view.add_button,
    ]
