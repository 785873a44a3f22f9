"""The interchange records: what an export is built from and what an import yields.

Plain pydantic models with no database and no services behind them, so the FHIR and CSV code is
pure (gui/cli -> services -> interop -> clinical). services/exchange.py fills them from the
tables and writes them back.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class StaffRef(_Record):
    """A staff member as another PC knows them: by user name."""

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


class SetRecord(_Record):
    uid: str
    taken_at: AwareDatetime  # in the offset of the place it was taken
    recorded_at: AwareDatetime
    recorded_by: StaffRef
    status: str  # final | amended | entered-in-error
    replaces_uid: str | None = None
    superseded: bool = False
    amend_reason: str | None = None
    error_reason: str | None = None
    error_marked_at: datetime | None = None
    error_marked_by: StaffRef | None = None
    clinician_notified: bool = False
    reference_ranges_version: str
    bmi_value: str | None = None
    bmi_category: str | None = None
    bp_category: str | None = None
    measurements: tuple[MeasurementRecord, ...]

    def measurement(self, code: str) -> MeasurementRecord | None:
        return next((m for m in self.measurements if m.code == code), None)


class PatientExport(_Record):
    """One patient and the sets of theirs that an export holds (oldest first)."""

    patient: PatientRecord
    sets: tuple[SetRecord, ...] = ()
