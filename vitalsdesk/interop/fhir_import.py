"""FHIR R4 import: read a Bundle back into interchange records, validated like any other input.

`parse_bundle` never raises on bad input. Every problem becomes an `EntryProblem` naming the entry
(its index in Bundle.entry and its fullUrl) and saying what is wrong; what is valid is returned.
A vital-sign set is all or nothing: one value the clinical core rejects keeps the whole set out.

Steps: the JSON text; the Bundle envelope and each entry, parsed with fhir.resources (R4B models,
structurally identical to R4 for every element used here); Patients (by MRN) and Practitioners;
each vital-signs panel (85353-1) with its hasMember Observations; then the values through the
clinical core (`measurements` models for shape and unit, `assess` for the plausibility limits and
the confirmation tier), exactly as the record form and `vitalsdesk record` do.

Nothing in the file about what the values mean is trusted: flags, categories and which values
needed a confirmation are recomputed from the values, the patient's age when they were taken and
this clinic's range table. Who took the readings, who marked a set entered in error and whether a
clinician was told come back only as what the source said (`source_*` fields of the record).
Growth percentile members (derived values) are not read: they are computed again from the
imported values. A guided blood pressure comes back as its readings (each BP Observation with its
time and position, and in an orthostatic set the pulse taken with it); the set's BP is made from
them by the clinical core, and the file's (a US Core Average Blood Pressure, or an orthostatic
set's lying reading) must be that one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from vitalsdesk.clinical.assessment import Assessment, assess
from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.measurements import (
    LABELS,
    MODEL_OF,
    AdministrativeSex,
    BpReading,
    Measurements,
    Quantity,
    VitalSignSet,
    in_time_order,
    is_orthostatic,
)
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.clinical.text import text_problem
from vitalsdesk.clinical.units import as_entered
from vitalsdesk.interop import codes as c
from vitalsdesk.interop import fhir_shapes
from vitalsdesk.interop.records import (
    BpReadingRecord,
    DeviceRef,
    PatientRecord,
    SetRecord,
    assessed_measurements,
    bmi_confirm_reason,
    person_text,
)
from vitalsdesk.vocabulary import LANGUAGES

KEPT_STATUSES = ("final", "amended", "entered-in-error")
GROWTH_PERCENTILE_IGNORED = "growth percentile Observation"
_GENDERS = tuple(sex.value for sex in AdministrativeSex)
_MAX_UID = 36  # vital_sign_set.uid
# Read the shapes fhir_shapes knows from the plain dicts (False: every resource through the
# fhir.resources models; the tests compare the two).
FAST_SHAPES = True


class EntryProblem(BaseModel):
    """Why one entry (or the bundle itself, entry None) was not imported."""

    model_config = ConfigDict(frozen=True)

    entry: int | None  # the index in Bundle.entry; for an NDJSON file, the line number
    full_url: str | None = None
    resource_type: str | None = None
    message: str
    file: str | None = None  # the NDJSON file (None: a bundle)

    def __str__(self) -> str:
        if self.file is not None:
            where = self.file if self.entry is None else f"{self.file} line {self.entry}"
            what = " ".join(x for x in (self.resource_type, self.full_url) if x)
            return f"{where}{f' ({what})' if what else ''}: {self.message}"
        if self.entry is None:
            return f"bundle: {self.message}"
        what = " ".join(x for x in (self.resource_type, self.full_url) if x)
        return f"entry {self.entry}{f' ({what})' if what else ''}: {self.message}"


class ParsedSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    record: SetRecord
    entry: int  # the panel's index in Bundle.entry
    full_url: str | None


class ParsedPatient(BaseModel):
    model_config = ConfigDict(frozen=True)

    record: PatientRecord
    entry: int
    full_url: str | None
    sets: tuple[ParsedSet, ...] = ()


class ParsedBundle(BaseModel):
    model_config = ConfigDict(frozen=True)

    patients: tuple[ParsedPatient, ...]
    problems: tuple[EntryProblem, ...]
    entries: int
    ignored: dict[str, int]  # resource types that an import does not use, with their counts

    @property
    def set_count(self) -> int:
        return sum(len(p.sets) for p in self.patients)


class _Invalid(Exception):
    """Problems with entries; raised inside the parsing of a set to abandon the whole set."""

    def __init__(self, entry: _Entry, message: str, *more: tuple[_Entry, str]) -> None:
        super().__init__(message)
        self.problems = [(entry, message), *more]


@dataclass
class _Entry:
    index: int
    full_url: str | None
    resource_type: str
    resource: Any  # the fhir.resources model
    patient: PatientRecord | None = None  # a Patient that could be read
    file: str | None = None  # the NDJSON file it is a line of

    def problem(self, message: str) -> EntryProblem:
        return EntryProblem(
            entry=self.index,
            full_url=self.full_url,
            resource_type=self.resource_type,
            message=message,
            file=self.file,
        )


@dataclass
class _Context:
    table: RangeTable
    now: datetime | None = None  # the moment of checking (decision 19); None reads the clock
    growth_tables: GrowthTables | None = None
    by_url: dict[str, _Entry] = field(default_factory=dict)
    patients: dict[str, tuple[_Entry, PatientRecord]] = field(default_factory=dict)
    staff: dict[str, str | None] = field(default_factory=dict)  # Practitioner -> its text
    devices: dict[str, DeviceRef] = field(default_factory=dict)  # Device -> what it says
    problems: list[EntryProblem] = field(default_factory=list)

    # NDJSON: the patients already read, by "Patient/id" (kept small: not every Patient entry)
    lookup: Callable[[str], _Entry | None] | None = None

    def resolve(self, reference: Any) -> _Entry | None:
        ref = getattr(reference, "reference", None)
        if not ref:
            return None
        found = self.by_url.get(ref)
        if found is None and self.lookup is not None:
            found = self.lookup(ref)
        return found


# -- entry points ----------------------------------------------------------------------------------


def read_json(text: str | bytes) -> tuple[Any, EntryProblem | None]:
    """The JSON document, with every decimal exactly as written (or the problem)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant), None
    except UnicodeDecodeError:
        return None, EntryProblem(entry=None, message="the file is not UTF-8 text")
    except json.JSONDecodeError as exc:
        return None, EntryProblem(
            entry=None,
            message=f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
    except RecursionError:
        return None, EntryProblem(entry=None, message="not valid JSON: nested too deeply")
    except ValueError as exc:
        return None, EntryProblem(entry=None, message=f"not usable JSON: {exc}")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_bundle_text(
    text: str | bytes,
    table: RangeTable,
    now: datetime | None = None,
    *,
    growth_tables: GrowthTables | None = None,
) -> ParsedBundle:
    document, problem = read_json(text)
    if problem is not None:
        return ParsedBundle(patients=(), problems=(problem,), entries=0, ignored={})
    return parse_bundle(document, table, now, growth_tables=growth_tables)


def parse_bundle(
    document: Any,
    table: RangeTable,
    now: datetime | None = None,
    *,
    growth_tables: GrowthTables | None = None,
) -> ParsedBundle:
    """`table`: this clinic's range table; `now`: the moment of checking (None: the clock);
    `growth_tables`: a child's values are checked against the growth charts' implausible-value
    limits as the record form does (a value outside them must be marked confirmed)."""
    raw_entries, problem = _envelope(document)
    if problem is not None:
        return _unusable(problem)
    ctx = _Context(table=table, now=now, growth_tables=growth_tables)
    entries = [e for i, raw in enumerate(raw_entries) if (e := _parse_entry(i, raw, ctx))]
    return _read_entries(entries, len(raw_entries), ctx)


def parse_bundle_file(
    path: Path,
    table: RangeTable,
    now: datetime | None = None,
    *,
    growth_tables: GrowthTables | None = None,
) -> ParsedBundle:
    """`parse_bundle` of a file, read incrementally (ijson): each entry is parsed as it is read,
    so neither the file's text nor its whole JSON tree is ever held, only the parsed entries."""
    import ijson

    try:
        with path.open("rb") as handle:
            _skip_bom(handle)
            envelope, entry_kind = _stream_envelope(ijson.parse(handle, use_float=False))
        if envelope is None:
            return _unusable("the file is not a FHIR resource (a JSON object with a resourceType)")
        problem = _check_envelope(envelope, entry_kind)
        if problem is not None:
            return _unusable(problem)
        ctx = _Context(table=table, now=now, growth_tables=growth_tables)
        entries: list[_Entry] = []
        count = 0
        with path.open("rb") as handle:
            _skip_bom(handle)
            for index, raw in enumerate(ijson.items(handle, "entry.item", use_float=False)):
                count = index + 1
                entry = _parse_entry(index, raw, ctx)
                if entry is not None:
                    entries.append(entry)
    except ijson.JSONError as exc:
        return _unusable(f"not valid JSON: {' '.join(str(exc).split())[:200]}")
    except UnicodeDecodeError:
        return _unusable("the file is not UTF-8 text")
    return _read_entries(entries, count, ctx)


def _skip_bom(handle: Any) -> None:
    if handle.read(3) != b"\xef\xbb\xbf":
        handle.seek(0)


def _stream_envelope(events: Iterator[tuple[str, str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """The top-level members of the document but its entries, from ijson events, and what
    Bundle.entry is ("list", "none" or "other"). None: the document is not a JSON object."""
    import ijson

    builder = ijson.ObjectBuilder()
    entry_kind = "none"
    in_entry = False
    for prefix, event, value in events:
        if prefix == "":
            if event == "map_key" and value == "entry":
                in_entry = True
                continue
            if event not in ("start_map", "end_map", "map_key"):
                return None, entry_kind  # a list or a scalar at the top
        elif in_entry and prefix == "entry" and entry_kind == "none":
            entry_kind = "list" if event == "start_array" else "other"
            in_entry = event in ("start_array", "start_map")  # a scalar is over at once
            continue
        if in_entry:
            if prefix == "entry" or prefix.startswith("entry."):
                continue
            in_entry = False
        builder.event(event, value)
    value = builder.value
    return (value if isinstance(value, dict) else None), entry_kind


def _unusable(problem: str) -> ParsedBundle:
    return ParsedBundle(
        patients=(), problems=(EntryProblem(entry=None, message=problem),), entries=0, ignored={}
    )


def _read_entries(entries: list[_Entry], count: int, ctx: _Context) -> ParsedBundle:
    """The Patients and Practitioners, then each panel with its members."""
    ignored: dict[str, int] = {}
    for entry in entries:
        if entry.resource_type in _READERS:
            reader = _READERS[entry.resource_type]
            try:
                reader(entry, ctx)
            except Exception as exc:  # a shape no rule above foresaw: report it, never crash
                ctx.problems.append(entry.problem(_unexpected(exc)))
        elif entry.resource_type != "Observation":
            ignored[entry.resource_type] = ignored.get(entry.resource_type, 0) + 1
    sets_by_patient = _read_sets(
        [e for e in entries if e.resource_type == "Observation"], ctx, ignored
    )
    patients = tuple(
        ParsedPatient(
            record=record,
            entry=entry.index,
            full_url=entry.full_url,
            sets=tuple(sets_by_patient.get(mrn, ())),
        )
        for mrn, (entry, record) in ctx.patients.items()
    )
    problems = sorted(ctx.problems, key=lambda p: (p.entry is not None, p.entry or 0))
    return ParsedBundle(patients=patients, problems=tuple(problems), entries=count, ignored=ignored)


def _envelope(document: Any) -> tuple[list[Any], str | None]:
    """The raw entries of a Bundle, or why the document is not one."""
    if not isinstance(document, dict):
        return [], "the file is not a FHIR resource (a JSON object with a resourceType)"
    raw_entries = document.get("entry", [])
    kind = "list" if isinstance(raw_entries, list) else "other"
    problem = _check_envelope(document, kind if "entry" in document else "none")
    return (raw_entries if problem is None else []), problem


def _check_envelope(document: dict[str, Any], entry_kind: str) -> str | None:
    """Why the document (its entries aside) is not a usable Bundle; None when it is one."""
    from fhir.resources.R4B.bundle import Bundle

    kind = document.get("resourceType")
    if kind != "Bundle":
        return f'resourceType is {json.dumps(kind, default=str)}, expected "Bundle"'
    if entry_kind == "other":
        return "Bundle.entry must be a list"
    try:
        Bundle.model_validate({k: v for k, v in document.items() if k != "entry"})
    except (ValidationError, ValueError, TypeError, KeyError) as exc:
        return f"not a valid FHIR Bundle: {_describe(exc)}"
    return None


def _read_sets(
    observations: list[_Entry], ctx: _Context, ignored: dict[str, int]
) -> dict[str, list[ParsedSet]]:
    """Each vital-signs panel with its members, by the MRN of its patient; an Observation that is
    in no panel is a problem of its own (a growth percentile is counted in `ignored`)."""
    panels = [e for e in observations if _loinc_codes(e.resource.code) & {c.PANEL.concept.code}]
    claimed: set[int] = set()
    sets_by_patient: dict[str, list[ParsedSet]] = {}
    for panel in panels:
        claimed.add(panel.index)
        members = [ctx.resolve(ref) for ref in panel.resource.hasMember or []]
        claimed.update(m.index for m in members if m is not None)
        try:
            mrn, parsed = _read_set(panel, members, ctx)
        except _Invalid as exc:
            ctx.problems.extend(entry.problem(message) for entry, message in exc.problems)
            continue
        except Exception as exc:  # a shape no rule above foresaw: report it, never crash
            ctx.problems.append(panel.problem(_unexpected(exc)))
            continue
        sets_by_patient.setdefault(mrn, []).append(parsed)
    for entry in observations:
        if entry.index in claimed:
            continue
        if _loinc_codes(entry.resource.code) & c.GROWTH_PERCENTILE_LOINC:
            # Another system's growth percentile outside a panel: derived, computed here again.
            ignored[GROWTH_PERCENTILE_IGNORED] = ignored.get(GROWTH_PERCENTILE_IGNORED, 0) + 1
        else:
            ctx.problems.append(
                entry.problem(
                    "not part of a vital-signs panel (85353-1 with hasMember); not imported"
                )
            )
    return sets_by_patient


# -- entries ------------------------------------------------------------------------------------------


def _unexpected(exc: Exception) -> str:
    return f"could not be read ({exc.__class__.__name__}: {' '.join(str(exc).split())[:200]})"


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        errors = exc.errors(include_url=False)
        parts = []
        for err in errors[:3]:
            loc = ".".join(str(p) for p in err["loc"] if p != "resource")
            msg = " ".join(str(err["msg"]).removeprefix("Value error, ").split())
            parts.append(f"{loc}: {msg}" if loc else msg)
        if len(errors) > 3:
            parts.append(f"and {len(errors) - 3} more")
        return "; ".join(parts)
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _parse_entry(index: int, raw: Any, ctx: _Context) -> _Entry | None:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import BundleEntry

    def problem(message: str, url: str | None = None, kind: str | None = None) -> None:
        ctx.problems.append(
            EntryProblem(entry=index, full_url=url, resource_type=kind, message=message)
        )

    if not isinstance(raw, dict):
        problem("an entry must be a JSON object")
        return None
    url = raw.get("fullUrl") if isinstance(raw.get("fullUrl"), str) else None
    resource = raw.get("resource")
    if not isinstance(resource, dict):
        problem("the entry has no resource", url)
        return None
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind:
        problem("the resource has no resourceType", url)
        return None
    # The shapes VitalsDesk reads are checked on the plain dict (fhir_shapes); anything else is
    # built and validated with the fhir.resources models.
    resource_read: Any = fhir_shapes.read_entry(raw, kind) if FAST_SHAPES else None
    if resource_read is None:
        try:
            get_fhir_model_class(kind)
        except (ValueError, KeyError):
            problem(f"{json.dumps(kind)} is not a FHIR resource type", url)
            return None
        try:
            resource_read = BundleEntry.model_validate(raw).resource
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            problem(f"not a valid {kind}: {_describe(exc)}", url, kind)
            return None
    parsed = _Entry(index=index, full_url=url, resource_type=kind, resource=resource_read)
    keys = [url] if url else []
    if resource_read is not None and resource_read.id:
        keys.append(f"{kind}/{resource_read.id}")
    for key in keys:
        if key in ctx.by_url:
            problem(f"{key} is used by two entries (entry {ctx.by_url[key].index} too)", url, kind)
            return None
    for key in keys:
        ctx.by_url[key] = parsed
    return parsed


def _codes(concept: Any, system: str) -> list[str]:
    return [
        coding.code
        for coding in (getattr(concept, "coding", None) or [])
        if coding.system == system and coding.code
    ]


def _loinc_codes(concept: Any) -> set[str]:
    return set(_codes(concept, c.LOINC))


def _read_patient(entry: _Entry, ctx: _Context) -> None:
    p = entry.resource
    mrn = next(
        (i.value for i in p.identifier or [] if i.system == c.MRN_SYSTEM and i.value), None
    ) or next(
        (i.value for i in p.identifier or [] if "MR" in _codes(i.type, c.IDENTIFIER_TYPE)), None
    )
    problems: list[str] = []
    if not mrn:
        problems.append(f"no MRN (identifier with system {c.MRN_SYSTEM} or type MR)")
    names = p.name or []
    name = next((n for n in names if n.use == "official"), names[0] if names else None)
    family = (name.family or "").strip() if name else ""
    given = " ".join(g.strip() for g in (name.given or []) if g and g.strip()) if name else ""
    if not family or not given:
        problems.append("a family name and a given name are required")
    birth = p.birthDate if isinstance(p.birthDate, date) else None
    if birth is None:
        problems.append("birthDate (YYYY-MM-DD) is required")
    if p.gender not in _GENDERS:
        problems.append(f"gender ({', '.join(_GENDERS)}) is required")
    language = "en"
    for comm in p.communication or []:
        codes = _codes(comm.language, c.BCP47)
        if codes and (comm.preferred or language == "en"):
            language = codes[0].split("-")[0].lower()
    if problems:
        ctx.problems.append(entry.problem("; ".join(problems)))
        return
    assert mrn is not None and birth is not None
    if mrn in ctx.patients:
        ctx.problems.append(entry.problem(f"MRN {mrn} is in the bundle twice"))
        return
    labels = (p.meta.security or []) if p.meta is not None else []
    sample = any(x.system == c.ACT_REASON and x.code == "HTEST" for x in labels)
    try:
        record = PatientRecord(
            mrn=mrn.strip(),
            family_name=family,
            given_name=given,
            birth_date=birth,
            sex=p.gender,
            preferred_language=language if language in LANGUAGES else "en",
            is_sample=sample,
        )
    except ValidationError as exc:
        ctx.problems.append(entry.problem(_describe(exc)))
        return
    ctx.patients[mrn] = (entry, record)
    entry.patient = record
    if entry.full_url:
        ctx.by_url.setdefault(entry.full_url, entry)


def _read_practitioner(entry: _Entry, ctx: _Context) -> None:
    """What the source calls this person: their name and identifier, as text (never an account)."""
    p = entry.resource
    identifiers = [i for i in p.identifier or [] if i.value]
    ident = next((i.value for i in identifiers if i.system == c.STAFF_SYSTEM), None) or next(
        (i.value for i in identifiers), ""
    )
    name = (p.name or [None])[0]
    display = ""
    if name is not None:
        display = name.text or " ".join([*(name.given or []), name.family or ""]).strip()
    text = person_text(display, str(ident)) or None
    for key in (entry.full_url, f"Practitioner/{p.id}" if p.id else None):
        if key:
            ctx.staff[key] = text


def _read_device(entry: _Entry, ctx: _Context) -> None:
    """A device values came from (provenance only): kept when it has the identifier an export
    gives it; a Device without one is left out, and its values are imported as typed."""
    d = entry.resource
    uid = next(
        (i.value for i in d.identifier or [] if i.system == c.DEVICE_SYSTEM and i.value), None
    )
    if not uid or len(uid) > _MAX_UID:
        return
    names = d.deviceName or []
    name = next((n.name for n in names if n.type == "user-friendly-name"), None) or next(
        (n.name for n in names), None
    )
    model = next((n.name for n in names if n.type == "model-name"), None) or d.modelNumber
    try:
        device = DeviceRef(
            uid=uid,
            name=str(name or model or uid)[:80],
            model=model,
            serial=d.serialNumber,
            manufacturer=d.manufacturer,
        )
    except ValidationError as exc:
        ctx.problems.append(entry.problem(_describe(exc)))
        return
    for key in (entry.full_url, f"Device/{d.id}" if d.id else None):
        if key:
            ctx.devices[key] = device


_READERS: dict[str, Callable[[_Entry, _Context], None]] = {
    "Patient": _read_patient,
    "Practitioner": _read_practitioner,
    "Device": _read_device,
}


def _device_of(element: Any, ctx: _Context) -> DeviceRef | None:
    """The Device of this file an Observation says its value came from (None: typed, or a
    device the file does not describe)."""
    ref = getattr(getattr(element, "device", None), "reference", None)
    return ctx.devices.get(ref) if ref else None


def _person(reference: Any, ctx: _Context, entry: _Entry, what: str) -> str:
    """The source's text for the person a reference names (a Practitioner, a display or an
    identifier), as one plain line. Only text: a user name in a file never selects an account."""
    text = _person_text(reference, ctx, entry, what)
    problem = text_problem(text)
    if problem is not None:
        raise _Invalid(entry, f"the name of the {what} {problem}")
    return text


def _person_text(reference: Any, ctx: _Context, entry: _Entry, what: str) -> str:
    ref = getattr(reference, "reference", None)
    text = ctx.staff.get(ref) if ref else None
    if not text:
        ident = getattr(reference, "identifier", None)
        value = getattr(ident, "value", None) or ""
        text = person_text(getattr(reference, "display", None) or "", str(value))
    if not text:
        raise _Invalid(
            entry,
            f"{what} must say who it was: a Practitioner of this bundle with a name or an "
            "identifier, or a display",
        )
    return text


# -- vital-sign sets -----------------------------------------------------------------------------


def _extensions(element: Any, url: str) -> list[Any]:
    return [e for e in (getattr(element, "extension", None) or []) if e.url == url]


def _extension(element: Any, url: str) -> Any:
    found = _extensions(element, url)
    return found[0] if found else None


@dataclass
class _Header:
    """What the panel says about the set as a whole."""

    uid: str
    status: str
    subject: _Entry
    patient: PatientRecord
    taken_at: datetime
    recorded_at: datetime
    performer: str


@dataclass
class _Reading:
    """What the member Observations of one set say, before the clinical core checks it. Only the
    values and their confirmations: flags and categories in the file are never read."""

    quantities: dict[str, Quantity] = field(default_factory=dict)
    confirmed: dict[str, str] = field(default_factory=dict)  # measurement (or "bmi") -> reason
    bmi: Decimal | None = None
    entry_of: dict[str, _Entry] = field(default_factory=dict)  # measurement -> its Observation
    # A guided blood pressure: its readings (the set's BP is then made from them by the core).
    bp_readings: list[BpReading] = field(default_factory=list)
    devices: dict[str, DeviceRef] = field(default_factory=dict)  # measurement -> its device

    def entry(self, key: str, panel: _Entry) -> _Entry:
        return self.entry_of.get(key, panel)


def _read_set(panel: _Entry, members: list[_Entry | None], ctx: _Context) -> tuple[str, ParsedSet]:
    """One set, whole or not at all: the panel, its members, then the clinical core's verdict on
    the values. Flags, categories and confirmation tiers are this clinic's, from the values."""
    head = _read_header(panel, ctx)
    history = _read_history(panel, head.uid, ctx)
    reading = _read_members(panel, members, head.subject, ctx)
    vitals, assessment = _assess(panel, head, reading, ctx)
    measurements = tuple(
        m.model_copy(update={"device": reading.devices[m.code]}) if m.code in reading.devices else m
        for m in assessed_measurements(vitals, assessment)
    )
    record = SetRecord(
        uid=head.uid,
        taken_at=head.taken_at,
        recorded_at=head.recorded_at,
        source_performer=head.performer,
        status=head.status,
        reference_ranges_version=assessment.reference_ranges_version,
        bmi_value=assessment.bmi.value if assessment.bmi else None,
        bmi_category=assessment.bmi.category if assessment.bmi else None,
        bmi_confirm_reason=bmi_confirm_reason(vitals, assessment, ctx.table, ctx.now),
        bp_category=assessment.bp_category,
        measurements=measurements,
        bp_readings=tuple(
            BpReadingRecord(
                systolic_text=as_entered(r.systolic),
                diastolic_text=as_entered(r.diastolic),
                unit=r.unit.value,
                taken_at=r.taken_at,
                position=r.position.value,
                heart_rate_text=as_entered(r.heart_rate) if r.heart_rate is not None else None,
            )
            for r in in_time_order(vitals.bp_readings)
        ),
        **history,
    )
    return head.patient.mrn, ParsedSet(record=record, entry=panel.index, full_url=panel.full_url)


def _read_header(panel: _Entry, ctx: _Context) -> _Header:
    obs = panel.resource
    uid = next(
        (i.value for i in obs.identifier or [] if i.system == c.SET_SYSTEM and i.value), None
    )
    if not uid or len(uid) > _MAX_UID:
        raise _Invalid(
            panel, f"the panel needs an identifier with system {c.SET_SYSTEM} (up to 36 characters)"
        )
    if obs.status not in KEPT_STATUSES:
        raise _Invalid(
            panel, f'status "{obs.status}" is not kept; VitalsDesk keeps {", ".join(KEPT_STATUSES)}'
        )
    subject = ctx.resolve(obs.subject)
    if subject is None or subject.resource_type != "Patient":
        raise _Invalid(panel, "subject must reference a Patient entry of this bundle")
    patient = subject.patient
    if patient is None:
        raise _Invalid(panel, f"its Patient (entry {subject.index}) could not be imported")
    taken_at = obs.effectiveDateTime
    if not isinstance(taken_at, datetime) or taken_at.tzinfo is None:
        raise _Invalid(
            panel,
            "effectiveDateTime must be a date and time with its time zone, "
            "like 2026-11-27T09:30:00-05:00",
        )
    if not obs.performer:
        raise _Invalid(panel, "performer (who took the readings) is required")
    return _Header(
        uid=str(uid),
        status=str(obs.status),
        subject=subject,
        patient=patient,
        taken_at=taken_at,
        recorded_at=obs.issued if isinstance(obs.issued, datetime) else datetime.now(UTC),
        performer=_person(obs.performer[0], ctx, panel, "performer"),
    )


def _read_history(panel: _Entry, uid: str, ctx: _Context) -> dict[str, Any]:
    """The set's amendment and entered-in-error details, and what the source reported about
    telling a clinician (kept as the source's word, never as this clinic's confirmation)."""
    obs = panel.resource
    replaces_uid = None
    replaces = _extension(obs, c.EXT_REPLACES)
    if replaces is not None:
        replaces_uid = _replaced_uid(replaces.valueReference, panel, ctx)
    if obs.status == "amended" and replaces_uid is None:
        raise _Invalid(
            panel, f"an amended set must say which set it replaces (extension {c.EXT_REPLACES})"
        )
    if replaces_uid == uid:
        raise _Invalid(panel, "the set replaces itself")
    amend = _extension(obs, c.EXT_AMEND_REASON)
    error_reason = error_at = error_by = None
    eie = _extension(obs, c.EXT_ENTERED_IN_ERROR)
    if eie is not None:
        for part in eie.extension or []:
            if part.url == "reason":
                error_reason = part.valueString
            elif part.url == "at" and isinstance(part.valueDateTime, datetime):
                error_at = part.valueDateTime
            elif part.url == "by" and part.valueReference is not None:
                error_by = _person(part.valueReference, ctx, panel, "entered-in-error by")
    for what, reason in (
        ("amendment reason", amend.valueString if amend is not None else None),
        ("entered-in-error reason", error_reason),
    ):
        problem = text_problem(reason) if isinstance(reason, str) else None
        if problem is not None:
            raise _Invalid(panel, f"the {what} {problem}")
    reported = [
        bool(x.valueBoolean)
        for url in (c.EXT_CLINICIAN_NOTIFIED, c.EXT_CLINICIAN_NOTIFIED_BY_SOURCE)
        if (x := _extension(obs, url)) is not None
    ]
    return {
        "replaces_uid": replaces_uid,
        "amend_reason": amend.valueString if amend is not None else None,
        "error_reason": error_reason,
        "error_marked_at": error_at,
        "source_error_marked_by": error_by,
        "source_clinician_notified": any(reported) if reported else None,
    }


def _read_members(
    panel: _Entry, members: list[_Entry | None], subject: _Entry, ctx: _Context
) -> _Reading:
    """The member Observations, each known by its LOINC code, read into values."""
    obs = panel.resource
    found: dict[str, _Entry] = {}
    guided: dict[int, dict[str, _Entry]] = {}  # reading number -> {"bp": ..., "pulse": ...}
    uid = _set_uid(panel)
    for ref, member in zip(obs.hasMember or [], members, strict=True):
        if member is None or member.resource_type != "Observation":
            raise _Invalid(
                panel,
                f"hasMember {ref.reference or '(no reference)'} is not an entry of this bundle",
            )
        part = _guided_part(member, uid)
        if part is not None:
            kind, number = part
            if ctx.resolve(member.resource.subject) is not subject:
                raise _Invalid(member, "its subject is not the panel's patient")
            if kind in guided.setdefault(number, {}):
                raise _Invalid(member, f"the panel has two {kind} readings {number}")
            guided[number][kind] = member
            continue
        if _loinc_codes(member.resource.code) & c.GROWTH_PERCENTILE_LOINC:
            # A growth percentile is derived from the set's own values; VitalsDesk computes it
            # again from them, so the one in the bundle is not read.
            continue
        key = _member_key(member)
        if key is None:
            raise _Invalid(
                member,
                "its LOINC code is not a vital sign VitalsDesk records "
                f"(codes: {', '.join(sorted(_loinc_codes(member.resource.code))) or 'none'})",
            )
        if key in found:
            raise _Invalid(member, f"the panel has two {key} Observations")
        if ctx.resolve(member.resource.subject) is not subject:
            raise _Invalid(member, "its subject is not the panel's patient")
        found[key] = member
    if not found:
        raise _Invalid(panel, "the panel has no members (hasMember)")

    reading = _Reading()
    for key, member in found.items():
        device = _device_of(member.resource, ctx)
        if key == "bp":
            _read_blood_pressure(member, reading)
            reading.entry_of.update(systolic_bp=member, diastolic_bp=member)
            if device is not None:
                reading.devices.update(systolic_bp=device, diastolic_bp=device)
        elif key == "bmi":
            _read_bmi(member, reading)
            reading.entry_of["bmi"] = member
        else:
            _read_simple(member, key, reading)
            reading.entry_of[key] = member
            if device is not None:
                reading.devices[key] = device
    if guided:
        _read_guided(panel, guided, found.get("bp"), reading)
    if not reading.quantities and not reading.bp_readings:
        raise _Invalid(panel, "the set has no value (every member has a dataAbsentReason)")
    return reading


# The identifiers an export gives the Observations of a guided blood pressure's readings.
_GUIDED_KEY = re.compile(r"(bp|pulse)-reading-([1-9][0-9]?)")


def _set_uid(panel: _Entry) -> str | None:
    return next(
        (i.value for i in panel.resource.identifier or [] if i.system == c.SET_SYSTEM and i.value),
        None,
    )


def _guided_part(member: _Entry, uid: str | None) -> tuple[str, int] | None:
    """("bp" or "pulse", reading number) for an Observation of one reading of a guided blood
    pressure (identifier "<set uid>/bp-reading-2"), None for any other member."""
    if uid is None:
        return None
    for i in member.resource.identifier or []:
        if i.system == c.OBSERVATION_SYSTEM and isinstance(i.value, str):
            key = i.value.removeprefix(f"{uid}/")
            if key != i.value and (match := _GUIDED_KEY.fullmatch(key)):
                return match.group(1), int(match.group(2))
    return None


def _read_guided(
    panel: _Entry, guided: dict[int, dict[str, _Entry]], bp: _Entry | None, reading: _Reading
) -> None:
    """The readings of a guided blood pressure, each with its time, position and (in an
    orthostatic set) pulse. The set's BP in the file (the average, or the lying reading) is only
    compared: the clinical core makes it from the readings."""
    if bp is None:
        raise _Invalid(panel, "blood pressure readings without the set's blood pressure")
    for number in sorted(guided):
        parts = guided[number]
        entry = parts.get("bp")
        if entry is None:
            raise _Invalid(parts["pulse"], f"a pulse without blood pressure reading {number}")
        obs = entry.resource
        if not _loinc_codes(obs.code) & {c.BLOOD_PRESSURE.concept.code}:
            raise _Invalid(entry, "a blood pressure reading needs the LOINC code 85354-9")
        values: dict[str, Any] = {}
        for component in obs.component or []:
            loinc = _loinc_codes(component.code)
            for key, code in (("systolic", c.SYSTOLIC.code), ("diastolic", c.DIASTOLIC.code)):
                if code in loinc:
                    if key in values:
                        raise _Invalid(entry, f"two {key} components")
                    found = _value(entry, component, f"{key.capitalize()} reading")
                    if found is None:
                        raise _Invalid(entry, f"a reading needs its {key} value")
                    values[key], values["unit"] = found
        if "systolic" not in values or "diastolic" not in values:
            raise _Invalid(entry, "a reading needs its 8480-6 and 8462-4 components")
        values["taken_at"] = obs.effectiveDateTime
        values["position"] = _position(obs)
        pulse = parts.get("pulse")
        if pulse is not None:
            if c.MEMBER_BY_KEY["heart_rate"].concept.code not in _loinc_codes(pulse.resource.code):
                raise _Invalid(pulse, "a pulse with a reading needs the LOINC code 8867-4")
            found = _value(pulse, pulse.resource, "Heart rate with the reading")
            if found is not None:
                if found[1] != "/min":
                    raise _Invalid(pulse, 'Heart rate with the reading: the unit must be "/min"')
                values["heart_rate"] = found[0]
        try:
            reading.bp_readings.append(BpReading.model_validate(values))
        except ValidationError as exc:
            raise _Invalid(entry, f"blood pressure reading {number}: {_describe(exc)}") from None
        reading.entry_of.setdefault("bp_readings", entry)


def _position(obs: Any) -> str | None:
    position_ext = _extension(obs, c.EXT_BODY_POSITION)
    if position_ext is not None:
        for code in _codes(position_ext.valueCodeableConcept, c.SNOMED):
            if code in c.POSITION_BY_SNOMED:
                return c.POSITION_BY_SNOMED[code]
    return None


def _assess(
    panel: _Entry, head: _Header, reading: _Reading, ctx: _Context
) -> tuple[VitalSignSet, Assessment]:
    """The clinical core's verdict, as for the record form: the patient's age at taken_at and
    this clinic's range table; an improbable value needs its confirmation in the file."""
    quantities = dict(reading.quantities)
    given = {key: quantities.pop(key, None) for key in ("systolic_bp", "diastolic_bp")}
    if not reading.bp_readings:
        quantities.update((k, q) for k, q in given.items() if q is not None)
    try:
        vitals = VitalSignSet(
            birth_date=head.patient.birth_date,
            sex=head.patient.sex,  # type: ignore[arg-type]
            taken_at=head.taken_at,
            measurements=Measurements.model_validate(quantities),
            confirmed=frozenset(reading.confirmed),
            confirmation_reasons=reading.confirmed,
            bp_readings=tuple(reading.bp_readings),
        )
    except ValidationError as exc:
        raise _Invalid(reading.entry("bp_readings", panel), _describe(exc)) from None
    if reading.bp_readings:
        _same_bp(reading.entry("systolic_bp", panel), given, vitals)
    assessment = assess(vitals, ctx.table, ctx.now, growth_tables=ctx.growth_tables)
    refused = [
        (reading.entry(p.field, panel), f"{p.message} The set is not imported.")
        for p in assessment.errors
    ] + [
        (
            reading.entry(p.field, panel),
            f"{p.message} The bundle does not mark it as confirmed, so the set is not imported.",
        )
        for p in assessment.needs_confirmation
    ]
    if refused:
        raise _Invalid(*refused[0], *refused[1:])
    computed = assessment.bmi.value if assessment.bmi else None
    if reading.bmi is not None:
        if computed is None:
            raise _Invalid(
                reading.entry("bmi", panel),
                "a BMI is given but VitalsDesk computes none for this "
                "set (height and weight are needed, and the patient's age)",
            )
        if Decimal(computed) != reading.bmi:
            raise _Invalid(
                reading.entry("bmi", panel),
                f"BMI {as_entered(reading.bmi)} does not match the height and weight "
                f"({computed} kg/m2)",
            )
    return vitals, assessment


def _same_bp(entry: _Entry, given: dict[str, Quantity | None], vitals: VitalSignSet) -> None:
    """The set's BP in the file must be the one the clinical core makes of its readings (their
    average, or the lying reading of an orthostatic set): a file that says otherwise is refused."""
    made = vitals.measurements
    pairs = [(given[key], getattr(made, key)) for key in ("systolic_bp", "diastolic_bp")]
    if all(g is not None and m is not None and g.value == m.value for g, m in pairs):
        return

    def text(a: Quantity | None, b: Quantity | None) -> str:
        return "/".join(as_entered(q.value) if q is not None else "none" for q in (a, b))

    what = "the lying reading" if is_orthostatic(vitals.bp_readings) else "their average"
    raise _Invalid(
        entry,
        f"the blood pressure {text(*(g for g, _ in pairs))} mmHg does not match its readings "
        f"({what} is {text(*(m for _, m in pairs))} mmHg)",
    )


def _replaced_uid(reference: Any, panel: _Entry, ctx: _Context) -> str:
    target = ctx.resolve(reference)
    if target is not None:
        uid = (
            next(
                (i.value for i in target.resource.identifier or [] if i.system == c.SET_SYSTEM),
                None,
            )
            if target.resource_type == "Observation"
            else None
        )
        if uid:
            return str(uid)
    ident = getattr(reference, "identifier", None)
    if ident is not None and ident.system == c.SET_SYSTEM and ident.value:
        return str(ident.value)
    raise _Invalid(
        panel,
        "observation-replaces must reference a vital-signs panel of this bundle or carry "
        f"the replaced set's identifier ({c.SET_SYSTEM})",
    )


def _member_key(entry: _Entry) -> str | None:
    loinc = _loinc_codes(entry.resource.code)
    if c.AVERAGE_BP.code in loinc:
        return "bp"  # a guided BP's average stands where the set's BP is
    for member in c.MEMBERS:
        if member.concept.code in loinc:
            return member.key
    if loinc & set(c.METHOD_BY_LOINC):
        return "body_temperature"  # a method code without 8310-5: still a temperature
    if c.PULSE_OXIMETRY.code in loinc:
        return "oxygen_saturation"
    return None


def _confirmation(element: Any) -> str | None:
    ext = _extension(element, c.EXT_CONFIRMED)
    if ext is None:
        return None
    return (ext.valueString or "confirmed").strip() or "confirmed"


def _value(
    entry: _Entry, element: Any, label: str, *, integer_unit: str | None = None
) -> tuple[Decimal, str] | None:
    """(value, UCUM code) of valueQuantity; None when a dataAbsentReason says it is missing.

    `integer_unit`: a valueInteger is accepted too, in this unit (pain scores from other systems).
    """
    q = element.valueQuantity
    if q is None:
        if element.dataAbsentReason is not None:
            return None
        if integer_unit is not None and getattr(element, "valueInteger", None) is not None:
            return Decimal(element.valueInteger), integer_unit
        raise _Invalid(entry, f"{label}: valueQuantity (or a dataAbsentReason) is required")
    if element.dataAbsentReason is not None:
        raise _Invalid(entry, f"{label}: a value and a dataAbsentReason cannot both be given")
    if q.value is None:
        raise _Invalid(entry, f"{label}: valueQuantity.value is required")
    if q.system is not None and q.system != c.UCUM:
        raise _Invalid(entry, f"{label}: the unit system must be {c.UCUM}, not {q.system}")
    if not q.code:
        raise _Invalid(entry, f"{label}: valueQuantity.code (the UCUM unit) is required")
    try:
        value = Decimal(q.value)
    except (InvalidOperation, TypeError, ValueError):
        raise _Invalid(entry, f"{label}: {q.value!r} is not a number") from None
    return value, q.code


def _quantity(entry: _Entry, key: str, value: Decimal, unit: str, **extra: Any) -> Quantity:
    try:
        return MODEL_OF[key].model_validate({"value": value, "unit": unit, **extra})
    except ValidationError as exc:
        messages = "; ".join(
            " ".join(str(e["msg"]).removeprefix("Value error, ").split())
            for e in exc.errors(include_url=False)
        )
        raise _Invalid(entry, f"{LABELS[key]}: {messages}") from None


def _read_simple(entry: _Entry, key: str, reading: _Reading) -> None:
    obs = entry.resource
    found = _value(entry, obs, LABELS[key], integer_unit="{score}" if key == "pain_score" else None)
    if found is None:
        return
    value, unit = found
    extra: dict[str, Any] = {}
    if key == "body_temperature":
        methods = [c.METHOD_BY_LOINC[x] for x in _loinc_codes(obs.code) if x in c.METHOD_BY_LOINC]
        if len(methods) != 1:
            raise _Invalid(
                entry,
                "a temperature needs exactly one method code beside 8310-5 (8331-1 oral, "
                "8328-7 axillary, 8332-9 rectal, 8333-7 tympanic, 75539-7 temporal)",
            )
        extra["method"] = methods[0]
    if key == "oxygen_saturation":
        for component in obs.component or []:
            if c.OXYGEN_FLOW.code in _loinc_codes(component.code):
                extra["on_supplemental_oxygen"] = True
                flow = _value(entry, component, "Oxygen flow")
                if flow is not None:
                    if flow[1] != "L/min":
                        raise _Invalid(entry, "Oxygen flow: the unit must be L/min")
                    extra["oxygen_flow"] = flow[0]
    reading.quantities[key] = _quantity(entry, key, value, unit, **extra)
    if (reason := _confirmation(obs)) is not None:
        reading.confirmed[key] = reason


def _read_blood_pressure(entry: _Entry, reading: _Reading) -> None:
    obs = entry.resource
    if obs.valueQuantity is not None:
        raise _Invalid(entry, "a blood pressure has no value of its own: use the components")
    # Position, arm and cuff belong to the reading: both values get them.
    extra: dict[str, str] = {}
    position_ext = _extension(obs, c.EXT_BODY_POSITION)
    if position_ext is not None:
        for code in _codes(position_ext.valueCodeableConcept, c.SNOMED):
            if code in c.POSITION_BY_SNOMED:
                extra["position"] = c.POSITION_BY_SNOMED[code]
    for code in _codes(obs.bodySite, c.SNOMED):
        if code in c.ARM_BY_SNOMED:
            extra["arm"] = c.ARM_BY_SNOMED[code]
    # US Core Average Blood Pressure (a guided BP's average) names its components "mean".
    average = c.AVERAGE_BP.code in _loinc_codes(obs.code)
    systolic = c.AVERAGE_SYSTOLIC.code if average else c.SYSTOLIC.code
    diastolic = c.AVERAGE_DIASTOLIC.code if average else c.DIASTOLIC.code
    pending: dict[str, tuple[Decimal, str, Any]] = {}
    seen: set[str] = set()
    for component in obs.component or []:
        loinc = _loinc_codes(component.code)
        if c.CUFF_SIZE.code in loinc:
            sizes = _codes(component.valueCodeableConcept, c.CUFF_SIZE_SYSTEM)
            if sizes:
                extra["cuff_size"] = sizes[0]
            continue
        key = "systolic_bp" if systolic in loinc else "diastolic_bp" if diastolic in loinc else None
        if key is None:
            continue
        if key in seen:
            raise _Invalid(entry, f"two {LABELS[key].lower()} components")
        seen.add(key)
        found = _value(entry, component, LABELS[key])
        if found is not None:
            pending[key] = (*found, component)
    for key, (value, unit, component) in pending.items():
        reading.quantities[key] = _quantity(entry, key, value, unit, **extra)
        if (reason := _confirmation(component)) is not None:
            reading.confirmed[key] = reason
    if not seen:
        codes = f"{systolic} and {diastolic}"
        raise _Invalid(entry, f"a blood pressure needs its {codes} components")


def _read_bmi(entry: _Entry, reading: _Reading) -> None:
    obs = entry.resource
    found = _value(entry, obs, "BMI")
    if found is None:
        return
    value, unit = found
    if unit != "kg/m2":
        raise _Invalid(entry, f'BMI: the unit must be "kg/m2", not "{unit}"')
    reading.bmi = value
    if (reason := _confirmation(obs)) is not None:
        reading.confirmed["bmi"] = reason


# -- FHIR Bulk Data NDJSON, line by line -----------------------------------------------------------


class NdjsonReader:
    """Reads FHIR Bulk Data NDJSON files one resource (line) at a time, with the same checks as
    `parse_bundle`, holding only what is still needed: the Practitioners' names, a small note
    per Patient (its MRN, birth date and sex), and the Observations of the panels not yet
    complete. Files written by `export ndjson` give each panel just before its members, so a
    set is read and handed back as soon as its last member is read.

    Use: `practitioner` for each line of Practitioner.ndjson, `device` for each line of
    Device.ndjson, `patient` for each line of
    Patient.ndjson, then `observation` for each line of Observation.ndjson (it returns the sets
    that line completes) and `finish` for the panels still incomplete at the end. Problems
    gather in `take_problems()`; resource types an import does not use in `ignored`."""

    def __init__(
        self,
        table: RangeTable,
        now: datetime | None = None,
        *,
        growth_tables: GrowthTables | None = None,
    ) -> None:
        self.ctx = _Context(table=table, now=now, growth_tables=growth_tables)
        self.ctx.lookup = self._patient_entry
        self.ignored: dict[str, int] = {}
        self.lines = 0
        # "Patient/id" -> (mrn, birth date, sex, language, sample, line)
        self._patients: dict[str, tuple[str, date, str, str, bool, int]] = {}
        self._patient_entries: dict[str, _Entry] = {}  # made for the sets being read
        self._waiting: dict[str, tuple[_Entry, set[str]]] = {}  # panel key -> (panel, missing)
        self._wanted_by: dict[str, str] = {}  # member key -> panel key
        self._mrns: set[str] = set()

    # -- lines -------------------------------------------------------------------------------------

    def _entry(
        self, file: str, line: int, text: str | bytes, kinds: tuple[str, ...]
    ) -> _Entry | None:
        self.lines += 1
        document, problem = read_json(text)
        if problem is not None:
            self._problem(problem.model_copy(update={"entry": line, "file": file}))
            return None
        if isinstance(document, dict) and document.get("resourceType") not in kinds:
            kind = document.get("resourceType")
            if isinstance(kind, str) and kind:
                self.ignored[kind] = self.ignored.get(kind, 0) + 1
                return None
        before = len(self.ctx.problems)
        entry = _parse_entry(line, {"resource": document}, self.ctx)
        for i in range(before, len(self.ctx.problems)):
            self.ctx.problems[i] = self.ctx.problems[i].model_copy(update={"file": file})
        if entry is None:
            return None
        entry.file = file
        if entry.resource.id:
            entry.full_url = f"{entry.resource_type}/{entry.resource.id}"
        return entry

    def _problem(self, problem: EntryProblem) -> None:
        self.ctx.problems.append(problem)

    def take_problems(self) -> list[EntryProblem]:
        """The problems found since the last call (so a long import keeps none in memory)."""
        found, self.ctx.problems = self.ctx.problems, []
        return found

    def practitioner(self, file: str, line: int, text: str | bytes) -> None:
        entry = self._entry(file, line, text, ("Practitioner",))
        if entry is None:
            return
        try:
            _read_practitioner(entry, self.ctx)
        except Exception as exc:  # a shape no rule foresaw: report it, never crash
            self._problem(entry.problem(_unexpected(exc)))
        self._forget(entry)

    def device(self, file: str, line: int, text: str | bytes) -> None:
        """A device of Device.ndjson (provenance of the values that name it)."""
        entry = self._entry(file, line, text, ("Device",))
        if entry is None:
            return
        try:
            _read_device(entry, self.ctx)
        except Exception as exc:  # a shape no rule foresaw: report it, never crash
            self._problem(entry.problem(_unexpected(exc)))
        self._forget(entry)

    def patient(self, file: str, line: int, text: str | bytes) -> ParsedPatient | None:
        """The patient of one line (None, with the problem noted, when it cannot be read)."""
        entry = self._entry(file, line, text, ("Patient",))
        if entry is None:
            return None
        try:
            _read_patient(entry, self.ctx)
        except Exception as exc:
            self._problem(entry.problem(_unexpected(exc)))
        self._forget(entry)
        record = entry.patient
        if record is None:
            return None
        # Only a note is kept: the MRN (a second line with the same MRN is a problem) and what
        # the sets' checks need.
        self.ctx.patients.pop(record.mrn, None)
        if record.mrn in self._mrns:
            self._problem(entry.problem(f"MRN {record.mrn} is in the file twice"))
            return None
        key = f"Patient/{entry.resource.id}" if entry.resource.id else None
        if key is None:
            self._problem(entry.problem("a Patient in an NDJSON file needs an id"))
            return None
        self._mrns.add(record.mrn)
        self._patients[key] = (
            record.mrn,
            record.birth_date,
            record.sex,
            record.preferred_language,
            record.is_sample,
            line,
        )
        return ParsedPatient(record=record, entry=line, full_url=key)

    def forget_patient(self, key: str) -> None:
        """A patient that is not imported: its sets are refused with their panel's problem."""
        self._patients.pop(key, None)

    def _patient_entry(self, reference: str) -> _Entry | None:
        found = self._patient_entries.get(reference)
        if found is not None:
            return found
        note = self._patients.get(reference)
        if note is None:
            return None
        mrn, birth, sex, language, sample, line = note
        record = PatientRecord.model_construct(
            mrn=mrn,
            family_name="",
            given_name="",
            birth_date=birth,
            sex=sex,
            preferred_language=language,
            is_sample=sample,
        )
        entry = _Entry(line, reference, "Patient", None, patient=record, file="Patient.ndjson")
        self._patient_entries[reference] = entry
        return entry

    def observation(self, file: str, line: int, text: str | bytes) -> list[tuple[str, ParsedSet]]:
        """The sets this line completes, each with its patient's MRN."""
        entry = self._entry(file, line, text, ("Observation",))
        if entry is None or entry.full_url is None:
            if entry is not None:
                self._problem(entry.problem("an Observation in an NDJSON file needs an id"))
                self._forget(entry)
            return []
        key = entry.full_url
        if _loinc_codes(entry.resource.code) & {c.PANEL.concept.code}:
            refs = [getattr(r, "reference", None) or "" for r in entry.resource.hasMember or []]
            missing = {r for r in refs if r and r not in self.ctx.by_url}
            if missing:
                self._waiting[key] = (entry, missing)
                for ref in missing:
                    self._wanted_by[ref] = key
                return []
            return self._complete(entry)
        panel_key = self._wanted_by.pop(key, None)
        if panel_key is None:
            return []  # kept (by_url) for a panel still to come; `finish` says if none did
        panel, missing = self._waiting[panel_key]
        missing.discard(key)
        if missing:
            return []
        del self._waiting[panel_key]
        return self._complete(panel)

    def _complete(self, panel: _Entry) -> list[tuple[str, ParsedSet]]:
        members = [self.ctx.resolve(ref) for ref in panel.resource.hasMember or []]
        out: list[tuple[str, ParsedSet]] = []
        try:
            out.append(_read_set(panel, members, self.ctx))
        except _Invalid as exc:
            self.ctx.problems.extend(entry.problem(message) for entry, message in exc.problems)
        except Exception as exc:  # a shape no rule above foresaw: report it, never crash
            self._problem(panel.problem(_unexpected(exc)))
        self._forget(panel)
        for member in members:
            if member is not None and member.resource_type == "Observation":
                self._forget(member)
        if len(self._patient_entries) > 1000:
            self._patient_entries.clear()
        return out

    def _forget(self, entry: _Entry) -> None:
        for key in (entry.full_url, f"{entry.resource_type}/{entry.resource.id}"):
            if key is not None and self.ctx.by_url.get(key) is entry:
                del self.ctx.by_url[key]

    def finish(self) -> list[tuple[str, ParsedSet]]:
        """The panels still waiting for a member (each a problem, or a set if the member came
        in another form), and the Observations no panel named."""
        out: list[tuple[str, ParsedSet]] = []
        for panel, _missing in list(self._waiting.values()):
            out += self._complete(panel)
        self._waiting.clear()
        self._wanted_by.clear()
        for entry in list(self.ctx.by_url.values()):
            if entry.resource_type != "Observation":
                continue
            if _loinc_codes(entry.resource.code) & c.GROWTH_PERCENTILE_LOINC:
                self.ignored[GROWTH_PERCENTILE_IGNORED] = (
                    self.ignored.get(GROWTH_PERCENTILE_IGNORED, 0) + 1
                )
            else:
                self._problem(
                    entry.problem(
                        "not part of a vital-signs panel (85353-1 with hasMember); not imported"
                    )
                )
            self._forget(entry)
        return out


def ndjson_lines(path: Any) -> Iterator[tuple[int, bytes]]:
    """(line number, text) of each non-blank line of an NDJSON file, read as it goes."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line
