"""Hand the record on, out: FHIR R4 and CSV export.

The pure work (building bundles and CSV rows) lives in vitalsdesk.interop; this module owns the
read transaction and the audit events: every export writes one "export" event per patient it holds
(entity patient) and one summary "export" event with the counts. The events commit before the
file's content reaches the disk (vitalsdesk.services.output_files); a file that then cannot be put
in place gets "export_not_written" events saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Patient, StaffUser, Visit, utcnow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop import csv_export, fhir_export
from vitalsdesk.interop.codes import MRN_SYSTEM
from vitalsdesk.interop.records import (
    PatientExport,
    PatientRecord,
    SetRecord,
    StaffRef,
    VisitRecord,
)
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.accounts import IMPORT_ROLE
from vitalsdesk.services.audit import audit
from vitalsdesk.services.bp_readings import bp_reading_records
from vitalsdesk.services.context import acting_user
from vitalsdesk.services.errors import InvalidInput, NotFound
from vitalsdesk.services.measurement_rows import measurement_record
from vitalsdesk.services.output_files import check_destination, write_audited
from vitalsdesk.services.schemas import StaffUserOut

Progress = Callable[[int, int], None]


class ExportSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    format: str  # fhir | csv
    path: str
    patients: int
    sets: int
    observations: int = 0  # FHIR Observation resources
    rows: int = 0  # CSV rows after the header


def since_moment(since: date | datetime) -> datetime:
    """A date means the start of that day on this PC's clock."""
    if isinstance(since, datetime):
        if since.tzinfo is None:
            raise InvalidInput("Give the time with its time zone, or a date.")
        return since
    return datetime.combine(since, time.min).astimezone()


def _offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


class ExportService:
    def __init__(
        self,
        db: Database,
        table: RangeTable,
        *,
        growth_tables: GrowthTables,
        mrn_system: str = MRN_SYSTEM,
        data_folder: DataFolder | None = None,
    ) -> None:
        self.db = db
        self.table = table
        self.growth_tables = growth_tables
        self.mrn_system = mrn_system
        self.data_folder = data_folder

    def export_fhir(
        self,
        destination: Path,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        since: date | datetime | None = None,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write a FHIR R4 Bundle (JSON) of one patient (`mrn`) and/or the sets since a date."""

        def build(selection: list[PatientExport]) -> tuple[str, ExportSummary]:
            bundle = fhir_export.build_bundle(
                selection,
                timestamp=utcnow(),
                mrn_system=self.mrn_system,
                progress=progress,
                growth_tables=self.growth_tables,
            )
            observations = sum(
                1 for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
            )
            summary = ExportSummary(
                format="fhir",
                path=str(destination),
                patients=len(selection),
                sets=fhir_export.count_sets(selection),
                observations=observations,
            )
            pretty = summary.sets <= fhir_export.PRETTY_UP_TO
            return fhir_export.bundle_json(bundle, pretty=pretty), summary

        return self._export(destination, actor, mrn, since, build, encoding="utf-8")

    def export_csv(
        self,
        destination: Path,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        since: date | datetime | None = None,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write a CSV file, one row per measurement, safe to open in a spreadsheet."""

        def build(selection: list[PatientExport]) -> tuple[str, ExportSummary]:
            table = list(csv_export.rows(selection, progress))
            summary = ExportSummary(
                format="csv",
                path=str(destination),
                patients=len(selection),
                sets=fhir_export.count_sets(selection),
                rows=len(table) - 1,
            )
            return csv_export.to_text(table), summary

        return self._export(destination, actor, mrn, since, build, encoding=csv_export.ENCODING)

    def check_destination(self, destination: Path) -> Path:
        """The export's file as an absolute path; InvalidInput, in words, when it is one of the
        clinic's own files or folders (the database, its keys, its backups...) or a folder."""
        return check_destination(destination, self.db, self.data_folder)

    def _export(
        self,
        destination: Path,
        actor: StaffUserOut | None,
        mrn: str | None,
        since: date | datetime | None,
        build: Callable[[list[PatientExport]], tuple[str, ExportSummary]],
        *,
        encoding: str,
    ) -> ExportSummary:
        moment = since_moment(since) if since is not None else None
        target = self.check_destination(Path(destination))
        if not target.parent.is_dir():
            raise InvalidInput(f"Cannot write {destination}: the folder does not exist.")

        def read(s: Session) -> tuple[list[PatientExport], list[int]]:
            acting_user(s, actor)
            return _select(s, mrn, moment)

        # Read in one short transaction; build with no lock held (a large export must not keep
        # the other rooms from saving); then record and write (vitalsdesk.services.output_files:
        # the audit events commit before the content is on the disk).
        selection, patient_ids = self.db.run(read)
        text, summary = build(selection)

        def events(s: Session, action: str, **detail: object) -> None:
            _audit_export(s, actor, action, selection, patient_ids, summary, mrn, moment, detail)

        def record() -> ExportSummary:
            self.db.run(lambda s: events(s, "export"))
            return summary

        def not_written(why: str) -> None:
            self.db.run(lambda s: events(s, "export_not_written", why=why))

        return write_audited(target, text.encode(encoding), record, not_written)


def _audit_export(
    s: Session,
    actor: StaffUserOut | None,
    action: str,
    selection: list[PatientExport],
    patient_ids: list[int],
    summary: ExportSummary,
    mrn: str | None,
    moment: datetime | None,
    detail: dict[str, object],
) -> None:
    """One `action` event per patient the export holds, then one summary event with the counts."""
    by = acting_user(s, actor)
    for patient_id, export in zip(patient_ids, selection, strict=True):
        audit(
            s,
            by,
            action,
            patient_id=patient_id,
            entity="patient",
            entity_id=patient_id,
            format=summary.format,
            sets=len(export.sets),
            **detail,
        )
    audit(
        s,
        by,
        action,
        format=summary.format,
        patients=summary.patients,
        sets=summary.sets,
        observations=summary.observations,
        rows=summary.rows,
        one_patient=mrn is not None,
        since=moment.isoformat() if moment is not None else None,
        **cast(dict[str, Any], detail),
    )


# -- reading for export ------------------------------------------------------------------------------


def _select(
    s: Session, mrn: str | None, since: datetime | None
) -> tuple[list[PatientExport], list[int]]:
    """The patients and sets an export holds, and the patients' ids (same order).

    `since`: every set taken, recorded or marked entered-in-error from then on, plus the whole
    amendment chain of each (so an amendment never points outside the file)."""
    patient_filter = _patient_filter(s, mrn)
    rows = _selected_sets(s, patient_filter, since)
    ordered = sorted(_selected_patients(s, patient_filter, since, rows), key=lambda p: p.mrn)
    staff = _staff_refs(s, rows)
    uid_of = {r.id: r.uid for r in rows.values()}
    visits = _visit_records(s, rows)
    readings = bp_reading_records(s, rows)
    by_patient: dict[int, list[SetRow]] = {}
    for r in sorted(rows.values(), key=lambda r: (r.taken_at, r.id)):
        by_patient.setdefault(r.patient_id, []).append(r)
    exports = [
        PatientExport(
            patient=_patient_record(p),
            sets=tuple(
                _set_record(r, staff, uid_of, visits).model_copy(
                    update={"bp_readings": readings.get(r.id, ())}
                )
                for r in by_patient.get(p.id, [])
            ),
        )
        for p in ordered
    ]
    return exports, [p.id for p in ordered]


def _patient_filter(s: Session, mrn: str | None) -> int | None:
    """The id of the one patient asked for, None for every patient."""
    if mrn is None:
        return None
    patient = s.scalar(select(Patient).where(Patient.mrn == mrn.strip()))
    if patient is None:
        raise NotFound(f"No patient has MRN {mrn.strip()}.")
    return patient.id


def _selected_sets(
    s: Session, patient_filter: int | None, since: datetime | None
) -> dict[int, SetRow]:
    query = select(SetRow)
    if patient_filter is not None:
        query = query.where(SetRow.patient_id == patient_filter)
    if since is not None:
        query = query.where(
            or_(
                SetRow.taken_at >= since,
                SetRow.recorded_at >= since,
                SetRow.error_marked_at >= since,
            )
        )
    options = [selectinload(SetRow.measurements), selectinload(SetRow.recorded_by)]
    rows = {r.id: r for r in s.scalars(query.options(*options))}
    if since is not None:
        _complete_chains(s, rows, options)
    return rows


def _selected_patients(
    s: Session, patient_filter: int | None, since: datetime | None, rows: dict[int, SetRow]
) -> list[Patient]:
    """The one patient asked for, every patient, or (since a moment) the patients changed since
    then and those of the selected sets."""
    if patient_filter is None and since is None:
        return list(s.scalars(select(Patient)))
    if patient_filter is not None:
        patient_ids = [patient_filter]
    else:
        changed = s.scalars(
            select(Patient.id).where(or_(Patient.created_at >= since, Patient.updated_at >= since))
        )
        patient_ids = list({*changed, *(r.patient_id for r in rows.values())})
    return [
        p
        for chunk in _chunks(sorted(patient_ids))
        for p in s.scalars(select(Patient).where(Patient.id.in_(chunk)))
    ]


def _staff_refs(s: Session, rows: dict[int, SetRow]) -> dict[int, StaffRef]:
    staff_ids = (
        {r.error_marked_by_id for r in rows.values() if r.error_marked_by_id}
        | {r.acknowledged_by_id for r in rows.values() if r.acknowledged_by_id}
        | {r.recorded_by_id for r in rows.values()}
    )
    # The import actor is no one: an imported set is handed on with the source's words instead.
    return {
        u.id: StaffRef(username=u.username, display_name=u.display_name)
        for chunk in _chunks(sorted(staff_ids))
        for u in s.scalars(
            select(StaffUser).where(StaffUser.id.in_(chunk), StaffUser.role != IMPORT_ROLE)
        )
    }


def _visit_records(s: Session, rows: dict[int, SetRow]) -> dict[int, VisitRecord]:
    """The visits of the selected sets, by id (an Encounter each in the FHIR export)."""
    ids = sorted({r.visit_id for r in rows.values() if r.visit_id is not None})
    return {
        v.id: VisitRecord(
            uid=v.uid or f"visit-{v.id}", started_at=v.started_at, ended_at=v.ended_at
        )
        for chunk in _chunks(ids)
        for v in s.scalars(select(Visit).where(Visit.id.in_(chunk)))
    }


_CHUNK = 500  # ids per IN (...): far below any database's limit on bound parameters


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _complete_chains(s: Session, rows: dict[int, SetRow], options: list[Any]) -> None:
    """Add every set a selected set replaces or is replaced by, until the chains are whole."""
    new = list(rows)
    while new:
        wanted: set[int] = {
            r.replaces_id for i in new if (r := rows[i]).replaces_id is not None
        } - set(rows)
        for chunk in _chunks(new):
            wanted |= set(s.scalars(select(SetRow.id).where(SetRow.replaces_id.in_(chunk))))
        wanted -= set(rows)
        new = []
        for chunk in _chunks(sorted(wanted)):
            for r in s.scalars(select(SetRow).where(SetRow.id.in_(chunk)).options(*options)):
                rows[r.id] = r
                new.append(r.id)


def _patient_record(p: Patient) -> PatientRecord:
    return PatientRecord(
        mrn=p.mrn,
        family_name=p.family_name,
        given_name=p.given_name,
        birth_date=p.birth_date,
        sex=p.sex,
        preferred_language=p.preferred_language,
        is_sample=p.is_sample,
    )


def _set_record(
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
        taken_at=r.taken_at.astimezone(_offset(r.taken_at_utc_offset_minutes)),
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
