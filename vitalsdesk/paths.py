"""Where VitalsDesk keeps its data, and how it finds the files it ships (checkout or wheel alike)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "VitalsDesk"
DATA_DIR_ENV = "VITALSDESK_DATA_DIR"

# The names inside the data folder. Spelled here only: code reaches them through DataFolder.
DATABASE_FILE_NAME = "vitalsdesk.sqlite3"
# Beside a SQLite file while it is open: the WAL and its shared memory, or a rollback journal.
SQLITE_WAL_SUFFIXES = ("-wal", "-shm")
SQLITE_SIDE_SUFFIXES = (*SQLITE_WAL_SUFFIXES, "-journal")
BACKUPS_FOLDER_NAME = "backups"
LOGS_FOLDER_NAME = "logs"
SETTINGS_FILE_NAME = "settings.toml"
REFERENCE_RANGES_FILE_NAME = "reference_ranges.toml"
HANDOUTS_FOLDER_NAME = "handouts"
KEY_ID_FILE_NAME = "vitalsdesk.keyid"
AUDIT_KEY_FILE_NAME = "vitalsdesk.auditkey"
WITNESS_FILE_NAME = "audit-witness"
JOURNAL_FILE_NAME = "audit-journal"


def data_dir() -> Path:
    """The clinic's data folder: VITALSDESK_DATA_DIR, else the platform's user data folder.

    A folder named by VITALSDESK_DATA_DIR that does not exist yet is made here, private to the
    user (0700) like the default one, before anything (the log files) can make it open to all."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
        if not folder.exists():
            with contextlib.suppress(OSError):  # opening the clinic says what is wrong
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                folder.chmod(0o700)  # whatever the umask
        return folder
    import platformdirs  # only when needed: keeps `vitalsdesk check` and start-up lean

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The OS user's own state folder for VitalsDesk: where the audit journal of a read-only
    database goes when the data folder cannot be written either."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataFolder:
    """The clinic's data folder and every file VitalsDesk keeps in it, named in one place."""

    root: Path

    @classmethod
    def default(cls) -> DataFolder:
        """VITALSDESK_DATA_DIR, else the platform's user data folder (see data_dir)."""
        return cls(data_dir())

    @property
    def database(self) -> Path:
        """The embedded SQLite database (when settings name no other database)."""
        return self.root / DATABASE_FILE_NAME

    @property
    def database_side_files(self) -> tuple[Path, ...]:
        return sqlite_side_files(self.database)

    @property
    def backups(self) -> Path:
        return self.root / BACKUPS_FOLDER_NAME

    @property
    def logs(self) -> Path:
        """The log folder when VITALSDESK_DATA_DIR is set (else the platform's log folder)."""
        return self.root / LOGS_FOLDER_NAME

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_FILE_NAME

    @property
    def reference_ranges(self) -> Path:
        """The clinic's own range table (else the shipped one is in force)."""
        return self.root / REFERENCE_RANGES_FILE_NAME

    @property
    def handouts(self) -> Path:
        """The clinic's own handout templates, on top of the shipped ones."""
        return self.root / HANDOUTS_FOLDER_NAME

    @property
    def key_id(self) -> Path:
        """Which key opens the database and where it is kept (or the key, wrapped)."""
        return self.root / KEY_ID_FILE_NAME

    @property
    def audit_key(self) -> Path:
        """The audit log's key, for a database that has no key of its own."""
        return self.root / AUDIT_KEY_FILE_NAME

    @property
    def witness(self) -> Path:
        """The audit chain's head, noted outside the database (only ever appended to)."""
        return self.root / WITNESS_FILE_NAME

    @property
    def journal(self) -> Path:
        """Audit events of a read-only database, until they are merged into its audit log."""
        return self.root / JOURNAL_FILE_NAME

    @property
    def own_files(self) -> tuple[tuple[Path, str], ...]:
        """The files VitalsDesk keeps here, with what each is in words. A file whose name starts
        with one of these names is the same file's companion (the database's -wal and -shm, a
        key file's ".new", a damaged database set aside) and is as much the clinic's own."""
        return (
            (self.database, "the clinic's database"),
            (self.key_id, "the clinic's database key file"),
            (self.audit_key, "the clinic's audit log key"),
            (self.witness, "the clinic's audit log witness file"),
            (self.journal, "the clinic's audit journal"),
            (self.settings, "the clinic's settings"),
            (self.reference_ranges, "the clinic's reference-range table"),
        )

    @property
    def own_folders(self) -> tuple[tuple[Path, str], ...]:
        """The folders VitalsDesk keeps here; nothing is written into them but by VitalsDesk."""
        return (
            (self.backups, "the clinic's backups folder"),
            (self.handouts, "the clinic's handout templates folder"),
            (self.logs, "the clinic's log folder"),
        )


def sqlite_side_files(database: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside `database` (WAL, shared memory, rollback journal)."""
    return tuple(Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_SUFFIXES)


def resource(*parts: str) -> Traversable:
    """A file shipped in resources/ (package vitalsdesk.resources); never outside it."""
    for part in parts:
        assert part not in ("", ".", "..") and "/" not in part and "\\" not in part, part
    node = files("vitalsdesk.resources")
    for part in parts:
        node = node / part
    return node
