"""Prebuilt Core statements: compiled once, run straight on the DB-API cursor on SQLite.

Apart from the set store (services/set_store.py) so the audit and the acting user's checks, which
signing in uses, do not import the vital-sign sets' models and the clinical modules behind them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql.elements import ClauseElement


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
