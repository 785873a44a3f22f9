"""Measurement records <-> measurement rows: the one place the table's columns are filled and read.

The records come from `interop.records.assessed_measurements` (a set the clinical core accepted,
through any door) or from the rows themselves (an export); the flag text shown beside each value
is not stored: the neutral MA text follows from the interpretation (MeasurementOut.flag_message).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vitalsdesk.db.models import Measurement
from vitalsdesk.interop.records import DeviceRef, MeasurementRecord


def measurement_values(set_id: int, records: Iterable[MeasurementRecord]) -> list[dict[str, Any]]:
    """The columns of a new set's measurement rows, in the records' order (a Core insert)."""
    return [
        {
            "set_id": set_id,
            "position_in_set": position,
            "code": m.code,
            "value_text": m.value_text,
            "unit": m.unit,
            "canonical_text": m.canonical_text,
            "canonical_unit": m.canonical_unit,
            "method": m.method,
            "position": m.position,
            "arm": m.arm,
            "cuff_size": m.cuff_size,
            "on_supplemental_oxygen": m.on_supplemental_oxygen,
            "oxygen_flow_text": m.oxygen_flow_text,
            "interpretation": m.interpretation,
            "flag_message_kept": None,
            "confirmed": m.confirmed,
            "confirm_reason": m.confirm_reason,
        }
        for position, m in enumerate(records)
    ]


def measurement_rows(set_id: int, records: Iterable[MeasurementRecord]) -> list[Measurement]:
    """The rows of a new set, in the records' order."""
    return [Measurement(**values) for values in measurement_values(set_id, records)]


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
        device=_device_ref(row),
    )


def _device_ref(row: Measurement) -> DeviceRef | None:
    """The device of a value that came from one (loaded with the row's session)."""
    if row.device_reading_id is None or row.device_reading is None:
        return None
    device = row.device_reading.device
    return DeviceRef(
        uid=device.uid,
        name=device.name,
        model=device.model,
        serial=device.serial,
        manufacturer=device.manufacturer,
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
