"""Patient pages: search, quick registration, and the patient page (banner + tabs).

Views only (layouts in ui/): the controllers in patient_search_controller.py and
patient_page_controller.py hold the behaviour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_patient_page import Ui_PatientPageView
from vitalsdesk.gui.forms.ui_patient_registration import Ui_PatientRegistrationView
from vitalsdesk.gui.forms.ui_patient_search import Ui_PatientSearchView

SEXES = (("Female", "female"), ("Male", "male"), ("Other", "other"), ("Unknown", "unknown"))
LANGUAGES = (("English", "en"), ("Spanish", "es"))


class PatientSearchView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PatientSearchView()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()
        for view in (self.ui.resultsView, self.ui.recentView):
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_message(self, text: str, *, problem: bool = False) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)


class PatientRegistrationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PatientRegistrationView()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()
        for text, value in SEXES:
            self.ui.sexCombo.addItem(text, value)
        for text, value in LANGUAGES:
            self.ui.languageCombo.addItem(text, value)

    def reset(self) -> None:
        for edit in (
            self.ui.familyNameEdit,
            self.ui.givenNameEdit,
            self.ui.birthDateEdit,
            self.ui.mrnEdit,
        ):
            edit.clear()
        self.ui.sexCombo.setCurrentIndex(0)
        self.ui.languageCombo.setCurrentIndex(0)
        show_message(self.ui.messageLabel, "")


class PatientPageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PatientPageView()
        self.ui.setupUi(self)
