"""`vitalsdesk audit verify`: check the audit log's hash chain (an administrator signs in)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vitalsdesk.cli.common import (
    ADMIN,
    EXIT_FAILURE,
    EXIT_OK,
    add_sign_in_options,
    opened_clinic,
    sign_in,
)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from vitalsdesk.services.audit import verify_chain

    with opened_clinic() as clinic:
        sign_in(clinic, args, ADMIN)
        report = verify_chain(clinic.db)
    if report.intact:
        print(f"The audit log is intact: {report.events} events, every link checked.")
        return EXIT_OK
    print(f"The audit log was tampered with: {report.problem}.", file=sys.stderr)
    return EXIT_FAILURE


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="check the audit log (an administrator signs in)")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check every link of the audit log's hash chain; report the first broken one"
    )
    add_sign_in_options(verify)
    verify.set_defaults(handler=cmd_audit_verify)
