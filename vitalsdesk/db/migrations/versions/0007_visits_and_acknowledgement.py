"""visits are written, and a clinician acknowledges each critical set

visit gains uid (the FHIR Encounter's identifier), ended_at, ended_by_id and end_reason; a visit
with no ended_at is open (until its time limit, vitalsdesk/visit_rules.py). vital_sign_set gains
acknowledged_at and acknowledged_by_id: the clinician who opened a set saved with "clinician told"
and acknowledged it. No visit row was ever written before this revision, so there is nothing to
fill in; sets saved before it belong to no visit.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end_reason", sa.String(length=16), nullable=True))
        batch.create_unique_constraint("uq_visit_uid", ["uid"])
        batch.create_foreign_key(
            "fk_visit_ended_by_id_staff_user", "staff_user", ["ended_by_id"], ["id"]
        )
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_vital_sign_set_acknowledged_by_id_staff_user",
            "staff_user",
            ["acknowledged_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("vital_sign_set") as batch:
        batch.drop_constraint("fk_vital_sign_set_acknowledged_by_id_staff_user", type_="foreignkey")
        batch.drop_column("acknowledged_by_id")
        batch.drop_column("acknowledged_at")
    with op.batch_alter_table("visit") as batch:
        batch.drop_constraint("fk_visit_ended_by_id_staff_user", type_="foreignkey")
        batch.drop_constraint("uq_visit_uid", type_="unique")
        batch.drop_column("end_reason")
        batch.drop_column("ended_by_id")
        batch.drop_column("ended_at")
        batch.drop_column("uid")
