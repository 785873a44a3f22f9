"""Online backups of the SQLite file (the SQLite backup API: safe while other rooms write)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from vitalsdesk.db.engine import Database, DatabaseError

DEFAULT_KEEP = 10


def backup_sqlite(
    db: Database, backup_dir: Path, *, reason: str = "manual", keep: int = DEFAULT_KEEP
) -> Path:
    """Copy the live database into backup_dir (mode 0600), then keep only the newest `keep`."""
    source_path = db.sqlite_path
    if source_path is None:
        raise DatabaseError(
            "Backups from VitalsDesk are for the embedded SQLite database; "
            "back up a PostgreSQL server with pg_dump."
        )
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"vitalsdesk-{stamp}-{reason}.sqlite3"
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        with (
            contextlib.closing(_connect(db, source_path)) as source,
            contextlib.closing(_connect(db, target)) as dest,
        ):
            source.backup(dest)  # an encrypted database gives an encrypted copy (same key)
            result = dest.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise DatabaseError(f"The backup {target.name} failed its integrity check.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    rotate(backup_dir, keep)
    return target


def _connect(db: Database, path: Path) -> sqlite3.Connection:
    if db.key is None:
        return sqlite3.connect(path, timeout=15)
    from vitalsdesk.db.encryption import dbapi, key_pragma

    connection: sqlite3.Connection = dbapi().connect(str(path), timeout=15)
    connection.execute(key_pragma(db.key))
    return connection


def list_backups(backup_dir: Path) -> list[Path]:
    """Newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("vitalsdesk-*.sqlite3"), reverse=True)


def rotate(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
