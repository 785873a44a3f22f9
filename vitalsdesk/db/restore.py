"""Put the latest backup back in place of a damaged database file.

The damaged file is never deleted: it is renamed beside the database
(`vitalsdesk.sqlite3.damaged-<UTC time>`, with its -wal and -shm renamed the same way, so the
pair can still be opened together by whoever looks into what went wrong). A backup is used only
after it has opened with the clinic's key and passed SQLite's quick check; until the copy is
checked in place, nothing in the data folder changes.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vitalsdesk.db import audit_chain
from vitalsdesk.db.backup import info, list_backups, number_of
from vitalsdesk.db.engine import DatabaseError, EnvironmentProblem
from vitalsdesk.paths import SQLITE_WAL_SUFFIXES, file_mode

log = logging.getLogger(__name__)

DAMAGED_MARK = "damaged"
_SIDE_FILES = SQLITE_WAL_SUFFIXES
_BACKUP_STAMP = "%Y%m%dT%H%M%S%fZ"


class RestoreError(DatabaseError):
    """The backup could not be put in place; the data folder is as it was."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # aware, UTC


@dataclass(frozen=True)
class Restored:
    backup: Backup
    damaged_kept_as: Path | None  # None: there was no database file to move aside


def looks_damaged(problem: BaseException) -> bool:
    """True for the start-up failures a backup can cure: the quick check failed, or the key in
    hand does not open the file. open_clinic words both with "damaged"; a backup is only offered
    after it opened with that same key, which tells a damaged file from a wrong key.

    Never for a fault of the PC (full disk, read-only or forbidden file or folder): putting a
    backup back would not help, and would move a sound database aside."""
    from vitalsdesk.db.encryption import WrongPassphrase

    if isinstance(problem, EnvironmentProblem):
        return False
    if isinstance(problem, WrongPassphrase):
        return True  # "the key in hand does not open it"; no backup opens without the key either
    return isinstance(problem, DatabaseError) and DAMAGED_MARK in str(problem)


def taken_at(backup: Path) -> datetime:
    """When the backup was taken, as the PC's clock said: from its sidecar, else from a name
    of the older form (vitalsdesk-<UTC stamp>-<reason>.sqlite3), else the file's time."""
    return info(backup).taken_at


def check_problems(path: Path, key: bytes | None) -> list[str]:
    """What SQLite's quick check finds in the file ([] when it is sound), read without
    touching it: the file is opened immutable, so no -wal, -shm or lock is made beside it."""
    uri = f"{path.resolve().as_uri()}?immutable=1"
    try:
        connection = _connect(uri, key)
    except Exception as exc:  # sqlite3 and sqlcipher3 raise their own DatabaseError types
        return [str(exc)]
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA quick_check").fetchall()]
    except Exception as exc:  # "file is not a database": the key does not open it
        return [str(exc)]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


def _connect(uri: str, key: bytes | None) -> Any:
    if key is None:
        return sqlite3.connect(uri, uri=True)
    from vitalsdesk.db.encryption import dbapi, key_pragma

    connection = dbapi().connect(uri, uri=True)
    connection.execute(key_pragma(key))
    return connection


def latest_backup(backup_dir: Path, key: bytes | None) -> Backup | None:
    """The newest backup that opens with `key` and passes the quick check (None: no such one).

    A backup that is itself damaged, or was made with another key, is passed over."""
    for path in list_backups(backup_dir):
        problems = check_problems(path, key)
        if not problems:
            return Backup(path, taken_at(path))
        log.warning("backup %s is not usable: %s", path.name, problems[0])
    return None


def restore_backup(
    database: Path, backup: Backup, key: bytes | None, *, now: datetime | None = None
) -> Restored:
    """Move the damaged `database` aside and put a checked copy of `backup` in its place.

    Raises RestoreError (nothing changed) when the copy cannot be made or does not check out."""
    work = database.with_name(database.name + ".restoring")
    work.unlink(missing_ok=True)
    try:
        fd = os.open(work, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode(database.parent))
        with os.fdopen(fd, "wb") as target, backup.path.open("rb") as source:
            shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
    except OSError as exc:
        work.unlink(missing_ok=True)
        raise RestoreError(
            f"The backup could not be copied into {database.parent} ({exc.strerror}); "
            "nothing was changed."
        ) from None
    problems = check_problems(work, key)
    if problems:
        work.unlink(missing_ok=True)
        raise RestoreError(
            f"The backup {backup.path.name} failed its check ({problems[0]}); nothing was changed."
        )
    head = _head_of(work, key)
    kept = _move_aside(database, now or datetime.now(UTC))
    os.replace(work, database)
    database.chmod(file_mode(database.parent))
    _sync_folder(database.parent)
    if head is not None:
        # A restore is a rollback on purpose: the audit-witness says so, so `audit verify` does
        # not take the events recorded after the backup for events cut off by someone.
        newest = max((number_of(p) for p in list_backups(backup.path.parent)), default=0)
        audit_chain.append_witness(
            database.parent,
            {
                "restored": backup.path.name,
                "seq": head[0],
                "hash": head[1],
                "keyed_from": head[2],
                "highest_backup": newest,
            },
        )
    log.warning(
        "restored backup %s; the damaged database is kept as %s",
        backup.path.name,
        kept.name if kept else "(none)",
    )
    return Restored(backup, kept)


def _head_of(path: Path, key: bytes | None) -> tuple[int, str, int | None] | None:
    try:
        connection = _connect(f"{path.resolve().as_uri()}?immutable=1", key)
    except Exception:  # sqlite3 and sqlcipher3 raise their own error types
        return None
    try:
        return audit_chain.read_head(connection)
    finally:
        connection.close()


def _move_aside(database: Path, now: datetime) -> Path | None:
    """Rename the damaged file and its -wal/-shm; a WAL left beside the restored copy would be
    replayed into it by SQLite."""
    if not database.exists():
        for suffix in _SIDE_FILES:
            Path(f"{database}{suffix}").unlink(missing_ok=True)  # orphans of no database
        return None
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.{DAMAGED_MARK}-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = database.with_name(f"{database.name}.{DAMAGED_MARK}-{stamp}-{counter}")
    os.replace(database, aside)
    for suffix in _SIDE_FILES:
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sqlite_file(url: str) -> Path | None:
    """The embedded database file a URL names (None: a server, or an in-memory database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)
