"""Every control that takes keyboard focus has an accessible name, on every screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QScrollBar, QTabBar, QToolButton, QWidget
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


def test_combo_boxes_say_their_purpose_and_their_value(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """Qt's own interface names a combo box by its current item on Linux ("Oral"); ours says
    what is chosen ("Temperature method") and gives the item as the value."""
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view
    expected = {
        "temperature_method": ("Temperature method", "Oral"),
        "height_unit": ("Height unit", "in"),
        "bp_position": ("Blood pressure position", "Position —"),
        "bp_arm": ("Arm", "Arm —"),
        "bp_cuff": ("Cuff size", "Cuff —"),
        "weight_unit": ("Weight unit", "lb"),
        "temperature_unit": ("Temperature unit", "°F"),
    }
    for key, (name, value) in expected.items():
        iface = QAccessible.queryAccessibleInterface(form.combos[key])
        assert iface is not None
        assert iface.role() == QAccessible.Role.ComboBox
        assert (iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Value)) == (
            name,
            value,
        )
        # The pop-up list is still its child, so a screen reader can read the choices.
        assert iface.childCount() == 1
        assert iface.child(0).childCount() == form.combos[key].count()


def test_the_handout_finder_clear_button_has_a_name(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    finder = shell.page.show_handout().view.ui.filterEdit
    [button] = finder.findChildren(QToolButton)
    assert button.accessibleName() == "Clear the search"
