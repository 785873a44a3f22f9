"""Merging the audit journal of a read-only spell into the audit chain, once the database can be
written again (vitalsdesk.db.audit_journal keeps the journal).

Each sound journal entry becomes an audit event with its own time, actor and detail, marked
`journal` (the journal's id) and `journal_entry` (its number). Each entry that fails its check
becomes an `audit_journal_tampered` event, which `audit verify` reports for as long as the log
exists. One `audit_journal_merged` event closes the merge; it names the journal and its last
entry, so a merge that is run again (a crash after the commit, before the file was removed)
adds nothing twice. The accounts' failed sign-ins and lock-outs of the spell are kept too.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vitalsdesk.db import audit_chain, audit_journal
from vitalsdesk.db.audit_chain import AuditKeyUnavailable
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditChainHead, AuditEvent, Patient, StaffUser, utcnow
from vitalsdesk.services.accounts import replay_sign_ins
from vitalsdesk.services.audit import MERGED, TAMPERED, append_event, rebuild_head, writing_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeReport:
    journals: int = 0
    entries: int = 0  # sound entries added to the chain
    tampered: int = 0  # entries (or lines) that failed their check


def merge_journals(db: Database) -> MergeReport:
    """Merge every journal of `db` into its audit chain, then remove it. Nothing to do on a
    read-only database, or on a PC without the audit key (the journal waits)."""
    if db.read_only:
        return MergeReport()
    paths = audit_journal.existing_journals(db)
    if not paths:
        return MergeReport()
    try:
        key = audit_chain.audit_key(db)
    except AuditKeyUnavailable:
        key = None
    if key is None:
        log.warning("audit journal left unmerged: this PC has no audit key")
        return MergeReport()
    total = MergeReport()
    for path in paths:
        with audit_journal.held(path) as text:
            reading = audit_journal.read_text(path, text, key)
            done = db.run(functools.partial(_merge, db=db, reading=reading))
            audit_journal.remove(path)
        total = MergeReport(
            total.journals + 1, total.entries + done.entries, total.tampered + done.tampered
        )
        log.info(
            "audit journal merged: %d entries, %d failed their check", done.entries, done.tampered
        )
    return total


def _already_merged(s: Session, journal_id: str) -> int:
    """The last entry of this journal already in the chain (0: none)."""
    details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == MERGED))
    done = [
        int(str(d.get("last_entry", 0)))
        for d in details
        if isinstance(d, dict) and d.get("journal") == journal_id
    ]
    return max(done, default=0)


def _merge(s: Session, db: Database, reading: audit_journal.Reading) -> MergeReport:
    head = s.scalar(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())
    if head is None:  # rebuilt as a write to the log would, and said so in the log
        head = rebuild_head(s, db)
    key = writing_key(db, head)
    after = _already_merged(s, reading.id)
    entries = [e for e in reading.entries if e.n > after and e.sound]
    problems = [(n, why) for n, why in reading.problems if n > after or (n == 0 and not after)]
    if not entries and not problems and after:
        return MergeReport(1, 0, 0)
    users = {u.id: u for u in s.scalars(select(StaffUser))}
    for entry in entries:
        event = dict(entry.event)
        event["detail"] = {
            **(event.get("detail") or {}),
            "journal": reading.id,
            "journal_entry": entry.n,
        }
        if event.get("user_id") not in users:
            event["user_id"] = None  # the account is gone (a backup was put back meanwhile)
        if event.get("patient_id") is not None and s.get(Patient, event["patient_id"]) is None:
            event["patient_id"] = None
        append_event(s, head, key, _columns(event))
    for n, why in problems:
        append_event(
            s,
            head,
            key,
            _columns(
                {
                    "at": utcnow(),
                    "username": "-",
                    "action": TAMPERED,
                    "detail": {"journal": reading.id, "journal_entry": n, "why": why},
                }
            ),
        )
    _keep_sign_in_state(users, [e.event for e in entries])
    last = max([after, reading.last_n])
    append_event(
        s,
        head,
        key,
        _columns(
            {
                "at": utcnow(),
                "username": "-",
                "action": MERGED,
                "detail": {
                    "journal": reading.id,
                    "last_entry": last,
                    "entries": len(entries),
                    "tampered": len(problems),
                },
            }
        ),
    )
    return MergeReport(1, len(entries), len(problems))


def _columns(event: dict[str, Any]) -> dict[str, Any]:
    names = ("at", "user_id", "username", "action", "patient_id", "entity", "entity_id", "detail")
    return {name: event.get(name) for name in names}


def _keep_sign_in_state(users: dict[int, StaffUser], events: list[dict[str, Any]]) -> None:
    """The failed tries and lock-outs of the read-only spell, kept on the accounts."""
    for user_id in {e.get("entity_id") for e in events if e.get("entity") == "staff_user"}:
        user = users.get(user_id) if isinstance(user_id, int) else None
        if user is None:
            continue
        failed, locked = replay_sign_ins(user.failed_sign_ins, user.locked_until, user.id, events)
        user.failed_sign_ins, user.locked_until = failed, locked


def pending(db: Database) -> list[audit_journal.Reading]:
    """The journals of `db` not merged yet, each checked with this PC's audit key."""
    try:
        key = audit_chain.audit_key(db)
    except AuditKeyUnavailable:
        key = None
    return [audit_journal.read(p, key) for p in audit_journal.existing_journals(db)]
