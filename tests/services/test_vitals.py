from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import AuditEvent, Measurement
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.errors import (
    ClinicianNotNotified,
    Conflict,
    InvalidInput,
    VitalsNotAccepted,
)
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

TAKEN = "2026-11-27T09:30:00-05:00"


def vitals(
    taken_at: str = TAKEN, confirmed: tuple[str, ...] = (), **measurements: Any
) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": taken_at,
            "measurements": measurements,
            "confirmed": list(confirmed),
        }
    )


NORMAL: dict[str, Any] = {  # a document, as the GUI and the CLI hand it over
    "systolic_bp": {"value": 118, "unit": "mm[Hg]", "position": "sitting", "arm": "left"},
    "diastolic_bp": {"value": 76, "unit": "mm[Hg]"},
    "heart_rate": {"value": 72, "unit": "/min"},
    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
    "oxygen_saturation": {
        "value": 97,
        "unit": "%",
        "on_supplemental_oxygen": True,
        "oxygen_flow": 2,
    },
    "body_height": {"value": 65, "unit": "[in_i]"},
    "body_weight": {"value": "154.0", "unit": "[lb_av]"},
}


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


@pytest.fixture
def patient(clinic: Clinic, ma: StaffUserOut) -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Doe",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        ma,
    )


def _audit(clinic: Clinic) -> list[tuple[str, int | None]]:
    with clinic.db.transaction() as s:
        return [
            (a, e)
            for a, e in s.execute(
                select(AuditEvent.action, AuditEvent.entity_id).order_by(AuditEvent.id)
            )
        ]


def test_record_keeps_values_exactly_as_entered(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    saved = clinic.vitals.record(patient.id, vitals(**NORMAL), ma)
    assert saved.status == "final" and saved.recorded_by == "Ana MA"
    assert saved.taken_at.isoformat() == TAKEN
    temp = saved.measurement("body_temperature")
    assert temp is not None
    assert (temp.value_text, temp.unit, temp.canonical_text, temp.canonical_unit) == (
        "98.6",
        "[degF]",
        "37",
        "Cel",
    )
    assert temp.method == "oral" and temp.interpretation == "N"
    weight = saved.measurement("body_weight")
    assert (
        weight is not None and weight.value_text == "154.0" and weight.canonical_text == "69.853225"
    )
    spo2 = saved.measurement("oxygen_saturation")
    assert spo2 is not None and spo2.on_supplemental_oxygen and spo2.oxygen_flow_text == "2"
    sbp = saved.measurement("systolic_bp")
    assert sbp is not None and (sbp.position, sbp.arm) == ("sitting", "left")
    assert saved.bmi_value == "25.6" and saved.bmi_category == "overweight"
    assert saved.bp_category == "normal"
    assert saved.reference_ranges_version == clinic.table.version_label
    assert ("vitals_recorded", saved.id) in _audit(clinic)
    # Read back through a new transaction: the same exact values.
    again = clinic.vitals.get(saved.id)
    assert again.measurements == saved.measurements


def test_nothing_invalid_is_stored(clinic: Clinic, ma: StaffUserOut, patient: PatientOut) -> None:
    with pytest.raises(VitalsNotAccepted) as exc:
        clinic.vitals.record(patient.id, vitals(heart_rate={"value": 600, "unit": "/min"}), ma)
    assert exc.value.assessment.status == "rejected"
    with pytest.raises(InvalidInput):
        clinic.vitals.record(patient.id, vitals(), ma)
    with clinic.db.transaction() as s:
        assert s.scalar(text("SELECT count(*) FROM vital_sign_set")) == 0


def test_improbable_value_needs_confirmation_and_keeps_the_reason(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    heavy: dict[str, Any] = {"body_weight": {"value": 600, "unit": "[lb_av]"}}
    with pytest.raises(VitalsNotAccepted) as exc:
        clinic.vitals.record(patient.id, vitals(**heavy), ma)
    assert [p.field for p in exc.value.assessment.needs_confirmation] == ["body_weight"]
    confirmed = vitals(confirmed=("body_weight",), **heavy).model_copy(
        update={"confirmation_reasons": {"body_weight": "re-weighed on the bariatric scale"}}
    )
    saved = clinic.vitals.record(patient.id, confirmed, ma)
    weight = saved.measurement("body_weight")
    assert weight is not None and weight.confirmed
    assert weight.confirm_reason == "re-weighed on the bariatric scale"


def test_a_confirmed_bmi_keeps_its_reason_only_when_it_needed_one(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """A BMI has no row of its own: its confirmation is kept on the set (and exported with it)."""
    heavy: dict[str, Any] = {
        "body_weight": {"value": 600, "unit": "[lb_av]"},
        "body_height": {"value": "65.5", "unit": "[in_i]"},
    }
    with pytest.raises(VitalsNotAccepted) as exc:
        clinic.vitals.record(patient.id, vitals(confirmed=("body_weight",), **heavy), ma)
    assert [p.field for p in exc.value.assessment.needs_confirmation] == ["bmi"]
    confirmed = vitals(confirmed=("body_weight", "bmi"), **heavy).model_copy(
        update={"confirmation_reasons": {"bmi": "height and weight checked"}}
    )
    saved = clinic.vitals.record(patient.id, confirmed, ma)
    usual = clinic.vitals.record(patient.id, vitals(confirmed=("bmi",), **NORMAL), ma)
    with clinic.db.transaction() as s:
        reasons = {
            r.id: r.bmi_confirm_reason
            for r in s.scalars(select(SetRow).where(SetRow.id.in_([saved.id, usual.id])))
        }
    assert reasons == {saved.id: "height and weight checked", usual.id: None}


def test_critical_value_needs_the_clinician_told(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    crisis: dict[str, Any] = {
        "systolic_bp": {"value": 190, "unit": "mm[Hg]"},
        "diastolic_bp": {"value": 100, "unit": "mm[Hg]"},
    }
    with pytest.raises(ClinicianNotNotified) as exc:
        clinic.vitals.record(patient.id, vitals(**crisis), ma)
    assert exc.value.fields == ["systolic_bp"]
    saved = clinic.vitals.record(patient.id, vitals(**crisis), ma, clinician_notified=True)
    assert saved.clinician_notified
    sbp = saved.measurement("systolic_bp")
    assert sbp is not None and sbp.interpretation == "HH"
    assert sbp.flag_message.endswith("tell the clinician now")


def test_amend_keeps_the_original(clinic: Clinic, ma: StaffUserOut, patient: PatientOut) -> None:
    original = clinic.vitals.record(
        patient.id,
        vitals(heart_rate={"value": 27, "unit": "/min"}, confirmed=("heart_rate",)),
        ma,
        clinician_notified=True,
    )
    with pytest.raises(InvalidInput):
        clinic.vitals.amend(
            original.id, original.version, vitals(heart_rate={"value": 72, "unit": "/min"}), " ", ma
        )
    amended = clinic.vitals.amend(
        original.id,
        original.version,
        vitals(heart_rate={"value": 72, "unit": "/min"}),
        "typed 27 for 72",
        ma,
    )
    assert amended.status == "amended" and amended.replaces_id == original.id
    assert amended.amend_reason == "typed 27 for 72"
    history = clinic.vitals.history(patient.id)
    assert [h.id for h in history] == [amended.id, original.id]
    old = history[1]
    assert old.superseded and old.status == "final"
    hr = old.measurement("heart_rate")
    assert hr is not None and hr.value_text == "27"
    assert ("vitals_amended", amended.id) in _audit(clinic)
    # The superseded version cannot be amended again: work goes on from the newest one.
    with pytest.raises(Conflict):
        clinic.vitals.amend(
            original.id, old.version, vitals(heart_rate={"value": 70, "unit": "/min"}), "again", ma
        )


def test_entered_in_error_keeps_values(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    saved = clinic.vitals.record(patient.id, vitals(**NORMAL), ma)
    marked = clinic.vitals.mark_entered_in_error(saved.id, saved.version, "wrong patient", ma)
    assert marked.status == "entered-in-error" and marked.error_reason == "wrong patient"
    assert marked.measurements == saved.measurements
    assert ("vitals_entered_in_error", saved.id) in _audit(clinic)
    with pytest.raises(Conflict):
        clinic.vitals.mark_entered_in_error(saved.id, marked.version, "twice", ma)


def test_two_rooms_amending_the_same_set(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """Both read version 1; the second to save gets a Conflict, never a silent overwrite."""
    saved = clinic.vitals.record(patient.id, vitals(heart_rate={"value": 80, "unit": "/min"}), ma)
    clinic.vitals.amend(
        saved.id, saved.version, vitals(heart_rate={"value": 81, "unit": "/min"}), "room 1", ma
    )
    with pytest.raises(Conflict):
        clinic.vitals.amend(
            saved.id, saved.version, vitals(heart_rate={"value": 82, "unit": "/min"}), "room 2", ma
        )
    with clinic.db.transaction() as s:
        assert s.scalar(select(SetRow.id).where(SetRow.replaces_id == saved.id)) is not None
        assert s.scalar(text("SELECT count(*) FROM vital_sign_set")) == 2


def test_concurrent_amendments_in_threads(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    saved = clinic.vitals.record(patient.id, vitals(heart_rate={"value": 80, "unit": "/min"}), ma)
    outcomes: list[str] = []

    def amend(value: int) -> None:
        try:
            clinic.vitals.amend(
                saved.id,
                saved.version,
                vitals(heart_rate={"value": value, "unit": "/min"}),
                "race",
                ma,
            )
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=amend, args=(v,)) for v in (90, 91, 92)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "conflict", "saved"]


def test_history_is_newest_first_with_who_recorded(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    for day, hr in (("2026-01-05", 70), ("2026-06-01", 75), ("2025-11-30", 65)):
        clinic.vitals.record(
            patient.id,
            vitals(taken_at=f"{day}T10:00:00+00:00", heart_rate={"value": hr, "unit": "/min"}),
            ma,
        )
    history = clinic.vitals.history(patient.id)
    assert [h.taken_at.date().isoformat() for h in history] == [
        "2026-06-01",
        "2026-01-05",
        "2025-11-30",
    ]
    assert {h.recorded_by for h in history} == {"Ana MA"}


def test_drafts_survive_and_are_cleared_by_saving(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    clinic.vitals.save_draft(ma, patient.id, {"heart_rate": "7"})
    clinic.vitals.save_draft(ma, patient.id, {"heart_rate": "72", "systolic_bp": "120/80"})
    drafts = clinic.vitals.drafts(ma)
    assert [(pid, payload) for pid, payload, _ in drafts] == [
        (patient.id, {"heart_rate": "72", "systolic_bp": "120/80"})
    ]
    clinic.vitals.record(patient.id, vitals(heart_rate={"value": 72, "unit": "/min"}), ma)
    assert clinic.vitals.drafts(ma) == []


def test_an_amendment_clears_its_draft_in_the_same_transaction(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """Like a new set, a saved amendment takes its draft with it: there is no moment where the
    amendment is saved and the draft still offers to restore it."""
    saved = clinic.vitals.record(patient.id, vitals(heart_rate={"value": 80, "unit": "/min"}), ma)
    clinic.vitals.save_draft(ma, patient.id, {"amends": saved.id, "texts": {"heart_rate": "72"}})
    with pytest.raises(Conflict):  # not saved: the draft stays to be tried again
        clinic.vitals.amend(
            saved.id, saved.version + 1, vitals(heart_rate={"value": 72, "unit": "/min"}), "x", ma
        )
    assert [pid for pid, _, _ in clinic.vitals.drafts(ma)] == [patient.id]
    clinic.vitals.amend(
        saved.id, saved.version, vitals(heart_rate={"value": 72, "unit": "/min"}), "typo", ma
    )
    assert clinic.vitals.drafts(ma) == []


def test_measurement_rows_hold_canonical_values(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    clinic.vitals.record(
        patient.id,
        vitals(body_temperature={"value": "100.3", "unit": "[degF]", "method": "tympanic"}),
        ma,
    )
    with clinic.db.transaction() as s:
        row = s.scalar(select(Measurement))
        assert row is not None
        assert (row.value_text, row.canonical_text, row.interpretation) == (
            "100.3",
            "37.944444",
            "N",
        )


def test_the_answer_of_a_save_is_the_set_as_stored(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """A save answers from the values it wrote (it never reads the set back): the answer is what
    a later read gives, also for a set taken now that joins a visit, and for its amendment."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    saved = clinic.vitals.record(patient.id, vitals(taken_at=now, **NORMAL), ma)
    assert saved == clinic.vitals.get(saved.id) == clinic.vitals.history(patient.id)[0]
    assert saved.version == 1  # the visit is written with the set, not by a second write
    with clinic.db.transaction() as s:
        assert s.scalar(select(SetRow.visit_id).where(SetRow.id == saved.id)) is not None
    amended = clinic.vitals.amend(
        saved.id, saved.version, vitals(taken_at=now, **NORMAL), "Wrong arm noted", ma
    )
    assert amended == clinic.vitals.get(amended.id)
    assert amended.replaces_id == saved.id and amended.status == "amended"


def test_sets_taken_at_the_same_moment_are_newest_saved_first(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """History orders the sets itself (not in SQL): the same moment puts the later set first, and
    each set's values stay in the order they were saved."""
    ids = [
        clinic.vitals.record(
            patient.id,
            vitals(
                heart_rate={"value": hr, "unit": "/min"},
                **{k: NORMAL[k] for k in ("systolic_bp", "diastolic_bp", "body_temperature")},
            ),
            ma,
        ).id
        for hr in (60, 61, 62)
    ]
    history = clinic.vitals.history(patient.id)
    assert [h.id for h in history] == ids[::-1]
    assert [h.id for h in clinic.vitals.history(patient.id, limit=2)] == ids[:0:-1]
    assert [m.code for m in history[0].measurements] == [
        "systolic_bp",
        "diastolic_bp",
        "heart_rate",
        "body_temperature",
    ]
