"""After a whole rooming session, the log file holds no name, MRN, birth date or value."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in, type_adult_set, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.logs import configure_logging
from vitalsdesk.services.schemas import PatientOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's own logging set-up, at DEBUG, into this test's folder."""
    monkeypatch.setenv("VITALSDESK_DATA_DIR", str(tmp_path / "logs-home"))
    root = logging.getLogger()
    before = list(root.handlers), root.level
    path = configure_logging(logging.DEBUG)
    yield path
    for handler in root.handlers[:]:
        if handler not in before[0]:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(before[1])


def test_a_rooming_session_logs_no_patient_data(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    adult: PatientOut,
    prompter: FakePrompter,
    log_file: Path,
) -> None:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", "not-the-password")  # a failed sign-in is logged somewhere too
    shell.sign_in_view.ui.userNameEdit.clear()
    shell.sign_in_view.ui.passwordEdit.clear()
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    type_adult_set(qtbot, shell.page.form_view, systolic="187/97")
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, shell.lock_view.ui.passwordEdit, PASSWORD, enter=True)
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert clinic.vitals.history(adult.id)
    scan(qtbot, shell, "no-such-mrn-44")
    for handler in logging.getLogger().handlers:
        handler.flush()

    raw = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    # The time stamp is ours, not the patient's: "…07:53:12,097" once made "97" look leaked.
    text = re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", "", raw, flags=re.MULTILINE)
    phi = [
        adult.family_name,
        adult.given_name,
        adult.mrn,
        adult.birth_date.isoformat(),
        "187",
        "97",
        "98.6",
        "154",
        "no-such-mrn-44",
        PASSWORD,
    ]
    assert "vitals recorded" in text  # the log does say what happened, by id
    leaked = [p for p in phi if p in text]
    assert leaked == [], f"patient data in the log: {leaked}"
