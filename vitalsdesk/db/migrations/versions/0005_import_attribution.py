"""imported sets: the import actor records them; the source's words are kept beside the set

vital_sign_set gains source_performer, source_error_marked_by and source_clinician_notified (what
the source system said: text, never an account here) and bmi_confirm_reason.

Sets an older VitalsDesk imported named an account as their recorder: an inactive placeholder
made from the file (no password), or a local account whose user name matched the file's. Both move
to the clinic's import actor (role "import": it cannot sign in and passes no role check), with the
account's name kept as the performer text; an imported "clinician notified" becomes what the
source reported. Placeholders that nothing points to any more are removed. Imported sets are the
ones the audit log says an import added (vitals_imported), plus any a placeholder recorded.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration keeps meaning what it meant when it was written.
IMPORT_ROLE = "import"
IMPORT_USERNAME = "import"
IMPORT_DISPLAY_NAME = "Imported record"
TEXT_LENGTH = 200

_staff = sa.table(
    "staff_user",
    sa.column("id", sa.Integer),
    sa.column("username", sa.String),
    sa.column("display_name", sa.String),
    sa.column("role", sa.String),
    sa.column("password_hash", sa.String),
    sa.column("active", sa.Boolean),
    sa.column("failed_sign_ins", sa.Integer),
    sa.column("preferences", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer),
)
_sets = sa.table(
    "vital_sign_set",
    sa.column("id", sa.Integer),
    sa.column("recorded_by_id", sa.Integer),
    sa.column("error_marked_by_id", sa.Integer),
    sa.column("clinician_notified", sa.Boolean),
    sa.column("source_performer", sa.String),
    sa.column("source_error_marked_by", sa.String),
    sa.column("source_clinician_notified", sa.Boolean),
)
_events = sa.table(
    "audit_event",
    sa.column("user_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("detail", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.add_column(sa.Column("bmi_confirm_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("source_performer", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("source_error_marked_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("source_clinician_notified", sa.Boolean(), nullable=True))
    _reattribute(op.get_bind())


def downgrade() -> None:
    # The sets stay with the import actor: which account an older import had picked is not kept.
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.drop_column("source_clinician_notified")
        batch.drop_column("source_error_marked_by")
        batch.drop_column("source_performer")
        batch.drop_column("bmi_confirm_reason")


def person_text(display_name: str, username: str) -> str:
    """How a person is named beside a set: "Ana Source (ma.src)", or the one name there is."""
    name, ident = " ".join(display_name.split()), username.strip()
    text = f"{name} ({ident})" if name and ident and name != ident else name or ident
    return text[:TEXT_LENGTH]


def _reattribute(connection: sa.Connection) -> None:
    staff = {row.id: row for row in connection.execute(sa.select(_staff))}
    placeholders = {
        row.id
        for row in staff.values()
        if row.role == "assistant" and row.password_hash is None and not row.active
    }
    imported, voided_by_import = _imported_sets(connection)
    rows = connection.execute(
        sa.select(
            _sets.c.id,
            _sets.c.recorded_by_id,
            _sets.c.error_marked_by_id,
            _sets.c.clinician_notified,
        )
    ).all()
    changes: dict[int, dict[str, Any]] = {}
    for row in rows:
        change: dict[str, Any] = {}
        if row.id in imported or row.recorded_by_id in placeholders:
            who = staff[row.recorded_by_id]
            change["source_performer"] = person_text(who.display_name, who.username)
            change["source_clinician_notified"] = bool(row.clinician_notified)
            change["clinician_notified"] = False
        marker = row.error_marked_by_id
        if marker is not None and (row.id in voided_by_import or marker in placeholders):
            who = staff[marker]
            change["source_error_marked_by"] = person_text(who.display_name, who.username)
        if change:
            changes[row.id] = change
    if not changes:
        return
    actor = _import_actor(connection, staff.values())
    for set_id, change in changes.items():
        if "source_performer" in change:
            change["recorded_by_id"] = actor
        if "source_error_marked_by" in change:
            change["error_marked_by_id"] = actor
        connection.execute(_sets.update().where(_sets.c.id == set_id).values(**change))
    _remove_unused(connection, placeholders)


def _imported_sets(connection: sa.Connection) -> tuple[set[int], set[int]]:
    """(sets an import added, sets whose entered-in-error marking came with an import)."""
    imported: set[int] = set()
    voided: set[int] = set()
    query = sa.select(_events.c.action, _events.c.entity_id, _events.c.detail).where(
        _events.c.entity == "vital_sign_set",
        _events.c.action.in_(("vitals_imported", "vitals_entered_in_error")),
    )
    for action, entity_id, detail in connection.execute(query):
        if entity_id is None:
            continue
        detail = detail if isinstance(detail, dict) else {}
        if action == "vitals_imported":
            imported.add(int(entity_id))
            if detail.get("status") == "entered-in-error":
                voided.add(int(entity_id))
        elif detail.get("via") == "import":
            voided.add(int(entity_id))
    return imported, voided


def _import_actor(connection: sa.Connection, staff: Iterable[Any]) -> int:
    existing = [row for row in staff if row.role == IMPORT_ROLE]
    if existing:
        return int(existing[0].id)
    taken = {row.username for row in staff}
    name, n = IMPORT_USERNAME, 1
    while name in taken:
        n += 1
        name = f"{IMPORT_USERNAME}-{n}"
    now = datetime.now(UTC)
    if connection.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as UTC without a zone, like every time there
    connection.execute(
        _staff.insert().values(
            username=name,
            display_name=IMPORT_DISPLAY_NAME,
            role=IMPORT_ROLE,
            password_hash=None,
            active=False,
            failed_sign_ins=0,
            preferences={},
            created_at=now,
            version=1,
        )
    )
    found = connection.scalar(sa.select(_staff.c.id).where(_staff.c.username == name))
    assert found is not None, name  # inserted just above
    return int(found)


def _remove_unused(connection: sa.Connection, placeholders: set[int]) -> None:
    if not placeholders:
        return
    references = [
        ("vital_sign_set", "recorded_by_id"),
        ("vital_sign_set", "error_marked_by_id"),
        ("audit_event", "user_id"),
        ("visit", "started_by_id"),
        ("handout_print", "printed_by_id"),
        ("draft", "user_id"),
    ]
    used: set[int] = set()
    for table, column in references:
        col = sa.column(column, sa.Integer)
        query = sa.select(col).select_from(sa.table(table, col)).where(col.in_(placeholders))
        used.update(int(x) for x in connection.scalars(query) if x is not None)
    unused = placeholders - used
    if unused:
        connection.execute(_staff.delete().where(_staff.c.id.in_(sorted(unused))))
