"""The clinic's settings: <data folder>/settings.toml, every key optional; and the machine-wide
settings file of a shared exam-room PC, which names the clinic's data folder (and the database
key file) for every OS account on it."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

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


HL7_MLLP_ENV = "VITALSDESK_HL7_MLLP"
HL7_DELIMITERS = "|^~\\&"


def _hl7_name(value: str) -> str:
    if any(ch in HL7_DELIMITERS for ch in value):
        raise ValueError("must not hold any of the HL7 delimiters | ^ ~ \\ &")
    return value


# A name of MSH-4 to MSH-6 or PID-3.4 (HD, 20 characters in v2.5.1), without HL7's delimiters.
Hl7Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
    AfterValidator(_hl7_name),
]


class Hl7Tls(BaseModel):
    """TLS around MLLP, when the EHR's interface engine asks for it."""

    model_config = ConfigDict(extra="forbid")

    # PEM file of the certificate authority that signed the interface's certificate; empty: the
    # PC's own trusted authorities.
    ca_file: str = ""
    # A client certificate and its key (PEM), for an engine that checks who connects.
    cert_file: str = ""
    key_file: str = ""
    # The name the interface's certificate is issued to, when it is not the host of `mllp`.
    server_name: str = ""

    @model_validator(mode="after")
    def _key_with_cert(self) -> Hl7Tls:
        if bool(self.cert_file) != bool(self.key_file):
            raise ValueError("cert_file and key_file go together")
        for name in ("ca_file", "cert_file", "key_file"):
            value = getattr(self, name)
            if value and not Path(value).is_file():
                raise ValueError(f"{name}: {value} is not a file")
        return self


class Hl7Interface(BaseModel):
    """The clinic's HL7 v2 interface to its EHR ([hl7] in settings.toml): where messages go and
    the names agreed with the EHR's integration team. Either `mllp` or `drop_folder`."""

    model_config = ConfigDict(extra="forbid")

    mllp: str = ""  # "host:port"; VITALSDESK_HL7_MLLP, when set, wins over this
    drop_folder: str = ""  # one .hl7 file per message, for engines that poll a folder
    connect_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    ack_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    # Waits after a failed try (no connection, no answer): doubling from the first to the most.
    retry_first_seconds: float = Field(default=30.0, gt=0, le=3600)
    retry_most_seconds: float = Field(default=900.0, gt=0, le=86400)
    sending_facility: Hl7Name
    receiving_application: Hl7Name
    receiving_facility: Hl7Name
    assigning_authority: Hl7Name
    processing_id: Literal["P", "T"] = "P"
    tls: Hl7Tls | None = None

    @field_validator("mllp")
    @classmethod
    def _host_port(cls, value: str) -> str:
        if value:
            host_and_port(value)
        return value

    @model_validator(mode="after")
    def _one_destination(self) -> Hl7Interface:
        if bool(self.mllp) == bool(self.drop_folder):
            raise ValueError(
                f'give either mllp = "host:port" (or set {HL7_MLLP_ENV}) or drop_folder = "PATH"'
            )
        if self.drop_folder and self.tls is not None:
            raise ValueError("tls is for mllp, not for a drop_folder")
        if self.drop_folder and not Path(self.drop_folder).is_dir():
            raise ValueError(f"drop_folder: {self.drop_folder} is not a folder")
        if self.retry_most_seconds < self.retry_first_seconds:
            raise ValueError("retry_most_seconds must be at least retry_first_seconds")
        return self

    @property
    def address(self) -> tuple[str, int]:
        return host_and_port(self.mllp)


def host_and_port(value: str) -> tuple[str, int]:
    """("host", port) of "host:port" (an IPv6 host in brackets: "[::1]:2575")."""
    host, sep, port = value.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f'mllp must be "host:port" with a port from 1 to 65535, not {value!r}')
    return host, int(port)


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
    # The HL7 interface to the clinic's EHR; none: no message is queued or sent.
    hl7: Hl7Interface | None = None


def load_settings(data_dir: Path) -> Settings:
    path = DataFolder(data_dir).settings
    try:
        data: dict[str, Any] = (
            tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        )
        mllp = os.environ.get(HL7_MLLP_ENV, "").strip()
        if mllp:
            hl7 = data.get("hl7")
            if not isinstance(hl7, dict):
                raise SettingsError(
                    f"{HL7_MLLP_ENV} is set but {path} has no [hl7] table with the names agreed "
                    "with the EHR (sending_facility, receiving_application, receiving_facility, "
                    "assigning_authority)"
                )
            data["hl7"] = {**{k: v for k, v in hl7.items() if k != "drop_folder"}, "mllp": mllp}
        return Settings.model_validate(data)
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
