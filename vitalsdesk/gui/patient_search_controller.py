"""Find a patient (type-ahead, scanned MRN + Enter, today's list) or register one by keyboard."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.patient_table_model import PatientTableModel
from vitalsdesk.gui.patient_views import PatientRegistrationView, PatientSearchView
from vitalsdesk.services.errors import AlreadyExists, NotFound, ServiceError
from vitalsdesk.services.patients import parse_birth_date
from vitalsdesk.services.schemas import PatientIn
from vitalsdesk.validation_messages import describe

if TYPE_CHECKING:
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import StaffUserOut

log = logging.getLogger(__name__)

TYPE_AHEAD_MS = 150
_MRN = re.compile(r"^[A-Za-z0-9\-]+$")
_FIELD_NAMES = {
    "mrn": "MRN",
    "family_name": "Family name",
    "given_name": "Given name",
    "birth_date": "Birth date",
    "sex": "Sex",
    "preferred_language": "Preferred language",
}
# pydantic's words for a field left empty or typed with other characters, said plainly.
_WORDING = {
    "string_too_short": "required",
    "string_pattern_mismatch": "letters, digits and dashes only",
}


class PatientSearchController(QObject):
    """Emits open_requested(patient id) when the MA picks, scans or registers a patient."""

    open_requested = Signal(int)

    def __init__(
        self,
        search: PatientSearchView,
        registration: PatientRegistrationView,
        clinic: ClinicServices,
        user: StaffUserOut,
        show_page: Callable[[QWidget], None],
    ) -> None:
        super().__init__(search)
        self.search = search
        self.registration = registration
        self.clinic = clinic
        self.user = user
        self._show_page = show_page

        self.results = PatientTableModel(self)
        self.recent = PatientTableModel(self)
        search.ui.resultsView.setModel(self.results)
        search.ui.recentView.setModel(self.recent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPE_AHEAD_MS)
        self._timer.timeout.connect(self._type_ahead)

        ui = search.ui
        ui.findEdit.textEdited.connect(lambda _text: self._timer.start())
        ui.findEdit.returnPressed.connect(self.open_from_text)
        ui.findEdit.installEventFilter(self)
        ui.resultsView.activated.connect(lambda index: self._open_row(self.results, index))
        ui.recentView.activated.connect(lambda index: self._open_row(self.recent, index))
        ui.registerButton.clicked.connect(self.start_registration)
        QShortcut(QKeySequence("Ctrl+N"), search, self.start_registration)

        r = registration.ui
        r.registerButton.clicked.connect(self.register)
        r.cancelButton.clicked.connect(self.show_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), registration, self.show_search)
        chain: list[QLineEdit] = [r.familyNameEdit, r.givenNameEdit, r.birthDateEdit, r.mrnEdit]
        for edit in chain:
            edit.returnPressed.connect(registration.focusNextChild)

    # -- search --------------------------------------------------------------------------------

    def show_search(self, *, clear: bool = False) -> None:
        ui = self.search.ui
        if clear:
            ui.findEdit.clear()
            self.results.set_patients([])
            self.search.show_message("")
        self.refresh_recent()
        self._show_page(self.search)
        ui.findEdit.setFocus()
        ui.findEdit.selectAll()

    def refresh_recent(self) -> None:
        try:
            self.recent.set_patients(self.clinic.patients.recent(self.user))
        except ServiceError as exc:
            log.warning("today's list unavailable: %s", type(exc).__name__)
        self._fit(self.search.ui.recentView)

    def _type_ahead(self) -> None:
        text = self.search.ui.findEdit.text().strip()
        if len(text) < 2:
            self.results.set_patients([])
            self.search.show_message("")
            return
        found = self.clinic.patients.search(text)
        self.results.set_patients(found)
        self._fit(self.search.ui.resultsView)
        if found:
            count = len(found)
            self.search.show_message(
                f"{count} patient{'s' if count != 1 else ''} found: ↓ to choose, Enter to open."
            )
        else:
            self.search.show_message(
                "No patient found. Check the spelling, or register a new patient (Ctrl+N)."
            )

    def open_from_text(self) -> None:
        """Enter in the search box: a scanned or typed MRN opens at once; else the one match."""
        self._timer.stop()
        text = self.search.ui.findEdit.text().strip()
        if not text:
            return
        if _MRN.match(text):
            try:
                patient = self.clinic.patients.by_mrn(text)
            except NotFound:
                patient = None
            if patient is not None:
                self.open_requested.emit(patient.id)
                return
        found = self.clinic.patients.search(text)
        self.results.set_patients(found)
        self._fit(self.search.ui.resultsView)
        if len(found) == 1:
            self.open_requested.emit(found[0].id)
        elif found:
            self.search.show_message(
                f"{len(found)} patients match. Choose one with ↑ ↓ and press Enter."
            )
            self._focus_first(self.search.ui.resultsView)
        else:
            self.search.show_message(
                f"No patient matches “{text}”. Register a new patient (Ctrl+N)?", problem=True
            )

    def _open_row(self, model: PatientTableModel, index: QModelIndex) -> None:
        patient = model.patient(index.row())
        if patient is not None:
            self.open_requested.emit(patient.id)

    @staticmethod
    def _focus_first(view: QTableView) -> None:
        if view.model().rowCount() > 0:
            view.setFocus()
            view.selectRow(0)

    @staticmethod
    def _fit(view: QTableView) -> None:
        view.resizeColumnsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search.ui.findEdit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            if self._timer.isActive():
                self._timer.stop()
                self._type_ahead()
            self._focus_first(self.search.ui.resultsView)
            return True
        return False

    # -- registration --------------------------------------------------------------------------

    def start_registration(self) -> None:
        """Open the registration form, filled with what the search box already says."""
        self.registration.reset()
        r = self.registration.ui
        text = self.search.ui.findEdit.text().strip()
        born = parse_birth_date(text) if text else None
        if born is not None:
            r.birthDateEdit.setText(born.isoformat())
        elif "," in text:
            family, _, given = text.partition(",")
            r.familyNameEdit.setText(family.strip())
            r.givenNameEdit.setText(given.strip())
        elif text and any(c.isdigit() for c in text) and _MRN.match(text):
            r.mrnEdit.setText(text)
        elif text:
            r.familyNameEdit.setText(text)
        self._show_page(self.registration)
        r.familyNameEdit.setFocus()

    def register(self) -> None:
        r = self.registration.ui
        born_text = r.birthDateEdit.text().strip()
        born = parse_birth_date(born_text)
        if born is None:
            show_message(
                r.messageLabel,
                "Birth date: type it as YYYY-MM-DD or MM/DD/YYYY, like 1980-06-15.",
            )
            r.birthDateEdit.setFocus()
            return
        try:
            data = PatientIn(
                mrn=r.mrnEdit.text(),
                family_name=r.familyNameEdit.text(),
                given_name=r.givenNameEdit.text(),
                birth_date=born,
                sex=r.sexCombo.currentData(),
                preferred_language=r.languageCombo.currentData(),
            )
        except ValidationError as exc:
            show_message(r.messageLabel, _registration_problems(exc))
            return
        try:
            patient = self.clinic.patients.register(data, self.user)
        except AlreadyExists as exc:
            show_message(r.messageLabel, str(exc))
            r.mrnEdit.setFocus()
            return
        except ServiceError as exc:
            show_message(r.messageLabel, str(exc))
            return
        self.search.ui.findEdit.setText(patient.mrn)
        self.open_requested.emit(patient.id)


def _registration_problems(exc: ValidationError) -> str:
    return describe(exc, names=_FIELD_NAMES, wording=_WORDING) + "."
