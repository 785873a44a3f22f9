"""Bring a database to the schema of this VitalsDesk, after a backup; refuse a newer database.

Alembic is loaded only when a database must change: the start of a clinic whose schema is current
reads the version row and the revisions of the migration files itself (start-up time matters at
every PC, every morning)."""

from __future__ import annotations

import ast
import contextlib
import functools
import logging
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, text

from vitalsdesk.db.audit_chain import AuditKeyUnavailable, audit_key
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.engine import Database, DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("vitalsdesk.db") / "migrations"))
    return config


@functools.cache
def known_revisions() -> dict[str, tuple[str, ...]]:
    """Every revision of the migration files, with the ones it follows (as Alembic reads them)."""
    found: dict[str, tuple[str, ...]] = {}
    for entry in (files("vitalsdesk.db") / "migrations" / "versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        values = {
            name: ast.literal_eval(value.strip())
            for name, value in _ASSIGNMENT.findall(entry.read_text(encoding="utf-8"))
        }
        down = values.get("down_revision")
        downs = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        found[str(values["revision"])] = downs
    return found


def head_revision() -> str:
    revisions = known_revisions()
    followed = {down for downs in revisions.values() for down in downs}
    heads = [revision for revision in revisions if revision not in followed]
    if len(heads) != 1:  # never shipped; Alembic says what is wrong with the files
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(_config()).get_current_head()
        assert head is not None
        return head
    return heads[0]


def current_revision(db: Database) -> str | None:
    """The schema revision of the database (None: a new, empty database)."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            connection.rollback()
            return None
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        connection.rollback()
    if len(rows) > 1:
        raise DatabaseError(
            f"This database names {len(rows)} schema versions at once. Restore the latest backup "
            "or ask your administrator."
        )
    return str(rows[0][0]) if rows else None


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def check_not_newer(db: Database, current: str | None = None) -> None:
    current = current_revision(db) if current is None else current
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"This database was made by a newer version of VitalsDesk (schema {current}). "
            "Install that version, or ask your administrator; this version will not change it."
        )


def upgrade(db: Database, backup_dir: Path | None = None, revision: str = "head") -> Path | None:
    """Upgrade to the newest schema (or `revision`, for tests of old data). A SQLite file that
    already holds data is backed up first; returns the backup's path (None: no backup needed)."""
    current = current_revision(db)
    check_not_newer(db, current)
    if current == (head_revision() if revision == "head" else revision):
        return None
    from alembic import command

    backup = None
    path = db.sqlite_path
    if path is not None and backup_dir is not None and current is not None:
        backup = backup_sqlite(db, backup_dir, reason="before-upgrade")
        log.info("backed up the database before upgrading its schema")
    config = _config()
    with contextlib.suppress(AuditKeyUnavailable):
        # Lets schema 0004 seal where keyed audit events start; without it the first write does.
        config.attributes["audit_key"] = audit_key(db)
    with migration_connection(db) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup


@contextlib.contextmanager
def migration_connection(db: Database) -> Iterator[Connection]:
    """A connection in one transaction for Alembic. On SQLite, foreign keys are off while it
    runs: a batch migration copies a table and drops the old one, and SQLite refuses to drop a
    parent table whose rows other tables point to (every set has measurements). Every foreign key
    is checked before the transaction commits, and enforcement is back on before the connection
    returns to the pool."""
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        # Only outside a transaction does SQLite take this pragma, and SQLAlchemy's begin
        # (BEGIN IMMEDIATE, db/engine.py) would come first: it goes to the driver itself.
        driver: Any = connection.connection.driver_connection
        if sqlite:
            driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(
                            f"the schema upgrade left {len(broken)} rows pointing nowhere "
                            f"(first: table {broken[0][0]}); nothing was changed"
                        )
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys = ON")
