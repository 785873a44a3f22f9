"""The sign-in page, the first page anyone sees, and the message helper the other forms share.
The first-run and lock pages live in their own modules, loaded only when first needed so the
start stays quick.

The sign-in page is built by hand, to the layout of ui/sign_in.ui (tests/gui/test_light_start.py
checks the two match): the compiled form imports Qt's `Qt` namespace, whose enums PySide6 builds
on first use (about 20 ms of CPU), and this page is painted before anything else is loaded.

Views only: they signal what the user asks for and show what they are told; ShellController
holds the behaviour.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)


def show_message(label: QLabel, text: str, *, problem: bool = True) -> None:
    """A message under a form: "✖ ..." for a problem, plain for information; hidden when empty."""
    label.setText(f"✖ {text}" if text and problem else text)
    label.setProperty("tone", "problem" if problem and text else "info")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


class SignInUi:
    """The sign-in page's parts, named as in ui/sign_in.ui."""

    def __init__(self, page: QWidget) -> None:
        page.setObjectName("SignInView")
        page.setAccessibleName("Sign-in page")
        self.outerLayout = QVBoxLayout(page)
        self.outerLayout.setObjectName("outerLayout")
        expanding, minimum = QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum
        self.topSpacer = QSpacerItem(20, 40, minimum, expanding)
        self.outerLayout.addItem(self.topSpacer)
        self.centerRow = QHBoxLayout()
        self.centerRow.setObjectName("centerRow")
        self.leftSpacer = QSpacerItem(40, 20, expanding, minimum)
        self.centerRow.addItem(self.leftSpacer)
        self.card = card = QFrame(page)
        card.setObjectName("card")
        card.setMinimumSize(QSize(440, 0))
        card.setMaximumSize(QSize(520, 16777215))
        self.cardLayout = QVBoxLayout(card)
        self.cardLayout.setSpacing(10)
        self.cardLayout.setObjectName("cardLayout")
        self.cardLayout.setContentsMargins(32, 28, 32, 28)
        self.titleLabel = self._label("titleLabel", "Sign in")
        self.hintLabel = self._label(
            "hintLabel",
            "Use your own account. The screen locks when it is left idle; nothing you type is lost.",
        )
        self.hintLabel.setWordWrap(True)
        self.userNameLabel = self._label("userNameLabel", "&User name")
        self.userNameEdit = self._edit("userNameEdit", "User name")
        self.userNameEdit.setMaxLength(64)
        self.passwordLabel = self._label("passwordLabel", "&Password")
        self.passwordEdit = self._edit("passwordEdit", "Password")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.messageLabel = self._label("messageLabel", "")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setAccessibleName("Sign-in message")
        self.signInButton = QPushButton("Sign in", card)
        self.signInButton.setObjectName("signInButton")
        self.signInButton.setAutoDefault(True)
        self.signInButton.setAccessibleName("Sign in")
        self.cardLayout.addWidget(self.signInButton)
        self.centerRow.addWidget(card)
        self.rightSpacer = QSpacerItem(40, 20, expanding, minimum)
        self.centerRow.addItem(self.rightSpacer)
        self.outerLayout.addLayout(self.centerRow)
        self.bottomSpacer = QSpacerItem(20, 40, minimum, expanding)
        self.outerLayout.addItem(self.bottomSpacer)
        self.userNameLabel.setBuddy(self.userNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        QWidget.setTabOrder(self.userNameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.signInButton)
        self.signInButton.setDefault(True)

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self.card)
        label.setObjectName(name)
        self.cardLayout.addWidget(label)
        return label

    def _edit(self, name: str, accessible_name: str) -> QLineEdit:
        edit = QLineEdit(self.card)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible_name)
        self.cardLayout.addWidget(edit)
        return edit


class SignInView(QWidget):
    sign_in_requested = Signal()  # the button, or Enter in the password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = SignInUi(self)
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
