"""History and trends of one patient: every set and version, amend, mark entered in error.

The table shows every version newest first; the charts (pyqtgraph) are built the first time the
tab is shown, and rebuilt when the history changes. A clinician also gets a child's growth charts.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QFocusEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from vitalsdesk.gui.forms.ui_history import Ui_HistoryView
from vitalsdesk.gui.vitals_history_model import COLUMNS, VitalsHistoryModel
from vitalsdesk.gui.widgets import ColumnFitter, ElidedLabel, show_info
from vitalsdesk.presentation.display import date_text, quantity_text
from vitalsdesk.presentation.trend_data import growth_charts, trend_charts
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.gui.trend_charts import GrowthCharts, TrendCharts
    from vitalsdesk.services.acknowledgements import Acknowledgement
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut
    from vitalsdesk.services.visits import VisitOut

log = logging.getLogger(__name__)

GROWTH_CHART_ROLES = ("clinician", "admin")

_CHANGE_CODES = (
    ("heart_rate", "Pulse"),
    ("respiratory_rate", "Respiration"),
    ("body_temperature", "Temperature"),
    ("oxygen_saturation", "SpO₂"),
    ("body_weight", "Weight"),
    ("body_height", "Height"),
)


# The least width of a history column that gives way (px).
SLIVER = 12
# Shown only where they fit whole, the status first; else in the line under the table.
SECONDARY = tuple(COLUMNS.index(name) for name in ("Status", "Recorded by", "Visit"))
DETAIL_NAMES = {"Status": "", "Recorded by": "recorded by ", "Visit": "visit "}
# The sets the table shows above the charts at least (1280x720, 1024x768), and where there is
# room; the charts take the rest. Ctrl+Shift+Down and Ctrl+Shift+Up move the divider a row.
TABLE_ROWS = 4
TABLE_ROWS_WANTED = 6
ROOMY_CHARTS = 420  # px the charts keep where the table shows TABLE_ROWS_WANTED
KEYED_FOCUS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
MORE_ROWS_KEYS = "Ctrl+Shift+Down"
FEWER_ROWS_KEYS = "Ctrl+Shift+Up"


class HistoryView(QWidget):
    amend_requested = Signal()  # the Amend button, or Enter (or a double-click) on a set
    entered_in_error_requested = Signal()
    show_earlier_toggled = Signal(bool)
    selection_changed = Signal()
    new_visit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HistoryView()
        self.ui.setupUi(self)
        # A visit starts when the patient is opened; this starts a new one explicitly (a second
        # rooming the same day), ending the open one.
        self.new_visit_button = QPushButton("New visit")
        self.new_visit_button.setObjectName("newVisitButton")
        self.new_visit_button.setAccessibleName("Start a new visit")
        self.new_visit_button.setToolTip(
            "End the open visit and start a new one: sets saved from now on belong to it."
        )
        self.new_visit_button.clicked.connect(self.new_visit_requested)
        row = self.ui.actionsRow
        row.insertWidget(row.indexOf(self.ui.amendButton), self.new_visit_button)
        self._charts: QWidget | None = None
        self.ui.amendButton.clicked.connect(self.amend_requested)
        self.ui.enteredInErrorButton.clicked.connect(self.entered_in_error_requested)
        self.ui.showEarlierCheck.toggled.connect(self.show_earlier_toggled)
        self.ui.historyTable.activated.connect(lambda _index: self.amend_requested.emit())
        table = self.ui.historyTable
        header = table.horizontalHeader()
        # When taken and every reading stay whole: at 1024 px the numbers were cut ("100.…").
        readings = tuple(range(COLUMNS.index("Pain") + 1))
        # A flagged set's readings are wider still: then the last readings give way as little
        # as they must, rather than a sideways scroll.
        header.setMinimumSectionSize(SLIVER)
        # Who recorded a set, its status and its visit are shown whole or not at all: at 1024 px
        # they were slivers. A hidden one is read in the line under the table, for the set
        # chosen (by arrow keys or a click); the status is the last to go.
        self._fitter = ColumnFitter(table, keep=readings, least=SLIVER, optional=SECONDARY)
        self._fitter.columns_hidden.connect(self._columns_hidden)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("setDetailLabel")
        self.detail_label.setAccessibleName("Chosen set")
        self.detail_label.setWordWrap(True)
        self.detail_label.hide()
        # The table and its detail line share the splitter's upper pane.
        pane = QWidget()
        pane.setObjectName("historyTablePane")
        self._pane_layout = pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.setSpacing(4)
        self.ui.splitter.insertWidget(0, pane)
        pane_layout.addWidget(table)
        pane_layout.addWidget(self.detail_label)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._change_line()
        # The page's own rows are tighter than elsewhere: each pixel here is one for the table.
        self.ui.pageLayout.setSpacing(4)
        self.ui.pageLayout.setContentsMargins(24, 4, 24, 4)
        for button in (self.new_visit_button, self.ui.amendButton, self.ui.enteredInErrorButton):
            # As tall as the banner's buttons (still more than a 24 px target).
            button.setStyleSheet("min-height: 32px;")
        # The table keeps room for TABLE_ROWS sets and the charts take the rest, until the MA
        # moves the divider (with the mouse or the keys); at 1280x720 the charts' two rows left
        # the table one set.
        self._sized_by_user = False
        self._two_rows_least = 0
        self.ui.splitter.splitterMoved.connect(self._divider_moved)
        self.ui.splitter.installEventFilter(self)
        self.ui.trendsGrid.setContentsMargins(0, 0, 0, 0)
        table.setAccessibleDescription(
            f"{MORE_ROWS_KEYS} shows more sets and smaller charts; {FEWER_ROWS_KEYS} fewer sets."
        )
        for keys, rows in ((MORE_ROWS_KEYS, 1), (FEWER_ROWS_KEYS, -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda rows=rows: self.move_divider(rows))

    def _change_line(self) -> None:
        """ "Change since the visit of …" on one line, cut with "…" when long (on three lines it
        left the table one set at 1024x768): the whole text is its tooltip and accessible name,
        and Tab reaches it, which shows the whole text too."""
        old = self.ui.changeLabel
        line = ElidedLabel(self)
        line.setObjectName("changeLabel")
        line.setAccessibleName(old.accessibleName())
        line.min_chars = 20
        line.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        line.setStyleSheet(
            "QLabel { border: 2px solid transparent; } QLabel:focus { border-color: #ffb870; }"
        )
        line.installEventFilter(self)
        self.ui.pageLayout.replaceWidget(old, line)
        old.deleteLater()
        self.ui.changeLabel = line
        QWidget.setTabOrder(self.ui.enteredInErrorButton, line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.splitter and event.type() == QEvent.Type.Resize:
            self.fit_split()
        elif (
            watched is self.ui.changeLabel
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() in KEYED_FOCUS
            and self.ui.changeLabel.toolTip()  # set while the line is cut
        ):
            line = self.ui.changeLabel
            QToolTip.showText(line.mapToGlobal(QPoint(0, line.height())), line.text(), line)
        return False

    def table_height(self, rows: int) -> int:
        """The height of the table's pane that shows `rows` sets whole (and the line under it)."""
        table = self.ui.historyTable
        row = table.verticalHeader().defaultSectionSize()
        model = table.model()
        if model is not None and model.rowCount() > 0:
            row = max(row, table.rowHeight(0))
        height = table.horizontalHeader().sizeHint().height() + rows * row
        height += 2 * table.frameWidth()
        if not self.detail_label.isHidden():
            detail = self.detail_label
            height += self._pane_layout.spacing() + detail.heightForWidth(table.width())
        return height

    def visible_rows(self) -> int:
        """How many sets the table shows whole."""
        table = self.ui.historyTable
        row = max(table.rowHeight(0), 1) if table.model() and table.model().rowCount() else 30
        return table.viewport().height() // row

    def _trend_charts(self) -> TrendCharts | None:
        if self._charts is None:
            return None
        found = self._charts.findChild(QWidget, "trendCharts")
        if self._charts.objectName() == "trendCharts":
            found = self._charts
        return cast("TrendCharts | None", found)

    def fit_split(self) -> None:
        """Give the table room for its rows first and the charts the rest; where the charts'
        two rows would leave the table fewer than TABLE_ROWS, all five charts go in one row."""
        splitter = self.ui.splitter
        if self._charts is None or splitter.count() < 2:
            return
        room = splitter.height() - splitter.handleWidth()
        least = self.table_height(TABLE_ROWS)
        trends = self._trend_charts()
        if trends is not None and self._two_rows_least:
            # Where the MA moved the divider, the table keeps the room they gave it.
            kept = splitter.sizes()[0] if self._sized_by_user else 0
            trends.set_one_row(room - self._two_rows_least < max(least, kept))
        if self._sized_by_user:
            return
        charts_least = self._charts_least()
        # Whole rows: a half row at the bottom reads as a cut set.
        rows = TABLE_ROWS
        if room - self.table_height(TABLE_ROWS_WANTED) >= ROOMY_CHARTS:
            rows = TABLE_ROWS_WANTED
        table = max(min(self.table_height(rows), room - charts_least), 0)
        splitter.setSizes([table, room - table])

    def _charts_least(self) -> int:
        # The charts themselves: the area's layout leaves them out until they are shown.
        if self._charts is None:
            return 0
        return max(self._charts.minimumSizeHint().height(), self._charts.minimumHeight())

    def _divider_moved(self, *_args: object) -> None:
        self._sized_by_user = True

    def move_divider(self, rows: int) -> None:
        """Move the divider between the table and the charts by `rows` rows, and say how many
        sets the table shows now (the charts keep their least height)."""
        splitter = self.ui.splitter
        table = self.ui.historyTable
        step = max(table.verticalHeader().defaultSectionSize(), 1)
        sizes = splitter.sizes()
        if len(sizes) < 2:
            return
        total = sum(sizes)
        trends = self._trend_charts()
        if trends is not None and self._two_rows_least:
            # More rows than the charts' two rows leave room for: the charts go in one row;
            # room enough again for two rows: back to two.
            wanted = sizes[0] + rows * step
            trends.set_one_row(total - wanted < self._two_rows_least)
        charts_least = self._charts_least()
        pane_least = self.table_height(1)
        upper = min(max(sizes[0] + rows * step, pane_least), total - charts_least)
        splitter.setSizes([upper, total - upper])
        self._sized_by_user = True
        shown = self.visible_rows()
        message = f"The table shows {shown} set{'s' if shown != 1 else ''}."
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(table, message))

    def set_model(self, model: QAbstractItemModel) -> None:
        self.ui.historyTable.setModel(model)
        self._fitter.watch_model()
        self.ui.historyTable.selectionModel().selectionChanged.connect(self.selection_changed)
        self.ui.historyTable.selectionModel().selectionChanged.connect(self._show_detail)
        model.modelReset.connect(self._show_detail)
        model.dataChanged.connect(self._show_detail)

    def hidden_columns(self) -> list[int]:
        """The columns of who recorded, status and visit not shown at this width."""
        return self._fitter.hidden()

    def _columns_hidden(self, hidden: list[int]) -> None:
        self.detail_label.setVisible(bool(hidden))
        self._show_detail()
        self.fit_split()

    def _show_detail(self, *_args: object) -> None:
        """The chosen set's facts whose columns are hidden: "Chosen set: Final · recorded by …"."""
        hidden = self._fitter.hidden()
        if not hidden:
            return
        model = self.ui.historyTable.model()
        rows = self.selected_rows()
        if model is None or not rows:
            show_info(
                self.detail_label, "Choose a set (↑ ↓) to see who recorded it and its status."
            )
            return
        row = rows[0]
        taken = model.index(row, COLUMNS.index("Taken")).data()
        facts = []
        for column in SECONDARY:
            text = model.index(row, column).data()
            if column in hidden and text:
                name = DETAIL_NAMES[COLUMNS[column]]
                facts.append(f"{name}{text}" if name else text)
        # One line at 1024 px: the chosen row is highlighted; a screen reader hears when too.
        text = " · ".join(facts)
        self.detail_label.setText(f"Chosen set: {text}")
        self.detail_label.setAccessibleName(f"Chosen set, taken {taken}: {text}")

    def selected_rows(self) -> list[int]:
        return [index.row() for index in self.ui.historyTable.selectionModel().selectedRows()]

    def select_row(self, row: int) -> None:
        self.ui.historyTable.selectRow(row)

    def focus_table(self) -> None:
        self.ui.historyTable.setFocus()

    def enable_actions(self, enabled: bool) -> None:
        """Amend and Mark entered in error: only for a current set."""
        self.ui.amendButton.setEnabled(enabled)
        self.ui.enteredInErrorButton.setEnabled(enabled)

    def show_change(self, text: str) -> None:
        show_info(self.ui.changeLabel, text)

    def show_charts(self, charts: QWidget) -> None:
        """Put `charts` where the trends go, in place of the placeholder or earlier charts."""
        self.ui.trendsPlaceholderLabel.hide()
        if self._charts is not None:
            self.ui.trendsGrid.removeWidget(self._charts)
            self._charts.deleteLater()
        self._charts = charts
        self.ui.trendsGrid.addWidget(charts, 0, 0)
        # The charts' least height in two rows, to know when they must go in one.
        trends = self._trend_charts()
        if trends is not None:
            one_row = trends.one_row()
            trends.set_one_row(False)
            self._two_rows_least = self._charts_least()
            trends.set_one_row(one_row)
        self.fit_split()


def change_since_last_visit(sets: list[VitalSignSetOut]) -> str:
    """ "Since 3 Mar 2026: BP 128/82 → 134/85 mmHg · Weight 154 lb → 157 lb (+3) ..." """
    valid = [s for s in sets if not s.superseded and s.status != "entered-in-error"]
    if not valid:
        return "No vital signs recorded yet."
    newest = valid[0]
    earlier = next(
        (
            s
            for s in valid[1:]
            if s.taken_at.astimezone().date() < newest.taken_at.astimezone().date()
        ),
        None,
    )
    if earlier is None:
        return "Only one visit recorded: nothing to compare with yet."
    parts: list[str] = []
    new_sys, new_dia = newest.measurement("systolic_bp"), newest.measurement("diastolic_bp")
    old_sys, old_dia = earlier.measurement("systolic_bp"), earlier.measurement("diastolic_bp")
    if new_sys and new_dia and old_sys and old_dia:
        parts.append(
            f"BP {old_sys.value_text}/{old_dia.value_text} → "
            f"{new_sys.value_text}/{new_dia.value_text} mmHg"
        )
    for code, name in _CHANGE_CODES:
        new, old = newest.measurement(code), earlier.measurement(code)
        if new is None or old is None:
            continue
        text = f"{name} {quantity_text(old.value_text, old.unit)} → {quantity_text(new.value_text, new.unit)}"
        if new.unit == old.unit:
            delta = Decimal(new.value_text) - Decimal(old.value_text)
            if delta:
                text += f" ({'+' if delta > 0 else '−'}{format(abs(delta), 'f')})"
        parts.append(text)
    if newest.bmi_value and earlier.bmi_value:
        parts.append(f"BMI {earlier.bmi_value} → {newest.bmi_value}")
    if not parts:
        return f"No measurement taken both now and on {date_text(earlier.taken_at)}."
    return f"Change since the visit of {date_text(earlier.taken_at)}: " + " · ".join(parts)


class HistoryController(QObject):
    amend_requested = Signal(object)  # VitalSignSetOut
    changed = Signal()  # a set was marked entered in error: reload

    def __init__(
        self,
        view: HistoryView,
        clinic: ClinicServices,
        user: StaffUserOut,
        patient: PatientOut,
        prompter: Prompter,
        preferences: dict[str, str],
    ) -> None:
        super().__init__(view)
        self.view = view
        self.clinic = clinic
        self.user = user
        self.patient = patient
        self.prompter = prompter
        self.preferences = preferences
        self.sets: list[VitalSignSetOut] = []
        self.charts: TrendCharts | None = None
        self.growth_charts: GrowthCharts | None = None
        self._chart_tabs: QTabWidget | None = None
        self._charts_wanted = False
        self.model = VitalsHistoryModel(self)
        view.set_model(self.model)
        view.selection_changed.connect(self._update_buttons)
        view.show_earlier_toggled.connect(self.model.set_show_earlier)
        view.amend_requested.connect(self.amend_selected)
        view.entered_in_error_requested.connect(self.mark_selected_entered_in_error)
        self._update_buttons()

    def set_visit_info(
        self,
        visit_of: dict[int, VisitOut],
        acks: dict[int, Acknowledgement],
        awaiting: set[int],
    ) -> None:
        """Group by visit and show acknowledgements (called before set_history)."""
        self.model.set_visit_info(visit_of, acks, awaiting)
        # The visit tint marks the groups; alternating rows would blur them.
        self.view.ui.historyTable.setAlternatingRowColors(not visit_of)

    def set_history(self, sets: list[VitalSignSetOut]) -> None:
        self.sets = list(sets)
        self.model.set_sets(self.sets)
        self.view.show_change(change_since_last_visit(self.sets))
        self._update_buttons()
        if self._charts_wanted:
            self.build_charts()

    def show_charts(self) -> None:
        """Called when the History tab is shown: build the charts once, keep them up to date."""
        self._charts_wanted = True
        if self.charts is None:
            self.build_charts()

    def build_charts(self) -> None:
        from vitalsdesk.gui.trend_charts import TrendCharts

        data = trend_charts(
            self.sets,
            self.clinic.table,
            self.patient,
            temperature_preference=self.preferences.get("temperature_unit", "[degF]"),
            weight_preference=self.preferences.get("weight_unit", "[lb_av]"),
        )
        self.charts = TrendCharts(data)
        self.view.show_charts(self._with_growth_charts(self.charts))

    def shows_growth_charts(self) -> bool:
        """Percentiles are for the clinician (decisions 6 and 17): an MA's History tab shows the
        trends only."""
        return self.user.role in GROWTH_CHART_ROLES

    def _with_growth_charts(self, trends: QWidget) -> QWidget:
        """For a clinician and a patient under 20: the trends and the growth charts as two tabs
        (the trends first, as for every patient); otherwise the trends alone."""
        from vitalsdesk.gui.trend_charts import GrowthCharts

        keep = self._chart_tabs.currentIndex() if self._chart_tabs is not None else 0
        self._chart_tabs = self.growth_charts = None
        if not self.shows_growth_charts():
            return trends
        data = growth_charts(self.sets, self.clinic.growth_tables, self.patient)
        if not data:
            return trends
        tabs = QTabWidget()
        tabs.setObjectName("chartTabs")
        tabs.setAccessibleName("Charts")
        tabs.setDocumentMode(True)
        # A slimmer tab bar than the page's (still more than a 24 px target): at 1280x720 its
        # height is a row of the table.
        tabs.setStyleSheet("QTabBar::tab { min-height: 24px; padding: 4px 16px; }")
        tabs.addTab(trends, "Trends")
        self.growth_charts = GrowthCharts(data)
        tabs.addTab(self.growth_charts, "Growth charts")
        tabs.setCurrentIndex(keep)
        self._chart_tabs = tabs
        return tabs

    def focus_table(self) -> None:
        """Keyboard users land on the newest set: ↑ ↓ to choose, Enter to amend."""
        self.view.focus_table()
        if self.selected() is None and self.model.rowCount() > 0:
            self.view.select_row(0)

    def selected(self) -> VitalSignSetOut | None:
        rows = self.view.selected_rows()
        return self.model.set_at(rows[0]) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected()
        current = (
            chosen is not None and not chosen.superseded and chosen.status != "entered-in-error"
        )
        self.view.enable_actions(current)

    def amend_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and not chosen.superseded and chosen.status != "entered-in-error":
            self.amend_requested.emit(chosen)

    def mark_selected_entered_in_error(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.superseded or chosen.status == "entered-in-error":
            return
        reason = self.prompter.ask_reason(
            self.view,
            "Mark entered in error",
            f"Why was the set taken {date_text(chosen.taken_at)} entered in error? (for "
            "example: recorded for the wrong patient)",
            "Mark entered in error",
        )
        if reason is None:
            return
        try:
            self.clinic.vitals.mark_entered_in_error(chosen.id, chosen.version, reason, self.user)
        except ServiceError as exc:
            self.view.show_change(f"✖ Not marked. {exc}")
            return
        self.changed.emit()
