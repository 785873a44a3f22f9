"""Encryption at rest: no patient data in clear on disk, and every way the key is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring

from tests.staff import TEST_PASSWORD, cli_env, clinic_admin, first_admin_by_cli, vd
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.backup import backup_sqlite
from vitalsdesk.db.encryption import (
    KEY_ENV,
    KEY_ID_FILE,
    KeyUnavailable,
    WrongPassphrase,
    is_plain_sqlite,
    parse_key,
    recovery_text,
    store_key,
)
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.services.schemas import PatientIn

NAME = "Zyxwvutsrq"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv(KEY_ENV)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(KEY_ENV)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


def _register(clinic: Clinic, family: str = NAME) -> None:
    patient = clinic.patients.register(
        PatientIn(
            mrn="ENC1",
            family_name=family,
            given_name="Peña",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:30:00-05:00",
            "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
        }
    )
    clinic.vitals.record(patient.id, vitals, clinic_admin(clinic))


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "logs" not in p.parts]


def test_no_patient_name_in_clear_on_disk(sqlite_clinic: Clinic) -> None:
    _register(sqlite_clinic)
    backup_sqlite(sqlite_clinic.db, sqlite_clinic.backup_dir)
    folder = sqlite_clinic.data_dir
    files = _files(folder)
    assert any(p.name.endswith("-wal") for p in files), "the WAL is checked too"
    assert any(p.parent.name == "backups" for p in files)
    for path in files:
        data = path.read_bytes()
        assert NAME.encode() not in data and "Peña".encode() not in data, path
        assert not is_plain_sqlite(path), path
    sqlite_clinic.close()
    # ...and the record is all there with the key.
    again = open_clinic(folder)
    try:
        assert again.patients.search(NAME)[0].given_name == "Peña"
    finally:
        again.close()


def test_plain_database_is_encrypted_after_a_backup(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("encrypt_database = false\n", encoding="utf-8")
    plain = open_clinic(tmp_path)
    _register(plain)
    plain.close()
    assert is_plain_sqlite(tmp_path / "vitalsdesk.sqlite3")
    assert NAME.encode() in (tmp_path / "vitalsdesk.sqlite3").read_bytes()

    (tmp_path / "settings.toml").unlink()
    clinic = open_clinic(tmp_path)
    try:
        assert clinic.patients.search(NAME)[0].mrn == "ENC1"
    finally:
        clinic.close()
    for path in _files(tmp_path):
        assert NAME.encode() not in path.read_bytes(), path
    assert [p.name for p in (tmp_path / "backups").iterdir() if "before-encryption" in p.name]

    (tmp_path / "settings.toml").write_text("encrypt_database = false\n", encoding="utf-8")
    with pytest.raises(DatabaseError, match="encrypt_database"):
        open_clinic(tmp_path)


def test_key_in_the_keyring_and_the_recovery_path(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    clinic = open_clinic(tmp_path)
    _register(clinic)
    key = clinic.db.key
    clinic.close()
    assert key is not None and list(memory_keyring.items.values()) == [key.hex()]
    beside = (tmp_path / KEY_ID_FILE).read_text(encoding="utf-8")
    assert key.hex() not in beside and '"mode": "keyring"' in beside

    open_clinic(tmp_path).close()  # the keyring opens it again
    memory_keyring.items.clear()  # a wiped keyring (or another PC)
    with pytest.raises(KeyUnavailable, match="db key restore"):
        open_clinic(tmp_path)
    written_down = recovery_text(key)
    assert len(written_down.split("-")) == 8
    store_key(tmp_path, parse_key(written_down))
    clinic = open_clinic(tmp_path)
    try:
        assert clinic.patients.search(NAME)
    finally:
        clinic.close()


def test_passphrase_when_there_is_no_keyring(tmp_path: Path, no_keyring: None) -> None:
    asked: list[bool] = []

    def ask(new: bool) -> str | None:
        asked.append(new)
        return "correct horse battery"

    clinic = open_clinic(tmp_path, ask_passphrase=ask)
    _register(clinic)
    clinic.close()
    assert asked == [True]
    beside = (tmp_path / KEY_ID_FILE).read_text(encoding="utf-8")
    assert '"mode": "passphrase"' in beside and "correct horse" not in beside

    open_clinic(tmp_path, ask_passphrase=ask).close()
    assert asked == [True, False]
    with pytest.raises(WrongPassphrase, match="does not open"):
        open_clinic(tmp_path, ask_passphrase=lambda new: "wrong horse battery")
    with pytest.raises(KeyUnavailable, match="passphrase"):
        open_clinic(tmp_path, ask_passphrase=lambda new: None)


def test_new_passphrase_must_be_long_enough(tmp_path: Path, no_keyring: None) -> None:
    with pytest.raises(KeyUnavailable, match="12 characters"):
        open_clinic(tmp_path, ask_passphrase=lambda new: "short")
    assert (
        not (tmp_path / "vitalsdesk.sqlite3").exists()
        or (tmp_path / "vitalsdesk.sqlite3").stat().st_size == 0
    )


@pytest.mark.slow
def test_db_key_commands(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    first_admin_by_cli(tmp_path)
    shown = vd(tmp_path, "db", "key", "show")
    assert shown.returncode == 0, shown.stderr
    assert recovery_text(parse_key(os.environ[KEY_ENV])) in shown.stdout
    no_ring = {k: v for k, v in env.items() if k != KEY_ENV}
    no_ring["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    restored = subprocess.run(
        [sys.executable, "-m", "vitalsdesk", "db", "key", "restore", "--password-stdin"],
        env=no_ring,
        input=recovery_text(parse_key(os.environ[KEY_ENV])) + f"\n{TEST_PASSWORD}\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert restored.returncode == 1 and "keyring" in restored.stderr
    assert "Traceback" not in restored.stderr
