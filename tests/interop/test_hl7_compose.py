"""The ORU^R01 text VitalsDesk writes itself (`compose_oru`, what the save queues) is exactly what
hl7apy's object model writes for the same set (tests/interop/hl7apy_oracle.py), and hl7apy
validates it. The save composes inside its write transaction, so the text must be cheap there;
the check that it is the standard's stays hl7apy's."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.interop.hl7apy_oracle import hl7apy_oru
from tests.interop.samples import PATIENT, m
from tests.interop.test_hl7 import FIRST_UID, NOW, SETTINGS, TABLE, a_set
from vitalsdesk.clinical.measurements import TemperatureMethod
from vitalsdesk.interop.hl7_oru import (
    Hl7Error,
    Hl7Settings,
    VisitRecord,
    build_oru,
    compose_oru,
    validate_oru,
)
from vitalsdesk.interop.records import PatientRecord, SetRecord, StaffRef

VOIDED_AT = datetime(2026, 11, 27, 15, 0, 0)
TAKEN_VISIT = datetime.fromisoformat("2026-11-27T09:20:00-05:00")


def both(
    vital_set: SetRecord,
    patient: PatientRecord = PATIENT,
    hl7: Hl7Settings = SETTINGS,
    **kwargs: Any,
) -> tuple[str, str]:
    kwargs = {"control_id": "VD00000042", "message_time": NOW, "ranges": TABLE, **kwargs}
    return compose_oru(patient, vital_set, hl7, **kwargs), hl7apy_oru(
        patient, vital_set, hl7, **kwargs
    )


CASES: dict[str, tuple[SetRecord, dict[str, Any]]] = {
    "full set": (a_set(), {}),
    "in a visit": (a_set(), {"visit": VisitRecord(visit_number="V-7", started_at=TAKEN_VISIT)}),
    "visit without a start": (a_set(), {"visit": VisitRecord(visit_number="V-8")}),
    "no ranges": (a_set(), {"ranges": None}),
    "amended": (
        a_set(uid="3", status="amended", replaces_uid="2", amend_reason="Pulse typed wrong"),
        {"result_id": FIRST_UID},
    ),
    "entered in error": (
        a_set(
            status="entered-in-error",
            error_reason="Wrong patient.\r\nMSH|injected",
            error_marked_at=VOIDED_AT,
            error_marked_by=StaffRef(username="rn2", display_name="Ben RN"),
        ),
        {},
    ),
    "imported": (a_set(recorded_by=None, source_performer="Ana Source (ma.src)"), {}),
    "escapes": (a_set(recorded_by=StaffRef(username="ma&1", display_name="Ana ~ \\MA^")), {}),
    "confirmed, no flow": (
        a_set(
            measurements=(
                m("heart_rate", "38", "/min", "38", interpretation="LL", confirmed=True),
                m("oxygen_saturation", "94", "%", "94", on_supplemental_oxygen=True),
            ),
            bmi_value=None,
        ),
        {},
    ),
    **{
        f"temperature {method.value}": (
            a_set(
                measurements=(m("body_temperature", "+37.0", "Cel", "37", method=method.value),),
                bmi_value=None,
            ),
            {},
        )
        for method in TemperatureMethod
    },
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_text_is_what_hl7apy_writes_and_it_validates(name: str) -> None:
    vital_set, kwargs = CASES[name]
    composed, reference = both(vital_set, **kwargs)
    assert composed == reference
    validate_oru(composed)


def test_patient_and_settings_texts_are_escaped_as_hl7apy_escapes_them() -> None:
    patient = PATIENT.model_copy(
        update={
            "family_name": "O'Brien|Peña^&~ \\E\\",
            "given_name": "A\\F\\B\t two",
            "mrn": "M^1",
            "is_sample": True,
        }
    )
    hl7 = SETTINGS.model_copy(update={"sending_facility": "N&S", "processing_id": "T"})
    composed, reference = both(a_set(), patient=patient, hl7=hl7)
    assert composed == reference
    validate_oru(composed)


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("|^&~\\ \t"),
    min_size=1,
    max_size=30,
).filter(str.strip)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family=names, given_name=names, reason=names, staff=names)
def test_any_typed_text_is_written_as_hl7apy_writes_it(
    family: str, given_name: str, reason: str, staff: str
) -> None:
    patient = PATIENT.model_copy(update={"family_name": family, "given_name": given_name})
    vital_set = a_set(
        status="entered-in-error",
        error_reason=reason,
        recorded_by=StaffRef(username="ma1", display_name=staff),
    )
    composed, reference = both(vital_set, patient=patient)
    assert composed == reference


def test_build_is_compose_then_validate() -> None:
    vital_set = a_set()
    kwargs: dict[str, Any] = {"control_id": "VD1", "message_time": NOW, "ranges": TABLE}
    assert build_oru(PATIENT, vital_set, SETTINGS, **kwargs) == compose_oru(
        PATIENT, vital_set, SETTINGS, **kwargs
    )
    # A value the standard does not allow (a family name past FN.1's length) is composed, and
    # refused by hl7apy's validation: by build_oru at once, by the outbox before it sends.
    long_name = PATIENT.model_copy(update={"family_name": "X" * 300})
    text = compose_oru(long_name, vital_set, SETTINGS, **kwargs)
    with pytest.raises(Hl7Error, match="not a valid"):
        validate_oru(text)
    with pytest.raises(Hl7Error, match="not a valid"):
        build_oru(long_name, vital_set, SETTINGS, **kwargs)


def test_composing_is_cheap_next_to_hl7apy() -> None:
    """What the save holds its write lock for: composing is a small part of hl7apy's build (about
    0.3 ms against 20 ms of CPU; the bound is loose for a loaded machine)."""
    vital_set = a_set()
    kwargs: dict[str, Any] = {"control_id": "VD1", "message_time": NOW, "ranges": TABLE}

    def cpu(work: Any, n: int) -> float:
        start = time.thread_time()
        for _ in range(n):
            work()
        return (time.thread_time() - start) / n

    composed = cpu(lambda: compose_oru(PATIENT, vital_set, SETTINGS, **kwargs), 20)
    reference = cpu(lambda: hl7apy_oru(PATIENT, vital_set, SETTINGS, **kwargs), 3)
    assert composed * 10 < reference


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("PID|1|", "PID|x|"),  # SI
        ("|20261127093000-0500|", "|2026112709300|"),  # DTM
    ],
)
def test_a_value_hl7apy_refuses_with_a_value_error_is_an_hl7_error(old: str, new: str) -> None:
    """hl7apy's parser raises a plain ValueError for a value its data type refuses; the sender
    validates each message before it goes and holds an invalid one, so the validator must say
    Hl7Error (a ValueError used to escape it)."""
    text = compose_oru(PATIENT, a_set(), SETTINGS, control_id="VD1", message_time=NOW)
    assert old in text
    with pytest.raises(Hl7Error, match=r"not a valid v2\.5\.1 ORU"):
        validate_oru(text.replace(old, new, 1))
