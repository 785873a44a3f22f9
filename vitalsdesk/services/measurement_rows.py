"""Measurement records <-> measurement rows: the one place the table's columns are filled and read.

The records come from `interop.records.assessed_measurements` (a set the clinical core accepted,
through any door) or from the rows themselves (an export); the flag text stored beside each value
is the neutral MA text of its interpretation, as the record form showed it.
"""

from __future__ import annotations

from collections.abc import Iterable

from vitalsdesk.clinical.assessment import FLAG_TEXT
from vitalsdesk.db.models import Measurement
from vitalsdesk.interop.records import MeasurementRecord


def measurement_rows(set_id: int, records: Iterable[MeasurementRecord]) -> list[Measurement]:
    """The rows of a new set, in the records' order."""
    return [
        Measurement(
            set_id=set_id,
            position_in_set=position,
            code=m.code,
            value_text=m.value_text,
            unit=m.unit,
            canonical_text=m.canonical_text,
            canonical_unit=m.canonical_unit,
            method=m.method,
            position=m.position,
            arm=m.arm,
            cuff_size=m.cuff_size,
            on_supplemental_oxygen=m.on_supplemental_oxygen,
            oxygen_flow_text=m.oxygen_flow_text,
            interpretation=m.interpretation,
            flag_message=FLAG_TEXT[m.interpretation],
            confirmed=m.confirmed,
            confirm_reason=m.confirm_reason,
        )
        for position, m in enumerate(records)
    ]


def measurement_record(row: Measurement) -> MeasurementRecord:
    return MeasurementRecord(
        code=row.code,
        value_text=row.value_text,
        unit=row.unit,
        canonical_text=row.canonical_text,
        canonical_unit=row.canonical_unit,
        method=row.method,
        position=row.position,
        arm=row.arm,
        cuff_size=row.cuff_size,
        on_supplemental_oxygen=row.on_supplemental_oxygen,
        oxygen_flow_text=row.oxygen_flow_text,
        interpretation=row.interpretation,
        confirmed=row.confirmed,
        confirm_reason=row.confirm_reason,
    )


# The columns an export reads beside its sets (one query per batch, no ORM objects).
MEASUREMENT_COLUMNS = (
    Measurement.code,
    Measurement.value_text,
    Measurement.unit,
    Measurement.canonical_text,
    Measurement.canonical_unit,
    Measurement.method,
    Measurement.position,
    Measurement.arm,
    Measurement.cuff_size,
    Measurement.on_supplemental_oxygen,
    Measurement.oxygen_flow_text,
    Measurement.interpretation,
    Measurement.confirmed,
    Measurement.confirm_reason,
)
