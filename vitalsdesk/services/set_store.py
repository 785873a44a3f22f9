"""Vital-sign sets out on the hot paths, through SQLAlchemy Core.

Reading a patient's history happens at every rooming, so it builds no ORM objects: one query
returns the sets (with their recorder's name) joined to their measurements, and each set is
validated once into the services' pydantic models from plain values (never from ORM
attributes). Saving (services/vitals.py) writes the rows with Core inserts too and answers with
`set_out` from the values it wrote.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    Integer,
    Select,
    Table,
    bindparam,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from vitalsdesk.db.models import Measurement as MeasurementRow
from vitalsdesk.db.models import StaffUser, UtcDateTime
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.prebuilt import Prebuilt as Prebuilt  # where vitals/visits find it
from vitalsdesk.services.schemas import MeasurementOut, VitalSignSetOut

SETS: Table = SetRow.__table__  # type: ignore[assignment]
MEASUREMENTS: Table = MeasurementRow.__table__  # type: ignore[assignment]
STAFF: Table = StaffUser.__table__  # type: ignore[assignment]

# The columns a VitalSignSetOut / MeasurementOut is made of.
_SET_FIELDS = tuple(
    name
    for name in VitalSignSetOut.model_fields
    if name not in ("recorded_by", "measurements", "taken_at")
)
_MEASUREMENT_FIELDS = tuple(MeasurementOut.model_fields)
# What the history query returns of a set, in order (its id first), then its recorder's name.
_SET_COLUMNS = (
    "id",
    *(f for f in _SET_FIELDS if f != "id"),
    "taken_at",
    "taken_at_utc_offset_minutes",
)
_SET_KEYS = (*_SET_COLUMNS, "recorded_by")
_TIMES = ("taken_at", "recorded_at")
_UTC = UtcDateTime()
_POSITION = operator.itemgetter(0)


def set_out(
    row: Mapping[Any, Any], recorded_by: str, measurements: Iterable[Mapping[Any, Any]]
) -> VitalSignSetOut:
    """The service's model of a set from its columns (the taken-at time in the offset of the
    place it was taken, as the MA saw it)."""
    offset = timezone(timedelta(minutes=row["taken_at_utc_offset_minutes"]))
    taken_at: datetime = row["taken_at"]
    fields: dict[str, Any] = {f: row.get(f) for f in _SET_FIELDS}
    fields["taken_at"] = taken_at.astimezone(offset)
    fields["recorded_by"] = recorded_by
    fields["measurements"] = [{f: m.get(f) for f in _MEASUREMENT_FIELDS} for m in measurements]
    # One validation of plain values in pydantic's core: cheaper than model_construct, and the
    # answer is checked as every other.
    return VitalSignSetOut.model_validate(fields)


@functools.cache
def _sets_query(by: str, limited: bool) -> Select[Any]:
    """The sets whose `by` column is the "key" parameter (the "limit" newest readings when
    limited) with their recorder's name, joined to their measurements. Built once.

    One row per measurement repeats its set's columns, so the two times are read as plain
    DateTime (converted once per set, not once per row). The rows come unordered: sorting the
    join in SQL costs the database a temporary sort of every row, while ordering ten sets and
    their values here costs next to nothing."""
    sets = (
        select(
            *(
                type_coerce(SETS.c[f], DateTime()).label(f) if f in _TIMES else SETS.c[f]
                for f in _SET_COLUMNS
            ),
            STAFF.c.display_name.label("recorded_by"),
        )
        .join(STAFF, STAFF.c.id == SETS.c.recorded_by_id)
        .where(SETS.c[by] == bindparam("key"))
    )
    if limited:
        sets = sets.order_by(SETS.c.taken_at.desc(), SETS.c.id.desc()).limit(
            bindparam("limit", type_=Integer)
        )
    chosen = sets.subquery()
    return select(
        chosen,
        MEASUREMENTS.c.position_in_set,
        *(MEASUREMENTS.c[f] for f in _MEASUREMENT_FIELDS),
    ).outerjoin(MEASUREMENTS, MEASUREMENTS.c.set_id == chosen.c.id)


def _utc(value: datetime | None, dialect: Dialect) -> datetime | None:
    return _UTC.process_result_value(value, dialect)


def _by_taken(found: dict[str, Any]) -> tuple[datetime, int]:
    return found["taken_at"], found["id"]


def read_sets(s: Session, by: str, key: int, limit: int | None = None) -> list[VitalSignSetOut]:
    """The sets whose `by` column is `key`, newest reading first (the newer id first at the same
    moment), each with its measurements in their order: one query, whatever the number of sets."""
    parameters: dict[str, int] = {"key": key}
    if limit is not None:
        parameters["limit"] = limit
    connection = s.connection()
    dialect = connection.dialect
    width = len(_SET_KEYS)
    sets: dict[int, dict[str, Any]] = {}
    values: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for row in connection.execute(_sets_query(by, limit is not None), parameters).all():
        found = values.get(row[0])
        if found is None:
            # Rows as tuples zipped into dicts: C code, where a RowMapping answers field by field.
            sets[row[0]] = dict(zip(_SET_KEYS, row[:width], strict=True))
            found = values[row[0]] = []
        if row[width] is not None:
            found.append(
                (row[width], dict(zip(_MEASUREMENT_FIELDS, row[width + 1 :], strict=True)))
            )
    for fields in sets.values():
        fields["taken_at"] = _utc(fields["taken_at"], dialect)
        fields["recorded_at"] = _utc(fields["recorded_at"], dialect)
    answer = []
    for fields in sorted(sets.values(), key=_by_taken, reverse=True):
        offset = timezone(timedelta(minutes=fields["taken_at_utc_offset_minutes"]))
        fields["taken_at"] = fields["taken_at"].astimezone(offset)
        fields["measurements"] = [m for _n, m in sorted(values[fields["id"]], key=_POSITION)]
        # One validation of plain values in pydantic's core (extra keys are ignored).
        answer.append(VitalSignSetOut.model_validate(fields))
    return answer


def patient_sets(s: Session, patient_id: int, limit: int | None = None) -> list[VitalSignSetOut]:
    return read_sets(s, "patient_id", patient_id, limit)


def one_set(s: Session, set_id: int) -> VitalSignSetOut | None:
    found = read_sets(s, "id", set_id)
    return found[0] if found else None
