"""The ORU^R01 built the way VitalsDesk built it before it wrote the text itself: with hl7apy's
object model, each value typed as the standard types it (hl7apy writes the ER7 and escapes it).

The product now writes the ER7 text directly (it is about 60 times cheaper, and the save holds
the write lock while the text is made); the tests check that it writes exactly what hl7apy's
object model writes for the same set, so this is the reference, not a second product path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.factories import datatype_factory

from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.interop import codes as c
from vitalsdesk.interop.hl7_oru import (
    _WHITESPACE,
    CHARACTER_SET,
    LOCAL_SYSTEM,
    LOINC_SYSTEM,
    MESSAGE_TYPE,
    MRN_TYPE,
    OBR_STATUS,
    OBX_STATUS,
    OUTPATIENT,
    SENDING_APPLICATION,
    SEX_CODE,
    UCUM_SYSTEM,
    VERSION,
    Hl7Settings,
    VisitRecord,
    _dtm,
    _observations,
    _Obx,
    _set_notes,
    _sex,
    _status_changed_at,
)
from vitalsdesk.interop.records import PatientRecord, SetRecord


def hl7apy_oru(
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
    """The ER7 text hl7apy's object model writes for the set (not validated: the caller does)."""
    result_id = result_id or vital_set.uid
    sex = _sex(patient.sex)
    observations = list(_observations(patient, vital_set, sex, ranges))
    msg = Message("ORU_R01", version=VERSION, validation_level=VALIDATION_LEVEL.STRICT)
    _msh(msg, settings, control_id, message_time, test=patient.is_sample)
    result = msg.add_group("ORU_R01_PATIENT_RESULT")
    patient_group = result.add_group("ORU_R01_PATIENT")
    _pid(patient_group.add_segment("PID"), patient, settings, SEX_CODE[sex])
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
    return str(msg.to_er7()) + "\r"


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
    _put(msh.msh_11, "pt_1", "T" if test else settings.processing_id)
    _put(msh.msh_12, "vid_1", VERSION)
    _put(msh, "msh_18", CHARACTER_SET)


def _pid(pid: Any, patient: PatientRecord, settings: Hl7Settings, sex: str) -> None:
    _put(pid, "pid_1", "1")
    _put(pid.pid_3, "cx_1", patient.mrn)
    _put(pid.pid_3.cx_4, "hd_1", settings.assigning_authority)
    _put(pid.pid_3, "cx_5", MRN_TYPE)
    _put(pid.pid_5.xpn_1, "fn_1", patient.family_name)
    _put(pid.pid_5, "xpn_2", patient.given_name)
    _put(pid.pid_7, "ts_1", patient.birth_date.strftime("%Y%m%d"))
    _put(pid, "pid_8", sex)


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
    obx.obx_5 = o.value
    _coded(obx.obx_6, o.unit, "", UCUM_SYSTEM)
    if o.reference_range is not None:
        _put(obx, "obx_7", o.reference_range)
    if o.flag is not None:
        _put(obx, "obx_8", o.flag)
    _put(obx, "obx_11", status)
    _put(obx.obx_14, "ts_1", _dtm(s.taken_at))
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


def _coded(field: Any, code: str, text: str, system: str) -> None:
    _put(field, "ce_1", code)
    if text:
        _put(field, "ce_2", text)
    _put(field, "ce_3", system)


def _put(parent: Any, name: str, value: str) -> None:
    """One value, typed as the standard types it; every backslash written as \\E\\ first (hl7apy
    leaves one alone when it looks like an escape sequence), then hl7apy escapes the delimiters."""
    reference = parent.find_child_reference(name.upper())["ref"]
    assert reference[0] == "leaf", name
    text = _WHITESPACE.sub(" ", value).strip().replace("\\", "\\E\\")
    typed = datatype_factory(
        reference[2], text, version=VERSION, validation_level=VALIDATION_LEVEL.STRICT
    )
    if parent.children.get(name.upper()):
        delattr(parent, name)
    setattr(parent, name, typed)
