"""Bring a database to the schema of this VitalsDesk, after a backup; refuse a newer database."""

from __future__ import annotations

import contextlib
import logging
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vitalsdesk.db.audit_chain import AuditKeyUnavailable, audit_key
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.engine import Database, DatabaseError

log = logging.getLogger(__name__)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("vitalsdesk.db") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
    return revision


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def check_not_newer(db: Database) -> None:
    current = current_revision(db)
    known = {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"This database was made by a newer version of VitalsDesk (schema {current}). "
            "Install that version, or ask your administrator; this version will not change it."
        )


def upgrade(db: Database, backup_dir: Path | None = None, revision: str = "head") -> Path | None:
    """Upgrade to the newest schema (or `revision`, for tests of old data). A SQLite file that
    already holds data is backed up first; returns the backup's path (None: no backup needed)."""
    check_not_newer(db)
    if current_revision(db) == (head_revision() if revision == "head" else revision):
        return None
    backup = None
    path = db.sqlite_path
    if path is not None and backup_dir is not None and current_revision(db) is not None:
        backup = backup_sqlite(db, backup_dir, reason="before-upgrade")
        log.info("backed up the database before upgrading its schema")
    config = _config()
    with contextlib.suppress(AuditKeyUnavailable):
        # Lets schema 0004 seal where keyed audit events start; without it the first write does.
        config.attributes["audit_key"] = audit_key(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup
