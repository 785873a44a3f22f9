"""The PC's faults (disk full, read-only database) give a plain message and write nothing half."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from tests.staff import TEST_PASSWORD, add_staff, cli_env, clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.services.errors import ServiceError
from vitalsdesk.services.schemas import PatientIn, PatientOut

VITALS = VitalSignSet.model_validate(
    {
        "birth_date": "1980-06-15",
        "sex": "female",
        "taken_at": "2026-11-27T09:30:00-05:00",
        "measurements": {
            "systolic_bp": {"value": 118, "unit": "mm[Hg]"},
            "diastolic_bp": {"value": 76, "unit": "mm[Hg]"},
            "heart_rate": {"value": 72, "unit": "/min"},
            "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
        },
    }
)


@pytest.fixture
def patient(sqlite_clinic: Clinic) -> PatientOut:
    return sqlite_clinic.patients.register(
        PatientIn(
            mrn="F1",
            family_name="Full",
            given_name="Disk",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(sqlite_clinic),
    )


@contextlib.contextmanager
def _every_connection(clinic: Clinic, pragma: str) -> Iterator[None]:
    """Apply a PRAGMA to every connection from now on (the pool is emptied first)."""

    def apply(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)

    clinic.db.engine.dispose()
    event.listen(clinic.db.engine, "connect", apply)
    try:
        yield
    finally:
        event.remove(clinic.db.engine, "connect", apply)
        clinic.db.engine.dispose()


def _counts(clinic: Clinic) -> tuple[int, int]:
    with clinic.db.transaction() as s:
        sets = s.scalar(text("SELECT count(*) FROM vital_sign_set"))
        values = s.scalar(text("SELECT count(*) FROM measurement"))
    return int(sets or 0), int(values or 0)


def test_disk_full_says_so_and_writes_nothing_half(
    sqlite_clinic: Clinic, patient: PatientOut
) -> None:
    with sqlite_clinic.db.transaction() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar()
    saved = 0
    ma = clinic_admin(sqlite_clinic)
    # SQLite's own "database or disk is full" (SQLITE_FULL), the error a full disk gives.
    with _every_connection(sqlite_clinic, f"PRAGMA max_page_count = {int(pages or 0) + 3}"):
        with pytest.raises(DatabaseError) as exc:
            for _ in range(500):
                sqlite_clinic.vitals.record(patient.id, VITALS, ma)
                saved += 1
        assert "disk is full" in str(exc.value) and "not saved" in str(exc.value)
        assert isinstance(exc.value, ServiceError)  # the GUI shows ServiceError messages
    sets, values = _counts(sqlite_clinic)
    assert sets == saved and values == 4 * saved  # every set whole, none half
    assert sqlite_clinic.db.integrity_check() == []
    sqlite_clinic.vitals.record(patient.id, VITALS, ma)  # space again: it works again


def test_read_only_database_says_so(sqlite_clinic: Clinic, patient: PatientOut) -> None:
    ma = add_staff(sqlite_clinic, "ma1", "password-one", "assistant")
    before = _counts(sqlite_clinic)
    with _every_connection(sqlite_clinic, "PRAGMA query_only = ON"):
        with pytest.raises(DatabaseError, match="read-only"):
            sqlite_clinic.vitals.record(patient.id, VITALS, ma)
        with pytest.raises(DatabaseError, match="read-only"):
            sqlite_clinic.vitals.save_draft(ma, patient.id, {"heart_rate": "72"})
        # Reading still works: the MA can look the patient up.
        assert sqlite_clinic.patients.search("Full")[0].mrn == "F1"
    assert _counts(sqlite_clinic) == before


@pytest.mark.slow
def test_command_reports_a_full_disk_in_one_line(tmp_path: Path) -> None:
    # Unencrypted here, so the hook below may talk to SQLite before anything else does.
    (tmp_path / "settings.toml").write_text("encrypt_database = false\n", encoding="utf-8")
    clinic = open_clinic(tmp_path)
    clinic.patients.register(
        PatientIn(
            mrn="F1",
            family_name="Full",
            given_name="Disk",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )
    clinic.close()
    # A tiny disk for the command: SQLite's limit on pages, set by a startup hook.
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(
        "from sqlalchemy import event\n"
        "from sqlalchemy.engine import Engine\n"
        "@event.listens_for(Engine, 'connect')\n"
        "def _full(c, r):\n"
        "    n = c.execute('PRAGMA page_count').fetchone()[0]\n"
        "    c.execute(f'PRAGMA max_page_count = {n}')\n",
        encoding="utf-8",
    )
    env = {**cli_env(tmp_path), "PYTHONPATH": str(tmp_path)}
    document = {
        "taken_at": "2026-11-27T09:30:00-05:00",
        "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
    }
    run = None
    for _ in range(30):
        run = subprocess.run(
            [sys.executable, "-m", "vitalsdesk", "record", "--mrn", "F1", "-", "--password-stdin"],
            input=f"{TEST_PASSWORD}\n{json.dumps(document)}",
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            break
    assert run is not None and run.returncode == 1
    assert "disk is full" in run.stderr and "Traceback" not in run.stderr
