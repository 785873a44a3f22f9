"""Composition root: works out paths and data, then hands over to the GUI.

Importing this module must stay cheap (no Qt, no ORM): the CLI imports it for every start.
Qt is imported only inside launch_gui, through vitalsdesk.gui (the only package that imports it).
The clinic (settings, database, range table, services) is opened by
vitalsdesk.startup.open_clinic_for_gui, handed to the GUI as a function that it calls right after
the first window is painted; what opening may ask the person at the PC goes through
StartupQuestions (vitalsdesk.services.clinic_services), which the GUI implements.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from vitalsdesk.paths import APP_NAME, resource

NO_DISPLAY_MESSAGE = (
    "VitalsDesk needs a desktop session: no display found (DISPLAY/WAYLAND_DISPLAY unset). "
    "Run it from a desktop session, or headless with: xvfb-run -a vitalsdesk"
)


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    argv: list[str] | None = None,
) -> str | None:
    """Why Qt could not open a window here, or None.

    Without a display Qt's xcb plugin aborts the process (SIGABRT, exit 134) with a message an MA
    cannot act on, so we look first. An explicit platform (QT_QPA_PLATFORM, or Qt's own -platform
    option) is the user's choice and is left to Qt.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    if environ.get("QT_QPA_PLATFORM") or "-platform" in (argv or []):
        return None
    return NO_DISPLAY_MESSAGE


def load_stylesheet() -> str:
    return resource("style.qss").read_text(encoding="utf-8")


def reference_ranges_version() -> str:
    """The label of the table in force (the clinic's copy, else the shipped one).

    Raises RangeTableError (a ValueError naming the file) when that table cannot be used.
    """
    from vitalsdesk.reference_ranges import load_reference_ranges

    return load_reference_ranges().version_label


def _instance_folder(data_dir: Path | None) -> Path:
    """The data folder that scopes "one VitalsDesk per OS account" (vitalsdesk.gui.single_instance).
    A machine-wide settings file that cannot be read is reported once the window is up (opening
    the clinic says why); until then the account's own folder stands in."""
    from vitalsdesk.paths import data_dir as default_data_dir

    if data_dir is not None:
        return data_dir.resolve()
    try:
        return default_data_dir().resolve()
    except (ValueError, OSError):  # SettingsError is a ValueError (not imported: start-up cost)
        return Path.home()


def launch_gui(
    argv: list[str],
    *,
    on_ready: Callable[[str, Any], None] | None = None,
    data_dir: Path | None = None,
) -> int:
    """Open the main window and run until it closes; returns the process exit status.

    argv: the arguments after the program name (Qt's own options such as -platform work).
    on_ready: told "shown" when the first window is painted and "clinic" when the records are
    open (used by bench/bench_gui.py).
    """
    problem = display_problem(argv=argv)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1

    # Before the window's modules are imported: the start's needless costs are left out.
    from vitalsdesk.gui.lean_start import LeanStart

    lean = LeanStart()
    try:
        from vitalsdesk.gui import application
        from vitalsdesk.startup import open_clinic_for_gui

        return application.run(
            [APP_NAME.lower(), *argv],
            stylesheet=load_stylesheet(),
            open_clinic=application.AskingOpener(
                lambda questions: open_clinic_for_gui(data_dir, questions, tables_later=True)
            ),
            on_ready=on_ready,
            single_instance=str(_instance_folder(data_dir)),
            lean=lean,
        )
    finally:
        lean.end()
