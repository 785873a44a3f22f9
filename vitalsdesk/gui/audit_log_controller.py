"""The audit log page for administrators: filter the events, verify the chain, export CSV.

The service decides who may read the log (admins only; reading is itself audited) and refuses
anyone else whatever the GUI shows; the header button is only there for administrators.
Filters apply on "Show events" (or Enter in a text filter), not on each keystroke: every
look at the log is an event in it.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QCompleter

from vitalsdesk.gui.audit_event_table_model import ACTION_LABELS, AuditEventTableModel
from vitalsdesk.gui.audit_log_view import AuditLogView
from vitalsdesk.gui.qt_dates import from_qdate
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import StaffUserOut

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30  # the date range offered when "Between" is ticked


class AuditLogController(QObject):
    back_requested = Signal()

    def __init__(
        self,
        clinic: ClinicServices,
        user: StaffUserOut,
        prompter: Prompter,
        view: AuditLogView | None = None,
    ) -> None:
        view = view or AuditLogView()
        super().__init__(view)
        self.view = view
        self.clinic = clinic
        self.user = user
        self.prompter = prompter
        self.model = AuditEventTableModel(self)
        self._shown: dict[str, Any] = {}  # the filters of the rows on screen (for the export)
        ui = self.view.ui
        ui.eventsTable.setModel(self.model)
        ui.actionCombo.addItem("Any action", None)
        for code, label in sorted(ACTION_LABELS.items(), key=lambda item: item[1]):
            ui.actionCombo.addItem(label, code)
        usernames = [u.username for u in clinic.accounts.list_users()]
        completer = QCompleter(usernames, ui.userEdit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Completed in the field itself: no pop-up list to step over with the keyboard.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        ui.userEdit.setCompleter(completer)
        today = QDate.currentDate()
        ui.toDateEdit.setDate(today)
        ui.fromDateEdit.setDate(today.addDays(-DEFAULT_DAYS))
        ui.dateRangeCheck.toggled.connect(ui.fromDateEdit.setEnabled)
        ui.dateRangeCheck.toggled.connect(ui.toDateEdit.setEnabled)
        ui.showButton.clicked.connect(self.refresh)
        ui.mrnEdit.returnPressed.connect(self.refresh)
        ui.userEdit.returnPressed.connect(self.refresh)
        ui.clearButton.clicked.connect(self.clear_filters)
        ui.verifyButton.clicked.connect(self.verify)
        ui.exportButton.clicked.connect(self.export)
        ui.backButton.clicked.connect(self.back_requested)

    # -- filters ---------------------------------------------------------------------------------

    def filters(self) -> dict[str, Any] | None:
        """The service's filters from the widgets (None, with a message, when they do not fit)."""
        ui = self.view.ui
        found: dict[str, Any] = {
            "mrn": ui.mrnEdit.text().strip() or None,
            "username": ui.userEdit.text().strip() or None,
            "action": ui.actionCombo.currentData(),
        }
        if ui.dateRangeCheck.isChecked():
            first = from_qdate(ui.fromDateEdit.date())
            last = from_qdate(ui.toDateEdit.date())
            if first > last:
                self.view.show_message("The first date is after the second. Swap them.")
                ui.fromDateEdit.setFocus()
                return None
            # Whole local days: from the first midnight to the midnight after the last day.
            found["since"] = datetime.combine(first, time.min).astimezone()
            found["until"] = datetime.combine(last + timedelta(days=1), time.min).astimezone()
        return found

    def clear_filters(self) -> None:
        ui = self.view.ui
        ui.mrnEdit.clear()
        ui.userEdit.clear()
        ui.actionCombo.setCurrentIndex(0)
        ui.dateRangeCheck.setChecked(False)
        self.refresh()
        ui.mrnEdit.setFocus()

    # -- use cases -------------------------------------------------------------------------------

    def refresh(self) -> None:
        filters = self.filters()
        if filters is None:
            return
        try:
            events = self.clinic.audit_log.events(self.user, **filters)
            mrns = self.clinic.patients.mrns_for(
                [e.patient_id for e in events if e.patient_id is not None]
            )
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return
        self.model.set_events(events, mrns)
        self._shown = filters
        count = len(events)
        self.view.ui.countLabel.setText(
            "No events match."
            if count == 0
            else f"{count} event{'s' * (count != 1)}, newest first."
        )
        self.view.show_message("")

    def verify(self) -> None:
        try:
            report = self.clinic.audit_log.verify(self.user)
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return
        if report.intact:
            self.view.show_verdict(
                f"✓ The audit log is intact: {report.events} events, every link checked.",
                problem=False,
            )
            return
        log.warning("the audit chain is broken at event %s", report.broken_at)
        self.view.show_verdict(
            f"The audit log was changed after it was written: the first broken link is event "
            f"{report.broken_at} ({report.problem}). Keep this PC as it is and tell the "
            "clinic's privacy officer.",
            problem=True,
        )
        row = self.model.row_of_seq(report.broken_at) if report.broken_at is not None else None
        if row is not None:
            self.view.ui.eventsTable.selectRow(row)
            self.view.ui.eventsTable.scrollTo(self.model.index(row, 0))

    def export(self) -> None:
        filters = self._shown or self.filters()
        if filters is None:
            return
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = Path(documents or Path.home()) / (
            f"vitalsdesk-audit-{datetime.now():%Y%m%d-%H%M}.csv"
        )
        path = self.prompter.save_file(
            self.view, "Export the audit log", suggested, "CSV files (*.csv)"
        )
        if path is None:
            return
        try:
            count = self.clinic.audit_log.export_csv(self.user, path, **filters)
        except ServiceError as exc:
            self.view.show_message(str(exc))
            return
        except OSError as exc:
            self.view.show_message(f"The file could not be written: {exc.strerror or exc}.")
            return
        self.view.show_message(
            f"✓ {count} event{'s' * (count != 1)} written to {path}.", problem=False
        )
