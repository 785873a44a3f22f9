"""Python's cycle collector is held off while the app starts (vitalsdesk.gui.collector): off while
the clinic opens behind the sign-in page, on again (what was made so far frozen) once the records
are open or a start-up question is asked, and back as it was when the app ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui import application
from vitalsdesk.gui.collector import CollectorPause
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.services.clinic_services import StartupQuestions


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on, as a process does, and leaves it so."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    yield
    gc.unfreeze()
    gc.enable()


def _run(open_clinic: Any, prompter: FakePrompter, seen: dict[str, Any]) -> int:
    windows: list[MainWindow] = []

    def ready(stage: str, window: MainWindow) -> None:
        windows.append(window)
        seen[stage] = (gc.isenabled(), gc.get_freeze_count() > 0)
        if stage == "clinic":
            window.hide()
            QApplication.quit()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=open_clinic,
        on_ready=ready,
        prompter=prompter,
    )
    for window in set(windows):
        window.hide()
        window.deleteLater()
    return code


def test_the_collector_is_off_while_the_clinic_opens_and_on_once_it_is(
    qtbot: QtBot, clinic: Clinic
) -> None:
    seen: dict[str, Any] = {}

    def open_clinic() -> tuple[Clinic, None]:
        seen["opening"] = gc.isenabled()
        return clinic, None

    code = _run(open_clinic, FakePrompter(), seen)
    assert code == 0
    assert seen["shown"] == (False, False)  # painted with the collector off
    assert seen["opening"] is False
    assert seen["clinic"] == (True, True)  # on again, what the start made frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the app ended: all as it was


def test_the_collector_is_on_again_while_a_start_up_question_waits(
    qtbot: QtBot, clinic: Clinic
) -> None:
    @dataclass
    class Asking(FakePrompter):
        def ask_passphrase(self, parent: QWidget | None, new: bool, problem: str | None) -> str:
            self.asked.append(("passphrase", gc.isenabled()))
            return "typed"

    def open_clinic(questions: StartupQuestions) -> tuple[Clinic, None]:
        assert questions.ask_passphrase(False, None) == "typed"
        return clinic, None

    prompter = Asking()
    seen: dict[str, Any] = {}
    code = _run(application.AskingOpener(open_clinic), prompter, seen)
    assert code == 0
    assert prompter.questions("passphrase") == [True]  # the person at the PC takes their time
    assert seen["clinic"] == (True, True)


def test_a_failed_open_still_turns_the_collector_back_on(qtbot: QtBot) -> None:
    seen: dict[str, Any] = {}
    prompter = FakePrompter()
    code = _run(lambda: (None, "The database file is damaged."), prompter, seen)
    assert code == 1
    assert prompter.questions("error") == ["The database file is damaged."]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    pause = CollectorPause()
    pause.resume()
    assert not gc.isenabled() and gc.get_freeze_count() == 0
    pause.end()
    assert not gc.isenabled()


def test_the_pause_ends_once_from_any_number_of_calls() -> None:
    pause = CollectorPause()
    assert not gc.isenabled()
    pause.resume()
    pause.resume()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    pause.end()
    pause.end()
    assert gc.isenabled() and gc.get_freeze_count() == 0
