"""The reference-range table: plausibility limits, reference ranges, BP and BMI categories.

The numbers are data (resources/reference_ranges/default.toml, overridable by the clinic); this
module only defines their shape, checks a table when it is loaded (unknown keys, overlapping age
bands, conditions that cannot be read) and looks up the row that applies to a patient.
All thresholds are in the canonical units (mm[Hg], /min, Cel, %, cm, kg, kg/m2).
"""

from __future__ import annotations

import itertools
import tomllib
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vitalsdesk.clinical.age import Age, AgeBound, in_band
from vitalsdesk.clinical.measurements import (
    MODEL_OF,
    AdministrativeSex,
    TemperatureMethod,
)

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
assert set(MODEL_OF) | {"bmi"} == set(RangeMeasurement.__args__)  # type: ignore[attr-defined]


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
                return code  # type: ignore[return-value]
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


class RangeTable(_Strict):
    meta: TableMeta
    bmi: BmiSettings = BmiSettings()
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

    # -- look-ups ------------------------------------------------------------------------------

    def limit_rules(self, measurement: str, age: Age, sex: AdministrativeSex) -> list[LimitRule]:
        return [r for r in self.limits if r.measurement == measurement and r.applies(age, sex)]

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
            for r in self.ranges
            if r.measurement == measurement
            and r.applies(age, sex)
            and (r.method is None or r.method == method)
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


def parse_range_table(text: str, source_name: str) -> RangeTable:
    """Read a table from TOML text; any problem is a RangeTableError that names the file."""
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RangeTableError(f"{source_name}: not valid TOML: {exc}") from None
    try:
        return RangeTable.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_place(err['loc'], raw)}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors(include_url=False)
        )
        raise RangeTableError(f"{source_name}: {problems}") from None
