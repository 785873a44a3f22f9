"""What the desktop app is handed: the clinic's services and settings, and the questions that
opening the clinic may ask the person at the PC.

Defined here, below the GUI, so the GUI depends on services only: it never imports the
composition root (vitalsdesk.app), the code that opens the clinic (vitalsdesk.clinic,
vitalsdesk.startup) or the database layer. docs/architecture.md shows the layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.accounts import AccountService
from vitalsdesk.services.acknowledgements import AcknowledgementService
from vitalsdesk.services.audit_log import AuditLogService
from vitalsdesk.services.devices import DeviceService
from vitalsdesk.services.exchange import ExchangeService
from vitalsdesk.services.handouts import HandoutService
from vitalsdesk.services.outbox import OutboxService
from vitalsdesk.services.patients import PatientService
from vitalsdesk.services.visits import VisitService
from vitalsdesk.services.vitals import VitalsService
from vitalsdesk.settings import Settings


@dataclass
class ClinicServices:
    """One open clinic as the GUI sees it: its use cases, its settings, its range table and the
    growth reference tables (WHO/CDC) that every check of a child's set needs."""

    data_dir: Path
    settings: Settings
    table: RangeTable
    accounts: AccountService
    patients: PatientService
    vitals: VitalsService
    handouts: HandoutService
    exchange: ExchangeService
    audit_log: AuditLogService
    growth_tables: GrowthTables = field(kw_only=True)
    # The HL7 outbox (its status, sender and retries); None only where a test builds services
    # by hand.
    outbox: OutboxService | None = field(default=None, kw_only=True)
    # Visits and the closed loop for critical values (services/visits.py, acknowledgements.py).
    visits: VisitService = field(kw_only=True)
    acknowledgements: AcknowledgementService = field(kw_only=True)
    devices: DeviceService = field(kw_only=True)
    # The database can be read but not written here: views are audited in the audit journal,
    # and every save is refused (the app says "Read-only: nothing can be saved").
    read_only: bool = field(default=False, kw_only=True)

    @property
    def data_folder(self) -> DataFolder:
        """The files of the clinic's data folder, each named once (vitalsdesk.paths)."""
        return DataFolder(self.data_dir)

    def close(self) -> None:
        """Release what the clinic holds open (the database connections); idempotent."""


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
