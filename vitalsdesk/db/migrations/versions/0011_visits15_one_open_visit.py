"""one open visit per patient: a partial unique index on visit (patient_id) WHERE ended_at IS NULL

Two PCs that opened or saved for the same patient at the same moment could each find no open visit
and each start one, so the sets of one rooming were split over two visits (two Encounters in an
export). The index makes the second start fail; VitalsDesk then joins the first one.

A database may already hold such pairs. Before the index is made, each patient's open visits but
the newest are ended where the next one started, with end_reason "new_visit": what ending them
there would have recorded. Their sets stay where they are; ended_by_id stays empty (nobody ended
them at the time). The database is backed up before this runs (vitalsdesk.db.migrate). A downgrade
drops the index and leaves those visits ended.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from alembic import op

revision = "0011"
# Chained after this branch's head so the branch migrates; the lead re-chains it at merge.
down_revision = "0010"
branch_labels = None
depends_on = None

INDEX = "uq_visit_open_patient_id"
OPEN = "ended_at IS NULL"
NEW_VISIT = "new_visit"  # written out, not imported: a migration keeps meaning what it meant

_visit = sa.table(
    "visit",
    sa.column("id", sa.Integer),
    sa.column("patient_id", sa.Integer),
    sa.column("started_at"),  # untyped: only compared and copied inside the database
    sa.column("ended_at"),
    sa.column("end_reason", sa.String),
)


def _end_all_open_but_the_newest(bind: sa.Connection) -> None:
    """Each older open visit ends at the start of the open visit that came after it (the same
    order as the app's: started_at, then id)."""
    rows = bind.execute(
        sa.select(_visit.c.id, _visit.c.patient_id)
        .where(_visit.c.ended_at.is_(None))
        .order_by(_visit.c.patient_id, _visit.c.started_at, _visit.c.id)
    ).all()
    ends: list[dict[str, int]] = [
        {"old": older.id, "next": newer.id}
        for older, newer in itertools.pairwise(rows)
        if older.patient_id == newer.patient_id
    ]
    if not ends:
        return
    later = _visit.alias("later")
    next_start = (
        sa.select(later.c.started_at).where(later.c.id == sa.bindparam("next")).scalar_subquery()
    )
    bind.execute(
        _visit.update()
        .where(_visit.c.id == sa.bindparam("old"))
        .values(ended_at=next_start, end_reason=NEW_VISIT),
        ends,
    )


def upgrade() -> None:
    _end_all_open_but_the_newest(op.get_bind())
    op.create_index(
        INDEX,
        "visit",
        ["patient_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="visit")
