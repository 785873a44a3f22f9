"""The schema version is read without Alembic at start-up: the same revisions Alembic reads."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from vitalsdesk.db import migrate


def test_revisions_read_from_the_files_are_alembics() -> None:
    script = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == script.get_current_head()
    expected = {s.revision: tuple(s._normalized_down_revisions) for s in script.walk_revisions()}
    assert migrate.known_revisions() == expected
