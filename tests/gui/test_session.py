"""Signing in, the first-run administrator, locking (shortcut and idle) and signing out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def test_first_run_walks_the_clinic_through_the_first_administrator(
    qtbot: QtBot, make_shell: Shell, empty_clinic: Clinic
) -> None:
    window, shell = make_shell(empty_clinic)
    f = shell.first_run_view.ui
    assert window.current_page() is shell.first_run_view
    assert focused() is f.displayNameEdit
    type_into(qtbot, f.displayNameEdit, "Dana Admin", enter=True)
    type_into(qtbot, f.userNameEdit, "dana", enter=True)
    type_into(qtbot, f.passwordEdit, "long enough 1", enter=True)
    type_into(qtbot, f.repeatPasswordEdit, "long enough 2", enter=True)
    assert "not the same" in f.messageLabel.text()
    assert not empty_clinic.accounts.has_users()

    type_into(qtbot, f.passwordEdit, "long enough 1", enter=True)
    type_into(qtbot, f.repeatPasswordEdit, "long enough 1", enter=True)
    assert empty_clinic.accounts.has_users()
    [admin] = empty_clinic.accounts.list_users()
    assert (admin.username, admin.role, admin.display_name) == ("dana", "admin", "Dana Admin")
    assert shell.user is not None and shell.user.username == "dana"
    assert window.ui.signedInLabel.text() == "Dana Admin"
    assert f.passwordEdit.text() == ""


def test_the_sign_in_page_names_its_fields_and_refuses_a_wrong_password(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    ui = shell.sign_in_view.ui
    assert window.current_page() is shell.sign_in_view
    assert ui.userNameEdit.accessibleName() == "User name"
    assert ui.passwordEdit.accessibleName() == "Password"
    assert ui.signInButton.accessibleName() == "Sign in"
    assert window.ui.lockButton.isHidden()

    sign_in(qtbot, shell, "ana", "not the password")
    assert shell.user is None
    assert ui.messageLabel.text() == "✖ The user name or password is not right."
    assert ui.passwordEdit.text() == ""
    assert focused() is ui.passwordEdit

    type_into(qtbot, ui.passwordEdit, PASSWORD, enter=True)
    assert shell.user is not None and shell.user.username == "ana"
    assert shell.search is not None
    assert window.current_page() is shell.search.search
    assert focused() is shell.search.search.ui.findEdit
    assert shell.search.search.ui.findEdit.accessibleName() == "Find patient"
    assert not window.ui.lockButton.isHidden()


def test_ctrl_l_locks_and_only_the_password_unlocks_with_the_form_kept(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view.ui
    type_into(qtbot, form.systolicEdit, "132/84", enter=True)
    type_into(qtbot, form.heartRateEdit, "76")

    qtbot.keyClick(form.heartRateEdit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.locked
    assert window.current_page() is shell.lock_view
    assert window.ui.signedInLabel.isHidden()
    assert "García" not in window.status_label.text()
    # Locking saved the draft at once (no waiting for the typing pause).
    assert shell.user is not None
    [(_, payload, _)] = clinic.vitals.drafts(shell.user)
    assert payload["texts"]["heart_rate"] == "76"
    # Nothing reaches the hidden form while locked.
    qtbot.keyClick(
        shell.lock_view.ui.passwordEdit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_page() is shell.lock_view

    lock = shell.lock_view.ui
    type_into(qtbot, lock.passwordEdit, "wrong password", enter=True)
    assert shell.locked
    assert lock.messageLabel.text().startswith("✖ That is not the password")
    type_into(qtbot, lock.passwordEdit, PASSWORD, enter=True)
    assert not shell.locked
    assert window.current_page() is shell.page.view
    assert form.systolicEdit.text() == "132"
    assert form.heartRateEdit.text() == "76"
    assert focused() is form.heartRateEdit


def test_the_screen_locks_itself_when_left_idle(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    assert clinic.settings.idle_lock_minutes == 5
    sign_in(qtbot, shell, "ana", PASSWORD)
    assert shell.idle is not None
    assert shell.idle.timer.interval() == 5 * 60_000
    shell.idle.timer.setInterval(150)
    shell.idle.timer.start()
    # Typing keeps it open ...
    assert shell.search is not None
    find = shell.search.search.ui.findEdit
    for _ in range(4):
        qtbot.wait(60)
        qtbot.keyClick(find, Qt.Key.Key_A)
    assert not shell.locked
    # ... and a pause locks it.
    qtbot.waitUntil(lambda: shell.locked, timeout=3000)
    assert window.current_page() is shell.lock_view


def test_switch_user_keeps_the_draft_for_the_next_sign_in(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: FakePrompter
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    type_into(qtbot, shell.page.form_view.ui.heartRateEdit, "91")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(shell.lock_view.ui.switchUserButton, Qt.MouseButton.LeftButton)
    assert shell.user is None
    assert window.current_page() is shell.sign_in_view
    assert shell.page is None

    sign_in(qtbot, shell, "ben", PASSWORD)
    assert prompter.questions("drafts") == []  # Ana's draft is Ana's
    qtbot.mouseClick(window.ui.signOutButton, Qt.MouseButton.LeftButton)

    prompter.draft_choice = lambda offers: None  # "Not now"
    sign_in(qtbot, shell, "ana", PASSWORD)
    [offers] = prompter.questions("drafts")
    assert [o.patient_label for o in offers] == [f"García, María — MRN {ADULT_MRN}"]


def test_locking_closes_a_question_left_open(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    from PySide6.QtWidgets import QDialog

    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    question = QDialog(window)
    qtbot.addWidget(question)
    question.open()  # modal, as the real prompter's dialogs are
    assert question.isVisible()
    shell.lock()
    assert not question.isVisible()
    assert question.result() == QDialog.DialogCode.Rejected
    assert window.current_page() is shell.lock_view
