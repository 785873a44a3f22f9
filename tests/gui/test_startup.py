"""Start-up: the window first, then the clinic; a clinic that cannot be opened is explained in a
message box (never a traceback) and the app exits 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui import application
from vitalsdesk.gui.account_views import SignInView
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.startup import open_clinic_for_gui


def test_an_unusable_settings_file_becomes_a_message(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("idle_lock_minutes = 0\n", encoding="utf-8")
    clinic, problem = open_clinic_for_gui(tmp_path)
    assert clinic is None
    assert problem is not None
    assert "settings.toml" in problem and "idle_lock_minutes" in problem


def test_an_unusable_range_table_becomes_a_message(tmp_path: Path) -> None:
    (tmp_path / "reference_ranges.toml").write_text("not [valid", encoding="utf-8")
    clinic, problem = open_clinic_for_gui(tmp_path)
    assert clinic is None
    assert problem is not None and "reference_ranges.toml" in problem


def test_a_growth_table_fault_becomes_a_message_and_any_other_value_error_propagates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The growth tables' module is loaded only when such a fault reaches the start.
    from vitalsdesk import clinic as clinic_module
    from vitalsdesk.clinical.growth import GrowthTableError

    def fails(*_: Any, **__: Any) -> Clinic:
        raise raised

    monkeypatch.setattr(clinic_module, "open_clinic", fails)
    raised: ValueError = GrowthTableError("who-2006-weight-for-age.csv (female): unreadable")
    clinic, problem = open_clinic_for_gui(tmp_path)
    assert clinic is None
    assert problem == "who-2006-weight-for-age.csv (female): unreadable"
    raised = ValueError("our bug")
    with pytest.raises(ValueError, match="our bug"):
        open_clinic_for_gui(tmp_path)


def test_a_damaged_database_becomes_a_message(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("encrypt_database = false\n", encoding="utf-8")
    (tmp_path / "vitalsdesk.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    clinic, problem = open_clinic_for_gui(tmp_path)
    assert clinic is None
    assert problem


def test_the_sign_in_page_is_shown_before_the_clinic_is_opened(
    qtbot: QtBot, clinic: Clinic
) -> None:
    stages: list[tuple[str, str]] = []
    windows: list[MainWindow] = []

    def ready(stage: str, window: MainWindow) -> None:
        windows.append(window)
        page = window.current_page()
        assert page is not None
        stages.append((stage, page.objectName()))
        if stage == "clinic":
            window.hide()
            QApplication.quit()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=lambda: (clinic, None),
        on_ready=ready,
        prompter=FakePrompter(),
    )
    for window in set(windows):
        window.deleteLater()
    assert code == 0
    assert stages == [("shown", "SignInView"), ("clinic", "SignInView")]
    assert (
        windows[0].ui.referenceRangesLabel.text()
        == f"Reference ranges: {clinic.table.version_label}"
    )


def test_a_clinic_that_cannot_be_opened_is_explained_and_the_app_exits_1(qtbot: QtBot) -> None:
    prompter = FakePrompter()
    windows: list[Any] = []
    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=lambda: (None, "The database file is damaged. Restore the latest backup."),
        on_ready=lambda stage, window: windows.append(window),
        prompter=prompter,
    )
    for window in windows:
        window.hide()
        window.deleteLater()
    assert code == 1
    assert prompter.questions("error") == [
        "The database file is damaged. Restore the latest backup."
    ]


def test_a_sign_in_typed_while_the_records_open_goes_ahead_when_they_are(
    qtbot: QtBot, clinic: Clinic
) -> None:
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.conftest import PASSWORD

    seen: dict[str, Any] = {}

    def slow_open() -> tuple[Clinic, None]:
        time.sleep(0.3)  # on the worker thread: the window keeps taking keystrokes
        return clinic, None

    def ready(stage: str, window: MainWindow) -> None:
        page = window.current_page()
        if stage == "shown":
            assert isinstance(page, SignInView)
            QTest.keyClicks(page.ui.userNameEdit, "ana")
            QTest.keyClicks(page.ui.passwordEdit, PASSWORD)
            QTest.keyClick(page.ui.passwordEdit, Qt.Key.Key_Return)
            seen["waiting"] = page.ui.messageLabel.text()
        else:
            seen["signed_in"] = window.ui.signedInLabel.text()
            seen["window"] = window
            window.hide()
            QApplication.quit()

    code = application.run(
        ["vitalsdesk"],
        stylesheet=load_stylesheet(),
        open_clinic=slow_open,
        on_ready=ready,
        prompter=FakePrompter(),
    )
    seen["window"].deleteLater()
    assert code == 0
    assert seen["waiting"].startswith("Opening the clinic's records")
    assert seen["signed_in"] == "Ana Rivera"


def test_none_outlives_a_long_day_of_typing(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on CPython 3.11 dropped a reference to None on each void call and the app
    aborted after a few hundred keystrokes; pyproject.toml pins a sound release. This would
    crash the test process on the bad one."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):  # about 500 keystrokes' worth of setText calls
        label.setText("▲ Above the reference range — tell the clinician")
    assert sys.getrefcount(None) >= before - 100
