"""The audit log's hash chain, its key, and the evidence of it kept outside the database.

Each event's hash covers its content and the previous event's hash. Since schema 0004 the hash
is an HMAC-SHA256 under the clinic's audit key, so rewriting the log takes more than write access
to the database: it takes the key. Events written before 0004 keep their plain SHA-256 hashes
(they still verify); the chain head records the first keyed sequence number (`keyed_from`) and a
check value that only the key can make, so that boundary cannot be moved without the key.

Where the audit key comes from (docs/security.md says why):
- an encrypted (SQLCipher) database: derived from the database key (HMAC-SHA256 of it with a
  fixed label), so it is never stored and never equal to the database key;
- VITALSDESK_AUDIT_KEY (64 hex digits) for a server or plain database run by automation; else
  VITALSDESK_DB_KEY, derived the same way as from a database key;
- otherwise (PostgreSQL, or encryption switched off): 32 random bytes in `vitalsdesk.auditkey`
  (mode 0600) in the clinic's data folder, made by the first PC that writes to the log. Every
  other PC that writes to the same server needs a copy of that file.

The head (seq, hash) is also noted outside the database: in each backup's sidecar and in the
append-only `audit-witness` file of the data folder (at start, after backups and verifications,
and every WITNESS_EVERY events), so a database rolled back or rewritten by someone holding the key
is found up to the last note.

Kept apart from the ORM models so a migration can chain old events with the same functions.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vitalsdesk.paths import AUDIT_KEY_FILE_NAME, WITNESS_FILE_NAME, DataFolder, file_mode

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vitalsdesk.db.engine import Database

log = logging.getLogger(__name__)

GENESIS = "0" * 64
AUDIT_KEY_ENV = "VITALSDESK_AUDIT_KEY"
AUDIT_KEY_FILE = AUDIT_KEY_FILE_NAME  # the names, for messages
WITNESS_FILE = WITNESS_FILE_NAME
WITNESS_EVERY = 32
# Fixed labels: the audit key is derived from, never equal to, the database key.
_KEY_LABEL = b"VitalsDesk audit chain key v1"
_CHECK_LABEL = "VitalsDesk audit key check v1"

_FIELDS = ("user_id", "username", "action", "patient_id", "entity", "entity_id")


def _moment(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _content(seq: int, prev_hash: str, event: dict[str, Any]) -> bytes:
    detail = event.get("detail") or {}
    if isinstance(detail, str):  # some drivers return JSON text
        detail = json.loads(detail)
    at = event["at"]
    if isinstance(at, str):  # SQLite through Core without the column type
        at = datetime.fromisoformat(at)
    content = {
        "seq": seq,
        "prev": prev_hash,
        "at": _moment(at),
        **{name: event.get(name) for name in _FIELDS},
        "detail": detail,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def event_hash(seq: int, prev_hash: str, event: dict[str, Any]) -> str:
    """The unkeyed (SHA-256) hash of one event: how events before schema 0004 were chained.
    `event` holds the audit_event columns by name."""
    return hashlib.sha256(_content(seq, prev_hash, event)).hexdigest()


def keyed_event_hash(key: bytes, seq: int, prev_hash: str, event: dict[str, Any]) -> str:
    """The keyed (HMAC-SHA256) hash of one event: every event from `keyed_from` on."""
    return hmac.new(key, _content(seq, prev_hash, event), hashlib.sha256).hexdigest()


def derive_audit_key(secret: bytes) -> bytes:
    """The audit key that goes with a database key (HMAC-SHA256 of it with a fixed label)."""
    return hmac.new(secret, _KEY_LABEL, hashlib.sha256).digest()


def key_check(key: bytes, keyed_from: int) -> str:
    """Kept in the chain head: tells a wrong key, and seals where keyed events start."""
    message = f"{_CHECK_LABEL}|keyed_from={keyed_from}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class AuditKeyUnavailable(Exception):
    """Raised inside the db layer; the services word it for the user."""


def _parse_hex_key(text: str, where: str) -> bytes:
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", digits):
        raise AuditKeyUnavailable(f"{where} does not hold an audit key (64 hexadecimal digits).")
    return bytes.fromhex(digits)


def audit_key(db: Database, *, create: bool = False) -> bytes | None:
    """The key the audit chain of `db` is kept with (None: none can be had here).

    create: make and keep a new random key when this is the first PC to write the log (only the
    caller knows: the chain head has no key check yet)."""
    if db.audit_key is not None:
        return db.audit_key
    key: bytes | None = None
    if db.key is not None:
        key = derive_audit_key(db.key)
    elif os.environ.get(AUDIT_KEY_ENV):
        key = _parse_hex_key(os.environ[AUDIT_KEY_ENV], AUDIT_KEY_ENV)
    elif os.environ.get("VITALSDESK_DB_KEY"):
        key = derive_audit_key(_parse_hex_key(os.environ["VITALSDESK_DB_KEY"], "VITALSDESK_DB_KEY"))
    elif db.evidence_dir is not None:
        key = _key_file(db.evidence_dir, create=create)
    if key is not None:
        db.audit_key = key
    return key


def _key_file(folder: Path, *, create: bool) -> bytes | None:
    path = DataFolder(folder).audit_key
    try:
        return _parse_hex_key(path.read_text(encoding="ascii"), str(path))
    except FileNotFoundError:
        if not create:
            return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyUnavailable(f"{path} cannot be read ({exc.__class__.__name__}).") from None
    key = secrets.token_bytes(32)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode(folder))
    except FileExistsError:  # another process made it first: use theirs
        return _key_file(folder, create=False)
    except OSError as exc:
        raise AuditKeyUnavailable(f"{path} cannot be written ({exc.strerror}).") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


def audit_key_text(db: Database) -> str | None:
    """The audit key as 64 hex digits, for copying it to another PC of a server clinic."""
    key = audit_key(db)
    return key.hex() if key is not None else None


def import_audit_key(folder: Path, text: str) -> None:
    """Keep a copy of the clinic's audit key (from `audit_key_text` on another PC) in folder."""
    key = _parse_hex_key(text, "The text given")
    path = DataFolder(folder).audit_key
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = path.with_name(path.name + ".new")
    fd = os.open(work, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, file_mode(folder))
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(work, path)


# --- the witness: the chain's head noted outside the database ---------------------------------


@dataclass(frozen=True)
class Note:
    """One note of the chain's head made outside the database."""

    seq: int
    hash: str
    keyed_from: int | None
    at: str  # when it was noted (ISO, UTC), as the PC's clock said
    source: str  # "witness line N" or "backup <name>"
    order: int  # position among the notes of its kind (witness line, backup number)


@dataclass(frozen=True)
class Restoration:
    """A backup was put back in place of the database: notes made before it that lie beyond
    the backup's head belong to the history the restore abandoned."""

    seq: int
    line: int  # the witness line that says so
    highest_backup: int  # the newest backup number that existed at the time


def append_witness(folder: Path, record: dict[str, Any]) -> bool:
    """Add one line to the audit-witness file (created 0600, 0660 in a shared folder; only ever
    appended to).

    Never raises: a full disk or a read-only folder must not stop the work it follows."""
    line = json.dumps({"at": datetime.now(UTC).isoformat(), **record}, sort_keys=True)
    try:
        fd = os.open(
            DataFolder(folder).witness, os.O_CREAT | os.O_WRONLY | os.O_APPEND, file_mode(folder)
        )
        try:
            os.write(fd, (line + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return True
    except OSError as exc:
        log.warning("could not add to %s: %s", WITNESS_FILE, exc.strerror)
        return False


def read_witness(folder: Path) -> tuple[list[Note], list[Restoration], int]:
    """The head notes and restorations in the witness file, and how many lines were unreadable."""
    notes: list[Note] = []
    restorations: list[Restoration] = []
    unreadable = 0
    try:
        text = DataFolder(folder).witness.read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return notes, restorations, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            seq, digest = int(raw["seq"]), str(raw["hash"])
            if "restored" in raw:
                restorations.append(Restoration(seq, number, int(raw.get("highest_backup", 0))))
                continue
            keyed = raw.get("keyed_from")
            notes.append(
                Note(
                    seq,
                    digest,
                    int(keyed) if keyed is not None else None,
                    str(raw.get("at", "")),
                    f"witness line {number}",
                    number,
                )
            )
        except (ValueError, KeyError, TypeError):
            unreadable += 1
    return notes, restorations, unreadable


def note_head(db: Database, seq: int, digest: str, keyed_from: int | None, why: str) -> bool:
    """Witness the head now (in db.evidence_dir, when there is one)."""
    if db.evidence_dir is None:
        return False
    record = {"seq": seq, "hash": digest, "keyed_from": keyed_from, "why": why}
    if append_witness(db.evidence_dir, record):
        db.witnessed_seq = max(db.witnessed_seq or 0, seq)
        return True
    return False


def witness_commit(db: Database, seq: int, digest: str, keyed_from: int | None) -> None:
    """After a commit that moved the head: note it, the first time in this process and then
    every WITNESS_EVERY events (a line per event would grow the file without need)."""
    last = db.witnessed_seq
    if last is None or seq >= last + WITNESS_EVERY:
        note_head(db, seq, digest, keyed_from, "write")


def read_head(connection: Any) -> tuple[int, str, int | None] | None:
    """(seq, hash, keyed_from) of the chain head through a DB-API connection (None: no head,
    or a schema without one)."""
    try:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_chain_head)")}
        if not columns:
            return None
        keyed = "keyed_from" if "keyed_from" in columns else "NULL"
        row = connection.execute(
            f"SELECT seq, hash, {keyed} FROM audit_chain_head WHERE id = 1"
        ).fetchone()
    except Exception:  # sqlite3 and sqlcipher3 raise their own error types
        return None
    if row is None:
        return None
    return int(row[0]), str(row[1]), int(row[2]) if row[2] is not None else None


def witness_now(db: Database, why: str) -> bool:
    """Note the current head (at start, at close, after a verification): never raises."""
    from sqlalchemy import text

    if db.evidence_dir is None:
        return False

    def head(s: Session) -> tuple[int, str, int | None] | None:
        row = s.execute(
            text("SELECT seq, hash, keyed_from FROM audit_chain_head WHERE id = 1")
        ).first()
        return None if row is None else (int(row[0]), str(row[1]), row[2])

    with contextlib.suppress(Exception):
        found = db.read_snapshot(head)
        if found is not None:
            return note_head(db, *found, why)
    return False


def attach_data_folder(db: Database, folder: Path) -> None:
    """Keep the audit evidence of `db` (the key of a database without its own, the witness) in
    the clinic's data folder, and note the chain's head there now. Call it right after opening
    the database, before the schema upgrade."""
    db.evidence_dir = folder
    db.audit_key = None  # found again, now that the folder is known
    witness_now(db, "open")
