"""Verifying a long audit log never stops the rooms from saving (red team, part 4).

Before, `audit verify` walked the log inside a write transaction: at 50,000 events it held the
write lock for seconds and every room's save waited. Here verify is held in the middle of its
walk (its progress callback waits) while another connection saves: the save must finish."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, update

from vitalsdesk.clinic import Clinic
from vitalsdesk.db.audit_chain import audit_key, keyed_event_hash
from vitalsdesk.db.models import AuditChainHead, AuditEvent
from vitalsdesk.services.audit import ChainReport, verify_chain

EVENTS = 100_000
SAVE_TIME_BOX_S = 10.0  # the busy timeout is 15 s: a save that waits for the lock fails this


def _bulk_events(clinic: Clinic, count: int) -> None:
    """A long, valid, keyed log, written in one bulk insert (as years of work would leave it)."""
    key = audit_key(clinic.db)
    assert key is not None
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with clinic.db.transaction() as s:
        head = s.get(AuditChainHead, 1)
        assert head is not None
        seq, previous = head.seq, head.hash
        rows: list[dict[str, Any]] = []
        for n in range(count):
            seq += 1
            event: dict[str, Any] = {
                "at": start + timedelta(seconds=n),
                "user_id": None,
                "username": "-",
                "action": "patient_viewed",
                "patient_id": None,
                "entity": "patient",
                "entity_id": n,
                "detail": {},
            }
            digest = keyed_event_hash(key, seq, previous, event)
            rows.append({**event, "seq": seq, "prev_hash": previous, "hash": digest})
            previous = digest
        table = AuditEvent.__table__
        assert isinstance(table, Table)  # a mapped class's FromClause: here its one table
        s.execute(insert(table), rows)
        s.execute(
            update(AuditChainHead).where(AuditChainHead.id == 1).values(seq=seq, hash=previous)
        )


def test_a_save_completes_while_verify_walks_a_long_log(clinic: Clinic) -> None:
    admin = clinic.accounts.add_user("boss", "password-one", "admin")
    _bulk_events(clinic, EVENTS)

    in_the_walk = threading.Event()
    saved = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 2:  # well inside the walk and its read transaction
            in_the_walk.set()
            saved.wait(timeout=60)

    reports: list[ChainReport] = []
    walker = threading.Thread(
        target=lambda: reports.append(verify_chain(clinic.db, progress=progress))
    )
    walker.start()
    try:
        assert in_the_walk.wait(timeout=120), "verify never reported progress"
        saver = threading.Thread(
            target=lambda: clinic.accounts.add_user("ma1", "password-one", "assistant", actor=admin)
        )
        saver.start()
        saver.join(timeout=SAVE_TIME_BOX_S)
        assert not saver.is_alive(), "the save waited for verify"
        assert walker.is_alive(), "verify was still in the middle of its walk"
    finally:
        saved.set()
        walker.join(timeout=120)
    [report] = reports
    # The walk saw its own snapshot: the log as it was when verify began, all of it intact.
    assert report.intact, report.problems
    assert report.events == EVENTS + 1
    assert len(seen) > 2 and [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert seen[-1] == (EVENTS + 1, EVENTS + 1)
    assert verify_chain(clinic.db).events == EVENTS + 2  # the save is in the log too
