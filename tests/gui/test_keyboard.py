"""Keyboard only: Enter presses each dialog's default button, a mnemonic scrolls its field into
view, Ctrl+Q quits as closing the window does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import focused, scan, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.dialogs import (
    ConfirmValuesDialog,
    CriticalValuesDialog,
    DraftOffer,
    DraftsDialog,
    ReasonDialog,
)
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.passphrase_dialog import PassphraseDialog
from vitalsdesk.gui.shell_controller import ShellController

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def show(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def default_button(dialog: QDialog) -> QPushButton | None:
    return next((b for b in dialog.findChildren(QPushButton) if b.isDefault()), None)


def test_enter_saves_a_critical_set_only_once_the_clinician_is_told(qtbot: QtBot) -> None:
    dialog = show(qtbot, CriticalValuesDialog(["Heart rate 165 /min: ▲▲ Far above"]))
    assert isinstance(dialog, CriticalValuesDialog)
    told = dialog.ui.toldCheck
    assert focused() is told
    qtbot.keyClick(told, Qt.Key.Key_Return)  # not ticked: Enter does not save
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert default_button(dialog) is None
    qtbot.keyClick(told, Qt.Key.Key_Space)
    assert default_button(dialog) is dialog.ui.saveButton
    qtbot.keyClick(told, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_presses_the_default_button_of_every_dialog(qtbot: QtBot) -> None:
    confirm = show(
        qtbot, ConfirmValuesDialog([("body_height", "Height", "Height 95 in is unusual.")])
    )
    assert isinstance(confirm, ConfirmValuesDialog)
    edit = confirm.reason_edits["body_height"]
    type_into(qtbot, edit, "re-measured, same result", enter=True)
    assert confirm.result() == QDialog.DialogCode.Accepted

    reason = show(qtbot, ReasonDialog("Amend vital signs", "Why?", "Save amendment"))
    assert isinstance(reason, ReasonDialog)
    type_into(qtbot, reason.ui.reasonEdit, "typed in kg", enter=True)
    assert reason.result() == QDialog.DialogCode.Accepted

    offer = DraftOffer(1, "García, María — MRN 1001", datetime.now(UTC))
    drafts = show(qtbot, DraftsDialog([offer]))
    assert isinstance(drafts, DraftsDialog)
    qtbot.keyClick(drafts.ui.draftsList, Qt.Key.Key_Return)
    assert drafts.result() == QDialog.DialogCode.Accepted
    assert drafts.choice is not None and drafts.choice.action == "restore"

    passphrase = show(qtbot, PassphraseDialog(new=False))
    assert default_button(passphrase) is not None


def test_a_mnemonic_scrolls_its_field_into_view(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    handout = shell.page.show_handout()
    view = handout.view
    type_into(qtbot, view.ui.filterEdit, "wound", enter=True)  # many fields to fill in
    qtbot.wait(50)
    clinician = view.ui.clinicianEdit
    area = view.ui.formScroll
    area.verticalScrollBar().setValue(0)
    assert area.verticalScrollBar().maximum() > 0, "the fields should need scrolling here"
    qtbot.keyClick(focused() or window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert focused() is clinician
    qtbot.wait(20)  # scrolled on the next event-loop turn
    viewport = area.viewport()
    top_left = clinician.mapTo(viewport, clinician.rect().topLeft())
    bottom = clinician.mapTo(viewport, clinician.rect().bottomLeft())
    assert top_left.y() >= 0 and bottom.y() <= viewport.height()


def test_ctrl_q_quits_and_keeps_the_draft_as_closing_does(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view.ui
    type_into(qtbot, form.heartRateEdit, "76")
    assert shell.user is not None
    assert clinic.vitals.drafts(shell.user) == []  # the typing pause has not passed yet
    qtbot.keyClick(form.heartRateEdit, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    [(_, payload, _)] = clinic.vitals.drafts(shell.user)
    assert payload["texts"]["heart_rate"] == "76"
