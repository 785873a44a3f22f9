"""`vitalsdesk audit key show` and `audit key import`, end to end through the command line: the
key of a clinic whose database has no key of its own (encryption off, or a server) is shown only
to a signed-in administrator, and a second PC on the same database can write the audit log only
once the right key is imported there; each step is audited."""

from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.staff import TEST_ADMIN, TEST_PASSWORD, add_staff, cli_env, clinic_admin, vd
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.paths import DataFolder

pytestmark = pytest.mark.slow

NO_ENV_KEYS = ("VITALSDESK_DB_KEY", "VITALSDESK_AUDIT_KEY")


@pytest.fixture
def first_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic with encryption off: its audit key is a file in the data folder."""
    for name in NO_ENV_KEYS:
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "pc1"
    folder.mkdir(mode=0o700)
    DataFolder(folder).settings.write_text("encrypt_database = false\n", encoding="utf-8")
    clinic = open_clinic(folder)
    try:
        clinic_admin(clinic)
        add_staff(clinic, "ma1", "password-one", "assistant")
    finally:
        clinic.close()
    assert DataFolder(folder).audit_key.exists()
    return folder


def _env(folder: Path, user: str | None = TEST_ADMIN, **extra: str) -> dict[str, str]:
    env = cli_env(folder, user, **extra)
    for name in NO_ENV_KEYS:
        env.pop(name, None)
    return env


def _actions(folder: Path) -> list[str]:
    clinic = open_clinic(folder)
    try:
        return clinic.db.read(lambda s: list(s.scalars(select(AuditEvent.action))))
    finally:
        clinic.close()


def _shown_key(text: str) -> str:
    keys = re.findall(r"^[0-9a-f]{64}$", text, flags=re.MULTILINE)
    assert len(keys) == 1, text
    return keys[0]


def test_audit_key_show_is_for_a_signed_in_admin_and_is_audited(first_pc: Path) -> None:
    shown = vd(first_pc, "audit", "key", "show", env=_env(first_pc))
    assert shown.returncode == 0, shown.stderr
    key = _shown_key(shown.stdout)
    assert key == DataFolder(first_pc).audit_key.read_text(encoding="ascii").strip()
    assert _actions(first_pc).count("audit_key_shown") == 1

    assistant = vd(
        first_pc,
        "audit",
        "key",
        "show",
        user="ma1",
        password="password-one",
        env=_env(first_pc, "ma1"),
    )
    assert assistant.returncode == 1 and key not in assistant.stdout + assistant.stderr
    assert "needs admin" in assistant.stderr
    nobody = vd(first_pc, "audit", "key", "show", user=None, env=_env(first_pc, None))
    assert nobody.returncode == 2 and key not in nobody.stdout
    wrong = vd(first_pc, "audit", "key", "show", password="not-it", env=_env(first_pc))
    assert wrong.returncode == 1 and key not in wrong.stdout
    assert _actions(first_pc).count("audit_key_shown") == 1  # only the admin's


def test_a_second_pc_writes_the_log_only_with_the_imported_key(
    first_pc: Path, tmp_path: Path
) -> None:
    key = _shown_key(vd(first_pc, "audit", "key", "show", env=_env(first_pc)).stdout)
    second = tmp_path / "pc2"
    second.mkdir(mode=0o700)
    shared = f"sqlite:///{DataFolder(first_pc).database}"
    env = _env(second, None, VITALSDESK_DATABASE_URL=shared)
    DataFolder(second).settings.write_text("encrypt_database = false\n", encoding="utf-8")

    def import_key(text: str) -> subprocess.CompletedProcess[str]:
        done: subprocess.CompletedProcess[str] = vd(
            second,
            "audit",
            "key",
            "import",
            "--user",
            TEST_ADMIN,
            "--password-stdin",
            stdin=f"{text}\n{TEST_PASSWORD}\n",
            user=None,
            env=env,
        )
        return done

    before = vd(second, "audit", "verify", env={**env, "VITALSDESK_USER": TEST_ADMIN})
    assert before.returncode == 1 and "audit key" in before.stderr  # its sign-in is not audited

    wrong = import_key(secrets.token_hex(32))
    assert wrong.returncode == 1
    assert "not the one this clinic's log" in wrong.stderr
    not_a_key = import_key("not a key")
    assert not_a_key.returncode == 1
    assert "64 hexadecimal digits" in not_a_key.stderr

    right = import_key(key.upper())  # as copied, in any case
    assert right.returncode == 0, right.stderr
    assert DataFolder(second).audit_key.read_text(encoding="ascii").strip() == key
    assert oct(DataFolder(second).audit_key.stat().st_mode & 0o777) == "0o600"

    verified = vd(second, "audit", "verify", env={**env, "VITALSDESK_USER": TEST_ADMIN})
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout
    actions = _actions(first_pc)
    assert actions.count("audit_key_imported") == 1  # the right key's import, not the wrong one
