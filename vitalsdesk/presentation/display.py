"""How values, units and times are written on screen (no Qt): one place, the same everywhere.

Values are shown exactly as entered with the unit the MA used ("98.6 °F", "154 lb"); times are
shown in the PC's local time zone (stored in UTC).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from vitalsdesk.clinical.units import SYMBOLS, Unit, plain

METHOD_WORD = {
    "oral": "oral",
    "tympanic": "ear",
    "temporal": "forehead",
    "axillary": "armpit",
    "rectal": "rectal",
}


def unit_symbol(unit: str) -> str:
    try:
        return SYMBOLS[Unit(unit)]
    except ValueError:
        return unit


def quantity_text(value_text: str, unit: str) -> str:
    """ "98.6 °F", "128 mmHg", "97 %", "3" (a pain score has no unit)."""
    symbol = unit_symbol(unit)
    return f"{value_text} {symbol}" if symbol else value_text


def number_text(value: Decimal, places: int = 1) -> str:
    return plain(value, places)


def date_text(moment: datetime | date) -> str:
    day = moment.astimezone() if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%b %Y}"


def datetime_text(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def time_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
