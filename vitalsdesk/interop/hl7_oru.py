"""HL7 v2.5.1 ORU^R01 for one vital-sign set: built and validated with hl7apy (MIT).

Pure: it works on the records of `interop.records` and the clinic's HL7 settings, and returns the
message as ER7 text (segments ending in a carriage return). No database, no network: the outbox
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
from hl7apy.factories import datatype_factory
from hl7apy.parser import parse_message
from hl7apy.validation import Validator
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

# hl7apy has no copy of the user-defined tables (applications, facilities, assigning
# authorities), so those are not checked; of the HL7 tables only UCUM (see above) is known to be
# missing from its v2.5.1 copy.
_TABLE_ALLOWANCES = frozenset({("HL70396", UCUM_SYSTEM)})


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

    try:
        msg = Message("ORU_R01", version=VERSION, validation_level=VALIDATION_LEVEL.STRICT)
        _msh(msg, settings, control_id, message_time, test=patient.is_sample)
        result = msg.add_group("ORU_R01_PATIENT_RESULT")
        patient_group = result.add_group("ORU_R01_PATIENT")
        _pid(patient_group.add_segment("PID"), patient, settings, sex)
        if visit is not None:
            _pv1(patient_group.add_group("ORU_R01_VISIT").add_segment("PV1"), visit)
        order = result.add_group("ORU_R01_ORDER_OBSERVATION")
        _obr(order.add_segment("OBR"), vital_set, result_id, message_time)
        _notes(order, _set_notes(vital_set))
        status = OBX_STATUS[vital_set.status]
        for number, obx in enumerate(observations, start=1):
            group = order.add_group("ORU_R01_OBSERVATION")
            _obx(group.add_segment("OBX"), number, obx, status, vital_set)
            _notes(group, obx.notes)
        text = msg.to_er7() + "\r"
    except HL7apyException as exc:
        # A value hl7apy refuses (a name longer than a component may be, ...).
        raise Hl7Error(f"cannot build the message: {exc}") from exc
    validate_oru(text)
    return text


def validate_oru(text: str) -> Message:
    """Parse an ORU^R01 strictly and validate it; raises Hl7Error with every problem found.

    hl7apy checks the structure, cardinalities and data types (and raises on the first error); its
    table and length findings are only warnings, so the HL7 tables are checked here as errors.
    """
    try:
        msg = parse_message(
            text, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True, force_validation=True
        )
        Validator.validate(msg)
    except HL7apyException as exc:
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
        value = element.to_er7()
        if table is None or not value or (table, value) in _TABLE_ALLOWANCES:
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


def _msh(
    msg: Message, settings: Hl7Settings, control_id: str, when: datetime, *, test: bool
) -> None:
    msh = msg.msh
    _put(msh.msh_3, "hd_1", SENDING_APPLICATION)
    _put(msh.msh_4, "hd_1", settings.sending_facility)
    _put(msh.msh_5, "hd_1", settings.receiving_application)
    _put(msh.msh_6, "hd_1", settings.receiving_facility)
    _put(msh.msh_7, "ts_1", _dtm(when))
    for name, part in zip(("msg_1", "msg_2", "msg_3"), MESSAGE_TYPE, strict=True):
        _put(msh.msh_9, name, part)
    _put(msh, "msh_10", control_id)
    # Demo and sample patients are test data wherever they go, like the FHIR HTEST label.
    _put(msh.msh_11, "pt_1", "T" if test else settings.processing_id)
    _put(msh.msh_12, "vid_1", VERSION)
    # MSH-15 and MSH-16 stay empty: original acknowledgment mode (one ACK, AA/AE/AR).
    _put(msh, "msh_18", CHARACTER_SET)


def _pid(pid: Any, patient: PatientRecord, settings: Hl7Settings, sex: AdministrativeSex) -> None:
    _put(pid, "pid_1", "1")
    _put(pid.pid_3, "cx_1", patient.mrn)
    _put(pid.pid_3.cx_4, "hd_1", settings.assigning_authority)
    _put(pid.pid_3, "cx_5", MRN_TYPE)
    _put(pid.pid_5.xpn_1, "fn_1", patient.family_name)
    _put(pid.pid_5, "xpn_2", patient.given_name)
    _put(pid.pid_7, "ts_1", patient.birth_date.strftime("%Y%m%d"))
    _put(pid, "pid_8", SEX_CODE[sex])


def _pv1(pv1: Any, visit: VisitRecord) -> None:
    _put(pv1, "pv1_1", "1")
    _put(pv1, "pv1_2", OUTPATIENT)
    _put(pv1.pv1_19, "cx_1", visit.visit_number)
    if visit.started_at is not None:
        _put(pv1.pv1_44, "ts_1", _dtm(visit.started_at))


def _obr(obr: Any, s: SetRecord, result_id: str, message_time: datetime) -> None:
    _put(obr, "obr_1", "1")
    _put(obr.obr_3, "ei_1", result_id)
    _put(obr.obr_3, "ei_2", SENDING_APPLICATION)
    _coded(obr.obr_4, c.PANEL.concept.code, c.PANEL.concept.display, LOINC_SYSTEM)
    _put(obr.obr_7, "ts_1", _dtm(s.taken_at))
    _put(obr.obr_22, "ts_1", _dtm(_status_changed_at(s, message_time)))
    _put(obr, "obr_25", OBR_STATUS[s.status])


def _obx(obx: Any, number: int, o: _Obx, status: str, s: SetRecord) -> None:
    _put(obx, "obx_1", str(number))
    _put(obx, "obx_2", "NM")
    _coded(obx.obx_3, o.concept.code, o.concept.display, LOINC_SYSTEM)
    # OBX-5 "varies": hl7apy's NM type would rewrite the number ("+3" -> "3"); the value goes in
    # as entered, and it holds no delimiter (checked against NM's syntax before).
    obx.obx_5 = o.value
    _coded(obx.obx_6, o.unit, "", UCUM_SYSTEM)
    if o.reference_range is not None:
        _put(obx, "obx_7", o.reference_range)
    if o.flag is not None:
        _put(obx, "obx_8", o.flag)
    _put(obx, "obx_11", status)
    _put(obx.obx_14, "ts_1", _dtm(s.taken_at))
    # VitalsDesk keeps one display name per staff member: it goes whole in the family-name
    # component, the user name in the ID component. A set this clinic imported has no staff
    # member, only the source's performer text: a name with no ID (never a local account).
    if s.recorded_by is not None:
        _put(obx.obx_16, "xcn_1", s.recorded_by.username)
        _put(obx.obx_16.xcn_2, "fn_1", s.recorded_by.display_name)
    elif s.source_performer:
        _put(obx.obx_16.xcn_2, "fn_1", s.source_performer)
    if o.method is not None:
        _coded(obx.obx_17, *o.method, LOCAL_SYSTEM)


def _notes(group: Any, notes: Sequence[str]) -> None:
    for number, note in enumerate(notes, start=1):
        nte = group.add_segment("NTE")
        _put(nte, "nte_1", str(number))
        _put(nte, "nte_3", note)


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


def _coded(field: Any, code: str, text: str, system: str) -> None:
    """A CE: code ^ text ^ coding system."""
    _put(field, "ce_1", code)
    if text:
        _put(field, "ce_2", text)
    _put(field, "ce_3", system)


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


def _text(value: str) -> str:
    """Free text for one component: one line, and every backslash written as HL7's \\E\\.

    hl7apy escapes the delimiters | ^ & ~ itself, but leaves a backslash alone when it happens to
    look like an escape sequence (a name typed as "A\\F\\B" would reach the EHR as "A|B"). Writing
    every backslash as \\E\\ first leaves hl7apy nothing to guess.
    """
    one_line = _WHITESPACE.sub(" ", value).strip()
    return one_line.replace("\\", "\\E\\")


def _put(parent: Any, name: str, value: str) -> None:
    """Set one field, component or subcomponent to a value, typed as the standard types it.

    A plain string assigned to an element is parsed as ER7 by hl7apy (split at ^ or &); a value of
    the element's own data type is not, and hl7apy escapes its delimiters when writing.
    """
    reference = parent.find_child_reference(name.upper())["ref"]
    if reference[0] != "leaf":
        raise AssertionError(f"{name} has components: set them one by one")
    typed = datatype_factory(
        reference[2], _text(value), version=VERSION, validation_level=VALIDATION_LEVEL.STRICT
    )
    if parent.children.get(name.upper()):
        # hl7apy fills some fields itself (MSH-7 with the clock, MSH-12): replace, not add.
        delattr(parent, name)
    setattr(parent, name, typed)


def _leaves(element: Any) -> Iterator[Any]:
    """Every element whose reference is a leaf (a field or component holding one value)."""
    reference = getattr(element, "reference", None)
    if reference is not None and reference[0] == "leaf":
        yield element
        return
    for child in getattr(element, "children", None) or ():
        yield from _leaves(child)
