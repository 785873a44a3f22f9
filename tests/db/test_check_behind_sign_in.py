"""A large database file is checked in full behind the sign-in page, not before it: the sign-in's
own tables are checked at open, damage elsewhere is found by the check left for later, and the
next start then checks the whole file first, so it meets the backup's restore."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.fixtures_db import open_raw
from tests.staff import clinic_admin
from vitalsdesk import clinic as clinic_module
from vitalsdesk.clinic import FULL_CHECK_DUE, Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.db.restore import looks_damaged
from vitalsdesk.services.schemas import PatientIn


def damaged_patient_table(folder: Path, *, backup: bool = False) -> None:
    """A clinic whose patient table's page is scribbled over; its staff and audit head intact
    (with `backup`: backed up before that)."""
    clinic = open_clinic(folder)
    try:
        admin = clinic_admin(clinic)
        clinic.patients.register(
            PatientIn(
                mrn="CHECK-1",
                family_name="Check",
                given_name="Later",
                birth_date=date(1980, 1, 2),
                sex=AdministrativeSex.FEMALE,
            ),
            admin,
        )
        if backup:
            backup_sqlite(clinic.db, clinic.backup_dir)
    finally:
        clinic.close()
    database = folder / "vitalsdesk.sqlite3"
    raw = open_raw(database)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(raw.execute("PRAGMA page_size").fetchone()[0])
        [root] = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'patient'").fetchone()
    finally:
        raw.close()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * page_size + page_size // 2)
        handle.write(b"\x5a" * 64)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    return every_file_is_large(monkeypatch)


def every_file_is_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large (a million sets would make a slow test)."""
    monkeypatch.setattr(clinic_module, "FULL_CHECK_AT_OPEN_BYTES", 0)


def test_damage_outside_the_sign_in_tables_is_found_behind_the_sign_in_page(
    tmp_path: Path, large: None
) -> None:
    damaged_patient_table(tmp_path)

    clinic: Clinic = open_clinic(tmp_path, check_later=True)
    try:
        assert clinic.accounts.has_users()  # the sign-in works meanwhile
        damage = clinic.finish_check()
        assert damage is not None and "damaged" in damage and "backup" in damage
        assert clinic.finish_check() is None  # checked once
    finally:
        clinic.close()
    assert (tmp_path / FULL_CHECK_DUE).exists()

    # The next start checks the whole file first: the damage stops it, worded for the restore.
    with pytest.raises(DatabaseError, match="damaged") as failure:
        open_clinic(tmp_path, check_later=True)
    assert looks_damaged(failure.value)


def test_without_check_later_the_whole_file_is_checked_at_open(tmp_path: Path, large: None) -> None:
    damaged_patient_table(tmp_path)
    with pytest.raises(DatabaseError, match="damaged"):
        open_clinic(tmp_path)  # the commands: checked in full before anything is done


def test_a_sound_large_file_passes_and_clears_a_due_check(tmp_path: Path, large: None) -> None:
    open_clinic(tmp_path).close()
    (tmp_path / FULL_CHECK_DUE).touch()  # damage seen before, since put right

    clinic = open_clinic(tmp_path, check_later=True)
    try:
        assert not clinic.check_pending  # checked in full at open, as the note asked
        assert clinic.finish_check() is None
    finally:
        clinic.close()
    assert not (tmp_path / FULL_CHECK_DUE).exists()

    clinic = open_clinic(tmp_path, check_later=True)
    try:
        assert clinic.check_pending
        assert clinic.finish_check() is None
    finally:
        clinic.close()


def test_a_small_file_is_checked_in_full_at_open(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()
    clinic = open_clinic(tmp_path, check_later=True)
    try:
        assert not clinic.check_pending
    finally:
        clinic.close()


def test_a_check_left_for_later_says_nothing_once_the_clinic_is_closed(
    tmp_path: Path, large: None
) -> None:
    """Closing interrupts a check still running (SQLCipher must be done before the process
    ends); an interrupted check is no finding."""
    damaged_patient_table(tmp_path)
    clinic = open_clinic(tmp_path, check_later=True)
    clinic.close()
    assert clinic.finish_check() is None
    assert not (tmp_path / FULL_CHECK_DUE).exists()


def test_the_check_of_tables_passes_over_those_an_older_schema_lacks(sqlite_clinic: Clinic) -> None:
    """A database of an older schema may lack a table the sign-in reads today: that is not
    damage (the upgrade adds it)."""
    assert sqlite_clinic.db.quick_check(("staff_user", "a_table_of_a_later_schema")) == []
