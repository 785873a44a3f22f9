"""lean storage: a measurement no longer stores its flag words, which its interpretation gives

Every measurement row kept the neutral flag words the MA was shown ("Above the reference range -
tell the clinician"), about 30 to 60 characters a value, six values a set. The words follow from
the interpretation alone (every range table has used the same words), so they are made for
display instead. Nothing is lost: a row whose stored words are not the ones its interpretation
gives (none that VitalsDesk wrote) keeps them in flag_message_kept, null for every other row.

The database is backed up before this runs (vitalsdesk.db.migrate).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration keeps meaning what it meant when it was written.
FLAG_TEXT: dict[str | None, str] = {
    "N": "Within the reference range",
    "L": "Below the reference range — tell the clinician",
    "H": "Above the reference range — tell the clinician",
    "LL": "Far below the reference range — tell the clinician now",
    "HH": "Far above the reference range — tell the clinician now",
    None: "No reference range for this measurement",
}

_measurement = sa.table(
    "measurement",
    sa.column("interpretation", sa.String),
    sa.column("flag_message", sa.String),
    sa.column("flag_message_kept", sa.String),
)


def _derived() -> sa.ColumnElement[str]:
    """The words the interpretation gives, in SQL (null for an interpretation no table has)."""
    column = _measurement.c.interpretation
    whens: list[tuple[sa.ColumnElement[bool], sa.ColumnElement[str]]] = [
        (column.is_(None), sa.literal(FLAG_TEXT[None]))
    ]
    whens += [(column == code, sa.literal(words)) for code, words in FLAG_TEXT.items() if code]
    return sa.case(*whens, else_=sa.null())


def upgrade() -> None:
    with op.batch_alter_table("measurement") as batch:
        batch.add_column(sa.Column("flag_message_kept", sa.String(length=200), nullable=True))
    derived = _derived()
    op.get_bind().execute(
        _measurement.update()
        .where(sa.or_(derived.is_(None), _measurement.c.flag_message != derived))
        .values(flag_message_kept=_measurement.c.flag_message)
    )
    with op.batch_alter_table("measurement") as batch:
        batch.drop_column("flag_message")


def downgrade() -> None:
    with op.batch_alter_table("measurement") as batch:
        batch.add_column(sa.Column("flag_message", sa.String(length=200), nullable=True))
    op.get_bind().execute(
        _measurement.update().values(
            flag_message=sa.func.coalesce(_measurement.c.flag_message_kept, _derived(), "")
        )
    )
    with op.batch_alter_table("measurement") as batch:
        batch.alter_column("flag_message", existing_type=sa.String(length=200), nullable=False)
        batch.drop_column("flag_message_kept")
