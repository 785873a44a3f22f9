"""vital_sign_set.uid: a stable identifier so sets merge across PCs without duplicates

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
    connection = op.get_bind()
    sets = sa.table("vital_sign_set", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    for (set_id,) in connection.execute(sa.select(sets.c.id)).all():
        connection.execute(sets.update().where(sets.c.id == set_id).values(uid=str(uuid.uuid4())))
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
        batch.create_unique_constraint("uq_vital_sign_set_uid", ["uid"])


def downgrade() -> None:
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.drop_constraint("uq_vital_sign_set_uid", type_="unique")
        batch.drop_column("uid")
