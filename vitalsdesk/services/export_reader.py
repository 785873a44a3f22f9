"""Reading an export in batches: the patients in MRN order, a few hundred at a time, each batch
with its sets and their measurements in one query (SQLAlchemy Core rows: no ORM objects, so
nothing piles up in a session's identity map). Memory stays the size of one batch whatever the
clinic's size; the caller writes each batch out before it asks for the next.

Everything runs in the caller's read transaction (`Database.read_snapshot`), so the counts taken
first and the rows read after are the same snapshot while the rooms go on saving.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from itertools import groupby
from typing import Any, NamedTuple, cast

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from vitalsdesk.db.models import Device, DeviceReading, Measurement, Patient, StaffUser, Visit
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.records import (
    BpReadingRecord,
    DeviceRef,
    MeasurementLike,
    PatientRecord,
    StaffRef,
    VisitRecord,
)
from vitalsdesk.services.accounts import IMPORT_ROLE
from vitalsdesk.services.bp_readings import bp_reading_records
from vitalsdesk.services.errors import NotFound
from vitalsdesk.services.measurement_rows import MEASUREMENT_COLUMNS

PATIENTS_PER_BATCH = 200
_CHUNK = 500  # ids per IN (...): far below any database's limit on bound parameters

_OLD = aliased(SetRow)
_SET_COLUMNS = (
    SetRow.id,
    SetRow.patient_id,
    SetRow.uid,
    SetRow.taken_at,
    SetRow.taken_at_utc_offset_minutes,
    SetRow.recorded_at,
    SetRow.recorded_by_id,
    SetRow.source_performer,
    SetRow.status,
    _OLD.uid.label("replaces_uid"),
    SetRow.superseded,
    SetRow.amend_reason,
    SetRow.error_reason,
    SetRow.error_marked_at,
    SetRow.error_marked_by_id,
    SetRow.source_error_marked_by,
    SetRow.clinician_notified,
    SetRow.source_clinician_notified,
    SetRow.reference_ranges_version,
    SetRow.bmi_value,
    SetRow.bmi_category,
    SetRow.bmi_confirm_reason,
    SetRow.bp_category,
    SetRow.visit_id,
    SetRow.acknowledged_by_id,
    SetRow.acknowledged_at,
)
_VISIT = _SET_COLUMNS.index(SetRow.visit_id)
_PATIENT_COLUMNS = (
    Patient.id,
    Patient.mrn,
    Patient.family_name,
    Patient.given_name,
    Patient.birth_date,
    Patient.sex,
    Patient.preferred_language,
    Patient.is_sample,
)


@dataclass(frozen=True, slots=True)
class Scope:
    """What an export holds. `patient_ids` None: every patient; `set_ids` None: every set of the
    patients it holds."""

    patient_ids: tuple[int, ...] | None
    set_ids: frozenset[int] | None
    one_patient: int | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    patients: int
    sets: int
    rows: int  # CSV rows: one per measurement, one per BMI


@dataclass(slots=True)
class BatchPatient:
    id: int
    record: PatientRecord
    sets: list[SetView]


def scope(s: Session, mrn: str | None, since: datetime | None) -> Scope:
    """The export's scope. `since`: every set taken, recorded or marked entered-in-error from then
    on, plus the whole amendment chain of each (so an amendment never points outside the file),
    and the patients changed since then or holding one of those sets."""
    one = None
    if mrn is not None:
        one = s.scalar(select(Patient.id).where(Patient.mrn == mrn.strip()))
        if one is None:
            raise NotFound(f"No patient has MRN {mrn.strip()}.")
    if since is None:
        return Scope(patient_ids=None if one is None else (one,), set_ids=None, one_patient=one)
    query = select(SetRow.id, SetRow.patient_id, SetRow.replaces_id).where(
        or_(
            SetRow.taken_at >= since,
            SetRow.recorded_at >= since,
            SetRow.error_marked_at >= since,
        )
    )
    if one is not None:
        query = query.where(SetRow.patient_id == one)
    found: dict[int, tuple[int, int | None]] = {
        r.id: (r.patient_id, r.replaces_id) for r in s.execute(query)
    }
    _complete_chains(s, found)
    if one is not None:
        patients: set[int] = {one}
    else:
        changed = s.scalars(
            select(Patient.id).where(or_(Patient.created_at >= since, Patient.updated_at >= since))
        )
        patients = {*changed, *(patient for patient, _ in found.values())}
    ordered: list[tuple[str, int]] = []
    for chunk in chunks(sorted(patients)):
        ordered += [
            (r.mrn, r.id)
            for r in s.execute(select(Patient.mrn, Patient.id).where(Patient.id.in_(chunk)))
        ]
    return Scope(
        patient_ids=tuple(pid for _, pid in sorted(ordered)),
        set_ids=frozenset(found),
        one_patient=one,
    )


def _complete_chains(s: Session, found: dict[int, tuple[int, int | None]]) -> None:
    """Add every set a selected set replaces or is replaced by, until the chains are whole."""
    new = list(found)
    while new:
        wanted = {replaces for i in new if (replaces := found[i][1]) is not None} - set(found)
        for chunk in chunks(new):
            wanted |= set(s.scalars(select(SetRow.id).where(SetRow.replaces_id.in_(chunk))))
        wanted -= set(found)
        new = []
        for chunk in chunks(sorted(wanted)):
            for r in s.execute(
                select(SetRow.id, SetRow.patient_id, SetRow.replaces_id).where(SetRow.id.in_(chunk))
            ):
                found[r.id] = (r.patient_id, r.replaces_id)
                new.append(r.id)


def chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def count(s: Session, sc: Scope) -> Counts:
    """The patients, sets and CSV rows the export will hold (one query each, or per chunk)."""
    if sc.set_ids is None:
        sets_q = select(func.count()).select_from(SetRow)
        rows_q = select(func.count()).select_from(Measurement)
        bmi_q = select(func.count()).select_from(SetRow).where(SetRow.bmi_value.is_not(None))
        if sc.patient_ids is not None:
            ids = list(sc.patient_ids)
            sets_q = sets_q.where(SetRow.patient_id.in_(ids))
            rows_q = rows_q.join(SetRow, SetRow.id == Measurement.set_id).where(
                SetRow.patient_id.in_(ids)
            )
            bmi_q = bmi_q.where(SetRow.patient_id.in_(ids))
        patients = (
            len(sc.patient_ids)
            if sc.patient_ids is not None
            else s.scalar(select(func.count()).select_from(Patient)) or 0
        )
        return Counts(
            patients=patients,
            sets=s.scalar(sets_q) or 0,
            rows=(s.scalar(rows_q) or 0) + (s.scalar(bmi_q) or 0),
        )
    rows = 0
    for chunk in chunks(sorted(sc.set_ids)):
        rows += (
            s.scalar(
                select(func.count()).select_from(Measurement).where(Measurement.set_id.in_(chunk))
            )
            or 0
        )
        rows += (
            s.scalar(
                select(func.count())
                .select_from(SetRow)
                .where(SetRow.id.in_(chunk), SetRow.bmi_value.is_not(None))
            )
            or 0
        )
    assert sc.patient_ids is not None
    return Counts(patients=len(sc.patient_ids), sets=len(sc.set_ids), rows=rows)


def staff_refs(s: Session) -> dict[int, StaffRef]:
    """Every account that can be named in an export (a clinic has a few dozen). The import actor
    is no one: an imported set is handed on with the source's words instead."""
    return {
        u.id: StaffRef(username=u.username, display_name=u.display_name)
        for u in s.execute(
            select(StaffUser.id, StaffUser.username, StaffUser.display_name).where(
                StaffUser.role != IMPORT_ROLE
            )
        )
    }


def people(s: Session, sc: Scope, staff: dict[int, StaffRef]) -> tuple[list[StaffRef], list[str]]:
    """The staff and the source systems' people the export's sets name (for Practitioners)."""
    ids: set[int] = set()
    texts: set[str] = set()
    columns = (
        SetRow.recorded_by_id,
        SetRow.error_marked_by_id,
        SetRow.acknowledged_by_id,
        SetRow.source_performer,
        SetRow.source_error_marked_by,
    )
    queries = []
    if sc.set_ids is not None:
        queries = [
            select(*columns).where(SetRow.id.in_(chunk)).distinct()
            for chunk in chunks(sorted(sc.set_ids))
        ]
    elif sc.patient_ids is not None:
        queries = [
            select(*columns).where(SetRow.patient_id.in_(chunk)).distinct()
            for chunk in chunks(list(sc.patient_ids))
        ]
    else:
        queries = [select(*columns).distinct()]
    for query in queries:
        for r in s.execute(query):
            imported = r.source_performer is not None
            if not imported:
                ids.add(r.recorded_by_id)
            if r.error_marked_by_id is not None:
                ids.add(r.error_marked_by_id)
            if r.acknowledged_by_id is not None:
                ids.add(r.acknowledged_by_id)
            texts.update(x for x in (r.source_performer, r.source_error_marked_by) if x)
    refs = sorted((staff[i] for i in ids if i in staff), key=lambda r: r.username)
    return refs, sorted(texts)


def device_refs(s: Session) -> dict[int, DeviceRef]:
    """Every device paired here (a clinic has a few per room), by the device readings' ids
    that name them: the export names the device of each value that came from one."""
    devices = {
        d.id: DeviceRef(
            uid=d.uid, name=d.name, model=d.model, serial=d.serial, manufacturer=d.manufacturer
        )
        for d in s.scalars(select(Device))
    }
    return {
        r.id: devices[r.device_id]
        for r in s.execute(
            select(DeviceReading.id, DeviceReading.device_id).where(
                DeviceReading.id.in_(
                    select(Measurement.device_reading_id).where(
                        Measurement.device_reading_id.is_not(None)
                    )
                )
            )
        )
    }


def patient_batches(s: Session, sc: Scope, size: int = PATIENTS_PER_BATCH) -> Iterator[list[Any]]:
    """The scope's patients (rows of _PATIENT_COLUMNS) in MRN order, `size` at a time."""
    if sc.patient_ids is not None:
        ids = list(sc.patient_ids)
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            rows = {
                r.id: r for r in s.execute(select(*_PATIENT_COLUMNS).where(Patient.id.in_(chunk)))
            }
            yield [rows[i] for i in chunk if i in rows]
        return
    last: str | None = None
    while True:
        query = select(*_PATIENT_COLUMNS).order_by(Patient.mrn).limit(size)
        if last is not None:
            query = query.where(Patient.mrn > last)
        batch = list(s.connection().execute(query))
        if not batch:
            return
        yield batch
        last = batch[-1].mrn


def patient_record(r: Any) -> PatientRecord:
    return PatientRecord.model_construct(
        mrn=r.mrn,
        family_name=r.family_name,
        given_name=r.given_name,
        birth_date=r.birth_date,
        sex=r.sex,
        preferred_language=r.preferred_language,
        is_sample=bool(r.is_sample),
    )


@functools.lru_cache(maxsize=256)  # a clinic's sets have a few offsets: one object each
def utc_offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def batches(
    s: Session,
    sc: Scope,
    staff: dict[int, StaffRef],
    size: int = PATIENTS_PER_BATCH,
    devices: dict[int, DeviceRef] | None = None,
) -> Iterator[list[BatchPatient]]:
    """The scope's patients with their sets (oldest first), one batch at a time: one query for
    the patients, one for their sets, one for the sets' measurements (Core rows on the session's
    connection: no ORM objects, no identity map)."""
    connection = s.connection()
    for patient_rows in patient_batches(s, sc, size):
        ids = [r.id for r in patient_rows]
        device_of = devices if devices is not None else {}
        # The device reading's id, when a device is paired here (its DeviceRef is put in its place
        # below); NULL otherwise, so the row needs nothing done to it.
        device = Measurement.device_reading_id if device_of else literal_column("NULL")
        measurements = (
            select(*MEASUREMENT_COLUMNS, device, Measurement.set_id)
            .join(SetRow, SetRow.id == Measurement.set_id)
            .where(SetRow.patient_id.in_(ids))
            .order_by(Measurement.set_id, Measurement.position_in_set)
        )
        result = connection.execute(measurements)
        try:
            # The driver's own rows: these columns need no conversion (a flag may come as 0/1,
            # read only for its truth), and a clinic's millions of values skip building a Row each.
            rows = result.cursor.fetchall()
        finally:
            result.close()
        # Each row made a MeasurementView as it is and grouped by its set, in C (map, groupby):
        # no Python statement per value.
        values: dict[int, list[MeasurementLike]] = {}
        for set_id, group in groupby(map(_AS_VIEW, rows), _SET_ID):
            if device_of:
                values[set_id] = [
                    v if v.device is None else v._replace(device=device_of.get(cast(int, v.device)))
                    for v in group
                ]
            else:
                values[set_id] = list(group)
        sets = (
            select(*_SET_COLUMNS)
            .outerjoin(_OLD, _OLD.id == SetRow.replaces_id)
            .where(SetRow.patient_id.in_(ids))
            .order_by(SetRow.patient_id, SetRow.taken_at, SetRow.id)
        )
        sets_of: dict[int, list[SetView]] = {i: [] for i in ids}
        result = connection.execute(sets)
        try:
            # The driver's own rows, as for the measurements: set_view converts the few
            # columns that need it (times, flags) itself.
            set_rows = [
                r for r in result.cursor.fetchall() if sc.set_ids is None or r[0] in sc.set_ids
            ]
        finally:
            result.close()
        visits = _visits(s, {r[_VISIT] for r in set_rows if r[_VISIT] is not None})
        readings = bp_reading_records(s, [r[0] for r in set_rows])
        for r in set_rows:
            set_id, patient_id = r[0], r[1]
            stored = set_view(r, values.get(set_id, []), staff, visits)
            if readings:
                stored.bp_readings = readings.get(set_id, ())
            sets_of[patient_id].append(stored)
        yield [BatchPatient(r.id, patient_record(r), sets_of[r.id]) for r in patient_rows]


def _visits(s: Session, ids: set[int]) -> dict[int, VisitRecord]:
    """The visits of a batch's sets (an Encounter each in a FHIR export)."""
    return {
        v.id: VisitRecord(
            uid=v.uid or f"visit-{v.id}", started_at=v.started_at, ended_at=v.ended_at
        )
        for chunk in chunks(sorted(ids))
        for v in s.execute(
            select(Visit.id, Visit.uid, Visit.started_at, Visit.ended_at).where(Visit.id.in_(chunk))
        )
    }


class MeasurementView(NamedTuple):
    """A stored measurement as an export reads it (MeasurementLike), in the order of
    MEASUREMENT_COLUMNS: no record is validated again for each of a clinic's millions of values
    (they were checked when they were saved). A tuple, made from the row as it is."""

    code: str
    value_text: str
    unit: str
    canonical_text: str
    canonical_unit: str
    method: str | None
    position: str | None
    arm: str | None
    cuff_size: str | None
    on_supplemental_oxygen: bool | None
    oxygen_flow_text: str | None
    interpretation: str | None
    confirmed: bool
    confirm_reason: str | None
    device: DeviceRef | None = None  # the device the value came from, unchanged (None: typed)
    set_id: int = 0  # the set it belongs to (the row's last column, by which batches groups)


_AS_VIEW = functools.partial(tuple.__new__, MeasurementView)
_SET_ID = operator.itemgetter(-1)


@dataclass(slots=True)
class SetView:
    """A stored set as an export reads it (SetLike): built straight from its row, with its
    measurement rows as they are, since a whole clinic is millions of them and they were
    checked when they were saved."""

    uid: str
    taken_at: datetime
    recorded_at: datetime
    recorded_by: StaffRef | None
    source_performer: str | None
    status: str
    replaces_uid: str | None
    superseded: bool
    amend_reason: str | None
    error_reason: str | None
    error_marked_at: datetime | None
    error_marked_by: StaffRef | None
    source_error_marked_by: str | None
    clinician_notified: bool
    source_clinician_notified: bool | None
    reference_ranges_version: str
    bmi_value: str | None
    bmi_category: str | None
    bmi_confirm_reason: str | None
    bp_category: str | None
    measurements: list[MeasurementLike]
    visit: VisitRecord | None
    acknowledged_by: StaffRef | None
    acknowledged_at: datetime | None
    # A guided blood pressure's readings, in the order taken (empty for a single BP).
    bp_readings: tuple[BpReadingRecord, ...] = ()

    def measurement(self, code: str) -> MeasurementLike | None:
        return next((m for m in self.measurements if m.code == code), None)


def set_view(
    r: Any,
    measurements: list[MeasurementLike],
    staff: dict[int, StaffRef],
    visits: dict[int, VisitRecord] | None = None,
) -> SetView:
    """An imported set names no account of this clinic: its people are the source's text, and
    its "clinician notified" what the source reported. `r`: the driver's row of _SET_COLUMNS,
    read by position (a clinic's sets are read by the hundred thousand)."""
    (
        _id,
        _patient_id,
        uid,
        taken_at,
        offset_minutes,
        recorded_at,
        recorded_by_id,
        source_performer,
        status,
        replaces_uid,
        superseded,
        amend_reason,
        error_reason,
        error_marked_at,
        error_marked_by_id,
        source_error_marked_by,
        clinician_notified,
        source_clinician_notified,
        reference_ranges_version,
        bmi_value,
        bmi_category,
        bmi_confirm_reason,
        bp_category,
        visit_id,
        acknowledged_by_id,
        acknowledged_at,
    ) = r
    return SetView(
        uid,
        utc(taken_at).astimezone(utc_offset(offset_minutes)),
        utc(recorded_at),
        None if source_performer is not None else staff[recorded_by_id],
        source_performer,
        status,
        replaces_uid,
        bool(superseded),
        amend_reason,
        error_reason,
        utc(error_marked_at) if error_marked_at is not None else None,
        staff.get(error_marked_by_id) if error_marked_by_id else None,
        source_error_marked_by,
        bool(clinician_notified),
        None if source_clinician_notified is None else bool(source_clinician_notified),
        reference_ranges_version,
        bmi_value,
        bmi_category,
        bmi_confirm_reason,
        bp_category,
        measurements,
        (visits or {}).get(visit_id) if visit_id is not None else None,
        staff.get(acknowledged_by_id) if acknowledged_by_id else None,
        utc(acknowledged_at) if acknowledged_at is not None else None,
    )


def utc(value: datetime | str) -> datetime:
    """A stored time as the UtcDateTime column gives it (aware, UTC) from the driver's own value:
    SQLite's text, or PostgreSQL's aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
