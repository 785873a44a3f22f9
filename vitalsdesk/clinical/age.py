"""Completed age at the moment the vitals were taken, and the age bounds of the range tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_SPEC = re.compile(r"^(\d{1,4})(d|mo|y)$")

# Average lengths, only to order bounds written in different units when a table is checked.
_DAYS_PER = {"d": Decimal(1), "mo": Decimal("30.4375"), "y": Decimal("365.25")}


@dataclass(frozen=True, slots=True)
class Age:
    """Completed days, months and years (a child is "2 y" from the 2nd birthday to the day before
    the 3rd; docs/clinical-basis.md, "Age")."""

    days: int
    months: int
    years: int

    def count(self, unit: str) -> int:
        return {"d": self.days, "mo": self.months, "y": self.years}[unit]

    def describe(self) -> str:
        if self.years >= 2:
            return f"{self.years} years"
        if self.months >= 1:
            return f"{self.months} months"
        return f"{self.days} days"


def age_on(birth_date: date, on: date) -> Age:
    if on < birth_date:
        raise ValueError("the date is before the birth date")
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return Age(days=(on - birth_date).days, months=months, years=months // 12)


@dataclass(frozen=True, slots=True)
class AgeBound:
    """A bound such as "28d", "3mo" or "18y"."""

    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> AgeBound:
        match = _SPEC.match(text.strip())
        if not match:
            raise ValueError(f'age "{text}" must look like 28d, 3mo or 18y')
        return cls(int(match.group(1)), match.group(2))

    def reached_by(self, age: Age) -> bool:
        return age.count(self.unit) >= self.amount

    def approx_days(self) -> Decimal:
        return self.amount * _DAYS_PER[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def in_band(age: Age, age_from: AgeBound | None, age_to: AgeBound | None) -> bool:
    """Bands are lower-inclusive and upper-exclusive."""
    if age_from is not None and not age_from.reached_by(age):
        return False
    return not (age_to is not None and age_to.reached_by(age))
