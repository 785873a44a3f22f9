"""The interchange records: what an export is built from and what an import yields, and the one
mapping from the clinical core's assessed set to measurement records.

Plain pydantic models with no database and no services behind them, so the FHIR and CSV code is
pure (gui/cli -> services -> interop -> clinical). services/measurement_rows.py turns measurement
records into table rows and back; every door that stores a set (the record form, `vitalsdesk
record`, an amendment, an import) builds its records with `assessed_measurements` here, so a value's
flag, canonical value and confirmation are worked out the same way whichever door it came through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from vitalsdesk.clinical.assessment import Assessment, assess
from vitalsdesk.clinical.measurements import (
    BloodPressureValue,
    OxygenSaturationValue,
    Quantity,
    TemperatureValue,
    VitalSignSet,
)
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.clinical.units import CANONICAL, as_entered, quantize, to_canonical

# The reason kept with a confirmed improbable value when none was given.
DEFAULT_CONFIRM_REASON = "re-measured and confirmed"
# Room kept beside a set for the source system's name of a person (vital_sign_set columns).
SOURCE_TEXT_LENGTH = 200


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class StaffRef(_Record):
    """A staff member of the clinic that wrote the records: by user name."""

    username: str
    display_name: str


class PatientRecord(_Record):
    mrn: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str  # FHIR administrative-gender
    preferred_language: str = "en"
    is_sample: bool = False


class DeviceRef(_Record):
    """The device a value came from, as paired here (Device Information strings where known)."""

    uid: str
    name: str
    model: str | None = None
    serial: str | None = None
    manufacturer: str | None = None


class MeasurementRecord(_Record):
    code: str  # systolic_bp, heart_rate, ... (clinical MeasurementKey)
    value_text: str  # exactly as entered
    unit: str  # UCUM, as entered
    canonical_text: str
    canonical_unit: str
    method: str | None = None
    position: str | None = None
    arm: str | None = None
    cuff_size: str | None = None
    on_supplemental_oxygen: bool | None = None
    oxygen_flow_text: str | None = None
    interpretation: str | None = None
    confirmed: bool = False
    confirm_reason: str | None = None
    device: DeviceRef | None = None  # the device it came from, unchanged (None: typed)


class BpReadingRecord(_Record):
    """One reading of a guided blood pressure; the set's systolic_bp and diastolic_bp
    measurements hold the average of its readings."""

    systolic_text: str  # exactly as entered
    diastolic_text: str
    unit: str  # UCUM: mm[Hg]
    taken_at: AwareDatetime  # in the offset of the place it was taken
    position: str  # sitting | standing | lying
    heart_rate_text: str | None = None  # /min: the pulse taken with it (an orthostatic set)


class VisitRecord(_Record):
    """The visit (rooming) a set was taken in: a FHIR Encounter."""

    uid: str
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None  # None: still open


class SetRecord(_Record):
    """One vital-sign set. Who took it is either a staff member of the clinic that holds it
    (`recorded_by`) or, for a set that clinic imported, only what the source system called that
    person (`source_performer`): a name from a file never becomes an account. The same goes for
    who marked it entered in error, and `source_clinician_notified` is what the source reported
    about telling a clinician, never this clinic's own confirmation (`clinician_notified`)."""

    uid: str
    taken_at: AwareDatetime  # in the offset of the place it was taken
    recorded_at: AwareDatetime
    recorded_by: StaffRef | None = None
    source_performer: str | None = None
    status: str  # final | amended | entered-in-error
    replaces_uid: str | None = None
    superseded: bool = False
    amend_reason: str | None = None
    error_reason: str | None = None
    error_marked_at: datetime | None = None
    error_marked_by: StaffRef | None = None
    source_error_marked_by: str | None = None
    clinician_notified: bool = False
    source_clinician_notified: bool | None = None
    reference_ranges_version: str
    bmi_value: str | None = None
    bmi_category: str | None = None
    bmi_confirm_reason: str | None = None
    bp_category: str | None = None
    measurements: tuple[MeasurementRecord, ...]
    visit: VisitRecord | None = None
    # The clinician who opened this critical set and acknowledged it (this clinic's loop).
    acknowledged_by: StaffRef | None = None
    acknowledged_at: AwareDatetime | None = None
    # A guided blood pressure: its readings in the order they were taken (empty for a single BP).
    bp_readings: tuple[BpReadingRecord, ...] = ()

    @model_validator(mode="after")
    def _someone_took_it(self) -> SetRecord:
        if self.recorded_by is None and not self.source_performer:
            raise ValueError("a set needs recorded_by or source_performer")
        return self

    @property
    def imported(self) -> bool:
        return self.recorded_by is None

    def measurement(self, code: str) -> MeasurementRecord | None:
        return next((m for m in self.measurements if m.code == code), None)


class MeasurementLike(Protocol):
    """What an export reads of a measurement: a MeasurementRecord, or a stored row read as it
    is (an export of a whole clinic builds no record per value)."""

    @property
    def code(self) -> str: ...
    @property
    def value_text(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def canonical_text(self) -> str: ...
    @property
    def canonical_unit(self) -> str: ...
    @property
    def method(self) -> str | None: ...
    @property
    def position(self) -> str | None: ...
    @property
    def arm(self) -> str | None: ...
    @property
    def cuff_size(self) -> str | None: ...
    @property
    def on_supplemental_oxygen(self) -> bool | None: ...
    @property
    def oxygen_flow_text(self) -> str | None: ...
    @property
    def interpretation(self) -> str | None: ...
    @property
    def confirmed(self) -> bool: ...
    @property
    def confirm_reason(self) -> str | None: ...
    @property
    def device(self) -> DeviceRef | None: ...


class SetLike(Protocol):
    """What an export reads of a set: a SetRecord, or a stored set read for an export."""

    @property
    def uid(self) -> str: ...
    @property
    def taken_at(self) -> datetime: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def recorded_by(self) -> StaffRef | None: ...
    @property
    def source_performer(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def replaces_uid(self) -> str | None: ...
    @property
    def superseded(self) -> bool: ...
    @property
    def amend_reason(self) -> str | None: ...
    @property
    def error_reason(self) -> str | None: ...
    @property
    def error_marked_at(self) -> datetime | None: ...
    @property
    def error_marked_by(self) -> StaffRef | None: ...
    @property
    def source_error_marked_by(self) -> str | None: ...
    @property
    def clinician_notified(self) -> bool: ...
    @property
    def source_clinician_notified(self) -> bool | None: ...
    @property
    def reference_ranges_version(self) -> str: ...
    @property
    def bmi_value(self) -> str | None: ...
    @property
    def bmi_category(self) -> str | None: ...
    @property
    def bmi_confirm_reason(self) -> str | None: ...
    @property
    def visit(self) -> VisitRecord | None: ...
    @property
    def acknowledged_by(self) -> StaffRef | None: ...
    @property
    def acknowledged_at(self) -> datetime | None: ...
    @property
    def bp_readings(self) -> Sequence[BpReadingRecord]: ...
    @property
    def bp_category(self) -> str | None: ...
    @property
    def measurements(self) -> Sequence[MeasurementLike]: ...

    def measurement(self, code: str) -> MeasurementLike | None: ...


class PatientExport(_Record):
    """One patient and the sets of theirs that an export holds (oldest first)."""

    patient: PatientRecord
    sets: tuple[SetRecord, ...] = ()


def person_text(display_name: str, identifier: str) -> str:
    """How the source names a person beside a set: "Ana Source (ma.src)", or the one name there
    is (empty when there is none). Text only: it is never matched to an account."""
    name, ident = " ".join(display_name.split()), " ".join(identifier.split())
    text = f"{name} ({ident})" if name and ident and name != ident else name or ident
    return text[:SOURCE_TEXT_LENGTH]


# -- the clinical core's set as records ------------------------------------------------------------


def canonical_text(q: Quantity) -> str:
    """The exact canonical value of a quantity (6 decimals at most), as stored."""
    return format(quantize(to_canonical(q.value, q.unit), 6).normalize(), "f")


def measurement_record(
    key: str, q: Quantity, assessment: Assessment, reasons: dict[str, str]
) -> MeasurementRecord:
    """One value as stored: as entered, its exact canonical value, the flag and the confirmation
    the clinical core gives it. A confirmation counts only where the value needed one."""
    result = assessment.measurements[key]
    bp = q if isinstance(q, BloodPressureValue) else None
    spo2 = q if isinstance(q, OxygenSaturationValue) else None
    return MeasurementRecord(
        code=key,
        value_text=as_entered(q.value),
        unit=q.unit.value,
        canonical_text=canonical_text(q),
        canonical_unit=CANONICAL[q.unit].value,
        method=q.method.value if isinstance(q, TemperatureValue) else None,
        position=bp.position.value if bp is not None and bp.position else None,
        arm=bp.arm.value if bp is not None and bp.arm else None,
        cuff_size=bp.cuff_size.value if bp is not None and bp.cuff_size else None,
        on_supplemental_oxygen=spo2.on_supplemental_oxygen if spo2 is not None else None,
        oxygen_flow_text=as_entered(spo2.oxygen_flow)
        if spo2 is not None and spo2.oxygen_flow is not None
        else None,
        interpretation=result.interpretation,
        confirmed=result.confirmed,
        confirm_reason=(reasons.get(key) or DEFAULT_CONFIRM_REASON) if result.confirmed else None,
    )


def assessed_measurements(
    vitals: VitalSignSet, assessment: Assessment
) -> tuple[MeasurementRecord, ...]:
    """Every value of an accepted set, in clinical order (`assessment` = assess(vitals))."""
    reasons = dict(vitals.confirmation_reasons)
    return tuple(
        measurement_record(key, q, assessment, reasons)
        for key, q in vitals.measurements.present().items()
    )


def bmi_confirm_reason(
    vitals: VitalSignSet, assessment: Assessment, table: RangeTable, now: datetime | None = None
) -> str | None:
    """The reason kept with a confirmed BMI, when the BMI needed a confirmation (else None).

    The assessment says a BMI is confirmed only by accepting the set; whether the confirmation
    was needed is the same set assessed without it."""
    if assessment.bmi is None or "bmi" not in vitals.confirmed:
        return None
    unconfirmed = vitals.model_copy(update={"confirmed": vitals.confirmed - {"bmi"}})
    needed = any(p.field == "bmi" for p in assess(unconfirmed, table, now).needs_confirmation)
    if not needed:
        return None
    return vitals.confirmation_reasons.get("bmi") or DEFAULT_CONFIRM_REASON
