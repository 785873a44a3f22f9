"""Start-up on a PC with no usable keyring: the clinic's passphrase is asked on the GUI thread
while the records open on the worker thread. Chosen twice for a new clinic, typed once after;
a wrong one is asked again (5 tries); a cancel is a clear message, never a crash."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk import app, startup
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db import encryption
from vitalsdesk.gui import application
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.passphrase_dialog import (
    EXISTING_PROMPT,
    MIN_PASSPHRASE,
    NEW_PROMPT,
    PassphraseDialog,
)

PASSPHRASE = "correct horse battery"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A kiosk PC: no keyring, and no key or passphrase in the environment."""
    monkeypatch.delenv(encryption.KEY_ENV, raising=False)
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


def show_active(qtbot: QtBot, dialog: QDialog) -> None:
    """Shown and active, as exec() would make it, so keys go to its focused field."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)


@dataclass
class StartPrompter(FakePrompter):
    """Answers the start-up questions. A passphrase is typed into the real dialog, key by key
    (both fields for a new clinic), without its modal loop."""

    qtbot: QtBot | None = None
    passphrases: list[str | None] = field(default_factory=list)  # None: Cancel
    restore: bool = True
    told: list[str] = field(default_factory=list)

    def ask_passphrase(self, parent: QWidget | None, new: bool, problem: str | None) -> Any:
        self.asked.append(("passphrase", (new, problem)))
        # Asked on the GUI thread, although the records are opened on a worker thread.
        gui_app = QApplication.instance()
        assert gui_app is not None and QThread.currentThread() == gui_app.thread()
        typed = self.passphrases.pop(0)
        dialog = PassphraseDialog(new, problem, parent)
        assert self.qtbot is not None
        self.qtbot.addWidget(dialog)
        show_active(self.qtbot, dialog)
        ui = dialog.ui
        if typed is None:
            self.qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_Escape)
        else:
            self.qtbot.keyClicks(ui.passphraseEdit, typed)
            self.qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_Return)
            if new:
                assert QApplication.focusWidget() is ui.repeatEdit
                self.qtbot.keyClicks(ui.repeatEdit, typed)
                self.qtbot.keyClick(ui.repeatEdit, Qt.Key.Key_Return)
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        return dialog.passphrase() if accepted else None

    def offer_backup(self, parent: QWidget | None, problem: str, taken_at: datetime) -> bool:
        self.asked.append(("offer_backup", (problem, taken_at)))
        return self.restore

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.told.append(text)


@dataclass
class Started:
    code: int
    first_page: str | None  # the page shown once the records were open (None: they were not)


def start_app(data_dir: Path, prompter: StartPrompter) -> Started:
    """The app as launch_gui starts it, on data_dir, until the records are open (or not)."""
    windows: list[MainWindow] = []
    seen: dict[str, Any] = {"page": None}

    def ready(stage: str, window: MainWindow) -> None:
        windows.append(window)
        if stage == "clinic":
            page = window.current_page()
            seen["page"] = page.objectName() if page is not None else None
            window.hide()
            QApplication.quit()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=app.load_stylesheet(),
        open_clinic=application.AskingOpener(
            lambda questions: startup.open_clinic_for_gui(data_dir, questions)
        ),
        on_ready=ready,
        prompter=prompter,
    )
    for window in set(windows):
        window.hide()
        window.deleteLater()
    return Started(code, seen["page"])


def test_a_new_clinic_chooses_its_passphrase_and_then_types_it_at_each_start(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    first = StartPrompter(qtbot=qtbot, passphrases=[PASSPHRASE])
    started = start_app(tmp_path, first)
    assert (started.code, started.first_page) == (0, "FirstRunView")
    assert first.questions("passphrase") == [(True, None)]
    assert first.questions("error") == []
    beside = (tmp_path / encryption.KEY_ID_FILE).read_text(encoding="utf-8")
    assert '"mode": "passphrase"' in beside and PASSPHRASE not in beside

    again = StartPrompter(qtbot=qtbot, passphrases=[PASSPHRASE])
    started = start_app(tmp_path, again)
    assert (started.code, started.first_page) == (0, "FirstRunView")
    assert again.questions("passphrase") == [(False, None)]


def _passphrase_clinic(data_dir: Path) -> None:
    open_clinic(data_dir, ask_passphrase=lambda new: PASSPHRASE).close()


def test_a_wrong_passphrase_is_said_and_asked_again(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    _passphrase_clinic(tmp_path)
    prompter = StartPrompter(qtbot=qtbot, passphrases=["wrong horse battery", PASSPHRASE])
    started = start_app(tmp_path, prompter)
    assert (started.code, started.first_page) == (0, "FirstRunView")
    [first, second] = prompter.questions("passphrase")
    assert first == (False, None)
    assert second[0] is False
    assert "does not open the clinic's records" in second[1] and "4 tries left" in second[1]
    assert prompter.questions("error") == []


def test_five_wrong_passphrases_close_the_app_with_a_message(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    _passphrase_clinic(tmp_path)
    prompter = StartPrompter(qtbot=qtbot, passphrases=[f"wrong horse {i}" for i in range(5)])
    started = start_app(tmp_path, prompter)
    assert (started.code, started.first_page) == (1, None)
    assert len(prompter.questions("passphrase")) == startup.MAX_PASSPHRASE_TRIES
    assert "1 try left" in prompter.questions("passphrase")[-1][1]
    [message] = prompter.questions("error")
    assert "typed 5 times" in message and "db key restore" in message
    assert "Traceback" not in message


def test_cancelling_the_passphrase_closes_the_app_with_a_message(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    _passphrase_clinic(tmp_path)
    prompter = StartPrompter(qtbot=qtbot, passphrases=[None])
    started = start_app(tmp_path, prompter)
    assert (started.code, started.first_page) == (1, None)
    assert prompter.questions("error") == [startup.NO_PASSPHRASE]


def test_cancelling_the_choice_of_a_passphrase_creates_nothing(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    prompter = StartPrompter(qtbot=qtbot, passphrases=[None])
    started = start_app(tmp_path, prompter)
    assert (started.code, started.first_page) == (1, None)
    assert prompter.questions("error") == [startup.NO_NEW_PASSPHRASE]
    assert not (tmp_path / encryption.KEY_ID_FILE).exists()
    database = tmp_path / "vitalsdesk.sqlite3"
    assert not database.exists() or database.stat().st_size == 0


def test_the_passphrase_dialog_says_what_it_is_for_and_checks_the_new_one(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    ui = dialog.ui
    assert ui.promptLabel.text() == NEW_PROMPT
    assert not ui.repeatEdit.isHidden()

    qtbot.keyClicks(ui.passphraseEdit, "too short")
    qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 12 characters" in ui.messageLabel.text()

    ui.passphraseEdit.clear()
    qtbot.keyClicks(ui.passphraseEdit, PASSPHRASE)
    qtbot.keyClick(ui.passphraseEdit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is ui.repeatEdit
    qtbot.keyClicks(ui.repeatEdit, PASSPHRASE + "!")
    qtbot.keyClick(ui.repeatEdit, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "not the same" in ui.messageLabel.text()
    assert ui.repeatEdit.text() == ""

    qtbot.keyClicks(ui.repeatEdit, PASSPHRASE)
    qtbot.keyClick(ui.repeatEdit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == PASSPHRASE


def test_the_passphrase_dialog_for_an_existing_clinic_asks_once(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(new=False, problem="That passphrase does not open it.")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    ui = dialog.ui
    assert ui.promptLabel.text() == EXISTING_PROMPT
    assert ui.repeatEdit.isHidden()
    assert "does not open" in ui.messageLabel.text()
    from tests.gui.test_accessibility import unnamed_controls

    assert unnamed_controls(dialog) == []
    assert unnamed_controls(PassphraseDialog(new=True, parent=dialog)) == []


def test_the_dialog_and_the_database_agree_on_the_shortest_passphrase() -> None:
    assert MIN_PASSPHRASE == encryption.MIN_PASSPHRASE


def test_a_question_left_waiting_is_let_go_when_the_app_ends(qtbot: QtBot) -> None:
    """The worker thread must not hang on a question the GUI will never answer."""
    window = QWidget()
    qtbot.addWidget(window)
    prompter = StartPrompter(qtbot=qtbot, passphrases=[PASSPHRASE])
    questions = application.GuiStartupQuestions(window, lambda: prompter)
    answers: list[str | None] = []
    worker = threading.Thread(target=lambda: answers.append(questions.ask_passphrase(False, None)))
    worker.start()
    qtbot.waitUntil(lambda: bool(questions._waiting), timeout=2000)
    questions.close()  # before the GUI thread got to the question
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert answers == [None]
    QApplication.processEvents()  # the queued question arrives late and is not asked
    assert prompter.questions("passphrase") == []
