"""The shape of an after-care handout template, and the rules a template file must follow.

Templates are data (resources/handouts/<id>.<language>.toml, and the clinic's own copies in
<data folder>/handouts/). Text may use two marks only:

- ``{field_name}``: replaced by the value the clinician filled in, or a blank line to write on.
  Every name used must be declared in ``[[fields]]``. ``{{`` and ``}}`` print a literal brace.
- ``**words**``: printed in bold.

Everything a template or a clinician types is bounded (lengths, counts, number ranges): a clinic's
file or a field value can never make the sheet take minutes to draw or print a silly number.

No ReportLab here: the GUI's template picker and the CLI's ``--list`` load templates without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FieldKind = Literal["text", "date", "number"]

TEMPLATE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Z]{2})?$"
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"

# {name} is a field; {{ and }} are literal braces; anything else with a brace is a mistake.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_FIELD_NAME = re.compile(FIELD_NAME_PATTERN)

# A paragraph or a list item of a template: a long one is a mistake (a pasted document), and a huge
# one would take ReportLab minutes to lay out.
MAX_TEXT = 1500
# What a clinician types into a text field: a few sentences of their own words.
MAX_FIELD_TEXT = 1000
# A number field takes plain digits: "2", "2.5" or "-1" (never "1e3", "1_000" or "Infinity").
_PLAIN_NUMBER = re.compile(r"^-?\d{1,7}(?:\.\d{1,3})?$")
# Bounds of a number field whose template gives none: days, hours, weeks and readings are never
# negative and never in the thousands on a patient's sheet.
DEFAULT_MINIMUM = Decimal(0)
DEFAULT_MAXIMUM = Decimal(999)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class TextPart(BaseModel):
    """One piece of a template string: literal text, or a reference to a field."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    field: str | None = None


def parse_text(text: str) -> list[TextPart]:
    """Split template text into literal parts and field references.

    Raises ValueError naming the problem for a brace that is not part of ``{name}``, ``{{`` or
    ``}}`` (the template loader turns it into an error with the file and line)."""
    parts: list[TextPart] = []
    literal: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        name = match.group(1)
        if name is None or not _FIELD_NAME.match(name):
            raise ValueError(
                f"{token!r} is not a field reference: write {{field_name}} (lower case letters, "
                "digits and _), or {{{{ and }}}} for a literal brace"
            )
        if "".join(literal):
            parts.append(TextPart(text="".join(literal)))
        literal = []
        parts.append(TextPart(field=name))
    literal.append(text[pos:])
    if "".join(literal):
        parts.append(TextPart(text="".join(literal)))
    return parts


def field_references(text: str) -> list[str]:
    return [part.field for part in parse_text(text) if part.field is not None]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TemplateField(_Strict):
    """A blank the clinician may fill in before printing.

    ``required_if = "other"``: required whenever the field ``other`` is filled in (a date to take
    stitches out, once stitches are named). ``minimum`` and ``maximum`` bound a number field
    (0 and 999 when left out)."""

    name: Annotated[str, StringConstraints(pattern=FIELD_NAME_PATTERN, max_length=40)]
    label: ShortText
    kind: FieldKind = "text"
    # The text the blank starts with; the file may give it as text, a number or a date.
    default: str | None = None
    required: bool = False
    required_if: Annotated[str, StringConstraints(pattern=FIELD_NAME_PATTERN)] | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @field_validator("default", mode="before")
    @classmethod
    def _default_as_text(cls, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):  # before int: True is an int to Python
            raise ValueError("a default is text, a number or a date, not true/false")
        if isinstance(value, datetime) and value.time() == time(0):
            value = value.date()  # TOML's 2026-12-01T00:00:00: a date
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, str | int | float):
            return str(value).strip() or None
        raise ValueError("a default is text, a number or a date (with no time of day)")

    @field_validator("minimum", "maximum", mode="before")
    @classmethod
    def _bound_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal | None):
            raise ValueError("write the bound as a number, like 1 or 30")
        if value is not None and not _PLAIN_NUMBER.match(str(value)):
            raise ValueError("write the bound as a plain number, like 1 or 30")
        return value

    @model_validator(mode="after")
    def _default_fits_kind(self) -> TemplateField:
        if self.kind != "number" and (self.minimum is not None or self.maximum is not None):
            raise ValueError('minimum and maximum are for kind = "number" fields only')
        if self.low > self.high:
            raise ValueError(f"minimum {self.low} is more than maximum {self.high}")
        if self.required and self.required_if:
            raise ValueError("a field is required, or required_if another field: not both")
        if self.required_if == self.name:
            raise ValueError("required_if names the field itself")
        if self.default is not None:
            problem = check_value(self.kind, str(self.default), self)
            if problem:
                raise ValueError(f"default {self.default!r}: {problem}")
        return self

    @property
    def low(self) -> Decimal:
        return self.minimum if self.minimum is not None else DEFAULT_MINIMUM

    @property
    def high(self) -> Decimal:
        return self.maximum if self.maximum is not None else DEFAULT_MAXIMUM


def check_value(kind: FieldKind, value: str, spec: TemplateField | None = None) -> str | None:
    """Why ``value`` is not a valid filled-in value of this kind, or None if it is.

    The answer reads after "is": "'400' is more than 30, the most this field takes"."""
    if kind == "number":
        if not _PLAIN_NUMBER.match(value):
            try:
                Decimal(value)
            except InvalidOperation:
                return "not a number"
            return "not a plain number: write it with digits, like 3 or 2.5"
        number = Decimal(value)
        low = spec.low if spec is not None else DEFAULT_MINIMUM
        high = spec.high if spec is not None else DEFAULT_MAXIMUM
        if number < low:
            return f"less than {low}, the least this field takes"
        if number > high:
            return f"more than {high}, the most this field takes"
    elif kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "not a date written as YYYY-MM-DD"
    elif len(value) > MAX_FIELD_TEXT:
        return f"too long: {len(value)} characters, at most {MAX_FIELD_TEXT}"
    return None


class LogTable(_Strict):
    """A table with empty rows for the patient to fill in at home (e.g. a blood pressure log)."""

    columns: list[ShortText] = Field(min_length=1, max_length=8)
    rows: int = Field(ge=1, le=31)


class Section(_Strict):
    """A heading with its paragraphs, then an optional list, then an optional log table.

    ``at_end = true`` prints the section after the warning lists and the clinician's lines: for a
    log the patient fills in at home and brings back."""

    heading: ShortText
    paragraphs: list[Text] = Field(default=[], max_length=40)
    bullets: list[Text] = Field(default=[], max_length=40)
    numbered: bool = False
    table: LogTable | None = None
    at_end: bool = False
    # Printed only when this field is filled in (the part about stitches, once stitches are named).
    only_if: Annotated[str, StringConstraints(pattern=FIELD_NAME_PATTERN)] | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if not (self.paragraphs or self.bullets or self.table):
            raise ValueError("a section needs paragraphs, bullets or a table")
        if self.numbered and not self.bullets:
            raise ValueError("numbered = true needs bullets to number")
        return self


class Source(_Strict):
    """Where a number or a rule in the text comes from, for the clinic's review."""

    title: ShortText
    url: str | None = None
    supports: Text


class Labels(_Strict):
    """The fixed words of the sheet, for a language VitalsDesk does not ship labels for.

    Any label left out falls back to the English one."""

    patient: ShortText | None = None
    date_of_birth: ShortText | None = None
    visit_date: ShortText | None = None
    mrn: ShortText | None = None
    vitals_heading: ShortText | None = None
    vitals_measurement: ShortText | None = None
    vitals_value: ShortText | None = None
    vitals_how: ShortText | None = None
    vitals_taken: ShortText | None = None
    # Kept so that files written for earlier versions still load; the sheet no longer prints it.
    vitals_note: ShortText | None = None
    no_vitals: ShortText | None = None
    clinician_note: ShortText | None = None
    call_us: ShortText | None = None
    phone: ShortText | None = None
    emergency: ShortText | None = None
    clinician: ShortText | None = None
    signature: ShortText | None = None
    date: ShortText | None = None
    page: ShortText | None = None
    continued: ShortText | None = None
    months: list[ShortText] | None = Field(default=None, min_length=12, max_length=12)
    date_format: ShortText | None = None
    am: ShortText | None = None
    pm: ShortText | None = None

    @field_validator("page")
    @classmethod
    def _page_has_numbers(cls, value: str | None) -> str | None:
        if value is not None and not ("{page}" in value and "{pages}" in value):
            raise ValueError(
                'write the page label with {page} and {pages}: "Page {page} of {pages}"'
            )
        return value

    @field_validator("vitals_taken")
    @classmethod
    def _taken_has_time(cls, value: str | None) -> str | None:
        if value is not None and not ("{time}" in value and "{date}" in value):
            raise ValueError('write it with {time} and {date}: "Taken at {time} on {date}."')
        return value

    @field_validator("date_format")
    @classmethod
    def _date_has_parts(cls, value: str | None) -> str | None:
        if value is not None and not all(p in value for p in ("{day}", "{month}", "{year}")):
            raise ValueError("write the date format with {day}, {month} and {year}")
        return value


class HandoutTemplate(_Strict):
    """One after-care handout in one language."""

    id: Annotated[str, StringConstraints(pattern=TEMPLATE_ID_PATTERN, max_length=60)]
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    title: ShortText
    version: ShortText
    call_us_if: list[Text] = Field(min_length=1, max_length=20)
    emergency_if: list[Text] = Field(min_length=1, max_length=20)
    fields: list[TemplateField] = Field(default=[], max_length=30)
    sections: list[Section] = Field(min_length=1, max_length=30)
    sources: list[Source] = Field(default=[], max_length=30)
    labels: Labels | None = None

    @model_validator(mode="after")
    def _fields_declared(self) -> HandoutTemplate:
        names = [f.name for f in self.fields]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise PydanticCustomError(
                "duplicate_field",
                "field {name} is declared twice in [[fields]]",
                {"name": duplicates[0]},
            )
        declared = set(names)
        conditions = [
            (f"fields[{i}].required_if", f.required_if) for i, f in enumerate(self.fields)
        ]
        conditions += [(f"sections[{i}].only_if", s.only_if) for i, s in enumerate(self.sections)]
        for where, name in conditions:
            if name is not None and name not in declared:
                raise PydanticCustomError(
                    "undeclared_field",
                    "{where} names {name}, which is not declared in [[fields]]",
                    {"where": where, "name": name},
                )
        for where, text in self.texts():
            try:
                used = field_references(text)
            except ValueError as exc:
                raise PydanticCustomError(
                    "bad_brace", "{where}: {problem}", {"where": where, "problem": str(exc)}
                ) from None
            for name in used:
                if name not in declared:
                    raise PydanticCustomError(
                        "undeclared_field",
                        "{where} uses {{name}}, which is not declared in [[fields]]",
                        {"where": where, "name": name},
                    )
        return self

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every string that is printed, with where it is in the file."""
        yield "title", self.title
        for i, section in enumerate(self.sections):
            yield f"sections[{i}].heading", section.heading
            for j, text in enumerate(section.paragraphs):
                yield f"sections[{i}].paragraphs[{j}]", text
            for j, text in enumerate(section.bullets):
                yield f"sections[{i}].bullets[{j}]", text
            if section.table:
                for j, text in enumerate(section.table.columns):
                    yield f"sections[{i}].table.columns[{j}]", text
        for j, text in enumerate(self.call_us_if):
            yield f"call_us_if[{j}]", text
        for j, text in enumerate(self.emergency_if):
            yield f"emergency_if[{j}]", text

    def field(self, name: str) -> TemplateField | None:
        return next((f for f in self.fields if f.name == name), None)
