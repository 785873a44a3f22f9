"""`vitalsdesk check` (open: it reads and writes no patient data), `vitalsdesk record` (a signed-in
staff member) and `vitalsdesk demo` (a sample clinic only)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from vitalsdesk.cli.common import (
    ASSISTANT_OR_ABOVE,
    EXIT_INVALID,
    EXIT_NEEDS_CONFIRMATION,
    EXIT_OK,
    CommandFailed,
    InputError,
    add_sign_in_options,
    opened_clinic,
    print_json,
    read_json,
    sign_in,
)

if TYPE_CHECKING:
    from vitalsdesk.clinical.assessment import Assessment


def cmd_check(args: argparse.Namespace) -> int:
    from vitalsdesk.clinical.assessment import check_document
    from vitalsdesk.clinical.growth import GrowthTableError
    from vitalsdesk.clinical.ranges import RangeTableError
    from vitalsdesk.growth_tables import shipped_growth_tables
    from vitalsdesk.reference_ranges import load_reference_ranges

    try:
        table = load_reference_ranges()
    except RangeTableError as exc:
        raise InputError(f"reference ranges: {exc}") from None
    try:
        growth_tables = shipped_growth_tables()
    except GrowthTableError as exc:
        raise InputError(f"growth tables: {exc}") from None
    document = read_json(args.file)
    result = check_document(document, table, growth_tables=growth_tables)
    print_json(result.to_json())
    if result.status == "rejected":
        first = result.errors[0]
        more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
        print(f"vitalsdesk check: rejected: {first.field}: {first.message}{more}", file=sys.stderr)
        return EXIT_INVALID
    if result.status == "needs_confirmation":
        return EXIT_NEEDS_CONFIRMATION
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from vitalsdesk.clinical.assessment import assess, check_document
    from vitalsdesk.services.errors import ClinicianNotNotified, NotFound, VitalsNotAccepted
    from vitalsdesk.services.vitals import vitals_for_patient

    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        document = read_json(args.file)
        if not isinstance(document, dict):
            raise InputError(f"{args.file}: the input must be a JSON object")
        try:
            patient = clinic.patients.by_mrn(args.mrn)
        except NotFound as exc:
            raise InputError(str(exc)) from None
        vitals, problems = vitals_for_patient(document, patient)
        if vitals is None or problems:
            result = check_document(
                {**document, "birth_date": patient.birth_date.isoformat(), "sex": patient.sex},
                clinic.table,
                growth_tables=clinic.growth_tables,
            )
            result = result.model_copy(
                update={"status": "rejected", "errors": problems + list(result.errors)}
            )
            return _report(result, None)
        try:
            saved = clinic.vitals.record(
                patient.id, vitals, user, clinician_notified=args.clinician_notified
            )
        except VitalsNotAccepted as exc:
            return _report(exc.assessment, None)
        except ClinicianNotNotified as exc:
            return _report(_clinician_not_notified(exc), None)
        return _report(assess(vitals, clinic.table, growth_tables=clinic.growth_tables), saved.id)


def _clinician_not_notified(exc: Any) -> Assessment:
    from vitalsdesk.clinical.assessment import Problem

    notice = [
        Problem(field=f, message="Tell the clinician now, then run again with --clinician-notified")
        for f in exc.fields
    ]
    result: Assessment = exc.assessment.model_copy(
        update={"status": "needs_confirmation", "needs_confirmation": notice}
    )
    return result


def _report(result: Assessment, set_id: int | None) -> int:
    data = result.to_json()
    data["set_id"] = set_id
    print_json(data)
    if result.status == "rejected":
        first = result.errors[0]
        print(f"vitalsdesk: rejected: {first.field}: {first.message}", file=sys.stderr)
        return EXIT_INVALID
    if set_id is None:
        return EXIT_NEEDS_CONFIRMATION
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from vitalsdesk.demo import seed_demo_clinic
    from vitalsdesk.services.errors import ServiceError

    with opened_clinic() as clinic:
        try:
            summary = seed_demo_clinic(clinic, patients=args.patients, seed=args.seed)
        except ServiceError as exc:  # not a sample clinic: refused as a whole
            raise CommandFailed(str(exc)) from None
    print(summary)
    return EXIT_OK


def register(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="validate and assess one vital-sign set (JSON) without saving it",
        description="Validate and assess one vital-sign set without saving it. Prints one JSON "
        "object. Exit status: 0 accepted, 3 needs confirmation, 2 rejected or unusable input. "
        "Needs no sign-in: it reads and writes no patient data.",
    )
    check.add_argument(
        "file", metavar="FILE", help='the JSON document, or "-" to read standard input'
    )
    check.set_defaults(handler=cmd_check)

    record = commands.add_parser(
        "record",
        help="validate and save one vital-sign set (same JSON as check) for a patient",
        description="Validate and save one vital-sign set for the patient with this MRN, as the "
        "signed-in staff member. Prints the check result plus set_id. Exit status as for check; "
        "3 also when a critical value needs --clinician-notified. With --password-stdin and "
        'FILE "-", the first line of standard input is the password and the rest the JSON.',
    )
    record.add_argument("--mrn", required=True, help="the patient's medical record number")
    record.add_argument(
        "--clinician-notified",
        action="store_true",
        help="confirm the clinician was told about critical values",
    )
    record.add_argument("file", metavar="FILE", help='the JSON document, or "-" for stdin')
    add_sign_in_options(record)
    record.set_defaults(handler=cmd_record)

    demo = commands.add_parser(
        "demo",
        help="fill an empty database with a SAMPLE clinic (staff, patients, histories)",
        description="Fill the database with a SAMPLE clinic: sample staff accounts, patients "
        "DEMO-..., realistic histories. Refuses any database that holds a real patient or a "
        "real staff account: put sample data in its own data folder (VITALSDESK_DATA_DIR).",
    )
    demo.add_argument("--patients", type=int, default=300)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(handler=cmd_demo)
