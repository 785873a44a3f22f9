"""What the desktop app is handed: the clinic's services and settings, and the questions that
opening the clinic may ask the person at the PC.

Defined here, below the GUI, so the GUI depends on services only: it never imports the
composition root (vitalsdesk.app), the code that opens the clinic (vitalsdesk.clinic,
vitalsdesk.startup) or the database layer. docs/architecture.md shows the layers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from vitalsdesk.paths import DataFolder

if TYPE_CHECKING:
    # Only for the types: each service's module is imported when the service is first used.
    from vitalsdesk.clinical.growth import GrowthTables
    from vitalsdesk.clinical.ranges import RangeTable
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
    from vitalsdesk.visit_rules import VisitRules


@dataclass
class ClinicServices:
    """One open clinic as the GUI sees it: its use cases, its settings, its range table and the
    growth reference tables (WHO/CDC) that every check of a child's set needs.

    Only what the sign-in page needs is built when the clinic opens (the accounts); every other
    service, and the growth tables, is built the first time it is used, by the factory of the
    same name in `factories`. Opening the clinic behind the sign-in page so skips the imports
    of the patient pages, printing, exchange, devices and HL7 (start-up time matters at every
    PC, every morning). The range table and the visit rules are read with the settings
    (`loaded`), or, when the app opens the clinic, by factories too, just behind its sign-in
    page (`finish_opening`). Building is thread-safe: the clinic may be opened on a worker thread."""

    data_dir: Path
    settings: Settings
    accounts: AccountService
    factories: Mapping[str, Callable[[ClinicServices], Any]] = field(kw_only=True, repr=False)
    # The database can be read but not written here: views are audited in the audit journal,
    # and every save is refused (the app says "Read-only: nothing can be saved").
    read_only: bool = field(default=False, kw_only=True)
    # What is built already, by name: the range table ("table") and the visit rules
    # ("visit_rules") read when the clinic was opened; else `factories` has them.
    loaded: Mapping[str, Any] = field(default_factory=dict, kw_only=True, repr=False)
    _built: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _building: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._built.update(self.loaded)

    def _service(self, name: str) -> Any:
        try:
            return self._built[name]
        except KeyError:
            pass
        with self._building:  # re-entrant: the handouts service is built with the vitals one
            if name not in self._built:
                self._built[name] = self.factories[name](self)
            return self._built[name]

    def built(self, name: str) -> bool:
        """Whether the service `name` has been built yet (tests of the start-up's cost)."""
        return name in self._built

    def warm_up(self) -> None:
        """Build every service not built yet. The app runs it on a thread of its own once the
        sign-in page works, while the MA types: so the first page after the sign-in does not
        wait for the imports. A service that fails to build here fails again where it is used,
        and says so there."""
        for name in self.factories:
            try:
                self._service(name)
            except Exception:  # reported where the service is used
                continue

    @property
    def table(self) -> RangeTable:
        """The range table in force (whatever needs it before it is read waits for it)."""
        return cast("RangeTable", self._service("table"))

    @property
    def visit_rules(self) -> VisitRules:
        return cast("VisitRules", self._service("visit_rules"))

    def finish_opening(self) -> str | None:
        """Read and check what the opening left for later (the app: the range table and the
        visit rules, just behind its sign-in page, which needs neither): what is wrong with
        them, in words (the app then stops, as a fault found at open stops it), or None."""
        from vitalsdesk.clinical.ranges import RangeTableError
        from vitalsdesk.settings import SettingsError  # a VisitRulesError is one

        try:
            self.table  # noqa: B018 (read for its check)
            self.visit_rules  # noqa: B018
        except (RangeTableError, SettingsError) as exc:
            return str(exc)
        except OSError as exc:
            return f"The data folder cannot be used: {exc}"
        return None

    @property
    def patients(self) -> PatientService:
        return cast("PatientService", self._service("patients"))

    @property
    def vitals(self) -> VitalsService:
        return cast("VitalsService", self._service("vitals"))

    @property
    def handouts(self) -> HandoutService:
        return cast("HandoutService", self._service("handouts"))

    @property
    def exchange(self) -> ExchangeService:
        return cast("ExchangeService", self._service("exchange"))

    @property
    def audit_log(self) -> AuditLogService:
        return cast("AuditLogService", self._service("audit_log"))

    @property
    def growth_tables(self) -> GrowthTables:
        return cast("GrowthTables", self._service("growth_tables"))

    @property
    def outbox(self) -> OutboxService | None:
        """The HL7 outbox (its status, sender and retries); None only where a test builds
        services by hand."""
        return cast("OutboxService | None", self._service("outbox"))

    @property
    def visits(self) -> VisitService:
        """Visits and the closed loop for critical values (services/visits.py,
        acknowledgements.py)."""
        return cast("VisitService", self._service("visits"))

    @property
    def acknowledgements(self) -> AcknowledgementService:
        return cast("AcknowledgementService", self._service("acknowledgements"))

    @property
    def devices(self) -> DeviceService:
        return cast("DeviceService", self._service("devices"))

    @property
    def data_folder(self) -> DataFolder:
        """The files of the clinic's data folder, each named once (vitalsdesk.paths)."""
        return DataFolder(self.data_dir)

    def finish_check(self) -> str | None:
        """The check of the whole database file that the opening left for behind the sign-in
        page (a large file): the damage found, in words; None when sound or nothing was left.
        Slow (seconds for a large clinic): the app runs it on its worker thread."""
        return None

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
