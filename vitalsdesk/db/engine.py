"""Engine and transactions: SQLite tuned for durability and several writers, or any SQLAlchemy URL.

SQLite: WAL, foreign keys on, synchronous=FULL (every acknowledged save survives a power cut, not
only a crash: platform-notes.md), a busy timeout, and BEGIN IMMEDIATE for every transaction so two
processes never deadlock upgrading a read lock to a write lock ("database is locked").
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from vitalsdesk.errors import ServiceError

log = logging.getLogger(__name__)

DATABASE_URL_ENV = "VITALSDESK_DATABASE_URL"
SQLITE_FILE_NAME = "vitalsdesk.sqlite3"
BUSY_TIMEOUT_MS = 15_000
# Beyond the busy timeout, a few whole-transaction retries absorb a burst of contention.
LOCK_RETRIES = 5


class DatabaseError(ServiceError):
    """A database problem the user can act on (the message says what to do)."""


NOT_SAVED = "so this was not saved. Nothing is lost: what you typed stays on the screen."


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


def default_sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_FILE_NAME}"


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file private to the user (mode 0600) before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


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
        if database and database != ":memory:":
            _prepare_sqlite_file(Path(database))  # an empty file is a new database to SQLite
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


def _is_lock_error(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message


class Database:
    """One engine and its session factory; services open one transaction per use case."""

    def __init__(self, url: str, key: bytes | None = None) -> None:
        self.url = url
        self.key = key
        self.engine = make_engine(url, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_engine: Engine | None = None
        self._read_sessions: sessionmaker[Session] | None = None

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

    def read(self, work: Any) -> Any:
        """Run `work(session)` in a read-only transaction (SQLite: no write lock is taken)."""
        if not self.is_sqlite:
            return self.run(work)
        if self._read_sessions is None:
            self._read_engine = make_engine(self.url, self.key, reader=True)
            self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        try:
            with self._read_sessions() as session, session.begin():
                return work(session)
        except OperationalError as exc:
            problem = environment_problem(exc)
            if problem is not None:
                raise DatabaseError(problem.replace(NOT_SAVED, "so it could not be read.")) from exc
            raise

    def run(self, work: Any) -> Any:
        """Run `work(session)` in a transaction, retrying when another writer holds the lock."""
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
                        raise DatabaseError(problem) from exc
                    raise
                log.warning("database busy, retrying (attempt %d)", attempt + 1)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
        if self._read_engine is not None:
            self._read_engine.dispose()

    def quick_check(self) -> list[str]:
        return self._check("quick_check")

    def integrity_check(self) -> list[str]:
        return self._check("integrity_check")

    def _check(self, pragma: str) -> list[str]:
        """Problems SQLite finds in the file ([] when it is sound); PostgreSQL checks itself."""
        try:
            with self.engine.connect() as connection:
                if not self.is_sqlite:
                    connection.execute(text("SELECT 1"))
                    return []
                rows = [r[0] for r in connection.exec_driver_sql(f"PRAGMA {pragma}")]
                connection.rollback()
        except DBAPIError as exc:
            if not self.is_sqlite:
                raise DatabaseError(f"Cannot reach the database server: {exc.orig}") from None
            return [str(exc.orig)]  # "file is not a database" and the like
        return [] if rows == ["ok"] else rows
