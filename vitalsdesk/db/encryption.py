"""Encryption at rest for the embedded database (SQLCipher), and where its key is kept.

The key is 32 random bytes used as SQLCipher's raw key. It is never written beside the database:
- normally it lives in the operating system's keyring (Windows Credential Manager, macOS Keychain,
  the Secret Service of a Linux desktop), under an id that a small file beside the database names;
- `VITALSDESK_DB_KEY` (64 hex digits) overrides the keyring, for automation and tests;
- with no usable keyring (a kiosk, a headless box), the key is derived (scrypt) from a passphrase
  the clinic chooses at first start and types at each start (`VITALSDESK_DB_PASSPHRASE` for
  automation); only the salt is kept beside the database;
- the clinic's recovery key (the same key, printed in groups by `vitalsdesk db key show`) brings
  it back on a replaced PC or after the keyring was wiped: `vitalsdesk db key restore`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vitalsdesk.db.engine import DatabaseError

KEY_ENV = "VITALSDESK_DB_KEY"
PASSPHRASE_ENV = "VITALSDESK_DB_PASSPHRASE"
KEYRING_SERVICE = "VitalsDesk"
KEY_ID_FILE = "vitalsdesk.keyid"
_SQLITE_HEADER = b"SQLite format 3\x00"


class KeyUnavailable(DatabaseError):
    """The database is (to be) encrypted and its key cannot be had here."""


def dbapi() -> Any:
    """The SQLCipher DB-API module (imported only when an encrypted database is opened)."""
    try:
        import sqlcipher3
    except ImportError:
        raise DatabaseError(
            "This database is encrypted, and SQLCipher (package sqlcipher3-binary) is missing."
        ) from None
    return sqlcipher3.dbapi2


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def is_plain_sqlite(path: Path) -> bool:
    """True for an ordinary SQLite file (a header anyone can read); False when encrypted/empty."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _SQLITE_HEADER
    except FileNotFoundError:
        return False


def recovery_text(key: bytes) -> str:
    """The key as the clinic writes it down: 8 groups of 8 hex digits."""
    digits = key.hex().upper()
    return "-".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def parse_key(text: str) -> bytes:
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", digits):
        raise KeyUnavailable("A database key is 64 hexadecimal digits (dashes and spaces allowed).")
    return bytes.fromhex(digits)


def _keyring() -> Any:
    import keyring

    return keyring


AskPassphrase = Callable[[bool], str | None]
"""Asks the person at the PC for the clinic's database passphrase (True: choosing a new one).
Returns None when they cancel."""

MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class KeyFile:
    """Beside the database: which key opens it and where that key is kept. Never the key."""

    key_id: str
    mode: str  # "keyring" or "passphrase"
    salt: str = ""

    @classmethod
    def read(cls, data_dir: Path) -> KeyFile | None:
        path = data_dir / KEY_ID_FILE
        if not path.exists():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                key_id=str(raw["key_id"]), mode=str(raw["mode"]), salt=str(raw.get("salt", ""))
            )
        except (ValueError, KeyError, TypeError):
            raise KeyUnavailable(
                f"{path} is damaged; restore the key with `vitalsdesk db key restore`."
            ) from None

    def write(self, data_dir: Path) -> None:
        path = data_dir / KEY_ID_FILE
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key_id": self.key_id, "mode": self.mode, "salt": self.salt}, handle)

    @property
    def keyring_name(self) -> str:
        return f"database-key-{self.key_id}"


def _no_keyring_message(exc: Exception) -> str:
    return (
        f"VitalsDesk keeps the database key in the system keyring, and none can be used here "
        f"({exc.__class__.__name__}). Start it from a desktop session, give the key in {KEY_ENV}, "
        f"or restore it with `vitalsdesk db key restore`."
    )


def _derive(passphrase: str, salt: str) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=bytes.fromhex(salt),
        n=2**15,
        r=8,
        p=1,
        maxmem=2**26,
        dklen=32,
    )


def _passphrase(ask: AskPassphrase | None, new: bool) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given is None and ask is not None:
        given = ask(new)
    if not given:
        raise KeyUnavailable(
            "The database is encrypted with the clinic's passphrase: enter it, or set "
            f"{PASSPHRASE_ENV}."
            if not new
            else "There is no system keyring here to keep the database key, so VitalsDesk needs a "
            f"passphrase for this clinic's database (or {KEY_ENV} / {PASSPHRASE_ENV})."
        )
    if new and len(given) < MIN_PASSPHRASE:
        raise KeyUnavailable(f"The passphrase needs at least {MIN_PASSPHRASE} characters.")
    return given


def stored_key(data_dir: Path, ask: AskPassphrase | None = None) -> bytes | None:
    """The key of the database in data_dir: from the environment, the keyring or the passphrase.
    None when this folder has never had a key."""
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV])
    keyfile = KeyFile.read(data_dir)
    if keyfile is None:
        return None
    if keyfile.mode == "passphrase":
        return _derive(_passphrase(ask, new=False), keyfile.salt)
    try:
        text = _keyring().get_password(KEYRING_SERVICE, keyfile.keyring_name)
    except Exception as exc:  # keyring backends raise their own error types
        raise KeyUnavailable(_no_keyring_message(exc)) from None
    if not text:
        raise KeyUnavailable(
            "This PC's keyring does not have the database key. An administrator can restore it "
            "with `vitalsdesk db key restore` and the clinic's recovery key."
        )
    return parse_key(text)


def store_key(data_dir: Path, key: bytes) -> None:
    """Keep the key in this PC's keyring (the recovery path on a replaced PC)."""
    keyfile = KeyFile(key_id=str(uuid.uuid4()), mode="keyring")
    try:
        _keyring().set_password(KEYRING_SERVICE, keyfile.keyring_name, key.hex())
    except Exception as exc:
        raise KeyUnavailable(_no_keyring_message(exc)) from None
    keyfile.write(data_dir)


def new_key(data_dir: Path, ask: AskPassphrase | None = None) -> bytes:
    """The key for a database about to be created, kept before the first byte is written: in
    the keyring when there is one, else derived from a passphrase the clinic chooses."""
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV])
    if os.environ.get(PASSPHRASE_ENV) is None:
        key = secrets.token_bytes(32)
        try:
            store_key(data_dir, key)
            return key
        except KeyUnavailable:
            pass  # no usable keyring: a passphrase instead
    salt = secrets.token_hex(16)
    key = _derive(_passphrase(ask, new=True), salt)
    KeyFile(key_id=str(uuid.uuid4()), mode="passphrase", salt=salt).write(data_dir)
    return key


def opens_with(path: Path, key: bytes) -> bool:
    connection = dbapi().connect(str(path))
    try:
        connection.execute(key_pragma(key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception:
        return False
    finally:
        connection.close()


def encrypt_plain_database(path: Path, key: bytes, backup_dir: Path) -> Path:
    """Turn a plain SQLite file into an encrypted one in place, keeping an encrypted backup.

    The encrypted copy is built beside the original, checked, copied to backup_dir, and only then
    moved over the original: a failure at any step leaves the original as it was."""
    import sqlite3

    work = path.with_name(path.name + ".encrypting")
    work.unlink(missing_ok=True)
    fd = os.open(work, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    work.unlink()  # SQLCipher creates it; the point was to fail early on a read-only folder
    with contextlib.closing(sqlite3.connect(path, timeout=15)) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: plain.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
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
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DatabaseError(
                "The encrypted copy failed its integrity check; nothing was changed."
            )
        for table, count in counts.items():
            if check.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] != count:
                raise DatabaseError(
                    f"The encrypted copy lost rows of {table}; nothing was changed."
                )
    except BaseException:
        check.close()
        work.unlink(missing_ok=True)
        raise
    check.close()
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    from datetime import UTC, datetime

    backup = (
        backup_dir / f"vitalsdesk-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-before-encryption.sqlite3"
    )
    shutil.copyfile(work, backup)
    backup.chmod(0o600)
    os.replace(work, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.chmod(0o600)
    return backup
