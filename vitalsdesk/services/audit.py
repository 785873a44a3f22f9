"""Audit events, written inside the transaction of the change they record, hash-chained.

The chain is keyed (vitalsdesk.db.audit_chain says with what key), and its head is noted outside
the database; `verify_chain` checks both, in one read-only snapshot that never blocks a save."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from vitalsdesk.db import audit_chain, audit_journal
from vitalsdesk.db.audit_chain import (
    GENESIS,
    AuditKeyUnavailable,
    Note,
    event_hash,
    key_check,
    keyed_event_hash,
)
from vitalsdesk.db.backup import backup_notes
from vitalsdesk.db.engine import Database, DatabaseError
from vitalsdesk.db.models import AuditChainHead, AuditEvent, utcnow
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.prebuilt import Prebuilt

if TYPE_CHECKING:
    from vitalsdesk.services.context import Actor

HEAD_MISSING = "audit_chain_head_missing"
_EVENTS: Table = AuditEvent.__table__  # type: ignore[assignment]
# The audit journal of a read-only spell, merged (vitalsdesk.services.journal).
MERGED = "audit_journal_merged"
TAMPERED = "audit_journal_tampered"
VERIFY_BATCH = 5000
MAX_PROBLEMS = 20

# Built once (a save runs both): SQLAlchemy reuses their compiled form instead of rebuilding and
# re-keying a statement for every event. The head row is locked until commit (PostgreSQL;
# SQLite's BEGIN IMMEDIATE already serialises writers), so two rooms never chain onto the same
# previous event.
# populate_existing: the head is always read as the database has it in this transaction, never
# taken from an earlier read of the same session.
_HEAD_FOR_UPDATE = (
    select(AuditChainHead)
    .where(AuditChainHead.id == 1)
    .with_for_update()
    .execution_options(populate_existing=True)
)
_INSERT_EVENT = insert(_EVENTS)
_MOVE_HEAD = (
    update(AuditChainHead)
    .where(AuditChainHead.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)

_HEADS: Table = AuditChainHead.__table__  # type: ignore[assignment]
# The save's own way (audit_on): the head as a plain row, the event and the head's move on the
# session's connection, each statement compiled once.
_HEAD_ROW = Prebuilt(
    select(_HEADS.c.seq, _HEADS.c.hash, _HEADS.c.keyed_from, _HEADS.c.key_check)
    .where(_HEADS.c.id == 1)
    .with_for_update()
)
_INSERT_EVENT_ROW = Prebuilt(insert(_EVENTS))
_MOVE_HEAD_ROW = Prebuilt(_MOVE_HEAD)

_CONTENT = ("at", "user_id", "username", "action", "patient_id", "entity", "entity_id", "detail")

NO_KEY = (
    "The audit log cannot be written on this PC: it does not have the clinic's audit key "
    "({why}), so nothing was saved. An administrator can copy the key from a PC that has it."
)
WRONG_KEY = (
    "The audit log cannot be written on this PC: its audit key is not the one this clinic's log "
    "was written with (or the log's key record was changed), so nothing was saved. An "
    "administrator can copy the right key from a PC that has it, and run `vitalsdesk audit verify`."
)


def _database(session: Session) -> Database:
    db = session.info.get("database")
    if not isinstance(db, Database):
        raise TypeError("audit() needs a session from Database.transaction() or Database.run()")
    return db


def writing_key(db: Database, head: AuditChainHead) -> bytes:
    key = _key(db, create=head.key_check is None)
    expected = key_check(key, head.keyed_from)
    if head.key_check is None:
        head.key_check = expected  # the first keyed write seals where keyed events start
    elif head.key_check != expected:
        raise DatabaseError(WRONG_KEY)
    return key


def _key(db: Database, *, create: bool) -> bytes:
    try:
        key = audit_chain.audit_key(db, create=create)
    except AuditKeyUnavailable as exc:
        raise DatabaseError(NO_KEY.format(why=str(exc))) from None
    if key is None:
        raise DatabaseError(NO_KEY.format(why="no key file in the data folder"))
    return key


class _ChainedRow(Protocol):
    """An audit event as this module selects it: its place in the chain and its hash (and the
    content columns, read by name)."""

    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def _content_of(row: object) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _CONTENT}


def _is_keyed(key: bytes, row: _ChainedRow) -> bool:
    return keyed_event_hash(key, row.seq, row.prev_hash, _content_of(row)) == row.hash


def rebuild_head(session: Session, db: Database) -> AuditChainHead:
    """The head row is gone: whoever removed it may have cut events off the end too. Chain on
    from the last event there is (never from 0 over existing events), and say so in the log
    itself: `verify_chain` reports that event for as long as the log exists."""
    columns = [getattr(AuditEvent, c) for c in ("seq", "prev_hash", "hash", *_CONTENT)]
    last = session.execute(select(*columns).order_by(AuditEvent.seq.desc()).limit(1)).first()
    seq, digest = (last.seq, last.hash) if last is not None else (0, GENESIS)
    keyed_from = seq + 1
    try:
        key = audit_chain.audit_key(db)
    except AuditKeyUnavailable:
        key = None
    if key is not None and last is not None and _is_keyed(key, last):
        # Where keyed events start: the first one whose hash the key makes (they form the end).
        low, high = 1, last.seq
        while low < high:
            middle = (low + high) // 2
            row = session.execute(
                select(*columns).where(AuditEvent.seq >= middle).order_by(AuditEvent.seq).limit(1)
            ).first()
            if row is not None and _is_keyed(key, row):
                high = middle
            else:
                low = middle + 1
        keyed_from = low
    head = AuditChainHead(id=1, seq=seq, hash=digest, keyed_from=keyed_from, key_check=None)
    session.add(head)
    session.flush()
    _append(session, head, writing_key(db, head), None, HEAD_MISSING, {"last_seq": seq})
    return head


def _append(
    session: Session,
    head: AuditChainHead,
    key: bytes,
    user: Actor | None,
    action: str,
    detail: dict[str, Any],
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
) -> None:
    event = _event(user, action, detail, patient_id=patient_id, entity=entity, entity_id=entity_id)
    append_event(session, head, key, event)


def _event(
    user: Actor | None,
    action: str,
    detail: dict[str, Any],
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "user_id": user.id if user is not None else None,
        "username": user.username if user is not None else "-",
        "action": action,
        "patient_id": patient_id,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
    }


def _journal(session: Session, db: Database, event: dict[str, Any]) -> None:
    """Queue `event` for the audit journal; the key is checked against the chain head as a
    write to the log would check it."""
    journal = session.info.get("journal")
    if journal is None:
        head = session.scalar(select(AuditChainHead).where(AuditChainHead.id == 1))
        try:
            key = audit_chain.audit_key(db)
        except AuditKeyUnavailable as exc:
            raise DatabaseError(NO_KEY.format(why=str(exc))) from None
        if key is None:
            raise DatabaseError(NO_KEY.format(why="no key file in the data folder"))
        if head is not None and head.key_check not in (None, key_check(key, head.keyed_from)):
            raise DatabaseError(WRONG_KEY)
        journal = {"events": [], "key": key, "seq": head.seq if head is not None else None}
        session.info["journal"] = journal
    journal["events"].append(event)


def append_event(session: Session, head: AuditChainHead, key: bytes, event: dict[str, Any]) -> None:
    """Chain one event (audit_event columns by name) onto `head`, in the caller's transaction."""
    seq = head.seq + 1
    digest = keyed_event_hash(key, seq, head.hash, event)
    # A plain Core insert on the session's connection, in its transaction: an event is never
    # read back or changed, so it needs no ORM object (saving a set writes one every time).
    connection = session.connection()
    connection.execute(_INSERT_EVENT, {**event, "seq": seq, "prev_hash": head.hash, "hash": digest})
    # The head moves in the same transaction, through Core: the ORM row is told its new values as
    # the database's, so no unit-of-work flush is left to do for it at commit.
    connection.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": digest})
    set_committed_value(head, "seq", seq)
    set_committed_value(head, "hash", digest)
    session.info["audit_head"] = (seq, digest, head.keyed_from)


def audit(
    session: Session,
    user: Actor | None,
    action: str,
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    **detail: Any,
) -> None:
    """Record who did what. `detail` holds ids and codes only: never a name, MRN or vital value.

    On a read-only database the event goes to the audit journal instead (written and synced
    when the unit of work ends, before its result is shown) and is merged into the chain once
    the database can be written again (vitalsdesk.services.journal)."""
    db = _database(session)
    if db.read_only:
        _journal(
            session,
            db,
            _event(user, action, detail, patient_id=patient_id, entity=entity, entity_id=entity_id),
        )
        return
    head = session.scalar(_HEAD_FOR_UPDATE)
    if head is None:
        head = rebuild_head(session, db)
    key = writing_key(db, head)
    _append(
        session,
        head,
        key,
        user,
        action,
        detail,
        patient_id=patient_id,
        entity=entity,
        entity_id=entity_id,
    )


def audit_on(
    session: Session,
    connection: Connection,
    user: Actor,
    action: str,
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    **detail: Any,
) -> None:
    """`audit`, the same event chained the same way, with the head read as a plain row and both
    writes run on `connection` (the session's): no ORM object is loaded or tracked. A database
    that is read-only, has no head row, or whose head has no key check yet goes through `audit`
    (each happens once, or never, in a clinic's life)."""
    db = _database(session)
    found = None if db.read_only else _HEAD_ROW.rows(connection, {})
    if not found or found[0][3] is None:
        audit(
            session,
            user,
            action,
            patient_id=patient_id,
            entity=entity,
            entity_id=entity_id,
            **detail,
        )
        return
    seq, previous, keyed_from, check = found[0]
    key = _key(db, create=False)
    if check != key_check(key, keyed_from):
        raise DatabaseError(WRONG_KEY)
    event = _event(user, action, detail, patient_id=patient_id, entity=entity, entity_id=entity_id)
    seq += 1
    digest = keyed_event_hash(key, seq, previous, event)
    _INSERT_EVENT_ROW.run(connection, {**event, "seq": seq, "prev_hash": previous, "hash": digest})
    _MOVE_HEAD_ROW.run(connection, {"new_seq": seq, "new_hash": digest})
    session.info["audit_head"] = (seq, digest, keyed_from)


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at: int | None  # seq of the first event that does not fit, None when intact
    problem: str  # the first problem found ("" when intact)
    problems: tuple[str, ...] = field(default=())  # every problem found, up to MAX_PROBLEMS
    keyed_from: int | None = None  # the first keyed event (None: the head is missing)
    witnessed: int = 0  # notes of the head outside the database that were compared
    journal_entries: int = 0  # events that came from a read-only spell's audit journal
    journal_pending: int = 0  # journal entries not merged yet (the database is read-only)

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem


Progress = Callable[[int, int], None]
"""Told (events checked so far, events in the log) after each batch."""


class _Findings:
    def __init__(self) -> None:
        self.items: list[tuple[int | None, str]] = []

    def add(self, seq: int | None, text: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((seq, text))


def _expectations(db: Database) -> tuple[dict[int, list[Note]], list[Note], list[str]]:
    """The notes made outside the database that still describe this database's history, by
    seq; all of them; and problems with the notes themselves."""
    if db.evidence_dir is None:
        return {}, [], []
    notes, restorations, unreadable = audit_chain.read_witness(db.evidence_dir)
    backups = backup_notes(DataFolder(db.evidence_dir).backups)
    kept: list[Note] = []
    for note in [*notes, *backups]:
        from_backup = note.source.startswith("backup")
        abandoned = any(
            note.seq > r.seq
            and (note.order <= r.highest_backup if from_backup else note.order < r.line)
            for r in restorations
        )
        if not abandoned:
            kept.append(note)
    by_seq: dict[int, list[Note]] = {}
    for note in kept:
        by_seq.setdefault(note.seq, []).append(note)
    problems = (
        [f"{unreadable} lines of the {audit_chain.WITNESS_FILE} file were changed"]
        if unreadable
        else []
    )
    return by_seq, kept, problems


class _Where:
    """How a problem names an event; made into text only when there is a problem."""

    __slots__ = ("row",)

    def __init__(self, row: Any) -> None:
        self.row = row

    def __str__(self) -> str:
        row = self.row
        return f"event {row.seq} ({row.action} at {row.at:%Y-%m-%d %H:%M:%S} UTC)"


def _rows(s: Session, batch: int) -> Iterator[list[Any]]:
    columns = [getattr(AuditEvent, c) for c in ("seq", "prev_hash", "hash", *_CONTENT)]
    last = 0
    while True:
        rows = s.execute(
            select(*columns).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1].seq


def verify_chain(
    db: Database, *, progress: Progress | None = None, batch: int = VERIFY_BATCH
) -> ChainReport:
    """Walk the whole log in order, in batches, and report every broken link (up to
    MAX_PROBLEMS): changed, missing or added events, a cut end, a missing head, a wrong key, and
    a database that no longer matches the notes of its head kept outside it.

    Runs in one read-only snapshot: it never takes the write lock, so saves go on meanwhile."""
    try:
        key = audit_chain.audit_key(db)
    except AuditKeyUnavailable:
        key = None
    expected, notes, note_problems = _expectations(db)
    waiting = _pending_journal(db, key, note_problems)

    def work(s: Session) -> ChainReport:
        found = _Findings()
        for text in note_problems:
            found.add(None, text)
        head = s.execute(
            select(
                AuditChainHead.seq,
                AuditChainHead.hash,
                AuditChainHead.keyed_from,
                AuditChainHead.key_check,
            ).where(AuditChainHead.id == 1)
        ).first()
        _check_head(head, key, found)
        total = (
            head.seq if head is not None else int(s.scalar(select(func.count(AuditEvent.id))) or 0)
        )
        walk = _Walk(key=key, keyed_from=head.keyed_from if head is not None else None)
        for rows in _rows(s, batch):
            for row in rows:
                walk.check(row, expected, found)
            if progress is not None:
                progress(walk.count, total)
        _check_end(head, walk, notes, found)
        return _report(found, walk, len(notes), waiting)

    report = db.read_snapshot(work)
    if report.intact:
        audit_chain.witness_now(db, "verify")
    return report


def _pending_journal(db: Database, key: bytes | None, problems: list[str]) -> int:
    """Entries of audit journals not merged yet (sound ones); their problems go to `problems`."""
    waiting = 0
    for path in audit_journal.existing_journals(db):
        reading = audit_journal.read(path, key)
        waiting += sum(1 for e in reading.entries if e.sound or key is None)
        problems.extend(f"{why} ({path.name}, not merged yet)" for _n, why in reading.problems)
    return waiting


def _check_head(head: Any, key: bytes | None, found: _Findings) -> None:
    """The head's own record of where keyed events start, against this PC's audit key."""
    if head is None:
        return
    keyed = head.seq >= head.keyed_from
    if key is None:
        if keyed:
            found.add(
                None, "this PC does not have the audit key, so the keyed events were not checked"
            )
    elif head.key_check is None:
        if keyed:
            found.add(head.keyed_from, "the key check of the chain head was removed")
    elif head.key_check != key_check(key, head.keyed_from):
        found.add(
            head.keyed_from,
            "the record of where keyed events start was changed, or this PC's audit key "
            "is not the clinic's",
        )


@dataclass
class _Walk:
    """Where the walk through the log is: the last hash seen and the next seq expected."""

    key: bytes | None
    keyed_from: int | None
    previous: str = GENESIS
    expected_seq: int = 1
    count: int = 0
    journal: int = 0

    def check(self, row: Any, expected: dict[int, list[Any]], found: _Findings) -> None:
        self.count += 1
        where = _Where(row)
        if row.seq != self.expected_seq:
            found.add(
                self.expected_seq,
                f"event {self.expected_seq} is missing (the next one is {row.seq})",
            )
        elif row.prev_hash != self.previous:
            found.add(row.seq, f"{where} does not follow the event before it")
        if not self._fits(row):
            found.add(row.seq, f"{where} was changed after it was written")
        if row.action == HEAD_MISSING:
            last = (row.detail or {}).get("last_seq", row.seq - 1)
            found.add(
                row.seq,
                f"before {where} the chain head had been removed: events after event "
                f"{last} may have been cut off",
            )
        if row.action == TAMPERED:
            why = (row.detail or {}).get("why", "an entry failed its check")
            found.add(row.seq, f"{where}: the read-only audit journal was tampered with: {why}")
        elif row.action != MERGED and "journal_entry" in (row.detail or {}):
            self.journal += 1
        for note in expected.get(row.seq, ()):
            if note.hash != row.hash:
                found.add(
                    row.seq,
                    f"{where} is not the one noted outside the database ({note.source}, "
                    f"{note.at[:19]}): the log was rewritten",
                )
        self.previous, self.expected_seq = row.hash, row.seq + 1

    def _fits(self, row: Any) -> bool:
        """The row's hash is the one its content gives: keyed from keyed_from on, plain before."""
        content = _content_of(row)
        if self.keyed_from is not None and row.seq >= self.keyed_from:
            return (
                self.key is None
                or keyed_event_hash(self.key, row.seq, row.prev_hash, content) == row.hash
            )
        plain: bool = event_hash(row.seq, row.prev_hash, content) == row.hash
        if self.keyed_from is not None:
            return plain
        # No head to say which: either hash will do; the head's loss is reported.
        return plain or (
            self.key is not None
            and keyed_event_hash(self.key, row.seq, row.prev_hash, content) == row.hash
        )


def _check_end(head: Any, walk: _Walk, notes: list[Any], found: _Findings) -> None:
    """The end of the log against the head, and against the notes kept outside the database."""
    last_seq = walk.expected_seq - 1
    if head is None:
        if walk.count:
            found.add(
                last_seq + 1,
                f"the chain head is missing: the log was tampered with, and events after "
                f"event {last_seq} may have been cut off",
            )
    elif head.seq != last_seq or head.hash != walk.previous:
        found.add(
            last_seq + 1,
            f"events after {last_seq} were removed (the chain head is at {head.seq})",
        )
    elif head.keyed_from > head.seq + 1:
        found.add(head.seq + 1, "the record of where keyed events start was changed")
    beyond = [n for n in notes if n.seq > last_seq]
    if beyond:
        newest = max(beyond, key=lambda n: n.seq)
        found.add(
            last_seq + 1,
            f"the database was rolled back or cut: the log had reached event {newest.seq} "
            f"({newest.source}, {newest.at[:19]}) and now ends at event {last_seq}",
        )
    if walk.keyed_from is not None:
        moved = [n for n in notes if n.keyed_from is not None and n.keyed_from != walk.keyed_from]
        if moved:
            found.add(
                walk.keyed_from,
                f"the record of where keyed events start was changed (it was "
                f"{moved[0].keyed_from}, {moved[0].source}; it is now {walk.keyed_from})",
            )


def _report(found: _Findings, walk: _Walk, witnessed: int, waiting: int) -> ChainReport:
    items = found.items
    last_seq = walk.expected_seq - 1
    first = items[0] if items else (None, "")
    broken_at = first[0] if first[0] is not None else (last_seq + 1 if items else None)
    return ChainReport(
        events=walk.count,
        broken_at=broken_at,
        problem=first[1],
        problems=tuple(text for _seq, text in items),
        keyed_from=walk.keyed_from,
        witnessed=witnessed,
        journal_entries=walk.journal,
        journal_pending=waiting,
    )
