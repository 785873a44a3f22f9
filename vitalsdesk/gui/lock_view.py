"""The locked screen (layout: ui/lock_screen.ui): who locked it, and their password to go on."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_lock_screen import Ui_LockView


class LockView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LockView()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()

    def show_for(self, display_name: str) -> None:
        self.ui.whoLabel.setText(
            f"Locked by {display_name}. Type your password to go on: everything you typed "
            "is kept. Someone else can sign in with Switch user."
        )
        self.ui.passwordEdit.clear()
        show_message(self.ui.messageLabel, "")
        self.ui.passwordEdit.setFocus()
