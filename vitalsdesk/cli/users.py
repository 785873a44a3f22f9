"""`vitalsdesk user add|reset-password|list|deactivate|activate|unlock|role`: staff accounts, by a
signed-in administrator (the same services as the app's Staff accounts page).

The one exception is the clinic's first account: while the database has no staff account at
all, `user add NAME --role admin` needs no sign-in (there is nobody to sign in as)."""

from __future__ import annotations

import argparse
from typing import Any

from vitalsdesk.cli.common import (
    ADMIN,
    EXIT_OK,
    CommandFailed,
    add_sign_in_options,
    opened_clinic,
    read_line,
    service_call,
    sign_in,
)


def cmd_user_add(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        if clinic.accounts.has_users():
            actor = sign_in(clinic, args, ADMIN)
            password = read_line(f"Password for {args.username}: ", confirm=True)
            user = service_call(
                clinic.accounts.add_user,
                args.username,
                password,
                args.role,
                args.display_name or "",
                actor,
            )
        else:
            if args.role != "admin":
                raise CommandFailed(
                    "The clinic has no staff account yet: the first one must be an admin "
                    "(--role admin), who then adds the others."
                )
            password = read_line(f"Password for {args.username}: ", confirm=True)
            user = service_call(
                clinic.accounts.create_first_admin, args.username, password, args.display_name
            )
    print(f"Added {user.username} ({user.role}).")
    return EXIT_OK


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        actor = sign_in(clinic, args, ADMIN)
        password = read_line(f"New password for {args.username}: ", confirm=True)
        service_call(clinic.accounts.reset_password, args.username, password, actor)
    print(f"Password changed for {args.username.strip().lower()}.")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        sign_in(clinic, args, ADMIN)
        users = service_call(clinic.accounts.list_users)
    for user in users:
        print(f"{user.username}\t{user.role}\t{user.display_name}")
    return EXIT_OK


def _administer(args: argparse.Namespace, done: str) -> int:
    """One of the account actions the app's Staff accounts page has, by a signed-in admin."""
    with opened_clinic() as clinic:
        actor = sign_in(clinic, args, ADMIN)
        action = {
            "deactivate": clinic.accounts.deactivate,
            "activate": clinic.accounts.reactivate,
            "unlock": clinic.accounts.unlock,
        }.get(args.user_command)
        if action is not None:
            service_call(action, args.username, actor)
        else:
            service_call(clinic.accounts.change_role, args.username, args.role, actor)
    print(done.format(name=args.username.strip().lower(), role=getattr(args, "role", "")))
    return EXIT_OK


def cmd_user_deactivate(args: argparse.Namespace) -> int:
    return _administer(args, "{name} is turned off and can no longer sign in.")


def cmd_user_activate(args: argparse.Namespace) -> int:
    return _administer(args, "{name} is turned on again and can sign in.")


def cmd_user_unlock(args: argparse.Namespace) -> int:
    return _administer(args, "{name} is unlocked.")


def cmd_user_role(args: argparse.Namespace) -> int:
    return _administer(args, "{name} is now {role}.")


def register(commands: Any) -> None:
    from vitalsdesk.services.schemas import ROLES

    user = commands.add_parser(
        "user",
        help="manage staff accounts (an administrator signs in)",
        description="Manage staff accounts. An administrator signs in (--user); new passwords "
        "are typed twice at a terminal, or read from standard input after the administrator's "
        "own (--password-stdin: first line the administrator's password, next line the new "
        "one). While the clinic has no account at all, `user add NAME --role admin` needs no "
        "sign-in.",
    )
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a staff account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default="")
    add_sign_in_options(add)
    add.set_defaults(handler=cmd_user_add)
    reset = actions.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    add_sign_in_options(reset)
    reset.set_defaults(handler=cmd_user_reset_password)
    listing = actions.add_parser("list", help="list the staff accounts")
    add_sign_in_options(listing)
    listing.set_defaults(handler=cmd_user_list)
    for name, handler, text in (
        ("deactivate", cmd_user_deactivate, "turn an account off: it can no longer sign in"),
        ("activate", cmd_user_activate, "turn an account on again"),
        ("unlock", cmd_user_unlock, "end a lock-out after too many wrong passwords"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("username")
        add_sign_in_options(action)
        action.set_defaults(handler=handler)
    role = actions.add_parser("role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    add_sign_in_options(role)
    role.set_defaults(handler=cmd_user_role)
