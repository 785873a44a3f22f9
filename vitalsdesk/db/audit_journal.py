"""The audit journal: audit events of a database that cannot be written, kept outside it.

A read-only database (a read-only file or folder, a disk mounted read-only) can still be read,
but no audit event can be added to its log. Every view is audited all the same: the event goes
to this journal first, and only then is the data shown. When the database can be written again,
the journal is merged into the audit chain (vitalsdesk.services.journal) and removed.

The journal is a text file of JSON lines, only ever appended to, created 0600:
- the first line names the journal (a random id) and is signed;
- each later line holds one event, its line number, and the signature of the line before it;
- each line's `mac` is an HMAC-SHA256 under the clinic's audit key (vitalsdesk.db.audit_chain),
  over the line without its mac. Writing a line that verifies takes the audit key; a line
  changed, added or removed in the middle breaks the chain and is found at merge and by
  `audit verify`. Cutting lines off the end, or deleting the whole file, is not detectable from
  the file alone (docs/security.md says so).

Where: `audit-journal` in the clinic's data folder; when that folder cannot be written either,
the OS user's state folder (platformdirs), under a name tied to the database. Every line is on
the disk (fsync) before the caller goes on to show the data.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vitalsdesk.paths import JOURNAL_FILE_NAME, DataFolder, state_dir

if TYPE_CHECKING:
    from vitalsdesk.db.engine import Database

_LABEL = b"VitalsDesk audit journal v1|"
GENESIS = "0" * 64


class JournalUnavailable(Exception):
    """The journal cannot be written here: nothing may be shown (the services word it)."""


def _mac(key: bytes, record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "mac"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, _LABEL + text.encode("utf-8"), hashlib.sha256).hexdigest()


def _database_tag(db: Database) -> str:
    """Names the journal of one database in the shared state folder."""
    path = db.sqlite_path
    where = str(path.resolve()) if path is not None else db.engine.url.render_as_string(False)
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]


def journal_paths(db: Database) -> list[Path]:
    """Where journals of `db` may be: the data folder's first, then the state folder's."""
    paths: list[Path] = []
    if db.evidence_dir is not None:
        paths.append(DataFolder(db.evidence_dir).journal)
    paths.append(state_dir() / f"{JOURNAL_FILE_NAME}-{_database_tag(db)}")
    return paths


def existing_journals(db: Database) -> list[Path]:
    return [p for p in journal_paths(db) if p.exists()]


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    """One process at a time reads the tail and appends (two CLI commands, app and CLI)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _open_locked_file(path: Path) -> int:
    """An fd of the journal at `path`, created 0600 (its folder 0700) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o600)


def _read_all(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _last_link(text: str) -> tuple[int, str] | None:
    """(line number, mac) of the last line that parses (None: an empty file)."""
    for line in reversed(text.splitlines()):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            raw = json.loads(line)
            return int(raw.get("n", 0)), str(raw["mac"])
    return None


def append(db: Database, key: bytes, events: list[dict[str, Any]], db_seq: int | None) -> Path:
    """Add `events` (audit_event columns by name, `at` an aware datetime) to the journal and
    put them on the disk. Returns the journal's path; raises JournalUnavailable."""
    problems: list[str] = []
    for path in journal_paths(db):
        try:
            _append_to(path, key, events, db_seq)
            return path
        except OSError as exc:
            problems.append(f"{path}: {exc.strerror or exc.__class__.__name__}")
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT):
                break  # a full disk or a failing one: say so, do not scatter the journal
    raise JournalUnavailable("; ".join(problems))


def _append_to(path: Path, key: bytes, events: list[dict[str, Any]], db_seq: int | None) -> None:
    for _ in range(3):
        fd = _open_locked_file(path)
        try:
            with _locked(fd):
                if os.fstat(fd).st_nlink == 0:
                    continue  # merged and removed while we waited: start a new journal
                text = _read_all(fd)
                last = _last_link(text)
                lines: list[str] = []
                if last is None:
                    header: dict[str, Any] = {
                        "kind": "journal",
                        "id": secrets.token_hex(16),
                        "n": 0,
                        "at": datetime.now(UTC).isoformat(),
                    }
                    header["mac"] = _mac(key, header)
                    lines.append(json.dumps(header, sort_keys=True, ensure_ascii=False))
                    last = (0, header["mac"])
                number, previous = last
                for event in events:
                    number += 1
                    record: dict[str, Any] = {
                        "kind": "event",
                        "n": number,
                        "prev": previous,
                        "db_seq": db_seq,
                        "event": {**event, "at": event["at"].astimezone(UTC).isoformat()},
                    }
                    record["mac"] = previous = _mac(key, record)
                    lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
                data = ("\n".join(lines) + "\n").encode("utf-8")
                if text and not text.endswith("\n"):
                    data = b"\n" + data  # a torn last line stays alone (and is reported)
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(errno.ENOSPC, "No space left on device")
                os.fsync(fd)
                if number == len(events):
                    _sync_folder(path.parent)  # a new file: its name must survive too
                return
        finally:
            os.close(fd)
    raise OSError(errno.EBUSY, "the journal kept being replaced")


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows has no directory fsync
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Entry:
    """One event line of a journal. `sound`: its mac is the one the key makes."""

    line: int  # the line number in the file (1 = the header)
    n: int
    event: dict[str, Any]
    db_seq: int | None
    sound: bool


@dataclass
class Reading:
    """A journal read back and checked with the audit key."""

    path: Path
    id: str = ""
    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (n or line, what is wrong)

    @property
    def last_n(self) -> int:
        return max((e.n for e in self.entries), default=0)


def _event_of(raw: dict[str, Any]) -> dict[str, Any]:
    event = dict(raw["event"])
    event["at"] = datetime.fromisoformat(str(event["at"]))
    return event


def read_text(path: Path, text: str, key: bytes | None) -> Reading:
    """Check every line of a journal: its own mac, its link to the line before, its number."""
    reading = Reading(path)
    previous = GENESIS
    expected = 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise TypeError
            n = int(raw["n"])
            mac = str(raw["mac"])
        except (ValueError, KeyError, TypeError):
            reading.problems.append((expected + 1, f"line {line_number} cannot be read"))
            continue
        sound = key is not None and hmac.compare_digest(_mac(key, raw), mac)
        if raw.get("kind") == "journal":
            if line_number != 1 or n != 0:
                reading.problems.append((n, f"line {line_number} starts a second journal"))
            elif not sound and key is not None:
                reading.problems.append((0, "the journal's first line was changed"))
            reading.id = str(raw.get("id", ""))
            previous, expected = mac, 0
            continue
        if key is not None and not sound:
            reading.problems.append((n, f"journal entry {n} was changed after it was written"))
        elif n != expected + 1:
            reading.problems.append(
                (n, f"journal entries {expected + 1} to {n - 1} are missing (entry {n} follows)")
            )
        elif raw.get("prev") != previous:
            reading.problems.append((n, f"journal entry {n} does not follow the entry before it"))
        try:
            event = _event_of(raw)
        except (ValueError, KeyError, TypeError):
            reading.problems.append((n, f"journal entry {n} cannot be read"))
            continue
        db_seq = raw.get("db_seq")
        reading.entries.append(
            Entry(line_number, n, event, int(db_seq) if db_seq is not None else None, sound)
        )
        previous, expected = mac, n
    if not reading.id and (reading.entries or reading.problems):
        reading.problems.insert(0, (0, "the journal's first line is missing"))
    return reading


def read(path: Path, key: bytes | None) -> Reading:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return Reading(path)
    return read_text(path, text, key)


@contextlib.contextmanager
def held(path: Path) -> Iterator[str]:
    """The journal's text, with every appender kept waiting until the block ends (a merge reads,
    commits, then removes the file, and no line can slip in between)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    try:
        with _locked(fd):
            yield _read_all(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    _sync_folder(path.parent)
