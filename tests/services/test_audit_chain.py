from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.staff import cli_env
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.services.audit import verify_chain
from vitalsdesk.services.errors import SignInFailed


def _some_activity(clinic: Clinic) -> None:
    admin = clinic.accounts.add_user("boss", "password-one", "admin")
    clinic.accounts.add_user("ma1", "password-one", "assistant", actor=admin)
    clinic.accounts.sign_in("ma1", "password-one")
    for _ in range(2):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in("ma1", "wrong-password")


def _tamper(clinic: Clinic, statement: str) -> None:
    """What someone with the database file could do: switch the guard off and edit."""
    with clinic.db.transaction() as s:
        if clinic.db.is_sqlite:
            s.execute(text("DROP TRIGGER audit_event_no_update"))
            s.execute(text("DROP TRIGGER audit_event_no_delete"))
        else:
            s.execute(text("DROP TRIGGER audit_event_append_only ON audit_event"))
        s.execute(text(statement))


def test_chain_is_intact_after_work(clinic: Clinic) -> None:
    _some_activity(clinic)
    report = verify_chain(clinic.db)
    assert report.intact and report.events == 5


def test_changed_event_is_found(clinic: Clinic) -> None:
    _some_activity(clinic)
    _tamper(clinic, "UPDATE audit_event SET username = 'someone-else' WHERE seq = 3")
    report = verify_chain(clinic.db)
    assert report.broken_at == 3 and "changed" in report.problem


def test_removed_event_is_found(clinic: Clinic) -> None:
    _some_activity(clinic)
    _tamper(clinic, "DELETE FROM audit_event WHERE seq = 2")
    report = verify_chain(clinic.db)
    assert report.broken_at == 2 and "missing" in report.problem


def test_cut_at_the_end_is_found(clinic: Clinic) -> None:
    _some_activity(clinic)
    _tamper(clinic, "DELETE FROM audit_event WHERE seq = 5")
    report = verify_chain(clinic.db)
    assert report.broken_at == 5 and "removed" in report.problem


def test_rechained_forgery_is_found(clinic: Clinic) -> None:
    """Editing an event and recomputing its own hash still breaks the link to the next one."""
    _some_activity(clinic)
    _tamper(
        clinic,
        "UPDATE audit_event SET hash = CASE WHEN substr(hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END"
        " || substr(hash, 2) WHERE seq = 2",
    )
    report = verify_chain(clinic.db)
    assert report.broken_at == 2


@pytest.mark.slow
def test_audit_verify_command(tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path)
    _some_activity(clinic)
    env = cli_env(tmp_path, user="boss")
    command = [sys.executable, "-m", "vitalsdesk", "audit", "verify", "--password-stdin"]

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, input="password-one\n", env=env, capture_output=True, text=True, check=False
        )

    ok = verify()
    # The administrator's sign-in to run the command is the sixth event.
    assert ok.returncode == 0 and "intact: 6 events" in ok.stdout, ok.stderr
    _tamper(clinic, "UPDATE audit_event SET action = 'nothing' WHERE seq = 4")
    clinic.close()
    broken = verify()
    assert broken.returncode == 1
    assert "event 4" in broken.stderr and "Traceback" not in broken.stderr
