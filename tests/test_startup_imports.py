"""Start-up stays light: what the app imports before its sign-in page is painted, and what opening
a clinic whose schema is current imports, leave out the libraries only some work needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from vitalsdesk import cli
from vitalsdesk.clinic import open_clinic

# Loaded when used: Alembic to change a schema, ReportLab to print, the FHIR models to import,
# hl7apy for an EHR interface, bleak for Bluetooth devices, tqdm and ijson for the commands' long
# exports and imports.
LATER = ("alembic", "reportlab", "fhir", "hl7apy", "bleak", "tqdm", "ijson")
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


def test_the_app_opens_the_clinic_without_its_range_table_and_visit_rules(tmp_path: Path) -> None:
    """As the app opens it (tables_later): what signing in needs, not the range table and the
    visit rules, nor the clinical modules behind them (read just behind the sign-in page)."""
    open_clinic(tmp_path).close()
    probe = (
        "from pathlib import Path\nfrom vitalsdesk.startup import open_clinic_for_gui\n"
        f"clinic, _ = open_clinic_for_gui(Path({str(tmp_path)!r}), tables_later=True)\n"
        "assert clinic.accounts.has_users() is False\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('vitalsdesk.'))))\n"
        "clinic.close()"
    )
    run = subprocess.run(
        [sys.executable, "-c", "import json, sys\n" + probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    ours = set(json.loads(run.stdout.strip().splitlines()[-1]))
    assert "vitalsdesk.services.accounts" in ours
    assert not ours & {
        "vitalsdesk.reference_ranges",
        "vitalsdesk.visit_rules",
        "vitalsdesk.clinical.ranges",
        "vitalsdesk.clinical.measurements",
    }


def _start_with_one_account(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    """`script` run offscreen in a fresh Python on a clinic in `folder` with one account."""
    clinic = open_clinic(folder)
    try:
        clinic.accounts.add_user("probe", "probe-password-1", "admin", "Probe Admin")
    finally:
        clinic.close()
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "VITALSDESK_DATA_DIR": str(folder)},
        timeout=60,
    )


APP_START = """
import json, sys
import vitalsdesk.cli
from vitalsdesk.app import launch_gui

def ready(stage, window):
    if stage == "clinic":
        print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
        print(json.dumps(sorted(name for name in sys.modules if name.startswith("vitalsdesk."))))
        window.close()

sys.exit(launch_gui(["-platform", "offscreen"], on_ready=ready))
"""


def test_the_app_paints_its_sign_in_page_and_opens_the_clinic_without_them(tmp_path: Path) -> None:
    """The real start, to the moment the clinic's records are open behind the sign-in page."""
    run = _start_with_one_account(tmp_path, APP_START)
    top, ours = (set(json.loads(line)) for line in run.stdout.strip().splitlines()[-2:])
    assert {"PySide6", "sqlalchemy"} <= top  # the window is up and the records are open
    assert not top & set(LATER)
    # Nor the services the sign-in page does not use: built when first used.
    assert "vitalsdesk.services.accounts" in ours
    assert not ours & {
        "vitalsdesk.services.vitals",
        "vitalsdesk.services.handouts",
        "vitalsdesk.services.exchange",
        "vitalsdesk.services.outbox",
        "vitalsdesk.services.devices",
    }
    # Signing in needs the staff accounts' models only: not the sets' models and the clinical
    # checks behind them (about 20 ms of CPU), nor the restore of a backup (the file opened),
    # nor the HL7 outbox's window (this clinic has no EHR interface).
    assert not ours & {
        "vitalsdesk.services.schemas",
        "vitalsdesk.services.set_store",
        "vitalsdesk.clinical.assessment",
        "vitalsdesk.clinical.growth",
        "vitalsdesk.clinical.news2",
        "vitalsdesk.db.restore",
        "vitalsdesk.gui.outbox_controller",
    }


def test_each_service_is_built_once_when_first_used_or_by_the_warm_up(tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path)
    try:
        assert not any(clinic.built(name) for name in clinic.factories)
        with ThreadPoolExecutor(4) as pool:  # the GUI thread and the warm-up at once
            handed = list(pool.map(lambda _: clinic.handouts, range(8)))
        assert all(service is handed[0] for service in handed)
        # The handouts are made with the vitals service, which is made with the growth tables.
        assert handed[0].vitals is clinic.vitals
        assert clinic.vitals.growth_tables is clinic.growth_tables
        assert not clinic.built("exchange")
        clinic.warm_up()
        assert all(clinic.built(name) for name in clinic.factories)
    finally:
        clinic.close()


GUI_START = """
import gc, json, logging, sys
from vitalsdesk.cli import start_gui

seen = {}

def ready(stage, window):
    seen[stage + "_collector"] = [gc.isenabled(), gc.get_freeze_count() > 0]
    if stage == "clinic":  # which modules PySide6's import hook read the source of, to no end
        from PySide6.support.feature import pyside_feature_dict
        seen["read_by_pyside"] = sorted(pyside_feature_dict)
    if stage == "shown":  # the sign-in page is painted
        seen["painted"] = sorted(sys.modules)
        seen["page"] = type(window.current_page()).__name__
    else:
        seen["log_files"] = [
            getattr(h, "baseFilename", "") for h in logging.getLogger().handlers
        ]
        seen["hook"] = sys.excepthook.__name__
        window.close()

code = start_gui(["-platform", "offscreen"], on_ready=ready)
seen["hook_after"] = sys.excepthook.__name__
seen["collector_after"] = [gc.isenabled(), gc.get_freeze_count() > 0]
print(json.dumps(seen))
sys.exit(code)
"""

# Not needed to paint the sign-in page: the command modules (argparse subcommands), the
# single-instance socket (it listens just after the paint; the lock is taken before), and the
# logging modules (the log file is set up just after the paint); nor the compiled forms and
# gui/widgets, which name Qt's `Qt` namespace (about 20 ms of CPU to build its enums): the first
# window is built light, by hand, and finished just after the paint; nor dataclasses and
# importlib.resources (about 8 ms: vitalsdesk.paths finds its resources folder without them).
NOT_BEFORE_THE_PAINT = (
    "dataclasses",
    "importlib.resources",
    "vitalsdesk.gui.forms.ui_main_window",
    "vitalsdesk.gui.forms.ui_sign_in",
    "vitalsdesk.gui.widgets",
    "vitalsdesk.gui.shortened_label",
    "vitalsdesk.cli.common",
    "vitalsdesk.cli.patients",
    "vitalsdesk.cli.records",
    "vitalsdesk.cli.users",
    "vitalsdesk.cli.db",
    "vitalsdesk.errors",
    "PySide6.QtNetwork",
    "vitalsdesk.logs",
    "logging.handlers",
    "platformdirs",
)


def test_the_command_paints_the_sign_in_page_before_its_commands_socket_and_log(
    tmp_path: Path,
) -> None:
    """`vitalsdesk` with no command: what is loaded when the sign-in page is painted, and that
    the log file and the crash handler are in place once the records are open."""
    run = _start_with_one_account(tmp_path, GUI_START)
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["page"] == "SignInView"
    painted = set(seen["painted"])
    assert "vitalsdesk.gui.single_instance" in painted  # the lock was claimed before the paint
    assert not painted & set(NOT_BEFORE_THE_PAINT)
    assert str(tmp_path / "logs" / "vitalsdesk.log") in seen["log_files"]
    assert seen["hook"] == "_report_bug"  # the app's own, while its window runs
    assert seen["hook_after"] == "_crash_hook"
    # The cycle collector: off from before Qt is imported until the records are open, then on
    # with what the start made frozen (vitalsdesk.gui.collector); all as it was at the end.
    assert seen["shown_collector"] == [False, False]
    assert seen["clinic_collector"] == [True, True]
    assert seen["collector_after"] == [True, False]
    # Nor PySide6's import hook, which read the whole source of every module imported after Qt
    # (vitalsdesk.gui.lean_start): of the window's, the database's, the services' modules, none.
    read = seen["read_by_pyside"]
    assert not [name for name in read if name.split(".")[0] in ("vitalsdesk", "sqlalchemy")]


def test_a_crash_before_the_log_is_set_up_still_leaves_its_scrubbed_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VITALSDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "excepthook", cli._crash_hook)
    try:
        raise ValueError("MRN 123456 rejected")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    (report,) = (tmp_path / "logs").glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text
    assert "123456" not in text
    assert "unexpected error (ValueError)" in capsys.readouterr().err
