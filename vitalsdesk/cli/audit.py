"""`vitalsdesk audit verify`: check the audit log's hash chain (an administrator signs in)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vitalsdesk.cli.common import (
    ADMIN,
    EXIT_FAILURE,
    EXIT_OK,
    CommandFailed,
    add_sign_in_options,
    opened_clinic,
    plural,
    progress_bar,
    read_line,
    service_call,
    sign_in,
)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Reads only (a snapshot): the rooms go on saving while it runs."""
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        with progress_bar("Checking the audit log", "events") as tick:
            report = service_call(clinic.audit_log.verify, user, tick)
    if report.intact:
        witnessed = (
            f"; its head matches {plural(report.witnessed, 'note')} kept outside the database"
            if report.witnessed
            else ""
        )
        print(f"The audit log is intact: {report.events} events, every link checked{witnessed}.")
        _print_journal(report.journal_entries, report.journal_pending)
        return EXIT_OK
    _print_journal(report.journal_entries, report.journal_pending)
    print("The audit log was tampered with:", file=sys.stderr)
    for problem in report.problems or (report.problem,):
        print(f"  {problem}", file=sys.stderr)
    return EXIT_FAILURE


def _print_journal(merged: int, waiting: int) -> None:
    """The events of read-only spells: merged into the log, and still waiting in a journal."""
    if merged:
        print(f"{plural(merged, 'event')} came from the journal of a read-only database.")
    if waiting:
        print(
            f"{plural(waiting, 'event')} wait in the audit journal: they are added to the log "
            "when the database can be written again."
        )


def cmd_audit_key_show(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        text = service_call(clinic.audit_log.audit_key_text, user)
    if text is None:
        raise CommandFailed("This PC has no audit key to show.")
    print("The clinic's audit key. Copy it to every PC that records into the same database")
    print("server (`vitalsdesk audit key import` there); keep it as safe as the database key.")
    print(text)
    return EXIT_OK


def cmd_audit_key_import(args: argparse.Namespace) -> int:
    """A room PC of a server clinic gets the audit key the first PC made."""
    from vitalsdesk.db import audit_chain
    from vitalsdesk.paths import data_dir

    text = read_line("Audit key: ")
    from vitalsdesk.services.maintenance import MaintenanceService

    # Kept first: until this PC has the key, no audited write (a sign-in included) can be made
    # here. Whoever can write the data folder could put the file there anyway; the sign-in and
    # its audit event follow, under the key just kept.
    try:
        audit_chain.import_audit_key(data_dir(), text)
    except audit_chain.AuditKeyUnavailable as exc:
        raise CommandFailed(str(exc)) from None
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        MaintenanceService(clinic.db).record(user, "audit_key_imported")
    print("The audit key is kept on this PC.")
    return EXIT_OK


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="check the audit log (an administrator signs in)")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check every link of the audit log's hash chain; report the first broken one"
    )
    add_sign_in_options(verify)
    verify.set_defaults(handler=cmd_audit_verify)
    key = actions.add_parser("key", help="the audit key of a server clinic: show it, or import it")
    key_actions = key.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    show = key_actions.add_parser("show", help="print the audit key (audited)")
    add_sign_in_options(show)
    show.set_defaults(handler=cmd_audit_key_show)
    imported = key_actions.add_parser(
        "import",
        help="keep the audit key shown on another PC (read first, then the admin signs in)",
    )
    add_sign_in_options(imported)
    imported.set_defaults(handler=cmd_audit_key_import)
