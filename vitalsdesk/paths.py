"""Where VitalsDesk keeps its data, and how it finds the files it ships (checkout or wheel alike)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# Neither dataclasses nor importlib.resources is imported here: this module is loaded before
# the sign-in page is painted, and the two cost about 8 ms of CPU there (DataFolder is written
# out; resource() reads the folder beside this file, as files() would, in a checkout or a wheel).

APP_NAME = "VitalsDesk"
DATA_DIR_ENV = "VITALSDESK_DATA_DIR"
# Where the machine-wide settings file is looked for instead of the platform's place (tests).
MACHINE_SETTINGS_ENV = "VITALSDESK_MACHINE_SETTINGS"

# The names inside the data folder. Spelled here only: code reaches them through DataFolder.
DATABASE_FILE_NAME = "vitalsdesk.sqlite3"
# Beside a SQLite file while it is open: the WAL and its shared memory, or a rollback journal.
SQLITE_WAL_SUFFIXES = ("-wal", "-shm")
SQLITE_SIDE_SUFFIXES = (*SQLITE_WAL_SUFFIXES, "-journal")
BACKUPS_FOLDER_NAME = "backups"
LOGS_FOLDER_NAME = "logs"
SETTINGS_FILE_NAME = "settings.toml"
REFERENCE_RANGES_FILE_NAME = "reference_ranges.toml"
VISIT_RULES_FILE_NAME = "visit-rules.toml"
HANDOUTS_FOLDER_NAME = "handouts"
KEY_ID_FILE_NAME = "vitalsdesk.keyid"
AUDIT_KEY_FILE_NAME = "vitalsdesk.auditkey"
WITNESS_FILE_NAME = "audit-witness"
JOURNAL_FILE_NAME = "audit-journal"


def machine_settings_file() -> Path:
    """The machine-wide settings file an administrator writes on a shared exam-room PC: it names
    the clinic's data folder for every OS account (docs/deploy.md). It need not exist."""
    override = os.environ.get(MACHINE_SETTINGS_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / APP_NAME / SETTINGS_FILE_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / SETTINGS_FILE_NAME
    return Path("/etc") / APP_NAME.lower() / SETTINGS_FILE_NAME


def data_dir() -> Path:
    """The clinic's data folder: VITALSDESK_DATA_DIR, else the one the machine-wide settings
    file names (it wins over each OS account's own folder), else the platform's user data
    folder.

    Raises SettingsError (naming the file) when the machine-wide settings file cannot be used:
    never a silent fall back to a private folder, which would split the clinic's records.

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
    from vitalsdesk.settings import load_machine_settings

    machine = load_machine_settings()
    if machine is not None:
        return machine.data_folder
    import platformdirs  # only when needed: keeps `vitalsdesk check` and start-up lean

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The OS user's own state folder for VitalsDesk: where the audit journal of a read-only
    database goes when the data folder cannot be written either."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


class DataFolder:
    """The clinic's data folder and every file VitalsDesk keeps in it, named in one place.
    Immutable, equal by its root."""

    __slots__ = ("root",)
    root: Path

    def __init__(self, root: Path) -> None:
        object.__setattr__(self, "root", root)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"DataFolder is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"DataFolder is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, DataFolder)
        return self.root == other.root

    def __hash__(self) -> int:
        return hash((self.root,))

    def __repr__(self) -> str:
        return f"DataFolder(root={self.root!r})"

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
    def visit_rules(self) -> Path:
        """The clinic's own visit rules (else the shipped ones are in force)."""
        return self.root / VISIT_RULES_FILE_NAME

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
            (self.visit_rules, "the clinic's visit rules"),
        )

    @property
    def own_folders(self) -> tuple[tuple[Path, str], ...]:
        """The folders VitalsDesk keeps here; nothing is written into them but by VitalsDesk."""
        return (
            (self.backups, "the clinic's backups folder"),
            (self.handouts, "the clinic's handout templates folder"),
            (self.logs, "the clinic's log folder"),
        )


def is_shared_folder(folder: Path) -> bool:
    """True for a folder shared by the clinic's OS accounts: on POSIX, a setgid folder (the
    machine-wide set-up makes it so; its files then belong to the clinic's group)."""
    if os.name != "posix":
        return False
    try:
        return bool(folder.stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


def file_mode(folder: Path) -> int:
    """The permissions of a file VitalsDesk creates in `folder`: the OS account's own, or the
    clinic group's too in a shared folder (never anyone else's)."""
    return 0o660 if is_shared_folder(folder) else 0o600


def folder_mode(parent: Path) -> int:
    """The permissions of a folder VitalsDesk creates in `parent` (see file_mode)."""
    return 0o2770 if is_shared_folder(parent) else 0o700


def sqlite_side_files(database: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside `database` (WAL, shared memory, rollback journal)."""
    return tuple(Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_SUFFIXES)


def resource(*parts: str) -> Traversable:
    """A file shipped in resources/ (package vitalsdesk.resources); never outside it."""
    for part in parts:
        assert part not in ("", ".", "..") and "/" not in part and "\\" not in part, part
    node = _resources()
    for part in parts:
        node = node / part
    return node


_RESOURCES: list[Traversable] = []


def _resources() -> Traversable:
    """The resources folder: the one folder the import system finds for vitalsdesk.resources
    (resources/ of a checkout through the editable install, vitalsdesk/resources in a wheel);
    importlib.resources only where that is not one plain folder (a zip import)."""
    if not _RESOURCES:
        from importlib.util import find_spec

        spec = find_spec("vitalsdesk.resources")
        where = list(spec.submodule_search_locations or ()) if spec is not None else []
        if len(where) == 1 and Path(where[0]).is_dir():
            _RESOURCES.append(Path(where[0]))
        else:
            from importlib.resources import files

            _RESOURCES.append(files("vitalsdesk.resources"))
    return _RESOURCES[0]
