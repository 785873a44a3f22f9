"""The questions VitalsDesk asks before it saves (layouts in ui/*_dialog.ui).

Each dialog refuses to go on until the answer is complete: every unusual value has a reason, the
MA has ticked that the clinician was told, a reason for an amendment is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidgetItem, QWidget

from vitalsdesk.gui.forms.ui_confirm_values_dialog import Ui_ConfirmValuesDialog
from vitalsdesk.gui.forms.ui_critical_values_dialog import Ui_CriticalValuesDialog
from vitalsdesk.gui.forms.ui_drafts_dialog import Ui_DraftsDialog
from vitalsdesk.gui.forms.ui_reason_dialog import Ui_ReasonDialog
from vitalsdesk.gui.widgets import show_info


class ConfirmValuesDialog(QDialog):
    """Lists the unusual values; "Confirm values" needs a reason for each one."""

    def __init__(self, items: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        """items: (field, label, message) of each value to confirm."""
        super().__init__(parent)
        self.ui = Ui_ConfirmValuesDialog()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()
        self.reason_edits: dict[str, QLineEdit] = {}
        for field, label, message in items:
            text = QLabel(f"⚠ {message}", self.ui.valuesArea)
            text.setWordWrap(True)
            text.setProperty("flag", "confirm")
            text.setContentsMargins(10, 4, 10, 4)
            text.setObjectName(f"{field}ConfirmText")
            edit = QLineEdit(self.ui.valuesArea)
            edit.setObjectName(f"{field}ReasonEdit")
            edit.setAccessibleName(f"Reason for keeping {label.lower()}")
            edit.setPlaceholderText("Reason, e.g. re-measured, same result")
            edit.setMaxLength(300)
            edit.textChanged.connect(self._update)
            text.setBuddy(edit)
            self.ui.valuesLayout.addWidget(text)
            self.ui.valuesLayout.addWidget(edit)
            self.reason_edits[field] = edit
        edits = list(self.reason_edits.values())
        for first, second in zip(edits, [*edits[1:], self.ui.confirmButton], strict=True):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.ui.confirmButton, self.ui.remeasureButton)
        # Enter in the last reason confirms (once every value has one, the button is enabled).
        self.ui.confirmButton.setDefault(True)
        self.ui.confirmButton.clicked.connect(self.accept)
        self.ui.remeasureButton.clicked.connect(self.reject)
        if edits:
            edits[0].setFocus()

    def _update(self) -> None:
        missing = [f for f, e in self.reason_edits.items() if not e.text().strip()]
        self.ui.confirmButton.setEnabled(not missing)

    def reasons(self) -> dict[str, str]:
        return {f: e.text().strip() for f, e in self.reason_edits.items()}


class CriticalValuesDialog(QDialog):
    """A critical value: the set is saved only once the MA ticks that the clinician was told."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CriticalValuesDialog()
        self.ui.setupUi(self)
        show_info(self.ui.valuesLabel, "\n".join(lines))
        self.ui.valuesLabel.setProperty("flag", "critical")
        self.ui.valuesLabel.setContentsMargins(10, 6, 10, 6)
        self.ui.toldCheck.toggled.connect(self._told)
        self.ui.saveButton.clicked.connect(self.accept)
        self.ui.backButton.clicked.connect(self.reject)
        self.ui.toldCheck.setFocus()

    def _told(self, ticked: bool) -> None:
        """Ticked: Save is enabled and Enter presses it. Never before: Enter alone must not save
        a critical value the clinician was not told of."""
        self.ui.saveButton.setEnabled(ticked)
        self.ui.saveButton.setDefault(ticked)


class ReasonDialog(QDialog):
    """Asks for the reason of an amendment or of marking a set entered in error (required)."""

    def __init__(self, title: str, prompt: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ReasonDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.ui.promptLabel.setText(prompt)
        self.ui.okButton.setText(action)
        self.ui.okButton.setAccessibleName(action)
        self.ui.reasonEdit.textChanged.connect(
            lambda text: self.ui.okButton.setEnabled(bool(text.strip()))
        )
        self.ui.okButton.clicked.connect(self.accept)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.ui.reasonEdit.setFocus()

    def accept(self) -> None:
        if self.reason():  # Enter in the field reaches here too: never without a reason
            super().accept()

    def reason(self) -> str:
        return self.ui.reasonEdit.text().strip()


@dataclass(frozen=True)
class DraftOffer:
    patient_id: int
    patient_label: str  # "Garcia, María — MRN 1001"
    saved_at: datetime


@dataclass(frozen=True)
class DraftChoice:
    action: str  # "restore" or "discard"
    patient_id: int


class DraftsDialog(QDialog):
    def __init__(self, offers: list[DraftOffer], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DraftsDialog()
        self.ui.setupUi(self)
        self.choice: DraftChoice | None = None
        for offer in offers:
            when = offer.saved_at.astimezone().strftime("%d %b %Y %H:%M")
            item = QListWidgetItem(f"{offer.patient_label} — typed {when}")
            item.setData(Qt.ItemDataRole.UserRole, offer.patient_id)
            self.ui.draftsList.addItem(item)
        self.ui.draftsList.setCurrentRow(0)
        self.ui.draftsList.itemActivated.connect(lambda _item: self._choose("restore"))
        self.ui.restoreButton.clicked.connect(lambda: self._choose("restore"))
        self.ui.discardButton.clicked.connect(lambda: self._choose("discard"))
        self.ui.laterButton.clicked.connect(self.reject)
        self.ui.draftsList.setFocus()

    def _choose(self, action: str) -> None:
        item = self.ui.draftsList.currentItem()
        if item is None:
            return
        self.choice = DraftChoice(action, int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()
