"""audit chain keyed with HMAC from a recorded seq on (audit_chain_head.keyed_from, key_check)

Events already written keep their SHA-256 hashes and still verify; every event from keyed_from on
is an HMAC under the clinic's audit key (vitalsdesk.db.audit_chain).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from vitalsdesk.db.audit_chain import key_check

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.add_column(sa.Column("keyed_from", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("key_check", sa.String(length=64), nullable=True))
    head = sa.table(
        "audit_chain_head",
        sa.column("id"),
        sa.column("seq"),
        sa.column("keyed_from"),
        sa.column("key_check"),
    )
    connection = op.get_bind()
    row = connection.execute(sa.select(head.c.seq).where(head.c.id == 1)).first()
    if row is not None:
        keyed_from = int(row[0]) + 1
        # The key, when the migration is handed one (vitalsdesk.db.migrate), seals the boundary
        # at once; otherwise the first keyed write does.
        key = context.config.attributes.get("audit_key")
        connection.execute(
            head.update()
            .where(head.c.id == 1)
            .values(
                keyed_from=keyed_from,
                key_check=key_check(key, keyed_from) if key is not None else None,
            )
        )
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.alter_column("keyed_from", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch:
        batch.drop_column("key_check")
        batch.drop_column("keyed_from")
