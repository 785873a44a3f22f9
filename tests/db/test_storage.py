from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.fixtures_db import open_raw
from tests.staff import add_staff
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.db import migrate
from vitalsdesk.db.backup import backup_sqlite, list_backups
from vitalsdesk.db.encryption import is_plain_sqlite
from vitalsdesk.db.engine import Database, DatabaseError
from vitalsdesk.db.models import Base


def test_sqlite_is_tuned_for_durability(sqlite_clinic: Clinic) -> None:
    with sqlite_clinic.db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000


def test_sqlite_file_is_private(sqlite_clinic: Clinic) -> None:
    path = sqlite_clinic.db.sqlite_path
    assert path is not None and path.parent == sqlite_clinic.data_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_schema_matches_the_models(clinic: Clinic) -> None:
    """The migrations build exactly the tables the ORM declares, on SQLite and PostgreSQL."""
    with clinic.db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        connection.rollback()
    assert diff == []
    assert migrate.current_revision(clinic.db) == migrate.head_revision()


def test_audit_log_is_append_only(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), clinic.db.transaction() as s:
            s.execute(text(statement))
    with clinic.db.transaction() as s:
        # The first account (the test's administrator) and ma1: both kept.
        assert s.scalar(text("SELECT count(*) FROM audit_event WHERE action = 'user_added'")) == 2


def test_newer_database_is_refused(tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path)
    with clinic.db.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    clinic.close()
    with pytest.raises(DatabaseError, match="newer version of VitalsDesk"):
        open_clinic(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "vitalsdesk", "db", "check"],
        env={**os.environ, "VITALSDESK_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "newer version of VitalsDesk" in run.stderr and "Traceback" not in run.stderr


def test_upgrade_takes_a_backup_first_and_keeps_old_rows(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'vitalsdesk.sqlite3'}")
    config = migrate._config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO staff_user (id, username, display_name, role, active, failed_sign_ins, preferences, created_at, version) VALUES (1, 'ma', 'MA', 'assistant', 1, 0, '{}', '2026-01-01 00:00:00', 1)"
            )
        )
        s.execute(
            text(
                "INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key, birth_date, sex, preferred_language, is_sample, created_at, updated_at, version) VALUES (1, 'OLD1', 'Old', 'Row', 'old', 'row', '1950-01-01', 'male', 'en', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
            )
        )
        for set_id in (1, 2):
            s.execute(
                text(
                    f"INSERT INTO vital_sign_set (id, patient_id, taken_at, taken_at_utc_offset_minutes, recorded_at, recorded_by_id, status, superseded, clinician_notified, reference_ranges_version, version) VALUES ({set_id}, 1, '2026-01-01 10:00:00', 0, '2026-01-01 10:00:00', 1, 'final', 0, 0, 'old', 1)"
                )
            )
    db.dispose()

    clinic = open_clinic(tmp_path)
    try:
        # The plain file of an older VitalsDesk was encrypted first, then upgraded: a backup
        # before each step, both encrypted.
        backups = list_backups(clinic.backup_dir)
        assert len(backups) == 2
        before_upgrade = next(b for b in backups if "before-upgrade" in b.name)
        assert any("before-encryption" in b.name for b in backups)
        for backup in backups:
            assert not is_plain_sqlite(backup)
        with contextlib.closing(open_raw(before_upgrade)) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert old.execute("SELECT mrn FROM patient").fetchall() == [("OLD1",)]
        assert not is_plain_sqlite(tmp_path / "vitalsdesk.sqlite3")
        assert migrate.current_revision(clinic.db) == migrate.head_revision()
        uids = [s.uid for s in clinic.vitals.history(1)]
        assert len(uids) == 2 and len(set(uids)) == 2 and all(len(u) == 36 for u in uids)
    finally:
        clinic.close()


def test_backup_is_consistent_private_and_rotated(sqlite_clinic: Clinic) -> None:
    add_staff(sqlite_clinic, "ma1", "password-one", "assistant")
    made = [backup_sqlite(sqlite_clinic.db, sqlite_clinic.backup_dir, keep=3) for _ in range(5)]
    kept = list_backups(sqlite_clinic.backup_dir)
    assert kept == sorted(made[-3:], reverse=True)
    assert not is_plain_sqlite(kept[0])
    with contextlib.closing(open_raw(kept[0])) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT username FROM staff_user ORDER BY id").fetchall() == [
            ("test-admin",),
            ("ma1",),
        ]
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600


def test_backup_of_postgresql_says_use_pg_dump(pg_url: str, tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path, url=pg_url)
    try:
        with pytest.raises(DatabaseError, match="pg_dump"):
            backup_sqlite(clinic.db, clinic.backup_dir)
    finally:
        clinic.close()


def test_damaged_file_is_detected_at_start(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()
    path = tmp_path / "vitalsdesk.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database, it was overwritten" * 200)
    with pytest.raises(DatabaseError, match=r"damaged.*backup"):
        open_clinic(tmp_path)
