"""Opening the clinic at start-up, in the desktop app: the policy for what to ask and what to say.

Where there is no keyring the clinic's passphrase is asked (again after a wrong one, up to
MAX_PASSPHRASE_TRIES); when the database file is damaged and a backup opens with the key in hand,
putting that backup back is offered. Every fault of the environment (a damaged or newer database,
a bad settings.toml or range table, a data folder that cannot be written) becomes one message the
MA or the administrator can act on, never a traceback. The questions themselves are the GUI's
(StartupQuestions, implemented by vitalsdesk.gui.application).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    # Only for the types: the services (SQLAlchemy, pydantic) load on the worker thread that
    # opens the clinic, after the sign-in page is painted.
    from vitalsdesk.clinic import Clinic
    from vitalsdesk.db.restore import Backup, Restored
    from vitalsdesk.services.clinic_services import StartupQuestions


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


def _open_asking(
    data_dir: Path | None, questions: StartupQuestions, tables_later: bool = False
) -> Clinic:
    """open_clinic, asking for the passphrase (again after a wrong one, up to
    MAX_PASSPHRASE_TRIES) and offering the latest backup when the database file is damaged."""
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.db.encryption import KeyUnavailable
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.paths import data_dir as default_data_dir

    folder = data_dir if data_dir is not None else default_data_dir()
    asker = _PassphraseAsker(questions)
    restored: Restored | None = None
    while True:
        asker.asked = False
        try:
            clinic = open_clinic(
                folder, ask_passphrase=asker, check_later=True, tables_later=tables_later
            )
        except DatabaseError as exc:
            from vitalsdesk.db import restore  # only when the file would not open

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
            _audit_restore(clinic, restored)
            questions.backup_restored(restored.backup.taken_at, restored.damaged_kept_as)
        return clinic


def _audit_restore(clinic: Clinic, restored: Restored) -> None:
    """The backup put back at start, in the audit log of the database it became (the person at
    the PC agreed to it; nobody is signed in yet)."""
    from vitalsdesk.errors import ServiceError
    from vitalsdesk.services.maintenance import MaintenanceService

    kept = restored.damaged_kept_as
    try:
        MaintenanceService(clinic.db).record_at_start(
            "db_backup_restored",
            backup=restored.backup.path.name,
            taken_at=restored.backup.taken_at.isoformat(),
            damaged_kept_as=kept.name if kept is not None else None,
        )
    except ServiceError as exc:  # the records are back; the log line below still says so
        log.error("the restore could not be audited: %s", exc.__class__.__name__)


def _restore_plan(folder: Path, passphrase: str | None) -> tuple[Path, Backup, bytes | None] | None:
    """(database file, newest usable backup, key) when a backup can replace the embedded
    database; None when there is none, or no key to check one with."""
    from vitalsdesk.clinic import database_url
    from vitalsdesk.db import encryption, restore
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.paths import DataFolder
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
    backup = restore.latest_backup(DataFolder(folder).backups, key)
    return (database, backup, key) if backup is not None else None


def open_clinic_for_gui(
    data_dir: Path | None = None,
    questions: StartupQuestions | None = None,
    *,
    tables_later: bool = False,
) -> tuple[Clinic | None, str | None]:
    """The open clinic, or a message the MA or the administrator can act on (never a traceback).

    The environment's faults (damaged or newer database, bad settings.toml or range table, a data
    folder that cannot be written) become a message; anything else is our bug and propagates.
    With `questions`, the passphrase is asked when there is no keyring, and a damaged database
    file can be replaced by its latest backup. With `tables_later` (the app), the range table
    and the visit rules are read by `Clinic.finish_opening`, behind the sign-in page.
    """
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.settings import SettingsError

    try:
        if questions is not None:
            return _open_asking(data_dir, questions, tables_later), None
        return open_clinic(data_dir, check_later=True, tables_later=tables_later), None
    except (DatabaseError, SettingsError) as exc:
        # Never fall back to other thresholds or another database: say why, and stop.
        problem = str(exc)
    except ValueError as exc:
        # A range or growth table's fault is said the same way. Their modules are loaded only
        # when that may be what this is (with tables_later, the sign-in needs neither table).
        from vitalsdesk.clinical.growth import GrowthTableError
        from vitalsdesk.clinical.ranges import RangeTableError

        if not isinstance(exc, RangeTableError | GrowthTableError):
            raise
        problem = str(exc)
    except OSError as exc:
        problem = f"The data folder cannot be used: {exc}"
    print(f"VitalsDesk cannot start. {problem}", file=sys.stderr)
    return None, problem
