"""The clinic's settings: <data folder>/settings.toml, every key optional."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vitalsdesk.paths import DataFolder
from vitalsdesk.validation_messages import describe


class SettingsError(ValueError):
    pass


class ClinicInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Your clinic"
    address: str = ""
    phone: str = ""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Any SQLAlchemy URL; empty = the embedded SQLite file in the data folder.
    # VITALSDESK_DATABASE_URL, when set, wins over this.
    database_url: str = ""
    idle_lock_minutes: int = Field(default=5, ge=1, le=60)
    page_size: Literal["letter", "a4"] = "letter"
    backups_to_keep: int = Field(default=10, ge=1, le=1000)
    # The embedded SQLite database is encrypted (SQLCipher) unless a clinic turns this off.
    encrypt_database: bool = True
    clinic: ClinicInfo = ClinicInfo()


def load_settings(data_dir: Path) -> Settings:
    path = DataFolder(data_dir).settings
    if not path.exists():
        return Settings()
    try:
        return Settings.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        raise SettingsError(f"{path}: {describe(exc)}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read: {exc}") from None
