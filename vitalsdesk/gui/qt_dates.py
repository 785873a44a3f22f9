"""Dates between Python and Qt, typed both ways.

PySide6 converts a datetime.date to a QDate on its own, and QDate.toPython() gives one back, but
its stubs declare neither (toPython returns object): these two say what goes in and what comes out.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
