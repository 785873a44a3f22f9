"""The import merges patients and sets a batch at a time (one executemany per table, the audit
events chained together): the same rows and the same audit trail, one event per patient
registered and per set imported, and an audit chain that verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.interop.samples import PATIENT, export_of, full_set
from tests.services.test_exchange import _audit, _count, exchange
from tests.staff import clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import Measurement, Patient
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.records import PatientRecord
from vitalsdesk.services.audit import verify_chain

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _bundle(patients: int, sets_each: int) -> str:
    exports = []
    for p in range(patients):
        patient = PatientRecord(**{**PATIENT.model_dump(), "mrn": f"B-{p}"})
        sets = [
            full_set(
                f"00000000-0000-4000-8000-{p:06d}{s:06d}",
                taken_at=full_set().taken_at - timedelta(days=s),
            )
            for s in range(sets_each)
        ]
        # The last one amends the first: it takes the one-at-a-time path after the batch.
        sets[-1] = sets[-1].model_copy(
            update={"status": "amended", "replaces_uid": sets[0].uid, "amend_reason": "typo"}
        )
        exports += export_of(*sets, patient=patient)
    return bundle_json(build_bundle(exports, timestamp=NOW))


def test_a_batched_import_writes_one_audit_event_per_row_and_the_chain_verifies(
    sqlite_clinic: Clinic,
) -> None:
    admin = clinic_admin(sqlite_clinic)
    text = _bundle(patients=3, sets_each=4)
    report = exchange(sqlite_clinic).import_fhir(text, admin)
    assert report.problems == ()
    assert (report.patients_registered, report.sets_imported) == (3, 12)
    assert _count(sqlite_clinic, Patient) == 3
    assert _count(sqlite_clinic, SetRow) == 12
    assert _count(sqlite_clinic, Measurement) == 12 * 9
    assert len(_audit(sqlite_clinic, "patient_registered")) == 3
    imported = _audit(sqlite_clinic, "vitals_imported")
    assert len(imported) == 12
    assert len({e.entity_id for e in imported}) == 12
    assert sum(1 for e in imported if e.detail["replaces"] is not None) == 3
    with sqlite_clinic.db.transaction() as s:
        superseded = s.query(SetRow).filter(SetRow.superseded.is_(True)).count()
    assert superseded == 3
    assert verify_chain(sqlite_clinic.db).intact

    again = exchange(sqlite_clinic).import_fhir(text, admin)
    assert (again.patients_matched, again.sets_already_present, again.sets_imported) == (3, 12, 0)
    assert _count(sqlite_clinic, SetRow) == 12
    assert verify_chain(sqlite_clinic.db).intact


def test_two_mrns_of_the_file_that_are_one_here_make_one_patient(sqlite_clinic: Clinic) -> None:
    # " B-0" is read as "B-0": in one batch, the second is matched to the patient the first
    # registered, as when patients were merged one at a time.
    document = json.loads(_bundle(patients=2, sets_each=2))
    mrns = [
        i
        for e in document["entry"]
        if e["resource"]["resourceType"] == "Patient"
        for i in e["resource"]["identifier"]
    ]
    mrns[0]["value"], mrns[1]["value"] = "B-0", " B-0"
    report = exchange(sqlite_clinic).import_fhir(json.dumps(document), clinic_admin(sqlite_clinic))
    assert report.problems == ()
    assert (report.patients_registered, report.patients_matched, report.sets_imported) == (1, 1, 4)
    assert _count(sqlite_clinic, Patient) == 1
    assert verify_chain(sqlite_clinic.db).intact
