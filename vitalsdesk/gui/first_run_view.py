"""The first-run page (layout: ui/first_run.ui): the clinic creates its first administrator."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_first_run import Ui_FirstRunView


class FirstRunView(QWidget):
    create_requested = Signal()  # the button, or Enter in the repeated password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_FirstRunView()
        ui.setupUi(self)
        ui.messageLabel.hide()
        ui.createButton.clicked.connect(self.create_requested)
        for edit, following in (
            (ui.displayNameEdit, ui.userNameEdit),
            (ui.userNameEdit, ui.passwordEdit),
            (ui.passwordEdit, ui.repeatPasswordEdit),
        ):
            edit.returnPressed.connect(following.setFocus)
        ui.repeatPasswordEdit.returnPressed.connect(self.create_requested)

    def display_name(self) -> str:
        return self.ui.displayNameEdit.text()

    def user_name(self) -> str:
        return self.ui.userNameEdit.text()

    def password(self) -> str:
        return self.ui.passwordEdit.text()

    def passwords_match(self) -> bool:
        return self.ui.passwordEdit.text() == self.ui.repeatPasswordEdit.text()

    def retype_passwords(self) -> None:
        """The two passwords differ: the repeat is emptied, the first one selected to retype."""
        self.ui.repeatPasswordEdit.clear()
        self.ui.passwordEdit.selectAll()
        self.ui.passwordEdit.setFocus()

    def focus_display_name(self) -> None:
        self.ui.displayNameEdit.setFocus()

    def clear(self) -> None:
        ui = self.ui
        for edit in (ui.displayNameEdit, ui.userNameEdit, ui.passwordEdit, ui.repeatPasswordEdit):
            edit.clear()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)
