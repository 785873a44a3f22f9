"""Encryption at rest for the embedded database (SQLCipher), and where its key is kept.

The key is 32 random bytes used as SQLCipher's raw key. It is never written beside the database:
- normally it lives in the operating system's keyring (Windows Credential Manager, macOS Keychain,
  the Secret Service of a Linux desktop), under an id that a small file beside the database names;
- `VITALSDESK_DB_KEY` (64 hex digits) overrides the keyring, for automation and tests;
- with no usable keyring (a kiosk, a headless box), the random key is kept beside the database
  wrapped (AES-256-GCM) with a key derived (scrypt, about 0.4 s a guess) from a passphrase the
  clinic chooses at first start and types at each start (`VITALSDESK_DB_PASSPHRASE` for
  automation); the passphrase can be changed without re-encrypting anything
  (`change_passphrase`);
- the clinic's recovery key (the same key, printed in groups by `vitalsdesk db key show`) brings
  it back on a replaced PC or after the keyring was wiped (`restore_key`): into the keyring, or
  under a new passphrase where there is none.
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
from vitalsdesk.paths import (
    KEY_ID_FILE_NAME,
    SQLITE_WAL_SUFFIXES,
    DataFolder,
    file_mode,
    is_shared_folder,
    sqlite_side_files,
)

KEY_ENV = "VITALSDESK_DB_KEY"
PASSPHRASE_ENV = "VITALSDESK_DB_PASSPHRASE"
KEYRING_SERVICE = "VitalsDesk"
KEY_ID_FILE = KEY_ID_FILE_NAME  # the name, for messages
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
    except OSError as exc:
        from vitalsdesk.db.engine import os_problem

        raise os_problem(exc, path) from None


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

MIN_PASSPHRASE = 12
# zxcvbn's scale: 3 is "safely unguessable" (about 10^10 guesses) for a slow hash like ours.
MIN_STRENGTH = 3


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's cost parameters. Kept in the key file with each wrapped key, so a later
    VitalsDesk can raise them for new passphrases and still open the old ones."""

    n: int
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 2 * 128 * self.n * self.r * self.p + 2**20


# One guess costs about 0.38 s and 128 MiB on a 2-core 2020s PC (measured). Not a setting: a
# clinic cannot lower it; tests pass a cheaper ScryptCost to the functions explicitly.
PASSPHRASE_COST = ScryptCost(n=2**17)
# How VitalsDesk derived the database key itself from the passphrase before keys were wrapped.
_LEGACY_COST = ScryptCost(n=2**15)
_WRAP_LABEL = b"VitalsDesk database key v2|"


class WrongPassphrase(KeyUnavailable):
    """The passphrase typed does not open the clinic's database key."""


WRONG_PASSPHRASE = (
    "That passphrase does not open the clinic's records. If it is lost, an administrator can "
    "put the clinic's recovery key back with `vitalsdesk db key restore` and choose a new one."
)


@dataclass(frozen=True)
class KeyFile:
    """Beside the database: which key opens it and where that key is kept. Never the key in
    clear: in passphrase mode it holds the random database key wrapped (AES-256-GCM) with a key
    derived from the passphrase (scrypt), so the passphrase can change without re-encrypting.
    An older file in passphrase mode has a salt and no wrapped key: its database key was the
    scrypt of the passphrase itself (converted at its next opening)."""

    key_id: str
    mode: str  # "keyring" or "passphrase"
    salt: str = ""
    wrapped: str = ""  # nonce + ciphertext, hex
    cost: ScryptCost | None = None

    @classmethod
    def read(cls, data_dir: Path) -> KeyFile | None:
        path = DataFolder(data_dir).key_id
        if not path.exists():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            cost = raw.get("scrypt")
            return cls(
                key_id=str(raw["key_id"]),
                mode=str(raw["mode"]),
                salt=str(raw.get("salt", "")),
                wrapped=str(raw.get("wrapped", "")),
                cost=ScryptCost(int(cost["n"]), int(cost["r"]), int(cost["p"])) if cost else None,
            )
        except (ValueError, KeyError, TypeError):
            raise KeyUnavailable(
                f"{path} is damaged; restore the key with `vitalsdesk db key restore`."
            ) from None
        except OSError as exc:
            raise KeyUnavailable(f"{path} cannot be read ({exc.strerror}).") from None

    def write(self, data_dir: Path) -> None:
        """Replace the key file in one step (a crash leaves the old one or the new one)."""
        path = DataFolder(data_dir).key_id
        record: dict[str, Any] = {"key_id": self.key_id, "mode": self.mode, "salt": self.salt}
        if self.wrapped:
            record["wrapped"] = self.wrapped
        if self.cost is not None:
            record["scrypt"] = {"n": self.cost.n, "r": self.cost.r, "p": self.cost.p}
        work = path.with_name(path.name + ".new")
        fd = os.open(work, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, file_mode(data_dir))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(work, path)
        except BaseException:
            work.unlink(missing_ok=True)
            raise

    @property
    def keyring_name(self) -> str:
        return f"database-key-{self.key_id}"

    @property
    def is_wrapped(self) -> bool:
        return self.mode == "passphrase" and bool(self.wrapped)


def _no_keyring_message(exc: Exception) -> str:
    return (
        f"VitalsDesk keeps the database key in the system keyring, and none can be used here "
        f"({exc.__class__.__name__}). Start it from a desktop session, give the key in {KEY_ENV}, "
        f"or restore it with `vitalsdesk db key restore` (with no keyring, the restored key is "
        f"kept under a passphrase you choose)."
    )


def _derive(passphrase: str, salt: str, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=bytes.fromhex(salt),
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem,
        dklen=32,
    )


def _wrap(passphrase: str, key: bytes, key_id: str, cost: ScryptCost) -> KeyFile:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = secrets.token_hex(16)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_derive(passphrase, salt, cost)).encrypt(
        nonce, key, _WRAP_LABEL + key_id.encode("ascii")
    )
    return KeyFile(
        key_id=key_id, mode="passphrase", salt=salt, wrapped=(nonce + sealed).hex(), cost=cost
    )


def _unwrap(keyfile: KeyFile, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = bytes.fromhex(keyfile.wrapped)
    kek = _derive(passphrase, keyfile.salt, keyfile.cost or PASSPHRASE_COST)
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], _WRAP_LABEL + keyfile.key_id.encode())
    except InvalidTag:
        raise WrongPassphrase(WRONG_PASSPHRASE) from None


def passphrase_problem(passphrase: str) -> str | None:
    """Why this passphrase is not good enough for the clinic's records (None: it is), in plain
    words. Strength is judged by zxcvbn, which knows common passwords, words, names, dates,
    keyboard patterns and l33t spellings."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"The passphrase needs at least {MIN_PASSPHRASE} characters. A few words you can "
            "remember, with spaces between them, work well."
        )
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:100], user_inputs=["vitalsdesk", "vitals", "desk", "clinic"])
    if int(result["score"]) >= MIN_STRENGTH:
        return None
    warning = str(result.get("feedback", {}).get("warning") or "").strip()
    return (
        "This passphrase would be too easy to guess. "
        + (warning + " " if warning else "")
        + 'Try three or four words that do not belong together, like "lamp river pocket '
        'seven" (but not that one).'
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
    if new:
        problem = passphrase_problem(given)
        if problem is not None:
            raise KeyUnavailable(problem)
    return given


def _database_file(data_dir: Path) -> Path:
    return DataFolder(data_dir).database


def stored_key(
    data_dir: Path, ask: AskPassphrase | None = None, *, cost: ScryptCost = PASSPHRASE_COST
) -> bytes | None:
    """The key of the database in data_dir: from the environment, the keyring or the passphrase.
    None when this folder has never had a key.

    A key file of the older passphrase form (key derived from the passphrase) is converted to
    the wrapped form once the passphrase has opened the database: the database key stays the
    same, so nothing is re-encrypted and every backup still opens."""
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV])
    machine = machine_key(data_dir)
    if machine is not None:
        return machine
    keyfile = KeyFile.read(data_dir)
    if keyfile is None:
        return None
    if keyfile.mode == "passphrase":
        passphrase = _passphrase(ask, new=False)
        if keyfile.is_wrapped:
            return _unwrap(keyfile, passphrase)
        key = _derive(passphrase, keyfile.salt, _LEGACY_COST)
        database = _database_file(data_dir)
        if database.exists() and database.stat().st_size > 0 and opens_with(database, key):
            _wrap(passphrase, key, keyfile.key_id, cost).write(data_dir)
        return key
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


def machine_key(data_dir: Path) -> bytes | None:
    """The database key from the machine-wide key file, when `data_dir` is the clinic's folder
    that the machine-wide settings name with a key_file (None otherwise).

    The file is written once by root and readable by the clinic's group only, so every clinic
    account on the PC opens the records without a keyring of its own or a passphrase."""
    from vitalsdesk.settings import load_machine_settings

    machine = load_machine_settings()
    if machine is None or machine.key_file is None:
        return None
    if not _same_folder(machine.data_folder, data_dir):
        return None
    try:
        text = machine.key_file.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not text"
        raise KeyUnavailable(
            f"The clinic's database key file {machine.key_file} cannot be read ({reason}). "
            "Ask your administrator to add this account to the clinic's group."
        ) from None
    try:
        return parse_key(text)
    except KeyUnavailable:
        raise KeyUnavailable(
            f"The clinic's database key file {machine.key_file} does not hold a key "
            "(64 hexadecimal digits)."
        ) from None


def _keyring_may_keep(data_dir: Path) -> bool:
    """Whether a new key may go into this OS account's keyring. Not in a folder shared by the
    clinic's accounts (setgid on POSIX, or the one the machine-wide settings name; the others
    could never read it): there the passphrase keeps it, unless those settings name a key file."""
    if os.environ.get(PASSPHRASE_ENV) is not None or is_shared_folder(data_dir):
        return False
    from vitalsdesk.settings import load_machine_settings

    machine = load_machine_settings()
    return machine is None or not _same_folder(machine.data_folder, data_dir)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def store_key(data_dir: Path, key: bytes) -> None:
    """Keep the key in this PC's keyring (the recovery path on a replaced PC)."""
    keyfile = KeyFile(key_id=str(uuid.uuid4()), mode="keyring")
    try:
        _keyring().set_password(KEYRING_SERVICE, keyfile.keyring_name, key.hex())
    except Exception as exc:
        raise KeyUnavailable(_no_keyring_message(exc)) from None
    keyfile.write(data_dir)


def store_key_with_passphrase(
    data_dir: Path, key: bytes, passphrase: str, *, cost: ScryptCost = PASSPHRASE_COST
) -> None:
    """Keep the key beside the database wrapped with the clinic's passphrase (no keyring)."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise KeyUnavailable(problem)
    _wrap(passphrase, key, str(uuid.uuid4()), cost).write(data_dir)


def new_key(
    data_dir: Path, ask: AskPassphrase | None = None, *, cost: ScryptCost = PASSPHRASE_COST
) -> bytes:
    """The key for a database about to be created, kept before the first byte is written: in
    the keyring when there is one, else wrapped with a passphrase the clinic chooses. Always 32
    random bytes."""
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV])
    machine = machine_key(data_dir)
    if machine is not None:
        return machine
    key = secrets.token_bytes(32)
    if _keyring_may_keep(data_dir):
        try:
            store_key(data_dir, key)
            return key
        except KeyUnavailable:
            pass  # no usable keyring: a passphrase instead
    _wrap(_passphrase(ask, new=True), key, str(uuid.uuid4()), cost).write(data_dir)
    return key


def change_passphrase(
    data_dir: Path, old: str, new: str, *, cost: ScryptCost = PASSPHRASE_COST
) -> None:
    """Put the clinic's database key under a new passphrase. The key itself, the database and
    its backups stay as they are. Raises WrongPassphrase when `old` does not open the key, and
    KeyUnavailable (with the reason in plain words) when `new` is not good enough."""
    keyfile = KeyFile.read(data_dir)
    if keyfile is None or keyfile.mode != "passphrase":
        raise KeyUnavailable(
            "This clinic's database key is not kept with a passphrase on this PC (it is in the "
            "system keyring, or given in the environment), so there is no passphrase to change."
        )
    problem = passphrase_problem(new)
    if problem is not None:
        raise KeyUnavailable(problem)
    if keyfile.is_wrapped:
        key = _unwrap(keyfile, old)
    else:
        key = _derive(old, keyfile.salt, _LEGACY_COST)
        database = _database_file(data_dir)
        if not (database.exists() and opens_with(database, key)):
            raise WrongPassphrase(WRONG_PASSPHRASE)
    _wrap(new, key, keyfile.key_id, cost).write(data_dir)


def restore_key(
    data_dir: Path,
    key: bytes,
    ask: AskPassphrase | None = None,
    *,
    database: Path | None = None,
    cost: ScryptCost = PASSPHRASE_COST,
) -> str:
    """Put the clinic's recovery key back on this PC: into the keyring when there is one, else
    wrapped with a passphrase chosen now (asked with new=True, or VITALSDESK_DB_PASSPHRASE).
    Returns "keyring" or "passphrase": where it is kept now.

    Raises KeyUnavailable when the key does not open the database, or no passphrase is given."""
    database = database or _database_file(data_dir)
    if database.exists() and database.stat().st_size > 0 and not opens_with(database, key):
        raise KeyUnavailable(f"That key does not open the database in {database.parent}.")
    if _keyring_may_keep(data_dir):
        try:
            store_key(data_dir, key)
            return "keyring"
        except KeyUnavailable:
            pass  # no usable keyring: keep it under a passphrase instead of going round in circles
    _wrap(_passphrase(ask, new=True), key, str(uuid.uuid4()), cost).write(data_dir)
    return "passphrase"


def opens_with(path: Path, key: bytes) -> bool:
    """True when `key` opens the file; False when it does not (wrong key, or page 1 damaged).

    Raises EnvironmentProblem when the PC keeps the file from being read at all (full disk,
    read-only or forbidden folder): that says nothing about the key or the file."""
    from vitalsdesk.db.engine import open_problem, read_only_uri

    uri = read_only_uri(path)
    try:
        connection = dbapi().connect(uri[len("sqlite:///") :] if uri else str(path), uri=bool(uri))
    except Exception as exc:  # sqlcipher3 raises its own error types
        raise open_problem(exc, path) or DatabaseError(str(exc)) from None
    try:
        connection.execute(key_pragma(key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception as exc:
        problem = open_problem(exc, path)
        if problem is not None:
            raise problem from None
        return False
    finally:
        connection.close()


def encrypt_plain_database(path: Path, key: bytes, backup_dir: Path) -> Path:
    """Turn a plain SQLite file into an encrypted one in place, keeping an encrypted backup;
    then encrypt (or, failing that, remove) every older plain backup: no patient data stays in
    clear in the data folder.

    The encrypted copy is built beside the original, checked, backed up, and only then moved
    over the original: a failure at any step leaves the original as it was."""
    from vitalsdesk.db.backup import encrypt_plain_backups, write_backup
    from vitalsdesk.db.engine import os_problem

    work = path.with_name(path.name + ".encrypting")
    _check_writable(work)
    counts = _row_counts(path)
    try:
        _export_encrypted(path, work, key)
        _check_encrypted(work, key, counts)
        backup = write_backup(
            lambda partial: shutil.copyfile(work, partial),
            backup_dir,
            key,
            reason="before-encryption",
            keep=None,
        )
    except BaseException as exc:
        for leftover in (work, *sqlite_side_files(work)):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_problem(exc, work) from None
        raise
    os.replace(work, path)
    for suffix in SQLITE_WAL_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.chmod(file_mode(path.parent))
    encrypt_plain_backups(backup_dir, key)
    return backup


def _check_writable(work: Path) -> None:
    """Fail early, in words, when the encrypted copy cannot be created beside the original."""
    from vitalsdesk.db.engine import os_problem

    try:
        work.unlink(missing_ok=True)
        fd = os.open(work, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode(work.parent))
        os.close(fd)
        work.unlink()  # SQLCipher creates it; the point was to fail early on a read-only folder
    except OSError as exc:
        raise os_problem(exc, work) from None


def _row_counts(path: Path) -> dict[str, int]:
    """The rows of each table of the plain file (after a checkpoint), to check the copy against."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path, timeout=15)) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: plain.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _export_encrypted(path: Path, work: Path, key: bytes) -> None:
    cipher = dbapi().connect(str(path))
    try:
        cipher.execute(f"ATTACH DATABASE '{work}' AS encrypted KEY \"x'{key.hex()}'\"")
        cipher.execute("SELECT sqlcipher_export('encrypted')")
        cipher.execute("DETACH DATABASE encrypted")
    finally:
        cipher.close()


def _check_encrypted(work: Path, key: bytes, counts: dict[str, int]) -> None:
    """DatabaseError unless the encrypted copy is sound and has every row of the original."""
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
    finally:
        check.close()
