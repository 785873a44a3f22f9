"""Device provenance survives an import: a value the export says came from a Device (with the
Device resource in the file) is stored with that device, and exported again with it. The device
is a record of provenance only, never a paired device of this clinic."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete

from tests.interop.fhir_checks import load
from tests.interop.samples import FULL, export_of, full_set
from tests.services.test_exchange import exchange
from tests.staff import clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import DeviceReading, Measurement
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.fhir_import import parse_bundle_text
from vitalsdesk.interop.records import DeviceRef
from vitalsdesk.reference_ranges import shipped_table
from vitalsdesk.services.devices import DeviceService

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
CUFF = DeviceRef(
    uid="0b9c4c2e-0000-4000-8000-000000000001",
    name="Room 3 cuff",
    model="BP7000",
    serial="SN-1",
    manufacturer="Acme",
)
OXIMETER = DeviceRef(uid="0b9c4c2e-0000-4000-8000-000000000002", name="Room 3 oximeter")


def _bundle() -> str:
    devices = {"systolic_bp": CUFF, "diastolic_bp": CUFF, "oxygen_saturation": OXIMETER}
    measured = tuple(
        x.model_copy(update={"device": devices[x.code]}) if x.code in devices else x for x in FULL
    )
    return bundle_json(build_bundle(export_of(full_set(measurements=measured)), timestamp=NOW))


def test_a_value_from_a_device_reads_back_with_its_device() -> None:
    parsed = parse_bundle_text(_bundle(), shipped_table(), NOW)
    assert parsed.problems == ()
    record = parsed.patients[0].sets[0].record
    assert {m.code: m.device for m in record.measurements if m.device} == {
        "systolic_bp": CUFF,
        "diastolic_bp": CUFF,
        "oxygen_saturation": OXIMETER,
    }
    assert "Device" not in parsed.ignored


@pytest.mark.parametrize("form", ["bundle", "ndjson"])
def test_device_provenance_is_stored_and_exported_again(
    form: str, sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    admin = clinic_admin(sqlite_clinic)
    service = exchange(sqlite_clinic)
    if form == "bundle":
        report = service.import_fhir(_bundle(), admin)
    else:
        # NDJSON files with Device.ndjson: this clinic's export of the imported bundle, imported
        # again once its sets (and their device readings) are gone.
        first = service.import_fhir(_bundle(), admin)
        assert first.problems == ()
        folder = tmp_path / "ndjson"
        folder.mkdir()
        service.export_ndjson(folder, admin)
        assert (folder / "Device.ndjson").is_file()
        with sqlite_clinic.db.transaction() as s:
            s.execute(delete(Measurement))
            s.execute(delete(DeviceReading))
            s.execute(delete(SetRow))
        report = service.import_ndjson(folder, admin)
    assert report.problems == ()
    assert report.sets_imported == 1
    out = tmp_path / "again.json"
    service.export_fhir(out, admin, mrn="M-1")
    raw, _model = load(out.read_text(encoding="utf-8"))
    devices = [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Device"]
    assert sorted(d["identifier"][0]["value"] for d in devices) == [CUFF.uid, OXIMETER.uid]
    cuff = next(d for d in devices if d["identifier"][0]["value"] == CUFF.uid)
    assert (cuff["modelNumber"], cuff["serialNumber"], cuff["manufacturer"]) == (
        "BP7000",
        "SN-1",
        "Acme",
    )
    assert [
        o["device"]["display"]
        for o in (e["resource"] for e in raw["entry"])
        if o["resourceType"] == "Observation" and "device" in o
    ] == ["Room 3 cuff", "Room 3 oximeter"]
    # Provenance only: no imported device is offered as one of this clinic's paired devices.
    assert DeviceService(sqlite_clinic.db).devices() == []
