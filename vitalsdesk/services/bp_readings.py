"""The readings of a guided blood pressure: stored with their set, read back for the clinician
view and the exports. The set's systolic_bp and diastolic_bp measurements hold the average."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.clinical.measurements import BpReading
from vitalsdesk.clinical.orthostatic import (
    ORTHOSTATIC_POSITIONS,
    OrthostaticChange,
    OrthostaticThresholds,
    Reading,
    orthostatic_change,
)
from vitalsdesk.clinical.units import as_entered
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import BpReading as BpReadingRow
from vitalsdesk.interop.records import BpReadingRecord

_CHUNK = 500  # set ids per IN (...): far below any database's limit on bound parameters


class BpReadingOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    systolic: str  # as entered
    diastolic: str
    unit: str
    taken_at: datetime  # aware, in the offset of the place it was taken
    position: str
    heart_rate: str | None = None  # /min, as entered


def bp_reading_rows(set_id: int, readings: Iterable[BpReading]) -> list[BpReadingRow]:
    """The rows of a new set's readings, in the order they were taken."""
    rows = []
    for n, reading in enumerate(sorted(readings, key=lambda r: r.taken_at), start=1):
        offset = reading.taken_at.utcoffset() or timedelta(0)
        rows.append(
            BpReadingRow(
                set_id=set_id,
                position_in_set=n,
                systolic_text=as_entered(reading.systolic),
                diastolic_text=as_entered(reading.diastolic),
                unit=reading.unit.value,
                taken_at=reading.taken_at,
                taken_at_utc_offset_minutes=int(offset.total_seconds() // 60),
                body_position=reading.position.value,
                heart_rate_text=(
                    as_entered(reading.heart_rate) if reading.heart_rate is not None else None
                ),
            )
        )
    return rows


def _out(row: BpReadingRow) -> BpReadingOut:
    offset = timezone(timedelta(minutes=row.taken_at_utc_offset_minutes))
    return BpReadingOut(
        systolic=row.systolic_text,
        diastolic=row.diastolic_text,
        unit=row.unit,
        taken_at=row.taken_at.astimezone(offset),
        position=row.body_position,
        heart_rate=row.heart_rate_text,
    )


def readings_in(s: Session, set_ids: Iterable[int]) -> dict[int, list[BpReadingOut]]:
    """The readings of each of these sets that has any, in the order they were taken."""
    ids = sorted(set(set_ids))
    found: dict[int, list[BpReadingOut]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(BpReadingRow)
            .where(BpReadingRow.set_id.in_(ids[start : start + _CHUNK]))
            .order_by(BpReadingRow.set_id, BpReadingRow.position_in_set)
        )
        for row in s.scalars(query):
            found.setdefault(row.set_id, []).append(_out(row))
    return found


def bp_reading_records(
    s: Session, set_ids: Iterable[int]
) -> dict[int, tuple[BpReadingRecord, ...]]:
    """The readings of these sets as export records, by set id."""
    return {
        set_id: tuple(
            BpReadingRecord(
                systolic_text=r.systolic,
                diastolic_text=r.diastolic,
                unit=r.unit,
                taken_at=r.taken_at,
                position=r.position,
                heart_rate_text=r.heart_rate,
            )
            for r in readings
        )
        for set_id, readings in readings_in(s, set_ids).items()
    }


def bp_readings_of(db: Database, set_id: int) -> list[BpReadingOut]:
    """The readings of one set (empty for a single BP)."""
    return db.read(lambda s: readings_in(s, [set_id]).get(set_id, []))


def orthostatic_of(
    s: Session, set_id: int, thresholds: OrthostaticThresholds
) -> OrthostaticChange | None:
    """The change from lying to standing of an orthostatic set (None for any other set), for the
    clinician view, with the clinic's current thresholds."""
    readings = readings_in(s, [set_id]).get(set_id, [])
    if tuple(r.position for r in readings) != ORTHOSTATIC_POSITIONS:
        return None
    if any(r.heart_rate is None for r in readings):
        return None
    lying, *standing = (
        Reading(
            systolic=Decimal(r.systolic),
            diastolic=Decimal(r.diastolic),
            heart_rate=Decimal(r.heart_rate or "0"),
            taken_at=r.taken_at,
        )
        for r in readings
    )
    return orthostatic_change(lying, standing, thresholds)
