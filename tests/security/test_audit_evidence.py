"""The audit log is evidence: cuts, forgeries, rewrites and rollbacks are found (red team, part 4).

Each test does what an attacker with the database (and, where said, the audit key) could do."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, select, text

from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.db import migrate
from vitalsdesk.db.audit_chain import (
    AUDIT_KEY_FILE,
    GENESIS,
    WITNESS_FILE,
    attach_data_folder,
    audit_key,
    audit_key_text,
    event_hash,
    import_audit_key,
    keyed_event_hash,
    witness_now,
)
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.engine import Database, DatabaseError
from vitalsdesk.db.models import AuditChainHead, AuditEvent, Base
from vitalsdesk.db.restore import Backup, restore_backup, taken_at
from vitalsdesk.services.audit import verify_chain
from vitalsdesk.services.errors import SignInFailed

Hasher = Callable[[int, str, dict[str, Any]], str]
_CONTENT = ("at", "user_id", "username", "action", "patient_id", "entity", "entity_id", "detail")


def _some_activity(clinic: Clinic, who: str = "boss") -> None:
    """Five audited events."""
    admin = clinic.accounts.add_user(who, "password-one", "admin")
    clinic.accounts.add_user(f"{who}-ma", "password-one", "assistant", actor=admin)
    clinic.accounts.sign_in(f"{who}-ma", "password-one")
    for _ in range(2):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in(f"{who}-ma", "wrong-password")


def _guard_off(db: Database, s: Any) -> None:
    """What someone with write access to the database does first: switch the guard off."""
    if db.is_sqlite:
        s.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
        s.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
    else:
        s.execute(text("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event"))


def _tamper(db: Database, *statements: str) -> None:
    with db.transaction() as s:
        _guard_off(db, s)
        for statement in statements:
            s.execute(text(statement))


def _table(model: type[Base]) -> Table:
    """The table of a model, for writes that go around the ORM as a forger would."""
    table = model.__table__
    assert isinstance(table, Table)  # typed as any FromClause; each model here maps one table
    return table


def _rechain(db: Database, start: int, hasher: Hasher, change: dict[str, Any]) -> None:
    """Change event `start` and recompute every hash from it to the end, and the head: a forger
    who knows how the hashes are made."""
    table = _table(AuditEvent)
    with db.transaction() as s:
        _guard_off(db, s)
        rows = s.execute(select(table).where(table.c.seq >= start).order_by(table.c.seq)).all()
        previous = rows[0].prev_hash
        for row in rows:
            content = {name: getattr(row, name) for name in _CONTENT}
            if row.seq == start:
                content.update(change)
            digest = hasher(row.seq, previous, content)
            s.execute(
                table.update()
                .where(table.c.seq == row.seq)
                .values(**(change if row.seq == start else {}), prev_hash=previous, hash=digest)
            )
            previous = digest
        s.execute(
            _table(AuditChainHead)
            .update()
            .where(AuditChainHead.id == 1)
            .values(seq=rows[-1].seq, hash=previous)
        )


@pytest.fixture
def evidence_clinic(clinic: Clinic) -> Clinic:
    """The clinic as the composition root opens it: its data folder keeps the audit evidence."""
    attach_data_folder(clinic.db, clinic.data_dir)
    return clinic


def test_head_removed_with_the_tail_is_tampering(evidence_clinic: Clinic) -> None:
    clinic = evidence_clinic
    _some_activity(clinic)
    _tamper(clinic.db, "DELETE FROM audit_event WHERE seq = 5", "DELETE FROM audit_chain_head")

    report = verify_chain(clinic.db)
    assert not report.intact
    assert "chain head is missing" in report.problem

    # The next write neither crashes nor starts the chain again at 0 over the events there.
    clinic.accounts.sign_in("boss", "password-one")
    with clinic.db.transaction() as s:
        seqs = s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
        head = s.get(AuditChainHead, 1)
        assert head is not None and head.seq == seqs[-1]
    assert seqs == [1, 2, 3, 4, 5, 6]  # the chain went on from event 4: a marker, then the sign-in
    again = verify_chain(clinic.db)
    assert not again.intact, "the removal stays on record"
    assert any("chain head had been removed" in p for p in again.problems)
    assert any("event 4" in p for p in again.problems)


def test_a_forger_without_the_key_is_found(evidence_clinic: Clinic) -> None:
    """Change an event and recompute the whole chain after it the way an unkeyed chain is made
    (SHA-256): with only the database in hand that is all a forger can do."""
    clinic = evidence_clinic
    _some_activity(clinic)
    _rechain(clinic.db, 3, event_hash, {"username": "someone-else"})
    report = verify_chain(clinic.db)
    assert report.broken_at == 3
    assert "changed" in report.problem


def test_a_forger_with_the_key_is_found_up_to_the_last_witness(evidence_clinic: Clinic) -> None:
    clinic = evidence_clinic
    _some_activity(clinic)
    assert witness_now(clinic.db, "close")  # the head, noted outside the database
    key = audit_key(clinic.db)
    assert key is not None

    def keyed(seq: int, prev: str, event: dict[str, Any]) -> str:
        return keyed_event_hash(key, seq, prev, event)

    _rechain(clinic.db, 2, keyed, {"username": "someone-else"})
    report = verify_chain(clinic.db)
    assert not report.intact
    assert "rewritten" in report.problem and "event 5" in report.problem


def test_the_audit_key_is_derived_from_but_not_the_database_key(sqlite_clinic: Clinic) -> None:
    key = audit_key(sqlite_clinic.db)
    assert sqlite_clinic.db.key is not None and key is not None
    assert key != sqlite_clinic.db.key and len(key) == 32


def test_a_database_rolled_back_is_found(sqlite_clinic: Clinic) -> None:
    """Someone puts an older copy of the file back (no key needed): the chain in it is whole,
    but the log had gone further, as the witness and the backups' sidecars say."""
    clinic = sqlite_clinic
    _some_activity(clinic)
    database = clinic.db.sqlite_path
    assert database is not None
    older = clinic.data_dir / "older-copy.sqlite3"
    backup = backup_sqlite(clinic.db, clinic.backup_dir)
    shutil.copyfile(backup, older)
    clinic.accounts.sign_in("boss", "password-one")
    backup_sqlite(clinic.db, clinic.backup_dir)
    assert verify_chain(clinic.db).intact
    clinic.close()

    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(older, database)
    again = open_clinic(clinic.data_dir)
    try:
        report = verify_chain(again.db)
        assert not report.intact
        assert "rolled back" in report.problem and "event 6" in report.problem
    finally:
        again.close()


def test_a_restore_by_the_clinic_is_not_taken_for_a_rollback(sqlite_clinic: Clinic) -> None:
    clinic = sqlite_clinic
    _some_activity(clinic)
    backup = backup_sqlite(clinic.db, clinic.backup_dir)
    clinic.accounts.sign_in("boss", "password-one")
    backup_sqlite(clinic.db, clinic.backup_dir)
    assert verify_chain(clinic.db).intact
    database, key = clinic.db.sqlite_path, clinic.db.key
    assert database is not None
    clinic.close()

    restore_backup(database, Backup(backup, taken_at(backup)), key)
    again = open_clinic(clinic.data_dir)
    try:
        again.accounts.sign_in("boss", "password-one")
        report = verify_chain(again.db)
        assert report.intact, report.problems
        assert report.events == 6
    finally:
        again.close()


def test_a_server_database_keeps_its_audit_key_in_the_data_folder(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: no database key to derive from. The first PC makes a random key (0600) in its
    data folder; another PC writes only once it has a copy."""
    monkeypatch.delenv("VITALSDESK_DB_KEY")
    first = open_clinic(tmp_path / "room1", url=pg_url)
    second = open_clinic(tmp_path / "room2", url=pg_url)
    try:
        attach_data_folder(first.db, first.data_dir)
        attach_data_folder(second.db, second.data_dir)
        _some_activity(first)
        kept = first.data_dir / AUDIT_KEY_FILE
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600

        with pytest.raises(DatabaseError, match="audit key"):
            second.accounts.sign_in("boss", "password-one")
        text_of_key = audit_key_text(first.db)
        assert text_of_key is not None
        import_audit_key(second.data_dir, text_of_key)
        second.db.audit_key = None
        second.accounts.sign_in("boss", "password-one")
        assert verify_chain(first.db).intact and verify_chain(second.db).intact

        # A forger with the database server and no room's key is found.
        _rechain(first.db, 2, event_hash, {"action": "nothing"})
        assert verify_chain(second.db).broken_at == 2
    finally:
        first.close()
        second.close()


def _legacy_events(db: Database, count: int) -> None:
    """Events as an older VitalsDesk chained them (plain SHA-256), written at schema 0003."""
    from datetime import UTC, datetime

    table = _table(AuditEvent)
    with db.transaction() as s:
        head = s.execute(text("SELECT seq, hash FROM audit_chain_head WHERE id = 1")).one()
        seq, previous = int(head[0]), str(head[1])
        for n in range(count):
            seq += 1
            event = {
                "at": datetime(2025, 1, 2, 3, 4, n, tzinfo=UTC),
                "user_id": None,
                "username": "-",
                "action": "sign_in_failed",
                "patient_id": None,
                "entity": None,
                "entity_id": None,
                "detail": {"n": n},
            }
            digest = event_hash(seq, previous, event)
            s.execute(table.insert().values(**event, seq=seq, prev_hash=previous, hash=digest))
            previous = digest
        s.execute(
            text("UPDATE audit_chain_head SET seq = :s, hash = :h"), {"s": seq, "h": previous}
        )


def test_an_unkeyed_chain_from_before_still_verifies_and_is_keyed_from_then_on(
    database_url: str, tmp_path: Path
) -> None:
    db = Database(database_url)
    try:
        migrate.upgrade(db, revision="0003")
        _legacy_events(db, 4)
        migrate.upgrade(db)
        attach_data_folder(db, tmp_path)
        clinic = open_clinic(tmp_path, url=database_url)
        try:
            attach_data_folder(clinic.db, tmp_path)
            _some_activity(clinic)
            report = verify_chain(clinic.db)
            assert report.intact, report.problems
            assert report.events == 9 and report.keyed_from == 5

            # The old events are still checked.
            _tamper(clinic.db, "UPDATE audit_event SET username = 'x' WHERE seq = 2")
            assert verify_chain(clinic.db).broken_at == 2
        finally:
            clinic.close()
    finally:
        db.dispose()


def test_moving_where_keyed_events_start_is_found(evidence_clinic: Clinic) -> None:
    """A forger without the key relabels every event as an old unkeyed one and rechains it all
    with SHA-256: the head's key check, which only the key makes, no longer fits."""
    clinic = evidence_clinic
    _some_activity(clinic)
    with clinic.db.transaction() as s:
        _guard_off(clinic.db, s)
        s.execute(text("UPDATE audit_chain_head SET keyed_from = 6"))
    _rechain(clinic.db, 1, event_hash, {})
    report = verify_chain(clinic.db)
    assert not report.intact
    assert any("where keyed events start was changed" in p for p in report.problems)


def test_the_witness_file_is_private_and_only_grows(sqlite_clinic: Clinic) -> None:
    _some_activity(sqlite_clinic)
    witness = sqlite_clinic.data_dir / WITNESS_FILE
    before = witness.read_text(encoding="ascii")
    backup_sqlite(sqlite_clinic.db, sqlite_clinic.backup_dir)
    assert verify_chain(sqlite_clinic.db).intact
    after = witness.read_text(encoding="ascii")
    assert after.startswith(before) and len(after.splitlines()) == len(before.splitlines()) + 2
    assert stat.S_IMODE(witness.stat().st_mode) == 0o600
    assert GENESIS not in after.splitlines()[-1]
