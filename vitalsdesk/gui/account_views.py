"""The sign-in page (layout: ui/sign_in.ui), the first page anyone sees, and the message helper
the other forms share. The first-run and lock pages live in their own modules, loaded only when
first needed so the start stays quick.

Views only: they expose their widgets; ShellController holds the behaviour.
"""

from __future__ import annotations

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
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInView()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()

    def reset(self) -> None:
        self.ui.userNameEdit.clear()
        self.ui.passwordEdit.clear()
        show_message(self.ui.messageLabel, "")
        self.ui.userNameEdit.setFocus()
