"""The app on a read-only database (issue 10, part 6): it says "Read-only: nothing can be saved"
and keeps saying it, the MA signs in and opens a patient (each audited in the audit journal, not
the database), and a save is refused in plain words."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import focused, scan, sign_in, type_adult_set
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.paths import DataFolder

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@pytest.fixture
def read_only_clinic(templates: dict[str, Path], tmp_path: Path) -> Iterator[Clinic]:
    """The staffed clinic with its database file made read-only (0444, and immutable so that
    root, who runs the sandbox, is stopped as well)."""
    folder = tmp_path / "data"
    shutil.copytree(templates["staffed"], folder)
    database = DataFolder(folder).database
    database.chmod(0o444)
    made = subprocess.run(["chattr", "+i", str(database)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("chattr +i is not supported here")
    clinic = open_clinic(folder)
    try:
        yield clinic
    finally:
        clinic.close()
        subprocess.run(["chattr", "-i", str(database)], check=False)
        database.chmod(0o600)


def test_the_app_reads_a_read_only_database_audits_each_view_and_refuses_saves(
    qtbot: QtBot, make_shell: Shell, read_only_clinic: Clinic
) -> None:
    window, shell = make_shell(read_only_clinic)
    assert window.read_only_label.isVisible()
    assert window.read_only_label.text() == "⚠ Read-only: nothing can be saved"
    assert window.read_only_label.accessibleName() == "Read-only: nothing can be saved"

    sign_in(qtbot, shell, "ben", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None and shell.page.patient.mrn == ADULT_MRN
    assert window.read_only_label.isVisible()  # still said while the patient is open

    type_adult_set(qtbot, shell.page.form_view)
    # No draft is tried on a database that cannot be written, so none fails: the window's
    # "Read-only" says it all, with no error each time the MA pauses.
    shell.page.form.flush_draft()
    assert "draft" not in window.status_label.text()
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    said = shell.page.form_view.ui.formMessageLabel.text()
    assert said.startswith("✖ Not saved. Read-only: nothing can be saved."), said
    assert "what you typed stays on the screen" in said
    assert shell.page.form_view.ui.systolicEdit.text() == "128"
    assert read_only_clinic.vitals.history(shell.page.patient.id) == []

    journal = DataFolder(read_only_clinic.data_dir).journal
    events = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    actions = [(e["event"]["action"], e["event"]["username"]) for e in events[1:]]
    assert ("sign_in", "ben") in actions and ("patient_viewed", "ben") in actions
