"""Pydantic models of one vital-sign set as an MA enters it.

The models own the *shape* of the input: known keys only, a UCUM unit that fits the measurement,
finite numbers, the method of a temperature. The clinical rules (reject / confirm / interpret) live
in `assessment.py` and read their numbers from the reference-range table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vitalsdesk.clinical.bp_readings import MAX_READINGS, MIN_READINGS, whole_mmhg_mean
from vitalsdesk.clinical.text import OneLine
from vitalsdesk.clinical.units import SYMBOLS, Unit


class MeasurementKey(StrEnum):
    """The measurements of a set, in the clinical order of the rooming form."""

    SYSTOLIC_BP = "systolic_bp"
    DIASTOLIC_BP = "diastolic_bp"
    HEART_RATE = "heart_rate"
    RESPIRATORY_RATE = "respiratory_rate"
    BODY_TEMPERATURE = "body_temperature"
    OXYGEN_SATURATION = "oxygen_saturation"
    BODY_HEIGHT = "body_height"
    BODY_WEIGHT = "body_weight"
    PAIN_SCORE = "pain_score"
    HEAD_CIRCUMFERENCE = "head_circumference"


# What the screen and every message call each measurement (also the accessible names in the GUI).
LABELS: dict[str, str] = {
    "systolic_bp": "Systolic blood pressure",
    "diastolic_bp": "Diastolic blood pressure",
    "heart_rate": "Heart rate",
    "respiratory_rate": "Respiratory rate",
    "body_temperature": "Temperature",
    "oxygen_saturation": "Oxygen saturation",
    "body_height": "Height",
    "body_weight": "Weight",
    "pain_score": "Pain score",
    "head_circumference": "Head circumference",
    "bmi": "BMI",
}


class AdministrativeSex(StrEnum):
    """FHIR administrative-gender."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class TemperatureMethod(StrEnum):
    ORAL = "oral"
    TYMPANIC = "tympanic"
    TEMPORAL = "temporal"
    AXILLARY = "axillary"
    RECTAL = "rectal"


class BodyPosition(StrEnum):
    SITTING = "sitting"
    STANDING = "standing"
    LYING = "lying"


class Arm(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class CuffSize(StrEnum):
    INFANT = "infant"
    CHILD = "child"
    SMALL_ADULT = "small-adult"
    ADULT = "adult"
    LARGE_ADULT = "large-adult"
    THIGH = "thigh"


# Common spellings that are not the UCUM code: named in the message so the fix is obvious.
_UNIT_HINTS: dict[str, str] = {
    "mmhg": "mm[Hg]",
    "bpm": "/min",
    "c": "Cel",
    "°c": "Cel",
    "degc": "Cel",
    "f": "[degF]",
    "°f": "[degF]",
    "degf": "[degF]",
    "lb": "[lb_av]",
    "lbs": "[lb_av]",
    "in": "[in_i]",
    "inch": "[in_i]",
}

MAX_ABS_VALUE = Decimal(1_000_000)
# A JSON number such as 1e-999999999 is finite and small, but written out "as entered" it is a
# billion digits. A binary float never needs more than 1074 places, so this refuses only absurd input.
MAX_DECIMAL_PLACES = 1100
# A number is kept as it was entered, as text, and every supported database must hold that text:
# the narrowest column (the oxygen flow) takes 16 characters. No reading needs more ("98.6").
MAX_NUMBER_CHARACTERS = 16


def _finite_decimal(value: Any) -> Any:
    """Refuse booleans, NaN, infinities and absurd magnitudes before any arithmetic."""
    if isinstance(value, bool):
        raise PydanticCustomError("number", "must be a number, not true/false")
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        if isinstance(value, float):
            # repr() is the shortest text that reads back as this float: 98.6, not 98.59999...
            value = repr(value)
        number = Decimal(value) if isinstance(value, str | int | Decimal) else None
    except ArithmeticError:
        number = None
    if number is None:
        raise PydanticCustomError("number", "must be a number")
    if (
        not number.is_finite()
        or abs(number) >= MAX_ABS_VALUE
        or number.as_tuple().exponent < -MAX_DECIMAL_PLACES  # type: ignore[operator]
    ):
        raise PydanticCustomError(
            "number", "{value} is not a number we can accept", {"value": value}
        )
    if len(format(number, "f")) > MAX_NUMBER_CHARACTERS:
        raise PydanticCustomError(
            "number",
            "has too many digits (at most {most} characters, like 98.6)",
            {"most": MAX_NUMBER_CHARACTERS},
        )
    return number


FiniteDecimal = Annotated[Decimal, BeforeValidator(_finite_decimal)]


class _Quantity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ALLOWED_UNITS: ClassVar[tuple[Unit, ...]] = ()
    DEFAULT_UNIT: ClassVar[Unit | None] = None

    value: FiniteDecimal
    unit: Unit

    @model_validator(mode="before")
    @classmethod
    def _default_unit(cls, data: Any) -> Any:
        if isinstance(data, dict) and "unit" not in data and cls.DEFAULT_UNIT is not None:
            return {**data, "unit": cls.DEFAULT_UNIT.value}
        return data

    @field_validator("unit", mode="before")
    @classmethod
    def _known_unit(cls, unit: Any) -> Unit:
        allowed = ", ".join(f'"{u.value}" ({SYMBOLS[u] or "score"})' for u in cls.ALLOWED_UNITS)
        if not isinstance(unit, str):
            raise PydanticCustomError("unit", "unit must be one of {allowed}", {"allowed": allowed})
        for candidate in cls.ALLOWED_UNITS:
            if unit == candidate.value:
                return candidate
        hint = _UNIT_HINTS.get(unit.strip().lower())
        if hint and any(hint == u.value for u in cls.ALLOWED_UNITS):
            raise PydanticCustomError(
                "unit",
                'unit "{unit}" is not the UCUM code: use "{hint}"',
                {"unit": unit, "hint": hint},
            )
        raise PydanticCustomError(
            "unit",
            'unit "{unit}" is not accepted here; use {allowed}',
            {"unit": unit, "allowed": allowed},
        )


class BloodPressureValue(_Quantity):
    # kPa: what a cuff set to kPa reports, kept as entered (converted exactly for the rules).
    ALLOWED_UNITS = (Unit.MM_HG, Unit.KPA)
    position: BodyPosition | None = None
    arm: Arm | None = None
    cuff_size: CuffSize | None = None


class RateValue(_Quantity):
    ALLOWED_UNITS = (Unit.PER_MIN,)


class TemperatureValue(_Quantity):
    ALLOWED_UNITS = (Unit.CEL, Unit.DEG_F)
    # Required: readings from different sites are never converted into one another (decision 4 of
    # docs/clinical-basis.md).
    method: TemperatureMethod


MAX_OXYGEN_FLOW = Decimal(60)


class OxygenSaturationValue(_Quantity):
    ALLOWED_UNITS = (Unit.PERCENT,)
    on_supplemental_oxygen: bool = False
    # Litres per minute of supplemental oxygen, when the MA knows it.
    oxygen_flow: FiniteDecimal | None = None

    @model_validator(mode="after")
    def _flow_only_on_oxygen(self) -> OxygenSaturationValue:
        if self.oxygen_flow is not None:
            if not self.on_supplemental_oxygen:
                raise PydanticCustomError(
                    "oxygen", "oxygen flow is given but on_supplemental_oxygen is false"
                )
            if not (0 < self.oxygen_flow <= MAX_OXYGEN_FLOW):
                raise PydanticCustomError(
                    "oxygen",
                    "oxygen flow {flow} L/min is not possible; enter more than 0 and up to 60 L/min",
                    {"flow": str(self.oxygen_flow)},
                )
        return self


class LengthValue(_Quantity):
    # m: what a scale's height field reports (Weight Measurement), kept as entered.
    ALLOWED_UNITS = (Unit.CM, Unit.METRE, Unit.INCH)


class WeightValue(_Quantity):
    ALLOWED_UNITS = (Unit.KG, Unit.GRAM, Unit.POUND)


class PainScoreValue(_Quantity):
    ALLOWED_UNITS = (Unit.SCORE,)
    DEFAULT_UNIT = Unit.SCORE


MODEL_OF: dict[str, type[_Quantity]] = {
    "systolic_bp": BloodPressureValue,
    "diastolic_bp": BloodPressureValue,
    "heart_rate": RateValue,
    "respiratory_rate": RateValue,
    "body_temperature": TemperatureValue,
    "oxygen_saturation": OxygenSaturationValue,
    "body_height": LengthValue,
    "body_weight": WeightValue,
    "pain_score": PainScoreValue,
    "head_circumference": LengthValue,
}

Quantity = _Quantity


class Measurements(BaseModel):
    """Every measurement is optional; an unknown key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    systolic_bp: BloodPressureValue | None = None
    diastolic_bp: BloodPressureValue | None = None
    heart_rate: RateValue | None = None
    respiratory_rate: RateValue | None = None
    body_temperature: TemperatureValue | None = None
    oxygen_saturation: OxygenSaturationValue | None = None
    body_height: LengthValue | None = None
    body_weight: WeightValue | None = None
    pain_score: PainScoreValue | None = None
    head_circumference: LengthValue | None = None

    def present(self) -> dict[str, _Quantity]:
        """The measurements that were entered, in clinical order."""
        return {
            key.value: q for key in MeasurementKey if (q := getattr(self, key.value)) is not None
        }


CONFIRMABLE = frozenset([*MODEL_OF, "bmi"])


class BpReading(BaseModel):
    """One reading of a guided blood pressure (`bp_readings`): kept with its time and position."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    systolic: FiniteDecimal
    diastolic: FiniteDecimal
    unit: Unit = Unit.MM_HG
    taken_at: AwareDatetime
    position: BodyPosition
    # The pulse taken with the reading (/min): required in an orthostatic set.
    heart_rate: FiniteDecimal | None = None

    @field_validator("unit", mode="before")
    @classmethod
    def _mm_hg(cls, unit: Any) -> Unit:
        if unit != Unit.MM_HG.value:
            raise PydanticCustomError("unit", 'unit must be "mm[Hg]" (mmHg)')
        return Unit.MM_HG


ORTHOSTATIC_ORDER = (BodyPosition.LYING, BodyPosition.STANDING, BodyPosition.STANDING)


def in_time_order(readings: tuple[BpReading, ...]) -> tuple[BpReading, ...]:
    return tuple(sorted(readings, key=lambda r: r.taken_at))


def is_orthostatic(readings: tuple[BpReading, ...]) -> bool:
    """Lying, then standing twice (at about 1 and 3 minutes), in the order they were taken."""
    return tuple(r.position for r in in_time_order(readings)) == ORTHOSTATIC_ORDER


def bp_readings_problem(readings: tuple[BpReading, ...], measurements: Measurements) -> str | None:
    """Why these readings cannot stand for the set's BP, or None."""
    if len({r.position for r in readings}) > 1 and not is_orthostatic(readings):
        return (
            "readings in different positions are not averaged: take them all in one position, "
            "or for an orthostatic set lying first, then standing at 1 and 3 minutes"
        )
    if is_orthostatic(readings) and any(r.heart_rate is None for r in readings):
        return "an orthostatic set needs the pulse (heart_rate) with each reading"
    if not MIN_READINGS <= len(readings) <= MAX_READINGS:
        return f"give {MIN_READINGS} or {MAX_READINGS} blood pressure readings, not {len(readings)}"
    average = averaged_bp(readings)
    for key, value in zip(("systolic_bp", "diastolic_bp"), average, strict=True):
        given = getattr(measurements, key)
        if given is not None and given.value != value.value:
            return "give bp_readings or systolic_bp and diastolic_bp, not both"
    return None


def averaged_bp(readings: tuple[BpReading, ...]) -> tuple[BloodPressureValue, BloodPressureValue]:
    """The set's systolic and diastolic: the readings' means, whole mmHg, with their position.
    An orthostatic set is never averaged across positions: its BP is the lying one."""
    if is_orthostatic(readings):
        lying = in_time_order(readings)[0]
        return (
            BloodPressureValue(value=lying.systolic, unit=Unit.MM_HG, position=BodyPosition.LYING),
            BloodPressureValue(value=lying.diastolic, unit=Unit.MM_HG),
        )
    positions = {r.position for r in readings}
    position = positions.pop() if len(positions) == 1 else None
    return (
        BloodPressureValue(
            value=whole_mmhg_mean([r.systolic for r in readings]),
            unit=Unit.MM_HG,
            position=position,
        ),
        BloodPressureValue(value=whole_mmhg_mean([r.diastolic for r in readings]), unit=Unit.MM_HG),
    )


class VitalSignSet(BaseModel):
    """One set of vital signs with what the rules need to know about the patient."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    birth_date: date
    sex: AdministrativeSex
    taken_at: AwareDatetime
    measurements: Measurements = Measurements()
    confirmed: frozenset[str] = frozenset()
    # Why an improbable value was kept ("re-measured on the other arm"), by measurement name.
    confirmation_reasons: dict[str, OneLine] = {}
    # A guided BP: its readings; the set's systolic_bp and diastolic_bp are then their average.
    bp_readings: tuple[BpReading, ...] = ()

    @field_validator("confirmed", mode="after")
    @classmethod
    def _confirmable(cls, names: frozenset[str]) -> frozenset[str]:
        unknown = sorted(names - CONFIRMABLE)
        if unknown:
            raise PydanticCustomError(
                "confirmed",
                "{names} cannot be confirmed: list measurement names such as body_weight",
                {"names": ", ".join(unknown)},
            )
        return names

    @model_validator(mode="after")
    def _taken_after_birth(self) -> VitalSignSet:
        if self.taken_at.date() < self.birth_date:
            raise PydanticCustomError(
                "taken_at",
                "taken_at ({taken}) is before the birth date ({birth})",
                {"taken": self.taken_at.isoformat(), "birth": self.birth_date.isoformat()},
            )
        return self

    @model_validator(mode="after")
    def _bp_from_readings(self) -> VitalSignSet:
        if not self.bp_readings:
            return self
        problem = bp_readings_problem(self.bp_readings, self.measurements)
        if problem is not None:
            raise PydanticCustomError("bp_readings", problem)
        systolic, diastolic = averaged_bp(self.bp_readings)
        # The average is derived, never entered: set here so every later step (rules, storage,
        # exports) sees the one BP of the set. The model is frozen, hence the direct write.
        self.__dict__["measurements"] = self.measurements.model_copy(
            update={"systolic_bp": systolic, "diastolic_bp": diastolic}
        )
        return self

    @property
    def local_date_taken(self) -> date:
        """The calendar day of the reading where it was taken (age counts in that day)."""
        return self.taken_at.date()
