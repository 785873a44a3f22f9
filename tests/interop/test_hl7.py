"""The HL7 v2.5.1 ORU^R01 builder (pure): every message is validated by hl7apy, strictly, and read
back field by field with hl7apy's parser."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.interop.samples import PATIENT, TAKEN, full_set, m
from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.measurements import AdministrativeSex, TemperatureMethod
from vitalsdesk.clinical.units import Unit, to_canonical
from vitalsdesk.interop import codes as c
from vitalsdesk.interop.hl7_oru import (
    Hl7Error,
    Hl7Settings,
    VisitRecord,
    build_oru,
    reference_range,
    validate_oru,
)
from vitalsdesk.interop.records import PatientRecord, SetRecord, StaffRef
from vitalsdesk.reference_ranges import shipped_table

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILE = ROOT / "docs" / "hl7" / "sample-oru.hl7"

TABLE = shipped_table()
SETTINGS = Hl7Settings(
    sending_facility="NORTHSIDE",
    receiving_application="EHR",
    receiving_facility="NSC",
    assigning_authority="NSC-MRN",
)
NOW = datetime(2026, 11, 27, 14, 32, 0, tzinfo=UTC)
FIRST_UID = "11111111-1111-4111-8111-111111111111"


def a_set(**changes: Any) -> SetRecord:
    return full_set(**{"reference_ranges_version": TABLE.version_label, **changes})


def build(
    vital_set: SetRecord | None = None,
    patient: PatientRecord = PATIENT,
    settings: Hl7Settings = SETTINGS,
    **kwargs: Any,
) -> str:
    kwargs = {"control_id": "VD00000042", "message_time": NOW, "ranges": TABLE, **kwargs}
    return build_oru(patient, vital_set or a_set(), settings, **kwargs)


# -- reading the message back with hl7apy ------------------------------------------------------


def unescape(er7: str) -> str:
    """The text of one component as written with the default delimiters."""
    out, i = [], 0
    table = {"F": "|", "S": "^", "T": "&", "R": "~", "E": "\\"}
    while i < len(er7):
        if er7[i] == "\\":
            end = er7.index("\\", i + 1)
            out.append(table[er7[i + 1 : end]])
            i = end + 1
        else:
            out.append(er7[i])
            i += 1
    return "".join(out)


def v(element: Any) -> str:
    return unescape(element.to_er7())


def children(element: Any, name: str) -> list[Any]:
    return list(element.children.get(name))


class Read:
    """An ORU^R01 parsed back with hl7apy (strictly, after validation)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.msg = validate_oru(text)
        [result] = children(self.msg, "ORU_R01_PATIENT_RESULT")
        [self.patient] = children(result, "ORU_R01_PATIENT")
        [self.order] = children(result, "ORU_R01_ORDER_OBSERVATION")
        self.msh = self.msg.msh
        self.pid = self.patient.pid
        self.obr = self.order.obr
        self.groups = children(self.order, "ORU_R01_OBSERVATION")
        self.obx = [g.obx for g in self.groups]

    @property
    def visits(self) -> list[Any]:
        return children(self.patient, "ORU_R01_VISIT")

    def set_notes(self) -> list[str]:
        return [v(n.nte_3) for n in children(self.order, "NTE")]

    def notes(self, code: str) -> list[str]:
        [group] = [g for g in self.groups if v(g.obx.obx_3.ce_1) == code]
        return [v(n.nte_3) for n in children(group, "NTE")]

    def one(self, code: str) -> Any:
        [found] = [o for o in self.obx if v(o.obx_3.ce_1) == code]
        return found


# -- the whole message -------------------------------------------------------------------------


def test_a_full_set_reads_back_field_by_field() -> None:
    read = Read(build(visit=VisitRecord(visit_number="V-7", started_at=TAKEN)))
    msh = read.msh
    assert read.text.startswith("MSH|^~\\&|VITALSDESK|")
    assert v(msh.msh_3.hd_1) == "VITALSDESK"
    assert v(msh.msh_4.hd_1) == "NORTHSIDE"
    assert (v(msh.msh_5.hd_1), v(msh.msh_6.hd_1)) == ("EHR", "NSC")
    assert v(msh.msh_7) == "20261127143200+0000"
    assert (v(msh.msh_9.msg_1), v(msh.msh_9.msg_2), v(msh.msh_9.msg_3)) == ("ORU", "R01", "ORU_R01")
    assert v(msh.msh_10) == "VD00000042"
    assert v(msh.msh_11.pt_1) == "P"
    assert v(msh.msh_12.vid_1) == "2.5.1"
    assert v(msh.msh_15) == "" and v(msh.msh_16) == ""  # original acknowledgment mode
    assert v(msh.msh_18) == "UNICODE UTF-8"

    pid = read.pid
    assert v(pid.pid_3.cx_1) == "M-1"
    assert v(pid.pid_3.cx_4.hd_1) == "NSC-MRN"
    assert v(pid.pid_3.cx_5) == "MR"
    assert (v(pid.pid_5.xpn_1.fn_1), v(pid.pid_5.xpn_2)) == ("Peña", "Jane")
    assert v(pid.pid_7) == "19800615"
    assert v(pid.pid_8) == "F"

    [visit] = read.visits
    assert (v(visit.pv1.pv1_2), v(visit.pv1.pv1_19.cx_1)) == ("O", "V-7")
    assert v(visit.pv1.pv1_44) == "20261127093000-0500"

    obr = read.obr
    assert v(obr.obr_3.ei_1) == FIRST_UID and v(obr.obr_3.ei_2) == "VITALSDESK"
    assert (v(obr.obr_4.ce_1), v(obr.obr_4.ce_2), v(obr.obr_4.ce_3)) == (
        "85353-1",
        c.PANEL.concept.display,
        "LN",
    )
    assert v(obr.obr_7) == "20261127093000-0500"  # taken, in the offset of the place
    assert v(obr.obr_22) == "20261127143105+0000"  # recorded
    assert v(obr.obr_25) == "F"
    assert read.set_notes() == []

    rows = [
        (v(o.obx_1), v(o.obx_2), v(o.obx_3.ce_1), v(o.obx_5), v(o.obx_6.ce_1), v(o.obx_8))
        for o in read.obx
    ]
    assert rows == [
        ("1", "NM", "8480-6", "118", "mm[Hg]", "N"),
        ("2", "NM", "8462-4", "76", "mm[Hg]", "N"),
        ("3", "NM", "8867-4", "72", "/min", "N"),
        ("4", "NM", "9279-1", "16", "/min", "N"),
        ("5", "NM", "8310-5", "98.6", "[degF]", "N"),
        ("6", "NM", "2708-6", "97", "%", "N"),
        ("7", "NM", "3151-8", "2", "L/min", ""),
        ("8", "NM", "8302-2", "65", "[in_i]", ""),
        ("9", "NM", "29463-7", "154.0", "[lb_av]", ""),
        ("10", "NM", "39156-5", "25.6", "kg/m2", ""),  # a BMI is never flagged (decision 20)
        ("11", "NM", "72514-3", "3", "{score}", "H"),
    ]
    for o in read.obx:
        code = v(o.obx_3.ce_1)
        concept = c.MEMBER_BY_LOINC[code].concept if code in c.MEMBER_BY_LOINC else None
        expected = {
            "8480-6": c.SYSTOLIC,
            "8462-4": c.DIASTOLIC,
            "3151-8": c.OXYGEN_FLOW,
        }.get(code, concept)
        assert expected is not None
        assert (v(o.obx_3.ce_2), v(o.obx_3.ce_3)) == (expected.display, "LN")
        assert (v(o.obx_6.ce_2), v(o.obx_6.ce_3)) == ("", "UCUM")
        assert v(o.obx_11) == "F"
        assert v(o.obx_14) == "20261127093000-0500"
        assert (v(o.obx_16.xcn_1), v(o.obx_16.xcn_2.fn_1)) == ("ma1", "Ana MA")
    temperature = read.one("8310-5")
    assert (v(temperature.obx_17.ce_1), v(temperature.obx_17.ce_2)) == ("oral", "Oral")
    assert v(temperature.obx_17.ce_3) == "L"
    assert all(v(o.obx_17) == "" for o in read.obx if o is not temperature)
    assert read.notes("39156-5") == [
        "BMI computed by VitalsDesk: weight (kg) / height (m) squared, rounded to 0.1, "
        "from body height 65 [in_i] and body weight 154.0 [lb_av] in this set. "
        "BMI category: overweight."
    ]
    assert read.notes("2708-6") == ["On supplemental oxygen (flow in the next observation)."]


def test_the_loinc_codes_are_the_fhir_exports() -> None:
    read = Read(build())
    sent = {v(o.obx_3.ce_1) for o in read.obx}
    fhir = {member.concept.code for member in c.MEMBERS} - {"85354-9", "9843-4"}
    assert sent == fhir | {"8480-6", "8462-4", "3151-8"}


def test_the_same_input_gives_the_same_message() -> None:
    assert build() == build()
    assert build().endswith("\r") and "\n" not in build()


def test_the_validator_refuses_a_broken_message() -> None:
    good = build()
    validate_oru(good)
    # OBX-11 is required (cardinality) ...
    without_status = good.replace("|||F|||20261127093000-0500|", "||||||20261127093000-0500|", 1)
    assert without_status != good
    with pytest.raises(Hl7Error, match=r"OBX_11|Missing required"):
        validate_oru(without_status)
    # ... and a value outside its HL7 table is an error here, not a warning.
    with pytest.raises(Hl7Error, match="HL70001"):
        validate_oru(good.replace("|19800615|F\r", "|19800615|Q\r"))
    with pytest.raises(Hl7Error, match="HL70085"):
        validate_oru(good.replace("|||F|||", "|||Z|||", 1))
    with pytest.raises(Hl7Error, match="HL70078"):
        validate_oru(good.replace("|N|||F|", "|NORMAL|||F|", 1))


# -- patient, visit and settings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "code"), [("female", "F"), ("male", "M"), ("other", "O"), ("unknown", "U")]
)
def test_administrative_sex_uses_table_0001(sex: str, code: str) -> None:
    patient = PATIENT.model_copy(update={"sex": sex})
    assert v(Read(build(patient=patient)).pid.pid_8) == code


def test_an_unknown_sex_is_refused() -> None:
    with pytest.raises(Hl7Error, match="administrative sex"):
        build(patient=PATIENT.model_copy(update={"sex": "f"}))


def test_pv1_only_when_the_set_belongs_to_a_visit() -> None:
    assert Read(build()).visits == []
    [visit] = Read(build(visit=VisitRecord(visit_number="V-8"))).visits
    assert v(visit.pv1.pv1_19.cx_1) == "V-8" and v(visit.pv1.pv1_44) == ""


def test_test_data_and_the_demo_clinic_say_t() -> None:
    assert v(Read(build()).msh.msh_11.pt_1) == "P"
    demo = SETTINGS.model_copy(update={"processing_id": "T"})
    assert v(Read(build(settings=demo)).msh.msh_11.pt_1) == "T"
    sample = PATIENT.model_copy(update={"is_sample": True})
    assert v(Read(build(patient=sample)).msh.msh_11.pt_1) == "T"


def test_delimiters_and_backslashes_in_text_arrive_as_typed() -> None:
    patient = PATIENT.model_copy(
        update={"family_name": "O'Brien|Peña^&~", "given_name": "A\\F\\B", "mrn": "M^1"}
    )
    staff = StaffRef(username="ma&1", display_name="Ana ~ MA")
    read = Read(build(a_set(recorded_by=staff), patient=patient))
    assert v(read.pid.pid_5.xpn_1.fn_1) == "O'Brien|Peña^&~"
    assert v(read.pid.pid_5.xpn_2) == "A\\F\\B"
    assert v(read.pid.pid_3.cx_1) == "M^1"
    assert v(read.obx[0].obx_16.xcn_2.fn_1) == "Ana ~ MA"
    assert v(read.obx[0].obx_16.xcn_1) == "ma&1"


def test_an_imported_set_names_the_source_performer_as_text_only() -> None:
    """A set this clinic imported has no staff member behind it: OBX-16 carries the source's
    performer as a name with no ID, never a local account (it once crashed on recorded_by)."""
    imported = a_set(recorded_by=None, source_performer="Ana Source (ma.src)")
    read = Read(build(imported))
    assert v(read.obx[0].obx_16.xcn_2.fn_1) == "Ana Source (ma.src)"
    assert v(read.obx[0].obx_16.xcn_1) == ""


def test_line_breaks_in_a_reason_do_not_end_the_segment() -> None:
    s = a_set(status="entered-in-error", error_reason="Wrong patient.\r\nMSH|injected")
    read = Read(build(s))
    [note] = read.set_notes()
    assert "Wrong patient. MSH|injected" in note
    assert read.text.count("MSH|") == 1


@pytest.mark.parametrize("control_id", ["", "X" * 21, "VD|1", "VD^1", "VD 1\n", "VDé"])
def test_a_control_id_must_fit_msh_10(control_id: str) -> None:
    with pytest.raises(Hl7Error, match="control_id"):
        build(control_id=control_id)


def test_times_need_a_time_zone() -> None:
    with pytest.raises(Hl7Error, match="time zone"):
        build(message_time=datetime(2026, 11, 27, 14, 32))


def test_a_value_nm_cannot_carry_is_refused() -> None:
    bad = a_set(measurements=(m("heart_rate", "7e1", "/min", "70"),), bmi_value=None)
    with pytest.raises(Hl7Error, match="not a plain decimal number"):
        build(bad)


def test_a_set_with_nothing_to_send_is_refused() -> None:
    with pytest.raises(Hl7Error, match="no measurement"):
        build(a_set(measurements=(), bmi_value=None))


# -- amendments and entered-in-error -----------------------------------------------------------


def test_an_amendment_is_a_correction_of_the_first_result() -> None:
    second = "22222222-2222-4222-8222-222222222222"
    amended = a_set(
        uid="33333333-3333-4333-8333-333333333333",
        status="amended",
        replaces_uid=second,
        amend_reason="Pulse typed wrong",
    )
    with pytest.raises(Hl7Error, match="result_id"):
        build(amended)
    read = Read(build(amended, result_id=FIRST_UID))
    assert v(read.obr.obr_3.ei_1) == FIRST_UID
    assert v(read.obr.obr_25) == "C"
    assert {v(o.obx_11) for o in read.obx} == {"C"}
    assert read.set_notes() == ["Corrected result. Reason: Pulse typed wrong"]


def test_entered_in_error_posts_every_value_as_wrong() -> None:
    voided = a_set(
        status="entered-in-error",
        error_reason="Wrong patient",
        error_marked_at=datetime(2026, 11, 27, 15, 0, 0),  # stored UTC, naive
        error_marked_by=StaffRef(username="rn2", display_name="Ben RN"),
    )
    read = Read(build(voided))
    assert v(read.obr.obr_3.ei_1) == FIRST_UID  # the result the EHR already has
    assert {v(o.obx_11) for o in read.obx} == {"W"}
    assert v(read.obr.obr_25) == "C"
    assert v(read.obr.obr_22) == "20261127150000+0000"
    assert read.set_notes() == [
        "Entered in error: do not use these values. Reason: Wrong patient Marked by Ben RN (rn2)."
    ]


def test_an_amended_set_later_voided_still_names_the_first_result() -> None:
    voided = a_set(uid="4", status="entered-in-error", replaces_uid=FIRST_UID, amend_reason="x")
    with pytest.raises(Hl7Error, match="result_id"):
        build(voided)
    read = Read(build(voided, result_id=FIRST_UID))
    assert v(read.obr.obr_3.ei_1) == FIRST_UID
    assert {v(o.obx_11) for o in read.obx} == {"W"}


# -- observations ------------------------------------------------------------------------------


def test_oxygen_without_a_flow_and_room_air_are_noted() -> None:
    no_flow = m(
        "oxygen_saturation", "94", "%", "94", on_supplemental_oxygen=True, interpretation="L"
    )
    read = Read(build(a_set(measurements=(no_flow,), bmi_value=None)))
    assert [v(o.obx_3.ce_1) for o in read.obx] == ["2708-6"]
    assert read.notes("2708-6") == ["On supplemental oxygen; the flow was not written down."]
    room_air = m("oxygen_saturation", "98", "%", "98", on_supplemental_oxygen=False)
    read = Read(build(a_set(measurements=(room_air,), bmi_value=None)))
    assert read.notes("2708-6") == ["On room air."]


def test_a_confirmed_unusual_value_carries_its_reason() -> None:
    odd = m(
        "heart_rate",
        "38",
        "/min",
        "38",
        interpretation="LL",
        confirmed=True,
        confirm_reason="Athlete, rechecked",
    )
    read = Read(build(a_set(measurements=(odd,), bmi_value=None)))
    assert v(read.one("8867-4").obx_8) == "LL"
    assert read.notes("8867-4") == [
        "Unusual value, measured again and confirmed: Athlete, rechecked"
    ]


@pytest.mark.parametrize("method", list(TemperatureMethod))
def test_every_temperature_method_goes_to_obx_17(method: TemperatureMethod) -> None:
    t = m("body_temperature", "37.0", "Cel", "37.0", method=method.value, interpretation="N")
    read = Read(build(a_set(measurements=(t,), bmi_value=None)))
    obx = read.one("8310-5")
    assert v(obx.obx_17.ce_1) == method.value
    assert v(obx.obx_17.ce_3) == "L"
    assert v(obx.obx_5) == "37.0" and v(obx.obx_6.ce_1) == "Cel"


def test_the_reference_range_comes_only_from_the_table_version_that_flagged() -> None:
    with_ranges = Read(build())
    assert v(with_ranges.one("8867-4").obx_7) == "60-100"
    assert v(with_ranges.one("8310-5").obx_7) == "96.9-100.3"  # in °F, as entered
    assert v(with_ranges.one("2708-6").obx_7) == ">95"
    assert v(with_ranges.one("72514-3").obx_7) == "<1"
    assert v(with_ranges.one("29463-7").obx_7) == ""  # weight has no range
    other_version = Read(build(a_set(reference_ranges_version="vitalsdesk-default 1999.1")))
    assert all(v(o.obx_7) == "" for o in other_version.obx)
    assert all(v(o.obx_7) == "" for o in Read(build(ranges=None)).obx)


def _normal_span(text: str) -> tuple[Decimal | None, Decimal | None, bool]:
    """(low, high, exclusive) of an OBX-7 text."""
    if text.startswith(">"):
        return Decimal(text[1:]), None, True
    if text.startswith("<"):
        return None, Decimal(text[1:]), True
    low, high = text.split("-")
    return Decimal(low), Decimal(high), False


CASES = [
    ("heart_rate", "72", "/min", None, 45),
    ("heart_rate", "72", "/min", None, 8),
    ("systolic_bp", "118", "mm[Hg]", None, 45),
    ("systolic_bp", "80", "mm[Hg]", None, 0),
    ("diastolic_bp", "76", "mm[Hg]", None, 45),
    ("respiratory_rate", "16.5", "/min", None, 45),
    ("oxygen_saturation", "97", "%", None, 45),
    ("oxygen_saturation", "97.25", "%", None, 45),
    ("body_temperature", "98.6", "[degF]", "oral", 45),
    ("body_temperature", "37.0", "Cel", "axillary", 45),
    ("body_temperature", "37", "Cel", "rectal", 0),
    ("body_temperature", "99.95", "[degF]", "tympanic", 3),
    ("pain_score", "3", "{score}", None, 45),
]


@pytest.mark.parametrize(("key", "value", "unit", "method", "years"), CASES)
@pytest.mark.parametrize("sex", [AdministrativeSex.FEMALE, AdministrativeSex.MALE])
def test_the_range_is_exactly_the_values_the_table_calls_n(
    key: str, value: str, unit: str, method: str | None, years: int, sex: AdministrativeSex
) -> None:
    birth = date(2026 - years, 1, 10) if years else date(2026, 11, 1)
    age = age_on(birth, TAKEN.date())
    row = TABLE.range_row(key, age, sex, TemperatureMethod(method) if method else None)
    assert row is not None
    text = reference_range(row, value, unit)
    assert text is not None
    low, high, exclusive = _normal_span(text)
    exponent = Decimal(value).as_tuple().exponent
    assert isinstance(exponent, int)  # a finite value
    step = Decimal(1).scaleb(exponent)

    def interpret(x: Decimal) -> str:
        return row.interpret(to_canonical(x, Unit(unit)))

    if exclusive:
        # ">95": 95 is not N, the next value at this precision is.
        edge = low if low is not None else high
        assert edge is not None
        inside = edge + step if low is not None else edge - step
        assert interpret(edge) != "N" and interpret(inside) == "N"
    else:
        assert low is not None and high is not None
        assert interpret(low) == "N" and interpret(high) == "N"
        assert interpret(low - step) != "N" and interpret(high + step) != "N"
    for digits in text.lstrip("<>").split("-"):
        assert Decimal(digits).as_tuple().exponent == Decimal(value).as_tuple().exponent


def test_every_flag_agrees_with_the_range_it_is_sent_with() -> None:
    sample = _sample_module().sample_message()
    for text in (build(), sample):
        for obx in Read(text).obx:
            flag, span = v(obx.obx_8), v(obx.obx_7)
            if not span or not flag:
                continue
            low, high, exclusive = _normal_span(span)
            x = Decimal(v(obx.obx_5))
            if exclusive:
                inside = (low is None or x > low) and (high is None or x < high)
            else:
                assert low is not None and high is not None
                inside = low <= x <= high
            assert inside == (flag == "N"), (v(obx.obx_3.ce_1), x, span, flag)


# -- the sample in docs/ -----------------------------------------------------------------------


def _sample_module() -> ModuleType:
    path = ROOT / "docs" / "hl7" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("hl7_make_sample", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_in_the_docs_is_what_the_code_produces() -> None:
    module = _sample_module()
    message = module.sample_message()
    Read(message)
    assert SAMPLE_FILE.read_text(encoding="utf-8") == module.as_file_text(message), (
        "docs/hl7/sample-oru.hl7 is out of date: run .venv/bin/python docs/hl7/make_sample.py"
    )
    # docs/hl7.md shows the same sample.
    assert module.as_file_text(message) in (ROOT / "docs" / "hl7.md").read_text(encoding="utf-8")
