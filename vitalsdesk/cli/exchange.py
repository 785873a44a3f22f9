"""`vitalsdesk export fhir|ndjson|csv` and `vitalsdesk import fhir|ndjson`: hand the record on
(docs/fhir.md). All are for a signed-in administrator (the export of the whole clinic included).
Long work draws a progress bar on a terminal and stays silent otherwise.

Exit status: 0 done; 2 unusable input (bad --since, unknown MRN, unreadable file) or, for an
import, any entry that was not imported (each one listed on stderr); 1 the work failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vitalsdesk.cli.common import (
    ADMIN,
    EXIT_INVALID,
    EXIT_OK,
    InputError,
    add_sign_in_options,
    opened_clinic,
    plural,
    progress_bar,
    service_call,
    sign_in,
)


def parse_since(text: str) -> date | datetime:
    """YYYY-MM-DD (the start of that day on this PC), or a date and time with its zone."""
    value = text.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"--since {text!r}: give a date like 2026-11-01 or a date and time with its zone "
            "like 2026-11-01T08:00:00-05:00"
        ) from None
    if moment.tzinfo is None:
        raise InputError(f"--since {text!r}: a time needs its zone, like 2026-11-01T08:00-05:00")
    return moment


def cmd_export_fhir(args: argparse.Namespace) -> int:
    return _export(args, "export_fhir")


def cmd_export_csv(args: argparse.Namespace) -> int:
    return _export(args, "export_csv")


def cmd_export_ndjson(args: argparse.Namespace) -> int:
    return _export(args, "export_ndjson")


def _export(args: argparse.Namespace, method: str) -> int:
    since = parse_since(args.since) if args.since is not None else None
    out = Path(args.out)
    # An export only reads the records (and appends its audit event): the tables it reads in full
    # are checked page by page as it reads them, not all first (open_clinic's `reader`).
    with opened_clinic(reader=True) as clinic:
        user = sign_in(clinic, args, ADMIN)
        with progress_bar("Exporting", "sets") as tick:
            summary = service_call(
                getattr(clinic.exchange, method),
                out,
                user,
                mrn=args.mrn,
                since=since,
                progress=tick,
            )
    what = (
        plural(summary.observations, "observation")
        if summary.format in ("fhir", "ndjson")
        else plural(summary.rows, "row")
    )
    print(
        f"Exported {plural(summary.patients, 'patient')}, "
        f"{plural(summary.sets, 'vital-sign set')} ({what}) to {out}."
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"{args.file}: no such file")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(f"{args.file}: cannot be read ({exc.strerror or exc})") from None
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        with progress_bar("Importing", "sets") as tick:
            # The file is parsed as it is read (ijson), never held whole.
            report = service_call(clinic.exchange.import_fhir, path, user, progress=tick)
    return _report(args, report)


def cmd_import_ndjson(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise InputError(f"{args.folder}: no such folder")
    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        with progress_bar("Importing", "lines") as tick:
            report = service_call(clinic.exchange.import_ndjson, folder, user, progress=tick)
    return _report(args, report)


def _report(args: argparse.Namespace, report: Any) -> int:
    if args.json:
        out = report.model_dump(mode="json")
        out["problems"] = [{**p.model_dump(mode="json"), "text": str(p)} for p in report.problems]
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        print(
            f"Imported {plural(report.sets_imported, 'vital-sign set')} "
            f"({report.sets_already_present} already here, "
            f"{report.sets_marked_entered_in_error} newly marked entered in error); "
            f"patients: {report.patients_registered} registered, "
            f"{report.patients_matched} already here."
        )
        if report.ignored:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.ignored.items()))
            print(f"Not used: {kinds}.")
    if report.problems:
        print(
            f"vitalsdesk import: {plural(len(report.problems), 'entry')} not imported:"
            if len(report.problems) == 1
            else f"vitalsdesk import: {len(report.problems)} entries not imported:",
            file=sys.stderr,
        )
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
        if report.problems_not_listed:
            print(f"  and {report.problems_not_listed} more, not listed", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def register(commands: Any) -> None:
    """Add `export` and `import` to the `vitalsdesk` subparsers."""
    export = commands.add_parser(
        "export",
        help="write a FHIR R4 bundle or a CSV file of patients and their vital signs",
        description="Write the vital signs of one patient (--mrn), of every set taken, recorded "
        "or marked entered-in-error since a date (--since), or of everything. The export is "
        "audited. See docs/fhir.md.",
    )
    formats = export.add_subparsers(dest="export_format", metavar="FORMAT", required=True)
    for name, handler, help_text in (
        ("fhir", cmd_export_fhir, "a FHIR R4 Bundle (JSON) with the Vital Signs profiles"),
        (
            "ndjson",
            cmd_export_ndjson,
            "FHIR Bulk Data NDJSON files (Patient, Practitioner, Observation), one resource per "
            "line: the format for a whole clinic",
        ),
        ("csv", cmd_export_csv, "a CSV file with one row per measurement, for spreadsheets"),
    ):
        sub = formats.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--mrn", help="only this patient")
        sub.add_argument(
            "--since",
            metavar="DATE",
            help="only sets from this date on (YYYY-MM-DD, or a date and time with its zone)",
        )
        if name == "ndjson":
            sub.add_argument(
                "--out", required=True, metavar="DIR", help="the folder to write the files into"
            )
        else:
            sub.add_argument("--out", required=True, metavar="FILE", help="the file to write")
        add_sign_in_options(sub)
        sub.set_defaults(handler=handler)

    imp = commands.add_parser(
        "import",
        help="merge a FHIR bundle written by `vitalsdesk export fhir` into this database",
        description="Merge a FHIR R4 bundle (from this PC or another) into this database: "
        "patients are matched by MRN and sets by their identifier, so importing twice adds "
        "nothing. Every value is validated; what cannot be imported is listed per entry "
        "(exit status 2). An administrator signs in.",
    )
    import_formats = imp.add_subparsers(dest="import_format", metavar="FORMAT", required=True)
    fhir = import_formats.add_parser("fhir", help="a FHIR R4 Bundle (JSON)")
    fhir.add_argument("file", metavar="FILE.json")
    fhir.add_argument("--json", action="store_true", help="print the report as JSON")
    add_sign_in_options(fhir)
    fhir.set_defaults(handler=cmd_import)
    ndjson = import_formats.add_parser(
        "ndjson",
        help="FHIR Bulk Data NDJSON files, as `vitalsdesk export ndjson` writes them",
        description="Merge the NDJSON files of a folder (Patient.ndjson, Observation.ndjson, "
        "Practitioner.ndjson, Device.ndjson) line by line, in batches: an import that was stopped "
        "half-way is completed by running it again, with nothing duplicated.",
    )
    ndjson.add_argument("folder", metavar="DIR")
    ndjson.add_argument("--json", action="store_true", help="print the report as JSON")
    add_sign_in_options(ndjson)
    ndjson.set_defaults(handler=cmd_import_ndjson)
