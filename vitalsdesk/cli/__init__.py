"""The `vitalsdesk` command: the desktop app by default, commands for scripted work.

One module per command group; each leaf command has one handler, set on its parser. Every
command that reads or writes patient data or staff accounts signs a staff member in
(vitalsdesk.cli.common.sign_in); `check` and `device` read and write no patient data and stay
open.
Imports stay inside the handlers so that `vitalsdesk check` never pays for Qt or the database.
The desktop app (no command, or `gui`) is dispatched before argparse and the command modules are
imported: they cost the sign-in page about 12 ms of CPU at every start.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from vitalsdesk.cli.common import (
        EXIT_FAILURE,
        EXIT_INVALID,
        EXIT_NEEDS_CONFIRMATION,
        EXIT_OK,
        read_json,
    )

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INVALID",
    "EXIT_NEEDS_CONFIRMATION",
    "EXIT_OK",
    "build_parser",
    "main",
    "read_json",
]

_COMMON = frozenset(
    {"EXIT_FAILURE", "EXIT_INVALID", "EXIT_NEEDS_CONFIRMATION", "EXIT_OK", "read_json"}
)


def __getattr__(name: str) -> Any:
    """The names re-exported from vitalsdesk.cli.common, imported when first asked for."""
    if name in _COMMON:
        from vitalsdesk.cli import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Asked of the top-level parser; anything else that starts with "-" is left to Qt (the app).
_OWN_OPTIONS = ("-h", "--help", "--version")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from vitalsdesk import __version__
    from vitalsdesk.cli import (
        audit,
        db,
        devices,
        exchange,
        handouts,
        outbox,
        patients,
        records,
        users,
    )

    parser = argparse.ArgumentParser(
        prog="vitalsdesk",
        description="VitalsDesk: record vital signs at the exam-room PC. With no command (or "
        "`gui`), starts the desktop app; Qt's own options such as -platform pass through to it.",
    )
    parser.add_argument("--version", action="version", version=f"VitalsDesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="start the desktop app (the default)", add_help=False)
    for group in (records, patients, users, handouts, exchange, db, audit, devices, outbox):
        group.register(commands)
    return parser


def _gui_arguments(argv: list[str]) -> list[str] | None:
    """The arguments for the desktop app when argv starts it (Qt's options pass through)."""
    if not argv:
        return []
    if argv[0] == "gui":
        return argv[1:]
    if argv[0].startswith("-") and argv[0] not in _OWN_OPTIONS:
        return argv
    return None


def _crash_hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The crash handler of vitalsdesk.logs, imported only when something does crash: the
    logging modules cost the first paint about 15 ms of CPU."""
    from vitalsdesk.logs import install_crash_handler

    install_crash_handler()
    sys.excepthook(kind, value, tb)


def start_gui(gui_args: list[str], on_ready: Callable[[str, Any], None] | None = None) -> int:
    """The desktop app, as `vitalsdesk` (no command) starts it. The log file is set up just
    after the first paint (nothing is logged before it); a crash before then still leaves its
    scrubbed report. on_ready: told "shown" and "clinic" (bench/bench_gui.py)."""
    from vitalsdesk.app import launch_gui

    sys.excepthook = _crash_hook

    def ready(stage: str, window: Any) -> None:
        if on_ready is not None:
            on_ready(stage, window)
        if stage == "shown":
            from vitalsdesk.logs import configure_logging

            # Not the crash handler here: while the window runs, the app's own hook shows the
            # MA a message and keeps going; _crash_hook is back in place once it ends.
            configure_logging()

    return launch_gui(gui_args, on_ready=ready)


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    gui_args = _gui_arguments(args_list)
    if gui_args is not None:
        return start_gui(gui_args)
    from vitalsdesk.cli.common import EXIT_FAILURE, EXIT_INVALID, CommandFailed, InputError
    from vitalsdesk.errors import ServiceError

    args = build_parser().parse_args(args_list)
    if args.command != "check":  # check is pure: no files of its own
        from vitalsdesk.logs import configure_logging, install_crash_handler

        configure_logging()
        install_crash_handler()
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"vitalsdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except CommandFailed as exc:
        print(f"vitalsdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except ServiceError as exc:  # e.g. a full disk or an unreachable server, mid-command
        print(f"vitalsdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
