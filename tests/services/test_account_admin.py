"""Staff account administration (issue 13): an administrator adds, turns off and on, unlocks,
resets and changes the role of an account; each action is audited; nobody else may, whatever
the screen shows; an administrator cannot turn off or demote their own account, so the clinic
always keeps one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.services.accounts import MAX_FAILED_SIGN_INS
from vitalsdesk.services.errors import (
    AccountLocked,
    Forbidden,
    InvalidInput,
    NotFound,
    SignInFailed,
)


def _events(clinic: Clinic, action: str) -> list[AuditEvent]:
    return clinic.db.read(
        lambda s: list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))
    )


def _lock_out(clinic: Clinic, username: str) -> None:
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in(username, "not-the-password")
    with pytest.raises(AccountLocked):
        clinic.accounts.sign_in(username, "not-the-password")


def test_an_admin_administers_accounts_and_each_action_is_audited(clinic: Clinic) -> None:
    admin = clinic_admin(clinic)
    ma = add_staff(clinic, "ma1", "password-one", "assistant")

    _lock_out(clinic, "ma1")
    [listed] = [a for a in clinic.accounts.staff_accounts(admin) if a.username == "ma1"]
    assert listed.locked_until is not None and listed.active
    clinic.accounts.unlock("ma1", admin)
    assert clinic.accounts.sign_in("ma1", "password-one").id == ma.id

    clinic.accounts.change_role("ma1", "clinician", admin)
    assert clinic.accounts.sign_in("ma1", "password-one").role == "clinician"

    clinic.accounts.reset_password("ma1", "password-two", admin)
    with pytest.raises(SignInFailed):
        clinic.accounts.sign_in("ma1", "password-one")

    clinic.accounts.deactivate("ma1", admin)
    with pytest.raises(SignInFailed):
        clinic.accounts.sign_in("ma1", "password-two")
    assert not next(a for a in clinic.accounts.staff_accounts(admin) if a.username == "ma1").active
    clinic.accounts.reactivate("ma1", admin)
    assert clinic.accounts.sign_in("ma1", "password-two").id == ma.id

    for action in (
        "account_unlocked",
        "role_changed",
        "password_reset",
        "user_deactivated",
        "user_reactivated",
    ):
        [event] = _events(clinic, action)
        assert (event.user_id, event.entity, event.entity_id) == (admin.id, "staff_user", ma.id)
    [changed] = _events(clinic, "role_changed")
    assert changed.detail == {"before": "assistant", "after": "clinician"}
    assert clinic.audit_log.verify(admin).intact


def test_no_one_but_an_admin_may_administer_accounts(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    clinician = add_staff(clinic, "doc1", "password-doc", "clinician")
    before = len(_events(clinic, "role_changed"))
    for attempt in (
        lambda: clinic.accounts.staff_accounts(clinician),
        lambda: clinic.accounts.deactivate("ma1", clinician),
        lambda: clinic.accounts.reactivate("ma1", clinician),
        lambda: clinic.accounts.unlock("ma1", clinician),
        lambda: clinic.accounts.change_role("doc1", "admin", clinician),
        lambda: clinic.accounts.reset_password("ma1", "password-new", clinician),
        lambda: clinic.accounts.add_user("ma2", "password-two", "admin", "", clinician),
    ):
        with pytest.raises(Forbidden):
            attempt()
    assert clinic.accounts.sign_in("doc1", "password-doc").role == "clinician"
    assert len(_events(clinic, "role_changed")) == before


def test_the_clinic_never_loses_its_last_administrator(clinic: Clinic) -> None:
    admin = clinic_admin(clinic)
    with pytest.raises(InvalidInput, match="own account"):
        clinic.accounts.deactivate(admin.username, admin)
    with pytest.raises(InvalidInput, match="own role"):
        clinic.accounts.change_role(admin.username, "assistant", admin)
    second = add_staff(clinic, "admin2", "password-two", "admin")
    clinic.accounts.change_role(admin.username, "assistant", second)  # another admin may
    with pytest.raises(Forbidden):  # and from then on the first one is no administrator
        clinic.accounts.deactivate("admin2", admin)
    with pytest.raises(NotFound):
        clinic.accounts.unlock("nobody-here", second)
