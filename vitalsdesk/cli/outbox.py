"""`vitalsdesk outbox status|send|list|retry`: the HL7 messages waiting for the clinic's EHR.

`send` sends what is pending once (no waiting for a backoff: a person asked) and exits 0 when
nothing is left pending, 1 with a one-line reason when something is (the interface could not be
reached, another room is sending, or messages wait behind one the EHR refused). Every command
signs a staff member in; `list` and `retry` are for administrators (an ACK's words may name the
patient).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from vitalsdesk.cli.common import (
    ADMIN,
    ASSISTANT_OR_ABOVE,
    EXIT_FAILURE,
    EXIT_OK,
    CommandFailed,
    add_sign_in_options,
    opened_clinic,
    plural,
    print_json,
    service_call,
    sign_in,
)

if TYPE_CHECKING:
    from vitalsdesk.clinic import Clinic
    from vitalsdesk.services.outbox import OutboxService

NOT_SET_UP = "this clinic has no HL7 interface: add an [hl7] table to settings.toml (docs/hl7.md)"


def _outbox(clinic: Clinic) -> OutboxService:
    outbox = clinic.outbox
    if outbox is None or not outbox.configured:
        raise CommandFailed(NOT_SET_UP)
    return outbox


def _time(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def cmd_outbox_status(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        outbox = clinic.outbox
        status = service_call(outbox.status) if outbox is not None else None
        destination = (
            outbox.delivery.destination if outbox is not None and outbox.delivery else None
        )
    if status is None:
        raise CommandFailed(NOT_SET_UP)
    data = {
        "configured": status.configured,
        "destination": destination,
        "pending": status.pending,
        "sent": status.sent,
        "failed": status.failed,
        "oldest_pending": _time(status.oldest_pending),
        "last_sent": _time(status.last_sent),
        "last_error": status.last_error,
    }
    if args.json:
        print_json(data)
        return EXIT_OK
    if not status.configured:
        print("No HL7 interface is set up for this clinic.")
        return EXIT_OK
    print(f"EHR interface: {destination}")
    print(f"{status.pending} pending, {status.sent} sent, {status.failed} failed")
    if status.oldest_pending is not None:
        print(f"Oldest pending since {status.oldest_pending.isoformat(timespec='seconds')}")
    if status.last_error:
        print(f"Last try: {status.last_error}")
    return EXIT_OK


def cmd_outbox_send(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        outbox = _outbox(clinic)
        report = service_call(outbox.send_pending, user, force=True)
        failed_total = service_call(outbox.status).failed if report.pending else 0
    summary = f"Sent {plural(report.sent, 'message')}"
    if report.failed:
        summary += f"; the EHR refused {report.failed} (see `vitalsdesk outbox list`)"
    print(summary + ".")
    if report.pending == 0:
        return EXIT_OK
    if report.busy:
        why = "another room is sending right now"
    elif report.unreachable is not None:
        why = f"the EHR interface could not be reached ({report.unreachable})"
    elif failed_total:
        why = "they wait behind a message the EHR refused (`vitalsdesk outbox list`, then retry)"
    else:
        why = "they could not be sent"
    print(
        f"vitalsdesk outbox: {plural(report.pending, 'message')} still pending: {why}",
        file=sys.stderr,
    )
    return EXIT_FAILURE


def cmd_outbox_list(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        outbox = _outbox(clinic)
        status = None if args.status == "all" else args.status
        rows = service_call(outbox.messages, user, status)
    if args.json:
        print_json([r.model_dump(mode="json") for r in rows])
        return EXIT_OK
    if not rows:
        print("No message.")
    for r in rows:
        words = r.last_error or ""
        print(
            f"{r.id}\t{r.control_id}\t{r.status}\t{r.result_status}\tset {r.set_id}\t"
            f"{r.attempts} tries\t{words}"
        )
    return EXIT_OK


def cmd_outbox_retry(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        row = service_call(_outbox(clinic).retry, args.id, user)
    print(f"Message {row.id} ({row.control_id}) is pending again; it goes with the next send.")
    return EXIT_OK


def register(commands: Any) -> None:
    outbox = commands.add_parser(
        "outbox", help="the HL7 messages waiting for the clinic's EHR: status, send, retry"
    )
    actions = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="how many messages are pending, sent and failed")
    status.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_sign_in_options(status)
    status.set_defaults(handler=cmd_outbox_status)
    send = actions.add_parser(
        "send",
        help="send what is pending now; exit 0 when nothing is left pending, 1 with the reason",
    )
    add_sign_in_options(send)
    send.set_defaults(handler=cmd_outbox_send)
    listing = actions.add_parser(
        "list", help="the messages with their ACK text (an administrator signs in; audited)"
    )
    listing.add_argument("--status", choices=("failed", "pending", "sent", "all"), default="failed")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    add_sign_in_options(listing)
    listing.set_defaults(handler=cmd_outbox_list)
    retry = actions.add_parser(
        "retry", help="send a failed message again, once its cause is fixed (administrator)"
    )
    retry.add_argument("id", type=int, help="the message's number (from `outbox list`)")
    add_sign_in_options(retry)
    retry.set_defaults(handler=cmd_outbox_retry)
