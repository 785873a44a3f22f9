"""initial schema: staff, patients, visits, vital-sign sets, measurements, prints, drafts, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-27 07:35:27.969537

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mrn", sa.String(length=40), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column(
            "family_key",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "given_key",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=False),
        sa.Column("preferred_language", sa.String(length=8), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient")),
        sa.UniqueConstraint("mrn", name=op.f("uq_patient_mrn")),
    )
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_birth_date"), ["birth_date"], unique=False)
        batch_op.create_index(
            "ix_patient_family_key_given_key", ["family_key", "given_key"], unique=False
        )
        batch_op.create_index("ix_patient_given_key", ["given_key"], unique=False)

    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("preferences", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_user_username")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_audit_event_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_audit_event_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_draft_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_draft_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index("uq_draft_user_id_patient_id", ["user_id", "patient_id"], unique=True)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_visit_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["staff_user.id"], name=op.f("fk_visit_started_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "vital_sign_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_at_utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("amend_reason", sa.Text(), nullable=True),
        sa.Column("error_reason", sa.Text(), nullable=True),
        sa.Column("error_marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_marked_by_id", sa.Integer(), nullable=True),
        sa.Column("clinician_notified", sa.Boolean(), nullable=False),
        sa.Column("reference_ranges_version", sa.String(length=80), nullable=False),
        sa.Column("bmi_value", sa.String(length=16), nullable=True),
        sa.Column("bmi_category", sa.String(length=32), nullable=True),
        sa.Column("bp_category", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["error_marked_by_id"],
            ["staff_user.id"],
            name=op.f("fk_vital_sign_set_error_marked_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_vital_sign_set_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff_user.id"],
            name=op.f("fk_vital_sign_set_recorded_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["vital_sign_set.id"],
            name=op.f("fk_vital_sign_set_replaces_id_vital_sign_set"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_vital_sign_set_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vital_sign_set")),
        sa.UniqueConstraint("replaces_id", name=op.f("uq_vital_sign_set_replaces_id")),
    )
    with op.batch_alter_table("vital_sign_set", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vital_sign_set_patient_id_taken_at", ["patient_id", "taken_at"], unique=False
        )

    op.create_table(
        "handout_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("template_version", sa.String(length=32), nullable=False),
        sa.Column("output", sa.String(length=16), nullable=False),
        sa.Column("printed_by_id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_handout_print_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["printed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_handout_print_printed_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["vital_sign_set.id"], name=op.f("fk_handout_print_set_id_vital_sign_set")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout_print")),
    )
    with op.batch_alter_table("handout_print", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handout_print_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("position_in_set", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("value_text", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("canonical_text", sa.String(length=40), nullable=False),
        sa.Column("canonical_unit", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=True),
        sa.Column("position", sa.String(length=16), nullable=True),
        sa.Column("arm", sa.String(length=8), nullable=True),
        sa.Column("cuff_size", sa.String(length=16), nullable=True),
        sa.Column("on_supplemental_oxygen", sa.Boolean(), nullable=True),
        sa.Column("oxygen_flow_text", sa.String(length=16), nullable=True),
        sa.Column("interpretation", sa.String(length=4), nullable=True),
        sa.Column("flag_message", sa.String(length=200), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("confirm_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["set_id"], ["vital_sign_set.id"], name=op.f("fk_measurement_set_id_vital_sign_set")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement")),
    )
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measurement_set_id"), ["set_id"], unique=False)

    _audit_append_only()


# The audit log is append-only: the database itself refuses to change or remove an event.
def _audit_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurement_set_id"))

    op.drop_table("measurement")
    with op.batch_alter_table("handout_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handout_print_patient_id"))

    op.drop_table("handout_print")
    with op.batch_alter_table("vital_sign_set", schema=None) as batch_op:
        batch_op.drop_index("ix_vital_sign_set_patient_id_taken_at")

    op.drop_table("vital_sign_set")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_patient_id"))

    op.drop_table("visit")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index("uq_draft_user_id_patient_id")

    op.drop_table("draft")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_patient_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))

    op.drop_table("audit_event")
    op.drop_table("staff_user")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index("ix_patient_given_key")
        batch_op.drop_index("ix_patient_family_key_given_key")
        batch_op.drop_index(batch_op.f("ix_patient_birth_date"))

    op.drop_table("patient")
