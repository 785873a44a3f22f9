"""Keyboard steps shared by the GUI tests: what an MA does, one key at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.gui.vitals_form_view import VitalsFormView


def type_into(qtbot: QtBot, edit: QLineEdit, text: str, *, enter: bool = False) -> None:
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def sign_in(qtbot: QtBot, shell: ShellController, user: str, password: str) -> None:
    ui = shell.sign_in_view.ui
    type_into(qtbot, ui.userNameEdit, user, enter=True)
    assert focused() is ui.passwordEdit
    type_into(qtbot, ui.passwordEdit, password, enter=True)


def scan(qtbot: QtBot, shell: ShellController, mrn: str) -> None:
    """A barcode scanner is a keyboard: it types the MRN and presses Enter."""
    assert shell.search is not None
    find = shell.search.search.ui.findEdit
    find.setFocus()
    type_into(qtbot, find, mrn, enter=True)


def type_adult_set(qtbot: QtBot, form: VitalsFormView, systolic: str = "128/82") -> None:
    """A full adult set by keyboard only: each value, then Enter to the next field."""
    ui = form.ui
    ui.systolicEdit.setFocus()
    steps = [
        systolic,  # fills diastolic too; Enter skips to pulse
        "72",  # pulse
        "16",  # respiration
        "98.6",  # temperature (°F, oral by default)
        "97",  # SpO2
        "65",  # height (in)
        "154",  # weight (lb)
        "2",  # pain
    ]
    for text in steps:
        widget = focused()
        assert isinstance(widget, QLineEdit), widget
        type_into(qtbot, widget, text, enter=True)
