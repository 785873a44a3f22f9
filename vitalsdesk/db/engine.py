"""Engine and transactions: SQLite tuned for durability and several writers, or any SQLAlchemy URL.

SQLite: WAL, foreign keys on, synchronous=FULL (every acknowledged save survives a power cut, not
only a crash: docs/platform.md, "SQLite"), a busy timeout, and BEGIN IMMEDIATE for every
transaction so two processes never deadlock upgrading a read lock to a write lock ("database is
locked").
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from vitalsdesk.errors import ServiceError
from vitalsdesk.paths import DataFolder, file_mode, sqlite_side_files

log = logging.getLogger(__name__)

DATABASE_URL_ENV = "VITALSDESK_DATABASE_URL"
BUSY_TIMEOUT_MS = 15_000
# Beyond the busy timeout, a few whole-transaction retries absorb a burst of contention.
LOCK_RETRIES = 5
# How long closing waits for an interrupted quick check to let go of the file.
CHECK_STOP_SECONDS = 10.0

T = TypeVar("T")  # what a unit of work returns: run/read hand it back with its type


class DatabaseError(ServiceError):
    """A database problem the user can act on (the message says what to do)."""


class EnvironmentProblem(DatabaseError):
    """A fault of the PC, not of the database file: a full disk, a read-only file or folder, a
    permission refused. Never called "damaged", and never cured by putting a backup back."""


NOT_SAVED = "so this was not saved. Nothing is lost: what you typed stays on the screen."

READ_ONLY_REFUSAL = (
    "Read-only: nothing can be saved. The database is read-only on this PC, "
    f"{NOT_SAVED} Call IT: the database file or its folder must be writable."
)


JOURNAL_REFUSAL = (
    "Read-only: the database cannot be written on this PC, and the audit journal that notes "
    "who looked at what cannot be written either ({why}). Nothing is shown until it can be. "
    "Call IT: the data folder or this user's own folder must be writable."
)


class ReadOnlyDatabase(EnvironmentProblem):
    """A save asked of a database that was opened read-only (it is refused before it starts)."""

    def __init__(self, message: str = READ_ONLY_REFUSAL) -> None:
        super().__init__(message)


def environment_problem(exc: DBAPIError) -> str | None:
    """The user's words for a fault of the PC, not of VitalsDesk (None: not one of those)."""
    text = str(exc.orig).lower()
    if "disk is full" in text or "no space left" in text:
        return f"The disk is full, {NOT_SAVED} Free some disk space (or call IT), then try again."
    if "readonly" in text or "read-only" in text:
        return (
            f"The database cannot be written on this PC (read-only), {NOT_SAVED} "
            "Call IT: the database file or its folder must be writable."
        )
    if "disk i/o error" in text:
        return f"The disk reported an error, {NOT_SAVED} Try again; if it happens again, call IT."
    if "could not connect" in text or "connection refused" in text or "server closed" in text:
        return f"The clinic's database server cannot be reached, {NOT_SAVED} Try again in a moment."
    return None


_OPEN_FAILED = (
    "The database file {path} cannot be opened on this PC ({why}). The file itself may well be "
    "fine: call IT to check that the disk has space and that this user may read and write the "
    "file and its folder."
)


def os_problem(exc: OSError, path: Path) -> EnvironmentProblem:
    """The user's words for an OSError met while opening or copying the database."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno == errno.EROFS:
        why = "the disk is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "this user is not allowed to use it"
    else:
        why = exc.strerror or exc.__class__.__name__
    return EnvironmentProblem(_OPEN_FAILED.format(path=path, why=why))


def open_problem(exc: BaseException, path: Path) -> EnvironmentProblem | None:
    """For a DB-API error raised while opening or reading: the fault of the PC it names, or None
    when the file itself is the problem ("file is not a database", "malformed")."""
    message = str(exc).lower()
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return None
    if "disk is full" in message or "no space" in message:
        return EnvironmentProblem(_OPEN_FAILED.format(path=path, why="the disk is full"))
    if "readonly" in message or "read-only" in message:
        return EnvironmentProblem(_OPEN_FAILED.format(path=path, why="it is read-only"))
    if "unable to open" in message or "disk i/o" in message or "permission" in message:
        return EnvironmentProblem(
            _OPEN_FAILED.format(path=path, why="the disk or the folder refused it")
        )
    return None


def default_sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{DataFolder(data_dir).database}"


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file private to the user (mode 0600), or to the clinic's group in a
    shared folder (0660), before SQLite opens it (its -wal and -shm files take the same mode).

    A file that is already there is left as it is: a read-only one must still open for reading."""
    if path.exists():
        if not os.access(path, os.R_OK):
            raise os_problem(OSError(errno.EACCES, "Permission denied"), path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        mode = file_mode(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, mode)
    except OSError as exc:
        raise os_problem(exc, path) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(mode)


def read_only_uri(path: Path) -> str | None:
    """A URL that opens `path` for reading when its folder cannot be written (None: it can).

    SQLite needs to make the -shm beside a WAL database; in a read-only folder it cannot, and
    every open fails. With no -wal left over there is nothing newer than the file itself, so
    SQLite may read it as immutable."""
    folder = path.parent
    if not path.exists() or os.access(folder, os.W_OK):
        return None
    if sqlite_side_files(path)[0].exists():
        return None  # SQLite reads a left-over WAL through its -shm, which exists with it
    return f"sqlite:///file:{path.resolve()}?mode=ro&immutable=1&uri=true"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling defers it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(connection: Any) -> None:
    # A reader never takes the write lock: it reads its snapshot of the WAL while rooms write,
    # and it still works when the file cannot be written at all.
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str, key: bytes | None = None, *, reader: bool = False) -> Engine:
    """An engine for `url`; with `key`, a SQLite file is opened through SQLCipher with that key."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            _prepare_sqlite_file(Path(database))  # an empty file is a new database to SQLite
            url = read_only_uri(Path(database)) or url
        options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
        if key is not None:
            from vitalsdesk.db.encryption import dbapi, key_pragma

            options["module"] = dbapi()
            pragma = key_pragma(key)

            def _unlock(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute(pragma)  # must come before anything else

            engine = create_engine(url, **options)
            event.listen(engine, "connect", _unlock)
        else:
            engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin_read if reader else _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise ReadOnlyDatabase()


def _is_lock_error(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message


class Database:
    """One engine and its session factory; services open one transaction per use case.

    evidence_dir: the folder that keeps the audit log's evidence outside the database (its key
    when the database has none, and the audit-witness file). An embedded database's own folder
    unless the clinic's data folder is attached (`attach_data_folder`)."""

    def __init__(self, url: str, key: bytes | None = None) -> None:
        self.url = url
        self.key = key
        self.engine = make_engine(url, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"database": self})
        self._read_engine: Engine | None = None
        self._read_sessions: sessionmaker[Session] | None = None
        path = self.sqlite_path
        self.evidence_dir: Path | None = path.parent if path is not None else None
        self.audit_key: bytes | None = None  # found by vitalsdesk.db.audit_chain.audit_key
        self.witnessed_seq: int | None = None  # the last head this process noted outside
        # Found when the clinic opens (probe_read_only): every `run` is then a read whose audit
        # events go to the audit journal (vitalsdesk.db.audit_journal), and any save is refused.
        self.read_only = False
        self.closed = False  # dispose() was called
        # The DB-API connection of a check running apart (quick_check), interrupted by dispose:
        # SQLCipher must not be working on another thread while the process ends.
        self._checking: Any = None
        self._check_done = threading.Event()
        self._check_done.set()
        event.listen(self._sessions, "after_commit", self._after_commit)

    def _after_commit(self, session: Session) -> None:
        head = session.info.pop("audit_head", None)
        if head is None or self.evidence_dir is None:
            return
        from vitalsdesk.db.audit_chain import witness_commit

        try:
            witness_commit(self, *head)
        except Exception:  # the save is done; evidence kept outside it never undoes it
            log.exception("could not note the audit chain's head outside the database")

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any exception."""
        with self._sessions.begin() as session:
            yield session

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a read-only transaction (SQLite: no write lock is taken)."""
        if not self.is_sqlite:
            return self.run(work)
        return self._read_sqlite(work)

    def read_snapshot(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in one read-only transaction that sees a single snapshot and never
        takes the write lock (SQLite: a deferred BEGIN on WAL; PostgreSQL: REPEATABLE READ, READ
        ONLY), so every room goes on saving while a long read runs."""
        if self.is_sqlite:
            return self._read_sqlite(work)
        snapshot = self.engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with (
            Session(snapshot, expire_on_commit=False, info={"database": self}) as session,
            session.begin(),
        ):
            return work(session)

    def _read_sqlite(self, work: Callable[[Session], T]) -> T:
        if self._read_sessions is None:
            self._read_engine = make_engine(self.url, self.key, reader=True)
            self._read_sessions = sessionmaker(
                self._read_engine, expire_on_commit=False, info={"database": self}
            )
        try:
            with self._read_sessions() as session, session.begin():
                return work(session)
        except OperationalError as exc:
            problem = environment_problem(exc)
            if problem is not None:
                raise EnvironmentProblem(
                    problem.replace(NOT_SAVED, "so it could not be read.")
                ) from exc
            raise

    def probe_read_only(self) -> bool:
        """True when this database can be read but not written on this PC (a read-only file,
        folder or disk; a read-only PostgreSQL server). Writes nothing: the test write is
        rolled back."""
        try:
            with self.engine.connect() as connection:
                if self.is_sqlite:
                    connection.exec_driver_sql(
                        "UPDATE alembic_version SET version_num = version_num"
                    )
                else:
                    value = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
                    connection.rollback()
                    return str(value).lower() == "on"
                connection.rollback()
        except OperationalError as exc:
            text_ = str(exc.orig).lower()
            return "readonly" in text_ or "read-only" in text_
        return False

    def run(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a transaction, retrying when another writer holds the lock.

        On a read-only database: in a read transaction; its audit events go to the audit
        journal, on the disk before `work`'s result is handed back; any other change is refused
        (ReadOnlyDatabase) and nothing is journaled."""
        if self.read_only:
            return self._run_read_only(work)
        for attempt in range(LOCK_RETRIES + 1):
            try:
                with self.transaction() as session:
                    return work(session)
            except OperationalError as exc:
                if not self.is_sqlite or not _is_lock_error(exc) or attempt == LOCK_RETRIES:
                    if self.is_sqlite and _is_lock_error(exc):
                        raise DatabaseError(
                            "The database is busy in another room for too long. Try again."
                        ) from exc
                    problem = environment_problem(exc)
                    if problem is not None:
                        log.error("database write failed: %s", exc.orig.__class__.__name__)
                        raise EnvironmentProblem(problem) from exc
                    raise
                log.warning("database busy, retrying (attempt %d)", attempt + 1)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _run_read_only(self, work: Callable[[Session], T]) -> T:
        from vitalsdesk.db import audit_journal

        def guarded(session: Session) -> T:
            event.listen(session, "before_flush", _refuse_changes)
            try:
                result = work(session)
                _refuse_changes(session, None, None)
            except OperationalError as exc:
                if "read-only" in (environment_problem(exc) or ""):
                    raise ReadOnlyDatabase() from exc
                raise
            finally:
                event.remove(session, "before_flush", _refuse_changes)
            journal = session.info.pop("journal", None)
            if journal is not None and journal["events"]:
                # On the disk before the result is handed back, so before anything is shown.
                try:
                    audit_journal.append(self, journal["key"], journal["events"], journal["seq"])
                except audit_journal.JournalUnavailable as exc:
                    raise EnvironmentProblem(JOURNAL_REFUSAL.format(why=exc)) from None
            return result

        return self._read_sqlite(guarded) if self.is_sqlite else self.read_snapshot(guarded)

    def dispose(self) -> None:
        self.closed = True
        checking = self._checking
        if checking is not None:
            with contextlib.suppress(Exception):  # it may have just finished
                checking.interrupt()
            self._check_done.wait(CHECK_STOP_SECONDS)
        self.engine.dispose()
        if self._read_engine is not None:
            self._read_engine.dispose()

    def quick_check(self, tables: Sequence[str] = (), *, apart: bool = False) -> list[str]:
        """SQLite's quick check of the whole file, or of `tables` only (their pages and indexes).

        apart: on a connection of its own, in a read transaction, thrown away after: the check
        never holds the write lock (a whole large file takes seconds, and every room goes on
        saving), and a connection that met a damaged page is never handed to other work
        (SQLCipher keeps the error on it)."""
        return self._check("quick_check", tables, apart=apart)

    def integrity_check(self) -> list[str]:
        return self._check("integrity_check")

    def _check(self, pragma: str, tables: Sequence[str] = (), *, apart: bool = False) -> list[str]:
        """Problems SQLite finds in the file ([] when it is sound); PostgreSQL checks itself.

        Raises EnvironmentProblem when the PC keeps the file from being read (full disk,
        read-only or forbidden folder): that is not a problem of the file."""
        engine = make_engine(self.url, self.key, reader=True) if apart else self.engine
        if apart:
            self._check_done.clear()
        try:
            with engine.connect() as connection:
                if apart:
                    self._checking = connection.connection.driver_connection
                    if self.closed:
                        return []  # closed meanwhile: nothing checked, nothing to say
                if not self.is_sqlite:
                    connection.execute(text("SELECT 1"))
                    return []
                if tables:  # those of them that this schema has (an old one may lack some)
                    present = {"sqlite_schema"} | {
                        str(r[0])
                        for r in connection.exec_driver_sql(
                            "SELECT name FROM sqlite_schema WHERE type = 'table'"
                        )
                    }
                    found = [
                        str(r[0])
                        for t in tables
                        if t in present
                        for r in connection.exec_driver_sql(f"PRAGMA {pragma}({t})")
                    ]
                    rows = [r for r in found if r != "ok"] or ["ok"]
                else:
                    rows = [r[0] for r in connection.exec_driver_sql(f"PRAGMA {pragma}")]
                connection.rollback()
        except DBAPIError as exc:
            if not self.is_sqlite:
                raise DatabaseError(f"Cannot reach the database server: {exc.orig}") from None
            problem = open_problem(exc.orig or exc, self.sqlite_path or Path("?"))
            if problem is not None:
                raise problem from None
            return [str(exc.orig)]  # "file is not a database" and the like
        finally:
            if apart:
                self._checking = None
                engine.dispose()
                self._check_done.set()
        return [] if rows == ["ok"] else rows
