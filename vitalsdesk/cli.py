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
from vitalsdesk.errors import ServiceError

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
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(f"{path}: not usable JSON: {exc}") from None


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


def _open_clinic(upgrade: bool = True) -> Any:
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.clinical.ranges import RangeTableError
    from vitalsdesk.db.engine import DatabaseError
    from vitalsdesk.settings import SettingsError

    try:
        return open_clinic(upgrade=upgrade, ask_passphrase=_ask_passphrase)
    except (DatabaseError, SettingsError, RangeTableError) as exc:
        raise CommandFailed(str(exc)) from None


def _ask_passphrase(new: bool) -> str | None:
    """The clinic's database passphrase, typed at a terminal (no keyring on this PC)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    if not new:
        return getpass.getpass("Database passphrase: ")
    print(
        "This PC has no keyring to keep the database key. Choose a passphrase for this clinic's "
        "database (10 characters or more); it is asked at every start.",
        file=sys.stderr,
    )
    first = getpass.getpass("New database passphrase: ")
    return first if getpass.getpass("Type it again: ") == first else None


class CommandFailed(Exception):
    """The command could not do its work; one line for the user, exit 1."""


def _service_call(call: Any, *args: Any, **kwargs: Any) -> Any:
    from vitalsdesk.services.errors import ServiceError

    try:
        return call(*args, **kwargs)
    except ServiceError as exc:
        raise CommandFailed(str(exc)) from None


def cmd_db(args: argparse.Namespace) -> int:
    from vitalsdesk.db import migrate
    from vitalsdesk.db.backup import backup_sqlite

    if args.db_command == "upgrade":
        clinic = _open_clinic(upgrade=False)
        try:
            before = migrate.current_revision(clinic.db)
            backup = migrate.upgrade(clinic.db, clinic.backup_dir)
            after = migrate.current_revision(clinic.db)
        finally:
            clinic.close()
        if before == after:
            print(f"The database is up to date (schema {after}).")
        else:
            print(f"Upgraded the database from schema {before or 'empty'} to {after}.")
        if backup is not None:
            print(f"Backup taken first: {backup}")
        return EXIT_OK
    if args.db_command == "key":
        return _db_key(args)
    clinic = _open_clinic()
    try:
        if args.db_command == "backup":
            from vitalsdesk.db.engine import DatabaseError

            try:
                target = backup_sqlite(
                    clinic.db, clinic.backup_dir, keep=clinic.settings.backups_to_keep
                )
            except DatabaseError as exc:
                raise CommandFailed(str(exc)) from None
            print(f"Backup written: {target}")
            return EXIT_OK
        problems = clinic.db.integrity_check()
        revision = migrate.current_revision(clinic.db)
    finally:
        clinic.close()
    if problems:
        print("The database has problems:", file=sys.stderr)
        for problem in problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"The database is sound (integrity check ok, schema {revision}).")
    return EXIT_OK


def _db_key(args: argparse.Namespace) -> int:
    from vitalsdesk.db import encryption
    from vitalsdesk.paths import data_dir

    folder = data_dir()
    if args.key_action == "show":
        clinic = _open_clinic()
        try:
            key = clinic.db.key
        finally:
            clinic.close()
        if key is None:
            raise CommandFailed("This database is not encrypted (PostgreSQL, or encryption off).")
        print("Recovery key of this clinic's database. Keep it on paper in a safe place; with it")
        print(
            "an administrator can open the database on a replaced PC (`vitalsdesk db key restore`)."
        )
        print(encryption.recovery_text(key))
        return EXIT_OK
    text = _read_password("Recovery key: ")
    try:
        key = encryption.parse_key(text)
        path = folder / "vitalsdesk.sqlite3"
        if path.exists() and not encryption.opens_with(path, key):
            raise CommandFailed("That key does not open the database in " + str(folder) + ".")
        encryption.store_key(folder, key)
    except encryption.KeyUnavailable as exc:
        raise CommandFailed(str(exc)) from None
    print("The database key is restored in this PC's keyring.")
    return EXIT_OK


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt)
        if getpass.getpass("Type it again: ") != first:
            raise CommandFailed("The two passwords are not the same.")
        return first
    line = sys.stdin.readline()
    if not line:
        raise CommandFailed("No password on standard input.")
    return line.rstrip("\r\n")


def cmd_user(args: argparse.Namespace) -> int:
    clinic = _open_clinic()
    try:
        if args.user_command == "add":
            password = _read_password(f"Password for {args.username}: ")
            user = _service_call(
                clinic.accounts.add_user,
                args.username,
                password,
                args.role,
                args.display_name or "",
            )
            print(f"Added {user.username} ({user.role}).")
        elif args.user_command == "reset-password":
            password = _read_password(f"New password for {args.username}: ")
            _service_call(clinic.accounts.reset_password, args.username, password)
            print(f"Password changed for {args.username.strip().lower()}.")
        else:
            for user in clinic.accounts.list_users():
                print(f"{user.username}\t{user.role}\t{user.display_name}")
    finally:
        clinic.close()
    return EXIT_OK


def cmd_patient(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from vitalsdesk.services.schemas import PatientIn

    clinic = _open_clinic()
    try:
        if args.patient_command == "add":
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
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                    for e in exc.errors(include_url=False)
                )
                raise InputError(problems) from None
            patient = _service_call(clinic.patients.register, data, None)
            if args.json:
                _print_json(patient.public_json())
            else:
                print(f"Registered MRN {patient.mrn}.")
            return EXIT_OK
        found = clinic.patients.search(args.query)
    finally:
        clinic.close()
    if args.json:
        _print_json([p.public_json() for p in found])
    elif not found:
        print("No patient found.")
    else:
        for p in found:
            print(f"{p.mrn}\t{p.family_name}, {p.given_name}\t{p.birth_date.isoformat()}\t{p.sex}")
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from vitalsdesk.services.errors import ClinicianNotNotified, NotFound, VitalsNotAccepted
    from vitalsdesk.services.vitals import vitals_for_patient

    document = read_json(args.file)
    if not isinstance(document, dict):
        raise InputError(f"{args.file}: the input must be a JSON object")
    clinic = _open_clinic()
    try:
        try:
            patient = clinic.patients.by_mrn(args.mrn)
        except NotFound as exc:
            raise InputError(str(exc)) from None
        vitals, problems = vitals_for_patient(document, patient)
        from vitalsdesk.clinical.assessment import Assessment, assess

        if vitals is None or problems:
            from vitalsdesk.clinical.assessment import check_document

            result: Assessment = check_document(
                {**document, "birth_date": patient.birth_date.isoformat(), "sex": patient.sex},
                clinic.table,
            )
            result = result.model_copy(
                update={"status": "rejected", "errors": problems + list(result.errors)}
            )
            return _report(result, None)
        try:
            saved = clinic.vitals.record(
                patient.id, vitals, None, clinician_notified=args.clinician_notified
            )
        except VitalsNotAccepted as exc:
            return _report(exc.assessment, None)
        except ClinicianNotNotified as exc:
            from vitalsdesk.clinical.assessment import Problem

            notice = [
                Problem(
                    field=f,
                    message="Tell the clinician now, then run again with --clinician-notified",
                )
                for f in exc.fields
            ]
            result = exc.assessment.model_copy(
                update={"status": "needs_confirmation", "needs_confirmation": notice}
            )
            return _report(result, None)
        return _report(assess(vitals, clinic.table), saved.id)
    finally:
        clinic.close()


def _report(result: Any, set_id: int | None) -> int:
    data = result.to_json()
    data["set_id"] = set_id
    _print_json(data)
    if result.status == "rejected":
        first = result.errors[0]
        print(f"vitalsdesk: rejected: {first.field}: {first.message}", file=sys.stderr)
        return EXIT_INVALID
    if set_id is None:
        return EXIT_NEEDS_CONFIRMATION
    return EXIT_OK


def cmd_handout(args: argparse.Namespace) -> int:
    from pathlib import Path

    from vitalsdesk.services.errors import NotFound

    clinic = _open_clinic()
    try:
        library = clinic.handouts.library()
        for problem in library.errors:
            print(f"vitalsdesk handout: template left out: {problem}", file=sys.stderr)
        if args.list:
            entries = library.list()
            if args.json:
                _print_json(
                    [{"id": e.id, "language": e.language, "title": e.title} for e in entries]
                )
            else:
                for e in entries:
                    print(f"{e.id}\t{e.language}\t{e.title}")
            return EXIT_OK
        missing = [
            o
            for o, v in (("--mrn", args.mrn), ("--template", args.template), ("--out", args.out))
            if not v
        ]
        if missing:
            raise InputError("needs " + ", ".join(missing) + " (or --list)")
        fields: dict[str, str] = {}
        for item in args.set or []:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise InputError(f'--set "{item}": write it as field=value')
            fields[name.strip()] = value
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
        try:
            request = clinic.handouts.request_for(
                patient.id,
                template,
                fields=fields,
                large_print=args.large_print,
                page_size=args.page_size,
                clinician_name=args.clinician or "",
            )
        except ValueError as exc:  # pydantic: e.g. an MRN a barcode cannot hold
            raise InputError(str(exc).splitlines()[0]) from None
        from vitalsdesk.services.errors import InvalidInput

        try:
            data = clinic.handouts.produce(patient.id, template, request, None, "pdf")
        except InvalidInput as exc:
            raise InputError(str(exc)) from None
        out = Path(args.out)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandFailed(f"cannot write {out}: {exc.strerror}") from None
        print(f"Wrote {out} ({template.title}, {template.language}).")
        return EXIT_OK
    finally:
        clinic.close()


def cmd_audit(args: argparse.Namespace) -> int:
    from vitalsdesk.services.audit import verify_chain

    clinic = _open_clinic()
    try:
        report = verify_chain(clinic.db)
    finally:
        clinic.close()
    if report.intact:
        print(f"The audit log is intact: {report.events} events, every link checked.")
        return EXIT_OK
    print(f"The audit log was tampered with: {report.problem}.", file=sys.stderr)
    return EXIT_FAILURE


def cmd_demo(args: argparse.Namespace) -> int:
    from vitalsdesk.demo import seed_demo_clinic

    clinic = _open_clinic()
    try:
        summary = _service_call(
            seed_demo_clinic, clinic, patients=args.patients, seed=args.seed, force=args.force
        )
    finally:
        clinic.close()
    print(summary)
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

    record = commands.add_parser(
        "record",
        help="validate and save one vital-sign set (same JSON as check) for a patient",
        description="Validate and save one vital-sign set for the patient with this MRN. Prints "
        "the check result plus set_id. Exit status as for check; 3 also when a critical value "
        "needs --clinician-notified.",
    )
    record.add_argument("--mrn", required=True, help="the patient's medical record number")
    record.add_argument(
        "--clinician-notified",
        action="store_true",
        help="confirm the clinician was told about critical values",
    )
    record.add_argument("file", metavar="FILE", help='the JSON document, or "-" for stdin')
    record.set_defaults(handler=cmd_record)

    db = commands.add_parser("db", help="upgrade, back up or check the database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="bring the schema up to date (after a backup)")
    db_commands.add_parser("backup", help="write a backup copy of the SQLite database")
    db_commands.add_parser("check", help="run the database's integrity check")
    key = db_commands.add_parser(
        "key", help="the encryption key: show the recovery key, or restore it"
    )
    key.add_argument("key_action", choices=["show", "restore"])
    db.set_defaults(handler=cmd_db)

    user = commands.add_parser("user", help="manage staff accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add_user = user_commands.add_parser(
        "add", help="add a staff account (password from stdin when it is not a terminal)"
    )
    add_user.add_argument("username")
    add_user.add_argument("--role", required=True, choices=["assistant", "clinician", "admin"])
    add_user.add_argument("--display-name", default="")
    reset = user_commands.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    user_commands.add_parser("list", help="list the staff accounts")
    user.set_defaults(handler=cmd_user)

    patient = commands.add_parser("patient", help="register or find patients")
    patient_commands = patient.add_subparsers(
        dest="patient_command", metavar="ACTION", required=True
    )
    add_patient = patient_commands.add_parser("add", help="register a patient")
    add_patient.add_argument("--mrn", required=True)
    add_patient.add_argument("--family", required=True, help="family name")
    add_patient.add_argument("--given", required=True, help="given name")
    add_patient.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    add_patient.add_argument("--sex", required=True, choices=["female", "male", "other", "unknown"])
    add_patient.add_argument("--language", default="en", choices=["en", "es"])
    add_patient.add_argument("--json", action="store_true", help="print the patient as JSON")
    find = patient_commands.add_parser("find", help="find patients by name, MRN or birth date")
    find.add_argument("query")
    find.add_argument("--json", action="store_true", help="print a JSON list")
    patient.set_defaults(handler=cmd_patient)

    handout = commands.add_parser(
        "handout",
        help="render an after-care handout as a PDF, or list the templates",
        description="Render an after-care handout for a patient (today's vital signs included) "
        "as a PDF; every handout is recorded and audited. --list shows the templates.",
    )
    handout.add_argument("--list", action="store_true", help="list the templates")
    handout.add_argument("--json", action="store_true", help="with --list: a JSON list")
    handout.add_argument("--mrn", help="the patient's MRN")
    handout.add_argument("--template", help="template id (see --list)")
    handout.add_argument(
        "--lang", choices=None, help="language (default: the patient's preferred one)"
    )
    handout.add_argument("--large-print", action="store_true", help="body text 16 pt or more")
    handout.add_argument(
        "--set", action="append", metavar="FIELD=VALUE", help="fill a template field (repeat)"
    )
    handout.add_argument("--page-size", choices=["letter", "a4"], help="default: the settings'")
    handout.add_argument("--clinician", help="the clinician's name printed on the sheet")
    handout.add_argument("--out", help="the PDF file to write")
    handout.set_defaults(handler=cmd_handout)

    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", help="check every link of the audit log's hash chain; report the first broken one"
    )
    audit.set_defaults(handler=cmd_audit)

    demo = commands.add_parser(
        "demo", help="fill the database with a SAMPLE clinic (staff, patients, histories)"
    )
    demo.add_argument("--patients", type=int, default=300)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--force", action="store_true", help="even when the database holds real patients"
    )
    demo.set_defaults(handler=cmd_demo)
    from vitalsdesk.cli_exchange import register as register_exchange

    register_exchange(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command != "check":  # check is pure: no files of its own
        from vitalsdesk.logs import configure_logging, install_crash_handler

        configure_logging()
        install_crash_handler()
    if args.command in (None, "gui"):
        from vitalsdesk.app import launch_gui

        return launch_gui(args_list)
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
