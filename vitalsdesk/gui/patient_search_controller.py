"""Find a patient (type-ahead, scanned MRN + Enter, today's list) or register one by keyboard."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

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
        search.set_models(self.results, self.recent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPE_AHEAD_MS)
        self._timer.timeout.connect(self._type_ahead)

        search.find_edited.connect(self._timer.start)
        search.find_entered.connect(self.open_from_text)
        search.down_pressed.connect(self._to_results)
        search.result_activated.connect(lambda row: self._open_row(self.results, row))
        search.recent_activated.connect(lambda row: self._open_row(self.recent, row))
        search.register_requested.connect(self.start_registration)
        QShortcut(QKeySequence("Ctrl+N"), search, self.start_registration)

        registration.register_requested.connect(self.register)
        registration.cancel_requested.connect(self.show_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), registration, self.show_search)

    # -- search --------------------------------------------------------------------------------

    def show_search(self, *, clear: bool = False) -> None:
        if clear:
            self.search.clear_find()
            self.results.set_patients([])
            self.search.show_message("")
        self.refresh_recent()
        self._show_page(self.search)
        self.search.focus_find()

    def refresh_recent(self) -> None:
        try:
            self.recent.set_patients(self.clinic.patients.recent(self.user))
        except ServiceError as exc:
            log.warning("today's list unavailable: %s", type(exc).__name__)
        self.search.fit_recent()

    def _type_ahead(self) -> None:
        text = self.search.find_text()
        if len(text) < 2:
            self.results.set_patients([])
            self.search.show_message("")
            return
        found = self.clinic.patients.search(text)
        self.results.set_patients(found)
        self.search.fit_results()
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
        text = self.search.find_text()
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
        self.search.fit_results()
        if len(found) == 1:
            self.open_requested.emit(found[0].id)
        elif found:
            self.search.show_message(
                f"{len(found)} patients match. Choose one with ↑ ↓ and press Enter."
            )
            self.search.focus_first_result()
        else:
            self.search.show_message(
                f"No patient matches “{text}”. Register a new patient (Ctrl+N)?", problem=True
            )

    def _open_row(self, model: PatientTableModel, row: int) -> None:
        patient = model.patient(row)
        if patient is not None:
            self.open_requested.emit(patient.id)

    def _to_results(self) -> None:
        """↓ in the find box: the results of what is typed (now, not after the pause)."""
        if self._timer.isActive():
            self._timer.stop()
            self._type_ahead()
        self.search.focus_first_result()

    # -- registration --------------------------------------------------------------------------

    def start_registration(self) -> None:
        """Open the registration form, filled with what the search box already says."""
        self.registration.reset()
        text = self.search.find_text()
        born = parse_birth_date(text) if text else None
        if born is not None:
            self.registration.fill("birth_date", born.isoformat())
        elif "," in text:
            family, _, given = text.partition(",")
            self.registration.fill("family_name", family.strip())
            self.registration.fill("given_name", given.strip())
        elif text and any(c.isdigit() for c in text) and _MRN.match(text):
            self.registration.fill("mrn", text)
        elif text:
            self.registration.fill("family_name", text)
        self._show_page(self.registration)
        self.registration.focus_field("family_name")

    def register(self) -> None:
        form = self.registration
        born = parse_birth_date(form.birth_date_text())
        if born is None:
            form.show_message("Birth date: type it as YYYY-MM-DD or MM/DD/YYYY, like 1980-06-15.")
            form.focus_field("birth_date")
            return
        try:
            data = PatientIn(birth_date=born, **form.patient_fields())
        except ValidationError as exc:
            form.show_message(_registration_problems(exc))
            return
        try:
            patient = self.clinic.patients.register(data, self.user)
        except AlreadyExists as exc:
            form.show_message(str(exc))
            form.focus_field("mrn")
            return
        except ServiceError as exc:
            form.show_message(str(exc))
            return
        self.search.set_find_text(patient.mrn)
        self.open_requested.emit(patient.id)


def _registration_problems(exc: ValidationError) -> str:
    return describe(exc, names=_FIELD_NAMES, wording=_WORDING) + "."
