"""`vitalsdesk patient add|find`: register and find patients, as a signed-in staff member."""

from __future__ import annotations

import argparse
from typing import Any

from vitalsdesk.cli.common import (
    ASSISTANT_OR_ABOVE,
    EXIT_OK,
    InputError,
    add_sign_in_options,
    opened_clinic,
    print_json,
    service_call,
    sign_in,
)


def cmd_patient_add(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from vitalsdesk.services.schemas import PatientIn
    from vitalsdesk.validation_messages import describe

    try:
        data = PatientIn(
            mrn=args.mrn,
            family_name=args.family,
            given_name=args.given,
            birth_date=args.birth_date,
            sex=args.sex,
            preferred_language=args.language,
        )
    except ValidationError as exc:
        raise InputError(describe(exc)) from None
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        patient = service_call(clinic.patients.register, data, user)
    if args.json:
        print_json(patient.public_json())
    else:
        print(f"Registered MRN {patient.mrn}.")
    return EXIT_OK


def cmd_patient_find(args: argparse.Namespace) -> int:
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ASSISTANT_OR_ABOVE)
        found = service_call(clinic.patients.find, args.query, user)
    if args.json:
        print_json([p.public_json() for p in found])
    elif not found:
        print("No patient found.")
    else:
        for p in found:
            print(f"{p.mrn}\t{p.family_name}, {p.given_name}\t{p.birth_date.isoformat()}\t{p.sex}")
    return EXIT_OK


def register(commands: Any) -> None:
    from vitalsdesk.services.schemas import LANGUAGES, SEXES

    patient = commands.add_parser("patient", help="register or find patients")
    actions = patient.add_subparsers(dest="patient_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register a patient")
    add.add_argument("--mrn", required=True)
    add.add_argument("--family", required=True, help="family name")
    add.add_argument("--given", required=True, help="given name")
    add.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    add.add_argument("--sex", required=True, choices=SEXES)
    add.add_argument("--language", default="en", choices=LANGUAGES)
    add.add_argument("--json", action="store_true", help="print the patient as JSON")
    add_sign_in_options(add)
    add.set_defaults(handler=cmd_patient_add)
    find = actions.add_parser(
        "find",
        help="find patients by name, MRN or birth date (each one listed is audited as viewed)",
    )
    find.add_argument("query")
    find.add_argument("--json", action="store_true", help="print a JSON list")
    add_sign_in_options(find)
    find.set_defaults(handler=cmd_patient_find)
