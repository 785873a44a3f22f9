"""The light first window: the sign-in page is painted before the whole window is built, and it
is the real page. What the MA types before the whole window is built is kept, with the focus, and
the sign-in goes ahead; the hand-built page is the Designer form's page, names and all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSWORD, FakePrompter
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui import application
from vitalsdesk.gui.account_views import SignInView
from vitalsdesk.gui.forms.ui_sign_in import Ui_SignInView
from vitalsdesk.gui.main_window import MainWindow


def test_keys_typed_before_the_whole_window_is_built_are_kept_and_the_sign_in_works(
    qtbot: QtBot, clinic: Clinic
) -> None:
    seen: dict[str, Any] = {}

    def ready(stage: str, window: MainWindow) -> None:
        if stage == "shown":
            # Just painted: the window is still light, the keyboard in the user name.
            seen["light"] = not window.finished
            page = window.current_page()
            assert isinstance(page, SignInView)
            seen["page"] = page
            seen["first_focus"] = QApplication.focusWidget()
            QTest.keyClicks(_focus(), "ana")
            QTest.keyClick(_focus(), Qt.Key.Key_Tab)
            QTest.keyClicks(_focus(), PASSWORD[:5])
            return
        # The records are open: the whole window is built around the same page.
        page = seen["page"]
        seen["finished"] = window.finished
        seen["same_page"] = window.current_page() is page
        seen["focus"] = QApplication.focusWidget()
        seen["typed"] = (page.ui.userNameEdit.text(), page.ui.passwordEdit.text())
        seen["cursor"] = page.ui.passwordEdit.cursorPosition()
        QTest.keyClicks(_focus(), PASSWORD[5:])
        QTest.keyClick(_focus(), Qt.Key.Key_Return)
        seen["signed_in"] = window.ui.signedInLabel.text()
        seen["window"] = window
        window.hide()
        QApplication.quit()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=lambda: (clinic, None),
        on_ready=ready,
        prompter=FakePrompter(),
    )
    seen["window"].deleteLater()
    page = seen["page"]
    assert code == 0
    assert seen["light"] is True
    assert seen["first_focus"] is page.ui.userNameEdit
    assert seen["finished"] is True
    assert seen["same_page"] is True
    assert seen["focus"] is page.ui.passwordEdit
    assert seen["typed"] == ("ana", PASSWORD[:5])
    assert seen["cursor"] == 5
    assert seen["signed_in"] == "Ana Rivera"


def _focus() -> QWidget:
    """Where the keyboard is: keys go there, as the MA's do."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _named(widget: QWidget) -> dict[str, QWidget]:
    return {
        child.objectName(): child for child in widget.findChildren(QWidget) if child.objectName()
    }


def _facts(widget: QWidget) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "type": type(widget).__name__,
        "accessible name": widget.accessibleName(),
        "minimum": widget.minimumSize().toTuple(),
        "maximum": widget.maximumSize().toTuple(),
        "parent": parent.objectName() if (parent := widget.parentWidget()) else None,
    }
    if isinstance(widget, QLabel):
        buddy = widget.buddy()
        facts |= {
            "text": widget.text(),
            "word wrap": widget.wordWrap(),
            "buddy": buddy.objectName() if buddy is not None else None,
        }
    if isinstance(widget, QLineEdit):
        facts |= {"echo": widget.echoMode(), "max length": widget.maxLength()}
    if isinstance(widget, QPushButton):
        facts |= {"text": widget.text(), "default": widget.isDefault()}
    layout = widget.layout()
    if layout is not None:
        facts |= {"margins": layout.contentsMargins().top(), "spacing": layout.spacing()}
    return facts


def test_the_hand_built_sign_in_page_is_the_designer_form(qtbot: QtBot) -> None:
    form_page = QWidget()
    Ui_SignInView().setupUi(form_page)
    page = SignInView()
    qtbot.addWidget(form_page)
    qtbot.addWidget(page)
    page.ui.messageLabel.show()  # shown or not is the view's business, not the layout's
    form, built = _named(form_page), _named(page)
    assert sorted(built) == sorted(form)
    for name, widget in form.items():
        assert _facts(built[name]) == _facts(widget), name
    assert page.objectName() == form_page.objectName() == "SignInView"
    assert page.accessibleName() == form_page.accessibleName() == "Sign-in page"
    # What a screen reader says for each part, as before.
    assert {name: w.accessibleName() for name, w in built.items() if w.accessibleName()} == {
        "userNameEdit": "User name",
        "passwordEdit": "Password",
        "messageLabel": "Sign-in message",
        "signInButton": "Sign in",
    }
    # Tab goes user name, password, Sign in.
    assert (
        _tab_order(page)
        == _tab_order(form_page)
        == ["userNameEdit", "passwordEdit", "signInButton"]
    )


def _tab_order(page: QWidget) -> list[str]:
    order, widget = [], page.nextInFocusChain()
    while widget is not None and widget is not page:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return order


def test_the_light_window_names_its_parts_as_the_whole_one(qtbot: QtBot) -> None:
    light, whole = MainWindow(light=True), MainWindow()
    qtbot.addWidget(light)
    qtbot.addWidget(whole)
    for name in (
        "MainWindow",
        "header",
        "appNameLabel",
        "taglineLabel",
        "pageStack",
        "statusLabel",
    ):
        ours = light if name == "MainWindow" else light.findChild(QWidget, name)
        theirs = whole if name == "MainWindow" else whole.findChild(QWidget, name)
        assert ours is not None and theirs is not None, name
        assert ours.accessibleName() == theirs.accessibleName(), name
        if isinstance(theirs, QLabel):
            assert isinstance(ours, QLabel) and ours.text() == theirs.text(), name
    assert light.windowTitle() == whole.windowTitle()
    assert not light.finished
    light.finish()
    assert light.finished and light.ui.pageStack.objectName() == "pageStack"
