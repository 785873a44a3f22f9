"""Devices of the exam room and the readings they send: pairing and naming (administrators),
every reading kept as it came (the payload in hex and the device's own time) and audited, the
unassigned list, and the link from a saved value to the reading it came from.

A reading reaches a patient only through the MA: the open form (`receive` with the open
patient) or an explicit `attach`. Its values are saved only when the MA saves the form, and only
the values the MA left as the device gave them keep the link (`link_readings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vitalsdesk.clinical.units import Unit, to_canonical
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Device, DeviceReading, Patient, StaffUser, utcnow
from vitalsdesk.db.models import Measurement as MeasurementRow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.devices.gatt import decode, parse_characteristic
from vitalsdesk.devices.reading import DecodeError
from vitalsdesk.devices.reading import DeviceReading as Decoded
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import Conflict, InvalidInput, NotFound
from vitalsdesk.services.schemas import StaffUserOut
from vitalsdesk.vocabulary import STAFF_ROLES

WAITING = "waiting"
IN_FORM = "in_form"
SAVED = "saved"
DISCARDED = "discarded"
TRANSPORTS = ("bluetooth", "replay")


class DeviceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    uid: str
    name: str
    model: str | None
    serial: str | None
    manufacturer: str | None
    address: str
    transport: str
    characteristics: str
    active: bool


class DeviceReadingOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    device_id: int
    device_name: str
    characteristic: str
    payload_hex: str
    device_time: datetime | None  # the device's clock, no zone
    received_at: datetime
    status: str
    waiting_reason: str | None
    patient_id: int | None

    def decoded(self) -> Decoded:
        """The reading as the decoders read it (it decoded when it was received)."""
        return decode(parse_characteristic(self.characteristic), bytes.fromhex(self.payload_hex))


class DeviceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80)
    address: str = Field(min_length=1, max_length=120)
    transport: str = Field(pattern="^(bluetooth|replay)$")
    characteristics: str = Field(min_length=4, max_length=40)
    model: str | None = Field(default=None, max_length=120)
    serial: str | None = Field(default=None, max_length=120)
    manufacturer: str | None = Field(default=None, max_length=120)


def _reading_out(row: DeviceReading) -> DeviceReadingOut:
    return DeviceReadingOut(
        id=row.id,
        device_id=row.device_id,
        device_name=row.device.name,
        characteristic=row.characteristic,
        payload_hex=row.payload_hex,
        device_time=datetime.fromisoformat(row.device_time) if row.device_time else None,
        received_at=row.received_at,
        status=row.status,
        waiting_reason=row.waiting_reason,
        patient_id=row.patient_id,
    )


class DeviceService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- devices (administrators) --------------------------------------------------------------

    def add(self, actor: StaffUserOut | None, device: DeviceIn) -> DeviceOut:
        for code in device.characteristics.split():
            try:
                parse_characteristic(code)
            except DecodeError as exc:
                raise InvalidInput(str(exc)) from None

        def work(s: Session) -> DeviceOut:
            by = acting_user(s, actor)
            require_role(by, "admin")
            if s.scalar(select(Device).where(Device.address == device.address)) is not None:
                raise Conflict("This device is paired already.")
            row = Device(**device.model_dump(), added_by_id=by.id)
            s.add(row)
            s.flush()
            audit(s, by, "device_added", entity="device", entity_id=row.id)
            return DeviceOut.model_validate(row)

        return self.db.run(work)

    def rename(self, actor: StaffUserOut | None, device_id: int, name: str) -> DeviceOut:
        name = " ".join(name.split())
        if not name or len(name) > 80:
            raise InvalidInput("Give the device a name of 1 to 80 characters.")

        def work(s: Session) -> DeviceOut:
            by = acting_user(s, actor)
            require_role(by, "admin")
            row = self._device(s, device_id)
            row.name = name
            audit(s, by, "device_renamed", entity="device", entity_id=row.id)
            return DeviceOut.model_validate(row)

        return self.db.run(work)

    def devices(self) -> list[DeviceOut]:
        def work(s: Session) -> list[DeviceOut]:
            rows = s.scalars(select(Device).where(Device.active).order_by(Device.name, Device.id))
            return [DeviceOut.model_validate(r) for r in rows]

        return self.db.read(work)

    @staticmethod
    def _device(s: Session, device_id: int) -> Device:
        row = s.get(Device, device_id)
        if row is None:
            raise NotFound("This device is not paired.")
        return row

    # -- readings ------------------------------------------------------------------------------

    def receive(
        self,
        actor: StaffUserOut | None,
        device_id: int,
        characteristic: str,
        payload: bytes,
        device_time: datetime | None,
        *,
        into_patient: int | None,
        waiting_reason: str | None = None,
    ) -> DeviceReadingOut:
        """Keep a reading as it came, audited. into_patient: the patient whose form the MA has
        open and that it fills now; None: it waits in the unassigned list (say why)."""
        if into_patient is None and not waiting_reason:
            raise InvalidInput("A reading that waits needs its reason.")

        def work(s: Session) -> DeviceReadingOut:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            device = self._device(s, device_id)
            if into_patient is not None and s.get(Patient, into_patient) is None:
                raise NotFound("This patient is not in the database.")
            row = DeviceReading(
                device_id=device.id,
                characteristic=characteristic,
                payload_hex=payload.hex(),
                device_time=device_time.isoformat() if device_time else None,
                status=IN_FORM if into_patient is not None else WAITING,
                waiting_reason=None if into_patient is not None else waiting_reason,
                patient_id=into_patient,
            )
            s.add(row)
            s.flush()
            audit(
                s,
                by,
                "device_reading_received",
                patient_id=into_patient,
                entity="device_reading",
                entity_id=row.id,
                device=device.id,
                characteristic=characteristic,
                status=row.status,
            )
            s.refresh(row)
            return _reading_out(row)

        return self.db.run(work)

    def waiting(self) -> list[DeviceReadingOut]:
        """The unassigned readings, oldest first."""

        def work(s: Session) -> list[DeviceReadingOut]:
            rows = s.scalars(
                select(DeviceReading)
                .where(DeviceReading.status == WAITING)
                .options(selectinload(DeviceReading.device))
                .order_by(DeviceReading.received_at, DeviceReading.id)
            )
            return [_reading_out(r) for r in rows]

        return self.db.read(work)

    def get(self, reading_id: int) -> DeviceReadingOut:
        def work(s: Session) -> DeviceReadingOut:
            return _reading_out(self._reading(s, reading_id))

        return self.db.read(work)

    @staticmethod
    def _reading(s: Session, reading_id: int) -> DeviceReading:
        row = s.get(DeviceReading, reading_id, options=[selectinload(DeviceReading.device)])
        if row is None:
            raise NotFound("This device reading is not in the database.")
        return row

    def attach(
        self, actor: StaffUserOut | None, reading_id: int, patient_id: int
    ) -> DeviceReadingOut:
        """The MA puts a waiting reading into this patient's open form (still not saved)."""
        return self._decide(actor, reading_id, IN_FORM, "device_reading_attached", patient_id)

    def discard(self, actor: StaffUserOut | None, reading_id: int) -> DeviceReadingOut:
        """The MA throws a waiting reading away (kept, marked discarded, audited)."""
        return self._decide(actor, reading_id, DISCARDED, "device_reading_discarded", None)

    def give_back(
        self, actor: StaffUserOut | None, reading_ids: list[int], reason: str
    ) -> list[DeviceReadingOut]:
        """Readings that were in a form that was not saved with them (cleared, closed, typed
        over) go back to the unassigned list: never lost, never left on a patient unsaved."""

        def work(s: Session) -> list[DeviceReadingOut]:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            back = []
            for reading_id in sorted(set(reading_ids)):
                row = self._reading(s, reading_id)
                if row.status != IN_FORM:
                    continue  # saved meanwhile, or already back
                patient_id = row.patient_id
                row.status = WAITING
                row.patient_id = None
                row.waiting_reason = reason
                s.flush()
                audit(
                    s,
                    by,
                    "device_reading_returned",
                    patient_id=patient_id,
                    entity="device_reading",
                    entity_id=row.id,
                    device=row.device_id,
                )
                back.append(_reading_out(row))
            return back

        return self.db.run(work)

    def _decide(
        self,
        actor: StaffUserOut | None,
        reading_id: int,
        status: str,
        action: str,
        patient_id: int | None,
    ) -> DeviceReadingOut:
        def work(s: Session) -> DeviceReadingOut:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            row = self._reading(s, reading_id)
            if row.status != WAITING:
                raise Conflict("This reading was already used or discarded.")
            if patient_id is not None and s.get(Patient, patient_id) is None:
                raise NotFound("This patient is not in the database.")
            row.status = status
            row.patient_id = patient_id
            row.decided_by_id = by.id
            row.decided_at = utcnow()
            s.flush()
            audit(
                s,
                by,
                action,
                patient_id=patient_id,
                entity="device_reading",
                entity_id=row.id,
                device=row.device_id,
            )
            return _reading_out(row)

        return self.db.run(work)


def link_readings(
    s: Session, set_row: SetRow, provenance: Mapping[str, int], by: StaffUser
) -> None:
    """Inside the save's transaction: each measurement code -> the reading its value came from.
    A link is kept only for a reading filled into this patient's form whose value the MA left
    as the device gave it; anything else is refused (the whole save fails, nothing half-linked).
    """
    if not provenance:
        return
    rows = {
        m.code: m
        for m in s.scalars(select(MeasurementRow).where(MeasurementRow.set_id == set_row.id))
    }
    readings: dict[int, DeviceReading] = {}
    for code, reading_id in provenance.items():
        m = rows.get(code)
        reading = readings.get(reading_id) or s.get(DeviceReading, reading_id)
        if m is None or reading is None:
            raise InvalidInput("A device value is not in this set.")
        if reading.patient_id != set_row.patient_id or reading.status not in (IN_FORM, SAVED):
            raise InvalidInput("This device reading was not taken for this patient.")
        if reading.status == SAVED and reading.set_id != set_row.id:
            raise Conflict("This device reading is saved in another set already.")
        if not _same_value(_decoded_quantity(reading, code), m):
            raise InvalidInput("A value marked as from a device is not what the device sent.")
        m.device_reading_id = reading.id
        readings[reading.id] = reading
    for reading in readings.values():
        reading.status = SAVED
        reading.set_id = set_row.id
        audit(
            s,
            by,
            "device_reading_saved",
            patient_id=set_row.patient_id,
            entity="device_reading",
            entity_id=reading.id,
            set=set_row.id,
            device=reading.device_id,
        )
    s.flush()


def _same_value(sent: tuple[Decimal, str] | None, m: MeasurementRow) -> bool:
    """The stored value is the device's, in its unit or converted exactly (1.750 m = 175.000
    cm): the same quantity to the last digit, never a rounded one."""
    if sent is None:
        return False
    try:
        return to_canonical(sent[0], Unit(sent[1])) == to_canonical(
            Decimal(m.value_text), Unit(m.unit)
        )
    except ValueError:
        return False


def _decoded_quantity(reading: DeviceReading, code: str) -> tuple[Decimal, str] | None:
    try:
        decoded = decode(
            parse_characteristic(reading.characteristic), bytes.fromhex(reading.payload_hex)
        )
    except DecodeError:
        return None
    q = decoded.measurements.get(code)
    return (q.value, q.unit) if q is not None else None
