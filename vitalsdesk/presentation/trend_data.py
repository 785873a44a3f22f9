"""The numbers behind the trend charts (no Qt, no pyqtgraph): series over time and the reference
band for the patient's current age, in the unit the MA works in; and, for a child, the growth
charts (percentile lines of WHO or CDC and the child's readings), which are for the clinician.

Only valid readings count: an earlier version replaced by an amendment, and a set entered in
error, are left out. The band is the range table's row for this measurement at the patient's age
today (clinic.table.range_row): from its low flag limit to its high flag limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.growth import (
    ADULT_YEARS,
    BMI_FOR_AGE,
    CDC_HEAD_CIRCUMFERENCE_LAST_MONTH,
    HEAD_CIRCUMFERENCE_FOR_AGE,
    HEIGHT_FOR_AGE,
    WEIGHT_FOR_AGE,
    WEIGHT_FOR_LENGTH,
    WHO_LAST_DAY,
    centile_curve,
    growth_at_age,
)
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.clinical.units import Unit, from_canonical, plain

if TYPE_CHECKING:
    from vitalsdesk.clinical.growth import GrowthTables
    from vitalsdesk.clinical.ranges import RangeRow, RangeTable
    from vitalsdesk.services.schemas import PatientOut, VitalSignSetOut


@dataclass(frozen=True)
class Band:
    low: float | None
    high: float | None
    name: str = ""  # "systolic" when a chart has more than one band

    def text(self, places: int = 1) -> str:
        def n(x: float) -> str:
            return plain(Decimal(str(x)), places)

        if self.low is not None and self.high is not None:
            span = f"{n(self.low)}–{n(self.high)}"
        elif self.high is not None:
            span = f"below {n(self.high)}"
        elif self.low is not None:
            span = f"above {n(self.low)}"
        else:
            span = ""
        return f"{self.name} {span}" if self.name else span


@dataclass(frozen=True)
class Series:
    name: str
    symbol: str  # pyqtgraph symbol: "t1" triangle up, "t" triangle down, "o" circle
    marker: str  # the same shape as text, for titles and screen readers
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ChartData:
    key: str
    title: str
    unit: str
    series: list[Series]
    bands: list[Band]

    @property
    def count(self) -> int:
        return max((len(s.points) for s in self.series), default=0)

    def band_text(self) -> str:
        """ "systolic 100–120 mmHg, diastolic below 80 mmHg" or "no reference range"."""
        if not self.bands:
            return "no reference range"
        return ", ".join(f"{b.text()} {self.unit}" for b in self.bands)

    def summary(self) -> str:
        """What a screen reader says about the chart."""
        if self.count == 0:
            return f"{self.title}: no readings yet."
        latest = ", ".join(
            (f"{s.name} " if len(self.series) > 1 else "") + plain(Decimal(str(s.points[-1][1])), 1)
            for s in self.series
            if s.points
        )
        return (
            f"{self.title}: {self.count} reading{'s' if self.count != 1 else ''}; latest {latest} {self.unit}. "
            f"Reference range for the patient's age (shaded): {self.band_text()}."
        )


def band_of(row: RangeRow | None, name: str = "", unit: Unit | None = None) -> Band | None:
    if row is None:
        return None
    low_rule = row.L or row.LL
    high_rule = row.H or row.HH
    if low_rule is None and high_rule is None:
        return None

    def shown(limit: Decimal) -> float:
        return float(from_canonical(limit, unit) if unit is not None else limit)

    return Band(
        low=shown(low_rule.limit) if low_rule else None,
        high=shown(high_rule.limit) if high_rule else None,
        name=name,
    )


# A weight chart sits under the history table, which shows each weight as it was entered, and a
# clinician reads the two together: a baby weighed in kg with the form left on lb showed "6.2 kg"
# in the table and 13.7 on the chart. So the chart follows the readings: when every weight was
# entered in kg or g the chart is in kg (as the growth charts are, always: WHO under 2, CDC
# after), and when every one was entered in lb (or lb + oz) it is in lb. Only when they were
# entered in both, or there is none yet, does it follow the unit the form is set to, the one the
# MA works in.
# The temperature chart follows the same rule (temperature_unit).
_METRIC_MASS = frozenset({Unit.KG.value, Unit.GRAM.value})
_POUND_MASS = frozenset({Unit.POUND.value})


def weight_unit(preference: str, entered: Iterable[str] = ()) -> Unit:
    """The weight chart's unit: the one the weights were entered in (`entered`: their UCUM
    units) when they all agree, otherwise the form's (`preference`)."""
    units = set(entered)
    if units and units <= _METRIC_MASS:
        return Unit.KG
    if units and units <= _POUND_MASS:
        return Unit.POUND
    return Unit.KG if preference in ("kg", "g") else Unit.POUND


def temperature_unit(preference: str, entered: Iterable[str] = ()) -> Unit:
    """The temperature chart's unit, by the weight chart's rule: the one the temperatures were
    entered in when they all agree (the table shows "37.2 °C"), otherwise the form's."""
    units = set(entered)
    if len(units) == 1 and (only := units.pop()) in (Unit.CEL.value, Unit.DEG_F.value):
        return Unit(only)
    return Unit.CEL if preference == "Cel" else Unit.DEG_F


def trend_charts(
    sets: list[VitalSignSetOut],
    table: RangeTable,
    patient: PatientOut,
    *,
    temperature_preference: str = "[degF]",
    weight_preference: str = "[lb_av]",
    today: date | None = None,
) -> list[ChartData]:
    valid = sorted(
        (s for s in sets if not s.superseded and s.status != "entered-in-error"),
        key=lambda s: s.taken_at,
    )
    age = age_on(patient.birth_date, today or date.today())
    sex = AdministrativeSex(patient.sex)

    def row(code: str) -> RangeRow | None:
        return table.range_row(code, age, sex)

    bmi_points = [(s.taken_at.timestamp(), float(s.bmi_value)) for s in valid if s.bmi_value]
    return [
        _blood_pressure_chart(valid, row),
        ChartData(
            "heart_rate",
            "Pulse",
            "/min",
            [Series("pulse", "o", "●", _points(valid, "heart_rate"))],
            _bands(band_of(row("heart_rate"))),
        ),
        _temperature_chart(
            valid,
            row,
            temperature_unit(temperature_preference, _entered_units(valid, "body_temperature")),
        ),
        _weight_chart(valid, weight_unit(weight_preference, _entered_units(valid, "body_weight"))),
        ChartData(
            "bmi",
            "BMI",
            "kg/m²",
            [Series("BMI", "d", "◆", bmi_points)],
            _bands(band_of(row("bmi"))),
        ),
    ]


def _points(
    valid: list[VitalSignSetOut], code: str, unit: Unit | None = None
) -> list[tuple[float, float]]:
    """(time stamp, value) of each set that has this measurement, in `unit` when given."""
    out = []
    for s in valid:
        m = s.measurement(code)
        if m is not None:
            value = m.canonical if unit is None else from_canonical(m.canonical, unit)
            out.append((s.taken_at.timestamp(), float(value)))
    return out


def _entered_units(valid: list[VitalSignSetOut], code: str) -> list[str]:
    """The unit each reading of this measurement was entered in, as the history table shows it."""
    return [m.unit for s in valid if (m := s.measurement(code)) is not None]


def _bands(*found: Band | None) -> list[Band]:
    return [b for b in found if b is not None]


def _blood_pressure_chart(
    valid: list[VitalSignSetOut], row: Callable[[str], RangeRow | None]
) -> ChartData:
    return ChartData(
        "blood_pressure",
        "Blood pressure",
        "mmHg",
        [
            Series("systolic", "t1", "▲", _points(valid, "systolic_bp")),
            Series("diastolic", "t", "▼", _points(valid, "diastolic_bp")),
        ],
        _bands(
            band_of(row("systolic_bp"), "systolic"),
            band_of(row("diastolic_bp"), "diastolic"),
        ),
    )


def _temperature_chart(
    valid: list[VitalSignSetOut], row: Callable[[str], RangeRow | None], temp_unit: Unit
) -> ChartData:
    return ChartData(
        "body_temperature",
        "Temperature",
        "°C" if temp_unit is Unit.CEL else "°F",
        [Series("temperature", "o", "●", _points(valid, "body_temperature", temp_unit))],
        _bands(band_of(row("body_temperature"), unit=temp_unit)),
    )


def _weight_chart(valid: list[VitalSignSetOut], mass_unit: Unit) -> ChartData:
    return ChartData(
        "body_weight",
        "Weight",
        "kg" if mass_unit is Unit.KG else "lb",
        [Series("weight", "s", "■", _points(valid, "body_weight", mass_unit))],
        [],  # weight has no reference range
    )


# -- growth charts (children under 20; clinician-facing, decision 17) ---------------------------

WHO_CENTILES = (3, 15, 50, 85, 97)
CDC_CENTILES = (5, 10, 25, 50, 75, 90, 95)
_DAYS_PER_MONTH = 30.4375  # CDC: months = days / 30.4375
_DAYS_PER_YEAR = 365.25
_NORMAL = NormalDist()


def ordinal(n: int) -> str:
    """3 -> "3rd", 15 -> "15th", 97 -> "97th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _series_text(numbers: tuple[int, ...]) -> str:
    words = [ordinal(n) for n in numbers]
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class CentileLine:
    percentile: int
    points: list[tuple[float, float]]

    @property
    def label(self) -> str:
        return ordinal(self.percentile)


@dataclass(frozen=True)
class GrowthChartData:
    """One growth chart: the reference's percentile lines and this patient's readings."""

    key: str  # the growth indicator: weight_for_age, height_for_age, ...
    title: str  # "Weight-for-age"
    span: str  # "WHO, birth to 2 years"
    x_label: str  # "Age (months)", "Age (years)", "Length (cm)"
    x_unit: str  # "months", "years", "cm"
    unit: str  # of the measurement: "kg", "cm", "kg/m²"
    x_range: tuple[float, float]
    lines: list[CentileLine]
    population: str  # whose percentiles the lines are: "boys" or "girls"
    points: list[tuple[float, float]] = field(default_factory=list)
    # The latest reading's percentile and z, as the clinician view shows them.
    latest_percentile: Decimal | None = None
    latest_z: Decimal | None = None

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def reference(self) -> str:
        return self.span.split(",")[0]  # "WHO" or "CDC"

    def how_to_read(self) -> str:
        lines = ", ".join(line.label for line in self.lines)
        return (
            f"The lines are the {self.reference} percentiles for {self.population} ({lines}); "
            "the joined dots are this child's readings."
        )

    def summary(self) -> str:
        """What a screen reader says about the chart."""
        lines = _series_text(tuple(line.percentile for line in self.lines))
        head = f"{self.title}, {self.span}"
        if not self.points:
            return f"{head}: no readings on this chart yet. Lines: the {lines} percentiles."
        x, y = self.points[-1]
        where = f"at {plain(Decimal(str(x)), 1)} {self.x_unit}"
        latest = f"latest {plain(Decimal(str(y)), 1)} {self.unit} {where}"
        if self.latest_percentile is not None and self.latest_z is not None:
            latest += f", percentile {self.latest_percentile} (z {self.latest_z})"
        return (
            f"{head}: {self.count} reading{'s' if self.count != 1 else ''}; {latest}. "
            f"Lines: the {lines} percentiles."
        )


@dataclass(frozen=True)
class _Reading:
    age_days: int
    values: dict[str, float]  # body_weight (kg), body_height (cm), head_circumference (cm), bmi


@dataclass(frozen=True)
class _XAxis:
    label: str  # "Age (months)"
    unit: str  # "months"
    of_reading: Callable[[_Reading], float | None]  # where a reading goes on it
    of_table: Callable[[float], float]  # the table's x (WHO days or cm, CDC months) on it
    span: tuple[float, float]


def _months(days: float) -> float:
    return days / _DAYS_PER_MONTH


def _length(r: _Reading) -> float | None:
    return r.values.get("body_height")


WHO_MONTHS = _XAxis("Age (months)", "months", lambda r: _months(r.age_days), _months, (0.0, 24.0))
WHO_LENGTH = _XAxis("Length (cm)", "cm", _length, float, (45.0, 110.0))
CDC_YEARS = _XAxis(
    "Age (years)", "years", lambda r: r.age_days / _DAYS_PER_YEAR, lambda m: m / 12, (2.0, 20.0)
)
CDC_MONTHS = _XAxis("Age (months)", "months", lambda r: _months(r.age_days), float, (0.0, 36.0))

# (reference, indicator, title, span, x axis, unit, measurement) of each chart, by age today.
_WHO_CHARTS = (
    ("who", WEIGHT_FOR_AGE, "Weight-for-age", "WHO, birth to 2 years", WHO_MONTHS, "kg",
     "body_weight"),
    ("who", HEIGHT_FOR_AGE, "Length-for-age", "WHO, birth to 2 years", WHO_MONTHS, "cm",
     "body_height"),
    ("who", WEIGHT_FOR_LENGTH, "Weight-for-length", "WHO, birth to 2 years", WHO_LENGTH, "kg",
     "body_weight"),
    ("who", HEAD_CIRCUMFERENCE_FOR_AGE, "Head circumference-for-age", "WHO, birth to 2 years",
     WHO_MONTHS, "cm", "head_circumference"),
)  # fmt: skip
_CDC_CHARTS = (
    ("cdc", WEIGHT_FOR_AGE, "Weight-for-age", "CDC, 2 to 20 years", CDC_YEARS, "kg",
     "body_weight"),
    ("cdc", HEIGHT_FOR_AGE, "Height-for-age", "CDC, 2 to 20 years", CDC_YEARS, "cm",
     "body_height"),
    ("cdc", BMI_FOR_AGE, "BMI-for-age", "CDC, 2 to 20 years", CDC_YEARS, "kg/m²", "bmi"),
)  # fmt: skip
_CDC_HEAD_CHART = (
    "cdc", HEAD_CIRCUMFERENCE_FOR_AGE, "Head circumference-for-age", "CDC, birth to 36 months",
    CDC_MONTHS, "cm", "head_circumference",
)  # fmt: skip


def _readings(sets: list[VitalSignSetOut], birth_date: date) -> list[_Reading]:
    valid = sorted(
        (s for s in sets if not s.superseded and s.status != "entered-in-error"),
        key=lambda s: s.taken_at,
    )
    out = []
    for s in valid:
        day = s.taken_at.date()  # the day where it was taken, as every rule counts age
        if day < birth_date:
            continue
        values = {
            code: float(m.canonical)
            for code in ("body_weight", "body_height", "head_circumference")
            if (m := s.measurement(code)) is not None
        }
        if s.bmi_value:
            values["bmi"] = float(s.bmi_value)
        if values:
            out.append(_Reading((day - birth_date).days, values))
    return out


def growth_charts(
    sets: list[VitalSignSetOut],
    tables: GrowthTables,
    patient: PatientOut,
    *,
    today: date | None = None,
) -> list[GrowthChartData]:
    """The growth charts for the patient's age today: WHO (weight-for-age, length-for-age,
    weight-for-length, head circumference-for-age; 3rd, 15th, 50th, 85th, 97th) under 24
    months; CDC (weight-for-age, height-for-age, BMI-for-age, and head circumference to 36
    months; 5th to 95th) from 2 to < 20 years. None from 20 years, and none for a sex the charts
    are not drawn for. Only valid readings count, as in the trend charts."""
    sex = AdministrativeSex(patient.sex)
    day = today or date.today()
    if sex not in (AdministrativeSex.MALE, AdministrativeSex.FEMALE) or day < patient.birth_date:
        return []
    if age_on(patient.birth_date, day).years >= ADULT_YEARS:
        return []
    age_days = (day - patient.birth_date).days
    readings = _readings(sets, patient.birth_date)
    if age_days <= WHO_LAST_DAY:
        specs: tuple[tuple[str, str, str, str, _XAxis, str, str], ...] = _WHO_CHARTS
    elif _months(age_days) <= CDC_HEAD_CIRCUMFERENCE_LAST_MONTH:
        specs = (*_CDC_CHARTS, _CDC_HEAD_CHART)
    else:
        specs = _CDC_CHARTS
    return [_growth_chart(tables, sex, readings, *spec) for spec in specs]


def _growth_chart(
    tables: GrowthTables,
    sex: AdministrativeSex,
    readings: list[_Reading],
    reference: str,
    indicator: str,
    title: str,
    span: str,
    axis: _XAxis,
    unit: str,
    measurement: str,
) -> GrowthChartData:
    lines = _centile_lines(tables, sex, reference, indicator, axis)
    points, latest = _chart_points(readings, axis, measurement)
    percentile, z = _latest_growth(tables, sex, latest, reference, indicator)
    return GrowthChartData(
        key=indicator,
        title=title,
        span=span,
        x_label=axis.label,
        x_unit=axis.unit,
        unit=unit,
        x_range=axis.span,
        lines=lines,
        population="boys" if sex is AdministrativeSex.MALE else "girls",
        points=points,
        latest_percentile=percentile,
        latest_z=z,
    )


def _centile_lines(
    tables: GrowthTables, sex: AdministrativeSex, reference: str, indicator: str, axis: _XAxis
) -> list[CentileLine]:
    centiles = WHO_CENTILES if reference == "who" else CDC_CENTILES
    return [
        CentileLine(
            p,
            [
                (axis.of_table(x), y)
                for x, y in centile_curve(
                    tables,
                    "who" if reference == "who" else "cdc",
                    indicator,
                    sex,
                    _NORMAL.inv_cdf(p / 100),
                )
            ],
        )
        for p in centiles
    ]


def _chart_points(
    readings: list[_Reading], axis: _XAxis, measurement: str
) -> tuple[list[tuple[float, float]], _Reading | None]:
    """The readings that fall on the chart's axis, and the latest of them."""
    points: list[tuple[float, float]] = []
    latest: _Reading | None = None
    for r in readings:
        x, y = axis.of_reading(r), r.values.get(measurement)
        if x is None or y is None or not axis.span[0] <= x <= axis.span[1]:
            continue
        points.append((x, y))
        latest = r
    return points, latest


def _latest_growth(
    tables: GrowthTables,
    sex: AdministrativeSex,
    latest: _Reading | None,
    reference: str,
    indicator: str,
) -> tuple[Decimal | None, Decimal | None]:
    """The percentile and z of the latest reading on the chart."""
    if latest is None:
        return None, None
    found = growth_at_age(
        tables,
        sex,
        latest.age_days,
        weight_kg=latest.values.get("body_weight"),
        height_cm=latest.values.get("body_height"),
        head_circumference_cm=latest.values.get("head_circumference"),
        bmi=latest.values.get("bmi"),
    ).get(indicator)
    # Only when that reading was measured against this chart's reference (a CDC head
    # circumference chart also shows readings from under 2 years, which WHO judged).
    if found is not None and found.reference.lower().startswith(reference):
        return found.percentile, found.z
    return None, None
