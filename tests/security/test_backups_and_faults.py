"""Backups and the PC's faults (red team, part 6): backups ordered by a sequence, not the clock;
no plain backup left once the database is encrypted; no half backup on a full disk; a full disk,
a read-only file or folder is said as such, never as damage, and never offers a backup."""

from __future__ import annotations

import contextlib
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import vitalsdesk.db.backup as backup_module
from tests.staff import clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.backup import backup_sqlite, list_backups
from vitalsdesk.db.encryption import is_plain_sqlite
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.db.restore import check_problems, latest_backup, looks_damaged
from vitalsdesk.services.schemas import PatientIn

NAME = "Qwertzuiopa"


@pytest.fixture
def request_cleanup() -> Iterator[list[Callable[[], object]]]:
    done: list[Callable[[], object]] = []
    yield done
    for step in done:
        step()


def _register(clinic: Clinic, mrn: str, family: str = NAME) -> None:
    clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name=family,
            given_name="Test",
            birth_date=date(1980, 1, 2),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )


class _Clock:
    """The clock the backup code reads, set by the test (a PC whose clock is set back)."""

    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class _ClockDatetime(datetime):
    @classmethod
    def now(cls, tz: object = None) -> _ClockDatetime:
        return cls.fromtimestamp(_Clock.now.timestamp(), UTC)


def test_setting_the_clock_back_never_deletes_the_newest_backup(
    sqlite_clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "datetime", _ClockDatetime)
    clinic = sqlite_clinic
    _register(clinic, "OLD-1")
    backup_sqlite(clinic.db, clinic.backup_dir, keep=2)
    _Clock.now = datetime(2026, 5, 2, 12, 0, tzinfo=UTC)
    backup_sqlite(clinic.db, clinic.backup_dir, keep=2)
    _Clock.now = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)  # the clock is set back a year
    _register(clinic, "NEW-2")
    newest = backup_sqlite(clinic.db, clinic.backup_dir, keep=2)

    kept = list_backups(clinic.backup_dir)
    assert newest.exists(), "the backup just made was rotated away"
    assert kept[0] == newest and len(kept) == 2
    offer = latest_backup(clinic.backup_dir, clinic.db.key)
    assert offer is not None and offer.path == newest
    assert offer.taken_at == datetime(2025, 1, 1, 9, 0, tzinfo=UTC)  # as the clock said


def test_switching_encryption_on_leaves_no_plain_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("encrypt_database = false\n", encoding="utf-8")
    clinic = open_clinic(tmp_path)
    _register(clinic, "PLAIN-1")
    first = backup_sqlite(clinic.db, clinic.backup_dir)
    second = backup_sqlite(clinic.db, clinic.backup_dir)
    clinic.close()
    assert is_plain_sqlite(first) and NAME.encode() in first.read_bytes()

    settings.unlink()  # encryption on (the default)
    clinic = open_clinic(tmp_path)
    try:
        key = clinic.db.key
        assert key is not None
        for path in (p for p in (tmp_path / "backups").iterdir() if p.is_file()):
            assert NAME.encode() not in path.read_bytes(), f"{path.name} holds a name in clear"
        backups = list_backups(clinic.backup_dir)
        assert len(backups) == 3  # the two older ones, now encrypted, and the one made before
        for path in backups:
            assert not is_plain_sqlite(path)
            assert check_problems(path, key) == [], f"{path.name} does not open with the key"
        assert first in backups and second in backups
    finally:
        clinic.close()


@contextlib.contextmanager
def _small_disk(where: Path, size: str) -> Iterator[Path]:
    """A real, small file system (tmpfs), mounted for the test and removed after it."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> None:
    subprocess.run(
        ["dd", "if=/dev/zero", f"of={disk / 'filler'}", "bs=4k"], capture_output=True, check=False
    )


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_partial_file(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    _register(sqlite_clinic, "F-1")
    with _small_disk(tmp_path / f"disk-{uuid.uuid4().hex[:6]}", "256k") as disk:
        _fill(disk)
        backups = disk / "backups"
        with pytest.raises(DatabaseError, match="disk is full") as failure:
            backup_sqlite(sqlite_clinic.db, backups)
        assert not looks_damaged(failure.value)
        left = sorted(p.name for p in backups.iterdir()) if backups.exists() else []
        assert left == [], f"half a backup was left: {left}"
    _register(sqlite_clinic, "F-2")  # the database itself goes on working


def test_a_full_disk_at_start_is_not_damage(tmp_path: Path) -> None:
    with _small_disk(tmp_path / f"disk-{uuid.uuid4().hex[:6]}", "2m") as disk:
        data = disk / "data"
        clinic = open_clinic(data)
        _register(clinic, "F-1")
        clinic.close()
        _fill(disk)
        try:
            clinic = open_clinic(data)
        except DatabaseError as exc:
            assert "damaged" not in str(exc) and not looks_damaged(exc)
            return
        try:
            assert [p.mrn for p in clinic.patients.search(NAME)] == ["F-1"]
            with pytest.raises(DatabaseError, match="disk is full") as failure:
                _register(clinic, "F-2")
            assert not looks_damaged(failure.value)
        finally:
            clinic.close()


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """Read-only even for root: the file system's immutable flag (chattr +i)."""
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def _read_only_case(data: Path, make_read_only: Path) -> None:
    clinic = open_clinic(data)
    _register(clinic, "RO-1")
    backup_sqlite(clinic.db, clinic.backup_dir)
    clinic.close()
    with _immutable(make_read_only):
        try:
            clinic = open_clinic(data)
        except DatabaseError as exc:
            pytest.fail(f"a read-only database did not open for reading: {exc}")
        try:
            assert [p.mrn for p in clinic.patients.search(NAME)] == ["RO-1"]
            with pytest.raises(DatabaseError, match="read-only") as failure:
                _register(clinic, "RO-2")
            assert "damaged" not in str(failure.value) and not looks_damaged(failure.value)
        finally:
            clinic.close()


def test_a_read_only_database_file_still_reads(tmp_path: Path) -> None:
    _read_only_case(tmp_path, tmp_path / "vitalsdesk.sqlite3")


def test_a_read_only_data_folder_still_reads_and_is_not_called_damaged(tmp_path: Path) -> None:
    _read_only_case(tmp_path, tmp_path)


def test_a_database_file_this_user_may_not_open_is_said_plainly(
    request_cleanup: list[Callable[[], object]],
) -> None:
    """The folder is open to all, the file (0600) belongs to another account: the test runs the
    opening as 'nobody' (the sandbox is root, which every permission lets through)."""
    import os
    import shutil
    import sys
    import tempfile

    if os.getuid() != 0:
        pytest.skip("needs root to run a child process as another user")
    shared = Path(tempfile.mkdtemp(prefix="vitalsdesk-perm-"))  # pytest's own folder is 0700
    shared.chmod(0o755)
    request_cleanup.append(lambda: shutil.rmtree(shared, ignore_errors=True))
    data = shared / "data"
    clinic = open_clinic(data)
    clinic.close()
    data.chmod(0o777)
    script = (
        "import sys\n"
        "from vitalsdesk.clinic import open_clinic\n"
        "from vitalsdesk.db.engine import DatabaseError\n"
        "from vitalsdesk.db.restore import looks_damaged\n"
        "try:\n"
        f"    open_clinic(__import__('pathlib').Path({str(data)!r}))\n"
        "except DatabaseError as exc:\n"
        "    print('looks_damaged=' + str(looks_damaged(exc)))\n"
        "    print(exc)\n"
        "except OSError as exc:\n"
        "    print('oserror', exc)\n"
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=False,
            user="nobody",
            env={**os.environ, "HOME": "/tmp"},
            cwd="/",
        )
    except PermissionError as exc:  # the interpreter lives where 'nobody' may not go (/root)
        pytest.skip(f"the user 'nobody' cannot run this checkout's Python ({exc.strerror})")
    if "ModuleNotFoundError" in run.stderr or "Permission denied: '/" in run.stderr:
        pytest.skip("the user 'nobody' cannot run this checkout's Python")
    assert "looks_damaged=False" in run.stdout, run.stdout + run.stderr
    assert "not allowed" in run.stdout and "damaged" not in run.stdout.split("\n", 1)[1]
