"""What the start leaves out (vitalsdesk.gui.lean_start): Python's cycle collector, off while the
clinic opens behind the sign-in page and on again (what was made so far frozen) once the records
are open or a start-up question is asked; and PySide6's import hook, stepped around while the app
runs. Both back as they were when the app ends."""

from __future__ import annotations

import builtins
import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui import application
from vitalsdesk.gui.lean_start import LeanStart
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.services.clinic_services import StartupQuestions


def _app_threads_done() -> None:
    """An earlier app's worker and warm-up ended: they import through PySide6's hook, which puts
    the plain import in place for a moment each time (what these tests look at)."""
    for thread in threading.enumerate():
        if thread.name in ("open-clinic", "warm-up"):
            thread.join(timeout=10)


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on, as a process does, and leaves it so."""
    _app_threads_done()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert builtins.__import__ is builtins.__feature_import__  # type: ignore[attr-defined]
    yield
    _app_threads_done()
    gc.unfreeze()
    gc.enable()


def _run(open_clinic: Any, prompter: FakePrompter, seen: dict[str, Any]) -> int:
    windows: list[MainWindow] = []

    def ready(stage: str, window: MainWindow) -> None:
        windows.append(window)
        seen[stage] = (gc.isenabled(), gc.get_freeze_count() > 0)
        seen[stage + "_import"] = builtins.__import__
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
    # PySide6's hook stepped around while the app runs, back in place after.
    hook = builtins.__feature_import__  # type: ignore[attr-defined]
    plain = builtins.__orig_import__  # type: ignore[attr-defined]
    assert seen["shown_import"] is plain and seen["clinic_import"] is plain
    _app_threads_done()
    assert builtins.__import__ is hook


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
    pause = LeanStart()
    pause.resume()
    assert not gc.isenabled() and gc.get_freeze_count() == 0
    pause.end()
    assert not gc.isenabled()


def test_the_pause_ends_once_from_any_number_of_calls() -> None:
    hook = builtins.__import__
    pause = LeanStart()
    assert not gc.isenabled()
    assert builtins.__import__ is not hook
    pause.resume()
    pause.resume()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    pause.end()
    pause.end()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert builtins.__import__ is hook


def test_an_import_hook_put_in_place_meanwhile_is_left_in_place() -> None:
    lean = LeanStart()
    plain = builtins.__import__

    def other(*args: Any, **kwargs: Any) -> Any:  # a debugger's or a profiler's, say
        return plain(*args, **kwargs)

    builtins.__import__ = other
    try:
        lean.end()
        assert builtins.__import__ is other
    finally:
        builtins.__import__ = builtins.__feature_import__  # type: ignore[attr-defined]


def test_vitalsdesk_asks_pyside6_for_no_feature() -> None:
    """What makes stepping around PySide6's import hook safe: nothing asks for a __feature__
    (snake_case, true_property), which that hook is for."""
    package = Path(__file__).resolve().parents[2] / "vitalsdesk"
    users = [
        path.name
        for path in package.rglob("*.py")
        if "__feature__" in path.read_text(encoding="utf-8")
        and path.name != "lean_start.py"  # which says why it is not asked for
    ]
    assert users == []
