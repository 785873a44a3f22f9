"""Real databases for the storage and service tests: a SQLite file, and a PostgreSQL server that
this test run starts itself (pytest-postgresql's executor, Debian's postgresql binaries)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vitalsdesk.clinic import Clinic, open_clinic

PG_CTL = Path(__file__).parent / "support" / "pg_ctl.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_installed() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[tuple[str, int, str]]:
    """(host, port, version) of a PostgreSQL server private to this test run."""
    if not _postgres_installed():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql")
        pytest.skip(
            "PostgreSQL binaries not installed (Debian package postgresql); `make test` installs them"
        )
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    base = Path(tempfile.mkdtemp(prefix="vitalsdesk-pg-"))
    base.chmod(0o755)
    if os.getuid() == 0:  # the server runs as "postgres" (see support/pg_ctl.sh)
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=str(PG_CTL),
        host="127.0.0.1",
        port=port,
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "server.log"),
        startparams="-w",
        dbname="vitalsdesk_tests",
        user="postgres",
        postgres_options="-c fsync=off",
    )
    executor.start()
    try:
        yield "127.0.0.1", port, str(executor.version)
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)


_counter = iter(range(1_000_000))


@pytest.fixture
def pg_url(pg_server: tuple[str, int, str]) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    from pytest_postgresql.janitor import DatabaseJanitor

    host, port, _version = pg_server
    name = f"vd_test_{os.getpid()}_{next(_counter)}"
    janitor = DatabaseJanitor(user="postgres", host=host, port=port, dbname=name, password=None)
    janitor.init()
    try:
        yield f"postgresql+psycopg://postgres@{host}:{port}/{name}"
    finally:
        janitor.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clinic(database_url: str, tmp_path: Path) -> Iterator[Clinic]:
    """The clinic's services on a real, migrated database (SQLite file or PostgreSQL)."""
    opened = open_clinic(tmp_path / "data", url=database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_clinic(tmp_path: Path) -> Iterator[Clinic]:
    opened = open_clinic(tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


def open_raw(path: Path) -> Any:
    """A DB-API connection to an encrypted VitalsDesk file (or backup) with the test run's key."""
    from vitalsdesk.db.encryption import dbapi, key_pragma, parse_key

    connection = dbapi().connect(str(path))
    connection.execute(key_pragma(parse_key(os.environ["VITALSDESK_DB_KEY"])))
    return connection
