"""Open the clinic: settings, database (its key, check, backup and upgrade), range table and
services, in that order. Shared by the app and every command; what the app asks the person at the
PC while opening (passphrase, backup offer) is vitalsdesk.startup."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vitalsdesk.db.encryption import AskPassphrase
from vitalsdesk.db.engine import (
    DATABASE_URL_ENV,
    Database,
    DatabaseError,
    EnvironmentProblem,
    default_sqlite_url,
)
from vitalsdesk.paths import DataFolder, is_shared_folder
from vitalsdesk.paths import data_dir as default_data_dir
from vitalsdesk.services.accounts import AccountService
from vitalsdesk.services.clinic_services import ClinicServices
from vitalsdesk.settings import Settings, load_settings

if TYPE_CHECKING:
    from vitalsdesk.clinical.ranges import RangeTable
    from vitalsdesk.visit_rules import VisitRules

log = logging.getLogger(__name__)

# Up to this size the whole database file is checked at every open (about a tenth of a second);
# beyond it, the app checks the whole file behind its sign-in page (open_clinic's check_later).
FULL_CHECK_AT_OPEN_BYTES = 16 * 2**20
# What the sign-in page reads, checked at open whatever the file's size.
SIGN_IN_TABLES = ("sqlite_schema", "alembic_version", "staff_user", "audit_chain_head")
# What a command that only reads the clinic's records (an export) checks at open: the sign-in's
# tables and the small ones it reads (devices, visits, BP readings). The patient, set and
# measurement tables are nearly the whole file, and the export reads every page of them that it
# uses anyway, each page's HMAC checked by SQLCipher as it is read: a damaged one stops the export
# with the damaged message (ExportService) and no file is written. Checking them first read the
# largest part of the file twice: 6 s of CPU at a million sets. A command that writes, and a file
# without SQLCipher's HMAC, still gets the whole check.
READER_CHECK_TABLES = (*SIGN_IN_TABLES, "device", "device_reading", "visit", "bp_reading")
# In the data folder while a check behind the sign-in page has found damage that no start has
# seen since: the next start checks the whole file before anything else.
FULL_CHECK_DUE = "vitalsdesk.full-check-due"


@dataclass
class Clinic(ClinicServices):
    """The open clinic with its database: what commands and the composition root hold. The GUI
    is handed it as ClinicServices and never touches `db`."""

    db: Database = field(kw_only=True)
    # The whole file's quick check was left for finish_check (a large file; open_clinic).
    check_pending: bool = field(default=False, kw_only=True)

    def finish_check(self) -> str | None:
        """The quick check of the whole database file that open_clinic left for later, in a
        read transaction (every room goes on saving). The damage it finds, in words, and the
        next start made to check the whole file first (None: sound, or nothing was left)."""
        if not self.check_pending:
            return None
        self.check_pending = False
        problems = self.db.quick_check(apart=True)
        if not problems or self.db.closed:  # closed: the check was interrupted, not failed
            return None
        log.error("the quick check behind the sign-in page found the database file damaged")
        with contextlib.suppress(OSError):
            (self.data_dir / FULL_CHECK_DUE).touch()
        return (
            _damaged(problems, self.data_dir)
            + " VitalsDesk closes now: start it again to put that backup back."
        )

    @property
    def backup_dir(self) -> Path:
        return self.data_folder.backups

    def close(self) -> None:
        """Note the audit chain's head in the witness file, then let the connections go."""
        from vitalsdesk.db import audit_chain

        try:
            audit_chain.witness_now(self.db, "close")
        except DatabaseError as exc:  # the records are already safe; only the note is missed
            log.warning("audit head not noted at close: %s", exc.__class__.__name__)
        finally:
            self.db.dispose()


def database_url(data_dir: Path, settings: Settings) -> str:
    return os.environ.get(DATABASE_URL_ENV) or settings.database_url or default_sqlite_url(data_dir)


def _database_key(
    url: str, folder: Path, settings: Settings, ask: AskPassphrase | None
) -> bytes | None:
    """The SQLCipher key of an embedded database (None: not encrypted, or not SQLite).

    A new file gets a new key (kept in the keyring first); a plain file left by an older
    VitalsDesk is encrypted in place after an encrypted backup."""
    from sqlalchemy.engine import make_url

    from vitalsdesk.db import encryption

    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    path = Path(parsed.database)
    has_data = path.exists() and path.stat().st_size > 0
    if not settings.encrypt_database:
        if has_data and not encryption.is_plain_sqlite(path):
            raise DatabaseError(
                "The database is encrypted but settings.toml says encrypt_database = false. "
                "Remove that line to open it."
            )
        return None
    backups = DataFolder(folder).backups
    if not has_data:
        return encryption.stored_key(folder, ask) or encryption.new_key(folder, ask)
    if encryption.is_plain_sqlite(path):
        key = encryption.stored_key(folder, ask) or encryption.new_key(folder, ask)
        encryption.encrypt_plain_database(path, key, backups)
        return key
    stored = encryption.stored_key(folder, ask)
    if stored is None:
        raise encryption.KeyUnavailable(
            "The database is encrypted and this PC does not have its key. An administrator can "
            "restore it with `vitalsdesk db key restore` and the clinic's recovery key."
        )
    if not encryption.opens_with(path, stored):
        raise encryption.KeyUnavailable(
            "The database cannot be opened with this PC's key: the file is damaged or the key "
            f"is wrong. Restore the latest backup from {backups}, or the right key "
            "with `vitalsdesk db key restore` and the clinic's recovery key."
        )
    return stored


def _merge_journals(db: Database) -> None:
    """The audit journal of a read-only spell, into the audit chain now that it can be written.
    A failure leaves the journal for the next start and never stops this one."""
    from vitalsdesk.services.journal import merge_journals

    try:
        merge_journals(db)
    except (DatabaseError, OSError) as exc:
        log.warning("audit journal not merged yet: %s", exc.__class__.__name__)


def _damaged(problems: list[str], folder: Path) -> str:
    return (
        "The database file is damaged (" + "; ".join(problems[:3]) + "). "
        "Restore the latest backup from " + str(DataFolder(folder).backups) + "."
    )


def _check_at_open(
    db: Database, folder: Path, check_later: bool, reader: bool = False
) -> tuple[bool, bool]:
    """SQLite's quick check at open: (whole file left for `finish_check`, only part checked).

    The quick check reads every page: about 8 ms of CPU per MiB through SQLCipher, so some
    seconds for a clinic of a million sets, at every start. With check_later, a file above
    FULL_CHECK_AT_OPEN_BYTES gets only the check of the tables the sign-in reads now, unless
    damage was found behind an earlier start (FULL_CHECK_DUE): then the whole file is checked
    here, so a damaged file meets the restore of its backup at this start. With `reader` (a
    command that only reads the records), an encrypted file gets READER_CHECK_TABLES' check."""
    path = db.sqlite_path
    due = folder / FULL_CHECK_DUE
    usable = path is not None and path.exists() and not due.exists()
    later = (
        check_later
        and usable
        and path is not None
        and path.stat().st_size > FULL_CHECK_AT_OPEN_BYTES
    )
    part = reader and usable and db.key is not None and not later
    problems = db.quick_check(SIGN_IN_TABLES if later else READER_CHECK_TABLES if part else ())
    if problems:
        raise DatabaseError(_damaged(problems, folder))
    if not later and not part:
        with contextlib.suppress(OSError):  # a read-only folder keeps its note; checked again
            due.unlink(missing_ok=True)
    return later, part


def open_clinic(
    data_dir: Path | None = None,
    *,
    url: str | None = None,
    upgrade: bool = True,
    ask_passphrase: AskPassphrase | None = None,
    key: bytes | None = None,
    check_later: bool = False,
    reader: bool = False,
    tables_later: bool = False,
) -> Clinic:
    """Settings, database (checked, backed up and upgraded), range table, services: in that order.

    check_later: a database file larger than FULL_CHECK_AT_OPEN_BYTES gets only the quick check
    of the tables the sign-in reads now; the whole file is checked by `Clinic.finish_check`,
    which the app runs behind its sign-in page (`vitalsdesk.gui.application`).
    reader: for a command that only reads the records (an export): an encrypted file gets only
    the check of READER_CHECK_TABLES at open (the rest is checked page by page as it is read),
    unless it is to be upgraded.
    tables_later: the range table and the visit rules are read and checked when first used (or
    by `Clinic.finish_opening`, which the app runs behind its sign-in page), not here: signing in
    needs neither.

    Raises DatabaseError, SettingsError (VisitRulesError is one), RangeTableError
    or GrowthTableError with a message for
    the user."""
    from vitalsdesk.db import audit_chain, migrate

    folder = data_dir if data_dir is not None else default_data_dir()
    files = DataFolder(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if is_shared_folder(folder):
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise DatabaseError(
                f"This OS account may not use the clinic's data folder {folder}. Ask your "
                "administrator to add it to the clinic's group, then sign in to the PC again."
            )
        # A clinic folder shared by the OS accounts of a PC: what this process and SQLite create
        # (the -wal and -shm files, backups) stays usable by the clinic's group, and no one else.
        os.umask(0o007)
    settings = load_settings(folder)
    # The range table and the visit rules: read now, or by these when first used.
    tables: dict[str, Callable[[ClinicServices], Any]] = {
        "table": lambda _: _load_reference_ranges(folder),
        "visit_rules": lambda _: _load_visit_rules(folder),
    }
    loaded: dict[str, Any] = {}
    if not tables_later:
        loaded = {"table": _load_reference_ranges(folder), "visit_rules": _load_visit_rules(folder)}
        tables = {}
    url = url or database_url(folder, settings)
    # key: a recovery key being restored, already checked against the file.
    db = Database(url, key=key or _database_key(url, folder, settings, ask_passphrase))
    try:
        check_later, part = _check_at_open(db, folder, check_later, reader)
        # The audit key (for a database without its own) and the witness live in this folder;
        # the upgrade to the keyed chain needs them.
        audit_chain.attach_data_folder(db, folder)
        db.read_only = db.probe_read_only()
        if db.read_only:
            # It can still be read; every view goes to the audit journal, saves are refused.
            migrate.check_not_newer(db)
            if migrate.needs_upgrade(db):
                raise EnvironmentProblem(
                    "The database must be upgraded to this version of VitalsDesk, but it is "
                    "read-only on this PC. Call IT: the database file and its folder must be "
                    "writable."
                )
            log.warning("the database is read-only: views are audited in the audit journal")
        elif upgrade:
            if part and migrate.needs_upgrade(db):  # an upgrade writes: the whole file first
                _check_at_open(db, folder, False)
            migrate.upgrade(db, files.backups)
        else:
            migrate.check_not_newer(db)
        if not db.read_only:
            _merge_journals(db)
    except BaseException:
        db.dispose()
        raise
    return Clinic(
        data_dir=folder,
        settings=settings,
        db=db,
        accounts=AccountService(db),
        factories={**tables, **_service_factories(db, folder, settings)},
        loaded=loaded,
        read_only=db.read_only,
        check_pending=check_later,
    )


def _load_reference_ranges(folder: Path) -> RangeTable:
    from vitalsdesk.reference_ranges import load_reference_ranges

    return load_reference_ranges(folder)


def _load_visit_rules(folder: Path) -> VisitRules:
    from vitalsdesk.visit_rules import load_visit_rules

    return load_visit_rules(folder)


def _service_factories(
    db: Database, folder: Path, settings: Settings
) -> dict[str, Callable[[ClinicServices], Any]]:
    """How each service but the accounts is built the first time it is used (each imports its
    module then): the sign-in page needs none of them, so the clinic opens without them."""

    def growth_tables(_: ClinicServices) -> Any:
        from vitalsdesk.growth_tables import shipped_growth_tables

        return shipped_growth_tables()

    def vitals(services: ClinicServices) -> Any:
        from vitalsdesk.services.vitals import VitalsService

        # Clinics without an HL7 interface queue nothing: no message is built on their save path.
        hl7_queue = None
        if settings.hl7 is not None:
            from vitalsdesk.services.outbox import Hl7Queue

            hl7_queue = Hl7Queue(settings.hl7, services.table)
        return VitalsService(
            db,
            services.table,
            growth_tables=services.growth_tables,
            hl7_queue=hl7_queue,
            visit_rules=services.visit_rules,
        )

    def patients(_: ClinicServices) -> Any:
        from vitalsdesk.services.patients import PatientService

        return PatientService(db)

    def handouts(services: ClinicServices) -> Any:
        from vitalsdesk.services.handouts import HandoutService

        return HandoutService(db, services.vitals, settings, folder)

    def exchange(services: ClinicServices) -> Any:
        from vitalsdesk.services.exchange import ExchangeService

        return ExchangeService(
            db, services.table, data_folder=DataFolder(folder), growth_tables=services.growth_tables
        )

    def audit_log(_: ClinicServices) -> Any:
        from vitalsdesk.services.audit_log import AuditLogService

        return AuditLogService(db)

    def outbox(services: ClinicServices) -> Any:
        from vitalsdesk.services.outbox import OutboxService

        return OutboxService(db, settings.hl7, services.table)

    def visits(services: ClinicServices) -> Any:
        from vitalsdesk.services.visits import VisitService

        return VisitService(db, services.visit_rules)

    def acknowledgements(_: ClinicServices) -> Any:
        from vitalsdesk.services.acknowledgements import AcknowledgementService

        return AcknowledgementService(db)

    def devices(_: ClinicServices) -> Any:
        from vitalsdesk.services.devices import DeviceService

        return DeviceService(db)

    return {
        "patients": patients,
        "vitals": vitals,
        "handouts": handouts,
        "exchange": exchange,
        "audit_log": audit_log,
        "growth_tables": growth_tables,
        "outbox": outbox,
        "visits": visits,
        "acknowledgements": acknowledgements,
        "devices": devices,
    }
