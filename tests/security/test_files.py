"""Files the app writes (red team, part 3): an export or a handout never lands on the clinic's own
files, never writes through a planted link, is private to the user, is never on the disk without
its audit event, and a full disk leaves no half file and no event saying it was written."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.security.test_backups_and_faults import _fill, _small_disk
from tests.staff import TEST_ADMIN, TEST_PASSWORD, clinic_admin, vd
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.errors import InvalidInput
from vitalsdesk.services.schemas import PatientIn, StaffUserOut

NAME = "Zyxwvutsrq"  # a family name no file holds unless the patient's record is in it
REPO = Path(__file__).resolve().parents[2]


def _register(clinic: Clinic, mrn: str = "F-1") -> None:
    clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name=NAME,
            given_name="Test",
            birth_date=date(1980, 1, 2),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )


def _actions(clinic: Clinic) -> list[str]:
    with clinic.db.transaction() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _closed_actions(folder: Path) -> list[str]:
    clinic = open_clinic(folder)
    try:
        return _actions(clinic)
    finally:
        clinic.close()


def _holding_the_name(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and NAME.encode() in p.read_bytes()]


# -- never over the clinic's own files --------------------------------------------------------

OWN: dict[str, Callable[[DataFolder], Path]] = {
    "database": lambda d: d.database,
    "database WAL": lambda d: d.database_side_files[0],
    "database shared memory": lambda d: d.database_side_files[1],
    "key id": lambda d: d.key_id,
    "audit key": lambda d: d.audit_key,
    "witness": lambda d: d.witness,
    "settings": lambda d: d.settings,
    "range table": lambda d: d.reference_ranges,
    "a backup": lambda d: d.backups / "vitalsdesk-000001-manual.sqlite3",
    "a new file among the backups": lambda d: d.backups / "export.json",
    "a handout template": lambda d: d.handouts / "mine.en.toml",
    "the log": lambda d: d.logs / "vitalsdesk.log",
}


@pytest.fixture
def clinic_with_files(tmp_path: Path) -> Iterator[tuple[Clinic, StaffUserOut]]:
    """A clinic with one patient whose every own file and folder exists, as after a while."""
    clinic = open_clinic(tmp_path / "data")
    try:
        _register(clinic)
        admin = clinic_admin(clinic)
        own = clinic.data_folder
        for path in [p for p, _ in own.own_files] + [f(own) for f in OWN.values()]:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text("kept by the clinic\n", encoding="utf-8")
        yield clinic, admin
    finally:
        clinic.close()


def _kept(folder: Path) -> dict[str, bytes]:
    """The bytes of every file but those SQLite itself rewrites while the clinic is open."""
    sqlite = {DataFolder(folder).database, *DataFolder(folder).database_side_files}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p not in sqlite
    }


def _every_writer(clinic: Clinic, admin: StaffUserOut, target: Path) -> None:
    """Each way the app writes a file for people, at `target`: each must be refused."""
    template = clinic.handouts.template("wound-care", "en")
    patient = clinic.patients.by_mrn("F-1")
    request = clinic.handouts.request_for(patient.id, template)
    writers: list[Callable[[], object]] = [
        lambda: clinic.exchange.export_fhir(target, admin),
        lambda: clinic.exchange.export_csv(target, admin),
        lambda: clinic.handouts.save_pdf(patient.id, template, request, admin, target),
        lambda: clinic.audit_log.export_csv(admin, target),
    ]
    for write in writers:
        with pytest.raises(InvalidInput, match="Cannot write") as refused:
            write()
        assert "the clinic's" in str(refused.value)


@pytest.mark.parametrize("what", list(OWN))
def test_no_export_handout_or_audit_csv_lands_on_the_clinics_own_files(
    clinic_with_files: tuple[Clinic, StaffUserOut], what: str
) -> None:
    clinic, admin = clinic_with_files
    folder = clinic.data_dir
    database = clinic.data_folder.database
    inode = database.stat().st_ino
    before = _kept(folder)
    _every_writer(clinic, admin, OWN[what](clinic.data_folder))
    assert _kept(folder) == before
    assert database.stat().st_ino == inode, "the database file was replaced"
    assert [p.mrn for p in clinic.patients.search(NAME)] == ["F-1"]
    assert not {"export", "handout_saved", "audit_log_exported"} & set(_actions(clinic))


def test_the_database_is_known_under_every_name_it_goes_by(
    clinic_with_files: tuple[Clinic, StaffUserOut], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic, admin = clinic_with_files
    database = clinic.data_folder.database
    link_to_folder = tmp_path / "shortcut"
    link_to_folder.symlink_to(clinic.data_dir, target_is_directory=True)
    link_to_file = tmp_path / "looks-harmless.json"
    link_to_file.symlink_to(database)
    monkeypatch.chdir(clinic.data_dir / "backups")
    for name in (
        Path("..") / database.name,  # relative to the folder the command runs in
        clinic.data_dir / "backups" / ".." / database.name,
        link_to_folder / database.name,  # through a link to the data folder
        link_to_file,  # a link that leads to it
    ):
        _every_writer(clinic, admin, name)
    assert [p.mrn for p in clinic.patients.search(NAME)] == ["F-1"]


@pytest.mark.slow
def test_export_fhir_out_the_database_is_refused_and_the_records_still_open(tmp_path: Path) -> None:
    """The finding itself: `vitalsdesk export fhir --out <data folder>/vitalsdesk.sqlite3`
    replaced the clinic's database with a JSON file."""
    data = tmp_path / "data"
    clinic = open_clinic(data)
    try:
        _register(clinic)
    finally:
        clinic.close()
    database = DataFolder(data).database
    done = vd(data, "export", "fhir", "--out", str(database))
    assert done.returncode == 2, done.stderr
    assert "the clinic's database" in done.stderr and "Traceback" not in done.stderr
    relative = subprocess.run(
        [
            sys.executable,
            "-m",
            "vitalsdesk",
            "export",
            "csv",
            "--out",
            database.name,
            "--password-stdin",
        ],
        input=f"{TEST_PASSWORD}\n",
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "VITALSDESK_DATA_DIR": str(data),
            "VITALSDESK_USER": TEST_ADMIN,
            "PYTHONPATH": str(REPO),
        },
        cwd=data,
        check=False,
        timeout=120,
    )
    assert relative.returncode == 2 and "the clinic's database" in relative.stderr
    clinic = open_clinic(data)
    try:
        assert [p.mrn for p in clinic.patients.search(NAME)] == ["F-1"]
        assert "export" not in _actions(clinic)
    finally:
        clinic.close()


# -- private, exclusive, never through a link ---------------------------------------------------


def test_an_export_replaces_a_planted_link_and_is_private(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    _register(sqlite_clinic)
    admin = clinic_admin(sqlite_clinic)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "vitals.json"
    target.symlink_to(elsewhere)
    # The temporary name the export used to write first, planted too: it must not be followed.
    planted = out / ".vitals.json.partial"
    planted.symlink_to(elsewhere)
    sqlite_clinic.exchange.export_fhir(target, admin)
    assert elsewhere.read_text(encoding="utf-8") == "precious\n"
    assert not target.is_symlink() and NAME in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert planted.is_symlink() and sorted(p.name for p in out.iterdir()) == [
        ".vitals.json.partial",
        "vitals.json",
    ]


@pytest.mark.slow
def test_a_handout_pdf_replaces_a_planted_link_and_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clinic = open_clinic(data)
    try:
        _register(clinic)
    finally:
        clinic.close()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious\n", encoding="utf-8")
    target = tmp_path / "sheet.pdf"
    target.symlink_to(elsewhere)
    made = vd(data, "handout", "--mrn", "F-1", "--template", "wound-care", "--out", str(target))
    assert made.returncode == 0, made.stderr
    assert elsewhere.read_text(encoding="utf-8") == "precious\n"
    assert not target.is_symlink() and target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- never on the disk without its audit event --------------------------------------------------

KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path

import vitalsdesk.services.exchange_export as export_module
from vitalsdesk.clinic import open_clinic

data, out, moment = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


real_replace = os.replace


def replace(source, destination, *args, **kwargs):
    if Path(destination) == out and moment == "before the rename":
        die()
    real_replace(source, destination, *args, **kwargs)
    if Path(destination) == out and moment == "after the rename":
        die()


os.replace = replace
real_audit = export_module.audit


def audit(session, by, action, *args, **kwargs):
    if action == "export" and moment == "while recording":
        die()
    return real_audit(session, by, action, *args, **kwargs)


export_module.audit = audit
clinic = open_clinic(data)
admin = clinic.accounts.sign_in("test-admin", "password-admin")
clinic.exchange.export_fhir(out, admin)
print("not killed")
"""


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["while recording", "before the rename", "after the rename"])
def test_a_kill_at_any_moment_leaves_no_unaudited_export(tmp_path: Path, moment: str) -> None:
    data = tmp_path / "data"
    clinic = open_clinic(data)
    try:
        _register(clinic)
    finally:
        clinic.close()
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "killed_export.py"
    script.write_text(KILLED_EXPORT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(data), str(out / "all.json"), moment],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        timeout=120,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    audited = "export" in _closed_actions(data)
    with_data = _holding_the_name(out)
    assert audited or not with_data, f"{moment}: {with_data} on the disk, not in the audit log"
    if (out / "all.json").exists():
        assert audited and with_data == [out / "all.json"]


def test_a_file_that_cannot_be_put_in_place_is_said_so_in_the_audit_log(
    sqlite_clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register(sqlite_clinic)
    admin = clinic_admin(sqlite_clinic)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.csv"
    real_replace = os.replace

    def failing_replace(source: object, destination: object) -> None:
        if Path(str(destination)) == target:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InvalidInput, match="No file was written"):
        sqlite_clinic.exchange.export_csv(target, admin)
    assert list(out.iterdir()) == [], "no file, and no temporary file left"
    actions = _actions(sqlite_clinic)
    assert actions[-2:] == ["export", "export_not_written"]


# -- a full disk --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_handout_export_or_backup_on_a_full_disk_leaves_nothing_and_is_not_audited(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    clinic = open_clinic(data)
    try:
        _register(clinic)
    finally:
        clinic.close()
    before = _closed_actions(data)
    backups = DataFolder(data).backups
    with (
        _small_disk(tmp_path / f"disk-{uuid.uuid4().hex[:6]}", "256k") as disk,
        _small_disk(backups, "256k"),
    ):
        _fill(disk)
        _fill(backups)
        sheet = vd(
            data,
            "handout",
            "--mrn",
            "F-1",
            "--template",
            "wound-care",
            "--out",
            str(disk / "a.pdf"),
        )
        assert sheet.returncode == 2 and "disk is full" in sheet.stderr, sheet.stderr
        export = vd(data, "export", "fhir", "--out", str(disk / "all.json"))
        assert export.returncode == 2 and "disk is full" in export.stderr, export.stderr
        backup = vd(data, "db", "backup")
        assert backup.returncode == 1 and "disk is full" in backup.stderr, backup.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
        assert sorted(p.name for p in backups.iterdir()) == ["filler"]
    written = {"handout_saved", "export", "db_backup_written"}
    assert not written & set(_closed_actions(data)[len(before) :])
