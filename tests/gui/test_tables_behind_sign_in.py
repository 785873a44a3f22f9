"""The app reads the range table and the visit rules just behind its sign-in page (signing in
needs neither): the status line names the table once it is read, and a table that cannot be used
stops the app with the same message as a fault found at open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from tests.outbox.helpers import hl7_table, write_settings
from vitalsdesk import app, startup
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.ranges import RangeTableError
from vitalsdesk.gui import application
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.reference_ranges import load_reference_ranges


def _start(data_dir: Path, prompter: FakePrompter, seen: dict[str, Any]) -> int:
    """The app as launch_gui opens the clinic, until the status line names the range table."""
    windows: list[MainWindow] = []

    def ready(stage: str, window: MainWindow) -> None:
        windows.append(window)
        if stage != "clinic":
            return
        seen["sign_in_works"] = type(window.current_page()).__name__
        timer = QTimer(window)

        def named() -> None:
            text = window.ui.referenceRangesLabel.text()
            if text:
                seen["status"] = text
                timer.stop()
                window.hide()
                QApplication.quit()

        timer.timeout.connect(named)
        timer.start(10)

    code = application.run(
        ["vitalsdesk"],
        stylesheet=app.load_stylesheet(),
        open_clinic=application.AskingOpener(
            lambda questions: startup.open_clinic_for_gui(data_dir, questions, tables_later=True)
        ),
        on_ready=ready,
        prompter=prompter,
    )
    for window in set(windows):
        window.hide()
        window.deleteLater()
    return code


def test_the_status_line_names_the_range_table_once_it_is_read(
    qtbot: QtBot, tmp_path: Path
) -> None:
    open_clinic(tmp_path).close()
    seen: dict[str, Any] = {}
    code = _start(tmp_path, FakePrompter(), seen)
    assert code == 0
    assert seen["sign_in_works"] == "FirstRunView"  # nobody can sign in yet: the first run
    assert seen["status"] == f"Reference ranges: {load_reference_ranges(tmp_path).version_label}"


def test_a_range_table_that_cannot_be_used_stops_the_app_as_at_open(
    qtbot: QtBot, tmp_path: Path
) -> None:
    open_clinic(tmp_path).close()
    (tmp_path / "reference_ranges.toml").write_text("not [valid", encoding="utf-8")
    prompter = FakePrompter()
    code = _start(tmp_path, prompter, {})
    assert code == 1
    [message] = prompter.questions("error")
    # What opening the clinic says of it (tests/gui/test_startup.py), never another table.
    assert message == startup.open_clinic_for_gui(tmp_path)[1]
    assert "reference_ranges.toml" in message


def test_a_clinic_opened_with_its_tables_later_reads_them_when_asked(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()
    clinic = open_clinic(tmp_path, tables_later=True)
    try:
        assert not clinic.built("table") and not clinic.built("visit_rules")
        assert clinic.finish_opening() is None
        assert clinic.built("table") and clinic.built("visit_rules")
        assert clinic.table.version_label == load_reference_ranges(tmp_path).version_label
    finally:
        clinic.close()


def test_a_bad_range_table_read_later_is_refused_wherever_it_is_asked_for(
    tmp_path: Path,
) -> None:
    open_clinic(tmp_path).close()
    (tmp_path / "reference_ranges.toml").write_text("not [valid", encoding="utf-8")
    clinic = open_clinic(tmp_path, tables_later=True)  # signing in works meanwhile
    try:
        assert clinic.accounts.has_users() is False
        problem = clinic.finish_opening()
        assert problem is not None and "reference_ranges.toml" in problem
        with pytest.raises(RangeTableError):
            clinic.vitals  # noqa: B018 (nothing is checked against another table)
    finally:
        clinic.close()


def test_a_clinic_opened_for_a_command_reads_its_tables_at_once(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()
    (tmp_path / "reference_ranges.toml").write_text("not [valid", encoding="utf-8")
    with pytest.raises(RangeTableError, match=r"reference_ranges\.toml"):
        open_clinic(tmp_path)


def test_an_ehr_interface_starts_once_the_range_table_is_read_never_before(
    qtbot: QtBot, make_shell: Callable[[Clinic], tuple[MainWindow, ShellController]], tmp_path: Path
) -> None:
    """The HL7 outbox checks each set against the range table: the shell starts it once the
    table is read behind the sign-in page, and never reads the table itself meanwhile."""
    (tmp_path / "drop").mkdir()
    write_settings(tmp_path, hl7_table(drop_folder=tmp_path / "drop"))
    open_clinic(tmp_path).close()
    clinic = open_clinic(tmp_path, tables_later=True)
    try:
        window, shell = make_shell(clinic)
        assert shell.outbox is None and not clinic.built("table")
        assert window.ui.referenceRangesLabel.text() == ""
        assert clinic.finish_opening() is None  # on the worker, in the app
        shell.tables_read()
        assert shell.outbox is not None
        assert window.ui.referenceRangesLabel.text().endswith(clinic.table.version_label)
        shell.shutdown()
    finally:
        clinic.close()
