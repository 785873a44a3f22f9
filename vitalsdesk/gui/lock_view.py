"""The locked screen (layout: ui/lock_screen.ui): who locked it, and their password to go on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_lock_screen import Ui_LockView
from vitalsdesk.gui.widgets import show_info


class LockView(QWidget):
    unlock_requested = Signal()  # the button, or Enter in the password
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_LockView()
        ui.setupUi(self)
        ui.messageLabel.hide()
        ui.unlockButton.clicked.connect(self.unlock_requested)
        ui.passwordEdit.returnPressed.connect(self.unlock_requested)
        ui.switchUserButton.clicked.connect(self.switch_user_requested)

    def show_for(self, display_name: str) -> None:
        show_info(
            self.ui.whoLabel,
            f"Locked by {display_name}. Type your password to go on: everything you typed "
            "is kept. Someone else can sign in with Switch user.",
        )
        self.ui.passwordEdit.clear()
        show_message(self.ui.messageLabel, "")
        self.ui.passwordEdit.setFocus()

    def password(self) -> str:
        return self.ui.passwordEdit.text()

    def clear_password(self) -> None:
        self.ui.passwordEdit.clear()

    def focus_password(self) -> None:
        self.ui.passwordEdit.setFocus()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)
