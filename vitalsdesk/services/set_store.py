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
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Integer,
    Select,
    Table,
    bindparam,
    select,
    type_coerce,
)
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

from vitalsdesk.db.models import Measurement as MeasurementRow
from vitalsdesk.db.models import StaffUser, UtcDateTime
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


class Prebuilt:
    """A Core statement the save runs every time, compiled once per dialect. On SQLite it runs
    straight on the DBAPI cursor of the caller's connection, in its transaction, with the same
    bind and result conversions SQLAlchemy would apply (each statement through SQLAlchemy's
    execute costs more CPU than SQLite takes to run it); elsewhere it is a plain Core execute.

    An INSERT is compiled for the columns of the first values it is given: every later call
    passes the same columns (the save writes every column of its rows, defaults too)."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement: Any = statement  # compiled and executed: a Select, Insert, Update or Delete
        self.keys: list[str] | None = None
        self._sqlite: tuple[str, list[tuple[str | None, Any, Any]], list[Any]] | None = None

    def _compiled(
        self, dialect: Dialect, values: Mapping[str, Any]
    ) -> tuple[str, list[tuple[str | None, Any, Any]], list[Any]]:
        if self._sqlite is None:
            if getattr(self.statement, "is_insert", False):
                self.keys = list(values)
            compiled: Any = self.statement.compile(dialect=dialect, column_keys=self.keys)
            processors = compiled._bind_processors
            binds: list[tuple[str | None, Any, Any]] = []
            for name in compiled.positiontup:
                bind = compiled.binds[name]
                processor = processors.get(name)
                if (
                    bind.callable is None
                    and bind.value is not None
                    and name not in (self.keys or ())
                ):
                    # A literal of the statement (an id compared with 1): converted once.
                    value = bind.value
                    binds.append((None, processor(value) if processor else value, None))
                else:
                    binds.append((bind.key, None, processor))
            results = [
                column.type._cached_result_processor(dialect, None)
                for column in getattr(self.statement, "selected_columns", ())
            ]
            self._sqlite = (compiled.string, binds, results)
        return self._sqlite

    def _parameters(
        self, binds: list[tuple[str | None, Any, Any]], values: Mapping[str, Any]
    ) -> list[Any]:
        out = []
        for key, literal, processor in binds:
            if key is None:
                out.append(literal)
            else:
                value = values[key]
                out.append(
                    processor(value) if processor is not None and value is not None else value
                )
        return out

    def rows(self, connection: Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows a SELECT returns, each value converted as SQLAlchemy converts it."""
        if connection.dialect.name != "sqlite":
            return [tuple(row) for row in connection.execute(self.statement, dict(values))]
        sql, binds, results = self._compiled(connection.dialect, values)
        parameters = self._parameters(binds, values)
        cursor = connection.connection.cursor()
        try:
            found = cursor.execute(sql, parameters).fetchall()
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, sql, parameters, exc) from exc
        finally:
            cursor.close()
        if not any(results):
            return [tuple(row) for row in found]
        return [
            tuple(p(v) if p is not None else v for p, v in zip(results, row, strict=True))
            for row in found
        ]

    def run(self, connection: Connection, values: Mapping[str, Any]) -> int | None:
        """Execute with one set of values; the new row's id of an INSERT (SQLite's rowid)."""
        if connection.dialect.name != "sqlite":
            result = connection.execute(self.statement, dict(values))
            key = result.inserted_primary_key if result.context.isinsert else None
            return key[0] if key else None
        sql, binds, _ = self._compiled(connection.dialect, values)
        parameters = self._parameters(binds, values)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, parameters)
            return cursor.lastrowid
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, sql, parameters, exc) from exc
        finally:
            cursor.close()

    def run_many(self, connection: Connection, values: Sequence[Mapping[str, Any]]) -> None:
        if connection.dialect.name != "sqlite":
            connection.execute(self.statement, [dict(v) for v in values])
            return
        sql, binds, _ = self._compiled(connection.dialect, values[0])
        parameters = [self._parameters(binds, v) for v in values]
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(sql, parameters)
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, sql, parameters, exc) from exc
        finally:
            cursor.close()


def _wrapped(connection: Connection, sql: str, parameters: Any, exc: Exception) -> StatementError:
    """The driver's error as SQLAlchemy raises it (OperationalError, IntegrityError, ...), so the
    callers' handling is the same as for a Core statement: the lock retry, a full disk or a
    read-only file said plainly, a refused write."""
    return DBAPIError.instance(
        sql,
        parameters,
        exc,
        connection.dialect.loaded_dbapi.Error,
        dialect=connection.dialect,
    )
