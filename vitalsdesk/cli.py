"""The `vitalsdesk` command: the desktop app by default, subcommands for scripted work.

Imports stay inside the commands so that `vitalsdesk check` never pays for Qt and the GUI start
never pays for what only a subcommand needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from vitalsdesk import __version__

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
EXIT_NEEDS_CONFIRMATION = 3


class InputError(Exception):
    """Input the command cannot use at all (missing file, not JSON): one line, exit 2."""


def _reject_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number JSON allows")


def read_json(path: str) -> Any:
    """A JSON document from a file or "-" (stdin), with every decimal kept exactly as written."""
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
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"{path}: not valid JSON: nested too deeply") from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def cmd_check(args: argparse.Namespace) -> int:
    from vitalsdesk.clinical.assessment import check_document
    from vitalsdesk.clinical.ranges import RangeTableError
    from vitalsdesk.reference_ranges import load_reference_ranges

    try:
        table = load_reference_ranges()
    except RangeTableError as exc:
        raise InputError(f"reference ranges: {exc}") from None
    document = read_json(args.file)
    result = check_document(document, table)
    _print_json(result.to_json())
    if result.status == "rejected":
        first = result.errors[0]
        more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
        print(f"vitalsdesk check: rejected: {first.field}: {first.message}{more}", file=sys.stderr)
        return EXIT_INVALID
    if result.status == "needs_confirmation":
        return EXIT_NEEDS_CONFIRMATION
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vitalsdesk",
        description="VitalsDesk: record vital signs at the exam-room PC. "
        "With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"VitalsDesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("gui", help="start the desktop app (the default)")

    check = commands.add_parser(
        "check",
        help="validate and assess one vital-sign set (JSON) without saving it",
        description="Validate and assess one vital-sign set without saving it. Prints one JSON "
        "object. Exit status: 0 accepted, 3 needs confirmation, 2 rejected or unusable input.",
    )
    check.add_argument(
        "file", metavar="FILE", help='the JSON document, or "-" to read standard input'
    )
    check.set_defaults(handler=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command in (None, "gui"):
        from vitalsdesk.app import launch_gui

        return launch_gui(args_list)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"vitalsdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_INVALID
