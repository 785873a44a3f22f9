"""UCUM units of the vital signs and their exact conversions (docs/clinical-basis.md, "Units and
exact arithmetic").

Every conversion is Decimal arithmetic with the exact UCUM factors; nothing is ever converted twice
and the value as entered is kept beside its canonical form.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Unit(StrEnum):
    MM_HG = "mm[Hg]"
    KPA = "kPa"
    PER_MIN = "/min"
    CEL = "Cel"
    DEG_F = "[degF]"
    PERCENT = "%"
    CM = "cm"
    METRE = "m"
    INCH = "[in_i]"
    KG = "kg"
    GRAM = "g"
    POUND = "[lb_av]"
    SCORE = "{score}"
    LITRE_PER_MIN = "L/min"


# Exact by definition (UCUM): 1 [lb_av] = 7000 [gr] x 64.79891 mg; 1 [in_i] = 2.54 cm.
KG_PER_POUND = Decimal("0.45359237")
CM_PER_INCH = Decimal("2.54")
# UCUM defines the meter of mercury column as 133.3220 kPa (ucum-essence.xml, unit m[Hg], class
# "clinical"; the UCUM specification, clinical units table), so 1 mm[Hg] = 0.133322 kPa exactly in
# UCUM. kPa is converted by dividing by this number, never by a rounded reciprocal: 1 kPa is
# 7.500637554... mm[Hg] (the often quoted 7.50062 is the conventional 133.322387415 Pa, which UCUM
# does not use). A cuff that reports kPa keeps kPa as entered beside the canonical mm[Hg].
KPA_PER_MM_HG = Decimal("0.133322")
CM_PER_METRE = Decimal(100)
_FIVE_NINTHS = Decimal(5) / Decimal(9)

# Human-readable symbols for messages and screens (FHIR valueQuantity.unit).
SYMBOLS: dict[Unit, str] = {
    Unit.MM_HG: "mmHg",
    Unit.KPA: "kPa",
    Unit.PER_MIN: "/min",
    Unit.CEL: "°C",
    Unit.DEG_F: "°F",
    Unit.PERCENT: "%",
    Unit.CM: "cm",
    Unit.METRE: "m",
    Unit.INCH: "in",
    Unit.KG: "kg",
    Unit.GRAM: "g",
    Unit.POUND: "lb",
    Unit.SCORE: "",
    Unit.LITRE_PER_MIN: "L/min",
}

# The unit that rules and trends use for each unit a value may be entered in.
CANONICAL: dict[Unit, Unit] = {
    Unit.MM_HG: Unit.MM_HG,
    Unit.KPA: Unit.MM_HG,
    Unit.PER_MIN: Unit.PER_MIN,
    Unit.CEL: Unit.CEL,
    Unit.DEG_F: Unit.CEL,
    Unit.PERCENT: Unit.PERCENT,
    Unit.CM: Unit.CM,
    Unit.METRE: Unit.CM,
    Unit.INCH: Unit.CM,
    Unit.KG: Unit.KG,
    Unit.GRAM: Unit.KG,
    Unit.POUND: Unit.KG,
    Unit.SCORE: Unit.SCORE,
    Unit.LITRE_PER_MIN: Unit.LITRE_PER_MIN,
}


def symbol(unit: Unit) -> str:
    return SYMBOLS[unit]


def with_unit(text: str, unit: Unit) -> str:
    """A number with its symbol as messages and handouts print it: "98.6°F", "97%", "128 mmHg"."""
    sym = SYMBOLS[unit]
    if not sym:
        return text
    return f"{text}{sym}" if sym in ("%", "°C", "°F") else f"{text} {sym}"


def to_canonical(value: Decimal, unit: Unit) -> Decimal:
    """The exact value in the canonical unit (no rounding)."""
    if unit is Unit.DEG_F:
        return (value - 32) * _FIVE_NINTHS
    if unit is Unit.INCH:
        return value * CM_PER_INCH
    if unit is Unit.KPA:
        return value / KPA_PER_MM_HG
    if unit is Unit.METRE:
        return value * CM_PER_METRE
    if unit is Unit.POUND:
        return value * KG_PER_POUND
    if unit is Unit.GRAM:
        return value / 1000
    return value


def from_canonical(value: Decimal, unit: Unit) -> Decimal:
    """A canonical value expressed in `unit` (used for limits in messages and unit toggles)."""
    if unit is Unit.DEG_F:
        return value * 9 / 5 + 32
    if unit is Unit.INCH:
        return value / CM_PER_INCH
    if unit is Unit.KPA:
        return value * KPA_PER_MM_HG
    if unit is Unit.METRE:
        return value / CM_PER_METRE
    if unit is Unit.POUND:
        return value / KG_PER_POUND
    if unit is Unit.GRAM:
        return value * 1000
    return value


def quantize(value: Decimal, places: int = 1) -> Decimal:
    """Round half up to `places` decimals, as a clinician reads a rounded number."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal, places: int = 1) -> str:
    """A number for a message: rounded to `places`, without trailing zeros ("50", "109.4")."""
    rounded = quantize(value, places)
    text = format(rounded.normalize(), "f")
    return "0" if text in ("-0", "") else text


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point as written: 98.6 has 1, 37.50 has 2, 120 and 1E+2 have 0.
    A NaN or infinity has none (its exponent is a letter, not a number)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def as_entered(value: Decimal) -> str:
    """The value exactly as the MA typed it (98.6 stays "98.6", 37.50 stays "37.50")."""
    return format(value, "f")
