"""HL7 v2.5.1 ORU^R01 for one vital-sign set: written as ER7 text, validated with hl7apy (MIT).

Pure: it works on the records of `interop.records` and the clinic's HL7 settings, and returns the
message as ER7 text (segments ending in a carriage return). `build_oru` composes and validates;
`compose_oru` only composes (cheap: what the save queues) and `validate_oru` is then run before
the message leaves. No database, no network: the outbox
that queues messages and the MLLP sender (`interop.mllp`) are separate. docs/hl7.md gives the field
mapping for EHR integrators; every code matches the FHIR export (`interop.codes`).

Field positions and table values were checked against HL7 v2.5.1 (Chapter 2 control segments,
Chapter 3 PID/PV1, Chapter 7 OBR/OBX/NTE) and its tables: 0001 administrative sex, 0004 patient
class, 0078 abnormal flags, 0085 observation result status, 0103 processing ID, 0123 result status,
0203 identifier type, 0211 character sets, 0396 coding systems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from hl7apy import load_reference
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.exceptions import ChildNotFound, HL7apyException
from hl7apy.parser import parse_message
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.measurements import LABELS, AdministrativeSex, TemperatureMethod
from vitalsdesk.clinical.ranges import RangeRow, RangeTable
from vitalsdesk.clinical.units import Unit, decimal_places, from_canonical, to_canonical
from vitalsdesk.interop import codes as c
from vitalsdesk.interop.records import MeasurementRecord, PatientRecord, SetRecord

VERSION = "2.5.1"
SENDING_APPLICATION = "VITALSDESK"
MESSAGE_TYPE = ("ORU", "R01", "ORU_R01")
# Names such as "Peña" need more than ASCII (table 0211).
CHARACTER_SET = "UNICODE UTF-8"
# Coding systems (table 0396). UCUM has its own code from v2.6 on; v2.5.1 implementation guides
# (the US lab results interface, ORU^R01) pre-adopt it, and so does VitalsDesk for OBX-6.
LOINC_SYSTEM = "LN"
UCUM_SYSTEM = "UCUM"
LOCAL_SYSTEM = "L"
# PID-3.5 identifier type (table 0203): medical record number.
MRN_TYPE = "MR"
# PV1-2 patient class (table 0004): the clinics are outpatient.
OUTPATIENT = "O"
# Length limits of v2.5.1 that hl7apy does not check: MSH-10 (ST, 20), OBX-7 (ST, 60).
MAX_CONTROL_ID = 20
MAX_REFERENCE_RANGE = 60

# FHIR administrative-gender (what VitalsDesk stores) -> table 0001.
SEX_CODE = {
    AdministrativeSex.FEMALE: "F",
    AdministrativeSex.MALE: "M",
    AdministrativeSex.OTHER: "O",
    AdministrativeSex.UNKNOWN: "U",
}
# Set status -> OBX-11 (table 0085) and OBR-25 (table 0123). Table 0123 has no "wrong" code: an
# entered-in-error set changes the result, so OBR-25 says C (correction) and every OBX says W.
OBX_STATUS = {"final": "F", "amended": "C", "entered-in-error": "W"}
OBR_STATUS = {"final": "F", "amended": "C", "entered-in-error": "C"}

TEMPERATURE_METHOD_TEXT = {
    TemperatureMethod.ORAL: "Oral",
    TemperatureMethod.AXILLARY: "Axillary",
    TemperatureMethod.RECTAL: "Rectal",
    TemperatureMethod.TYMPANIC: "Tympanic",
    TemperatureMethod.TEMPORAL: "Temporal artery",
}

# The measurements sent as one OBX each, in the order of the rooming form (BMI after weight, the
# oxygen flow right after SpO2).
_ORDER = (
    "systolic_bp",
    "diastolic_bp",
    "heart_rate",
    "respiratory_rate",
    "body_temperature",
    "oxygen_saturation",
    "body_height",
    "body_weight",
    "bmi",
    "pain_score",
    "head_circumference",
)
_CONCEPTS: dict[str, c.Concept] = {
    "systolic_bp": c.SYSTOLIC,
    "diastolic_bp": c.DIASTOLIC,
    **{m.key: m.concept for m in c.MEMBERS if m.key not in ("bp",)},
}

_NM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_WHITESPACE = re.compile(r"\s+")
# The delimiters of MSH-1/MSH-2 as HL7 escape sequences (the escape character itself first: a
# single pass of str.translate never escapes an escape it wrote).
_ESCAPES = str.maketrans({"\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "&": "\\T\\", "~": "\\R\\"})

# hl7apy has no copy of the user-defined tables (applications, facilities, assigning
# authorities), so those are not checked; of the HL7 tables only UCUM (see above) is known to be
# missing from its v2.5.1 copy.
_TABLE_ALLOWANCES = frozenset({("HL70396", UCUM_SYSTEM)})
# Besides its own exceptions, hl7apy's parser raises these for a value its data type refuses ("x is
# not an HL7 valid SI value"): for a validator they mean "not valid", and the sender, which
# validates each message before it goes, must get an Hl7Error, not stop its pass.
_PARSER_ERRORS: tuple[type[Exception], ...] = (ValueError, TypeError, LookupError, AttributeError)


class Hl7Settings(BaseModel):
    """The clinic's side of the interface, agreed with the EHR's integration team."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sending_facility: str = Field(min_length=1, max_length=20)
    receiving_application: str = Field(min_length=1, max_length=20)
    receiving_facility: str = Field(min_length=1, max_length=20)
    assigning_authority: str = Field(min_length=1, max_length=20)
    # P for production; T (training) for the demo clinic and for any test interface.
    processing_id: Literal["P", "T"] = "P"


class VisitRecord(BaseModel):
    """The visit a set belongs to, when there is one (PV1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    visit_number: str = Field(min_length=1, max_length=20)
    started_at: AwareDatetime | None = None


class Hl7Error(ValueError):
    """The message cannot be built from this input, or it failed validation (a defect)."""


@dataclass(frozen=True)
class _Obx:
    concept: c.Concept
    value: str
    unit: str
    reference_range: str | None = None
    flag: str | None = None
    method: tuple[str, str] | None = None  # (local code, text) for OBX-17
    notes: tuple[str, ...] = ()


# -- public entry points ---------------------------------------------------------------------------


def build_oru(
    patient: PatientRecord,
    vital_set: SetRecord,
    settings: Hl7Settings,
    *,
    control_id: str,
    message_time: datetime,
    result_id: str | None = None,
    visit: VisitRecord | None = None,
    ranges: RangeTable | None = None,
) -> str:
    """The ORU^R01 of one set as ER7 text, validated (raises Hl7Error when it cannot be).

    control_id: MSH-10, unique and stable per queued message (a resend keeps it), at most 20
    characters. result_id: OBR-3, the uid of the first set of an amendment chain, so the EHR
    replaces the result it already has; needed for an amendment (defaults to the set's own uid for
    a set that replaces nothing). ranges: the range table whose version produced the flags; OBX-7
    is filled only when its version is the set's `reference_ranges_version`.
    """
    text = compose_oru(
        patient,
        vital_set,
        settings,
        control_id=control_id,
        message_time=message_time,
        result_id=result_id,
        visit=visit,
        ranges=ranges,
    )
    validate_oru(text)
    return text


def compose_oru(
    patient: PatientRecord,
    vital_set: SetRecord,
    settings: Hl7Settings,
    *,
    control_id: str,
    message_time: datetime,
    result_id: str | None = None,
    visit: VisitRecord | None = None,
    ranges: RangeTable | None = None,
) -> str:
    """The text `build_oru` returns, not yet validated: only the input is checked (raises
    Hl7Error), so it costs well under a millisecond. Whatever holds it must run `validate_oru`
    before the text leaves (the outbox's sender does, just before sending).

    The ER7 is written here rather than through hl7apy's object model, which wrote the same bytes
    (tests/interop check it) for about 60 times the CPU: the save composes its message inside its
    write transaction, where every other room waits.
    """
    _check_control_id(control_id)
    if message_time.tzinfo is None:
        raise Hl7Error("message_time needs a time zone")
    if vital_set.status not in OBX_STATUS:
        raise Hl7Error(f"unknown set status {vital_set.status!r}")
    if result_id is None:
        if vital_set.replaces_uid is not None:
            raise Hl7Error(
                "an amendment needs result_id: the uid of the first set it corrects, "
                "so the EHR replaces that result"
            )
        result_id = vital_set.uid
    sex = _sex(patient.sex)
    observations = list(_observations(patient, vital_set, sex, ranges))
    if not observations:
        raise Hl7Error("the set has no measurement to send")

    segments = [
        _msh(settings, control_id, message_time, test=patient.is_sample),
        _pid(patient, settings, sex),
    ]
    if visit is not None:
        segments.append(_pv1(visit))
    segments.append(_obr(vital_set, result_id, message_time))
    segments.extend(_notes(_set_notes(vital_set)))
    status = OBX_STATUS[vital_set.status]
    for number, obx in enumerate(observations, start=1):
        segments.append(_obx(number, obx, status, vital_set))
        segments.extend(_notes(obx.notes))
    return "".join(segment + "\r" for segment in segments)


def validate_oru(text: str) -> Message:
    """Parse an ORU^R01 strictly and validate it; raises Hl7Error with every problem found.

    hl7apy checks the structure, cardinalities and data types (and raises on the first error); its
    table and length findings are only warnings, so the HL7 tables are checked here as errors.
    """
    try:
        # force_validation runs hl7apy's Validator on the parsed message (once: running it again
        # after the parse, as this did, cost a seventh of the check for nothing).
        msg = parse_message(
            text, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True, force_validation=True
        )
    except (HL7apyException, *_PARSER_ERRORS) as exc:
        raise Hl7Error(f"not a valid v2.5.1 ORU^R01: {exc}") from exc
    if msg.name != "ORU_R01" or msg.msh.msh_12.to_er7() != VERSION:
        raise Hl7Error("not a v2.5.1 ORU^R01")
    problems = table_problems(msg)
    if problems:
        raise Hl7Error("; ".join(problems))
    return msg


def table_problems(msg: Message) -> list[str]:
    """Every coded value of an HL7 table that the table does not hold."""
    problems = []
    for element in _leaves(msg):
        table = element.reference[4]
        if table is None:
            continue  # before writing the value: to_er7 is most of this check's cost
        value = element.to_er7()
        if not value or (table, value) in _TABLE_ALLOWANCES:
            continue
        try:
            allowed = load_reference(table, "Table", VERSION)[1]
        except ChildNotFound:
            continue  # a user-defined table hl7apy has no copy of
        if value not in allowed:
            problems.append(f"{element.name} = {value!r} is not in table {table}")
    return problems


def reference_range(row: RangeRow, value_text: str, unit: str) -> str | None:
    """OBX-7 for a value read against `row`: the values the row calls N, at the precision entered.

    HL7 writes a range as "lower-upper", ">lower" or "<upper" without saying whether the ends are
    included; the table's limits are ("below 60" vs "at or below 100"), so the range names the
    first and last value with the precision of the value as entered that the row calls N. For a
    value entered as 98.6 °F against L <= 36.0 °C and H >= 38.0 °C that is 96.9-100.3. None when
    the row has no limits or nothing at that precision is N.
    """
    conditions = [x for x in (row.LL, row.L, row.H, row.HH) if x is not None]
    lower = max((x.limit for x in conditions if x.is_lower), default=None)
    upper = min((x.limit for x in conditions if not x.is_lower), default=None)
    if lower is None and upper is None:
        return None
    entered = _decimal(value_text)
    step = Decimal(1).scaleb(-decimal_places(entered))

    def normal(x: Decimal) -> bool:
        return row.interpret(_canonical(x, unit)) == "N"

    low = high = None
    if lower is not None:
        low = _first_normal(_to_step(_in_unit(lower, unit), step, down=True), step, normal)
        if low is None:
            return None
    if upper is not None:
        high = _first_normal(_to_step(_in_unit(upper, unit), step, down=False), -step, normal)
        if high is None:
            return None
    if low is not None and high is not None:
        if low > high:
            return None
        return f"{_text_at(low, step)}-{_text_at(high, step)}"
    if low is not None:
        return f">{_text_at(low - step, step)}"
    assert high is not None
    return f"<{_text_at(high + step, step)}"


# -- segments --------------------------------------------------------------------------------------
#
# Each segment is written as ER7 with the default delimiters (MSH-2 "^~\\&"): fields joined by |,
# components by ^, and the empty ones at the end left out, as hl7apy writes them. Every value
# goes through `_text` (one line, delimiters escaped), except OBX-5, which is checked against NM's
# syntax before. A DTM, SI or code never holds a delimiter, so escaping it changes nothing.


def _msh(settings: Hl7Settings, control_id: str, when: datetime, *, test: bool) -> str:
    return _segment(
        "MSH|^~\\&",
        SENDING_APPLICATION,
        settings.sending_facility,
        settings.receiving_application,
        settings.receiving_facility,
        _dtm(when),
        "",
        _components(*MESSAGE_TYPE),
        control_id,
        # Demo and sample patients are test data wherever they go, like the FHIR HTEST label.
        "T" if test else settings.processing_id,
        VERSION,
        # MSH-13 to MSH-17 stay empty: MSH-15 and MSH-16 empty mean original acknowledgment mode
        # (one ACK, AA/AE/AR).
        "",
        "",
        "",
        "",
        "",
        CHARACTER_SET,
    )


def _pid(patient: PatientRecord, settings: Hl7Settings, sex: AdministrativeSex) -> str:
    return _segment(
        "PID",
        "1",
        "",
        _components(patient.mrn, "", "", settings.assigning_authority, MRN_TYPE),
        "",
        _components(patient.family_name, patient.given_name),
        "",
        patient.birth_date.strftime("%Y%m%d"),
        SEX_CODE[sex],
    )


def _pv1(visit: VisitRecord) -> str:
    fields = ["1", OUTPATIENT] + [""] * 42
    fields[18] = visit.visit_number  # PV1-19 visit number (CX.1)
    if visit.started_at is not None:
        fields[43] = _dtm(visit.started_at)  # PV1-44 admit date/time
    return _segment("PV1", *fields)


def _obr(s: SetRecord, result_id: str, message_time: datetime) -> str:
    fields = [""] * 25
    fields[0] = "1"
    fields[2] = _components(result_id, SENDING_APPLICATION)  # OBR-3 filler order number
    fields[3] = _coded(c.PANEL.concept.code, c.PANEL.concept.display, LOINC_SYSTEM)
    fields[6] = _dtm(s.taken_at)  # OBR-7 observation date/time
    fields[21] = _dtm(_status_changed_at(s, message_time))  # OBR-22 status change
    fields[24] = OBR_STATUS[s.status]  # OBR-25 result status
    return _segment("OBR", *fields)


def _obx(number: int, o: _Obx, status: str, s: SetRecord) -> str:
    # VitalsDesk keeps one display name per staff member: it goes whole in the family-name
    # component, the user name in the ID component. A set this clinic imported has no staff
    # member, only the source's performer text: a name with no ID (never a local account).
    performer = ""
    if s.recorded_by is not None:
        performer = _components(s.recorded_by.username, s.recorded_by.display_name)
    elif s.source_performer:
        performer = _components("", s.source_performer)
    return _segment(
        "OBX",
        str(number),
        "NM",
        _coded(o.concept.code, o.concept.display, LOINC_SYSTEM),
        "",
        # OBX-5 "varies": the value as entered ("+3" stays "+3"), already checked against NM's
        # syntax, so it holds no delimiter and is written as it is.
        _Raw(o.value),
        _coded(o.unit, "", UCUM_SYSTEM),
        o.reference_range or "",
        o.flag or "",
        "",
        "",
        status,
        "",
        "",
        _dtm(s.taken_at),
        "",
        performer,
        _coded(*o.method, LOCAL_SYSTEM) if o.method is not None else "",
    )


def _notes(notes: Sequence[str]) -> list[str]:
    return [_segment("NTE", str(number), "", note) for number, note in enumerate(notes, start=1)]


def _set_notes(s: SetRecord) -> list[str]:
    notes = []
    if s.status == "amended" or s.replaces_uid is not None:
        notes.append(f"Corrected result. Reason: {s.amend_reason or 'not given'}")
    if s.status == "entered-in-error":
        text = "Entered in error: do not use these values."
        if s.error_reason:
            text += f" Reason: {s.error_reason}"
        if s.error_marked_by is not None:
            text += f" Marked by {s.error_marked_by.display_name} ({s.error_marked_by.username})."
        notes.append(text)
    return notes


# -- observations ----------------------------------------------------------------------------------


def _observations(
    patient: PatientRecord, s: SetRecord, sex: AdministrativeSex, ranges: RangeTable | None
) -> Iterator[_Obx]:
    table = (
        ranges
        if ranges is not None and ranges.version_label == s.reference_ranges_version
        else None
    )
    for key in _ORDER:
        if key == "bmi":
            if s.bmi_value is not None:
                yield _bmi(patient, s, sex, table)
            continue
        m = s.measurement(key)
        if m is None:
            continue
        yield _measurement(patient, s, m, sex, table)
        if key == "oxygen_saturation" and m.on_supplemental_oxygen and m.oxygen_flow_text:
            yield _Obx(
                c.OXYGEN_FLOW, _number(m.oxygen_flow_text, "oxygen flow"), Unit.LITRE_PER_MIN.value
            )


def _measurement(
    patient: PatientRecord,
    s: SetRecord,
    m: MeasurementRecord,
    sex: AdministrativeSex,
    table: RangeTable | None,
) -> _Obx:
    if m.interpretation is not None and m.interpretation not in c.STORED_INTERPRETATIONS:
        raise Hl7Error(f"{m.code}: unknown interpretation {m.interpretation!r}")
    value = _number(m.value_text, LABELS.get(m.code, m.code))
    method = None
    row_method = None
    if m.code == "body_temperature" and m.method is not None:
        try:
            row_method = TemperatureMethod(m.method)
        except ValueError as exc:
            raise Hl7Error(f"unknown temperature method {m.method!r}") from exc
        method = (row_method.value, TEMPERATURE_METHOD_TEXT[row_method])
    notes: list[str] = []
    if m.confirmed:
        notes.append(f"Unusual value, measured again and confirmed: {m.confirm_reason or 'yes'}")
    if m.code == "oxygen_saturation" and m.on_supplemental_oxygen:
        if m.oxygen_flow_text:
            notes.append("On supplemental oxygen (flow in the next observation).")
        else:
            notes.append("On supplemental oxygen; the flow was not written down.")
    elif m.code == "oxygen_saturation" and m.on_supplemental_oxygen is False:
        notes.append("On room air.")
    return _Obx(
        _CONCEPTS[m.code],
        value,
        m.unit,
        reference_range=_range_text(patient, s, m.code, value, m.unit, sex, row_method, table),
        flag=m.interpretation,
        method=method,
        notes=tuple(notes),
    )


def _bmi(
    patient: PatientRecord, s: SetRecord, sex: AdministrativeSex, table: RangeTable | None
) -> _Obx:
    assert s.bmi_value is not None
    value = _number(s.bmi_value, "BMI")
    height, weight = s.measurement("body_height"), s.measurement("body_weight")
    derivation = "BMI computed by VitalsDesk: weight (kg) / height (m) squared, rounded to 0.1"
    if height is not None and weight is not None:
        derivation += (
            f", from body height {height.value_text} {height.unit}"
            f" and body weight {weight.value_text} {weight.unit} in this set."
        )
    else:
        derivation += "."
    # No flag, as in the FHIR export: a BMI is never flagged L/N/H (decision 20); the category
    # is the clinician's, in the note.
    flag = None
    if s.bmi_category:
        derivation += f" BMI category: {s.bmi_category}."
    return _Obx(
        c.MEMBER_BY_KEY["bmi"].concept,
        value,
        "kg/m2",
        reference_range=_range_text(patient, s, "bmi", value, "kg/m2", sex, None, table),
        flag=flag,
        notes=(derivation,),
    )


def _range_text(
    patient: PatientRecord,
    s: SetRecord,
    key: str,
    value: str,
    unit: str,
    sex: AdministrativeSex,
    method: TemperatureMethod | None,
    table: RangeTable | None,
) -> str | None:
    if table is None:
        return None
    age = age_on(patient.birth_date, s.taken_at.date())
    row = table.range_row(key, age, sex, method)
    if row is None:
        return None
    text = reference_range(row, value, unit)
    if text is not None and len(text) > MAX_REFERENCE_RANGE:
        return None
    return text


# -- small helpers ---------------------------------------------------------------------------------


def _check_control_id(control_id: str) -> None:
    if not control_id or len(control_id) > MAX_CONTROL_ID:
        raise Hl7Error(f"control_id must be 1 to {MAX_CONTROL_ID} characters (MSH-10)")
    if any(ch in "|^~\\&" for ch in control_id) or not (
        control_id.isascii() and control_id.isprintable()
    ):
        raise Hl7Error("control_id must be printable ASCII without HL7 delimiters")


def _sex(value: str) -> AdministrativeSex:
    try:
        return AdministrativeSex(value)
    except ValueError as exc:
        raise Hl7Error(f"unknown administrative sex {value!r}") from exc


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise Hl7Error(f"{text!r} is not a number") from exc


def _number(text: str, what: str) -> str:
    """The value exactly as entered, if HL7's NM can carry it."""
    if not _NM.match(text):
        raise Hl7Error(f"{what}: {text!r} is not a plain decimal number")
    return text


def _canonical(x: Decimal, unit: str) -> Decimal:
    return x if unit == "kg/m2" else to_canonical(x, Unit(unit))


def _in_unit(x: Decimal, unit: str) -> Decimal:
    return x if unit == "kg/m2" else from_canonical(x, Unit(unit))


def _to_step(x: Decimal, step: Decimal, *, down: bool) -> Decimal:
    steps = (x / step).to_integral_value(rounding="ROUND_FLOOR" if down else "ROUND_CEILING")
    return steps * step


def _first_normal(start: Decimal, step: Decimal, normal: Any) -> Decimal | None:
    """From a value at or just past a limit, the first value (step by step) the row calls N.

    Three steps are enough: `start` lies within one step of the limit, and the limit is one of
    "below", "at or below", ... so the first N value is at most two steps beyond it.
    """
    for i in range(3):
        candidate = start + i * step
        if normal(candidate):
            return candidate
    return None


def _text_at(x: Decimal, step: Decimal) -> str:
    return format(x.quantize(step), "f")


def _status_changed_at(s: SetRecord, message_time: datetime) -> datetime:
    if s.status == "entered-in-error":
        marked = s.error_marked_at
        if marked is None:
            return message_time
        return marked if marked.tzinfo is not None else marked.replace(tzinfo=UTC)
    return s.recorded_at


def _dtm(moment: datetime) -> str:
    """HL7 DTM to the second with the offset the moment carries: 20261127093000-0500."""
    if moment.tzinfo is None:
        raise Hl7Error("a time without a time zone cannot be sent")
    return moment.strftime("%Y%m%d%H%M%S%z")


class _Raw(str):
    """A field value already in ER7 (components joined, values escaped): written as it is."""


def _text(value: str) -> str:
    """Free text for one component: one line, with HL7's escape sequences for the delimiters.

    Every backslash becomes \\E\\ first, then | ^ & ~ become \\F\\ \\S\\ \\T\\ \\R\\: a name
    typed as "A\\F\\B" reaches the EHR as typed, never as "A|B".
    """
    one_line = _WHITESPACE.sub(" ", value).strip()
    return one_line.translate(_ESCAPES)


def _value(value: str) -> str:
    # Most fields of a message are empty (PV1-3 to PV1-18, ...): nothing to write or escape.
    return value if not value or isinstance(value, _Raw) else _text(value)


def _components(*values: str) -> _Raw:
    """One field of several components (each a value, or a component already written)."""
    return _Raw("^".join(_value(v) for v in values).rstrip("^"))


def _coded(code: str, text: str, system: str) -> _Raw:
    """A CE: code ^ text ^ coding system."""
    return _components(code, text, system)


def _segment(name: str, *fields: str) -> str:
    return (name + "|" + "|".join(_value(f) for f in fields)).rstrip("|")


def _leaves(element: Any) -> Iterator[Any]:
    """Every element whose reference is a leaf (a field or component holding one value)."""
    reference = getattr(element, "reference", None)
    if reference is not None and reference[0] == "leaf":
        yield element
        return
    for child in getattr(element, "children", None) or ():
        yield from _leaves(child)
