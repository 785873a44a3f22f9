"""Every control that takes keyboard focus has an accessible name, on every screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QScrollBar, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import scan, sign_in
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.dialogs import (
    ConfirmValuesDialog,
    CriticalValuesDialog,
    DraftsDialog,
    ReasonDialog,
)
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def inside_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QScrollBar | QTabBar) or inside_combo(widget):
            continue  # parts of a named control (a combo's pop-up list, a tab widget's bar)
        if type(widget) is QWidget:  # a plain container, not a control
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def test_every_screen_names_its_controls(qtbot: QtBot, make_shell: Shell, clinic: Clinic) -> None:
    window, shell = make_shell(clinic)
    screens: list[QWidget] = [window, shell.sign_in_view, shell.first_run_view, shell.lock_view]
    sign_in(qtbot, shell, "ana", PASSWORD)
    assert shell.search is not None
    screens += [shell.search.search, shell.search.registration]
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    shell.page.show_history()
    screens += [shell.page.view]
    dialogs = [
        ConfirmValuesDialog([("body_height", "Height", "Height 95 in is unusual.")]),
        CriticalValuesDialog(["Pulse 140 /min"]),
        ReasonDialog("Amend vital signs", "Why?", "Save amendment"),
        DraftsDialog([]),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    problems = {
        screen.objectName(): unnamed_controls(screen)
        for screen in [*screens, *dialogs]
        if unnamed_controls(screen)
    }
    assert problems == {}, problems
