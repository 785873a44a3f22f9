"""One worker at a time across every room of a clinic: the HL7 outbox sender.

PostgreSQL: a session advisory lock, held on a connection of its own for as long as the work
runs. The server drops it when that session ends, so a sender killed mid-send never leaves the
lock behind. SQLite: an OS lock on a file beside the database (every room that writes the file is
on this PC or shares its folder), which the OS drops when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

from sqlalchemy import text

from vitalsdesk.db.engine import Database

# pg_try_advisory_lock takes a bigint; this one is VitalsDesk's HL7 sender ("VDHL7" in ASCII).
HL7_SENDER_KEY = 0x5644484C37


@contextlib.contextmanager
def exclusive(db: Database, key: int = HL7_SENDER_KEY, name: str = "hl7-sender") -> Iterator[bool]:
    """True while this process holds the lock; False (at once, never waiting) when another does."""
    if db.is_sqlite:
        with _file_lock(db, name) as held:
            yield held
        return
    with db.engine.connect() as connection:
        held = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        connection.commit()
        try:
            yield held
        finally:
            if held:
                connection.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()


@contextlib.contextmanager
def _file_lock(db: Database, name: str) -> Iterator[bool]:
    path = db.sqlite_path
    if path is None:  # an in-memory database lives in this process only
        yield True
        return
    lock_path = path.with_name(f"{path.name}.{name}.lock")
    # Private to the user like every file of the data folder; it holds nothing but the lock.
    handle = os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "r+b")
    try:
        held = _try_lock(handle)
        try:
            yield held
        finally:
            if held:
                _unlock(handle)
    finally:
        handle.close()


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
