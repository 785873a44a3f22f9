"""One stored set as an interop record, read through the ORM: what the HL7 outbox builds its
message from, inside the transaction that saves the set (a whole-clinic export reads in batches
instead: services/export_reader.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.db.models import Patient, StaffUser
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.records import PatientRecord, SetRecord, StaffRef, VisitRecord
from vitalsdesk.services.accounts import IMPORT_ROLE
from vitalsdesk.services.export_reader import chunks, utc_offset
from vitalsdesk.services.measurement_rows import measurement_record


def staff_refs(s: Session, rows: dict[int, SetRow]) -> dict[int, StaffRef]:
    staff_ids = (
        {r.error_marked_by_id for r in rows.values() if r.error_marked_by_id}
        | {r.acknowledged_by_id for r in rows.values() if r.acknowledged_by_id}
        | {r.recorded_by_id for r in rows.values()}
    )
    # The import actor is no one: an imported set is handed on with the source's words instead.
    return {
        u.id: StaffRef(username=u.username, display_name=u.display_name)
        for chunk in chunks(sorted(staff_ids))
        for u in s.scalars(
            select(StaffUser).where(StaffUser.id.in_(chunk), StaffUser.role != IMPORT_ROLE)
        )
    }


def patient_record(p: Patient) -> PatientRecord:
    return PatientRecord(
        mrn=p.mrn,
        family_name=p.family_name,
        given_name=p.given_name,
        birth_date=p.birth_date,
        sex=p.sex,
        preferred_language=p.preferred_language,
        is_sample=p.is_sample,
    )


def set_record(
    r: SetRow,
    staff: dict[int, StaffRef],
    uid_of: dict[int, str],
    visits: dict[int, VisitRecord] | None = None,
) -> SetRecord:
    """A stored set as a record. An imported set names no account of this clinic: its people
    are the source's text, and its "clinician notified" what the source reported."""
    imported = r.source_performer is not None
    return SetRecord(
        uid=r.uid,
        taken_at=r.taken_at.astimezone(utc_offset(r.taken_at_utc_offset_minutes)),
        recorded_at=r.recorded_at,
        recorded_by=None if imported else staff[r.recorded_by_id],
        source_performer=r.source_performer,
        status=r.status,
        replaces_uid=uid_of.get(r.replaces_id) if r.replaces_id is not None else None,
        superseded=r.superseded,
        amend_reason=r.amend_reason,
        error_reason=r.error_reason,
        error_marked_at=r.error_marked_at,
        error_marked_by=staff.get(r.error_marked_by_id) if r.error_marked_by_id else None,
        source_error_marked_by=r.source_error_marked_by,
        clinician_notified=r.clinician_notified,
        source_clinician_notified=r.source_clinician_notified,
        reference_ranges_version=r.reference_ranges_version,
        bmi_value=r.bmi_value,
        bmi_category=r.bmi_category,
        bmi_confirm_reason=r.bmi_confirm_reason,
        bp_category=r.bp_category,
        measurements=tuple(measurement_record(m) for m in r.measurements),
        visit=(visits or {}).get(r.visit_id) if r.visit_id is not None else None,
        acknowledged_by=staff.get(r.acknowledged_by_id) if r.acknowledged_by_id else None,
        acknowledged_at=r.acknowledged_at,
    )
