"""Start-up stays light: what the app imports before its sign-in page is painted, and what opening
a clinic whose schema is current imports, leave out the libraries only some work needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vitalsdesk.clinic import open_clinic

# Loaded when used: Alembic to change a schema, ReportLab to print, the FHIR models to import.
LATER = ("alembic", "reportlab", "fhir")
PROBE = """
import json, sys
{work}
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})))
"""


def _top_level_modules(work: str, env: dict[str, str] | None = None) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(work=work)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def test_start_up_modules_import_no_database_printing_or_fhir_library() -> None:
    loaded = _top_level_modules(
        "import vitalsdesk.cli, vitalsdesk.app, vitalsdesk.gui.application, vitalsdesk.startup"
    )
    assert "PySide6" in loaded  # the probe did import the GUI
    # Before the sign-in page is painted: no database layer at all (it loads on the worker).
    assert not loaded & {*LATER, "sqlalchemy", "pydantic"}


def test_opening_a_current_clinic_loads_no_alembic(tmp_path: Path) -> None:
    open_clinic(tmp_path).close()  # made and migrated here: its schema is current
    loaded = _top_level_modules(
        "from pathlib import Path\nfrom vitalsdesk.clinic import open_clinic\n"
        f"open_clinic(Path({str(tmp_path)!r})).close()"
    )
    assert "sqlalchemy" in loaded  # the probe did open the clinic
    assert not loaded & set(LATER)
