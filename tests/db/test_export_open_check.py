"""An export opens the clinic checking only the sign-in's tables and the small ones it reads: the
tables it reads in full are checked page by page (SQLCipher's HMAC) as it reads them, so a damaged
page there still stops it with the damaged message and no file. A command that writes still
checks the whole file at open."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.db.test_check_behind_sign_in import damaged_patient_table
from tests.staff import TEST_ADMIN, TEST_PASSWORD, clinic_admin
from vitalsdesk.cli import main
from vitalsdesk.clinic import FULL_CHECK_DUE, open_clinic
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.db.restore import looks_damaged


def test_an_export_meets_a_damaged_page_of_a_table_it_reads_and_says_damaged(
    tmp_path: Path,
) -> None:
    damaged_patient_table(tmp_path)

    clinic = open_clinic(tmp_path, reader=True)  # the patient table is left to the export's read
    try:
        admin = clinic_admin(clinic)
        for kind, out in (("csv", tmp_path / "all.csv"), ("ndjson", tmp_path)):
            export = getattr(clinic.exchange, f"export_{kind}")
            with pytest.raises(DatabaseError, match="damaged") as failure:
                export(out, admin)
            assert looks_damaged(failure.value) and "backup" in str(failure.value)
    finally:
        clinic.close()
    assert not (tmp_path / "all.csv").exists() and not list(tmp_path.glob("*.ndjson"))
    assert not list(tmp_path.glob("*.partial"))


def test_the_export_command_says_damaged_and_a_command_that_writes_checks_it_all_at_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    damaged_patient_table(data)
    monkeypatch.setenv("VITALSDESK_DATA_DIR", str(data))
    monkeypatch.delenv("VITALSDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("VITALSDESK_USER", TEST_ADMIN)

    def run(*args: str) -> tuple[int, str]:
        stdin = io.TextIOWrapper(io.BytesIO(f"{TEST_PASSWORD}\n".encode()))
        monkeypatch.setattr(sys, "stdin", stdin)
        code = main([*args, "--password-stdin"])
        return code, capsys.readouterr().err

    code, err = run("export", "csv", "--out", str(tmp_path / "all.csv"))
    assert code == 1 and "damaged" in err and "Traceback" not in err
    assert not (tmp_path / "all.csv").exists()

    # Whole file at open for the rest: the damage stops the command before it signs in.
    with pytest.raises(DatabaseError, match="damaged"):
        open_clinic(data)
    code, err = run("patient", "add", "--mrn", "M2", "--family", "Doe", "--given", "Jo",
                    "--birth-date", "1980-06-15", "--sex", "female")  # fmt: skip
    assert code == 1 and "damaged" in err and "Restore the latest backup" in err


def test_a_reader_checks_the_whole_file_when_damage_was_seen_before(tmp_path: Path) -> None:
    damaged_patient_table(tmp_path)
    (tmp_path / FULL_CHECK_DUE).touch()  # a check behind an earlier sign-in found it
    with pytest.raises(DatabaseError, match="damaged"):
        open_clinic(tmp_path, reader=True)
