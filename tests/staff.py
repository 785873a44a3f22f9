"""Staff accounts for tests, added the way the clinic adds them: by a signed-in administrator.

No use case runs without a signed-in actor, so a test that needs an assistant first gets the
clinic's first account (an administrator, "test-admin") and adds the others as that admin."""

from __future__ import annotations

from typing import Any

from vitalsdesk.services.schemas import StaffUserOut

TEST_ADMIN = "test-admin"
TEST_PASSWORD = "password-admin"


def clinic_admin(clinic: Any) -> StaffUserOut:
    """The clinic's administrator, signed in (created as the first account when there is none)."""
    if not clinic.accounts.has_users():
        clinic.accounts.add_user(TEST_ADMIN, TEST_PASSWORD, "admin", "Test Admin")
    return clinic.accounts.sign_in(TEST_ADMIN, TEST_PASSWORD)


def add_staff(
    clinic: Any, username: str, password: str, role: str, display_name: str = ""
) -> StaffUserOut:
    """A staff account added by the clinic's administrator."""
    result: StaffUserOut = clinic.accounts.add_user(
        username, password, role, display_name, clinic_admin(clinic)
    )
    return result


def cli_env(data_dir: Any, user: str | None = TEST_ADMIN, **extra: str) -> dict[str, str]:
    import os

    env = {**os.environ, "VITALSDESK_DATA_DIR": str(data_dir), **extra}
    env.pop("VITALSDESK_USER", None)
    if user is not None:
        env["VITALSDESK_USER"] = user
    return env


def vd(
    data_dir: Any,
    *args: str,
    stdin: str = "",
    user: str | None = TEST_ADMIN,
    password: str = TEST_PASSWORD,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Any:
    """`python -m vitalsdesk ARGS` on data_dir, signed in as `user` (None: no sign-in) with
    --password-stdin: the password is the first line of standard input, `stdin` the rest."""
    import subprocess
    import sys

    if user is not None:
        args = (*args, "--password-stdin")
        stdin = f"{password}\n{stdin}"
    return subprocess.run(
        [sys.executable, "-m", "vitalsdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env if env is not None else cli_env(data_dir, user),
        check=False,
        timeout=timeout,
    )


def first_admin_by_cli(data_dir: Any, env: dict[str, str] | None = None) -> None:
    """The clinic's first account (test-admin), added the one way that needs no sign-in."""
    done = vd(
        data_dir,
        "user",
        "add",
        TEST_ADMIN,
        "--role",
        "admin",
        stdin=f"{TEST_PASSWORD}\n",
        user=None,
        env=env,
    )
    assert done.returncode == 0, done.stderr
