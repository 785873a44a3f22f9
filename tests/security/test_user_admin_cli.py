"""`vitalsdesk user deactivate|activate|unlock|role`: the Staff accounts page's actions at the
command line, through the same services: an administrator signs in, each action is audited, and
an assistant is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.staff import add_staff, cli_env, clinic_admin, vd
from vitalsdesk.clinic import open_clinic
from vitalsdesk.db.models import AuditEvent

pytestmark = pytest.mark.slow


def _actions(folder: Path) -> list[str]:
    clinic = open_clinic(folder)
    try:
        return clinic.db.read(lambda s: list(s.scalars(select(AuditEvent.action))))
    finally:
        clinic.close()


def test_account_actions_from_the_command_line(tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path)
    try:
        clinic_admin(clinic)
        add_staff(clinic, "ma1", "password-one", "assistant")
    finally:
        clinic.close()

    refused = vd(
        tmp_path,
        "user",
        "role",
        "ma1",
        "admin",
        user="ma1",
        password="password-one",
        env=cli_env(tmp_path, "ma1"),
    )
    assert refused.returncode == 1 and "needs admin" in refused.stderr

    for args, said in (
        (("role", "ma1", "clinician"), "ma1 is now clinician."),
        (("unlock", "ma1"), "ma1 is unlocked."),
        (("deactivate", "ma1"), "ma1 is turned off"),
        (("activate", "ma1"), "ma1 is turned on again"),
    ):
        done = vd(tmp_path, "user", *args)
        assert done.returncode == 0, done.stderr
        assert said in done.stdout
    missing = vd(tmp_path, "user", "unlock", "nobody-here")
    assert missing.returncode == 2 and "no account named nobody-here" in missing.stderr

    actions = _actions(tmp_path)
    for action in ("role_changed", "account_unlocked", "user_deactivated", "user_reactivated"):
        assert actions.count(action) == 1, action
    listed = vd(tmp_path, "user", "list")
    assert "ma1\tclinician" in listed.stdout
