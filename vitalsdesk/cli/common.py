"""What every command shares: exit statuses, errors, reading input, opening the clinic, and
signing a staff member in (docs/architecture.md, "The command line").

Imports of the heavy layers stay inside functions so that `vitalsdesk check` never pays for the
database and the GUI start never pays for what only a command needs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from vitalsdesk.vocabulary import ADMIN_ROLES, STAFF_ROLES

if TYPE_CHECKING:
    from vitalsdesk.clinic import Clinic
    from vitalsdesk.services.schemas import StaffUserOut

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
EXIT_NEEDS_CONFIRMATION = 3

USER_ENV = "VITALSDESK_USER"

ASSISTANT_OR_ABOVE = STAFF_ROLES
ADMIN = ADMIN_ROLES

T = TypeVar("T")


class InputError(Exception):
    """Input the command cannot use at all (missing file, not JSON): one line, exit 2."""


class CommandFailed(Exception):
    """The command could not do its work; one line for the user, exit 1."""


def _reject_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number JSON allows")


def parse_json(text: str, source: str) -> Any:
    """A JSON document, with every decimal kept exactly as written."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(f"{source}: not usable JSON: {exc}") from None


def read_json(path: str) -> Any:
    """A JSON document from a file or "-" (what is left of standard input)."""
    try:
        if path == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc.__class__.__name__}: {exc})") from None
    return parse_json(text, path)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def ask_passphrase(new: bool) -> str | None:
    """The clinic's database passphrase, typed at a terminal (no keyring on this PC)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    if not new:
        return getpass.getpass("Database passphrase: ")
    print(
        "This PC has no keyring to keep the database key. Choose a passphrase for this clinic's "
        "database (12 characters or more, hard to guess); it is asked at every start.",
        file=sys.stderr,
    )
    first = getpass.getpass("New database passphrase: ")
    return first if getpass.getpass("Type it again: ") == first else None


@contextmanager
def opened_clinic(
    upgrade: bool = True, passphrase: str | None = None, *, reader: bool = False
) -> Iterator[Clinic]:
    """The clinic of the settings (or VITALSDESK_DATABASE_URL), closed when the command ends.
    passphrase: already typed (it opens the key where there is no keyring). reader: the command
    only reads the records (open_clinic's `reader`)."""
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.clinical.growth import GrowthTableError
    from vitalsdesk.clinical.ranges import RangeTableError
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.settings import SettingsError

    try:
        ask = ask_passphrase if passphrase is None else (lambda new: None if new else passphrase)
        clinic = open_clinic(upgrade=upgrade, ask_passphrase=ask, reader=reader)
    except (DatabaseError, SettingsError, RangeTableError, GrowthTableError) as exc:
        raise CommandFailed(str(exc)) from None
    if clinic.read_only:
        print(
            "vitalsdesk: the database is read-only on this PC: nothing can be saved. Reading "
            "works, and each view is noted in the audit journal.",
            file=sys.stderr,
        )
    try:
        yield clinic
    finally:
        clinic.close()


def service_call(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A service's refusal as the command's: bad input exits 2, anything else 1."""
    from vitalsdesk.services.errors import InvalidInput, NotFound, ServiceError

    try:
        return call(*args, **kwargs)
    except (NotFound, InvalidInput) as exc:
        raise InputError(str(exc)) from None
    except ServiceError as exc:
        raise CommandFailed(str(exc)) from None


def read_line(prompt: str, *, confirm: bool = False) -> str:
    """A secret: typed at a terminal (twice with confirm), else one line of standard input."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise CommandFailed("The two entries are not the same.")
        return first
    line = stdin_line()
    if line is None:
        raise CommandFailed(f"Nothing on standard input for: {prompt.rstrip(': ')}.")
    return line


def stdin_line() -> str | None:
    """One line of standard input (None at its end), read from the byte stream like read_json,
    so a document that follows the line is left whole for it (no text-layer read-ahead)."""
    raw = sys.stdin.buffer.readline()
    if not raw:
        return None
    return raw.decode("utf-8").rstrip("\r\n")


@contextmanager
def progress_bar(what: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback (done, total) drawn as a bar on a terminal's stderr (tqdm), and silent
    when stderr is not a terminal, so scripts and logs stay clean."""
    from tqdm import tqdm

    with tqdm(desc=what, unit=f" {unit}", disable=not sys.stderr.isatty(), leave=False) as bar:

        def tick(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        yield tick


# --- signing in -------------------------------------------------------------------------------


def add_sign_in_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "signing in",
        "Commands that read or write patient data or staff accounts sign a staff member in, with "
        "the same password, lock-out and audit as the app. The password is typed at the prompt, "
        "or given as the first line of standard input with --password-stdin (never on the "
        "command line or in the environment).",
    )
    group.add_argument(
        "--user", metavar="NAME", help=f"the staff member's user name (default: ${USER_ENV})"
    )
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )


def sign_in(clinic: Clinic, args: argparse.Namespace, roles: tuple[str, ...]) -> StaffUserOut:
    """The staff member named by --user (or VITALSDESK_USER), signed in with their password.

    Same rules as the app's sign-in page (argon2id, lock-out after five wrong passwords, every
    try audited); then the command's roles. The services check the role again."""
    from vitalsdesk.services.errors import SignInFailed

    username = (getattr(args, "user", None) or os.environ.get(USER_ENV, "")).strip()
    if not username:
        raise InputError(f"sign in with --user NAME (or set {USER_ENV})")
    if getattr(args, "password_stdin", False):
        line = stdin_line()
        if line is None:
            raise InputError("--password-stdin: standard input is empty")
        password = line
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Password for {username}: ")
    else:
        raise InputError(
            "no password: type it at a terminal, or pass --password-stdin and give it as the "
            "first line of standard input"
        )
    try:
        user = clinic.accounts.sign_in(username, password)
    except SignInFailed as exc:
        raise CommandFailed(str(exc)) from None
    if user.role not in roles:
        raise CommandFailed(
            f"{user.username} is signed in as {user.role}; this command needs "
            + " or ".join(roles)
            + "."
        )
    return user
