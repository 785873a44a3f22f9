"""The numbers behind the trend charts (no Qt, no pyqtgraph): series over time and the reference
band for the patient's current age, in the unit the MA works in.

Only valid readings count: an earlier version replaced by an amendment, and a set entered in
error, are left out. The band is the range table's row for this measurement at the patient's age
today (clinic.table.range_row): from its low flag limit to its high flag limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.clinical.units import Unit, from_canonical, plain

if TYPE_CHECKING:
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
            f"{self.title}: {self.count} readings; latest {latest} {self.unit}. "
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


def temperature_unit(preference: str) -> Unit:
    return Unit.CEL if preference == "Cel" else Unit.DEG_F


def weight_unit(preference: str) -> Unit:
    return Unit.KG if preference in ("kg", "g") else Unit.POUND


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
    temp_unit = temperature_unit(temperature_preference)
    mass_unit = weight_unit(weight_preference)

    def points(code: str, unit: Unit | None = None) -> list[tuple[float, float]]:
        out = []
        for s in valid:
            m = s.measurement(code)
            if m is not None:
                value = m.canonical if unit is None else from_canonical(m.canonical, unit)
                out.append((s.taken_at.timestamp(), float(value)))
        return out

    def bands(*found: Band | None) -> list[Band]:
        return [b for b in found if b is not None]

    bmi_points = [(s.taken_at.timestamp(), float(s.bmi_value)) for s in valid if s.bmi_value]
    temp_symbol = "°C" if temp_unit is Unit.CEL else "°F"
    mass_symbol = "kg" if mass_unit is Unit.KG else "lb"
    return [
        ChartData(
            "blood_pressure",
            "Blood pressure",
            "mmHg",
            [
                Series("systolic", "t1", "▲", points("systolic_bp")),
                Series("diastolic", "t", "▼", points("diastolic_bp")),
            ],
            bands(
                band_of(table.range_row("systolic_bp", age, sex), "systolic"),
                band_of(table.range_row("diastolic_bp", age, sex), "diastolic"),
            ),
        ),
        ChartData(
            "heart_rate",
            "Pulse",
            "/min",
            [Series("pulse", "o", "●", points("heart_rate"))],
            bands(band_of(table.range_row("heart_rate", age, sex))),
        ),
        ChartData(
            "body_temperature",
            "Temperature",
            temp_symbol,
            [Series("temperature", "o", "●", points("body_temperature", temp_unit))],
            bands(band_of(table.range_row("body_temperature", age, sex), unit=temp_unit)),
        ),
        ChartData(
            "body_weight",
            "Weight",
            mass_symbol,
            [Series("weight", "s", "■", points("body_weight", mass_unit))],
            [],  # weight has no reference range
        ),
        ChartData(
            "bmi",
            "BMI",
            "kg/m²",
            [Series("BMI", "d", "◆", bmi_points)],
            bands(band_of(table.range_row("bmi", age, sex))),
        ),
    ]
