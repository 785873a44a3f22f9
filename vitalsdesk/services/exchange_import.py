"""Hand the record on, in: FHIR import (merge another PC's records).

The pure work (reading bundles) lives in vitalsdesk.interop.fhir_import; this module owns the
transaction and the audit events: "patient_registered" for each patient it adds, "vitals_imported"
for each set it adds, "vitals_entered_in_error" for each set another PC marked entered in error,
and one summary "import" event with the counts, all in one transaction: an import that fails on the
database adds nothing.

An import is idempotent: patients are matched by MRN and sets by their uid, so importing the same
bundle twice (or two PCs' overlapping bundles) never duplicates anything.

FHIR Bulk Data NDJSON (`import_ndjson`, a whole clinic) is read line by line and merged in
batches, one transaction each, so its memory stays flat; idempotence is what makes a stopped
import safe to run again.

The import is the signed-in administrator's act (every audit event names them); the sets it adds
are recorded by the clinic's import actor, an account no one signs in to, with the source's name
for whoever took the readings kept beside each set. A user name in a file never selects, and never
creates, an account here (docs/fhir.md, "Importing a bundle").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.db.audit_chain import keyed_event_hash
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import (
    AuditChainHead,
    AuditEvent,
    Device,
    DeviceReading,
    Measurement,
    Patient,
    StaffUser,
    utcnow,
)
from vitalsdesk.db.models import BpReading as BpReadingRow
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop.fhir_import import (
    EntryProblem,
    NdjsonReader,
    ParsedPatient,
    ParsedSet,
    ndjson_lines,
    parse_bundle_file,
    parse_bundle_text,
)
from vitalsdesk.interop.records import (
    SOURCE_TEXT_LENGTH,
    DeviceRef,
    PatientRecord,
    SetRecord,
    StaffRef,
    person_text,
)
from vitalsdesk.services.accounts import import_actor
from vitalsdesk.services.audit import audit, rebuild_head, writing_key
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.devices import SAVED
from vitalsdesk.services.errors import Conflict, InvalidInput
from vitalsdesk.services.measurement_rows import measurement_rows, measurement_values
from vitalsdesk.services.patients import search_key
from vitalsdesk.services.schemas import PatientIn, StaffUserOut
from vitalsdesk.validation_messages import describe

Progress = Callable[[int, int], None]

NDJSON_KINDS = ("Practitioner", "Device", "Patient", "Observation")
PATIENTS_PER_BATCH = 500
SETS_PER_BATCH = 500  # sets per transaction of an NDJSON import
MAX_LISTED_PROBLEMS = 1000
_CHUNK = 500  # uids or MRNs per IN (...), and rows per executemany
_MEASUREMENTS = cast(Table, Measurement.__table__)
_READINGS = cast(Table, BpReadingRow.__table__)
_EVENTS = cast(Table, AuditEvent.__table__)


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    entries: int
    patients_registered: int = 0
    patients_matched: int = 0
    sets_imported: int = 0
    sets_already_present: int = 0
    sets_marked_entered_in_error: int = 0
    ignored: dict[str, int] = {}
    problems: tuple[EntryProblem, ...] = ()
    problems_not_listed: int = 0  # beyond the first MAX_LISTED_PROBLEMS of a long import

    @property
    def ok(self) -> bool:
        return not self.problems and not self.problems_not_listed


class ImportService:
    # The import half of ExchangeService, which sets these (ExportService.__init__).
    db: Database
    table: RangeTable
    growth_tables: GrowthTables

    def import_fhir(
        self,
        source: bytes | str | Path,
        actor: StaffUserOut | None,
        *,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Merge a Bundle written by `export_fhir` (on this PC or another) into this database.

        Nothing in the bundle is trusted: every entry is checked (fhir_shapes for the shapes an
        import reads, the FHIR R4 models for the rest) and every set goes through the clinical
        core. What cannot be imported is listed in `problems`, per entry; the rest is
        imported."""
        if isinstance(source, Path):
            # Read as it is parsed (ijson): the file's text is never held whole.
            try:
                parsed = parse_bundle_file(source, self.table, growth_tables=self.growth_tables)
            except OSError as exc:
                raise InvalidInput(f"Cannot read {source}: {exc.strerror or exc}") from None
        else:
            parsed = parse_bundle_text(source, self.table, growth_tables=self.growth_tables)
        total = parsed.set_count
        if progress is not None:
            progress(0, total)

        def work(s: Session) -> ImportReport:
            by = acting_user(s, actor)
            require_role(by, "admin")
            merge = _Merge(s, by)
            merge.progress, merge.total = progress, total
            pairs: list[tuple[int, ParsedSet]] = []
            for item, patient_id, why in merge.patients(list(parsed.patients)):
                for parsed_set in item.sets if patient_id is None else ():
                    merge._set_problem(parsed_set, why)
                    merge._tick()
                if patient_id is not None:
                    pairs += [(patient_id, x) for x in _chain_order(item.sets)]
            merge.sets(pairs)
            counts = merge.counts
            problems = tuple(
                sorted(
                    [*parsed.problems, *merge.problems],
                    key=lambda p: (p.entry is not None, p.entry or 0),
                )
            )
            audit(
                s,
                by,
                "import",
                format="fhir",
                entries=parsed.entries,
                problems=len(problems),
                **cast(dict[str, Any], counts),
            )
            return ImportReport(
                entries=parsed.entries, ignored=parsed.ignored, problems=problems, **counts
            )

        try:
            report: ImportReport = self.db.run(work)
        except IntegrityError:
            raise Conflict(
                "Another import or recording changed the same records at the same time. "
                "Run the import again: what is already here is skipped."
            ) from None
        return report

    def import_ndjson(
        self,
        folder: Path,
        actor: StaffUserOut | None,
        *,
        progress: Progress | None = None,
        sets_per_batch: int = SETS_PER_BATCH,
    ) -> ImportReport:
        """Merge FHIR Bulk Data NDJSON files (Patient.ndjson, Observation.ndjson and, when there
        is one, Practitioner.ndjson, as `export_ndjson` writes them) into this database.

        The files are read line by line and merged in batches, each batch one transaction, so
        memory stays flat whatever their size. The checks are those of `import_fhir`: nothing
        in the files is trusted, every set goes through the clinical core. Patients are matched
        by MRN and sets by their uid, so an import stopped half-way (a kill, a power cut) is
        completed by running it again, with nothing duplicated."""
        folder = Path(folder)
        files = {kind: folder / f"{kind}.ndjson" for kind in NDJSON_KINDS}
        if not folder.is_dir():
            raise InvalidInput(f"Cannot read {folder}: it is not a folder.")
        if not files["Patient"].is_file():
            raise InvalidInput(
                f"{folder} has no Patient.ndjson: give the folder `vitalsdesk export ndjson` "
                "wrote (FHIR Bulk Data files, one per resource type)."
            )
        self.db.run(lambda s: require_role(acting_user(s, actor), "admin"))
        reader = NdjsonReader(self.table, growth_tables=self.growth_tables)
        run = _NdjsonRun(self.db, actor, reader, progress)
        try:
            run.total = sum(_line_count(path) for path in files.values() if path.is_file())
            run.tick(0)
            if files["Practitioner"].is_file():
                for number, text in ndjson_lines(files["Practitioner"]):
                    reader.practitioner("Practitioner.ndjson", number, text)
                    run.tick(1)
            if files["Device"].is_file():
                for number, text in ndjson_lines(files["Device"]):
                    reader.device("Device.ndjson", number, text)
                    run.tick(1)
            patients: list[ParsedPatient] = []
            for number, text in ndjson_lines(files["Patient"]):
                parsed = reader.patient("Patient.ndjson", number, text)
                if parsed is not None:
                    patients.append(parsed)
                run.tick(1)
                if len(patients) >= PATIENTS_PER_BATCH:
                    run.patients(patients)
                    patients = []
            run.patients(patients)
            pending: list[tuple[str, ParsedSet]] = []
            if files["Observation"].is_file():
                for number, text in ndjson_lines(files["Observation"]):
                    pending += reader.observation("Observation.ndjson", number, text)
                    run.tick(1)
                    if len(pending) >= sets_per_batch:
                        run.sets(pending)
                        pending = []
            run.sets([*pending, *reader.finish()])
            run.note(reader.take_problems())
        except OSError as exc:
            raise InvalidInput(f"Cannot read {folder}: {exc.strerror or exc}") from None
        except IntegrityError:
            raise Conflict(
                "Another import or recording changed the same records at the same time. "
                "Run the import again: what is already here is skipped."
            ) from None
        counts = run.counts

        def summary(s: Session) -> None:
            audit(
                s,
                acting_user(s, actor),
                "import",
                format="ndjson",
                entries=reader.lines,
                problems=len(run.problems) + run.not_listed,
                **cast(dict[str, Any], counts),
            )

        self.db.run(summary)
        return ImportReport(
            entries=reader.lines,
            ignored=reader.ignored,
            problems=tuple(run.problems),
            problems_not_listed=run.not_listed,
            **counts,
        )


def _line_count(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class _NdjsonRun:
    """One NDJSON import: its batches (each one transaction), counts and problems."""

    def __init__(
        self,
        db: Database,
        actor: StaffUserOut | None,
        reader: NdjsonReader,
        progress: Progress | None,
    ) -> None:
        self.db = db
        self.actor = actor
        self.reader = reader
        self.progress = progress
        self.total = 0
        self.done = 0
        self.counts = {
            "patients_registered": 0,
            "patients_matched": 0,
            "sets_imported": 0,
            "sets_already_present": 0,
            "sets_marked_entered_in_error": 0,
        }
        self.problems: list[EntryProblem] = []
        self.not_listed = 0

    def tick(self, lines: int) -> None:
        self.done += lines
        if self.progress is not None and (lines == 0 or self.done % 100 == 0):
            self.progress(min(self.done, self.total), self.total)

    def note(self, problems: list[EntryProblem]) -> None:
        room = max(0, MAX_LISTED_PROBLEMS - len(self.problems))
        self.problems += problems[:room]
        self.not_listed += len(problems) - len(problems[:room])

    def _add(self, merge: _Merge) -> None:
        for key, n in merge.counts.items():
            self.counts[key] += n
        self.note(merge.problems)

    def patients(self, batch: list[ParsedPatient]) -> None:
        if not batch:
            return

        def work(s: Session) -> _Merge:
            merge = _Merge(s, acting_user(s, self.actor), "Patient.ndjson")
            for item, patient_id, _why in merge.patients(batch):
                if patient_id is None and item.full_url is not None:
                    self.reader.forget_patient(item.full_url)
            return merge

        self._add(self.db.run(work))
        self.note(self.reader.take_problems())

    def sets(self, batch: list[tuple[str, ParsedSet]]) -> None:
        if not batch:
            return
        by_mrn: dict[str, list[ParsedSet]] = {}
        for mrn, parsed in batch:
            by_mrn.setdefault(mrn, []).append(parsed)

        def work(s: Session) -> _Merge:
            merge = _Merge(s, acting_user(s, self.actor), "Observation.ndjson")
            found = s.execute(select(Patient.mrn, Patient.id).where(Patient.mrn.in_(by_mrn)))
            ids = {mrn: patient_id for mrn, patient_id in found}
            pairs: list[tuple[int, ParsedSet]] = []
            for mrn, sets in by_mrn.items():
                patient_id = ids.get(mrn)
                for parsed in _chain_order(tuple(sets)):
                    if patient_id is None:
                        merge._set_problem(parsed, "its patient is not in this database")
                    else:
                        pairs.append((patient_id, parsed))
            merge.sets(pairs)
            return merge

        self._add(self.db.run(work))
        self.note(self.reader.take_problems())


class _Refused(Exception):
    """A set that cannot be merged, with the reason (a problem of its panel's entry)."""


class _Merge:
    """One import's writes, inside one transaction. Every set it adds is recorded by the
    clinic's import actor; the people the file names are kept as its text beside the set.

    Patients and sets are merged a batch at a time: one query finds which of the batch are here
    already, the new rows go in with one executemany per table, and their audit events (one per
    patient registered and per set imported, as a save writes them) are chained and inserted
    together. Sets that need a look at what is here (an amendment, a set already present, a uid
    twice in the batch) take the one-at-a-time path after the batch's new sets are in."""

    def __init__(self, s: Session, by: StaffUser, file: str | None = None) -> None:
        self.s = s
        self.by = by
        self.file = file  # the NDJSON file of the sets (None: a bundle)
        self._actor: StaffUser | None = None
        self.problems: list[EntryProblem] = []
        self.done = 0
        self.progress: Progress | None = None
        self.total = 0
        self.counts = {
            "patients_registered": 0,
            "patients_matched": 0,
            "sets_imported": 0,
            "sets_already_present": 0,
            "sets_marked_entered_in_error": 0,
        }

    @property
    def actor(self) -> StaffUser:
        if self._actor is None:
            self._actor = import_actor(self.s, self.by)
        return self._actor

    def _problem(
        self, entry: int, url: str | None, kind: str, message: str, file: str | None = None
    ) -> None:
        self.problems.append(
            EntryProblem(entry=entry, full_url=url, resource_type=kind, message=message, file=file)
        )

    def _set_problem(self, item: ParsedSet, message: str) -> None:
        self._problem(item.entry, item.full_url, "Observation", message, self.file)

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    # -- patients ----------------------------------------------------------------------------------

    def patients(self, items: list[ParsedPatient]) -> list[tuple[ParsedPatient, int | None, str]]:
        """Each patient with the id of the patient here with the file's MRN (registered when
        there is none), or None and what to say of its sets; a patient registered here
        otherwise is a problem."""
        here: dict[str, Patient] = {}
        mrns = [item.record.mrn for item in items]
        for start in range(0, len(mrns), _CHUNK):
            chunk = mrns[start : start + _CHUNK]
            here.update(
                (p.mrn, p) for p in self.s.scalars(select(Patient).where(Patient.mrn.in_(chunk)))
            )
        out: list[tuple[ParsedPatient, int | None, str]] = []
        new: list[tuple[int, ParsedPatient, dict[str, Any]]] = []  # (place in out, item, row)
        new_mrns: set[str] = set()
        for item in items:
            record = item.record
            row = here.get(record.mrn)
            if row is not None:
                out.append((item, *self._matched(item, row)))
                continue
            values = self._registration(item)
            if values is None:
                out.append((item, None, "its patient could not be registered"))
            elif values["mrn"] in new_mrns:
                # Two of the file's MRNs that are one MRN here: the second one is matched to the
                # first (after it is registered), as one patient at a time would be.
                out.append((item, None, ""))
                new.append((len(out) - 1, item, {}))
            else:
                new_mrns.add(values["mrn"])
                out.append((item, None, "its patient could not be registered"))
                new.append((len(out) - 1, item, values))
        rows = [values for _, _, values in new if values]
        if rows:
            table = cast(Table, Patient.__table__)
            ids = (
                self.s.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
                )
                .scalars()
                .all()
            )
            audit_batch(
                self.s,
                self.by,
                [
                    _event(
                        "patient_registered",
                        patient_id=pid,
                        entity="patient",
                        entity_id=pid,
                        via="import",
                    )
                    for pid in ids
                ],
            )
            self.counts["patients_registered"] += len(ids)
            registered = iter(ids)
            for place, item, values in new:
                if values:
                    out[place] = (item, next(registered), "")
        for place, item, values in new:
            if not values:  # matched now against the row registered just above
                row = self.s.scalar(select(Patient).where(Patient.mrn == item.record.mrn))
                if row is None:
                    out[place] = (item, None, "its patient could not be registered")
                else:
                    out[place] = (item, *self._matched(item, row))
        return out

    def _matched(self, item: ParsedPatient, row: Patient) -> tuple[int | None, str]:
        record = item.record
        differs = _differences(row, record)
        if differs:
            file = self.file
            sets = f"its {len(item.sets)} vital-sign sets are" if not file else "its sets are"
            self._problem(
                item.entry,
                item.full_url,
                "Patient",
                f"MRN {record.mrn} is registered here with another {', '.join(differs)}: "
                f"{sets} not imported. Check which record is right, correct it, then import "
                "again.",
                file,
            )
            return None, "its patient does not match the one here (see above)"
        self.counts["patients_matched"] += 1
        return row.id, ""

    def _registration(self, item: ParsedPatient) -> dict[str, Any] | None:
        """The patient row's columns, checked as the registration form checks them."""
        record = item.record
        try:
            data = PatientIn(
                mrn=record.mrn,
                family_name=record.family_name,
                given_name=record.given_name,
                birth_date=record.birth_date,
                sex=record.sex,  # type: ignore[arg-type]
                preferred_language=record.preferred_language,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            self._problem(
                item.entry, item.full_url, "Patient", f"not registered: {describe(exc)}", self.file
            )
            return None
        now = utcnow()
        return {
            "mrn": data.mrn,
            "family_name": data.family_name,
            "given_name": data.given_name,
            "family_key": search_key(data.family_name),
            "given_key": search_key(data.given_name),
            "birth_date": data.birth_date,
            "sex": data.sex.value,
            "preferred_language": data.preferred_language,
            "is_sample": record.is_sample,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }

    # -- sets ----------------------------------------------------------------------------------------

    def sets(self, pairs: list[tuple[int, ParsedSet]]) -> None:
        """Merge these sets (each with its patient's id here; each after the set it replaces)."""
        uids = [item.record.uid for _, item in pairs]
        present: set[str] = set()
        for start in range(0, len(uids), _CHUNK):
            chunk = uids[start : start + _CHUNK]
            present.update(self.s.scalars(select(SetRow.uid).where(SetRow.uid.in_(chunk))))
        fresh: list[tuple[int, ParsedSet]] = []
        one_by_one: list[tuple[int, ParsedSet]] = []
        for patient_id, item in pairs:
            record = item.record
            from_device = any(m.device is not None for m in record.measurements)
            if record.uid in present or record.replaces_uid is not None or from_device:
                one_by_one.append((patient_id, item))
            else:
                present.add(record.uid)  # a second set with this uid is already present
                fresh.append((patient_id, item))
        for start in range(0, len(fresh), _CHUNK):
            self._insert_sets(fresh[start : start + _CHUNK])
        for patient_id, item in one_by_one:
            self._set(patient_id, item)
            self._tick()

    def _insert_sets(self, batch: list[tuple[int, ParsedSet]]) -> None:
        if not batch:
            return
        actor_id = self.actor.id
        table = cast(Table, SetRow.__table__)
        ids = (
            self.s.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [_set_values(pid, item.record, actor_id, None) for pid, item in batch],
            )
            .scalars()
            .all()
        )
        values: list[dict[str, Any]] = []
        readings: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for set_id, (patient_id, item) in zip(ids, batch, strict=True):
            record = item.record
            values += measurement_values(set_id, record.measurements)
            readings += _reading_values(set_id, record)
            events.append(
                _event(
                    "vitals_imported",
                    patient_id=patient_id,
                    entity="vital_sign_set",
                    entity_id=set_id,
                    status=record.status,
                    replaces=None,
                )
            )
        if values:  # an empty list would be one insert of defaults, not none
            self.s.execute(insert(_MEASUREMENTS), values)
        if readings:
            self.s.execute(insert(_READINGS), readings)
        audit_batch(self.s, self.by, events)
        self.counts["sets_imported"] += len(batch)
        for _ in batch:
            self._tick()

    def _set(self, patient_id: int, item: ParsedSet) -> None:
        existing = self.s.scalar(select(SetRow).where(SetRow.uid == item.record.uid))
        if existing is not None:
            self._existing(patient_id, existing, item)
            return
        try:
            replaced = self._replaced(patient_id, item.record)
        except _Refused as exc:
            self._set_problem(item, str(exc))
            return
        row = self._add_set(patient_id, item.record, replaced)
        audit(
            self.s,
            self.by,
            "vitals_imported",
            patient_id=patient_id,
            entity="vital_sign_set",
            entity_id=row.id,
            status=row.status,
            replaces=row.replaces_id,
        )
        self.counts["sets_imported"] += 1

    def _replaced(self, patient_id: int, record: SetRecord) -> SetRow | None:
        """The set an amendment replaces: here already, of the same patient, not yet amended."""
        if record.replaces_uid is None:
            return None
        replaced = self.s.scalar(select(SetRow).where(SetRow.uid == record.replaces_uid))
        if replaced is None:
            raise _Refused(
                f"it replaces set {record.replaces_uid}, which is neither in this database "
                "nor imported from this bundle"
            )
        if replaced.patient_id != patient_id:
            raise _Refused("the set it replaces belongs to another patient")
        other = self.s.scalar(select(SetRow.uid).where(SetRow.replaces_id == replaced.id))
        if other is not None:
            raise _Refused(
                f"set {record.replaces_uid} was already amended here by set {other}; "
                "two different amendments of one set cannot both be kept"
            )
        return replaced

    def _add_set(self, patient_id: int, record: SetRecord, replaced: SetRow | None) -> SetRow:
        """The set and its values, recorded by the import actor. Nobody here confirmed that a
        clinician was told: the source's word on it is kept apart."""
        row = SetRow(**_set_values(patient_id, record, self.actor.id, replaced))
        self.s.add(row)
        self.s.flush()
        values = measurement_rows(row.id, record.measurements)
        for value, reading_id in zip(values, self._device_readings(row, record), strict=True):
            value.device_reading_id = reading_id
        self.s.add_all(values)
        self.s.add_all(BpReadingRow(**v) for v in _reading_values(row.id, record))
        if replaced is not None:
            replaced.superseded = True
        self.s.flush()
        return row

    def _device_readings(self, row: SetRow, record: SetRecord) -> list[int | None]:
        """For each value of the set, the device reading it came from (None: typed): one reading
        per device, kept as provenance of an imported set. The file carries no payload, so the
        reading holds none; the device is this clinic's when it has the same identifier, else a
        record of it that is never a paired device of this clinic (transport "import", not
        active: it is not offered on the Devices page)."""
        readings: dict[str, int] = {}
        out: list[int | None] = []
        for m in record.measurements:
            if m.device is None:
                out.append(None)
                continue
            if m.device.uid not in readings:
                reading = DeviceReading(
                    device_id=self._device(m.device),
                    characteristic="",
                    payload_hex="",
                    device_time=None,
                    received_at=record.recorded_at,
                    status=SAVED,
                    patient_id=row.patient_id,
                    set_id=row.id,
                    decided_by_id=self.actor.id,
                    decided_at=utcnow(),
                )
                self.s.add(reading)
                self.s.flush()
                readings[m.device.uid] = reading.id
            out.append(readings[m.device.uid])
        return out

    def _device(self, device: DeviceRef) -> int:
        found = self.s.scalar(select(Device.id).where(Device.uid == device.uid))
        if found is not None:
            return found
        row = Device(
            uid=device.uid,
            name=device.name[:80],
            model=device.model,
            serial=device.serial,
            manufacturer=device.manufacturer,
            address=f"import:{device.uid}",
            transport="import",
            characteristics="",
            added_by_id=self.actor.id,
            active=False,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def _existing(self, patient_id: int, row: SetRow, item: ParsedSet) -> None:
        """A set this database has already: only an entered-in-error marking can be news."""
        record = item.record
        if row.patient_id != patient_id:
            self._set_problem(item, f"set {record.uid} belongs to another patient here")
            return
        if record.status == "entered-in-error" and row.status != "entered-in-error":
            row.status = "entered-in-error"
            row.error_reason = record.error_reason
            row.error_marked_at = record.error_marked_at or datetime.now(UTC)
            row.error_marked_by_id = self.actor.id
            row.source_error_marked_by = _source_text(
                record.source_error_marked_by, record.error_marked_by
            )
            self.s.flush()
            audit(
                self.s,
                self.by,
                "vitals_entered_in_error",
                patient_id=patient_id,
                entity="vital_sign_set",
                entity_id=row.id,
                via="import",
            )
            self.counts["sets_marked_entered_in_error"] += 1
            return
        self.counts["sets_already_present"] += 1


def _set_values(
    patient_id: int, record: SetRecord, actor_id: int, replaced: SetRow | None
) -> dict[str, Any]:
    """The vital_sign_set columns of an imported set, recorded by the import actor. Nobody here
    confirmed that a clinician was told: the source's word on it is kept apart."""
    offset = record.taken_at.utcoffset() or timedelta(0)
    voided = record.status == "entered-in-error"
    return {
        "uid": record.uid,
        "patient_id": patient_id,
        "visit_id": None,
        "taken_at": record.taken_at,
        "taken_at_utc_offset_minutes": int(offset.total_seconds() // 60),
        "recorded_at": record.recorded_at,
        "recorded_by_id": actor_id,
        "source_performer": _source_text(record.source_performer, record.recorded_by),
        "status": record.status,
        "replaces_id": replaced.id if replaced is not None else None,
        "superseded": False,
        "amend_reason": record.amend_reason,
        "error_reason": record.error_reason,
        "error_marked_at": (record.error_marked_at or utcnow()) if voided else None,
        "error_marked_by_id": actor_id if voided else None,
        "source_error_marked_by": _source_text(
            record.source_error_marked_by, record.error_marked_by
        )
        if voided
        else None,
        "clinician_notified": False,
        "source_clinician_notified": record.source_clinician_notified,
        "reference_ranges_version": record.reference_ranges_version[:80],
        "bmi_value": record.bmi_value,
        "bmi_category": record.bmi_category,
        "bmi_confirm_reason": record.bmi_confirm_reason,
        "bp_category": record.bp_category,
        "version": 1,
    }


def _reading_values(set_id: int, record: SetRecord) -> list[dict[str, Any]]:
    """The bp_reading rows of a guided blood pressure, in the order they were taken."""
    rows = []
    for n, reading in enumerate(record.bp_readings, start=1):
        offset = reading.taken_at.utcoffset() or timedelta(0)
        rows.append(
            {
                "set_id": set_id,
                "position_in_set": n,
                "systolic_text": reading.systolic_text,
                "diastolic_text": reading.diastolic_text,
                "unit": reading.unit,
                "taken_at": reading.taken_at,
                "taken_at_utc_offset_minutes": int(offset.total_seconds() // 60),
                "body_position": reading.position,
                "heart_rate_text": reading.heart_rate_text,
            }
        )
    return rows


def _event(action: str, **fields: Any) -> dict[str, Any]:
    """An audit event of `audit_batch`: its action, columns and detail, as `audit` takes them."""
    return {"action": action, **fields}


def audit_batch(s: Session, by: StaffUser, events: list[dict[str, Any]]) -> None:
    """Chain these events onto the audit log and insert them with one executemany: the same
    events, hashes and head as `audit` called once for each (a read-only database journals each
    through `audit`)."""
    if not events:
        return
    db = s.info.get("database")
    if not isinstance(db, Database) or db.read_only:
        for event in events:
            fields = dict(event)
            action = fields.pop("action")
            audit(s, by, action, **fields)
        return
    head = s.scalar(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())
    if head is None:
        head = rebuild_head(s, db)
    key = writing_key(db, head)
    rows = []
    seq, digest = head.seq, head.hash
    at = utcnow()
    for event in events:
        fields = dict(event)
        action = fields.pop("action")
        content = {
            "at": at,
            "user_id": by.id,
            "username": by.username,
            "action": action,
            "patient_id": fields.pop("patient_id", None),
            "entity": fields.pop("entity", None),
            "entity_id": fields.pop("entity_id", None),
            "detail": fields,
        }
        seq += 1
        new = keyed_event_hash(key, seq, digest, content)
        rows.append({**content, "seq": seq, "prev_hash": digest, "hash": new})
        digest = new
    s.execute(insert(_EVENTS), rows)
    head.seq, head.hash = seq, digest
    s.info["audit_head"] = (seq, digest, head.keyed_from)


def _differences(row: Patient, record: PatientRecord) -> list[str]:
    """What a patient registered here under the file's MRN has otherwise (empty: the same)."""
    return [
        what
        for what, same in (
            ("birth date", row.birth_date == record.birth_date),
            ("sex", row.sex == record.sex),
            ("family name", row.family_key == search_key(record.family_name)),
            ("given name", row.given_key == search_key(record.given_name)),
        )
        if not same
    ]


def _source_text(text: str | None, staff: StaffRef | None) -> str | None:
    """The source's words for a person; a staff reference in a record is only words too."""
    if text:
        return text[:SOURCE_TEXT_LENGTH]
    if staff is not None:
        return person_text(staff.display_name, staff.username) or None
    return None


def _chain_order(sets: tuple[ParsedSet, ...]) -> list[ParsedSet]:
    """The sets with each one after the set it replaces (when both are in the bundle)."""
    by_uid = {p.record.uid: p for p in sets}
    ordered: list[ParsedSet] = []
    placed: set[str] = set()

    def place(item: ParsedSet, path: frozenset[str]) -> None:
        uid = item.record.uid
        if uid in placed:
            return
        before = item.record.replaces_uid
        if before in by_uid and before not in path:
            place(by_uid[before], path | {uid})
        placed.add(uid)
        ordered.append(item)

    for item in sets:
        place(item, frozenset())
    return ordered
