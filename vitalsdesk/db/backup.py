"""Online backups of the SQLite file (the SQLite backup API: safe while other rooms write).

Each backup is `vitalsdesk-<number>-<reason>.sqlite3`, numbered by a sequence that only grows
(one more than the highest number in the folder), never by the clock: a PC whose clock was set
back still keeps its newest backups and drops its oldest. Beside each one, a sidecar
`<backup>.json` says when it was taken (by the PC's clock, for people), whether it is encrypted,
and the audit chain's head in it, which `vitalsdesk audit verify` compares with the database.

A backup is written to a `.partial` file and renamed into place only when whole and checked, so a
full disk or a crash leaves no half backup that a restore could pick.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vitalsdesk.db import audit_chain
from vitalsdesk.db.engine import Database, DatabaseError, EnvironmentProblem
from vitalsdesk.paths import file_mode, folder_mode, sqlite_side_files

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
PARTIAL = ".partial"
SIDECAR = ".json"
_NAME = re.compile(r"^vitalsdesk-(\d{1,12})-([a-z0-9-]+)\.sqlite3$")
_OLD_NAME = re.compile(r"^vitalsdesk-(\d{8}T\d{6}\d*Z)-([a-z0-9-]+)\.sqlite3$")
_OLD_STAMP = "%Y%m%dT%H%M%S%fZ"


def _now() -> datetime:
    """The PC's clock: only for the people reading the sidecar, never for order or rotation."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    number: int  # 0 for a backup named by the clock (before numbered backups)
    taken_at: datetime  # aware, UTC, as the PC's clock said
    audit_seq: int | None
    audit_hash: str | None
    audit_keyed_from: int | None


def sidecar(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR)


def number_of(backup: Path) -> int:
    found = _NAME.match(backup.name)
    return int(found.group(1)) if found else 0


def _read_sidecar(backup: Path) -> dict[str, Any]:
    try:
        raw = json.loads(sidecar(backup).read_text(encoding="utf-8"))
        return raw if isinstance(raw, dict) else {}
    except (OSError, ValueError):
        return {}


def _clock_name_time(backup: Path) -> datetime | None:
    found = _OLD_NAME.match(backup.name)
    if found:
        with contextlib.suppress(ValueError):
            return datetime.strptime(found.group(1), _OLD_STAMP).replace(tzinfo=UTC)
    return None


def info(backup: Path) -> BackupInfo:
    raw = _read_sidecar(backup)
    taken: datetime | None = None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        taken = datetime.fromisoformat(str(raw["taken_at"])).astimezone(UTC)
    if taken is None:
        taken = _clock_name_time(backup)
    if taken is None:
        taken = datetime.fromtimestamp(backup.stat().st_mtime, UTC)

    def whole(name: str) -> int | None:
        value = raw.get(name)
        return int(value) if isinstance(value, int) else None

    digest = raw.get("audit_hash")
    return BackupInfo(
        backup,
        number_of(backup),
        taken,
        whole("audit_seq"),
        str(digest) if isinstance(digest, str) else None,
        whole("audit_keyed_from"),
    )


def list_backups(backup_dir: Path) -> list[Path]:
    """Newest first: by sequence number; backups named by the clock (older than any numbered
    one) after them, by the time in their name."""
    if not backup_dir.is_dir():
        return []
    numbered: list[tuple[int, Path]] = []
    clocked: list[tuple[str, Path]] = []
    for path in backup_dir.glob("vitalsdesk-*.sqlite3"):
        if _NAME.match(path.name):
            numbered.append((number_of(path), path))
        elif _OLD_NAME.match(path.name):
            clocked.append((path.name, path))
    numbered.sort(key=lambda item: item[0], reverse=True)
    clocked.sort(key=lambda item: item[0], reverse=True)
    return [p for _n, p in numbered] + [p for _n, p in clocked]


def next_number(backup_dir: Path) -> int:
    numbers = [number_of(p) for p in list_backups(backup_dir)]
    return max(numbers, default=0) + 1


def _connect(key: bytes | None, path: Path) -> sqlite3.Connection:
    if key is None:
        return sqlite3.connect(path, timeout=15)
    from vitalsdesk.db.encryption import dbapi, key_pragma

    connection: sqlite3.Connection = dbapi().connect(str(path), timeout=15)
    connection.execute(key_pragma(key))
    return connection


def _is_driver_error(exc: BaseException) -> bool:
    """sqlite3's and sqlcipher3's own errors (they share no base class)."""
    return type(exc).__module__.split(".")[0] in ("sqlite3", "sqlcipher3")


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, *sqlite_side_files(partial)):
        leftover.unlink(missing_ok=True)


def _failure(exc: BaseException, backup_dir: Path) -> DatabaseError:
    """A backup that could not be written, in the user's words (a full disk is a full disk)."""
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        why = "the disk is full"
    elif code == errno.EROFS or "readonly" in text or "read-only" in text:
        why = "the backup folder is read-only"
    elif code in (errno.EACCES, errno.EPERM) or "permission" in text:
        why = "this user may not write there"
    else:
        return DatabaseError(f"The backup could not be written in {backup_dir} ({exc}).")
    return EnvironmentProblem(
        f"The backup could not be written in {backup_dir}: {why}. No half backup was left "
        "behind, and the database is as it was. Free some space (or call IT), then try again."
    )


def write_backup(
    copy: Any,
    backup_dir: Path,
    key: bytes | None,
    *,
    reason: str,
    keep: int | None = DEFAULT_KEEP,
) -> Path:
    """Make the next numbered backup with `copy(partial_path)`, check it, write its sidecar, and
    only then give it its name. `copy` writes a whole SQLite file at the path it is given."""
    if not re.fullmatch(r"[a-z0-9-]+", reason):
        raise ValueError(f"backup reason {reason!r}: lower-case letters, digits and dashes only")
    try:
        backup_dir.mkdir(parents=True, exist_ok=True, mode=folder_mode(backup_dir.parent))
        for stale in backup_dir.glob(f"*{PARTIAL}*"):  # left by a crash or a power cut
            stale.unlink(missing_ok=True)
    except OSError as exc:
        raise _failure(exc, backup_dir) from None
    number = next_number(backup_dir)
    target = backup_dir / f"vitalsdesk-{number:06d}-{reason}.sqlite3"
    partial = target.with_name(target.name + PARTIAL)
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode(backup_dir))
        os.close(fd)
        copy(partial)
        with contextlib.closing(_connect(key, partial)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()
            head = audit_chain.read_head(check)
        if result is None or result[0] != "ok":
            raise DatabaseError(f"The backup {target.name} failed its integrity check.")
        _fsync(partial)
        record = {
            "number": number,
            "reason": reason,
            "taken_at": _now().isoformat(),
            "encrypted": key is not None,
            "audit_seq": head[0] if head else None,
            "audit_hash": head[1] if head else None,
            "audit_keyed_from": head[2] if head else None,
        }
        _write_private(sidecar(target), json.dumps(record, indent=1) + "\n")
        os.replace(partial, target)
        _sync_folder(backup_dir)
    except BaseException as exc:
        _remove_partial(partial)
        sidecar(target).unlink(missing_ok=True)
        if isinstance(exc, OSError) or _is_driver_error(exc):
            raise _failure(exc, backup_dir) from None
        raise
    if head is not None:
        # The head as the backup holds it, noted in the data folder's witness too.
        audit_chain.append_witness(
            backup_dir.parent,
            {"seq": head[0], "hash": head[1], "keyed_from": head[2], "why": f"backup {number}"},
        )
    if keep is not None:
        rotate(backup_dir, keep)
    return target


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

    def copy(partial: Path) -> None:
        with (
            contextlib.closing(_connect(db.key, source_path)) as source,
            contextlib.closing(_connect(db.key, partial)) as dest,
        ):
            source.backup(dest)  # an encrypted database gives an encrypted copy (same key)

    return write_backup(copy, backup_dir, db.key, reason=reason, keep=keep)


def rotate(backup_dir: Path, keep: int) -> None:
    """Keep the `keep` backups with the highest numbers (the newest, whatever the clock says)."""
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
        sidecar(old).unlink(missing_ok=True)


def backup_notes(backup_dir: Path) -> list[audit_chain.Note]:
    """The audit chain's head as each backup's sidecar noted it."""
    notes = []
    for path in list_backups(backup_dir):
        found = info(path)
        if found.audit_seq is not None and found.audit_hash is not None:
            notes.append(
                audit_chain.Note(
                    found.audit_seq,
                    found.audit_hash,
                    found.audit_keyed_from,
                    found.taken_at.isoformat(),
                    f"backup {path.name}",
                    found.number,
                )
            )
    return notes


def encrypt_plain_backups(backup_dir: Path, key: bytes) -> list[Path]:
    """After the database was encrypted: encrypt each plain backup in place (checked, then
    renamed over the plain one), or remove it when it cannot be; returns those removed. No
    patient data stays in clear in the backup folder."""
    from vitalsdesk.db.encryption import dbapi, is_plain_sqlite, key_pragma

    removed = []
    for path in list_backups(backup_dir):
        if not is_plain_sqlite(path):
            continue
        work = path.with_name(path.name + PARTIAL)
        try:
            _remove_partial(work)
            with contextlib.closing(sqlite3.connect(path)) as plain:
                counts = _counts(plain)
            cipher = dbapi().connect(str(path))
            try:
                cipher.execute(f"ATTACH DATABASE '{work}' AS encrypted KEY \"x'{key.hex()}'\"")
                cipher.execute("SELECT sqlcipher_export('encrypted')")
                cipher.execute("DETACH DATABASE encrypted")
            finally:
                cipher.close()
            check = dbapi().connect(str(work))
            try:
                check.execute(key_pragma(key))
                whole = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                whole = whole and _counts(check) == counts
            finally:
                check.close()
            if not whole:
                raise DatabaseError("the encrypted copy does not match")
            work.chmod(file_mode(work.parent))
            _fsync(work)
            os.replace(work, path)
            raw = _read_sidecar(path)
            if raw:
                raw["encrypted"] = True
                _write_private(sidecar(path), json.dumps(raw, indent=1) + "\n")
        except Exception as exc:  # sqlite3 and sqlcipher3 raise their own error types
            log.warning("plain backup %s removed: it could not be encrypted (%s)", path.name, exc)
            _remove_partial(work)
            path.unlink(missing_ok=True)
            sidecar(path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def _counts(connection: Any) -> dict[str, int]:
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _write_private(path: Path, text: str) -> None:
    work = path.with_name(path.name + PARTIAL)
    fd = os.open(work, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, file_mode(work.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(work, path)
    except BaseException:
        work.unlink(missing_ok=True)
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
