"""PV1 in the queued ORU^R01: a set that belongs to a visit names it (PV1-19 visit number, PV1-44
when it started), an amendment or a void names the visit of the set it replaces, and a set of no
visit (a reading entered long after it was taken) sends no PV1 at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hl7apy.core import Message

from tests.outbox.helpers import TAKEN, hl7_table, open_hl7_clinic, outbox_rows, patient, staff
from tests.outbox.helpers import vitals as make_vitals
from vitalsdesk.interop.hl7_oru import validate_oru

MLLP = hl7_table(mllp="127.0.0.1:2575")
EASTERN = timezone(timedelta(hours=-5))


def _just_taken(minutes_ago: int = 5) -> str:
    """A reading taken a few minutes ago, in a clinic five hours behind UTC."""
    moment = datetime.now(EASTERN) - timedelta(minutes=minutes_ago)
    return moment.isoformat(timespec="seconds")


def _pv1(message: str) -> tuple[str, str] | None:
    """(PV1-19 visit number, PV1-44 admit time) of a validated message; None without a PV1."""
    parsed: Message = validate_oru(message)
    patient_group = parsed.oru_r01_patient_result.oru_r01_patient
    if not [c for c in patient_group.children if c.name == "ORU_R01_VISIT"]:
        return None
    pv1 = patient_group.oru_r01_visit.pv1
    assert pv1.pv1_2.to_er7() == "O"  # outpatient
    return pv1.pv1_19.cx_1.to_er7(), pv1.pv1_44.ts_1.to_er7()


def _dtm(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S+0000")


def test_a_set_saved_in_an_open_visit_names_it_in_pv1(database_url: str, tmp_path: Path) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP, url=database_url)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)
        visit = clinic.visits.on_open(who.id, ma)
        assert visit is not None
        saved = clinic.vitals.record(who.id, make_vitals(taken_at=_just_taken()), ma)
        belongs = clinic.visits.set_visits(who.id)
        rows = outbox_rows(clinic)
    finally:
        clinic.close()
    assert belongs == {saved.id: visit.id}
    assert len(rows) == 1
    assert _pv1(rows[0].message) == (f"V{visit.id}", _dtm(visit.started_at))


def test_a_save_with_no_visit_open_starts_one_and_names_it(
    database_url: str, tmp_path: Path
) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP, url=database_url)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)  # never opened: no visit yet
        assert clinic.visits.visits(who.id) == []
        saved = clinic.vitals.record(who.id, make_vitals(taken_at=_just_taken()), ma)
        visits = clinic.visits.visits(who.id)
        belongs = clinic.visits.set_visits(who.id)
        rows = outbox_rows(clinic)
    finally:
        clinic.close()
    # The save started the visit, by the MA who saved, and it stays open for the next set.
    assert len(visits) == 1
    started = visits[0]
    assert started.open and started.started_by == "Ana MA"
    assert belongs == {saved.id: started.id}
    assert _pv1(rows[0].message) == (f"V{started.id}", _dtm(started.started_at))


def test_a_reading_entered_days_late_goes_without_pv1(database_url: str, tmp_path: Path) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP, url=database_url)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)
        clinic.visits.on_open(who.id, ma)  # today's visit is open
        late = clinic.vitals.record(who.id, make_vitals(taken_at=TAKEN), ma)
        belongs = clinic.visits.set_visits(who.id)
        rows = outbox_rows(clinic)
    finally:
        clinic.close()
    # Taken days before today's visit: in no visit rather than in the wrong one.
    assert late.id not in belongs
    assert _pv1(rows[0].message) is None


def test_an_amendment_and_a_void_keep_the_visit_of_their_set(
    database_url: str, tmp_path: Path
) -> None:
    clinic = open_hl7_clinic(tmp_path / "data", MLLP, url=database_url)
    try:
        ma = staff(clinic)
        who = patient(clinic, ma)
        first = clinic.visits.on_open(who.id, ma)
        assert first is not None
        saved = clinic.vitals.record(who.id, make_vitals(72, _just_taken()), ma)
        # A new visit has started since: the correction still belongs to the first one.
        second = clinic.visits.start_new(who.id, ma)
        amended = clinic.vitals.amend(
            saved.id, saved.version, make_vitals(80, _just_taken()), "typo", ma
        )
        clinic.vitals.mark_entered_in_error(amended.id, amended.version, "wrong patient", ma)
        belongs = clinic.visits.set_visits(who.id)
        rows = outbox_rows(clinic)
    finally:
        clinic.close()
    assert second.id != first.id
    assert belongs == {saved.id: first.id, amended.id: first.id}
    assert [r.result_status for r in rows] == ["F", "C", "W"]
    expected = (f"V{first.id}", _dtm(first.started_at))
    assert [_pv1(r.message) for r in rows] == [expected, expected, expected]
