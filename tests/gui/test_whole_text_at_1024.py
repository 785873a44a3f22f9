"""At 1024x768 (issue 13) every table cell and chart label reads whole: the patient lists wrap a
long name and the birth date onto a second line, the history shows who recorded a set, its status
and its visit whole or in the line under the table (never a sliver), and the growth charts keep
their titles and percentile labels inside the chart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGraphicsTextItem, QTableView, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, CHILD_MRN, PASSWORD
from tests.gui.steps import scan, sign_in, type_into
from tests.gui.test_history_growth import record_growth
from tests.gui.test_small_screens import record_flagged_set
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.gui.vitals_history_model import COLUMNS
from vitalsdesk.gui.widgets import ColumnFitter, wrapped_widths
from vitalsdesk.services.schemas import PatientIn

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]

LONG_FAMILY, LONG_GIVEN = "Hernández-Villalobos", "María Guadalupe"


def cell_padding(table: QTableView, column: int) -> int:
    """What a cell adds around its text: the column's one-line size hint less its widest text."""
    model = table.model()
    metrics = table.fontMetrics()
    texts = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
    return table.sizeHintForColumn(column) - max(metrics.horizontalAdvance(t) for t in texts)


def reads_whole(table: QTableView, index: QModelIndex) -> bool:
    """The cell's text is all on screen: on one line, or wrapped at spaces into lines that are
    each as wide as the column and all within the row's height."""
    text = str(index.data() or "")
    width = table.columnWidth(index.column()) - cell_padding(table, index.column())
    metrics = table.fontMetrics()
    if metrics.horizontalAdvance(text) <= width:
        return True
    if not table.wordWrap():
        return False
    if any(metrics.horizontalAdvance(word) > width for word in text.split(" ")):
        return False  # a word would be broken or cut
    lines = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
    return lines.height() <= table.rowHeight(index.row())


def header_whole(table: QTableView, column: int) -> bool:
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)  # the stylesheet's header weight
    text = str(table.model().headerData(column, Qt.Orientation.Horizontal))
    return QFontMetrics(font).horizontalAdvance(text) + 16 <= header.sectionSize(column)


def test_the_patient_lists_show_a_long_name_and_the_age_whole(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    clinic.patients.register(
        PatientIn(
            mrn="MRN-30303",
            family_name=LONG_FAMILY,
            given_name=LONG_GIVEN,
            birth_date=date.today() - timedelta(days=2 * 365 + 340),  # 2 y 11 mo
            sex=AdministrativeSex.FEMALE,
        ),
        ben,
        is_sample=True,  # the widest name cell: "… (sample)"
    )
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, "MRN-30303")  # on today's list now
    shell.find_patient()
    search = shell.search
    assert search is not None
    ui = search.search.ui
    type_into(qtbot, ui.findEdit, "hern")
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=2000)
    qtbot.wait(50)  # the columns are fitted on the next event-loop turn
    for table in (ui.resultsView, ui.recentView):
        model = table.model()
        assert model.index(0, 0).data().startswith(f"{LONG_FAMILY}, {LONG_GIVEN}")
        assert not table.horizontalScrollBar().isVisible()
        for column in range(model.columnCount()):
            assert reads_whole(table, model.index(0, column)), (table.objectName(), column)
            assert header_whole(table, column), (table.objectName(), column)


def test_every_history_column_reads_whole_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """Who recorded the set, its status and visit were 12 px slivers at 1024 px."""
    record_flagged_set(clinic)
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    shell.page.show_history()
    view = shell.page.history_view
    table = view.ui.historyTable
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=1000)
    qtbot.wait(50)
    model = table.model()
    header = table.horizontalHeader()
    hidden = [c for c in range(model.columnCount()) if header.isSectionHidden(c)]
    assert set(hidden) <= {COLUMNS.index(n) for n in ("Recorded by", "Status", "Visit")}
    for column in range(model.columnCount()):
        if column in hidden:
            continue
        assert reads_whole(table, model.index(0, column)), COLUMNS[column]
        assert header_whole(table, column), COLUMNS[column]
    # What the hidden columns say is in the line under the table, for the set chosen by keys.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert view.hidden_columns() == hidden
    detail = view.detail_label
    if hidden:
        assert detail.isVisible()
        for column in hidden:
            assert str(model.index(0, column).data()) in detail.text(), COLUMNS[column]
        assert detail.accessibleName().startswith("Chosen set, taken ")
        assert detail.height() >= detail.heightForWidth(detail.width())
    else:
        assert not detail.isVisible()


def test_history_shows_every_column_where_the_screen_is_wide(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    record_flagged_set(clinic)
    window, shell = make_shell(clinic)
    window.resize(1920, 1000)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    shell.page.show_history()
    view = shell.page.history_view
    qtbot.wait(50)
    assert view.hidden_columns() == []
    assert not view.detail_label.isVisible()


def inside_plot(plot: QWidget, item: QGraphicsTextItem) -> bool:
    """The text is drawn wholly inside the chart widget (nothing cut at an edge; the text
    item's empty margin may overhang)."""
    rect = item.sceneBoundingRect()
    margin = item.document().documentMargin()
    return (
        rect.left() + margin >= 0
        and rect.right() - margin <= plot.width()
        and rect.top() + margin >= 0
    )


def test_the_growth_charts_keep_titles_and_percentile_labels_inside_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """The fourth chart's title ("Head circumference-for-age") and the percentile labels
    ran past the chart's right edge at 1024 px."""
    import pyqtgraph as pg

    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    clinic.accounts.add_user("cleo", PASSWORD, "clinician", "Dr. Cleo Park", actor=ana)
    record_growth(clinic, ben, clinic.patients.by_mrn(CHILD_MRN))
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "cleo", PASSWORD)
    scan(qtbot, shell, CHILD_MRN)
    assert shell.page is not None
    shell.page.show_history()
    history = shell.page.history
    tabs = history._chart_tabs
    assert tabs is not None and history.growth_charts is not None
    tabs.setCurrentIndex(1)
    charts = history.growth_charts
    qtbot.waitUntil(charts.isVisible, timeout=2000)
    qtbot.wait(50)
    for plot in charts.plots.values():
        plot.grab()  # drawn once: the y axis takes the width of its labels
    qtbot.wait(50)
    right = charts.mapTo(window, QPoint(charts.width(), 0)).x()
    assert right <= window.width()
    for key, plot in charts.plots.items():
        item = plot.getPlotItem()
        assert item.geometry().right() <= plot.width(), key  # the chart is not cut on the right
        assert plot.mapTo(window, QPoint(plot.width(), 0)).x() <= window.width(), key
        assert inside_plot(plot, item.titleLabel.item), key
        box = item.getViewBox().sceneBoundingRect()
        labels = [i for i in item.items if isinstance(i, pg.TextItem)]
        assert len(labels) == 5, key
        for label in labels:
            rect = label.sceneBoundingRect()
            assert box.left() <= rect.left() and rect.right() <= box.right(), (
                key,
                label.toPlainText(),
            )


def test_growth_chart_titles_and_labels_stay_inside_narrower_charts(
    qtbot: QtBot, clinic: Clinic
) -> None:
    """The same at any width down to 205 px a chart, whatever width the platform's fonts give
    the y axis (a window a little narrower than 1024 px, larger fonts)."""
    import pyqtgraph as pg

    from vitalsdesk.gui.trend_charts import GrowthCharts
    from vitalsdesk.presentation.trend_data import growth_charts

    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    child = clinic.patients.by_mrn(CHILD_MRN)
    record_growth(clinic, ben, child)
    data = growth_charts(clinic.vitals.history(child.id), clinic.growth_tables, child)
    charts = GrowthCharts(data)
    qtbot.addWidget(charts)
    charts.show()
    for width in (976, 880):
        charts.resize(width, 260)
        qtbot.wait(30)
        for key, plot in charts.plots.items():
            plot.grab()
            qtbot.wait(10)
            item = plot.getPlotItem()
            assert item.geometry().right() <= plot.width(), (width, key)
            assert inside_plot(plot, item.titleLabel.item), (width, key)
            box = item.getViewBox().sceneBoundingRect()
            for label in (i for i in item.items if isinstance(i, pg.TextItem)):
                assert label.sceneBoundingRect().right() <= box.right(), (width, key)


def test_the_patient_banner_shows_every_detail_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """The sex, the language and "SAMPLE PATIENT" were cut ("(58 y) · …") at 1024 px: the
    details take a second line, no taller than the buttons beside them."""
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    clinic.patients.register(
        PatientIn(
            mrn="SAMPLE-1001",
            family_name="García",
            given_name="María",
            birth_date=date(1968, 4, 12),
            sex=AdministrativeSex.FEMALE,
            preferred_language="es",
        ),
        ben,
        is_sample=True,
    )
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, "SAMPLE-1001")
    assert shell.page is not None
    banner = shell.page.view.ui
    qtbot.wait(20)
    details = banner.detailsLabel
    assert details.text().endswith("female · Spanish · SAMPLE PATIENT")
    lines = details.shown_lines()
    assert " · ".join(lines) == details.text(), lines  # every part, none cut
    assert details.toolTip() == ""
    assert details.height() >= details.fontMetrics().lineSpacing() * len(lines)
    assert details.height() <= banner.findPatientButton.height()


def test_the_clinician_view_reads_whole_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """The visit, the BP and BMI categories and the critical value ended in "…" at 1024 px."""
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    clinic.accounts.add_user("cara", PASSWORD, "clinician", "Dr Cara Lin", actor=ana)
    clinic.visits.start_new(clinic.patients.by_mrn(ADULT_MRN).id, ana)
    record_flagged_set(clinic)
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "cara", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    clinician = shell.page.show_clinician()
    assert clinician is not None
    table = clinician.view.ui.setsTable
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=1000)
    qtbot.wait(50)
    model = table.model()
    assert model.rowCount() >= 1
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            assert reads_whole(table, model.index(row, column)), (row, column)
        assert header_whole(table, column), column


def test_rows_that_fit_on_one_line_stay_one_line_high(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """Rows may grow for a wrapped name, but a row of one line keeps the height of one (Qt's
    resize-to-contents made every row as tall as two)."""
    window, shell = make_shell(clinic)
    window.resize(1366, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    assert shell.search is not None
    search = shell.search
    type_into(qtbot, search.search.ui.findEdit, "garc")
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=2000)
    qtbot.wait(50)
    table = search.search.ui.resultsView
    assert table.rowHeight(0) == table.verticalHeader().defaultSectionSize()


def test_wrapped_widths_give_the_wrapping_columns_what_is_left() -> None:
    assert wrapped_widths([100, 50], [60, 50], 200) == [100, 50]  # all fit: as wanted
    # The MRN (no wrap: least = wanted) keeps its width; the name gets the rest.
    assert wrapped_widths([300, 110], [170, 110], 300) == [190, 110]
    # Two wrapping columns share what is left over their widest words, as each needs.
    assert wrapped_widths([300, 150, 110], [170, 95, 110], 420) == [192, 117, 110]
    assert wrapped_widths([300, 110], [170, 110], 250) is None  # even words do not fit


def test_the_fitter_leaves_a_column_its_view_hid_hidden(qtbot: QtBot) -> None:
    model = QStandardItemModel(2, 4)
    for row in range(2):
        for column in range(4):
            model.setItem(row, column, QStandardItem(f"cell {row} {column} " * (column + 1)))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fitter = ColumnFitter(table, optional=(3,))
    table.setColumnHidden(1, True)
    table.resize(260, 200)
    table.show()
    qtbot.waitExposed(table)
    fitter.fit()
    assert table.isColumnHidden(1)  # the view's choice
    assert fitter.hidden() == [3] and table.isColumnHidden(3)  # too wide to be whole
    table.resize(1200, 200)
    fitter.fit()
    assert table.isColumnHidden(1) and fitter.hidden() == [] and not table.isColumnHidden(3)
