"""Restoring the latest backup over a damaged database: checked first, the damaged file kept."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.staff import clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.db.restore import (
    Backup,
    RestoreError,
    check_problems,
    latest_backup,
    looks_damaged,
    restore_backup,
    taken_at,
)
from vitalsdesk.services.schemas import PatientIn

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def _register(clinic: Clinic, mrn: str) -> None:
    clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name="Restore",
            given_name="Test",
            birth_date=date(1980, 1, 2),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )


def _damage(path: Path, at: int = 0) -> None:
    """Scribble over 64 bytes of the file (page 1 by default: the key no longer opens it)."""
    with path.open("r+b") as handle:
        handle.seek(at)
        handle.write(b"\x5a" * 64)


@pytest.fixture
def with_backup(sqlite_clinic: Clinic) -> tuple[Clinic, Path, Path]:
    """A clinic with one patient in a backup and a second one recorded after it."""
    _register(sqlite_clinic, "BEFORE-1")
    backup = backup_sqlite(sqlite_clinic.db, sqlite_clinic.backup_dir)
    _register(sqlite_clinic, "AFTER-2")
    database = sqlite_clinic.db.sqlite_path
    assert database is not None
    return sqlite_clinic, database, backup


def test_the_latest_backup_is_restored_and_the_damaged_file_kept(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, database, backup = with_backup
    key = clinic.db.key
    clinic.close()
    _damage(database)
    damaged_bytes = database.read_bytes()
    with pytest.raises(DatabaseError) as failure:
        open_clinic(clinic.data_dir)
    assert looks_damaged(failure.value)

    offer = latest_backup(clinic.backup_dir, key)
    assert offer is not None and offer.path == backup
    restored = restore_backup(database, offer, key, now=NOW)

    assert restored.damaged_kept_as == database.with_name(
        "vitalsdesk.sqlite3.damaged-20260304T050607Z"
    )
    assert restored.damaged_kept_as.read_bytes() == damaged_bytes
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert backup.exists(), "the backup itself stays where it was"
    again = open_clinic(clinic.data_dir)
    try:
        assert [p.mrn for p in again.patients.search("restore")] == ["BEFORE-1"]
    finally:
        again.close()


def test_a_damaged_page_later_in_the_file_is_found_by_the_quick_check(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, database, _backup = with_backup
    key = clinic.db.key
    clinic.close()
    assert check_problems(database, key) == []
    _damage(database, at=4096 * 2 + 100)  # page 3: the key still opens page 1
    assert check_problems(database, key)
    with pytest.raises(DatabaseError, match="damaged") as failure:
        open_clinic(clinic.data_dir)
    assert looks_damaged(failure.value)


def test_the_wal_of_the_damaged_file_goes_aside_with_it(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    """As a crash leaves them: the file and a WAL holding the last writes. Left beside the
    restored copy, that WAL would be replayed into it."""
    clinic, database, backup = with_backup
    wal = Path(f"{database}-wal")
    crashed = {path: path.read_bytes() for path in (database, wal)}
    assert crashed[wal], "AFTER-2 is still in the WAL"
    key = clinic.db.key
    clinic.close()
    for path, data in crashed.items():
        path.write_bytes(data)
    _damage(database)

    restored = restore_backup(database, Backup(backup, taken_at(backup)), key, now=NOW)

    assert restored.damaged_kept_as is not None
    assert Path(f"{restored.damaged_kept_as}-wal").read_bytes() == crashed[wal]
    assert not wal.exists()
    again = open_clinic(clinic.data_dir)
    try:
        assert [p.mrn for p in again.patients.search("restore")] == ["BEFORE-1"]
        assert again.db.integrity_check() == []
    finally:
        again.close()


def test_a_newer_backup_that_does_not_open_is_passed_over(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, _database, backup = with_backup
    key = clinic.db.key
    newer = clinic.backup_dir / "vitalsdesk-20990101T000000000000Z-manual.sqlite3"
    newer.write_bytes(backup.read_bytes())
    _damage(newer)
    assert latest_backup(clinic.backup_dir, key) == Backup(backup, taken_at(backup))
    assert latest_backup(clinic.backup_dir, b"\x01" * 32) is None, "another key opens none"
    assert latest_backup(clinic.data_dir / "nowhere", key) is None
    clinic.close()


def test_a_backup_that_fails_its_check_changes_nothing(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, database, backup = with_backup
    key = clinic.db.key
    clinic.close()
    before = sorted(p.name for p in database.parent.iterdir())
    database_bytes = database.read_bytes()
    _damage(backup)
    with pytest.raises(RestoreError, match="nothing was changed"):
        restore_backup(database, Backup(backup, taken_at(backup)), key, now=NOW)
    assert sorted(p.name for p in database.parent.iterdir()) == before
    assert database.read_bytes() == database_bytes


def test_a_plain_database_is_restored_too(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("encrypt_database = false\n", encoding="utf-8")
    clinic = open_clinic(tmp_path)
    _register(clinic, "PLAIN-1")
    backup_sqlite(clinic.db, clinic.backup_dir)
    database = clinic.db.sqlite_path
    assert database is not None
    clinic.close()
    _damage(database, at=4096 * 2)  # the header of a b-tree page
    with pytest.raises(DatabaseError) as failure:
        open_clinic(tmp_path)
    assert looks_damaged(failure.value)

    offer = latest_backup(clinic.backup_dir, None)
    assert offer is not None
    restore_backup(database, offer, None, now=NOW)
    again = open_clinic(tmp_path)
    try:
        assert [p.mrn for p in again.patients.search("restore")] == ["PLAIN-1"]
    finally:
        again.close()
    assert (tmp_path / "vitalsdesk.sqlite3.damaged-20260304T050607Z").exists()


def test_two_restores_in_the_same_second_keep_both_damaged_files(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, database, backup = with_backup
    key = clinic.db.key
    clinic.close()
    offer = Backup(backup, taken_at(backup))
    first = restore_backup(database, offer, key, now=NOW).damaged_kept_as
    second = restore_backup(database, offer, key, now=NOW).damaged_kept_as
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_other_start_up_problems_are_not_taken_for_damage() -> None:
    assert not looks_damaged(DatabaseError("The database is busy in another room for too long."))
    assert not looks_damaged(ValueError("damaged"))


def test_when_a_backup_was_taken() -> None:
    named = Path("vitalsdesk-20260102T030405123456Z-before-upgrade.sqlite3")
    assert taken_at(named) == datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)


def test_the_backup_check_leaves_no_file_beside_the_backup(
    with_backup: tuple[Clinic, Path, Path],
) -> None:
    clinic, _database, backup = with_backup
    clinic.close()
    before = sorted(os.listdir(backup.parent))
    assert check_problems(backup, clinic.db.key) == []
    assert sorted(os.listdir(backup.parent)) == before
