"""The Export… question (layout: ui/export_dialog.ui): which records, which format.

The file name is asked next, through the Prompter; the export itself runs in export_controller.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from PySide6.QtWidgets import QButtonGroup, QDialog, QWidget

from vitalsdesk.gui.forms.ui_export_dialog import Ui_ExportDialog
from vitalsdesk.gui.qt_dates import from_qdate, to_qdate

Scope = Literal["patient", "since", "all"]
Format = Literal["fhir", "csv"]
DEFAULT_SINCE_DAYS = 30


@dataclass(frozen=True)
class ExportChoice:
    scope: Scope
    format: Format
    since: date | None = None  # with scope "since"


class ExportDialog(QDialog):
    def __init__(
        self,
        patient_label: str | None,
        prefer_patient: bool,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ExportDialog()
        self.ui.setupUi(self)
        ui = self.ui
        day = today or date.today()
        ui.sinceEdit.lineEdit().setAccessibleName(ui.sinceEdit.accessibleName())
        ui.sinceEdit.setMaximumDate(to_qdate(day))
        ui.sinceEdit.setDate(to_qdate(day - timedelta(days=DEFAULT_SINCE_DAYS)))
        self.scope = QButtonGroup(self)
        for button in (ui.patientRadio, ui.sinceRadio, ui.allRadio):
            self.scope.addButton(button)
        if patient_label:
            # "&" in a name would otherwise become a keyboard mnemonic.
            ui.patientRadio.setText(f"&This patient: {patient_label.replace('&', '&&')}")
        self.has_patient = bool(patient_label)
        ui.patientRadio.setVisible(self.has_patient)
        first = ui.patientRadio if patient_label and prefer_patient else ui.sinceRadio
        first.setChecked(True)
        ui.sinceRadio.toggled.connect(ui.sinceEdit.setEnabled)
        ui.sinceEdit.setEnabled(ui.sinceRadio.isChecked())
        ui.exportButton.clicked.connect(self.accept)
        ui.cancelButton.clicked.connect(self.reject)
        first.setFocus()

    def choice(self) -> ExportChoice:
        ui = self.ui
        fmt: Format = "csv" if ui.csvRadio.isChecked() else "fhir"
        if ui.patientRadio.isChecked() and self.has_patient:
            return ExportChoice("patient", fmt)
        if ui.sinceRadio.isChecked():
            return ExportChoice("since", fmt, from_qdate(ui.sinceEdit.date()))
        return ExportChoice("all", fmt)
