"""Devices and their readings in the database: pairing by administrators, every reading kept as it
came and audited, the unassigned list, and a saved value's link to the reading it came from."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.interop.fhir_checks import by_code, check_bundle
from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import AuditEvent, Measurement
from vitalsdesk.db.models import DeviceReading as ReadingRow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.devices import DeviceIn, DeviceOut
from vitalsdesk.services.errors import Conflict, Forbidden, InvalidInput
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

# The sample cuff reading: 128/82 mm[Hg], pulse 72, device time 2026-11-27 09:30:00.
CUFF = bytes.fromhex("1e800052006100ea070b1b091e004800010000")
DEVICE_TIME = datetime(2026, 11, 27, 9, 30)
TAKEN = "2026-11-27T09:30:00-05:00"


@pytest.fixture
def ma(sqlite_clinic: Clinic) -> StaffUserOut:
    return add_staff(sqlite_clinic, "ma1", "password-one", "assistant", "Ana MA")


@pytest.fixture
def patient(sqlite_clinic: Clinic, ma: StaffUserOut) -> PatientOut:
    return sqlite_clinic.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Doe",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        ma,
    )


@pytest.fixture
def cuff(sqlite_clinic: Clinic) -> DeviceOut:
    return sqlite_clinic.devices.add(
        clinic_admin(sqlite_clinic),
        DeviceIn(
            name="Room 3 cuff",
            address="AA:BB:CC:00:00:01",
            transport="bluetooth",
            characteristics="2A35",
            model="UA-651BLE",
            serial="5110042",
            manufacturer="A&D",
        ),
    )


def _vitals(**measurements: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": TAKEN,
            "measurements": measurements,
        }
    )


BP = {
    "systolic_bp": {"value": 128, "unit": "mm[Hg]"},
    "diastolic_bp": {"value": 82, "unit": "mm[Hg]"},
    "heart_rate": {"value": 72, "unit": "/min"},
}


def _actions(clinic: Clinic) -> list[str]:
    with clinic.db.transaction() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_only_an_administrator_pairs_a_device(
    sqlite_clinic: Clinic, ma: StaffUserOut, cuff: DeviceOut
) -> None:
    assert (cuff.name, cuff.model, cuff.serial) == ("Room 3 cuff", "UA-651BLE", "5110042")
    with pytest.raises(Forbidden):
        sqlite_clinic.devices.add(
            ma,
            DeviceIn(name="x", address="AA:02", transport="bluetooth", characteristics="2A1C"),
        )
    with pytest.raises(Conflict):
        sqlite_clinic.devices.add(
            clinic_admin(sqlite_clinic),
            DeviceIn(
                name="again", address=cuff.address, transport="bluetooth", characteristics="2A35"
            ),
        )
    renamed = sqlite_clinic.devices.rename(clinic_admin(sqlite_clinic), cuff.id, "  Cuff   A ")
    assert renamed.name == "Cuff A"
    assert [d.name for d in sqlite_clinic.devices.devices()] == ["Cuff A"]
    assert "device_added" in _actions(sqlite_clinic)
    assert "device_renamed" in _actions(sqlite_clinic)


def test_a_saved_device_value_keeps_its_device_payload_and_device_time(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut
) -> None:
    reading = sqlite_clinic.devices.receive(
        ma, cuff.id, "2A35", CUFF, DEVICE_TIME, into_patient=patient.id
    )
    assert (reading.status, reading.patient_id) == ("in_form", patient.id)
    assert reading.decoded().measurements["systolic_bp"].value == 128
    saved = sqlite_clinic.vitals.record(
        patient.id,
        _vitals(**BP),
        ma,
        device_values={"systolic_bp": reading.id, "diastolic_bp": reading.id},
    )
    with sqlite_clinic.db.transaction() as s:
        links = {
            m.code: m.device_reading_id
            for m in s.scalars(select(Measurement).where(Measurement.set_id == saved.id))
        }
        row = s.get(ReadingRow, reading.id)
        assert row is not None
        assert (row.status, row.set_id, row.payload_hex) == ("saved", saved.id, CUFF.hex())
        assert row.device_time == "2026-11-27T09:30:00"
        assert row.device.serial == "5110042"
    # The pulse was not marked as from the device: it is the MA's, with no link.
    assert links == {"systolic_bp": reading.id, "diastolic_bp": reading.id, "heart_rate": None}
    actions = _actions(sqlite_clinic)
    assert actions[-3:] == ["device_reading_received", "vitals_recorded", "device_reading_saved"]


def test_the_fhir_export_names_the_device_of_a_saved_value(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut, tmp_path: Path
) -> None:
    reading = sqlite_clinic.devices.receive(
        ma, cuff.id, "2A35", CUFF, DEVICE_TIME, into_patient=patient.id
    )
    sqlite_clinic.vitals.record(
        patient.id,
        _vitals(**BP),
        ma,
        device_values={"systolic_bp": reading.id, "diastolic_bp": reading.id},
    )
    target = tmp_path / "out.json"
    sqlite_clinic.exchange.export_fhir(target, clinic_admin(sqlite_clinic))
    raw = check_bundle(target.read_text(encoding="utf-8"))
    [device] = [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Device"]
    assert device["serialNumber"] == "5110042"
    assert device["identifier"] == [{"system": "urn:vitalsdesk:device", "value": cuff.uid}]
    [bp] = by_code(raw, "85354-9")
    assert bp["device"]["display"] == "Room 3 cuff"
    [pulse] = by_code(raw, "8867-4")
    assert "device" not in pulse


def test_a_value_the_ma_changed_cannot_claim_the_device(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut
) -> None:
    reading = sqlite_clinic.devices.receive(
        ma, cuff.id, "2A35", CUFF, DEVICE_TIME, into_patient=patient.id
    )
    changed = {**BP, "systolic_bp": {"value": 126, "unit": "mm[Hg]"}}
    with pytest.raises(InvalidInput, match="not what the device sent"):
        sqlite_clinic.vitals.record(
            patient.id, _vitals(**changed), ma, device_values={"systolic_bp": reading.id}
        )
    with sqlite_clinic.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SetRow)) == 0  # nothing half-saved
    assert sqlite_clinic.devices.get(reading.id).status == "in_form"


def test_a_waiting_reading_is_never_attached_without_the_ma(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut
) -> None:
    waiting = sqlite_clinic.devices.receive(
        ma, cuff.id, "2A35", CUFF, DEVICE_TIME, into_patient=None, waiting_reason="no patient"
    )
    assert (waiting.status, waiting.patient_id) == ("waiting", None)
    assert [r.id for r in sqlite_clinic.devices.waiting()] == [waiting.id]
    with pytest.raises(InvalidInput, match="not taken for this patient"):
        sqlite_clinic.vitals.record(
            patient.id, _vitals(**BP), ma, device_values={"systolic_bp": waiting.id}
        )
    attached = sqlite_clinic.devices.attach(ma, waiting.id, patient.id)
    assert (attached.status, attached.patient_id) == ("in_form", patient.id)
    assert sqlite_clinic.devices.waiting() == []
    with pytest.raises(Conflict):
        sqlite_clinic.devices.discard(ma, waiting.id)
    assert "device_reading_attached" in _actions(sqlite_clinic)


def test_a_discarded_reading_is_kept_marked_and_audited(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut
) -> None:
    waiting = sqlite_clinic.devices.receive(
        ma, cuff.id, "2A35", CUFF, None, into_patient=None, waiting_reason="stale"
    )
    discarded = sqlite_clinic.devices.discard(ma, waiting.id)
    assert (discarded.status, discarded.patient_id) == ("discarded", None)
    with pytest.raises(Conflict):
        sqlite_clinic.devices.attach(ma, waiting.id, patient.id)
    assert _actions(sqlite_clinic)[-1] == "device_reading_discarded"
    with pytest.raises(InvalidInput):
        sqlite_clinic.devices.receive(ma, cuff.id, "2A35", CUFF, None, into_patient=None)


def test_only_a_reading_still_in_a_form_is_given_back(
    sqlite_clinic: Clinic, ma: StaffUserOut, patient: PatientOut, cuff: DeviceOut
) -> None:
    devices = sqlite_clinic.devices
    in_form = devices.receive(ma, cuff.id, "2A35", CUFF, None, into_patient=patient.id)
    saved = devices.receive(ma, cuff.id, "2A35", CUFF, None, into_patient=patient.id)
    sqlite_clinic.vitals.record(
        patient.id, _vitals(**BP), ma, device_values={"systolic_bp": saved.id}
    )
    back = devices.give_back(ma, [in_form.id, saved.id, in_form.id], "the form was cleared")
    assert [(r.id, r.status, r.patient_id) for r in back] == [(in_form.id, "waiting", None)]
    assert devices.get(saved.id).status == "saved"
    assert [r.id for r in devices.waiting()] == [in_form.id]
