"""Alembic environment: run by vitalsdesk.db.migrate with a connection it already opened."""

from __future__ import annotations

from alembic import context

from vitalsdesk.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand against a URL
    from vitalsdesk.db.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
