"""Growth z-scores and percentiles from birth to < 20 years by the LMS method.

Which reference applies:
- Birth to < 731 days of age: WHO Child Growth Standards 2006, by day of age (weight-for-age,
  length-for-age, head circumference-for-age) and by length (weight-for-length, 45-110 cm).
  731 days is the first day WHO's own software (and CDC's SAS program for the WHO charts) treats
  as 24 months.
- 731 days to < 20 completed years: CDC 2000 growth charts (weight-for-age, stature-for-age,
  BMI-for-age; head circumference-for-age up to 36 months), with CDC's 2022 extended
  BMI-for-age above the 95th percentile.
- From 20 years: nothing (adults get the adult BMI category elsewhere).

Age is the age in days at the moment of measurement. CDC ages are months = days / 30.4375, and
L, M and S are interpolated linearly between the tabulated half-month ages (CDC's rule; the same
as CDC's SAS program, which interpolates between _AGEMOS1 and _AGEMOS2). WHO tables are by whole
day, so no interpolation; weight-for-length is interpolated between the 0.1 cm rows as WHO's
igrowup/anthro software does.

Arithmetic: the LMS power transforms, the normal distribution and its inverse need real powers
and logarithms, so they run in binary floating point (IEEE double: ~15 significant digits,
against reference tables of at most 10 significant digits and published outputs of 2 decimals).
Results are handed out as Decimal rounded half-up to 2 decimals (z) and 1 decimal (percentile),
so they print and serialise exactly as shown. Inputs (kg, cm, BMI) may be Decimal or float.

Pure: no file access. The tables arrive as text (see `parse_growth_tables`); the loader lives
outside this package.
"""

from __future__ import annotations

import math
import tomllib
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist
from typing import Literal

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.measurements import AdministrativeSex

# Indicator names (the keys of the result dict).
WEIGHT_FOR_AGE = "weight_for_age"
HEIGHT_FOR_AGE = "height_for_age"
HEAD_CIRCUMFERENCE_FOR_AGE = "head_circumference_for_age"
WEIGHT_FOR_LENGTH = "weight_for_length"
BMI_FOR_AGE = "bmi_for_age"
INDICATORS = (
    WEIGHT_FOR_AGE,
    HEIGHT_FOR_AGE,
    HEAD_CIRCUMFERENCE_FOR_AGE,
    WEIGHT_FOR_LENGTH,
    BMI_FOR_AGE,
)

# The measurement whose entry an implausible indicator asks the MA to re-measure and confirm.
# Weight-for-length is flagged in its result but names no single measurement.
CONFIRM_MEASUREMENT_OF: dict[str, str] = {
    WEIGHT_FOR_AGE: "body_weight",
    HEIGHT_FOR_AGE: "body_height",
    HEAD_CIRCUMFERENCE_FOR_AGE: "head_circumference",
    BMI_FOR_AGE: "bmi",
}

Reference = Literal["who", "cdc"]
REFERENCE_TEXT: dict[str, str] = {
    "who": "WHO Child Growth Standards 2006",
    "cdc": "CDC 2000 growth charts",
    "cdc_extended": "CDC 2022 extended BMI-for-age (above the 95th percentile)",
}

WHO_LAST_DAY = 730  # < 731 days: WHO; from 731 days: CDC
CDC_FIRST_MONTH = 24.0  # 731 days = 24.02 months; 730 days = 23.98 months
ADULT_YEARS = 20
DAYS_PER_MONTH = 30.4375  # CDC: age in months = age in days / 30.4375
CDC_HEAD_CIRCUMFERENCE_LAST_MONTH = 36.0
WHO_STANDING_CORRECTION_CM = 0.7  # WHO: length = standing height + 0.7 cm under 731 days
EXTENDED_Z_CAP = 8.21  # CDC: a percentile indistinguishable from 100 gets extended z 8.21

_NORMAL = NormalDist()
_Z95 = _NORMAL.inv_cdf(0.95)

# The shipped files, by the name the loader reads them under, and what each holds.
_LMS_FILES: dict[tuple[str, str], tuple[str, str]] = {
    ("who", WEIGHT_FOR_AGE): ("who-2006-weight-for-age.csv", "age_days"),
    ("who", HEIGHT_FOR_AGE): ("who-2006-length-for-age.csv", "age_days"),
    ("who", HEAD_CIRCUMFERENCE_FOR_AGE): ("who-2006-head-circumference-for-age.csv", "age_days"),
    ("who", WEIGHT_FOR_LENGTH): ("who-2006-weight-for-length.csv", "length_cm"),
    ("cdc", WEIGHT_FOR_AGE): ("cdc-2000-weight-for-age.csv", "Agemos"),
    ("cdc", HEIGHT_FOR_AGE): ("cdc-2000-stature-for-age.csv", "Agemos"),
    ("cdc", BMI_FOR_AGE): ("cdc-2000-bmi-for-age.csv", "Agemos"),
    ("cdc", HEAD_CIRCUMFERENCE_FOR_AGE): (
        "cdc-2000-head-circumference-for-age-infants.csv",
        "Agemos",
    ),
}
SIGMA_FILE = "cdc-2022-extended-bmi-sigma.csv"
RULES_FILE = "growth-rules.toml"
TABLE_FILES: tuple[str, ...] = (*(f for f, _ in _LMS_FILES.values()), SIGMA_FILE, RULES_FILE)

# The span each table must cover, so a truncated file fails when loaded, not at a visit.
_REQUIRED_SPAN: dict[tuple[str, str], tuple[float, float]] = {
    ("who", WEIGHT_FOR_AGE): (0, WHO_LAST_DAY),
    ("who", HEIGHT_FOR_AGE): (0, WHO_LAST_DAY),
    ("who", HEAD_CIRCUMFERENCE_FOR_AGE): (0, WHO_LAST_DAY),
    ("who", WEIGHT_FOR_LENGTH): (45, 110),
    ("cdc", WEIGHT_FOR_AGE): (24, 240),
    ("cdc", HEIGHT_FOR_AGE): (24, 240),
    ("cdc", BMI_FOR_AGE): (24, 240),
    ("cdc", HEAD_CIRCUMFERENCE_FOR_AGE): (0, CDC_HEAD_CIRCUMFERENCE_LAST_MONTH),
}
# Largest gap between two rows: one day (WHO by day), 0.1 cm, one month (CDC half-months).
_MAX_STEP: dict[str, float] = {"age_days": 1, "length_cm": 0.1, "Agemos": 1}

_SEX_CODE = {AdministrativeSex.MALE: 1, AdministrativeSex.FEMALE: 2}


class GrowthTableError(ValueError):
    """A growth table or rule file that cannot be used; the message names the file and line."""


# --- the LMS method ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lms:
    """Box-Cox power L, median M and coefficient of variation S at one age (or length)."""

    l: float  # noqa: E741 - the method's own name
    m: float
    s: float

    def z(self, x: float) -> float:
        """CDC's LMS z: ((x/M)^L - 1) / (L*S), or ln(x/M)/S when |L| < 0.01."""
        if abs(self.l) < 0.01:
            return math.log(x / self.m) / self.s
        # math.pow, not **: a float power is a float (or an error), never a complex number.
        return (math.pow(x / self.m, self.l) - 1) / (self.l * self.s)

    def value_at(self, z: float) -> float:
        """The measurement at a z-score: M * (1 + L*S*z)^(1/L)."""
        if self.l == 0:
            return self.m * math.exp(self.s * z)
        return self.m * math.pow(1 + self.l * self.s * z, 1 / self.l)

    def who_z(self, x: float, restricted: bool) -> float:
        """WHO's z. For weight-based indicators WHO restricts the LMS curve beyond +/-3 SD:
        the distance past SD3 is measured in units of the SD2-SD3 distance (WHO 2006 methods
        report; igrowup; CDC's SAS program for the WHO charts)."""
        z = (
            (math.pow(x / self.m, self.l) - 1) / (self.l * self.s)
            if self.l
            else math.log(x / self.m) / self.s
        )
        if not restricted:
            return z
        if z > 3:
            sd3 = self.value_at(3)
            return 3 + (x - sd3) / (sd3 - self.value_at(2))
        if z < -3:
            sd3 = self.value_at(-3)
            return -3 + (x - sd3) / (self.value_at(-2) - sd3)
        return z

    def modified_z(self, x: float) -> float:
        """CDC's modified z for implausible values: the distance from the median in units of
        half the distance from the median to z = +2 (above) or z = -2 (below)."""
        if x < self.m:
            return (x - self.m) / ((self.m - self.value_at(-2)) / 2)
        return (x - self.m) / ((self.value_at(2) - self.m) / 2)


@dataclass(frozen=True, slots=True)
class LmsCurve:
    """L, M, S at increasing x (age in days, length in cm or age in months), interpolated
    linearly in between; nothing outside the tabulated span."""

    xs: tuple[float, ...]
    points: tuple[Lms, ...]

    def at(self, x: float) -> Lms | None:
        if not self.xs or x < self.xs[0] or x > self.xs[-1]:
            return None
        i = bisect_left(self.xs, x)
        if self.xs[i] == x:
            return self.points[i]
        x0, x1 = self.xs[i - 1], self.xs[i]
        a, b = self.points[i - 1], self.points[i]
        t = (x - x0) / (x1 - x0)
        return Lms(a.l + t * (b.l - a.l), a.m + t * (b.m - a.m), a.s + t * (b.s - a.s))


# --- rules and tables --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZLimits:
    low: float
    high: float

    def flag(self, z: float) -> Literal["low", "high"] | None:
        """Outside the limits, which are themselves plausible (CDC: low <= z <= high is 0)."""
        if z < self.low:
            return "low"
        if z > self.high:
            return "high"
        return None


@dataclass(frozen=True, slots=True)
class BmiCategoryRules:
    underweight_below_percentile: Decimal
    overweight_from_percentile: Decimal
    obesity_from_percentile: Decimal
    class_2_from_percent_of_p95: Decimal
    class_2_from_bmi: Decimal
    class_3_from_percent_of_p95: Decimal
    class_3_from_bmi: Decimal


@dataclass(frozen=True, slots=True)
class GrowthRules:
    version: str
    implausible: Mapping[str, Mapping[str, ZLimits]]  # reference -> indicator -> limits
    bmi_category: BmiCategoryRules


@dataclass(frozen=True, slots=True)
class GrowthTables:
    curves: Mapping[tuple[str, str, int], LmsCurve]  # (reference, indicator, sex 1|2)
    sigma: Mapping[int, tuple[float, float, float]]  # sex -> CDC 2022 sigma coefficients
    rules: GrowthRules

    def curve(self, reference: str, indicator: str, sex: int) -> LmsCurve | None:
        return self.curves.get((reference, indicator, sex))

    def extended_bmi_sigma(self, sex: int, age_months: float) -> float:
        """CDC 2022: sigma = a + b*age + c*age^2 (age in years), rounded to 8 decimals as CDC's
        R program does to agree with NCHS."""
        a, b, c = self.sigma[sex]
        years = age_months / 12
        return round(a + b * years + c * years * years, 8)


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GrowthTableError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise GrowthTableError(f"{where}: {text!r} is not a finite number")
    return value


def _csv_rows(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    lines = [(n, line.strip()) for n, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise GrowthTableError(f"{name}: empty file")
    header = [h.strip() for h in lines[0][1].split(",")]
    return header, [(n, [c.strip() for c in line.split(",")]) for n, line in lines[1:]]


def parse_lms_csv(text: str, name: str, x_column: str) -> dict[int, LmsCurve]:
    """An LMS table as CSV text: columns sex (or Sex: 1 male, 2 female), the x column, L, M, S
    (others ignored). Rows of one sex strictly increasing in x; M and S positive."""
    header, rows = _csv_rows(text, name)
    lowered = [h.lower() for h in header]
    try:
        i_sex = lowered.index("sex")
        i_x = lowered.index(x_column.lower())
        i_l, i_m, i_s = (header.index(c) for c in ("L", "M", "S"))
    except ValueError:
        raise GrowthTableError(
            f"{name}: the header must name sex, {x_column}, L, M and S; it is {','.join(header)}"
        ) from None
    by_sex: dict[int, tuple[list[float], list[Lms]]] = {1: ([], []), 2: ([], [])}
    for n, cells in rows:
        where = f"{name} line {n}"
        if len(cells) < len(header):
            raise GrowthTableError(f"{where}: {len(cells)} columns, the header has {len(header)}")
        sex = cells[i_sex]
        if sex not in ("1", "2"):
            raise GrowthTableError(f"{where}: sex must be 1 (male) or 2 (female), not {sex!r}")
        x = _number(cells[i_x], where)
        lms = Lms(
            _number(cells[i_l], where), _number(cells[i_m], where), _number(cells[i_s], where)
        )
        if lms.m <= 0 or lms.s <= 0:
            raise GrowthTableError(f"{where}: M and S must be positive")
        xs, points = by_sex[int(sex)]
        if xs and x <= xs[-1]:
            raise GrowthTableError(f"{where}: {x_column} {x:g} does not follow {xs[-1]:g}")
        xs.append(x)
        points.append(lms)
    return {sex: LmsCurve(tuple(xs), tuple(points)) for sex, (xs, points) in by_sex.items()}


def _check_span(curve: LmsCurve, span: tuple[float, float], step: float, where: str) -> None:
    if not curve.xs or curve.xs[0] > span[0] or curve.xs[-1] < span[1]:
        have = f"{curve.xs[0]:g} to {curve.xs[-1]:g}" if curve.xs else "nothing"
        raise GrowthTableError(f"{where}: must cover {span[0]:g} to {span[1]:g}, has {have}")
    gaps = [b - a for a, b in zip(curve.xs, curve.xs[1:], strict=False)]
    if gaps and max(gaps) > step + 1e-9:
        raise GrowthTableError(f"{where}: rows more than {step:g} apart")


def parse_sigma_csv(text: str, name: str) -> dict[int, tuple[float, float, float]]:
    header, rows = _csv_rows(text, name)
    if header != ["sex", "intercept", "per_year", "per_year_squared"]:
        raise GrowthTableError(f"{name}: header must be sex,intercept,per_year,per_year_squared")
    sigma: dict[int, tuple[float, float, float]] = {}
    for n, cells in rows:
        where = f"{name} line {n}"
        if len(cells) != 4 or cells[0] not in ("1", "2"):
            raise GrowthTableError(f"{where}: expected sex (1 or 2) and three numbers")
        a, b, c = (_number(cell, where) for cell in cells[1:])
        sigma[int(cells[0])] = (a, b, c)
    if set(sigma) != {1, 2}:
        raise GrowthTableError(f"{name}: needs one row for each sex (1 and 2)")
    return sigma


_RULE_INDICATORS = {
    "who": (WEIGHT_FOR_AGE, HEIGHT_FOR_AGE, HEAD_CIRCUMFERENCE_FOR_AGE, WEIGHT_FOR_LENGTH),
    "cdc": (WEIGHT_FOR_AGE, HEIGHT_FOR_AGE, BMI_FOR_AGE, HEAD_CIRCUMFERENCE_FOR_AGE),
}
_RULE_Z = {"who": "z", "cdc": "modified_z"}


def parse_growth_rules(text: str, name: str) -> GrowthRules:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GrowthTableError(f"{name}: {exc}") from None
    version = doc.get("version")
    if not isinstance(version, str) or not version:
        raise GrowthTableError(f"{name}: needs a version")
    implausible: dict[str, dict[str, ZLimits]] = {}
    for reference, indicators in _RULE_INDICATORS.items():
        section = doc.get("implausible", {}).get(reference)
        where = f"{name} [implausible.{reference}]"
        if not isinstance(section, dict):
            raise GrowthTableError(f"{where}: missing")
        # The z the limits apply to is fixed by the published method; the file says which, so
        # a reader of the file cannot mistake one for the other.
        if section.get("z") != _RULE_Z[reference]:
            raise GrowthTableError(f'{where}: z must be "{_RULE_Z[reference]}"')
        unknown = set(section) - {"z", *indicators}
        if unknown:
            raise GrowthTableError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        limits: dict[str, ZLimits] = {}
        for indicator in indicators:
            entry = section.get(indicator)
            if not isinstance(entry, dict) or set(entry) != {"low", "high"}:
                raise GrowthTableError(f"{where}: {indicator} needs low and high")
            low, high = entry["low"], entry["high"]
            if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
                raise GrowthTableError(f"{where}: {indicator} limits must be numbers")
            if not low < 0 < high:
                raise GrowthTableError(f"{where}: {indicator} needs low < 0 < high")
            limits[indicator] = ZLimits(float(low), float(high))
        implausible[reference] = limits
    category = doc.get("bmi_category")
    fields = BmiCategoryRules.__slots__
    if not isinstance(category, dict) or set(category) != set(fields):
        raise GrowthTableError(f"{name} [bmi_category]: needs exactly {', '.join(fields)}")
    values = {}
    for key in fields:
        value = category[key]
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise GrowthTableError(f"{name} [bmi_category]: {key} must be a positive number")
        values[key] = Decimal(str(value))
    rules = BmiCategoryRules(**values)
    if not (
        rules.underweight_below_percentile
        < rules.overweight_from_percentile
        < rules.obesity_from_percentile
        < 100
        and rules.class_2_from_percent_of_p95 < rules.class_3_from_percent_of_p95
        and rules.class_2_from_bmi < rules.class_3_from_bmi
    ):
        raise GrowthTableError(f"{name} [bmi_category]: the limits must increase")
    return GrowthRules(version=version, implausible=implausible, bmi_category=rules)


def parse_growth_tables(texts: Mapping[str, str]) -> GrowthTables:
    """Every file of TABLE_FILES, by name, as text: checked and ready to use."""
    missing = [name for name in TABLE_FILES if name not in texts]
    if missing:
        raise GrowthTableError(f"growth tables missing: {', '.join(missing)}")
    curves: dict[tuple[str, str, int], LmsCurve] = {}
    for (reference, indicator), (name, x_column) in _LMS_FILES.items():
        for sex, curve in parse_lms_csv(texts[name], name, x_column).items():
            where = f"{name} ({'male' if sex == 1 else 'female'})"
            _check_span(curve, _REQUIRED_SPAN[reference, indicator], _MAX_STEP[x_column], where)
            curves[reference, indicator, sex] = curve
    return GrowthTables(
        curves=curves,
        sigma=parse_sigma_csv(texts[SIGMA_FILE], SIGMA_FILE),
        rules=parse_growth_rules(texts[RULES_FILE], RULES_FILE),
    )


# --- results -----------------------------------------------------------------------------


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class GrowthResult:
    """One indicator at one visit, for the clinician view, FHIR and charts.

    `implausible` is the confirm tier ("Unusual for this age — measure again, then confirm"):
    "low" or "high" when the value is outside the limits of growth-rules.toml.
    """

    z: Decimal  # 2 decimals
    percentile: Decimal  # 1 decimal
    reference: str
    implausible: Literal["low", "high"] | None = None
    modified_z: Decimal | None = None  # CDC only (WHO's flags use z itself)
    # BMI-for-age only:
    category: str | None = None
    p95: Decimal | None = None  # CDC 95th percentile BMI for the age and sex, 2 decimals
    percent_of_p95: Decimal | None = None  # 1 decimal

    def as_dict(self) -> dict[str, Decimal | str]:
        """The shape `vitalsdesk check` reports: z, percentile and the reference used."""
        return {"z": self.z, "percentile": self.percentile, "reference": self.reference}


def bmi_category(percentile: Decimal, bmi: Decimal, p95: float, rules: BmiCategoryRules) -> str:
    """AAP 2023 class / CDC category from the shown percentile and BMI (2 to < 20 years)."""
    bmi_float = float(bmi)
    percent_of_p95 = 100 * bmi_float / p95
    if percent_of_p95 >= rules.class_3_from_percent_of_p95 or bmi >= rules.class_3_from_bmi:
        return "obesity-class-3"
    if percent_of_p95 >= rules.class_2_from_percent_of_p95 or bmi >= rules.class_2_from_bmi:
        return "obesity-class-2"
    if percentile >= rules.obesity_from_percentile:
        return "obesity-class-1"
    if percentile >= rules.overweight_from_percentile:
        return "overweight"
    if percentile >= rules.underweight_below_percentile:
        return "healthy-weight"
    return "underweight"


def _result(z: float, reference: str, limits: ZLimits, flag_z: float | None = None) -> GrowthResult:
    """flag_z: the modified z (CDC); None means the limits apply to z itself (WHO)."""
    return GrowthResult(
        z=_round(z, 2),
        percentile=_round(100 * _NORMAL.cdf(z), 1),
        reference=REFERENCE_TEXT[reference],
        implausible=limits.flag(z if flag_z is None else flag_z),
        modified_z=None if flag_z is None else _round(flag_z, 2),
    )


def _bmi_result(
    tables: GrowthTables, sex: int, age_months: float, bmi: Decimal
) -> GrowthResult | None:
    curve = tables.curve("cdc", BMI_FOR_AGE, sex)
    at = curve.at(age_months) if curve else None
    if at is None:
        return None
    x = float(bmi)
    limits = tables.rules.implausible["cdc"][BMI_FOR_AGE]
    modified = at.modified_z(x)
    p95 = at.value_at(_Z95)
    if x > p95:
        # CDC 2022: above the 95th percentile the BMI follows a half-normal from P95 with
        # scale sigma; percentile = 90 + 10 * Phi((BMI - P95) / sigma).
        sigma = tables.extended_bmi_sigma(sex, age_months)
        fraction = 0.9 + 0.1 * _NORMAL.cdf((x - p95) / sigma)
        z = _NORMAL.inv_cdf(fraction) if fraction < 1 else EXTENDED_Z_CAP
        result = GrowthResult(
            z=_round(z, 2),
            percentile=_round(100 * fraction, 1),
            reference=REFERENCE_TEXT["cdc_extended"],
            implausible=limits.flag(modified),
            modified_z=_round(modified, 2),
        )
    else:
        result = _result(at.z(x), "cdc", limits, modified)
    return replace(
        result,
        category=bmi_category(result.percentile, bmi, p95, tables.rules.bmi_category),
        p95=_round(p95, 2),
        percent_of_p95=_round(100 * x / p95, 1),
    )


Number = Decimal | float | int


def _positive(value: Number | None, name: str) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number


def bmi_of(weight_kg: Number, height_cm: Number) -> Decimal:
    """BMI from kg and cm, rounded half-up to one decimal (as the MA sees it; CDC rounds to one
    decimal)."""
    metres = Decimal(str(height_cm)) / 100
    value = Decimal(str(weight_kg)) / (metres * metres)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def growth_at_age(
    tables: GrowthTables,
    sex: AdministrativeSex,
    age_days: float,
    *,
    weight_kg: Number | None = None,
    height_cm: Number | None = None,
    head_circumference_cm: Number | None = None,
    bmi: Number | None = None,
    length_measured_standing: bool = False,
) -> dict[str, GrowthResult]:
    """The indicators that apply at an age in days (< 20 years; whole days in the app, a
    fraction where a published test gives age in months). Callers with dates use
    `growth_indicators`, which also stops at 20 completed years.

    height_cm is recumbent length under 731 days (set length_measured_standing when the child
    stood: WHO adds 0.7 cm) and standing height from 731 days. bmi, when given, is used as is;
    otherwise it is computed from weight and height and rounded to one decimal.
    """
    code = _SEX_CODE.get(AdministrativeSex(sex))
    if code is None or age_days < 0:
        return {}
    weight = _positive(weight_kg, "weight_kg")
    height = _positive(height_cm, "height_cm")
    head = _positive(head_circumference_cm, "head_circumference_cm")
    if bmi is not None:
        _positive(bmi, "bmi")
    months = age_days / DAYS_PER_MONTH
    if months < CDC_FIRST_MONTH:
        return _who_results(tables, code, age_days, weight, height, head, length_measured_standing)
    return _cdc_results(tables, code, months, weight, height, head, bmi)


def _who_results(
    tables: GrowthTables,
    code: int,
    age_days: float,
    weight: float | None,
    height: float | None,
    head: float | None,
    length_measured_standing: bool,
) -> dict[str, GrowthResult]:
    """The WHO indicators, under 24 months (height is recumbent length)."""
    results: dict[str, GrowthResult] = {}
    # WHO's tables are by whole day (WHO's software rounds a fractional age to the day). In
    # whole days this is day 730 at most: day 731 is 24.02 months.
    day = min(math.floor(age_days + 0.5), WHO_LAST_DAY)
    limits = tables.rules.implausible["who"]
    if height is not None and length_measured_standing:
        height += WHO_STANDING_CORRECTION_CM
    for indicator, value, restricted, x in (
        (WEIGHT_FOR_AGE, weight, True, day),
        (HEIGHT_FOR_AGE, height, False, day),
        (HEAD_CIRCUMFERENCE_FOR_AGE, head, False, day),
        (WEIGHT_FOR_LENGTH, weight if height is not None else None, True, height),
    ):
        curve = tables.curve("who", indicator, code)
        at = curve.at(x) if curve is not None and value is not None and x is not None else None
        if at is not None and value is not None:
            results[indicator] = _result(at.who_z(value, restricted), "who", limits[indicator])
    return results


def _cdc_results(
    tables: GrowthTables,
    code: int,
    months: float,
    weight: float | None,
    height: float | None,
    head: float | None,
    bmi: Number | None,
) -> dict[str, GrowthResult]:
    """The CDC indicators, from 24 months; BMI-for-age from the given or computed BMI."""
    results: dict[str, GrowthResult] = {}
    limits = tables.rules.implausible["cdc"]
    for indicator, value in (
        (WEIGHT_FOR_AGE, weight),
        (HEIGHT_FOR_AGE, height),
        (HEAD_CIRCUMFERENCE_FOR_AGE, head),
    ):
        curve = tables.curve("cdc", indicator, code)
        if indicator == HEAD_CIRCUMFERENCE_FOR_AGE and months > CDC_HEAD_CIRCUMFERENCE_LAST_MONTH:
            continue
        at = curve.at(months) if curve is not None and value is not None else None
        if at is not None and value is not None:
            results[indicator] = _result(
                at.z(value), "cdc", limits[indicator], at.modified_z(value)
            )
    if bmi is None and weight is not None and height is not None:
        bmi = bmi_of(weight, height)
    if bmi is not None:
        bmi_result = _bmi_result(tables, code, months, Decimal(str(bmi)))
        if bmi_result is not None:
            results[BMI_FOR_AGE] = bmi_result
    return results


def age_in_days(birth_date: date, taken_at: date | datetime) -> int:
    """Whole days from birth to the calendar day of the measurement (where it was taken)."""
    day = taken_at.date() if isinstance(taken_at, datetime) else taken_at
    if day < birth_date:
        raise ValueError("the measurement is dated before the birth date")
    return (day - birth_date).days


def growth_indicators(
    tables: GrowthTables,
    sex: AdministrativeSex,
    birth_date: date,
    taken_at: date | datetime,
    *,
    weight_kg: Number | None = None,
    height_cm: Number | None = None,
    head_circumference_cm: Number | None = None,
    bmi: Number | None = None,
    length_measured_standing: bool = False,
) -> dict[str, GrowthResult]:
    """Growth z-scores and percentiles at `taken_at` for a child under 20 years.

    Keys present only where the indicator applies and its measurement was given; an empty dict
    from 20 completed years, and for a sex other than male or female (the references are by
    sex). See `growth_at_age` for the measurement conventions.
    """
    day = taken_at.date() if isinstance(taken_at, datetime) else taken_at
    days = age_in_days(birth_date, day)
    if age_on(birth_date, day).years >= ADULT_YEARS:
        return {}
    return growth_at_age(
        tables,
        sex,
        days,
        weight_kg=weight_kg,
        height_cm=height_cm,
        head_circumference_cm=head_circumference_cm,
        bmi=bmi,
        length_measured_standing=length_measured_standing,
    )


def implausible_measurements(results: Mapping[str, GrowthResult]) -> dict[str, str]:
    """Measurement name -> the indicator that found it unusual for the age (confirm tier)."""
    return {
        CONFIRM_MEASUREMENT_OF[indicator]: indicator
        for indicator, result in results.items()
        if result.implausible is not None and indicator in CONFIRM_MEASUREMENT_OF
    }


def centile_curve(
    tables: GrowthTables, reference: Reference, indicator: str, sex: AdministrativeSex, z: float
) -> list[tuple[float, float]]:
    """The measurement at z-score `z` at every tabulated x (WHO: age in days or length in cm;
    CDC: age in months), for drawing reference lines on a growth chart. CDC BMI above the 95th
    percentile follows the 2022 extended method; WHO lines beyond +/-3 follow WHO's restriction
    for weight-based indicators."""
    code = _SEX_CODE.get(AdministrativeSex(sex))
    curve = tables.curve(reference, indicator, code) if code is not None else None
    if curve is None:
        return []
    points: list[tuple[float, float]] = []
    restricted = reference == "who" and indicator in (WEIGHT_FOR_AGE, WEIGHT_FOR_LENGTH)
    for x, lms in zip(curve.xs, curve.points, strict=True):
        if reference == "cdc" and indicator == BMI_FOR_AGE and z > _Z95 and code is not None:
            fraction = _NORMAL.cdf(z)
            sigma = tables.extended_bmi_sigma(code, x)
            value = lms.value_at(_Z95) + sigma * _NORMAL.inv_cdf((fraction - 0.9) / 0.1)
        elif restricted and abs(z) > 3:
            edge = math.copysign(3, z)
            sd3 = lms.value_at(edge)
            step = sd3 - lms.value_at(math.copysign(2, z))
            value = sd3 + (abs(z) - 3) * step
        else:
            value = lms.value_at(z)
        points.append((x, value))
    return points
