"""A clinic with an HL7 interface for the outbox tests: settings.toml with an [hl7] table, a
patient, and sets saved, amended and voided through the real services."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import Hl7OutboxMessage
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut, VitalSignSetOut

TAKEN = "2026-11-27T09:30:00-05:00"
NAMES = """\
sending_facility = "NORTHSIDE"
receiving_application = "EHR"
receiving_facility = "NSC"
assigning_authority = "NSC-MRN"
"""


def hl7_table(*, mllp: str | None = None, drop_folder: Path | None = None, **extra: Any) -> str:
    """The [hl7] table of settings.toml (short timeouts and waits, so a test never lingers)."""
    lines = ["[hl7]", NAMES.rstrip()]
    if mllp is not None:
        lines.append(f'mllp = "{mllp}"')
    if drop_folder is not None:
        lines.append(f"drop_folder = '{drop_folder}'")
    options = {"connect_timeout_seconds": 2, "ack_timeout_seconds": 2, **extra}
    for key, value in options.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def write_settings(data_dir: Path, hl7: str = "") -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.toml").write_text(hl7, encoding="utf-8")


def open_hl7_clinic(data_dir: Path, hl7: str, url: str | None = None) -> Clinic:
    write_settings(data_dir, hl7)
    return open_clinic(data_dir, url=url)


def staff(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


def patient(clinic: Clinic, by: StaffUserOut, mrn: str = "M1") -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name="Peña",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        by,
    )


def vitals(heart_rate: int = 72, taken_at: str = TAKEN) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": taken_at,
            "measurements": {
                "systolic_bp": {"value": 118, "unit": "mm[Hg]"},
                "diastolic_bp": {"value": 76, "unit": "mm[Hg]"},
                "heart_rate": {"value": heart_rate, "unit": "/min"},
                "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
            },
        }
    )


def record(
    clinic: Clinic, by: StaffUserOut, who: PatientOut, heart_rate: int = 72
) -> VitalSignSetOut:
    return clinic.vitals.record(who.id, vitals(heart_rate), by)


def outbox_rows(clinic: Clinic) -> list[Hl7OutboxMessage]:
    with clinic.db.transaction() as s:
        return list(s.scalars(select(Hl7OutboxMessage).order_by(Hl7OutboxMessage.id)))


def obx_statuses(message: str) -> set[str]:
    """OBX-11 of every OBX of an ER7 message."""
    segments = message.replace("\n", "\r").split("\r")
    return {s.split("|")[11] for s in segments if s.startswith("OBX|")}
