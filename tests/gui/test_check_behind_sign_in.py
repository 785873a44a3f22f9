"""Damage that the check behind the sign-in page finds is said, the app closes, and the next
start offers the latest backup (the whole file is checked before anything else then)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.db.test_check_behind_sign_in import damaged_patient_table, every_file_is_large
from tests.gui.test_passphrase_start import StartPrompter, start_app
from vitalsdesk import app, startup
from vitalsdesk.clinic import FULL_CHECK_DUE
from vitalsdesk.gui import application


def test_damage_found_behind_the_sign_in_page_closes_the_app_and_the_next_start_restores(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every_file_is_large(monkeypatch)
    damaged_patient_table(tmp_path, backup=True)

    stages: list[str] = []
    windows: list[Any] = []

    def ready(stage: str, window: Any) -> None:
        stages.append(stage)
        windows.append(window)

    told = StartPrompter(qtbot=qtbot)
    code = application.run(
        ["vitalsdesk"],
        stylesheet=app.load_stylesheet(),
        open_clinic=application.AskingOpener(
            lambda questions: startup.open_clinic_for_gui(tmp_path, questions)
        ),
        on_ready=ready,
        prompter=told,
    )
    for window in set(windows):
        window.hide()
        window.deleteLater()

    assert code == 1
    assert stages == ["shown", "clinic"]  # the records opened, the sign-in page worked
    [message] = told.questions("error")
    assert "damaged" in message and "start it again" in message
    assert (tmp_path / FULL_CHECK_DUE).exists()
    assert told.questions("offer_backup") == []

    again = StartPrompter(qtbot=qtbot)
    started = start_app(tmp_path, again)
    assert started.code == 0, again.asked
    assert len(again.questions("offer_backup")) == 1
    assert list(tmp_path.glob("vitalsdesk.sqlite3.damaged-*"))
    assert not (tmp_path / FULL_CHECK_DUE).exists()
