"""devices of the exam room and the readings they sent (provenance of device values)

device: what an administrator paired and named, with the Device Information strings.
device_reading: each payload as it came (hex), the device's own time, and what became of it
(waiting in the unassigned list, in an open form, saved in a set, discarded).
measurement.device_reading_id: the reading a stored value came from, unchanged.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=True),
        sa.Column("serial", sa.String(length=120), nullable=True),
        sa.Column("manufacturer", sa.String(length=120), nullable=True),
        sa.Column("address", sa.String(length=120), nullable=False),
        sa.Column("transport", sa.String(length=16), nullable=False),
        sa.Column("characteristics", sa.String(length=40), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["staff_user.id"], name="fk_device_added_by_id_staff_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_device"),
        sa.UniqueConstraint("uid", name="uq_device_uid"),
        sa.UniqueConstraint("address", name="uq_device_address"),
    )
    op.create_table(
        "device_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=8), nullable=False),
        sa.Column("payload_hex", sa.Text(), nullable=False),
        sa.Column("device_time", sa.String(length=32), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("waiting_reason", sa.String(length=80), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name="fk_device_reading_device_id_device"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name="fk_device_reading_patient_id_patient"
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["vital_sign_set.id"], name="fk_device_reading_set_id_vital_sign_set"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["staff_user.id"],
            name="fk_device_reading_decided_by_id_staff_user",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_device_reading"),
    )
    op.create_index("ix_device_reading_device_id", "device_reading", ["device_id"])
    op.create_index("ix_device_reading_status", "device_reading", ["status"])
    op.create_index("ix_device_reading_patient_id", "device_reading", ["patient_id"])
    with op.batch_alter_table("measurement") as batch:
        batch.add_column(sa.Column("device_reading_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_measurement_device_reading_id_device_reading",
            "device_reading",
            ["device_reading_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("measurement") as batch:
        batch.drop_constraint("fk_measurement_device_reading_id_device_reading", type_="foreignkey")
        batch.drop_column("device_reading_id")
    op.drop_index("ix_device_reading_patient_id", table_name="device_reading")
    op.drop_index("ix_device_reading_status", table_name="device_reading")
    op.drop_index("ix_device_reading_device_id", table_name="device_reading")
    op.drop_table("device_reading")
    op.drop_table("device")
