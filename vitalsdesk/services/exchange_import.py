"""Hand the record on, in: FHIR import (merge another PC's records).

The pure work (reading bundles) lives in vitalsdesk.interop.fhir_import; this module owns the
transaction and the audit events: "patient_registered" for each patient it adds, "vitals_imported"
for each set it adds, "vitals_entered_in_error" for each set another PC marked entered in error,
and one summary "import" event with the counts, all in one transaction: an import that fails on the
database adds nothing.

An import is idempotent: patients are matched by MRN and sets by their uid, so importing the same
bundle twice (or two PCs' overlapping bundles) never duplicates anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypedDict

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vitalsdesk.clinical.assessment import FLAG_TEXT
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Measurement, Patient, StaffUser, utcnow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.codes import MRN_SYSTEM
from vitalsdesk.interop.fhir_import import (
    EntryProblem,
    ParsedPatient,
    ParsedSet,
    parse_bundle_text,
)
from vitalsdesk.interop.records import (
    StaffRef,
)
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import Conflict, InvalidInput
from vitalsdesk.services.patients import search_key
from vitalsdesk.services.schemas import PatientIn, StaffUserOut

Progress = Callable[[int, int], None]


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    entries: int
    patients_registered: int = 0
    patients_matched: int = 0
    sets_imported: int = 0
    sets_already_present: int = 0
    sets_marked_entered_in_error: int = 0
    staff_placeholders: int = 0
    ignored: dict[str, int] = {}
    problems: tuple[EntryProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportService:
    def __init__(self, db: Database, table: RangeTable, *, mrn_system: str = MRN_SYSTEM) -> None:
        self.db = db
        self.table = table
        self.mrn_system = mrn_system

    def import_fhir(
        self,
        source: bytes | str | Path,
        actor: StaffUserOut | None,
        *,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Merge a Bundle written by `export_fhir` (on this PC or another) into this database.

        Nothing in the bundle is trusted: every entry is parsed with the FHIR R4 models and every
        set goes through the clinical core. What cannot be imported is listed in `problems`, per
        entry; the rest is imported."""
        if isinstance(source, Path):
            path = source
            try:
                source = path.read_bytes()
            except OSError as exc:
                raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}") from None
        parsed = parse_bundle_text(source, self.table)
        total = parsed.set_count
        if progress is not None:
            progress(0, total)

        def work(s: Session) -> ImportReport:
            by = acting_user(s, actor)
            require_role(by, "admin")
            merge = _Merge(s, by)
            for patient in parsed.patients:
                merge.patient(patient, progress, total)
            counts = merge.counts
            problems = tuple(
                sorted(
                    [*parsed.problems, *merge.problems],
                    key=lambda p: (p.entry is not None, p.entry or 0),
                )
            )
            audit(
                s,
                by,
                "import",
                format="fhir",
                entries=parsed.entries,
                problems=len(problems),
                **counts,
            )
            return ImportReport(
                entries=parsed.entries, ignored=parsed.ignored, problems=problems, **counts
            )

        try:
            report = self.db.run(work)
        except IntegrityError:
            raise Conflict(
                "Another import or recording changed the same records at the same time. "
                "Run the import again: what is already here is skipped."
            ) from None
        return report


def _valid_username(name: str) -> str | None:
    """The rule of services/accounts.py: letters, digits, dot, dash, underscore; up to 64."""
    name = name.strip().lower()
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-" for ch in name):
        return None
    return name


class _Counts(TypedDict):
    """What one import did, by kind: the import's audit event and its ImportReport."""

    patients_registered: int
    patients_matched: int
    sets_imported: int
    sets_already_present: int
    sets_marked_entered_in_error: int
    staff_placeholders: int


class _Merge:
    """One import's writes, inside one transaction."""

    def __init__(self, s: Session, by: StaffUser) -> None:
        self.s = s
        self.by = by
        self.staff: dict[str, StaffUser] = {}
        self.problems: list[EntryProblem] = []
        self.done = 0
        self.counts: _Counts = {
            "patients_registered": 0,
            "patients_matched": 0,
            "sets_imported": 0,
            "sets_already_present": 0,
            "sets_marked_entered_in_error": 0,
            "staff_placeholders": 0,
        }

    def _problem(self, entry: int, url: str | None, kind: str, message: str) -> None:
        self.problems.append(
            EntryProblem(entry=entry, full_url=url, resource_type=kind, message=message)
        )

    def _set_problem(self, item: ParsedSet, message: str) -> None:
        self._problem(item.entry, item.full_url, "Observation", message)

    def _tick(self, progress: Progress | None, total: int) -> None:
        self.done += 1
        if progress is not None:
            progress(self.done, total)

    # -- staff -----------------------------------------------------------------------------------

    def staff_row(self, ref: StaffRef) -> StaffUser | None:
        """The account of this user name; an inactive placeholder (no password) when unknown."""
        name = _valid_username(ref.username)
        if name is None:
            return None
        if name in self.staff:
            return self.staff[name]
        user = self.s.scalar(select(StaffUser).where(StaffUser.username == name))
        if user is None:
            user = StaffUser(
                username=name,
                display_name=(ref.display_name.strip() or name)[:120],
                role="assistant",
                password_hash=None,
                active=False,
            )
            self.s.add(user)
            self.s.flush()
            audit(
                self.s,
                self.by,
                "user_added",
                entity="staff_user",
                entity_id=user.id,
                role="assistant",
                placeholder=True,
                via="import",
            )
            self.counts["staff_placeholders"] += 1
        self.staff[name] = user
        return user

    # -- patients and sets -----------------------------------------------------------------------

    def patient(self, item: ParsedPatient, progress: Progress | None, total: int) -> None:
        record = item.record
        row = self.s.scalar(select(Patient).where(Patient.mrn == record.mrn))
        if row is None:
            row = self._register(item)
            if row is None:
                for parsed in item.sets:
                    self._set_problem(parsed, "its patient could not be registered")
                    self._tick(progress, total)
                return
        elif (
            row.birth_date != record.birth_date
            or row.sex != record.sex
            or row.family_key != search_key(record.family_name)
            or row.given_key != search_key(record.given_name)
        ):
            differs = [
                what
                for what, same in (
                    ("birth date", row.birth_date == record.birth_date),
                    ("sex", row.sex == record.sex),
                    ("family name", row.family_key == search_key(record.family_name)),
                    ("given name", row.given_key == search_key(record.given_name)),
                )
                if not same
            ]
            self._problem(
                item.entry,
                item.full_url,
                "Patient",
                f"MRN {record.mrn} is registered here with another {', '.join(differs)}: "
                f"its {len(item.sets)} vital-sign sets are not imported. Check which record "
                "is right, correct it, then import again.",
            )
            for parsed in item.sets:
                self._set_problem(parsed, "its patient does not match the one here (see above)")
                self._tick(progress, total)
            return
        else:
            self.counts["patients_matched"] += 1
        for parsed in _chain_order(item.sets):
            self._set(row, parsed)
            self._tick(progress, total)

    def _register(self, item: ParsedPatient) -> Patient | None:
        record = item.record
        try:
            data = PatientIn(
                mrn=record.mrn,
                family_name=record.family_name,
                given_name=record.given_name,
                birth_date=record.birth_date,
                # The bundle's text, checked here: a code PatientIn does not take is a problem
                # of this entry (the ValidationError below), not of the whole import.
                sex=record.sex,  # type: ignore[arg-type]
                preferred_language=record.preferred_language,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            detail = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                for e in exc.errors(include_url=False)
            )
            self._problem(item.entry, item.full_url, "Patient", f"not registered: {detail}")
            return None
        row = Patient(
            mrn=data.mrn,
            family_name=data.family_name,
            given_name=data.given_name,
            family_key=search_key(data.family_name),
            given_key=search_key(data.given_name),
            birth_date=data.birth_date,
            sex=data.sex.value,
            preferred_language=data.preferred_language,
            is_sample=record.is_sample,
        )
        self.s.add(row)
        self.s.flush()
        audit(
            self.s,
            self.by,
            "patient_registered",
            patient_id=row.id,
            entity="patient",
            entity_id=row.id,
            via="import",
        )
        self.counts["patients_registered"] += 1
        return row

    def _set(self, patient: Patient, item: ParsedSet) -> None:
        record = item.record
        existing = self.s.scalar(select(SetRow).where(SetRow.uid == record.uid))
        if existing is not None:
            self._existing(patient, existing, item)
            return
        replaced = None
        if record.replaces_uid is not None:
            replaced = self.s.scalar(select(SetRow).where(SetRow.uid == record.replaces_uid))
            if replaced is None:
                self._set_problem(
                    item,
                    f"it replaces set {record.replaces_uid}, which is neither in this database "
                    "nor imported from this bundle",
                )
                return
            if replaced.patient_id != patient.id:
                self._set_problem(item, "the set it replaces belongs to another patient")
                return
            other = self.s.scalar(select(SetRow.uid).where(SetRow.replaces_id == replaced.id))
            if other is not None:
                self._set_problem(
                    item,
                    f"set {record.replaces_uid} was already amended here by set {other}; "
                    "two different amendments of one set cannot both be kept",
                )
                return
        recorded_by = self.staff_row(record.recorded_by)
        marked_by = (
            self.staff_row(record.error_marked_by) if record.error_marked_by is not None else None
        )
        if recorded_by is None or (record.error_marked_by is not None and marked_by is None):
            self._set_problem(item, "the performer's user name is not a valid VitalsDesk user name")
            return
        offset = record.taken_at.utcoffset() or timedelta(0)
        row = SetRow(
            uid=record.uid,
            patient_id=patient.id,
            taken_at=record.taken_at,
            taken_at_utc_offset_minutes=int(offset.total_seconds() // 60),
            recorded_at=record.recorded_at,
            recorded_by_id=recorded_by.id,
            status=record.status,
            replaces_id=replaced.id if replaced is not None else None,
            superseded=False,
            amend_reason=record.amend_reason,
            error_reason=record.error_reason,
            error_marked_at=record.error_marked_at
            or (utcnow() if record.status == "entered-in-error" else None),
            error_marked_by_id=marked_by.id if marked_by is not None else None,
            clinician_notified=record.clinician_notified,
            reference_ranges_version=record.reference_ranges_version[:80],
            bmi_value=record.bmi_value,
            bmi_category=record.bmi_category,
            bp_category=record.bp_category,
        )
        self.s.add(row)
        self.s.flush()
        for position, m in enumerate(record.measurements):
            self.s.add(
                Measurement(
                    set_id=row.id,
                    position_in_set=position,
                    code=m.code,
                    value_text=m.value_text,
                    unit=m.unit,
                    canonical_text=m.canonical_text,
                    canonical_unit=m.canonical_unit,
                    method=m.method,
                    position=m.position,
                    arm=m.arm,
                    cuff_size=m.cuff_size,
                    on_supplemental_oxygen=m.on_supplemental_oxygen,
                    oxygen_flow_text=m.oxygen_flow_text,
                    interpretation=m.interpretation,
                    flag_message=FLAG_TEXT[m.interpretation],
                    confirmed=m.confirmed,
                    confirm_reason=m.confirm_reason,
                )
            )
        if replaced is not None:
            replaced.superseded = True
        self.s.flush()
        audit(
            self.s,
            self.by,
            "vitals_imported",
            patient_id=patient.id,
            entity="vital_sign_set",
            entity_id=row.id,
            status=row.status,
            replaces=row.replaces_id,
        )
        self.counts["sets_imported"] += 1

    def _existing(self, patient: Patient, row: SetRow, item: ParsedSet) -> None:
        """A set this database has already: only an entered-in-error marking can be news."""
        record = item.record
        if row.patient_id != patient.id:
            self._set_problem(item, f"set {record.uid} belongs to another patient here")
            return
        if record.status == "entered-in-error" and row.status != "entered-in-error":
            marked_by = (
                self.staff_row(record.error_marked_by)
                if record.error_marked_by is not None
                else None
            )
            row.status = "entered-in-error"
            row.error_reason = record.error_reason
            row.error_marked_at = record.error_marked_at or datetime.now(UTC)
            row.error_marked_by_id = marked_by.id if marked_by is not None else None
            self.s.flush()
            audit(
                self.s,
                self.by,
                "vitals_entered_in_error",
                patient_id=patient.id,
                entity="vital_sign_set",
                entity_id=row.id,
                via="import",
            )
            self.counts["sets_marked_entered_in_error"] += 1
            return
        self.counts["sets_already_present"] += 1


def _chain_order(sets: tuple[ParsedSet, ...]) -> list[ParsedSet]:
    """The sets with each one after the set it replaces (when both are in the bundle)."""
    by_uid = {p.record.uid: p for p in sets}
    ordered: list[ParsedSet] = []
    placed: set[str] = set()

    def place(item: ParsedSet, path: frozenset[str]) -> None:
        uid = item.record.uid
        if uid in placed:
            return
        before = item.record.replaces_uid
        if before in by_uid and before not in path:
            place(by_uid[before], path | {uid})
        placed.add(uid)
        ordered.append(item)

    for item in sets:
        place(item, frozenset())
    return ordered
