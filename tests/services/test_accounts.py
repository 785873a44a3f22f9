from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import AuditEvent, StaffUser, utcnow
from vitalsdesk.services.accounts import MAX_FAILED_SIGN_INS
from vitalsdesk.services.errors import (
    AccountLocked,
    AlreadyExists,
    Forbidden,
    InvalidInput,
    SignInFailed,
)


def _actions(clinic: Clinic) -> list[str]:
    with clinic.db.transaction() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_first_admin_then_sign_in(clinic: Clinic) -> None:
    assert not clinic.accounts.has_users()
    admin = clinic.accounts.create_first_admin("Admin", "correct horse", "Clinic Admin")
    assert admin.role == "admin" and admin.username == "admin"
    assert clinic.accounts.has_users()
    with pytest.raises(AlreadyExists):
        clinic.accounts.create_first_admin("other", "correct horse", "Other")
    signed_in = clinic.accounts.sign_in("ADMIN ", "correct horse")
    assert signed_in.id == admin.id
    assert "sign_in" in _actions(clinic)


def test_password_is_stored_as_argon2_hash(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    with clinic.db.transaction() as s:
        stored = s.scalar(select(StaffUser.password_hash).where(StaffUser.username == "ma1"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "password-one" not in stored


def test_wrong_password_and_unknown_user_fail_alike(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    with pytest.raises(SignInFailed) as wrong:
        clinic.accounts.sign_in("ma1", "nope-nope")
    with pytest.raises(SignInFailed) as unknown:
        clinic.accounts.sign_in("ghost", "nope-nope")
    assert str(wrong.value) == str(unknown.value)
    assert _actions(clinic).count("sign_in_failed") == 2


def test_lockout_after_repeated_failures(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in("ma1", "wrong-password")
    with pytest.raises(AccountLocked):
        clinic.accounts.sign_in("ma1", "wrong-password")
    # Locked: even the right password is refused until the lock runs out.
    with pytest.raises(AccountLocked):
        clinic.accounts.sign_in("ma1", "password-one")
    later = utcnow() + timedelta(minutes=16)
    assert clinic.accounts.sign_in("ma1", "password-one", now=later).username == "ma1"
    actions = _actions(clinic)
    assert "account_locked" in actions and "sign_in_refused_locked" in actions


def test_only_admins_add_accounts(clinic: Clinic) -> None:
    admin = clinic.accounts.add_user("boss", "password-one", "admin")
    ma = clinic.accounts.add_user("ma1", "password-one", "assistant", actor=admin)
    with pytest.raises(Forbidden):
        clinic.accounts.add_user("ma2", "password-two", "assistant", actor=ma)
    with pytest.raises(AlreadyExists):
        clinic.accounts.add_user("MA1", "password-two", "assistant", actor=admin)


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("ok", "short", "assistant"),
        ("bad name!", "long enough", "assistant"),
        ("ok", "long enough", "janitor"),
    ],
)
def test_bad_account_input_is_refused_clearly(
    clinic: Clinic, username: str, password: str, role: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        add_staff(clinic, username, password, role)
    assert str(exc.value)


def test_reset_password_unlocks(clinic: Clinic) -> None:
    add_staff(clinic, "ma1", "password-one", "assistant")
    for _ in range(MAX_FAILED_SIGN_INS):
        with pytest.raises(SignInFailed):
            clinic.accounts.sign_in("ma1", "wrong-password")
    clinic.accounts.reset_password("ma1", "password-two", clinic_admin(clinic))
    assert clinic.accounts.sign_in("ma1", "password-two").username == "ma1"
    assert "password_reset" in _actions(clinic)


def test_preferences_are_kept_per_user(clinic: Clinic) -> None:
    ma = add_staff(clinic, "ma1", "password-one", "assistant")
    clinic.accounts.save_preferences(ma, {"temperature_unit": "[degF]"})
    clinic.accounts.save_preferences(ma, {"weight_unit": "kg"})
    assert clinic.accounts.preferences(ma) == {"temperature_unit": "[degF]", "weight_unit": "kg"}
