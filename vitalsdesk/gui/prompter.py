"""Every modal question the controllers ask, behind one small object.

Controllers never open a dialog themselves: they ask their Prompter. The app uses this one (real
dialogs, run modally); tests hand the controllers a scripted prompter, so no test ever waits on a
modal loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from vitalsdesk.gui.dialogs import (
    ConfirmValuesDialog,
    CriticalValuesDialog,
    DraftChoice,
    DraftOffer,
    DraftsDialog,
    ReasonDialog,
)

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtPrintSupport import QPrinter

    from vitalsdesk.gui.export_dialog import ExportChoice


class Prompter:
    def confirm_values(
        self, parent: QWidget, items: list[tuple[str, str, str]]
    ) -> dict[str, str] | None:
        """Reasons per field for keeping unusual values, or None to measure again."""
        dialog = ConfirmValuesDialog(items, parent)
        try:
            return dialog.reasons() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def confirm_clinician_told(self, parent: QWidget, lines: list[str]) -> bool:
        dialog = CriticalValuesDialog(lines, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def ask_reason(self, parent: QWidget, title: str, prompt: str, action: str) -> str | None:
        dialog = ReasonDialog(title, prompt, action, parent)
        try:
            return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def offer_drafts(self, parent: QWidget, offers: list[DraftOffer]) -> DraftChoice | None:
        dialog = DraftsDialog(offers, parent)
        try:
            return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # -- files, printers and exports (handout tab, Export…) -------------------------------------

    def save_file(
        self, parent: QWidget, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        """Where to save a file, or None when the user cancels."""
        chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), name_filter)
        return Path(chosen) if chosen else None

    def new_printer(self) -> QPrinter:
        """The printer a print job starts from (tests hand out one that writes a PDF file)."""
        from PySide6.QtPrintSupport import QPrinter

        return QPrinter(QPrinter.PrinterMode.HighResolution)

    def confirm_printer(self, parent: QWidget, printer: QPrinter) -> bool:
        """The system print dialog on `printer`; False when the user cancels."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def export_options(
        self, parent: QWidget, patient_label: str | None, prefer_patient: bool
    ) -> ExportChoice | None:
        """What to export and in which format, or None when the user cancels."""
        from vitalsdesk.gui.export_dialog import ExportDialog

        dialog = ExportDialog(patient_label, prefer_patient, parent)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    # -- start-up (asked on the GUI thread for the worker that opens the clinic) ---------------

    def ask_passphrase(self, parent: QWidget | None, new: bool, problem: str | None) -> str | None:
        """The clinic's database passphrase (new: chosen and typed twice); None: cancelled."""
        from vitalsdesk.gui.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(new, problem, parent)
        try:
            return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def offer_backup(self, parent: QWidget | None, problem: str, taken_at: datetime) -> bool:
        """The database file is damaged: put the latest backup (taken at taken_at) back?"""
        from vitalsdesk.presentation.display import datetime_text

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The clinic's database file is damaged")
        box.setText(
            f"VitalsDesk can put back the latest backup, taken {datetime_text(taken_at)}. "
            "Anything recorded after that time is not in it. The damaged file is kept, renamed, "
            "for your administrator."
        )
        box.setInformativeText(problem)
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        restore.setAccessibleName("Restore the latest backup")
        quit_button = box.addButton("Close VitalsDesk", QMessageBox.ButtonRole.RejectRole)
        quit_button.setAccessibleName("Close VitalsDesk without restoring")
        box.setDefaultButton(restore)
        box.setEscapeButton(quit_button)
        try:
            box.exec()
            return box.clickedButton() is restore
        finally:
            box.deleteLater()
