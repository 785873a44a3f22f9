"""The command line keeps the app's promises: nobody acts without signing in, roles as in the
app, and the sample clinic never mixes with real records (red-team findings, one test each)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.staff import TEST_ADMIN, TEST_PASSWORD, add_staff, cli_env, clinic_admin, vd
from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.services.schemas import PatientIn

pytestmark = pytest.mark.slow


@pytest.fixture
def clinic_dir(tmp_path: Path) -> Path:
    """A clinic with an administrator (test-admin), an assistant (ma1) and one patient."""
    clinic = open_clinic(tmp_path)
    try:
        admin = clinic_admin(clinic)
        add_staff(clinic, "ma1", "password-one", "assistant")
        clinic.patients.register(
            PatientIn(
                mrn="S1",
                family_name="Secure",
                given_name="Sam",
                birth_date=date(1980, 6, 15),
                sex=AdministrativeSex.FEMALE,
            ),
            admin,
        )
    finally:
        clinic.close()
    return tmp_path


def _actions(folder: Path, env: dict[str, str] | None = None) -> list[str]:
    if env is not None:  # a clinic opened with another key than the test run's
        import subprocess
        import sys

        script = (
            "import json, sys\n"
            "from sqlalchemy import select\n"
            "from vitalsdesk.clinic import open_clinic\n"
            "from vitalsdesk.db.models import AuditEvent\n"
            "c = open_clinic(__import__('pathlib').Path(sys.argv[1]))\n"
            "with c.db.transaction() as s:\n"
            "    print(json.dumps(list(s.scalars(select(AuditEvent.action)))))\n"
            "c.close()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(folder)],
            env=env, capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        actions: list[str] = json.loads(done.stdout)
        return actions
    clinic = open_clinic(folder)
    try:
        with clinic.db.transaction() as s:
            return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    finally:
        clinic.close()


@pytest.mark.parametrize(
    "args",
    [
        ["user", "add", "mallory", "--role", "admin"],
        ["user", "reset-password", TEST_ADMIN],
        ["user", "list"],
        ["export", "csv", "--out", "everything.csv"],
        ["export", "fhir", "--out", "everything.json"],
        ["db", "key", "show"],
        ["db", "backup"],
        ["audit", "verify"],
        ["patient", "find", "secure"],
        ["record", "--mrn", "S1", "-"],
    ],
)
def test_no_command_that_touches_records_or_accounts_runs_without_a_sign_in(
    clinic_dir: Path, args: list[str]
) -> None:
    done = vd(clinic_dir, *args, stdin="mallory-password\n", user=None)
    assert done.returncode == 2, done.stdout
    assert "sign in with --user" in done.stderr and "Traceback" not in done.stderr
    assert "mallory" not in json.dumps(_actions(clinic_dir)) and not list(
        clinic_dir.glob("everything.*")
    )


def test_a_wrong_password_is_refused_audited_and_counts_toward_the_lock_out(
    clinic_dir: Path,
) -> None:
    for _ in range(5):
        wrong = vd(clinic_dir, "patient", "find", "secure", user="ma1", password="not-it")
        assert wrong.returncode == 1 and ("not right" in wrong.stderr or "locked" in wrong.stderr)
    locked = vd(clinic_dir, "patient", "find", "secure", user="ma1", password="password-one")
    assert locked.returncode == 1 and "locked" in locked.stderr
    actions = _actions(clinic_dir)
    assert actions.count("sign_in_failed") == 5 and "account_locked" in actions


@pytest.mark.parametrize(
    "args",
    [
        ["user", "add", "mallory", "--role", "admin"],
        ["export", "csv", "--out", "everything.csv"],
        ["db", "key", "show"],
        ["audit", "verify"],
    ],
)
def test_an_assistant_may_not_do_an_administrators_work(clinic_dir: Path, args: list[str]) -> None:
    done = vd(clinic_dir, *args, stdin="mallory-password\n", user="ma1", password="password-one")
    assert done.returncode == 1 and "needs admin" in done.stderr
    assert not list(clinic_dir.glob("everything.*"))


def test_an_assistant_records_and_finds_as_in_the_app(clinic_dir: Path) -> None:
    found = vd(
        clinic_dir, "patient", "find", "secure", "--json", user="ma1", password="password-one"
    )
    assert found.returncode == 0, found.stderr
    assert [p["mrn"] for p in json.loads(found.stdout)] == ["S1"]
    # Listing a patient shows their details: audited as a view, by who signed in.
    assert _actions(clinic_dir)[-1] == "patient_viewed"


def test_db_key_show_needs_an_administrator_and_is_audited(clinic_dir: Path) -> None:
    shown = vd(clinic_dir, "db", "key", "show")
    assert shown.returncode == 0, shown.stderr
    assert _actions(clinic_dir)[-1] == "db_key_shown"


def test_the_first_account_needs_no_sign_in_only_in_an_empty_clinic(tmp_path: Path) -> None:
    not_admin = vd(
        tmp_path, "user", "add", "ana", "--role", "assistant", stdin="pw-long-enough\n", user=None
    )
    assert not_admin.returncode == 1 and "first one must be an admin" in not_admin.stderr
    first = vd(
        tmp_path, "user", "add", "boss", "--role", "admin", stdin="pw-long-enough\n", user=None
    )
    assert first.returncode == 0, first.stderr
    second = vd(
        tmp_path, "user", "add", "eve", "--role", "admin", stdin="pw-long-enough\n", user=None
    )
    assert second.returncode == 2 and "sign in" in second.stderr


def test_demo_refuses_a_clinic_with_a_real_account_even_without_patients(tmp_path: Path) -> None:
    first = vd(
        tmp_path, "user", "add", "boss", "--role", "admin", stdin="pw-long-enough\n", user=None
    )
    assert first.returncode == 0, first.stderr
    refused = vd(tmp_path, "demo", "--patients", "2", user=None)
    assert refused.returncode == 1 and "real staff" in refused.stderr
    assert "--force" not in vd(tmp_path, "demo", "--help", user=None).stdout


def test_demo_refuses_a_real_admin_account_that_shares_the_sample_name(tmp_path: Path) -> None:
    made = vd(
        tmp_path, "user", "add", "admin", "--role", "admin", stdin="real-password\n", user=None
    )
    assert made.returncode == 0, made.stderr
    refused = vd(tmp_path, "demo", "--patients", "2", user=None)
    assert refused.returncode == 1 and "not a sample clinic" in refused.stderr


def test_no_password_in_the_environment_is_used(clinic_dir: Path) -> None:
    env = cli_env(clinic_dir, user=TEST_ADMIN, VITALSDESK_PASSWORD=TEST_PASSWORD)
    done = vd(clinic_dir, "user", "list", user=None, env=env)
    assert done.returncode == 2 and "no password" in done.stderr


def test_the_passphrase_is_changed_from_the_command_line_without_re_encrypting(
    tmp_path: Path,
) -> None:
    """A PC with no keyring: the clinic's passphrase wraps the key; an administrator changes it,
    and from then on only the new one opens the records."""
    old, new = "orange-kettle-sunrise-41", "purple-lantern-harbor-73"
    base = cli_env(tmp_path, user=None, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    base.pop("VITALSDESK_DB_KEY", None)
    first = vd(
        tmp_path,
        "user", "add", TEST_ADMIN, "--role", "admin",
        stdin=f"{TEST_PASSWORD}\n", user=None, env={**base, "VITALSDESK_DB_PASSPHRASE": old},
    )  # fmt: skip
    assert first.returncode == 0, first.stderr

    def recovery_key(passphrase: str) -> str:
        env = {**base, "VITALSDESK_DB_PASSPHRASE": passphrase, "VITALSDESK_USER": TEST_ADMIN}
        shown = vd(tmp_path, "db", "key", "show", env=env)
        assert shown.returncode == 0, shown.stderr
        return str(shown.stdout.strip().splitlines()[-1])

    before = recovery_key(old)
    changed = vd(
        tmp_path,
        "db", "passphrase", "change", "--password-stdin",
        stdin=f"{old}\n{TEST_PASSWORD}\n{new}\n",
        user=None, env={**base, "VITALSDESK_USER": TEST_ADMIN},
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert recovery_key(new) == before  # the same database key: nothing was re-encrypted

    def user_list(passphrase: str) -> Any:
        env = {**base, "VITALSDESK_DB_PASSPHRASE": passphrase, "VITALSDESK_USER": TEST_ADMIN}
        return vd(tmp_path, "user", "list", env=env)

    assert user_list(new).returncode == 0
    refused = user_list(old)
    assert refused.returncode == 1 and "passphrase" in refused.stderr.lower()
    assert (
        _actions(tmp_path, {**base, "VITALSDESK_DB_PASSPHRASE": new}).count("db_passphrase_changed")
        == 1
    )
