"""At 1280x720 and 1024x768 the history table shows at least four sets above the charts (issue
13): it showed one or two, under a three-line "Change since …" and two rows of charts. The MA's
trends and the clinician's trends and growth charts stay whole below it, and the divider moves
by keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, CHILD_MRN, PASSWORD
from tests.gui.steps import scan, sign_in
from tests.gui.test_history import record
from tests.gui.test_history_growth import record_growth
from tests.gui.test_small_screens import record_flagged_set
from tests.gui.test_whole_text_at_1024 import inside_plot
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.history_controller import TABLE_ROWS, HistoryView
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
SMALL = [(1280, 720), (1024, 768)]
IDS = [f"{w}x{h}" for w, h in SMALL]


def rows_shown(table: QTableView) -> int:
    """The sets the table's viewport shows whole."""
    return table.viewport().height() // table.rowHeight(0)


def open_history(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, size: tuple[int, int], user: str, mrn: str
) -> tuple[MainWindow, HistoryView]:
    window, shell = make_shell(clinic)
    window.resize(*size)
    sign_in(qtbot, shell, user, PASSWORD)
    scan(qtbot, shell, mrn)
    assert shell.page is not None
    shell.page.show_history()
    view = shell.page.history_view
    qtbot.waitUntil(lambda: view._charts is not None and view._charts.isVisible(), timeout=3000)
    qtbot.wait(50)
    return window, view


def charts_whole(window: MainWindow, view: HistoryView, charts: QWidget) -> None:
    """Every chart (and the note under the charts) is inside the window above the status
    line, and each title is inside its chart."""
    bottom = window.statusBar().mapTo(window, QPoint(0, 0)).y()
    assert charts.mapTo(window, QPoint(0, charts.height())).y() <= bottom
    assert charts.height() >= charts.minimumSizeHint().height()
    for plot in charts.findChildren(QWidget):
        if plot.objectName().endswith(("Trend", "GrowthChart")) and plot.isVisible():
            plot.grab()
            item = plot.getPlotItem()  # type: ignore[attr-defined]
            assert inside_plot(plot, item.titleLabel.item), plot.objectName()
            assert plot.mapTo(window, QPoint(plot.width(), 0)).x() <= window.width()


@pytest.mark.parametrize("size", SMALL, ids=IDS)
def test_the_ma_sees_four_sets_above_the_trends(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, size: tuple[int, int]
) -> None:
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    adult = clinic.patients.by_mrn(ADULT_MRN)
    for days_ago, weight in ((500, "150"), (400, "152"), (300, "151"), (200, "155"), (30, "157")):
        record(clinic, ben, adult, days_ago, weight=weight)
    record_flagged_set(clinic)  # the widest row, and a long change since the last visit
    window, view = open_history(qtbot, make_shell, clinic, size, "ana", ADULT_MRN)
    assert (window.width(), window.height()) == size
    table = view.ui.historyTable
    assert table.model().rowCount() >= 6
    assert rows_shown(table) >= TABLE_ROWS
    assert view._charts is not None
    charts_whole(window, view, view._charts)
    # "Change since …" is one line; its whole text is its tooltip and what a screen reader says.
    change = view.ui.changeLabel
    assert change.height() < 2 * change.fontMetrics().lineSpacing()
    whole = change.text()
    assert whole.startswith("Change since the visit of") and "BMI" in whole
    assert whole in change.accessibleName()
    change.grab()
    if QFontMetrics(change.font()).horizontalAdvance(whole) > change.contentsRect().width():
        assert change.toolTip() == whole
    assert change.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab reaches it


@pytest.mark.parametrize("size", SMALL, ids=IDS)
def test_the_clinician_sees_four_sets_above_the_trends_and_the_growth_charts(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, size: tuple[int, int]
) -> None:
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    clinic.accounts.add_user("cleo", PASSWORD, "clinician", "Dr. Cleo Park", actor=ana)
    child = clinic.patients.by_mrn(CHILD_MRN)
    record_growth(clinic, ben, child)
    record_growth(clinic, ben, child)  # six sets
    window, view = open_history(qtbot, make_shell, clinic, size, "cleo", CHILD_MRN)
    table = view.ui.historyTable
    assert table.model().rowCount() >= 6
    tabs = view._charts
    assert tabs is not None and tabs.objectName() == "chartTabs"
    for tab in (0, 1):  # Trends, then Growth charts
        tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        qtbot.wait(50)
        assert rows_shown(table) >= TABLE_ROWS, tab
        charts_whole(window, view, tabs)


def test_the_divider_moves_a_row_by_keyboard(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    adult = clinic.patients.by_mrn(ADULT_MRN)
    for days_ago in (400, 300, 200, 100, 50, 20, 10):
        record(clinic, ben, adult, days_ago)
    _window, view = open_history(qtbot, make_shell, clinic, (1366, 768), "ana", ADULT_MRN)
    table = view.ui.historyTable
    table.setFocus()
    before = rows_shown(table)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(table, Qt.Key.Key_Up, ctrl_shift)
    qtbot.wait(20)
    assert rows_shown(table) == before - 1
    qtbot.keyClick(table, Qt.Key.Key_Down, ctrl_shift)
    qtbot.keyClick(table, Qt.Key.Key_Down, ctrl_shift)
    qtbot.wait(20)
    assert rows_shown(table) == before + 1
    assert "Ctrl+Shift+Down" in table.accessibleDescription()
