"""What services return: plain pydantic models, never ORM objects (docs/architecture.md, "The
rules on imports, and why")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from vitalsdesk.clinical.assessment import FLAG_TEXT
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.clinical.news2 import News2
from vitalsdesk.clinical.orthostatic import OrthostaticChange
from vitalsdesk.clinical.text import check_one_line
from vitalsdesk.services.staff_schemas import Out, StaffAccountOut, StaffUserOut
from vitalsdesk.vocabulary import LANGUAGES, ROLES, Language, Role

# The shared vocabularies, re-exported for the screens and commands that use them with these
# models; and the staff accounts' models, kept apart (services/staff_schemas.py).
__all__ = [
    "LANGUAGES",
    "ROLES",
    "SEXES",
    "Language",
    "Role",
    "StaffAccountOut",
    "StaffUserOut",
]
SEXES: tuple[str, ...] = tuple(sex.value for sex in AdministrativeSex)
# A person's name: one line of at most what the database keeps, no hidden characters.
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(check_one_line)]


class _Out(Out):
    """What the other models here are built on (vitalsdesk.services.visits' too)."""


class PatientIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mrn: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9\-]+$")
    family_name: Name
    given_name: Name
    birth_date: date
    sex: AdministrativeSex
    preferred_language: Language = "en"

    @field_validator("birth_date")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("the birth date is in the future")
        if value.year < 1880:
            raise ValueError("the birth date is too long ago")
        return value


class PatientOut(_Out):
    id: int
    mrn: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str
    preferred_language: str
    is_sample: bool
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def public_json(self) -> dict[str, str]:
        """The shape of `vitalsdesk patient find --json`."""
        return {
            "mrn": self.mrn,
            "family_name": self.family_name,
            "given_name": self.given_name,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
        }


class MeasurementOut(_Out):
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
    # Flag words stored by an older database that are not the ones the interpretation gives (None
    # for every set saved by this VitalsDesk): shown as they were kept.
    flag_message_kept: str | None = None

    @property
    def canonical(self) -> Decimal:
        return Decimal(self.canonical_text)

    @property
    def flag_message(self) -> str:
        """The neutral flag words the MA was shown: made from the interpretation, not stored (every
        range table version has used the same words for an interpretation)."""
        if self.flag_message_kept is not None:
            return self.flag_message_kept
        return FLAG_TEXT.get(self.interpretation, FLAG_TEXT[None])


class VitalSignSetOut(_Out):
    id: int
    uid: str
    patient_id: int
    taken_at: datetime  # aware, in the offset of the place it was taken
    recorded_at: datetime
    recorded_by: str  # the display name of this clinic's account (the import actor's if imported)
    status: str
    replaces_id: int | None
    superseded: bool
    amend_reason: str | None
    error_reason: str | None
    clinician_notified: bool  # confirmed here, by the MA who saved the set
    reference_ranges_version: str
    bmi_value: str | None
    bmi_category: str | None
    bp_category: str | None
    version: int
    measurements: list[MeasurementOut]
    # An imported set: who the source system said took it, and what it reported about telling a
    # clinician (its word, not a confirmation made here). None for a set recorded here.
    source_performer: str | None = None
    source_clinician_notified: bool | None = None

    @property
    def imported(self) -> bool:
        return self.source_performer is not None

    @property
    def recorded_by_text(self) -> str:
        """Who took the readings, as the history shows it."""
        if self.source_performer is not None:
            return f"{self.source_performer} (imported)"
        return self.recorded_by

    def measurement(self, code: str) -> MeasurementOut | None:
        return next((m for m in self.measurements if m.code == code), None)


class GrowthOut(_Out):
    """One growth indicator of a child's set (WHO under 2 years, CDC from 2 to < 20 years)."""

    z: Decimal  # 2 decimals
    percentile: Decimal  # 1 decimal
    reference: str  # which chart: "WHO Child Growth Standards 2006", "CDC 2000 growth charts", ...
    # BMI-for-age only: the category (the six names of the adult categories) and the BMI as a
    # percentage of the 95th percentile (the AAP 2023 obesity classes use it).
    category: str | None = None
    percent_of_p95: Decimal | None = None


class ClinicianView(_Out):
    """Category names, percentiles and z-scores are for clinicians (and the FHIR export), never
    for the MA screen."""

    set_id: int
    bp_category: str | None
    bmi_value: str | None
    bmi_category: str | None
    reference_ranges_version: str
    news2: News2 | None = None
    news2_note: str = ""
    # Under 20 years at the reading: the growth indicators that apply (weight_for_age,
    # height_for_age, head_circumference_for_age, weight_for_length, bmi_for_age); None for adults.
    growth: dict[str, GrowthOut] | None = None
    growth_note: str = ""
    # An orthostatic set: the change from lying to each standing reading (None for other sets).
    orthostatic: OrthostaticChange | None = None


class AuditEventOut(_Out):
    id: int
    seq: int
    at: datetime
    username: str
    action: str
    patient_id: int | None
    entity: str | None
    entity_id: int | None
    detail: dict[str, object]
