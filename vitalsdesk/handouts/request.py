"""What the caller (GUI, CLI) hands the renderer: who, when, today's vitals, the filled-in fields.

Plain pydantic, no ReportLab: the services layer builds a request from the database and the
clinic's settings without paying for the PDF library.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from vitalsdesk.clinical.text import OneLine, check_lines, check_one_line

PageSize = Literal["letter", "a4"]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
MAX_NOTE = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClinicInfo(_Strict):
    name: Name
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    phone: Line = ""


class PatientInfo(_Strict):
    family_name: Name
    given_name: Name
    birth_date: date
    # Code 128 encodes printable ASCII only; MRNs are ASCII in every system we import from.
    mrn: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[\x21-\x7e]{1,40}$")]


class VitalRow(_Strict):
    """One line of today's vital signs, as the MA recorded it.

    ``value`` is the value and unit exactly as entered ("98.6 °F", "128/82 mmHg"); ``detail`` is how
    it was taken ("by mouth", "on room air", "on oxygen, 2 L/min"). There is no place for a flag:
    a patient's sheet never says a value is high or low (the clinician does, in ``clinician_note``).
    """

    label: Name
    value: Name
    detail: Line = ""


class HandoutRequest(_Strict):
    clinic: ClinicInfo
    patient: PatientInfo
    visit_date: date
    vitals: list[VitalRow] = Field(default=[], max_length=20)
    # When the vitals were taken, as the wall clock read where they were taken.
    vitals_taken_at: datetime | None = None
    # The clinician's own words about today's values, printed as theirs under the vitals.
    clinician_note: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=MAX_NOTE),
        AfterValidator(check_lines),
    ] = ""
    # Each blank is one line on the sheet (its own bounds are the template's: resolve_fields).
    fields: dict[str, OneLine] = Field(default_factory=dict, max_length=60)
    page_size: PageSize = "letter"
    large_print: bool = False
    # The sheet's language; None means the template's. Must match the template if given.
    language: str | None = None
    clinician_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=300),
        AfterValidator(check_one_line),
    ] = ""

    @field_validator("fields", mode="before")
    @classmethod
    def _values_as_text(cls, value: object) -> object:
        # The GUI passes dates and numbers; the CLI passes strings. The sheet prints text.
        if not isinstance(value, dict):
            return value
        out: dict[object, object] = {}
        for key, item in value.items():
            if isinstance(item, date):
                item = item.isoformat()
            elif isinstance(item, int | float | Decimal) and not isinstance(item, bool):
                item = str(item)
            out[key] = item
        return out
