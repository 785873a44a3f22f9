"""Vital-sign sets: record through the clinical core, amend, mark entered-in-error, history, drafts.

Nothing invalid is ever stored: every set goes through `assess` with the patient's own birth date
and sex, and is refused unless it is accepted (improbable values confirmed, a critical value with
the clinician told). Nothing is overwritten: an amendment is a new set pointing to the old one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.assessment import Assessment, Problem, assess, parse_document
from vitalsdesk.clinical.growth import (
    ADULT_YEARS,
    BMI_FOR_AGE,
    GrowthTables,
    growth_indicators,
)
from vitalsdesk.clinical.measurements import (
    AdministrativeSex,
    VitalSignSet,
)
from vitalsdesk.clinical.news2 import Consciousness, News2, news2
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.clinical.text import text_problem
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import Draft, Patient, StaffUser, utcnow
from vitalsdesk.db.models import Measurement as MeasurementRow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.records import assessed_measurements, bmi_confirm_reason
from vitalsdesk.services.audit import audit, audit_on
from vitalsdesk.services.bp_readings import bp_reading_rows, orthostatic_of
from vitalsdesk.services.context import acting_facts, acting_user, require_role
from vitalsdesk.services.devices import link_readings
from vitalsdesk.services.errors import (
    ClinicianNotNotified,
    Conflict,
    InvalidInput,
    NotFound,
    VitalsNotAccepted,
)
from vitalsdesk.services.measurement_rows import measurement_values
from vitalsdesk.services.outbox import Hl7Queue
from vitalsdesk.services.schemas import (
    ClinicianView,
    GrowthOut,
    MeasurementOut,
    PatientOut,
    StaffUserOut,
    VitalSignSetOut,
)
from vitalsdesk.services.set_store import (
    MEASUREMENTS,
    SETS,
    Prebuilt,
    one_set,
    patient_sets,
    set_out,
)
from vitalsdesk.services.visits import place_in_visit, run_starting_visits, visit_of_new_set
from vitalsdesk.visit_rules import VisitRules, shipped_visit_rules
from vitalsdesk.vocabulary import STAFF_ROLES

RECORDING_ROLES = STAFF_ROLES
log = logging.getLogger(__name__)
CONFLICT_MESSAGE = "Someone else changed this set just now. Reload the history and try again."


_PATIENTS: Table = Patient.__table__  # type: ignore[assignment]
# Built once: SQLAlchemy compiles each of them once and reuses it for every save.
_PATIENT_FACTS = select(_PATIENTS.c.birth_date, _PATIENTS.c.sex).where(
    _PATIENTS.c.id == bindparam("id")
)
_INSERT_SET = insert(SETS)
_INSERT_MEASUREMENTS = insert(MEASUREMENTS)
_DELETE_DRAFT = delete(Draft).where(
    Draft.user_id == bindparam("user_id"), Draft.patient_id == bindparam("patient_id")
)
# A new set's save runs these on the DBAPI cursor (SQLite), compiled once (set_store.Prebuilt).
_PATIENT_FACTS_ROW = Prebuilt(_PATIENT_FACTS)
_INSERT_SET_ROW = Prebuilt(_INSERT_SET)
_INSERT_MEASUREMENT_ROWS = Prebuilt(_INSERT_MEASUREMENTS)
_DRAFTS: Table = Draft.__table__  # type: ignore[assignment]
_DELETE_DRAFT_ROW = Prebuilt(
    delete(_DRAFTS).where(
        _DRAFTS.c.user_id == bindparam("user_id"), _DRAFTS.c.patient_id == bindparam("patient_id")
    )
)


def _refuse_unaccepted(assessment: Assessment, clinician_notified: bool) -> None:
    if assessment.status == "rejected":
        raise VitalsNotAccepted(
            assessment,
            "Some values are not possible: " + "; ".join(e.message for e in assessment.errors),
        )
    if assessment.status == "needs_confirmation":
        raise VitalsNotAccepted(
            assessment,
            "Measure again and confirm: "
            + "; ".join(e.message for e in assessment.needs_confirmation),
        )
    if assessment.critical and not clinician_notified:
        raise ClinicianNotNotified(assessment, assessment.critical)


def _check_reason(reason: str) -> None:
    problem = text_problem(reason.strip())
    if problem is not None:
        raise InvalidInput(f"The reason {problem}.")


def vitals_for_patient(
    document: dict[str, Any], patient: PatientOut
) -> tuple[VitalSignSet | None, list[Problem]]:
    """A `check` document for a known patient: birth date and sex come from the record (a
    document that names other ones is refused, since it was probably meant for someone else)."""
    errors: list[Problem] = []
    for key, own in (("birth_date", patient.birth_date.isoformat()), ("sex", patient.sex)):
        given = document.get(key)
        if given is not None and str(given) != own:
            errors.append(
                Problem(field=key, message=f"{key} does not match the patient with this MRN")
            )
    vitals, problems = parse_document(
        {**document, "birth_date": patient.birth_date.isoformat(), "sex": patient.sex}
    )
    return vitals, errors + problems


def _own(vitals: VitalSignSet, birth_date: date, sex: str) -> VitalSignSet:
    """The set with the patient's own birth date and sex (the rules never take them from input)."""
    return vitals.model_copy(update={"birth_date": birth_date, "sex": AdministrativeSex(sex)})


def _out(row: SetRow) -> VitalSignSetOut:
    offset = timezone(timedelta(minutes=row.taken_at_utc_offset_minutes))
    return VitalSignSetOut(
        id=row.id,
        uid=row.uid,
        patient_id=row.patient_id,
        taken_at=row.taken_at.astimezone(offset),
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by.display_name,
        status=row.status,
        replaces_id=row.replaces_id,
        superseded=row.superseded,
        amend_reason=row.amend_reason,
        error_reason=row.error_reason,
        clinician_notified=row.clinician_notified,
        reference_ranges_version=row.reference_ranges_version,
        bmi_value=row.bmi_value,
        bmi_category=row.bmi_category,
        bp_category=row.bp_category,
        version=row.version,
        measurements=[MeasurementOut.model_validate(m) for m in row.measurements],
        source_performer=row.source_performer,
        source_clinician_notified=row.source_clinician_notified,
    )


class VitalsService:
    def __init__(
        self,
        db: Database,
        table: RangeTable,
        *,
        growth_tables: GrowthTables,
        hl7_queue: Hl7Queue | None = None,
        visit_rules: VisitRules | None = None,
    ) -> None:
        self.db = db
        self.table = table
        self.growth_tables = growth_tables
        # The clinic's HL7 interface: each change queues its message in its own transaction.
        self.hl7_queue = hl7_queue
        self.visit_rules = visit_rules or shipped_visit_rules()

    # -- validation ----------------------------------------------------------------------------

    def assess_for(self, patient: PatientOut, vitals: VitalSignSet) -> Assessment:
        """The assessment the MA sees, with the patient's own birth date and sex."""
        return assess(
            _own(vitals, patient.birth_date, patient.sex),
            self.table,
            growth_tables=self.growth_tables,
        )

    # -- writing -------------------------------------------------------------------------------

    def _accepted_for(
        self,
        s: Session,
        patient_id: int,
        vitals: VitalSignSet,
        clinician_notified: bool,
    ) -> tuple[VitalSignSet, Assessment]:
        """The set with the patient's own birth date and sex (read in the saving transaction, so
        they cannot change between the check and the write) and its accepted assessment."""
        found = s.connection().execute(_PATIENT_FACTS, {"id": patient_id}).first()
        if found is None:
            raise NotFound("This patient is not in the database.")
        own = _own(vitals, found.birth_date, found.sex)
        assessment = assess(own, self.table, growth_tables=self.growth_tables)
        _refuse_unaccepted(assessment, clinician_notified)
        return own, assessment

    def _set_values(
        self,
        patient_id: int,
        own: VitalSignSet,
        assessment: Assessment,
        by_id: int,
        clinician_notified: bool,
    ) -> dict[str, Any]:
        """Every column of a new set (the defaults too: the saved set is answered from these
        values, never read back)."""
        offset = own.taken_at.utcoffset() or timedelta(0)
        return {
            "uid": str(uuid.uuid4()),
            "patient_id": patient_id,
            "visit_id": None,
            "taken_at": own.taken_at,
            "taken_at_utc_offset_minutes": int(offset.total_seconds() // 60),
            "recorded_at": utcnow(),
            "recorded_by_id": by_id,
            "status": "final",
            "replaces_id": None,
            "superseded": False,
            "amend_reason": None,
            "error_reason": None,
            "clinician_notified": clinician_notified and bool(assessment.critical),
            "reference_ranges_version": assessment.reference_ranges_version,
            "bmi_value": assessment.bmi.value if assessment.bmi else None,
            "bmi_category": assessment.bmi.category if assessment.bmi else None,
            "bmi_confirm_reason": bmi_confirm_reason(own, assessment, self.table),
            "bp_category": assessment.bp_category,
            "source_performer": None,
            "source_clinician_notified": None,
            "version": 1,
        }

    @staticmethod
    def _insert_set(
        s: Session,
        values: dict[str, Any],
        own: VitalSignSet,
        assessment: Assessment,
    ) -> list[dict[str, Any]]:
        """Write the set (its id goes into `values`), its measurements in one statement and its
        guided BP readings; returns the measurement rows' columns. Core inserts: no ORM object is
        made, flushed or read back for the rows a save writes."""
        connection = s.connection()
        key = connection.execute(_INSERT_SET, values).inserted_primary_key
        assert key is not None
        values["id"] = key[0]
        measurements = measurement_values(values["id"], assessed_measurements(own, assessment))
        connection.execute(_INSERT_MEASUREMENTS, measurements)
        if own.bp_readings:
            s.add_all(bp_reading_rows(values["id"], own.bp_readings))
        return measurements

    def record(
        self,
        patient_id: int,
        vitals: VitalSignSet,
        actor: StaffUserOut | None,
        *,
        clinician_notified: bool = False,
        device_values: Mapping[str, int] | None = None,
    ) -> VitalSignSetOut:
        """device_values: measurement code -> the device reading its value came from, unchanged
        (vitalsdesk.services.devices.link_readings checks and links them)."""
        if not vitals.measurements.present():
            raise InvalidInput("Enter at least one measurement before saving.")

        def work(s: Session) -> VitalSignSetOut:
            # One connection, the session's, in its transaction: the reads and writes of a new
            # set are plain rows (no ORM object), unless a device link or an HL7 message needs
            # the set's ORM row.
            connection = s.connection()
            by = acting_facts(connection, actor)
            require_role(by, *RECORDING_ROLES)
            found = _PATIENT_FACTS_ROW.rows(connection, {"id": patient_id})
            if not found:
                raise NotFound("This patient is not in the database.")
            own = _own(vitals, found[0][0], found[0][1])
            assessment = assess(own, self.table, growth_tables=self.growth_tables)
            _refuse_unaccepted(assessment, clinician_notified)
            values = self._set_values(patient_id, own, assessment, by.id, clinician_notified)
            # The visit is found (or started) first, so the set is written with it.
            values["visit_id"] = visit_of_new_set(
                s, connection, patient_id, own.taken_at, by, self.visit_rules
            )
            set_id = _INSERT_SET_ROW.run(connection, values)
            assert set_id is not None
            values["id"] = set_id
            measurements = measurement_values(set_id, assessed_measurements(own, assessment))
            _INSERT_MEASUREMENT_ROWS.run_many(connection, measurements)
            if own.bp_readings:
                s.add_all(bp_reading_rows(set_id, own.bp_readings))
            audit_on(
                s,
                connection,
                by,
                "vitals_recorded",
                patient_id=patient_id,
                entity="vital_sign_set",
                entity_id=set_id,
                critical=bool(assessment.critical),
                clinician_notified=values["clinician_notified"],
            )
            # The device links and the HL7 message work on the ORM rows, loaded only for them.
            row = s.get(SetRow, set_id) if device_values or self.hl7_queue is not None else None
            user = s.get(StaffUser, by.id) if row is not None else None
            if device_values and row is not None and user is not None:
                link_readings(s, row, device_values, user)
            _DELETE_DRAFT_ROW.run(connection, {"user_id": by.id, "patient_id": patient_id})
            if self.hl7_queue is not None and row is not None and user is not None:
                self.hl7_queue.enqueue(s, row, user)
            log.info("vitals recorded: set %d by user %d", set_id, by.id)
            return set_out(values, by.display_name, measurements)

        # Run again, into the other PC's visit, if one started the patient's visit meanwhile.
        return run_starting_visits(self.db, work)

    def amend(
        self,
        set_id: int,
        expected_version: int,
        vitals: VitalSignSet,
        reason: str,
        actor: StaffUserOut | None,
        *,
        clinician_notified: bool = False,
    ) -> VitalSignSetOut:
        """A corrected set replaces the old one; the old one is kept, marked superseded. The
        author's draft of this patient goes in the same transaction, as when a set is recorded."""
        if not reason.strip():
            raise InvalidInput("Say why the set is amended.")
        _check_reason(reason)
        if not vitals.measurements.present():
            raise InvalidInput("An amended set needs at least one measurement.")

        def work(s: Session) -> VitalSignSetOut:
            by = acting_user(s, actor)
            require_role(by, *RECORDING_ROLES)
            previous = s.get(SetRow, set_id)
            if previous is None:
                raise NotFound("This set is not in the database.")
            own, assessment = self._accepted_for(s, previous.patient_id, vitals, clinician_notified)
            self._check_current(previous, expected_version)
            previous.superseded = True
            s.flush()  # the version check happens here: a second room's amendment fails
            values = self._set_values(
                previous.patient_id, own, assessment, by.id, clinician_notified
            )
            placed = SetRow(patient_id=previous.patient_id, taken_at=own.taken_at)
            place_in_visit(s, placed, by, self.visit_rules, replaces=previous)
            values.update(
                status="amended",
                replaces_id=previous.id,
                amend_reason=reason.strip(),
                visit_id=placed.visit_id,
            )
            measurements = self._insert_set(s, values, own, assessment)
            set_id_new: int = values["id"]
            audit(
                s,
                by,
                "vitals_amended",
                patient_id=previous.patient_id,
                entity="vital_sign_set",
                entity_id=set_id_new,
                replaces=previous.id,
            )
            # In the same transaction: a saved amendment never leaves its draft behind, and a
            # draft that cannot go means the amendment is not saved either (never half of it).
            _delete_draft(s, by.id, previous.patient_id)
            if self.hl7_queue is not None:
                row = s.get(SetRow, set_id_new)
                assert row is not None
                self.hl7_queue.enqueue(s, row, by)
            log.info("vitals amended: set %d replaces set %d", set_id_new, previous.id)
            return set_out(values, by.display_name, measurements)

        return self._guarded(work)

    def mark_entered_in_error(
        self, set_id: int, expected_version: int, reason: str, actor: StaffUserOut | None
    ) -> VitalSignSetOut:
        if not reason.strip():
            raise InvalidInput("Say why the set was entered in error.")
        _check_reason(reason)

        def work(s: Session) -> VitalSignSetOut:
            by = acting_user(s, actor)
            require_role(by, *RECORDING_ROLES)
            row = s.get(SetRow, set_id)
            if row is None:
                raise NotFound("This set is not in the database.")
            self._check_current(row, expected_version)
            row.status = "entered-in-error"
            row.error_reason = reason.strip()
            row.error_marked_at = utcnow()
            row.error_marked_by_id = by.id
            s.flush()
            audit(
                s,
                by,
                "vitals_entered_in_error",
                patient_id=row.patient_id,
                entity="vital_sign_set",
                entity_id=row.id,
            )
            if self.hl7_queue is not None:
                self.hl7_queue.enqueue(s, row, by)
            s.refresh(row)
            return _out(row)

        return self._guarded(work)

    @staticmethod
    def _check_current(row: SetRow, expected_version: int) -> None:
        if row.superseded:
            raise Conflict("This set was amended already. Work on its newest version.")
        if row.status == "entered-in-error":
            raise Conflict("This set is marked entered in error.")
        if row.version != expected_version:
            raise Conflict(CONFLICT_MESSAGE)

    def _guarded(self, work: Callable[[Session], VitalSignSetOut]) -> VitalSignSetOut:
        try:
            return self.db.run(work)
        except (StaleDataError, IntegrityError):
            raise Conflict(CONFLICT_MESSAGE) from None

    # -- reading -------------------------------------------------------------------------------

    def get(self, set_id: int) -> VitalSignSetOut:
        def work(s: Session) -> VitalSignSetOut:
            found = one_set(s, set_id)
            if found is None:
                raise NotFound("This set is not in the database.")
            return found

        return self.db.read(work)

    def history(self, patient_id: int, limit: int | None = None) -> list[VitalSignSetOut]:
        """Every set of the patient, every version, newest reading first."""

        return self.db.read(lambda s: patient_sets(s, patient_id, limit))

    def clinician_view(
        self,
        set_id: int,
        actor: StaffUserOut | None,
        *,
        consciousness: Consciousness | None = None,
        spo2_scale: Literal[1, 2] = 1,
    ) -> ClinicianView:
        """What only clinicians see: the AHA/AAP BP category, the CDC BMI category and, for age
        16 and over with every parameter (consciousness is the clinician's own ACVPU), NEWS2.
        The MA screen shows values and neutral flags only. Audited as a view."""

        def work(s: Session) -> ClinicianView:
            row, patient = _load_for_clinician(s, actor, set_id)
            values = {m.code: m for m in row.measurements}
            taken = _out(row).taken_at.date()
            age = age_on(patient.birth_date, taken).years
            canonical = _canonical_reader(values)
            score = _news2_of(values, canonical, age, consciousness, spo2_scale)
            note = "" if score is not None else _news2_note(values, age, consciousness)
            growth, growth_note = self._growth_of(patient, taken, age, canonical, row.bmi_value)
            bmi_category = row.bmi_category
            if bmi_category is None and growth is not None and BMI_FOR_AGE in growth:
                # A child's set saved before the BMI-for-age tables shipped has no category.
                bmi_category = growth[BMI_FOR_AGE].category
            return ClinicianView(
                set_id=row.id,
                bp_category=row.bp_category,
                bmi_value=row.bmi_value,
                bmi_category=bmi_category,
                reference_ranges_version=row.reference_ranges_version,
                news2=score,
                news2_note=note,
                growth=growth,
                growth_note=growth_note,
                orthostatic=orthostatic_of(s, row.id, self.table.orthostatic),
            )

        return self.db.run(work)

    def _growth_of(
        self,
        patient: Patient,
        taken: date,
        age_years: int,
        canonical: Callable[[str], Decimal | None],
        bmi_value: str | None,
    ) -> tuple[dict[str, GrowthOut] | None, str]:
        """Growth z-scores and percentiles of a set from its stored values (decision 17)."""
        if age_years >= ADULT_YEARS:
            return None, ""
        sex = AdministrativeSex(patient.sex)
        if sex not in (AdministrativeSex.MALE, AdministrativeSex.FEMALE):
            return {}, "Growth percentiles need the sex the WHO and CDC charts are drawn for."
        found = growth_indicators(
            self.growth_tables,
            sex,
            patient.birth_date,
            taken,
            weight_kg=canonical("body_weight"),
            height_cm=canonical("body_height"),
            head_circumference_cm=canonical("head_circumference"),
            bmi=Decimal(bmi_value) if bmi_value else None,
        )
        if not bmi_value:
            found.pop(BMI_FOR_AGE, None)
        return {
            name: GrowthOut(
                z=r.z,
                percentile=r.percentile,
                reference=r.reference,
                category=r.category,
                percent_of_p95=r.percent_of_p95,
            )
            for name, r in found.items()
        }, ""

    # -- drafts --------------------------------------------------------------------------------

    def save_draft(self, actor: StaffUserOut, patient_id: int, payload: dict[str, Any]) -> None:
        def work(s: Session) -> None:
            draft = s.scalar(
                select(Draft).where(Draft.user_id == actor.id, Draft.patient_id == patient_id)
            )
            if draft is None:
                s.add(Draft(user_id=actor.id, patient_id=patient_id, payload=payload))
            else:
                draft.payload = payload
                draft.updated_at = datetime.now(UTC)

        self.db.run(work)

    def drafts(self, actor: StaffUserOut) -> list[tuple[int, dict[str, Any], datetime]]:
        """(patient id, payload, saved at) of this user's unsaved forms, newest first."""

        def work(s: Session) -> list[tuple[int, dict[str, Any], datetime]]:
            rows = s.scalars(
                select(Draft).where(Draft.user_id == actor.id).order_by(Draft.updated_at.desc())
            )
            return [(d.patient_id, dict(d.payload), d.updated_at) for d in rows]

        return self.db.read(work)

    def discard_draft(self, actor: StaffUserOut, patient_id: int) -> None:
        self.db.run(lambda s: _delete_draft(s, actor.id, patient_id))


def _delete_draft(s: Session, user_id: int, patient_id: int) -> None:
    # On the Core connection: no draft is held as an ORM object to keep in step.
    s.connection().execute(_DELETE_DRAFT, {"user_id": user_id, "patient_id": patient_id})


def _load_for_clinician(
    s: Session, actor: StaffUserOut | None, set_id: int
) -> tuple[SetRow, Patient]:
    """The set and its patient for a clinician or admin, the view audited."""
    by = acting_user(s, actor)
    require_role(by, "clinician", "admin")
    row = s.get(SetRow, set_id, options=[selectinload(SetRow.measurements)])
    if row is None:
        raise NotFound("This set is not in the database.")
    patient = s.get(Patient, row.patient_id)
    assert patient is not None
    audit(
        s,
        by,
        "clinician_view",
        patient_id=row.patient_id,
        entity="vital_sign_set",
        entity_id=row.id,
    )
    return row, patient


def _canonical_reader(values: dict[str, MeasurementRow]) -> Callable[[str], Decimal | None]:
    """The exact stored value of a code, None when the set has no such measurement."""

    def canonical(code: str) -> Decimal | None:
        m = values.get(code)
        return Decimal(m.canonical_text) if m is not None else None

    return canonical


def _news2_of(
    values: dict[str, MeasurementRow],
    canonical: Callable[[str], Decimal | None],
    age: int,
    consciousness: Consciousness | None,
    spo2_scale: Literal[1, 2],
) -> News2 | None:
    spo2 = values.get("oxygen_saturation")
    return news2(
        age_years=age,
        respiratory_rate=canonical("respiratory_rate"),
        spo2=canonical("oxygen_saturation"),
        on_oxygen=spo2.on_supplemental_oxygen if spo2 is not None else None,
        systolic=canonical("systolic_bp"),
        pulse=canonical("heart_rate"),
        temperature_celsius=canonical("body_temperature"),
        consciousness=consciousness,
        spo2_scale=spo2_scale,
    )


def _news2_note(
    values: dict[str, MeasurementRow], age: int, consciousness: Consciousness | None
) -> str:
    """Why NEWS2 could not be scored for this set."""
    if age < 16:
        return "NEWS2 is not used under 16 years."
    needed = {
        "respiratory_rate": "respiration rate",
        "oxygen_saturation": "SpO2",
        "systolic_bp": "systolic BP",
        "heart_rate": "pulse",
        "body_temperature": "temperature",
    }
    missing = [name for code, name in needed.items() if code not in values]
    if consciousness is None:
        missing.append("consciousness (ACVPU)")
    return "NEWS2 needs every parameter; missing: " + ", ".join(missing) + "."
