"""The clinic's settings: <data folder>/settings.toml, every key optional; and the machine-wide
settings file of a shared exam-room PC, which names the clinic's data folder (and the database
key file) for every OS account on it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vitalsdesk.errors import ServiceError
from vitalsdesk.paths import DataFolder, machine_settings_file
from vitalsdesk.validation_messages import describe


class SettingsError(ValueError):
    pass


class MachineSettingsError(SettingsError, ServiceError):
    """The machine-wide settings file cannot be used (every command and the app say so)."""


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


class MachineSettings(BaseModel):
    """The machine-wide settings file (/etc/vitalsdesk/settings.toml on Linux,
    %ProgramData%\\VitalsDesk\\settings.toml on Windows), written by the clinic's IT. The clinic's
    own settings stay in <data_folder>/settings.toml, shared by every account."""

    model_config = ConfigDict(extra="forbid")

    # The clinic's data folder, the same for every OS account on this PC.
    data_folder: Path
    # A file only root can write and only the clinic's group can read, holding the database key
    # (64 hex digits): every clinic account opens the records without a keyring or passphrase.
    key_file: Path | None = None

    @field_validator("data_folder", "key_file")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_absolute():
            raise ValueError("must be a full path (it is the same for every account)")
        return value


def load_machine_settings() -> MachineSettings | None:
    """The machine-wide settings, or None when this PC has none (each account's own folder)."""
    path = machine_settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise MachineSettingsError(
            f"{path}: cannot be read ({exc.strerror}). Ask your administrator to add this "
            "account to the clinic's group."
        ) from None
    try:
        return MachineSettings.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise MachineSettingsError(f"{path}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        raise MachineSettingsError(f"{path}: {describe(exc)}") from None
