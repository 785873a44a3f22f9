"""A damaged database file at start: found, the latest backup offered, put back and opened; the
damaged file is kept aside, never deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.test_passphrase_start import (
    PASSPHRASE,
    StartPrompter,
    no_keyring,  # noqa: F401 (a fixture)
    start_app,
)
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.models import AuditEvent

DATABASE = "vitalsdesk.sqlite3"


def _damage_page_one(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x5a" * 64)


@pytest.fixture
def damaged(templates: dict[str, Path], tmp_path: Path) -> Path:
    """A clinic with staff and one backup, whose database file was then damaged."""
    data = tmp_path / "data"
    shutil.copytree(templates["staffed"], data)
    clinic = open_clinic(data)
    try:
        backup_sqlite(clinic.db, clinic.backup_dir)
    finally:
        clinic.close()
    _damage_page_one(data / DATABASE)
    return data


def test_a_damaged_database_is_replaced_by_the_latest_backup_when_the_user_agrees(
    qtbot: QtBot, damaged: Path
) -> None:
    damaged_bytes = (damaged / DATABASE).read_bytes()
    prompter = StartPrompter(qtbot=qtbot, restore=True)
    started = start_app(damaged, prompter)

    assert (started.code, started.first_page) == (0, "SignInView"), prompter.asked
    [(problem, taken_at)] = prompter.questions("offer_backup")
    assert "damaged" in problem
    assert taken_at.tzinfo is not None
    [kept] = damaged.glob(f"{DATABASE}.damaged-*")
    assert kept.read_bytes() == damaged_bytes
    [told] = prompter.told
    assert kept.name in told and "not in them" in told
    assert prompter.questions("error") == []
    # An audited event, not only a log line: which backup, and where the damaged file went.
    clinic = open_clinic(damaged)
    try:
        events = clinic.db.read(
            lambda s: list(
                s.scalars(select(AuditEvent).where(AuditEvent.action == "db_backup_restored"))
            )
        )
    finally:
        clinic.close()
    [restored] = events
    assert restored.username == "-" and restored.user_id is None
    assert restored.detail["damaged_kept_as"] == kept.name
    assert str(restored.detail["backup"]).endswith(".sqlite3")


def test_declining_the_backup_changes_nothing_and_says_why(qtbot: QtBot, damaged: Path) -> None:
    before = (damaged / DATABASE).read_bytes()
    prompter = StartPrompter(qtbot=qtbot, restore=False)
    started = start_app(damaged, prompter)

    assert (started.code, started.first_page) == (1, None)
    [message] = prompter.questions("error")
    assert "damaged" in message and "backups" in message
    assert (damaged / DATABASE).read_bytes() == before
    assert not list(damaged.glob(f"{DATABASE}.damaged-*"))


def test_without_a_backup_the_damage_is_explained(qtbot: QtBot, damaged: Path) -> None:
    shutil.rmtree(damaged / "backups")
    prompter = StartPrompter(qtbot=qtbot)
    started = start_app(damaged, prompter)

    assert started.code == 1
    assert prompter.questions("offer_backup") == []
    [message] = prompter.questions("error")
    assert "damaged" in message


def test_with_a_passphrase_a_damaged_file_is_told_from_a_mistyped_passphrase(
    qtbot: QtBot,
    tmp_path: Path,
    no_keyring: None,  # noqa: F811
) -> None:
    """Neither opens with the key in hand; only the right passphrase opens the backup."""
    clinic = open_clinic(tmp_path, ask_passphrase=lambda new: PASSPHRASE)
    try:
        backup_sqlite(clinic.db, clinic.backup_dir)
    finally:
        clinic.close()
    _damage_page_one(tmp_path / DATABASE)

    prompter = StartPrompter(qtbot=qtbot, passphrases=["wrong horse battery", PASSPHRASE])
    started = start_app(tmp_path, prompter)

    assert (started.code, started.first_page) == (0, "FirstRunView"), prompter.asked
    [mistyped, right] = prompter.questions("passphrase")
    assert mistyped == (False, None)
    assert "does not open" in right[1], "the wrong one was taken for a wrong one"
    assert len(prompter.questions("offer_backup")) == 1, "offered once the right one was typed"
    assert list(tmp_path.glob(f"{DATABASE}.damaged-*"))
