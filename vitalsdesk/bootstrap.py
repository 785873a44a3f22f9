"""Open the clinic's database and build the services: shared by the app and every command."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db.engine import DATABASE_URL_ENV, Database, DatabaseError, default_sqlite_url
from vitalsdesk.paths import data_dir as default_data_dir
from vitalsdesk.reference_ranges import load_reference_ranges
from vitalsdesk.services.accounts import AccountService
from vitalsdesk.services.handouts import HandoutService
from vitalsdesk.services.patients import PatientService
from vitalsdesk.services.vitals import VitalsService
from vitalsdesk.settings import Settings, load_settings


@dataclass
class Clinic:
    data_dir: Path
    settings: Settings
    db: Database
    table: RangeTable
    accounts: AccountService
    patients: PatientService
    vitals: VitalsService
    handouts: HandoutService

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def close(self) -> None:
        self.db.dispose()


def database_url(data_dir: Path, settings: Settings) -> str:
    return os.environ.get(DATABASE_URL_ENV) or settings.database_url or default_sqlite_url(data_dir)


def open_clinic(
    data_dir: Path | None = None, *, url: str | None = None, upgrade: bool = True
) -> Clinic:
    """Settings, database (checked, backed up and upgraded), range table, services: in that order.

    Raises DatabaseError, SettingsError or RangeTableError with a message for the user."""
    from vitalsdesk.db import migrate

    folder = data_dir if data_dir is not None else default_data_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = load_settings(folder)
    table = load_reference_ranges(folder)
    db = Database(url or database_url(folder, settings))
    try:
        problems = db.quick_check()
        if problems:
            raise DatabaseError(
                "The database file is damaged (" + "; ".join(problems[:3]) + "). "
                "Restore the latest backup from " + str(folder / "backups") + "."
            )
        if upgrade:
            migrate.upgrade(db, folder / "backups")
        else:
            migrate.check_not_newer(db)
    except BaseException:
        db.dispose()
        raise
    vitals = VitalsService(db, table)
    return Clinic(
        data_dir=folder,
        settings=settings,
        db=db,
        table=table,
        accounts=AccountService(db),
        patients=PatientService(db),
        vitals=vitals,
        handouts=HandoutService(db, vitals, settings, folder),
    )
