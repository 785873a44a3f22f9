"""Patient pages: search, quick registration, and the patient page (banner + tabs).

Views only (layouts in ui/): the controllers in patient_search_controller.py and
patient_page_controller.py hold the behaviour; the views signal what the MA asks for and show
what they are told.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QTableView, QWidget

from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_patient_page import Ui_PatientPageView
from vitalsdesk.gui.forms.ui_patient_registration import Ui_PatientRegistrationView
from vitalsdesk.gui.forms.ui_patient_search import Ui_PatientSearchView
from vitalsdesk.gui.widgets import ColumnFitter, keep_words, show_info

SEXES = tuple((sex.value.capitalize(), sex.value) for sex in AdministrativeSex)
LANGUAGES = (("English", "en"), ("Spanish", "es"))


def _focus_first_row(table: QTableView) -> None:
    if table.model().rowCount() > 0:
        table.setFocus()
        table.selectRow(0)


class PatientSearchView(QWidget):
    find_edited = Signal()  # the MA typed in the find box
    find_entered = Signal()  # Enter in the find box (a scanner types the MRN, then Enter)
    down_pressed = Signal()  # ↓ in the find box: on to the results
    result_activated = Signal(int)  # a row of the results, by Enter or double-click
    recent_activated = Signal(int)  # a row of today's list
    register_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_PatientSearchView()
        ui.setupUi(self)
        ui.messageLabel.hide()
        self._fitters: dict[QTableView, ColumnFitter] = {}
        for view in (ui.resultsView, ui.recentView):
            header = view.horizontalHeader()
            # At 1024 px a long name and the age were cut ("Hernández-Villalobos, M…"): the
            # name and the birth date wrap onto a second line instead; the MRN stays whole.
            self._fitters[view] = ColumnFitter(view, wrap=(0, 1))
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        ui.findEdit.textEdited.connect(lambda _text: self.find_edited.emit())
        ui.findEdit.returnPressed.connect(self.find_entered)
        ui.findEdit.installEventFilter(self)
        ui.resultsView.activated.connect(lambda index: self.result_activated.emit(index.row()))
        ui.recentView.activated.connect(lambda index: self.recent_activated.emit(index.row()))
        ui.registerButton.clicked.connect(self.register_requested)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.ui.findEdit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self.down_pressed.emit()
            return True
        return False

    def set_models(self, results: QAbstractItemModel, recent: QAbstractItemModel) -> None:
        self.ui.resultsView.setModel(results)
        self.ui.recentView.setModel(recent)
        for fitter in self._fitters.values():
            fitter.watch_model()

    def find_text(self) -> str:
        return self.ui.findEdit.text().strip()

    def set_find_text(self, text: str) -> None:
        self.ui.findEdit.setText(text)

    def clear_find(self) -> None:
        self.ui.findEdit.clear()

    def focus_find(self) -> None:
        self.ui.findEdit.setFocus()
        self.ui.findEdit.selectAll()

    def focus_first_result(self) -> None:
        _focus_first_row(self.ui.resultsView)

    def fit_results(self) -> None:
        self._fitters[self.ui.resultsView].fit()

    def fit_recent(self) -> None:
        self._fitters[self.ui.recentView].fit()

    def show_message(self, text: str, *, problem: bool = False) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)


class PatientRegistrationView(QWidget):
    register_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_PatientRegistrationView()
        ui.setupUi(self)
        ui.messageLabel.hide()
        for text, value in SEXES:
            ui.sexCombo.addItem(text, value)
        for text, value in LANGUAGES:
            ui.languageCombo.addItem(text, value)
        self._edits: dict[str, QLineEdit] = {
            "family_name": ui.familyNameEdit,
            "given_name": ui.givenNameEdit,
            "birth_date": ui.birthDateEdit,
            "mrn": ui.mrnEdit,
        }
        for edit in self._edits.values():  # Enter moves on, as Tab does
            edit.returnPressed.connect(self.focusNextChild)
        ui.registerButton.clicked.connect(self.register_requested)
        ui.cancelButton.clicked.connect(self.cancel_requested)

    def reset(self) -> None:
        for edit in self._edits.values():
            edit.clear()
        self.ui.sexCombo.setCurrentIndex(0)
        self.ui.languageCombo.setCurrentIndex(0)
        show_message(self.ui.messageLabel, "")

    def fill(self, name: str, text: str) -> None:
        """Put `text` in field `name` ("family_name", "given_name", "birth_date", "mrn")."""
        self._edits[name].setText(text)

    def birth_date_text(self) -> str:
        return self.ui.birthDateEdit.text().strip()

    def patient_fields(self) -> dict[str, Any]:
        """What is typed and chosen, by PatientIn's names (all but the birth date)."""
        ui = self.ui
        return {
            "mrn": ui.mrnEdit.text(),
            "family_name": ui.familyNameEdit.text(),
            "given_name": ui.givenNameEdit.text(),
            "sex": ui.sexCombo.currentData(),
            "preferred_language": ui.languageCombo.currentData(),
        }

    def focus_field(self, name: str) -> None:
        self._edits[name].setFocus()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)


class PatientPageView(QWidget):
    """The banner (who the patient is) over the tabs: vital signs, history, handout."""

    find_requested = Signal()
    export_requested = Signal()
    tab_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_PatientPageView()
        ui.setupUi(self)
        self._tab_layouts = (ui.vitalsTabLayout, ui.historyTabLayout, ui.handoutTabLayout)
        # On a narrow screen the details give way first ("…"), the name keeps most of its room.
        ui.nameLabel.min_chars = 18
        # The details take the rest of the banner (the buttons keep their words): no spacer.
        ui.detailsLabel.make_flexible()
        # ...after a second line: at 1024 px the sex, language and "SAMPLE PATIENT" were cut.
        # Two lines are no taller than the buttons beside them.
        ui.detailsLabel.allow_two_lines()
        ui.bannerSpacer.changeSize(0, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        keep_words(ui.exportButton, ui.findPatientButton)
        ui.findPatientButton.clicked.connect(self.find_requested)
        ui.exportButton.clicked.connect(self.export_requested)
        ui.tabs.currentChanged.connect(self.tab_changed)
        # Under the banner: when the last full set was taken (services/visits.py, VitalsCue).
        self.cue_label = QLabel()
        self.cue_label.setObjectName("vitalsCueLabel")
        self.cue_label.setAccessibleName("Last vital signs")
        self.cue_label.setWordWrap(True)
        self.cue_label.setContentsMargins(24, 4, 24, 4)
        self.cue_label.hide()
        ui.pageLayout.insertWidget(1, self.cue_label)

    def show_cue(self, text: str, *, overdue: bool) -> None:
        self.cue_label.setText(text)
        self.cue_label.setAccessibleDescription(text)
        self.cue_label.setProperty("overdue", overdue)
        # Bold when no set was taken within the clinic's hours: noticed, never alarming.
        self.cue_label.setStyleSheet("font-weight: 600;" if overdue else "")
        self.cue_label.setVisible(bool(text))

    def add_tab(self, widget: QWidget, title: str) -> int:
        """A tab after the three of the form (the clinician view): its index."""
        return self.ui.tabs.addTab(widget, title)

    def show_patient(self, name: str, details: str) -> None:
        show_info(self.ui.nameLabel, name)
        show_info(self.ui.detailsLabel, details)

    def put_in_tab(self, index: int, widget: QWidget) -> None:
        self._tab_layouts[index].addWidget(widget)

    def current_tab(self) -> int:
        return self.ui.tabs.currentIndex()

    def show_tab(self, index: int) -> None:
        self.ui.tabs.setCurrentIndex(index)
