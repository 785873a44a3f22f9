"""The reference-range table: plausibility limits, reference ranges, BP and BMI categories.

The numbers are data (resources/reference_ranges/default.toml, overridable by the clinic); this
module only defines their shape, checks a table when it is loaded (unknown keys, overlapping age
bands, conditions that cannot be read, reject limits missing or wider than the built-in physical
limits) and looks up the row that applies to a patient.
All thresholds are in the canonical units (mm[Hg], /min, Cel, %, cm, kg, kg/m2).

The built-in physical reject limits (PHYSICAL_LIMITS) are code, not data: they are the floor of
safety that no range table can lower. A table must state every measurement's reject limits and may
make them stricter, never looser; the assessment applies the built-in ones as well in any case.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from decimal import Decimal
from typing import Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vitalsdesk.clinical.age import Age, AgeBound, in_band
from vitalsdesk.clinical.measurements import (
    MODEL_OF,
    AdministrativeSex,
    TemperatureMethod,
)
from vitalsdesk.clinical.orthostatic import OrthostaticThresholds

Interpretation = Literal["N", "L", "H", "LL", "HH"]
RangeMeasurement = Literal[
    "systolic_bp",
    "diastolic_bp",
    "heart_rate",
    "respiratory_rate",
    "body_temperature",
    "oxygen_saturation",
    "body_height",
    "body_weight",
    "pain_score",
    "head_circumference",
    "bmi",
]
assert set(MODEL_OF) | {"bmi"} == set(get_args(RangeMeasurement))


class RangeTableError(ValueError):
    """A table that cannot be used; the message names the file and the place in it."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One comparison, written as in the sources: "≤ 40" is at_or_below = 40."""

    below: Decimal | None = None
    at_or_below: Decimal | None = None
    above: Decimal | None = None
    at_or_above: Decimal | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [
            v for v in (self.below, self.at_or_below, self.above, self.at_or_above) if v is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a condition needs exactly one of below, at_or_below, above, at_or_above"
            )
        if not given[0].is_finite():
            raise ValueError("a condition needs a finite number")
        return self

    def includes(self, other: Condition) -> bool:
        """True when every value `other` holds for, this condition holds for too (same side)."""
        if self.is_lower != other.is_lower:
            return False
        if other.below is not None or other.above is not None:
            # An open bound: values arbitrarily close to it are inside `other`.
            return self.limit >= other.limit if self.is_lower else self.limit <= other.limit
        return self.holds(other.limit)

    def text(self) -> str:
        word = {
            "below": "below",
            "at_or_below": "at or below",
            "above": "above",
            "at_or_above": "at or above",
        }
        kind = next(k for k in word if getattr(self, k) is not None)
        return f"{word[kind]} {self.limit}"

    def holds(self, x: Decimal) -> bool:
        if self.below is not None:
            return x < self.below
        if self.at_or_below is not None:
            return x <= self.at_or_below
        if self.above is not None:
            return x > self.above
        assert self.at_or_above is not None
        return x >= self.at_or_above

    @property
    def limit(self) -> Decimal:
        for v in (self.below, self.at_or_below, self.above, self.at_or_above):
            if v is not None:
                return v
        raise AssertionError("validated to have one limit")

    @property
    def is_lower(self) -> bool:
        """True for "below ..." conditions (they bound the value from underneath)."""
        return self.below is not None or self.at_or_below is not None


class _AgeBanded(_Strict):
    age_from: AgeBound | None = None
    age_to: AgeBound | None = None
    sex: AdministrativeSex | None = None

    @field_validator("age_from", "age_to", mode="before")
    @classmethod
    def _parse_age(cls, value: object) -> object:
        if isinstance(value, str):
            return AgeBound.parse(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> _AgeBanded:
        if (
            self.age_from is not None
            and self.age_to is not None
            and self.age_from.approx_days() >= self.age_to.approx_days()
        ):
            raise ValueError(f"age_from {self.age_from} is not before age_to {self.age_to}")
        return self

    def applies(self, age: Age, sex: AdministrativeSex) -> bool:
        if self.sex is not None and self.sex != sex:
            return False
        return in_band(age, self.age_from, self.age_to)

    def band_text(self) -> str:
        low = str(self.age_from) if self.age_from else "birth"
        high = str(self.age_to) if self.age_to else "on"
        return f"{low}–{high}"


class LimitRule(_AgeBanded):
    """Plausibility: `reject` = impossible or a typo; `confirm` = possible but improbable."""

    measurement: RangeMeasurement
    reject: tuple[Condition, ...] = ()
    confirm: tuple[Condition, ...] = ()
    source: str = ""


def _reject(
    measurement: str,
    *conditions: Condition,
    source: str,
    age_from: str | None = None,
    age_to: str | None = None,
) -> LimitRule:
    return LimitRule.model_validate(
        {
            "measurement": measurement,
            "age_from": age_from,
            "age_to": age_to,
            "reject": conditions,
            "source": source,
        }
    )


# The built-in physical reject limits, in canonical units: a value beyond them is impossible or a
# typo at any clinic. Every range table must state reject limits at least this strict (it may make
# them stricter), and the assessment applies these as well, whatever the table says.
# Sources: MIMIC-IV (MIT-LCP mimic-code) ICU data-cleaning filters; OpenMRS CIEL absolute ranges
# (as served by an OpenMRS server); the 0-10 definition of LOINC 72514-3. DESIGN marks a limit
# that is a product rule, not a published number.
PHYSICAL_LIMITS: tuple[LimitRule, ...] = (
    _reject(
        "systolic_bp",
        Condition(at_or_below=Decimal(0)),
        Condition(at_or_above=Decimal(400)),
        source="MIMIC-IV keeps 0 < SBP < 400 mmHg",
    ),
    _reject(
        "diastolic_bp",
        Condition(at_or_below=Decimal(0)),
        Condition(at_or_above=Decimal(300)),
        source="MIMIC-IV keeps 0 < DBP < 300 mmHg",
    ),
    _reject(
        "heart_rate",
        Condition(at_or_below=Decimal(0)),
        Condition(at_or_above=Decimal(300)),
        source="MIMIC-IV keeps 0 < HR < 300 /min",
    ),
    _reject(
        "respiratory_rate",
        Condition(at_or_below=Decimal(0)),
        Condition(at_or_above=Decimal(150)),
        age_to="18y",
        source="Children: <= 0; 150 /min is DESIGN (no published paediatric limit)",
    ),
    _reject(
        "respiratory_rate",
        Condition(at_or_below=Decimal(0)),
        Condition(at_or_above=Decimal(70)),
        age_from="18y",
        source="Adults: MIMIC-IV keeps 0 < RR < 70 /min",
    ),
    _reject(
        "body_temperature",
        Condition(at_or_below=Decimal(10)),
        Condition(at_or_above=Decimal(50)),
        source="MIMIC-IV keeps 10 < T < 50 Cel",
    ),
    _reject(
        "oxygen_saturation",
        Condition(at_or_below=Decimal(0)),
        Condition(above=Decimal(100)),
        source="MIMIC-IV keeps 0 < SpO2 <= 100 %; 100 % is the physical maximum",
    ),
    _reject(
        "body_height",
        Condition(below=Decimal(10)),
        Condition(above=Decimal(272)),
        source="OpenMRS CIEL absolute range 10-272 cm",
    ),
    _reject(
        "body_weight",
        Condition(at_or_below=Decimal(0)),
        Condition(above=Decimal(650)),
        source="<= 0 kg; > 650 kg is DESIGN (no published upper limit)",
    ),
    _reject(
        "head_circumference",
        Condition(at_or_below=Decimal(0)),
        Condition(above=Decimal(100)),
        source="DESIGN",
    ),
    _reject(
        "pain_score",
        Condition(below=Decimal(0)),
        Condition(above=Decimal(10)),
        source="0-10 numeric rating scale (LOINC 72514-3)",
    ),
)
# BMI is computed, never typed: its inputs are rejected instead, so it has no reject limits.
MUST_HAVE_REJECT_LIMITS: tuple[str, ...] = tuple(
    dict.fromkeys(r.measurement for r in PHYSICAL_LIMITS)
)

_UNIT_TEXT = {
    "systolic_bp": "mmHg",
    "diastolic_bp": "mmHg",
    "heart_rate": "/min",
    "respiratory_rate": "/min",
    "body_temperature": "°C",
    "oxygen_saturation": "%",
    "body_height": "cm",
    "body_weight": "kg",
    "head_circumference": "cm",
    "pain_score": "",
}


def _span(row: _AgeBanded) -> tuple[Decimal, Decimal]:
    """The age band in approximate days, to compare bands written in different units."""
    return (
        row.age_from.approx_days() if row.age_from else Decimal(0),
        row.age_to.approx_days() if row.age_to else Decimal("Infinity"),
    )


def _covers(spans: list[tuple[Decimal, Decimal]], start: Decimal, end: Decimal) -> bool:
    """True when the union of the half-open spans covers [start, end)."""
    reached = start
    for low, high in sorted(spans):
        if low > reached:
            return False
        reached = max(reached, high)
        if reached >= end:
            return True
    return reached >= end


def _with_unit(condition: Condition, unit: str) -> str:
    return f"{condition.text()} {unit}" if unit else condition.text()


def _side_text(lower: bool) -> str:
    return "lower" if lower else "upper"


def _ages_text(row: _AgeBanded) -> str:
    if row.age_from is None and row.age_to is None:
        return ""
    if row.age_from is None:
        return f" under {row.age_to}"
    if row.age_to is None:
        return f" from {row.age_from}"
    return f" from {row.age_from} to under {row.age_to}"


def reject_limit_problems(limits: tuple[LimitRule, ...]) -> list[str]:
    """What makes a table's reject limits unsafe: a measurement without them, an age band or sex
    left without one side, or a limit looser than the built-in physical limit."""
    problems = _looser_than_built_in(limits)
    without = [
        m
        for m in MUST_HAVE_REJECT_LIMITS
        if not any(r.measurement == m and r.reject for r in limits)
    ]
    if without:
        problems.append(
            "no reject limits for " + ", ".join(without) + ": every measurement needs its "
            "[[limits]] rows with reject limits (copy them from the shipped table)"
        )
    problems.extend(_uncovered_sides(limits, without))
    return problems


def _looser_than_built_in(limits: tuple[LimitRule, ...]) -> list[str]:
    """Each reject limit that lets through a value the built-in limit of an overlapping age band
    rejects."""
    problems: list[str] = []
    for index, row in enumerate(limits):
        start, end = _span(row)
        for condition in row.reject:
            for floor in PHYSICAL_LIMITS:
                if floor.measurement != row.measurement:
                    continue
                floor_start, floor_end = _span(floor)
                if floor_start >= end or start >= floor_end:
                    continue
                for built_in in floor.reject:
                    if built_in.is_lower == condition.is_lower and not condition.includes(built_in):
                        unit = _UNIT_TEXT[row.measurement]
                        problems.append(
                            f"limits[{index + 1}] ({row.measurement}) > reject: "
                            f"{_with_unit(condition, unit)} is looser than the built-in limit "
                            f"({_with_unit(built_in, unit)}{_ages_text(floor)}); a table "
                            "may make reject limits stricter, never looser"
                        )
    return problems


def _uncovered_sides(limits: tuple[LimitRule, ...], without: list[str]) -> list[str]:
    """Each side of a built-in limit that the table leaves uncovered for part of its age band or
    for a sex (measurements in `without` are reported once already)."""
    problems: list[str] = []
    for floor in PHYSICAL_LIMITS:
        if floor.measurement in without:
            continue
        start, end = _span(floor)
        for lower in sorted({c.is_lower for c in floor.reject}, reverse=True):
            uncovered = [
                sex.value
                for sex in AdministrativeSex
                if not _covers(
                    [
                        _span(r)
                        for r in limits
                        if r.measurement == floor.measurement
                        and r.sex in (None, sex)
                        and any(c.is_lower == lower for c in r.reject)
                    ],
                    start,
                    end,
                )
            ]
            if uncovered:
                who = (
                    ""
                    if len(uncovered) == len(AdministrativeSex)
                    else (" for sex " + ", ".join(uncovered))
                )
                problems.append(
                    f"{floor.measurement}: no {_side_text(lower)} reject limit"
                    f"{_ages_text(floor)}{who}"
                )
    return problems


class RangeRow(_AgeBanded):
    """The reference range of one measurement for one age band (and optionally sex or method)."""

    measurement: RangeMeasurement
    method: TemperatureMethod | None = None
    LL: Condition | None = None
    HH: Condition | None = None
    L: Condition | None = None
    H: Condition | None = None
    source: str = ""

    def specificity(self) -> int:
        return (self.sex is not None) + (self.method is not None)

    def interpret(self, x: Decimal) -> Interpretation:
        # Critical first: a critical value is also outside the flag band.
        for code in ("LL", "HH", "L", "H"):
            condition: Condition | None = getattr(self, code)
            if condition is not None and condition.holds(x):
                return code
        return "N"


class BpCategory(_Strict):
    name: str
    systolic: Condition | None = None
    diastolic: Condition | None = None


class BpCategoryRow(_AgeBanded):
    """Categories from the highest down; the first whose systolic OR diastolic condition holds."""

    categories: tuple[BpCategory, ...]
    default: str
    source: str = ""


class BmiCategory(_Strict):
    name: str
    value: Condition


class BmiCategoryRow(_AgeBanded):
    categories: tuple[BmiCategory, ...]
    default: str
    source: str = ""


class TableMeta(_Strict):
    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str = ""
    source: str = ""
    approved_by: str = ""


class BmiSettings(_Strict):
    # BMI is computed from this age (CDC: BMI-for-age is not used under 2 years).
    min_age: AgeBound = AgeBound(2, "y")

    @field_validator("min_age", mode="before")
    @classmethod
    def _parse_age(cls, value: object) -> object:
        return AgeBound.parse(value) if isinstance(value, str) else value


_Row = TypeVar("_Row", LimitRule, RangeRow)
# A row's sex and age band as plain values: (row, sex, from unit, from amount, to unit, to amount),
# a missing lower bound as (None, 0) and a missing upper bound as (None, None).
_Entry = tuple[_Row, AdministrativeSex | None, str | None, int, str | None, int | None]


def _entries(rows: tuple[_Row, ...]) -> dict[str, tuple[_Entry[_Row], ...]]:
    """The rows of each measurement, in the table's order, with their bands unpacked."""
    groups: dict[str, list[_Entry[_Row]]] = {}
    for r in rows:
        low, high = r.age_from, r.age_to
        groups.setdefault(r.measurement, []).append(
            (
                r,
                r.sex,
                low.unit if low else None,
                low.amount if low else 0,
                high.unit if high else None,
                high.amount if high else None,
            )
        )
    return {measurement: tuple(found) for measurement, found in groups.items()}


def _applying(entries: tuple[_Entry[_Row], ...], age: Age, sex: AdministrativeSex) -> list[_Row]:
    """The rows whose sex and age band the patient's are: _AgeBanded.applies, on plain values
    (every value of every set saved is looked up, so this is the hot loop of an assessment)."""
    count = {"d": age.days, "mo": age.months, "y": age.years, None: 0}
    return [
        r
        for r, row_sex, low_unit, low, high_unit, high in entries
        if (row_sex is None or row_sex == sex)
        and count[low_unit] >= low
        and (high is None or count[high_unit] < high)
    ]


class _Index:
    """A table's rows by measurement, made once per table (it does not change once loaded)."""

    def __init__(self, limits: tuple[LimitRule, ...], ranges: tuple[RangeRow, ...]) -> None:
        self.limits, self.ranges = limits, ranges
        self.limits_of = _entries(limits)
        self.ranges_of = _entries(ranges)


_PHYSICAL_OF = _entries(PHYSICAL_LIMITS)


class RangeTable(_Strict):
    meta: TableMeta
    bmi: BmiSettings = BmiSettings()
    # A table without the section gets the consensus thresholds: the flag is never off.
    orthostatic: OrthostaticThresholds = OrthostaticThresholds()
    limits: tuple[LimitRule, ...] = ()
    ranges: tuple[RangeRow, ...] = ()
    bp_category: tuple[BpCategoryRow, ...] = ()
    bmi_category: tuple[BmiCategoryRow, ...] = ()

    @property
    def version_label(self) -> str:
        return f"{self.meta.id} {self.meta.version}"

    @model_validator(mode="after")
    def _no_overlaps(self) -> RangeTable:
        groups: dict[tuple[object, ...], list[_AgeBanded]] = {}
        for row in self.ranges:
            groups.setdefault(("ranges", row.measurement, row.sex, row.method), []).append(row)
        for bp in self.bp_category:
            groups.setdefault(("bp_category", bp.sex), []).append(bp)
        for bm in self.bmi_category:
            groups.setdefault(("bmi_category", bm.sex), []).append(bm)
        for key, rows in groups.items():
            spans = sorted(
                (
                    r.age_from.approx_days() if r.age_from else Decimal(-1),
                    r.age_to.approx_days() if r.age_to else Decimal("Infinity"),
                    r,
                )
                for r in rows
            )
            for (_, end, first), (start, _, second) in itertools.pairwise(spans):
                if start < end:
                    what = " ".join(str(k) for k in key if k is not None)
                    raise ValueError(
                        f"{what}: age bands {first.band_text()} and {second.band_text()} overlap"
                    )
        return self

    @model_validator(mode="after")
    def _safe_reject_limits(self) -> RangeTable:
        problems = reject_limit_problems(self.limits)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- look-ups ------------------------------------------------------------------------------

    @functools.cached_property
    def _index(self) -> _Index:
        return _Index(self.limits, self.ranges)

    def _rows(self) -> _Index:
        index = self._index
        if index.limits is not self.limits or index.ranges is not self.ranges:
            return _Index(self.limits, self.ranges)  # a copy with other rows: not its index
        return index

    def limit_rules(self, measurement: str, age: Age, sex: AdministrativeSex) -> list[LimitRule]:
        return _applying(self._rows().limits_of.get(measurement, ()), age, sex)

    def reject_conditions(
        self, measurement: str, age: Age, sex: AdministrativeSex
    ) -> tuple[Condition, ...]:
        """The table's reject conditions and the built-in physical ones: no table can drop them."""
        rules = self.limit_rules(measurement, age, sex) + _applying(
            _PHYSICAL_OF.get(measurement, ()), age, sex
        )
        return tuple(c for r in rules for c in r.reject)

    def range_row(
        self,
        measurement: str,
        age: Age,
        sex: AdministrativeSex,
        method: TemperatureMethod | None = None,
    ) -> RangeRow | None:
        """The most specific row that applies (a sex- or method-specific row beats a general one)."""
        rows = [
            r
            for r in _applying(self._rows().ranges_of.get(measurement, ()), age, sex)
            if r.method is None or r.method == method
        ]
        return max(rows, key=RangeRow.specificity, default=None)

    def bp_category_row(self, age: Age, sex: AdministrativeSex) -> BpCategoryRow | None:
        rows = [r for r in self.bp_category if r.applies(age, sex)]
        return max(rows, key=lambda r: r.sex is not None, default=None)

    def bmi_category_row(self, age: Age, sex: AdministrativeSex) -> BmiCategoryRow | None:
        rows = [r for r in self.bmi_category if r.applies(age, sex)]
        return max(rows, key=lambda r: r.sex is not None, default=None)


def _place(loc: tuple[int | str, ...], raw: dict[str, object]) -> str:
    """Name the place of an error the way the TOML file reads: ranges[3] (heart_rate) > L."""
    parts: list[str] = []
    node: object = raw
    for step in loc:
        if isinstance(step, int):
            parts[-1] = f"{parts[-1]}[{step + 1}]" if parts else f"[{step + 1}]"
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict) and isinstance(node.get("measurement"), str):
                    parts[-1] += f" ({node['measurement']})"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return " > ".join(parts) or "the table"


# A table is at most six levels deep (bp_category > row > categories > category > systolic >
# limit); anything far deeper is not a range table and must not reach the validators.
MAX_DEPTH = 16


def _too_deep(raw: object) -> bool:
    stack: list[tuple[object, int]] = [(raw, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def parse_range_table(text: str, source_name: str) -> RangeTable:
    """Read a table from TOML text; any problem is a RangeTableError that names the file."""
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RangeTableError(f"{source_name}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RangeTableError(f"{source_name}: not valid TOML: nested too deeply") from None
    except ValueError as exc:
        # Python refuses to read an integer of thousands of digits; say so without its jargon.
        why = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise RangeTableError(f"{source_name}: not usable TOML: {why}") from None
    if _too_deep(raw):
        raise RangeTableError(
            f"{source_name}: not a reference-range table: nested more than {MAX_DEPTH} levels deep"
        )
    try:
        return RangeTable.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            # A problem of the whole table (no place in it) is written without a place.
            (f"{_place(err['loc'], raw)}: " if err["loc"] else "")
            + err["msg"].removeprefix("Value error, ")
            for err in exc.errors(include_url=False)
        )
        raise RangeTableError(f"{source_name}: {problems}") from None
