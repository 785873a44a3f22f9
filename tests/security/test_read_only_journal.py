"""A read-only database still reads, and every view is still audited (red team, part 6).

The audit events of a read-only spell go to an HMAC-chained journal outside the database (the
data folder, or the OS user's state folder when that is read-only too), on the disk before the
data is shown; they are merged into the audit chain, once, when the database can be written
again. Saves are refused plainly. A changed journal is found at merge and by `audit verify`.

The sandbox runs as root, whom a mode of 0444 does not stop: the files are also made immutable
(chattr +i), which stops root too."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.staff import TEST_ADMIN, TEST_PASSWORD, add_staff, cli_env, clinic_admin, vd
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.engine import DatabaseError, EnvironmentProblem
from vitalsdesk.db.models import AuditEvent, StaffUser
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.errors import AccountLocked, SignInFailed
from vitalsdesk.services.schemas import PatientIn

MA, MA_PASSWORD = "ma1", "password-one"


def _patient(mrn: str) -> PatientIn:
    return PatientIn(
        mrn=mrn,
        family_name="Readonly",
        given_name="Rita",
        birth_date=date(1980, 6, 15),
        sex=AdministrativeSex.FEMALE,
    )


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The OS user's state folder (platformdirs reads XDG_STATE_HOME), kept inside the test."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture
def data(tmp_path: Path, state_home: Path) -> Path:
    """A clinic with an administrator, an assistant (ma1) and one patient (R1)."""
    folder = tmp_path / "data"
    clinic = open_clinic(folder)
    try:
        admin = clinic_admin(clinic)
        add_staff(clinic, MA, MA_PASSWORD, "assistant")
        clinic.patients.register(_patient("R1"), admin)
    finally:
        clinic.close()
    return folder


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """chmod 0444 (files) / 0555 (folders), and immutable so that root is stopped as well."""
    modes = {p: p.stat().st_mode & 0o777 for p in paths}
    made: list[Path] = []
    try:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
            if os.geteuid() == 0:
                done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
                if done.returncode != 0:
                    pytest.skip("chattr +i is not supported here (root ignores file modes)")
                made.append(path)
        yield
    finally:
        for path in made:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        for path, mode in modes.items():
            path.chmod(mode)


def _database_files(folder: Path) -> list[Path]:
    files = DataFolder(folder)
    return [p for p in (files.database, *files.database_side_files) if p.exists()]


def _events(clinic: Clinic) -> int:
    return int(clinic.db.read(lambda s: s.scalar(select(func.count(AuditEvent.id)))) or 0)


def _journal_actions(path: Path) -> list[str]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [line["event"]["action"] for line in lines if line["kind"] == "event"]


def _read_only_spell(clinic: Clinic) -> None:
    """What an assistant and an admin still do: sign in, open, find, export; saves refused."""
    assert clinic.read_only
    before = _events(clinic)
    ma = clinic.accounts.sign_in(MA, MA_PASSWORD)
    (found,) = clinic.patients.search("R1")
    opened = clinic.patients.open(found.id, ma)
    assert opened.mrn == "R1"
    assert [p.mrn for p in clinic.patients.find("Readonly", ma)] == ["R1"]
    with pytest.raises(DatabaseError, match="Read-only: nothing can be saved"):
        clinic.patients.register(_patient("R2"), ma)
    admin = clinic.accounts.sign_in(TEST_ADMIN, TEST_PASSWORD)
    out = clinic.data_dir.parent / "export.csv"
    summary = clinic.exchange.export_csv(out, admin)
    assert summary.patients == 1 and out.exists()
    assert _events(clinic) == before  # nothing reached the database


def _merged(folder: Path) -> list[AuditEvent]:
    clinic = open_clinic(folder)
    try:
        assert not clinic.read_only
        events = clinic.db.read(lambda s: list(s.scalars(select(AuditEvent))))
        return [
            e for e in events if "journal_entry" in e.detail and e.action != "audit_journal_merged"
        ]
    finally:
        clinic.close()


def test_a_read_only_database_file_reads_and_every_view_is_journaled_then_merged(
    data: Path,
) -> None:
    with read_only(*_database_files(data)):
        clinic = open_clinic(data)
        try:
            _read_only_spell(clinic)
        finally:
            clinic.close()
        journal = DataFolder(data).journal
        actions = _journal_actions(journal)
        assert actions.count("patient_viewed") == 2  # the open, and the patient find listed
        assert "sign_in" in actions and "export" in actions
        assert "patient_registered" not in actions  # the refused save left no trace as done
        assert oct(journal.stat().st_mode & 0o777) == "0o600"

    merged = _merged(data)
    assert sorted(e.action for e in merged) == sorted(actions)
    viewed = [e for e in merged if e.action == "patient_viewed"]
    assert all(e.username == MA and e.patient_id is not None for e in viewed)
    assert not DataFolder(data).journal.exists()
    assert len(_merged(data)) == len(merged)  # merged once: a second start adds nothing

    clinic = open_clinic(data)
    try:
        report = clinic.audit_log.verify(clinic_admin(clinic))
    finally:
        clinic.close()
    assert report.intact, report.problems
    assert report.journal_entries == len(merged) and report.journal_pending == 0


def test_a_read_only_folder_journals_in_the_users_state_folder(
    data: Path, state_home: Path
) -> None:
    with read_only(*_database_files(data), data):
        clinic = open_clinic(data)
        try:
            _read_only_spell(clinic)
            report = clinic.audit_log.verify(clinic.accounts.sign_in(TEST_ADMIN, TEST_PASSWORD))
            assert report.journal_pending >= 6 and report.intact, report.problems
        finally:
            clinic.close()
        (journal,) = (state_home / "VitalsDesk").glob("audit-journal-*")
        assert "patient_viewed" in _journal_actions(journal)
        assert not DataFolder(data).journal.exists()
    assert {e.action for e in _merged(data)} >= {"sign_in", "patient_viewed", "export"}
    assert not journal.exists()


def test_a_changed_journal_entry_is_not_merged_and_audit_verify_reports_it(data: Path) -> None:
    with read_only(*_database_files(data)):
        clinic = open_clinic(data)
        try:
            ma = clinic.accounts.sign_in(MA, MA_PASSWORD)
            (found,) = clinic.patients.search("R1")
            clinic.patients.open(found.id, ma)
        finally:
            clinic.close()
    journal = DataFolder(data).journal
    lines = journal.read_text(encoding="utf-8").splitlines()
    viewed = next(i for i, line in enumerate(lines) if "patient_viewed" in line)
    record = json.loads(lines[viewed])
    record["event"]["username"] = TEST_ADMIN  # someone else's view, blamed on the admin
    lines[viewed] = json.dumps(record, sort_keys=True)
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")

    clinic = open_clinic(data)
    try:
        report = clinic.audit_log.verify(clinic_admin(clinic))
    finally:
        clinic.close()
    assert not report.intact
    assert any("journal" in p and "changed" in p for p in report.problems), report.problems
    merged = _merged(data)
    assert "patient_viewed" not in [e.action for e in merged]  # the changed entry is not kept
    assert "sign_in" in [e.action for e in merged]


def test_lock_out_is_counted_in_the_journal_while_read_only(data: Path) -> None:
    with read_only(*_database_files(data)):
        clinic = open_clinic(data)
        try:
            for _ in range(4):
                with pytest.raises(SignInFailed):
                    clinic.accounts.sign_in(MA, "wrong-password")
            with pytest.raises(AccountLocked):
                clinic.accounts.sign_in(MA, "wrong-password")
            with pytest.raises(AccountLocked):
                clinic.accounts.sign_in(MA, MA_PASSWORD)  # the right one, too late
        finally:
            clinic.close()
        clinic = open_clinic(data)  # another start of the app: the journal still counts
        try:
            with pytest.raises(AccountLocked):
                clinic.accounts.sign_in(MA, MA_PASSWORD)
        finally:
            clinic.close()
    clinic = open_clinic(data)  # writable again: the lock-out is kept on the account
    try:
        locked = clinic.db.read(
            lambda s: s.scalar(select(StaffUser.locked_until).where(StaffUser.username == MA))
        )
        assert locked is not None
        with pytest.raises(AccountLocked):
            clinic.accounts.sign_in(MA, MA_PASSWORD)
    finally:
        clinic.close()


@pytest.mark.slow
def test_patient_find_and_export_from_the_command_line_on_a_read_only_database(
    data: Path, state_home: Path, tmp_path: Path
) -> None:
    ma_env = cli_env(data, MA, XDG_STATE_HOME=str(state_home))
    env = cli_env(data, TEST_ADMIN, XDG_STATE_HOME=str(state_home))
    with read_only(*_database_files(data), data):
        found = vd(data, "patient", "find", "Readonly", user=MA, password=MA_PASSWORD, env=ma_env)
        assert found.returncode == 0, found.stderr
        assert "R1" in found.stdout
        assert "read-only on this PC: nothing can be saved" in found.stderr
        out = tmp_path / "all.json"
        exported = vd(data, "export", "fhir", "--out", str(out), env=env)
        assert exported.returncode == 0, exported.stderr
        assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
        refused = vd(
            data,
            "patient",
            "add",
            "--mrn",
            "R9",
            "--family",
            "No",
            "--given",
            "Save",
            "--birth-date",
            "1990-01-01",
            "--sex",
            "female",
            user=MA,
            password=MA_PASSWORD,
            env=ma_env,
        )
        assert refused.returncode == 1 and "Read-only: nothing can be saved" in refused.stderr
        (journal,) = (state_home / "VitalsDesk").glob("audit-journal-*")
        actions = _journal_actions(journal)
        assert actions.count("patient_viewed") == 1 and "export" in actions
        waiting = vd(data, "audit", "verify", env=env)
        assert waiting.returncode == 0, waiting.stderr
        assert "wait in the audit journal" in waiting.stdout
    merged = _merged(data)
    assert {"patient_viewed", "export"} <= {e.action for e in merged}
    after = vd(data, "audit", "verify", env=env)
    assert after.returncode == 0 and "came from the journal of a read-only" in after.stdout


def test_nothing_is_shown_when_the_journal_cannot_be_written_either(
    data: Path, state_home: Path
) -> None:
    state_home.mkdir(parents=True, exist_ok=True)
    with read_only(*_database_files(data), data, state_home):
        clinic = open_clinic(data)
        try:
            with pytest.raises(EnvironmentProblem, match="audit journal") as refused:
                clinic.accounts.sign_in(MA, MA_PASSWORD)
            assert "Nothing is shown until it can be" in str(refused.value)
        finally:
            clinic.close()
    assert not DataFolder(data).journal.exists() and not list(state_home.rglob("audit-journal*"))


def test_a_journal_left_behind_after_its_merge_is_not_merged_twice(data: Path) -> None:
    """A crash after the merge's commit and before the file's removal leaves the journal in
    place: the next start adds none of its entries again, and removes it."""
    with read_only(*_database_files(data)):
        clinic = open_clinic(data)
        try:
            ma = clinic.accounts.sign_in(MA, MA_PASSWORD)
            clinic.patients.open(clinic.patients.search("R1")[0].id, ma)
        finally:
            clinic.close()
    journal = DataFolder(data).journal
    kept = journal.read_bytes()
    first = _merged(data)
    assert len(first) == 2 and not journal.exists()
    journal.write_bytes(kept)  # as if the removal never happened
    assert len(_merged(data)) == 2 and not journal.exists()
    clinic = open_clinic(data)
    try:
        actions = clinic.db.read(lambda s: list(s.scalars(select(AuditEvent.action))))
        assert actions.count("audit_journal_merged") == 1  # the second start added nothing
        assert clinic.audit_log.verify(clinic_admin(clinic)).intact
    finally:
        clinic.close()
