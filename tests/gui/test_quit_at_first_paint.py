"""Ctrl+Q quits from the first painted frame: the light sign-in window (painted before the whole
window is built around it) closes and the application ends, as Ctrl+Q does later."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui import application
from vitalsdesk.gui.main_window import MainWindow


def test_ctrl_q_on_the_light_sign_in_window_quits_the_application(
    qtbot: QtBot, clinic: Clinic
) -> None:
    seen: dict[str, Any] = {"stages": []}
    # Only if Ctrl+Q did nothing: ends the run, so the test fails instead of hanging.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.setInterval(5000)

    def give_up() -> None:
        seen["gave_up"] = True
        QApplication.quit()

    guard.timeout.connect(give_up)

    def ready(stage: str, window: MainWindow) -> None:
        seen["stages"].append(stage)
        if stage != "shown":
            return
        # The first paint: the main window has not adopted the sign-in page yet.
        seen["window"] = window
        seen["light"] = not window.finished
        focus = QApplication.focusWidget()
        assert focus is not None  # the user name, where the MA's keys go
        guard.start()
        QTest.keySequence(focus, "Ctrl+Q")
        seen["visible after"] = window.isVisible()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=lambda: (clinic, None),
        on_ready=ready,
        prompter=FakePrompter(),
    )
    guard.stop()
    # The records opened behind the window: let that finish before the window goes.
    for thread in threading.enumerate():
        if thread.name == "open-clinic":
            thread.join(timeout=10)
    QApplication.processEvents()
    window = seen["window"]
    window.deleteLater()
    assert seen["light"] is True
    assert seen["visible after"] is False  # closed at once, as the whole window does
    assert "gave_up" not in seen
    assert code == 0
    # It quit before the records were open: nothing of the session was shown.
    assert seen["stages"][0] == "shown"
