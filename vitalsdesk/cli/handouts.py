"""`vitalsdesk handout`: list the templates, or render one for a patient as a PDF (audited)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vitalsdesk.cli.common import (
    ASSISTANT_OR_ABOVE,
    EXIT_OK,
    InputError,
    add_sign_in_options,
    opened_clinic,
    print_json,
    sign_in,
)


def cmd_handout(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        library = clinic.handouts.library()
        for problem in library.errors:
            print(f"vitalsdesk handout: template left out: {problem}", file=sys.stderr)
        if args.list:
            _print_list(library.list(), args.json)
            return EXIT_OK
        missing = [
            o
            for o, v in (("--mrn", args.mrn), ("--template", args.template), ("--out", args.out))
            if not v
        ]
        if missing:
            raise InputError("needs " + ", ".join(missing) + " (or --list)")
        fields = _fields(args.set or [])
        user = sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        out = Path(args.out)
        template = _write(clinic, args, user, fields, out)
    print(f"Wrote {out} ({template.title}, {template.language}).")
    return EXIT_OK


def _print_list(entries: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([{"id": e.id, "language": e.language, "title": e.title} for e in entries])
    else:
        for e in entries:
            print(f"{e.id}\t{e.language}\t{e.title}")


def _fields(items: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f'--set "{item}": write it as field=value')
        fields[name.strip()] = value
    return fields


def _write(
    clinic: Any, args: argparse.Namespace, user: Any, fields: dict[str, str], out: Path
) -> Any:
    from pydantic import ValidationError

    from vitalsdesk.services.errors import InvalidInput, NotFound
    from vitalsdesk.validation_messages import describe

    library = clinic.handouts.library()
    try:
        patient = clinic.patients.by_mrn(args.mrn)
        language = args.lang or (
            patient.preferred_language
            if library.get(args.template, patient.preferred_language)
            else "en"
        )
        template = clinic.handouts.template(args.template, language)
    except NotFound as exc:
        raise InputError(str(exc)) from None
    # The newest of today's sets goes on the sheet, and the print records which one it was.
    chosen = clinic.handouts.todays_set(patient.id)
    try:
        request = clinic.handouts.request_for(
            patient.id,
            template,
            vitals=chosen,
            fields=fields,
            large_print=args.large_print,
            page_size=args.page_size,
            clinician_name=args.clinician or "",
            clinician_note=args.clinician_note or "",
        )
    except ValidationError as exc:  # e.g. an MRN a barcode cannot hold, a tab in a field
        raise InputError(describe(exc)) from None
    try:
        clinic.handouts.save_pdf(
            patient.id, template, request, user, out, set_id=chosen.id if chosen else None
        )
    except InvalidInput as exc:
        raise InputError(str(exc)) from None
    return template


def register(commands: Any) -> None:
    handout = commands.add_parser(
        "handout",
        help="render an after-care handout as a PDF, or list the templates",
        description="Render an after-care handout for a patient (today's vital signs included) "
        "as a PDF, as a signed-in staff member; every handout is recorded and audited. --list "
        "shows the templates (no sign-in).",
    )
    handout.add_argument("--list", action="store_true", help="list the templates")
    handout.add_argument("--json", action="store_true", help="with --list: a JSON list")
    handout.add_argument("--mrn", help="the patient's MRN")
    handout.add_argument("--template", help="template id (see --list)")
    handout.add_argument("--lang", help="language (default: the patient's preferred one)")
    handout.add_argument("--large-print", action="store_true", help="body text 16 pt or more")
    handout.add_argument(
        "--set", action="append", metavar="FIELD=VALUE", help="fill a template field (repeat)"
    )
    handout.add_argument("--page-size", choices=["letter", "a4"], help="default: the settings'")
    handout.add_argument("--clinician", help="the clinician's name printed on the sheet")
    handout.add_argument(
        "--clinician-note",
        metavar="TEXT",
        help="a note the clinician wrote for the patient, printed as theirs under the vitals",
    )
    handout.add_argument("--out", help="the PDF file to write")
    add_sign_in_options(handout)
    handout.set_defaults(handler=cmd_handout)
