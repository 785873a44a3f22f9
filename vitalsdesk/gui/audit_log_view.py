"""The administrator's audit log page (layout: ui/audit_log.ui). View only: AuditLogController
holds the behaviour; the view signals what the administrator asks for and shows what it is told."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHeaderView, QLineEdit, QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_audit_log import Ui_AuditLogView
from vitalsdesk.gui.qt_dates import from_qdate, to_qdate


class AuditLogView(QWidget):
    show_requested = Signal()  # "Show events", or Enter in a text filter
    clear_requested = Signal()
    verify_requested = Signal()
    export_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_AuditLogView()
        ui.setupUi(self)
        ui.dateRangeCheck.toggled.connect(ui.fromDateEdit.setEnabled)
        ui.dateRangeCheck.toggled.connect(ui.toDateEdit.setEnabled)
        ui.showButton.clicked.connect(self.show_requested)
        ui.mrnEdit.returnPressed.connect(self.show_requested)
        ui.userEdit.returnPressed.connect(self.show_requested)
        ui.clearButton.clicked.connect(self.clear_requested)
        ui.verifyButton.clicked.connect(self.verify_requested)
        ui.exportButton.clicked.connect(self.export_requested)
        ui.backButton.clicked.connect(self.back_requested)
        title = self.ui.titleLabel.font()
        title.setBold(True)
        self.ui.titleLabel.setFont(title)
        header = self.ui.eventsTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for date_edit in (self.ui.fromDateEdit, self.ui.toDateEdit):
            # The field inside the date edit takes the focus: a screen reader names it too.
            inner = date_edit.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(date_edit.accessibleName())
        self.show_verdict("", problem=False)
        self.show_message("")

    # -- filters ---------------------------------------------------------------------------------

    def set_choices(self, actions: list[tuple[str, str]], usernames: list[str]) -> None:
        """The actions to filter by (label, code), after "Any action"; the user names the user
        filter completes."""
        ui = self.ui
        ui.actionCombo.addItem("Any action", None)
        for label, code in actions:
            ui.actionCombo.addItem(label, code)
        completer = QCompleter(usernames, ui.userEdit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Completed in the field itself: no pop-up list to step over with the keyboard.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        ui.userEdit.setCompleter(completer)

    def set_date_range(self, first: date, last: date) -> None:
        """The dates offered when "Between" is ticked."""
        self.ui.fromDateEdit.setDate(to_qdate(first))
        self.ui.toDateEdit.setDate(to_qdate(last))

    def mrn(self) -> str:
        return self.ui.mrnEdit.text().strip()

    def username(self) -> str:
        return self.ui.userEdit.text().strip()

    def action(self) -> str | None:
        code = self.ui.actionCombo.currentData()
        return None if code is None else str(code)

    def date_range(self) -> tuple[date, date] | None:
        """The first and last day ticked "Between" (None: any date)."""
        if not self.ui.dateRangeCheck.isChecked():
            return None
        return from_qdate(self.ui.fromDateEdit.date()), from_qdate(self.ui.toDateEdit.date())

    def focus_first_date(self) -> None:
        self.ui.fromDateEdit.setFocus()

    def clear_filters(self) -> None:
        ui = self.ui
        ui.mrnEdit.clear()
        ui.userEdit.clear()
        ui.actionCombo.setCurrentIndex(0)
        ui.dateRangeCheck.setChecked(False)

    def focus_filters(self) -> None:
        """The keyboard starts in the first filter, the MRN."""
        self.ui.mrnEdit.setFocus()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)

    def show_verdict(self, text: str, *, problem: bool) -> None:
        """The chain check's result: "✓ intact" as information, a broken link as a problem."""
        show_message(self.ui.verifyLabel, text, problem=problem)

    # -- the events ------------------------------------------------------------------------------

    def set_model(self, model: QAbstractItemModel) -> None:
        self.ui.eventsTable.setModel(model)

    def show_count(self, text: str) -> None:
        self.ui.countLabel.setText(text)

    def show_row(self, row: int) -> None:
        """Select row `row` of the events and scroll it into view."""
        table = self.ui.eventsTable
        table.selectRow(row)
        table.scrollTo(table.model().index(row, 0))
