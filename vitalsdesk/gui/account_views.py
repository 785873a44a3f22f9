"""The sign-in page (layout: ui/sign_in.ui), the first page anyone sees, and the message helper
the other forms share. The first-run and lock pages live in their own modules, loaded only when
first needed so the start stays quick.

Views only: they signal what the user asks for and show what they are told; ShellController
holds the behaviour.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from vitalsdesk.gui.forms.ui_sign_in import Ui_SignInView


def show_message(label: QLabel, text: str, *, problem: bool = True) -> None:
    """A message under a form: "✖ ..." for a problem, plain for information; hidden when empty."""
    label.setText(f"✖ {text}" if text and problem else text)
    label.setProperty("tone", "problem" if problem and text else "info")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


class SignInView(QWidget):
    sign_in_requested = Signal()  # the button, or Enter in the password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_SignInView()
        ui.setupUi(self)
        ui.messageLabel.hide()
        ui.signInButton.clicked.connect(self.sign_in_requested)
        ui.userNameEdit.returnPressed.connect(ui.passwordEdit.setFocus)
        ui.passwordEdit.returnPressed.connect(self.sign_in_requested)

    def reset(self) -> None:
        self.ui.userNameEdit.clear()
        self.ui.passwordEdit.clear()
        show_message(self.ui.messageLabel, "")
        self.ui.userNameEdit.setFocus()

    def user_name(self) -> str:
        return self.ui.userNameEdit.text().strip()

    def password(self) -> str:
        return self.ui.passwordEdit.text()

    def focus_user_name(self) -> None:
        self.ui.userNameEdit.setFocus()

    def retry_password(self) -> None:
        """A wrong password: empty it, the keyboard in it."""
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)
