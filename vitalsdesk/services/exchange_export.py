"""Hand the record on, out: FHIR R4 (one Bundle, or Bulk Data NDJSON files) and CSV export.

The pure work (building resources and CSV rows) lives in vitalsdesk.interop; this module owns the
read transaction and the audit event. An export of any size streams: it reads the patients in
batches (vitalsdesk.services.export_reader) in one read snapshot that never blocks a room, and
writes each batch before it reads the next, so memory stays flat whatever the clinic's size.

Each export is one "export" audit event with what it holds (a one-patient export names the
patient), committed before any of the content reaches the disk and before the file is renamed into
place (vitalsdesk.services.output_files.write_streamed); a file that then cannot be put in place
gets an "export_not_written" event saying so.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any, BinaryIO

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db.engine import Database, DatabaseError, open_problem
from vitalsdesk.db.models import utcnow
from vitalsdesk.interop import csv_export, fhir_export, fhir_ndjson
from vitalsdesk.interop.codes import MRN_SYSTEM
from vitalsdesk.interop.exact_json import dumps
from vitalsdesk.paths import DataFolder
from vitalsdesk.services import export_reader as reader
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user
from vitalsdesk.services.errors import InvalidInput
from vitalsdesk.services.output_files import StreamTarget, check_destination, write_streamed
from vitalsdesk.services.schemas import StaffUserOut

Progress = Callable[[int, int], None]

# FHIR Bulk Data: one file per resource type, one resource per line (application/fhir+ndjson).
NDJSON_FILES = ("Patient", "Practitioner", "Device", "Encounter", "Observation")

# Bytes reserved before the audit event commits: the header, then per patient and per set (or
# per CSV row). A low guess, so a disk that cannot hold even this is full before anything is
# recorded; one that fills up later is told in the audit log ("export_not_written").
_RESERVE = {  # kind: (header, per patient, per set)
    "fhir": (512, 400, 3000),
    "csv": (256, 0, 0),
    "ndjson": (256, 300, 2500),
}
_RESERVE_PER_CSV_ROW = 60


class ExportSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    format: str  # fhir | csv | ndjson
    path: str  # the file (a folder for ndjson)
    patients: int
    sets: int
    observations: int = 0  # FHIR Observation resources
    rows: int = 0  # CSV rows after the header


def since_moment(since: date | datetime) -> datetime:
    """A date means the start of that day on this PC's clock."""
    if isinstance(since, datetime):
        if since.tzinfo is None:
            raise InvalidInput("Give the time with its time zone, or a date.")
        return since
    return datetime.combine(since, time.min).astimezone()


class _Tally:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.progress = progress
        self.sets = 0
        self.observations = 0
        self.rows = 0

    def start(self) -> None:
        if self.progress is not None:
            self.progress(0, self.total)

    def done(self, sets: int) -> None:
        self.sets += sets
        if self.progress is not None and sets:
            self.progress(self.sets, self.total)


class ExportService:
    def __init__(
        self,
        db: Database,
        table: RangeTable,
        *,
        growth_tables: GrowthTables,
        mrn_system: str = MRN_SYSTEM,
        data_folder: DataFolder | None = None,
    ) -> None:
        self.db = db
        self.table = table
        self.growth_tables = growth_tables
        self.mrn_system = mrn_system
        self.data_folder = data_folder

    def export_fhir(
        self,
        destination: Path,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        since: date | datetime | None = None,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write a FHIR R4 Bundle (JSON) of one patient (`mrn`) and/or the sets since a date
        (or of everything: for a whole clinic, `export_ndjson` is the format other systems read
        in pieces)."""
        target = self._target(destination)

        def write(s: Session, sc: reader.Scope, tally: _Tally, files: list[BinaryIO]) -> None:
            with _texts(files, "utf-8") as (out,):
                _write_bundle(s, sc, tally, out)

        def _write_bundle(s: Session, sc: reader.Scope, tally: _Tally, out: IO[str]) -> None:
            staff = reader.staff_refs(s)
            devices = reader.device_refs(s)
            refs, texts = reader.people(s, sc, staff)
            bundle = fhir_export.BundleWriter(
                out, timestamp=utcnow(), pretty=tally.total <= fhir_export.PRETTY_UP_TO
            )
            space = uuid.uuid4()  # patient fullUrls: random per export, stable within it
            for rows in reader.patient_batches(s, sc):
                for row in rows:
                    resource = fhir_export.patient_resource(
                        reader.patient_record(row), self.mrn_system
                    )
                    bundle.entry({"fullUrl": _patient_url(space, row.id), "resource": resource})
            for entry in fhir_export.people_entries(refs, texts):
                bundle.entry(entry)
            for entry in fhir_export.device_entries(devices.values()):
                bundle.entry(entry)
            for batch in reader.batches(s, sc, staff, devices=devices):
                for p in batch:
                    url = _patient_url(space, p.id)
                    for entry in fhir_export.encounter_entries(p.sets, url, p.record.is_sample):
                        bundle.entry(entry)
                    for entry in self._set_entries(p, url):
                        tally.observations += 1
                        bundle.entry(entry)
                    tally.done(len(p.sets))
            bundle.close()

        return self._export("fhir", [StreamTarget(target, 0)], actor, mrn, since, progress, write)

    def export_ndjson(
        self,
        folder: Path,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        since: date | datetime | None = None,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write FHIR Bulk Data NDJSON into `folder`: Patient.ndjson, Practitioner.ndjson and
        Observation.ndjson, one resource per line, with the same profiles and codes as the
        Bundle; references are "Type/id" between the files (docs/fhir.md)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise InvalidInput(f"Cannot write into {folder}: the folder does not exist.")
        targets = [
            StreamTarget(self._target(folder / f"{kind}.ndjson"), 0) for kind in NDJSON_FILES
        ]

        def write(s: Session, sc: reader.Scope, tally: _Tally, files: list[BinaryIO]) -> None:
            _write_ndjson(s, sc, tally, *files)

        def _write_ndjson(
            s: Session,
            sc: reader.Scope,
            tally: _Tally,
            patients: BinaryIO,
            practitioners: BinaryIO,
            devices: BinaryIO,
            encounters: BinaryIO,
            observations: BinaryIO,
        ) -> None:
            staff = reader.staff_refs(s)
            device_of = reader.device_refs(s)
            refs, texts = reader.people(s, sc, staff)
            people = fhir_export.people_entries(refs, texts)
            machines = fhir_export.device_entries(device_of.values())
            kinds = {e["fullUrl"]: "Practitioner" for e in people}
            kinds.update((e["fullUrl"], "Device") for e in machines)
            space = uuid.uuid4()

            def kind_of(url: str) -> str:
                # The people and devices, then those of the batch being written.
                return kinds.get(url, "Observation")

            line = fhir_ndjson.ndjson_line
            _write_lines(practitioners, [line(entry, kind_of) for entry in people])
            _write_lines(devices, [line(entry, kind_of) for entry in machines])
            fixed = dict(kinds)
            sets = fhir_ndjson.NdjsonSets(self.growth_tables)
            for batch in reader.batches(s, sc, staff, devices=device_of):
                kinds = dict(fixed)
                visits = {}
                for p in batch:
                    url = _patient_url(space, p.id)
                    kinds[url] = "Patient"
                    visits[p.id] = fhir_export.encounter_entries(p.sets, url, p.record.is_sample)
                    kinds.update((e["fullUrl"], "Encounter") for e in visits[p.id])
                # A batch's lines are written at once (one encoding and write per file).
                patient_lines: list[str] = []
                encounter_lines: list[str] = []
                observation_lines: list[str] = []
                for p in batch:
                    url = _patient_url(space, p.id)
                    entry = {
                        "fullUrl": url,
                        "resource": fhir_export.patient_resource(p.record, self.mrn_system),
                    }
                    patient_lines.append(line(entry, kind_of))
                    encounter_lines += (line(visit, kind_of) for visit in visits[p.id])
                    by_uid = {record.uid: record for record in p.sets}
                    for record in p.sets:
                        observation_lines += sets.lines(record, p.record, url, by_uid, kind_of)
                    tally.done(len(p.sets))
                tally.observations += len(observation_lines)
                _write_lines(patients, patient_lines)
                _write_lines(encounters, encounter_lines)
                _write_lines(observations, observation_lines)

        summary = self._export("ndjson", targets, actor, mrn, since, progress, write, path=folder)
        # A file per resource type used: no Practitioner.ndjson when no set names anyone, no
        # Device.ndjson when every value was typed, no Encounter.ndjson without visits.
        for kind in ("Practitioner", "Device", "Encounter"):
            written = targets[NDJSON_FILES.index(kind)].destination
            if written.stat().st_size == 0:
                written.unlink()
        return summary

    def export_csv(
        self,
        destination: Path,
        actor: StaffUserOut | None,
        *,
        mrn: str | None = None,
        since: date | datetime | None = None,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write a CSV file, one row per measurement, safe to open in a spreadsheet."""
        target = self._target(destination)

        def write(s: Session, sc: reader.Scope, tally: _Tally, files: list[BinaryIO]) -> None:
            # The byte-order mark, the header, then each patient's rows encoded on their own and
            # a batch written at once (joined first, one accented name would make Python widen a
            # whole batch's text).
            out = files[0]
            out.write(codecs.BOM_UTF8 + csv_export.to_text([csv_export.COLUMNS]).encode("utf-8"))
            staff = reader.staff_refs(s)
            for batch in reader.batches(s, sc, staff):
                texts: list[bytes] = []
                for p in batch:
                    text, rows = csv_export.sets_text(p.record.mrn, p.sets)
                    texts.append(text.encode("utf-8"))
                    tally.rows += rows
                    tally.done(len(p.sets))
                out.write(b"".join(texts))

        return self._export("csv", [StreamTarget(target, 0)], actor, mrn, since, progress, write)

    def check_destination(self, destination: Path) -> Path:
        """The export's file as an absolute path; InvalidInput, in words, when it is one of the
        clinic's own files or folders (the database, its keys, its backups...) or a folder."""
        return check_destination(destination, self.db, self.data_folder)

    def _target(self, destination: Path) -> Path:
        target = self.check_destination(Path(destination))
        if not target.parent.is_dir():
            raise InvalidInput(f"Cannot write {destination}: the folder does not exist.")
        return target

    def _set_entries(self, p: reader.BatchPatient, patient_url: str) -> list[dict[str, Any]]:
        by_uid = {record.uid: record for record in p.sets}
        return [
            entry
            for record in p.sets
            for entry in fhir_export.set_entries(
                record, p.record, patient_url, by_uid, self.growth_tables
            )
        ]

    def _export(
        self,
        kind: str,
        targets: list[StreamTarget],
        actor: StaffUserOut | None,
        mrn: str | None,
        since: date | datetime | None,
        progress: Progress | None,
        write: Callable[[Session, reader.Scope, _Tally, list[BinaryIO]], None],
        *,
        path: Path | None = None,
    ) -> ExportSummary:
        moment = since_moment(since) if since is not None else None

        def work(s: Session) -> ExportSummary:
            connection = s.connection()
            try:
                return read(s)
            except DBAPIError:
                # SQLCipher keeps a damaged page's error on the connection that met it: never
                # hand that connection to another read.
                connection.invalidate()
                raise

        def read(s: Session) -> ExportSummary:
            # One read snapshot for the counts and every batch: what the audit event says the
            # file holds is what it holds, while the rooms go on saving.
            acting_user(s, actor)
            sc = reader.scope(s, mrn, moment)
            counts = reader.count(s, sc)
            tally = _Tally(counts.sets, progress)
            tally.start()  # a cancel from here on: before anything is recorded
            _reserve(kind, targets, counts)

            def events(action: str, **detail: object) -> None:
                self.db.run(
                    lambda w: _audit_export(w, actor, action, kind, sc, counts, mrn, moment, detail)
                )

            write_streamed(
                targets,
                lambda: events("export"),
                lambda files: write(s, sc, tally, files),
                lambda why: events("export_not_written", why=why),
            )
            return ExportSummary(
                format=kind,
                path=str(path if path is not None else targets[0].destination),
                patients=counts.patients,
                sets=tally.sets,
                observations=tally.observations,
                rows=tally.rows,
            )

        try:
            return self.db.read_snapshot(work)
        except DBAPIError as exc:
            raise self._damaged(exc) from None

    def _damaged(self, exc: DBAPIError) -> Exception:
        """A page SQLCipher could not read back (its HMAC failed) is a damaged file: the export
        meets it as it reads (open_clinic's `reader` leaves the large tables to this read), and
        says so as the check at open would. Anything else is raised as it was."""
        path = self.db.sqlite_path
        if path is None or open_problem(exc.orig or exc, path) is not None:
            return exc
        why = str(exc.orig or exc)
        if not any(word in why.lower() for word in ("malformed", "not a database", "corrupt")):
            return exc
        folder = self.data_folder.backups if self.data_folder is not None else path.parent
        return DatabaseError(
            f"The database file is damaged ({why}). Restore the latest backup from {folder}."
        )


def _reserve(kind: str, targets: list[StreamTarget], counts: reader.Counts) -> None:
    base, per_patient, per_set = _RESERVE[kind]
    if kind == "ndjson":  # Patient.ndjson and Observation.ndjson hold nearly all of it
        targets[NDJSON_FILES.index("Patient")].reserve = base + counts.patients * per_patient
        targets[NDJSON_FILES.index("Observation")].reserve = base + counts.sets * per_set
        return
    targets[0].reserve = base + counts.patients * per_patient + counts.sets * per_set
    if kind == "csv":
        targets[0].reserve += counts.rows * _RESERVE_PER_CSV_ROW


def _patient_url(space: uuid.UUID, patient_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(space, str(patient_id))}"


def _write_lines(out: BinaryIO, lines: list[str]) -> None:
    """NDJSON lines in UTF-8, in one write. Each line is encoded on its own: joined first, one
    non-ASCII line (a unit such as °F) would make Python widen the whole batch's text."""
    if lines:
        out.write(b"\n".join([line.encode("utf-8") for line in lines] + [b""]))


def _line(resource: dict[str, Any]) -> str:
    return dumps(resource, indent=None) + "\n"


@contextlib.contextmanager
def _texts(files: list[BinaryIO], encoding: str) -> Iterator[tuple[io.TextIOWrapper, ...]]:
    """A text layer over each temporary file, detached at the end (closing it would close the
    file, which write_streamed syncs and renames)."""
    wrappers = tuple(io.TextIOWrapper(f, encoding=encoding, newline="") for f in files)
    try:
        yield wrappers
    finally:
        for wrapper in wrappers:
            with contextlib.suppress(OSError, ValueError):
                wrapper.flush()
            wrapper.detach()


def _audit_export(
    s: Session,
    actor: StaffUserOut | None,
    action: str,
    kind: str,
    sc: reader.Scope,
    counts: reader.Counts,
    mrn: str | None,
    moment: datetime | None,
    detail: dict[str, object],
) -> None:
    """The export's one event: what it holds (counts, never a name or MRN); an export of one
    patient names the patient, so it shows in that patient's audit trail."""
    by = acting_user(s, actor)
    one = sc.one_patient
    audit(
        s,
        by,
        action,
        patient_id=one,
        entity="patient" if one is not None else None,
        entity_id=one,
        format=kind,
        patients=counts.patients,
        sets=counts.sets,
        rows=counts.rows if kind == "csv" else None,
        one_patient=mrn is not None,
        since=moment.isoformat() if moment is not None else None,
        **detail,
    )
