"""Composition root: works out paths and data, then hands over to the GUI.

Importing this module must stay cheap (no Qt, no ORM): the CLI imports it for every start.
Qt is imported only inside launch_gui, through vitalsdesk.gui (the only package that imports it).
The clinic (settings, database, range table, services) is opened by `open_clinic_for_gui`, which
the GUI calls right after the first window is painted. What that may have to ask the person at the
PC (the clinic's database passphrase where there is no keyring, whether to put the latest backup
back over a damaged database file) goes through StartupQuestions, which the GUI answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vitalsdesk.paths import APP_NAME, resource

if TYPE_CHECKING:
    from datetime import datetime

    from vitalsdesk.bootstrap import Clinic
    from vitalsdesk.db.restore import Backup

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


class StartupQuestions(Protocol):
    """What opening the clinic may ask the person at the PC. The GUI answers on its own thread,
    whichever thread asks (the clinic is opened on a worker thread)."""

    def ask_passphrase(self, new: bool, problem: str | None) -> str | None:
        """The clinic's database passphrase (new: choose one, typed twice); None: cancelled.
        problem: why it is asked again (the last one did not open the records)."""
        ...

    def offer_backup(self, problem: str, taken_at: datetime) -> bool:
        """The database file is damaged: put back the latest backup, taken at taken_at?"""
        ...

    def backup_restored(self, taken_at: datetime, damaged_kept_as: Path | None) -> None:
        """The backup is back in place: say what that means and where the damaged file is."""
        ...


MAX_PASSPHRASE_TRIES = 5
NO_PASSPHRASE = (
    "The clinic's records stay closed: the passphrase was not typed. Start VitalsDesk again to "
    "type it."
)
NO_NEW_PASSPHRASE = (
    "No passphrase was chosen, so the clinic's records were not created. Start VitalsDesk "
    "again to choose one."
)
WRONG_PASSPHRASE = (
    "That passphrase does not open the clinic's records. Check it (is Caps Lock on?) and type "
    "it again: {left} {tries} left."
)
TOO_MANY_TRIES = (
    "The passphrase was typed {count} times and did not open the clinic's records, so they stay "
    "closed. Start VitalsDesk again to try once more. "
)


class _PassphraseAsker:
    """The ask_passphrase handed to open_clinic: asks through the questions, keeps the last
    passphrase typed (to check the backups with it) and counts the tries."""

    def __init__(self, questions: StartupQuestions) -> None:
        self.questions = questions
        self.typed: str | None = None  # the last passphrase typed for an existing clinic
        self.tries = 0
        self.asked = False  # during the current attempt to open
        self.cancelled: bool | None = None  # None: not cancelled; else whether it was a new one
        self.problem: str | None = None  # shown with the next question
        self.reuse = False  # the typed passphrase opened a backup: no need to ask again

    def __call__(self, new: bool) -> str | None:
        if self.reuse and not new and self.typed:
            return self.typed
        self.asked = True
        answer = self.questions.ask_passphrase(new, self.problem)
        self.problem = None
        if not answer:
            self.cancelled = new
            return None
        if not new:
            self.typed = answer
            self.tries += 1
        return answer


def _open_asking(data_dir: Path | None, questions: StartupQuestions) -> Clinic:
    """open_clinic, asking for the passphrase (again after a wrong one, up to
    MAX_PASSPHRASE_TRIES) and offering the latest backup when the database file is damaged."""
    from vitalsdesk.bootstrap import open_clinic
    from vitalsdesk.db import restore
    from vitalsdesk.db.encryption import KeyUnavailable
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.paths import data_dir as default_data_dir

    folder = data_dir if data_dir is not None else default_data_dir()
    asker = _PassphraseAsker(questions)
    restored: restore.Restored | None = None
    while True:
        asker.asked = False
        try:
            clinic = open_clinic(folder, ask_passphrase=asker)
        except DatabaseError as exc:
            if asker.cancelled is not None:
                raise DatabaseError(
                    NO_NEW_PASSPHRASE if asker.cancelled else NO_PASSPHRASE
                ) from None
            if restored is None and restore.looks_damaged(exc):
                # Offered only when a backup opens with the key in hand: so a damaged file is
                # told from a mistyped passphrase (which opens neither).
                plan = _restore_plan(folder, asker.typed)
                if plan is not None:
                    database, backup, key = plan
                    if not questions.offer_backup(str(exc), backup.taken_at):
                        raise
                    restored = restore.restore_backup(database, backup, key)
                    asker.reuse = True
                    continue
            mistyped = asker.asked and asker.typed is not None and isinstance(exc, KeyUnavailable)
            if mistyped and restore.looks_damaged(exc):
                if asker.tries >= MAX_PASSPHRASE_TRIES:
                    raise DatabaseError(
                        TOO_MANY_TRIES.format(count=asker.tries) + str(exc)
                    ) from None
                left = MAX_PASSPHRASE_TRIES - asker.tries
                asker.problem = WRONG_PASSPHRASE.format(
                    left=left, tries="try" if left == 1 else "tries"
                )
                continue
            raise
        if restored is not None:
            questions.backup_restored(restored.backup.taken_at, restored.damaged_kept_as)
        return clinic


def _restore_plan(folder: Path, passphrase: str | None) -> tuple[Path, Backup, bytes | None] | None:
    """(database file, newest usable backup, key) when a backup can replace the embedded
    database; None when there is none, or no key to check one with."""
    from vitalsdesk.bootstrap import database_url
    from vitalsdesk.db import encryption, restore
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.settings import load_settings

    settings = load_settings(folder)
    database = restore.sqlite_file(database_url(folder, settings))
    if database is None:
        return None  # a database server keeps its own backups
    key: bytes | None = None
    if settings.encrypt_database:
        try:
            key = encryption.stored_key(folder, (lambda new: passphrase) if passphrase else None)
        except DatabaseError:
            return None
        if key is None:
            return None
    backup = restore.latest_backup(folder / "backups", key)
    return (database, backup, key) if backup is not None else None


def open_clinic_for_gui(
    data_dir: Path | None = None, questions: StartupQuestions | None = None
) -> tuple[Clinic | None, str | None]:
    """The open clinic, or a message the MA or the administrator can act on (never a traceback).

    The environment's faults (damaged or newer database, bad settings.toml or range table, a data
    folder that cannot be written) become a message; anything else is our bug and propagates.
    With `questions`, the passphrase is asked when there is no keyring, and a damaged database
    file can be replaced by its latest backup.
    """
    from vitalsdesk.bootstrap import open_clinic
    from vitalsdesk.clinical.ranges import RangeTableError
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.settings import SettingsError

    try:
        if questions is not None:
            return _open_asking(data_dir, questions), None
        return open_clinic(data_dir), None
    except (DatabaseError, SettingsError, RangeTableError) as exc:
        # Never fall back to other thresholds or another database: say why, and stop.
        problem = str(exc)
    except OSError as exc:
        problem = f"The data folder cannot be used: {exc}"
    print(f"VitalsDesk cannot start. {problem}", file=sys.stderr)
    return None, problem


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

    from vitalsdesk.gui import application

    return application.run(
        [APP_NAME.lower(), *argv],
        stylesheet=load_stylesheet(),
        open_clinic=application.AskingOpener(
            lambda questions: open_clinic_for_gui(data_dir, questions)
        ),
        on_ready=on_ready,
    )
