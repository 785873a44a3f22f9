"""guided blood pressure: each reading of a set's BP is kept with its time and position

(and its pulse, which an orthostatic set takes with each reading)

New table bp_reading. The set's systolic_bp and diastolic_bp measurements stay as they are and hold
the average of the readings; a set saved before this revision has no readings, so nothing is filled.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
# Chained after this branch's head so the branch migrates; the lead re-chains it at merge.
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bp_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position_in_set", sa.Integer(), nullable=False),
        sa.Column("systolic_text", sa.String(length=16), nullable=False),
        sa.Column("diastolic_text", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_at_utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("body_position", sa.String(length=16), nullable=False),
        sa.Column("heart_rate_text", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["set_id"], ["vital_sign_set.id"], name="fk_bp_reading_set_id_vital_sign_set"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bp_reading"),
    )
    op.create_index("ix_bp_reading_set_id", "bp_reading", ["set_id"])


def downgrade() -> None:
    op.drop_index("ix_bp_reading_set_id", table_name="bp_reading")
    op.drop_table("bp_reading")
