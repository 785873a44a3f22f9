"""Every modal question the controllers ask, behind one small object.

Controllers never open a dialog themselves: they ask their Prompter. The app uses this one (real
dialogs, run modally); tests hand the controllers a scripted prompter, so no test ever waits on a
modal loop.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from vitalsdesk.gui.dialogs import (
    ConfirmValuesDialog,
    CriticalValuesDialog,
    DraftChoice,
    DraftOffer,
    DraftsDialog,
    ReasonDialog,
)


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

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)
