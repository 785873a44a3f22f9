"""A shared exam-room PC: the machine-wide settings file names the clinic's data folder (over each
OS account's own) and the database key file; in that shared (setgid) folder every file VitalsDesk
makes is the clinic group's (docs/deploy.md). The two-account run is in tests/test_bundle.py."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.db.test_encryption import MemoryKeyring
from vitalsdesk import paths
from vitalsdesk.cli import main
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.encryption import KeyUnavailable, opens_with
from vitalsdesk.settings import MachineSettingsError, load_machine_settings

KEY_HEX = "3c" * 32


@pytest.fixture
def machine_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "etc" / "settings.toml"
    path.parent.mkdir()
    monkeypatch.setenv(paths.MACHINE_SETTINGS_ENV, str(path))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    # The account's own folders (platformdirs), kept inside the test's folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "own-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "own-state"))
    return path


def shared_folder(path: Path) -> Path:
    """A folder as setup-clinic-pc.sh leaves it (setgid, 2770)."""
    path.mkdir()
    path.chmod(0o2770)
    return path


def test_the_machine_file_names_the_data_folder_over_the_accounts_own(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic = tmp_path / "clinic"
    machine_file.write_text(f'data_folder = "{clinic}"\n', encoding="utf-8")
    assert paths.data_dir() == clinic
    own = tmp_path / "own"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(own))  # an explicit folder for this process wins
    assert paths.data_dir() == own


def test_no_machine_file_keeps_the_accounts_own_folder(machine_file: Path) -> None:
    assert load_machine_settings() is None
    assert paths.data_dir().name == paths.APP_NAME


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('data_folder = "relative/clinic"\n', "must be a full path"),
        ('data_folder = "/srv/clinic"\ncolour = "blue"\n', "colour"),
        ("data_folder = \n", "not valid TOML"),
        ('key_file = "/etc/key"\n', "data_folder"),
    ],
)
def test_a_bad_machine_file_stops_every_door_with_its_name(
    machine_file: Path, text: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    machine_file.write_text(text, encoding="utf-8")
    with pytest.raises(MachineSettingsError) as caught:
        paths.data_dir()
    assert str(machine_file) in str(caught.value) and says in str(caught.value)
    # The command line says it in one line and exits 1 (never a private folder instead).
    assert main(["patient", "find", "--user", "x", "Smith"]) == 1
    err = capsys.readouterr().err
    assert str(machine_file) in err and "Traceback" not in err


def test_the_key_file_opens_a_shared_clinic_whose_files_are_the_groups(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VITALSDESK_DB_KEY")
    clinic = shared_folder(tmp_path / "clinic")
    key_file = tmp_path / "etc" / "database.key"
    key_file.write_text(KEY_HEX + "\n", encoding="ascii")
    machine_file.write_text(f'data_folder = "{clinic}"\nkey_file = "{key_file}"\n', "utf-8")
    old_umask = os.umask(0o022)  # a usual login umask: the clinic's files must still be 0660
    try:
        opened = open_clinic()
        opened.close()
    finally:
        os.umask(old_umask)
    folder = paths.DataFolder(clinic)
    assert opens_with(folder.database, bytes.fromhex(KEY_HEX))
    assert not folder.key_id.exists()  # the key is the machine's, not this account's
    for made in (folder.database, folder.witness):
        assert stat.S_IMODE(made.stat().st_mode) == 0o660, made


def test_a_missing_key_file_says_which_file(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VITALSDESK_DB_KEY")
    clinic = shared_folder(tmp_path / "clinic")
    key_file = tmp_path / "etc" / "database.key"
    machine_file.write_text(f'data_folder = "{clinic}"\nkey_file = "{key_file}"\n', "utf-8")
    with pytest.raises(KeyUnavailable, match="clinic's group") as caught:
        open_clinic()
    assert str(key_file) in str(caught.value)
    assert not paths.DataFolder(clinic).database.exists()


def test_a_private_folder_keeps_private_modes(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    shared = shared_folder(tmp_path / "shared")
    assert (paths.file_mode(private), paths.folder_mode(private)) == (0o600, 0o700)
    assert (paths.file_mode(shared), paths.folder_mode(shared)) == (0o660, 0o2770)


@pytest.fixture
def account_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A keyring of this OS account's own (as a desktop session has)."""
    monkeypatch.delenv("VITALSDESK_DB_KEY")
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.parametrize("setgid", [True, False], ids=["setgid folder", "named folder only"])
def test_without_a_key_file_a_shared_clinic_keeps_its_key_under_the_passphrase_not_one_keyring(
    machine_file: Path, tmp_path: Path, account_keyring: MemoryKeyring, setgid: bool
) -> None:
    """The first account to open a shared clinic must not put the key in its own keyring: the
    clinic's other accounts could never open the records. The folder the machine-wide settings
    name is shared even without the setgid bit (Windows has none: an ACL shares it there)."""
    clinic = shared_folder(tmp_path / "clinic") if setgid else tmp_path / "clinic"
    machine_file.write_text(f'data_folder = "{clinic}"\n', encoding="utf-8")
    old_umask = os.umask(0o022)
    try:
        open_clinic(ask_passphrase=lambda new: "lamp river pocket seven orange").close()
    finally:
        os.umask(old_umask)
    assert account_keyring.items == {}
    key_file = paths.DataFolder(clinic).key_id
    assert json.loads(key_file.read_text(encoding="utf-8"))["mode"] == "passphrase"
    assert stat.S_IMODE(key_file.stat().st_mode) == (0o660 if setgid else 0o600)
