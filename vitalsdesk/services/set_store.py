"""Vital-sign sets out on the hot paths, through SQLAlchemy Core.

Reading a patient's history happens at every rooming, so it builds no ORM objects: it is two
queries, the sets with their recorder's name, then all their measurements, validated once into
the services' pydantic models from plain values (never from ORM attributes). Saving stays on the
ORM (services/vitals.py): the visit, the device links and the HL7 message of a new set are all
written on its row in the same transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Integer, Select, Table, bindparam, select
from sqlalchemy.orm import Session

from vitalsdesk.db.models import Measurement as MeasurementRow
from vitalsdesk.db.models import StaffUser
from vitalsdesk.db.models import VitalSignSet as SetRow
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
    """The sets whose `by` column is the "key" parameter (at most "limit" of them when limited),
    newest reading first, with their recorder's name. Built once."""
    sets = (
        select(SETS, STAFF.c.display_name.label("recorded_by_name"))
        .join(STAFF, STAFF.c.id == SETS.c.recorded_by_id)
        .where(SETS.c[by] == bindparam("key"))
        .order_by(SETS.c.taken_at.desc(), SETS.c.id.desc())
    )
    return sets.limit(bindparam("limit", type_=Integer)) if limited else sets


# Their measurements: a second query on the set ids is cheaper than a join that repeats every
# column of a set beside each of its values.
_MEASUREMENTS_QUERY = (
    select(MEASUREMENTS.c.set_id, *(MEASUREMENTS.c[f] for f in _MEASUREMENT_FIELDS))
    .where(MEASUREMENTS.c.set_id.in_(bindparam("ids", expanding=True)))
    .order_by(MEASUREMENTS.c.set_id, MEASUREMENTS.c.position_in_set)
)


def read_sets(s: Session, by: str, key: int, limit: int | None = None) -> list[VitalSignSetOut]:
    """The sets whose `by` column is `key`, newest reading first, each with its measurements:
    two queries, whatever the number of sets."""
    parameters: dict[str, int] = {"key": key}
    if limit is not None:
        parameters["limit"] = limit
    connection = s.connection()
    # Rows as plain dicts (Row._asdict is C code): a RowMapping answers .get() field by field
    # in Python, over a thousand times for one history.
    sets = [r._asdict() for r in connection.execute(_sets_query(by, limit is not None), parameters)]
    if not sets:
        return []
    values: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in sets}
    for m in connection.execute(_MEASUREMENTS_QUERY, {"ids": list(values)}):
        values[m.set_id].append(m._asdict())
    return [set_out(row, row["recorded_by_name"], values[row["id"]]) for row in sets]


def patient_sets(s: Session, patient_id: int, limit: int | None = None) -> list[VitalSignSetOut]:
    return read_sets(s, "patient_id", patient_id, limit)


def one_set(s: Session, set_id: int) -> VitalSignSetOut | None:
    found = read_sets(s, "id", set_id)
    return found[0] if found else None
