"""hl7_outbox: the HL7 v2 messages queued for the clinic's EHR interface

One row per message, queued in the transaction of the change it reports (a set saved, amended
or marked entered-in-error). control_id is MSH-10: unique, and kept for every resend.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hl7_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("control_id", sa.String(length=20), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("set_version", sa.Integer(), nullable=False),
        sa.Column("result_status", sa.String(length=1), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("ack_code", sa.String(length=2), nullable=True),
        sa.Column("ack_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name="fk_hl7_outbox_patient_id_patient"
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["vital_sign_set.id"], name="fk_hl7_outbox_set_id_vital_sign_set"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hl7_outbox"),
        sa.UniqueConstraint("control_id", name="uq_hl7_outbox_control_id"),
    )
    op.create_index("ix_hl7_outbox_patient_id", "hl7_outbox", ["patient_id"])
    op.create_index("ix_hl7_outbox_set_id", "hl7_outbox", ["set_id"])
    op.create_index("ix_hl7_outbox_status", "hl7_outbox", ["status"])


def downgrade() -> None:
    op.drop_index("ix_hl7_outbox_status", table_name="hl7_outbox")
    op.drop_index("ix_hl7_outbox_set_id", table_name="hl7_outbox")
    op.drop_index("ix_hl7_outbox_patient_id", table_name="hl7_outbox")
    op.drop_table("hl7_outbox")
