"""Visits and the closed loop for critical values, on SQLite and PostgreSQL (real databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import AuditEvent, Visit
from vitalsdesk.services.audit import verify_chain
from vitalsdesk.services.errors import Conflict, Forbidden, InvalidInput
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut
from vitalsdesk.visit_rules import VisitRulesError, load_visit_rules

FULL: dict[str, Any] = {
    "systolic_bp": {"value": 118, "unit": "mm[Hg]"},
    "diastolic_bp": {"value": 76, "unit": "mm[Hg]"},
    "heart_rate": {"value": 72, "unit": "/min"},
    "respiratory_rate": {"value": 16, "unit": "/min"},
    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
    "oxygen_saturation": {"value": 97, "unit": "%"},
}
CRISIS: dict[str, Any] = {
    "systolic_bp": {"value": 190, "unit": "mm[Hg]"},
    "diastolic_bp": {"value": 100, "unit": "mm[Hg]"},
}


def vitals(taken_at: datetime, **measurements: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": taken_at.isoformat(),
            "measurements": measurements,
        }
    )


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")


@pytest.fixture
def doctor(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "dr1", "password-two", "clinician", "Dr Bo")


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


def _actions(clinic: Clinic, *names: str) -> list[tuple[str, int | None, str]]:
    with clinic.db.transaction() as s:
        return [
            (a, e, u)
            for a, e, u in s.execute(
                select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.username)
                .where(AuditEvent.action.in_(names))
                .order_by(AuditEvent.id)
            )
        ]


def test_a_visit_holds_the_sets_of_one_rooming_and_ends_at_sign_out(
    clinic: Clinic, ma: StaffUserOut, doctor: StaffUserOut, patient: PatientOut
) -> None:
    # A clinician opening a record starts no visit; the MA's opening does.
    assert clinic.visits.on_open(patient.id, doctor) is None
    visit = clinic.visits.on_open(patient.id, ma)
    assert visit is not None and visit.open and visit.started_by == "Ana MA"
    assert clinic.visits.on_open(patient.id, doctor) == visit  # the clinician joins it
    first = clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    second = clinic.vitals.record(patient.id, vitals(now(), heart_rate=FULL["heart_rate"]), doctor)
    amended = clinic.vitals.amend(
        first.id, first.version, vitals(now(), **FULL), "typo in pulse", ma
    )
    assert clinic.visits.set_visits(patient.id) == {
        first.id: visit.id,
        second.id: visit.id,
        amended.id: visit.id,
    }
    assert clinic.visits.end_at_sign_out(doctor) == 0  # the clinician did not start it
    assert clinic.visits.end_at_sign_out(ma) == 1
    [ended] = clinic.visits.visits(patient.id)
    assert ended.id == visit.id and not ended.open and ended.end_reason == "sign_out"
    # The next rooming is a new visit; a save with no visit open starts one too.
    later = clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    newest, older = clinic.visits.visits(patient.id)
    assert older.id == visit.id and newest.open
    assert clinic.visits.set_visits(patient.id)[later.id] == newest.id
    started = [x for x in _actions(clinic, "visit_started", "visit_ended")]
    assert started == [
        ("visit_started", visit.id, "ma1"),
        ("visit_ended", visit.id, "ma1"),
        ("visit_started", newest.id, "ma1"),
    ]


def test_a_visit_ends_by_itself_after_its_hours_and_explicitly(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    visit = clinic.visits.on_open(patient.id, ma)
    assert visit is not None
    hours = clinic.visits.rules.visit_ends_after_hours
    with clinic.db.transaction() as s:  # the visit was started hours ago
        s.execute(
            update(Visit)
            .where(Visit.id == visit.id)
            .values(started_at=now() - timedelta(hours=hours, minutes=5))
        )
    [shown] = clinic.visits.visits(patient.id)
    assert not shown.open and shown.end_reason == "time_limit"
    again = clinic.visits.on_open(patient.id, ma)
    assert again is not None and again.id != visit.id
    explicit = clinic.visits.start_new(patient.id, ma)
    newest, middle, oldest = clinic.visits.visits(patient.id)
    assert (newest.id, middle.id, oldest.id) == (explicit.id, again.id, visit.id)
    assert middle.end_reason == "new_visit" and oldest.end_reason == "time_limit"
    assert oldest.ended_at == oldest.started_at + timedelta(hours=hours)


def test_overdue_cue_counts_hours_not_days(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    cue = clinic.visits.vitals_cue(patient.id)
    assert cue.overdue and cue.last_full_set_at is None and cue.last_set_at is None
    hours = cue.overdue_after_hours
    taken = now() - timedelta(hours=1)
    clinic.vitals.record(patient.id, vitals(taken, **FULL), ma)
    clinic.vitals.record(patient.id, vitals(now(), heart_rate=FULL["heart_rate"]), ma)
    cue = clinic.visits.vitals_cue(patient.id)
    assert not cue.overdue and cue.last_full_set_at == taken
    # Just past the threshold from the newest set, whatever the calendar day.
    later = clinic.visits.vitals_cue(patient.id, now=now() + timedelta(hours=hours, minutes=1))
    assert later.overdue and later.last_full_set_at == taken
    just_in = clinic.visits.vitals_cue(patient.id, now=now() + timedelta(hours=hours - 1))
    assert not just_in.overdue


def test_critical_set_waits_for_a_clinician_who_opened_it(
    clinic: Clinic, ma: StaffUserOut, doctor: StaffUserOut, patient: PatientOut
) -> None:
    plain = clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    critical = clinic.vitals.record(
        patient.id, vitals(now(), **CRISIS), ma, clinician_notified=True
    )
    loop = clinic.acknowledgements
    assert loop.awaiting_count(doctor) == 1
    [waiting] = loop.awaiting(doctor)
    assert (waiting.set_id, waiting.mrn, waiting.recorded_by) == (critical.id, "M1", "Ana MA")
    assert loop.awaiting_ids(patient.id) == {critical.id}
    with pytest.raises(Forbidden):  # roles are enforced in the service
        loop.awaiting_count(ma)
    with pytest.raises(Forbidden):
        loop.acknowledge(critical.id, ma)
    with pytest.raises(InvalidInput, match="Open the set"):
        loop.acknowledge(critical.id, doctor)
    with pytest.raises(InvalidInput, match="not waiting"):
        loop.acknowledge(plain.id, doctor)
    clinic.vitals.clinician_view(critical.id, doctor)
    done = loop.acknowledge(critical.id, doctor)
    assert done.acknowledged_by == "Dr Bo"
    assert loop.awaiting_count(doctor) == 0
    assert loop.acknowledgements(patient.id) == {critical.id: done}
    with pytest.raises(Conflict, match="Dr Bo acknowledged"):
        loop.acknowledge(critical.id, doctor)
    assert _actions(clinic, "critical_acknowledged") == [
        ("critical_acknowledged", critical.id, "dr1")
    ]
    # The set's version is untouched: the MA can still amend it (and the amendment waits again).
    amended = clinic.vitals.amend(
        critical.id,
        critical.version,
        vitals(now(), **CRISIS),
        "arm was wrong",
        ma,
        clinician_notified=True,
    )
    assert loop.awaiting_ids(patient.id) == {amended.id}


def test_clinic_visit_rules_are_checked_when_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    rules = folder / "visit-rules.toml"
    rules.write_text(
        'version = "x"\nvisit_ends_after_hours = 30\nvitals_overdue_after_hours = 4\n'
        'full_set = ["systolic_bp", "pulse"]\n',
        encoding="utf-8",
    )
    with pytest.raises(VisitRulesError) as exc:
        load_visit_rules(folder)
    assert "visit_ends_after_hours" in str(exc.value) and "pulse" in str(exc.value)
    rules.write_text(
        'version = "ours"\nvisit_ends_after_hours = 4\nvitals_overdue_after_hours = 2\n'
        'full_set = ["systolic_bp"]\n',
        encoding="utf-8",
    )
    clinic = open_clinic(folder)
    try:
        assert clinic.visits.rules.vitals_overdue_after_hours == 2
        assert clinic.vitals.visit_rules.visit_ends_after_hours == 4
    finally:
        clinic.close()


def test_fhir_export_has_the_visit_encounter_and_the_acknowledgement(
    clinic: Clinic, ma: StaffUserOut, doctor: StaffUserOut, patient: PatientOut, tmp_path: Path
) -> None:
    from tests.interop.fhir_checks import by_code, check_bundle, observations
    from tests.staff import clinic_admin

    visit = clinic.visits.on_open(patient.id, ma)
    assert visit is not None
    critical = clinic.vitals.record(
        patient.id, vitals(now(), **CRISIS), ma, clinician_notified=True
    )
    clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    clinic.vitals.clinician_view(critical.id, doctor)
    clinic.acknowledgements.acknowledge(critical.id, doctor)
    clinic.visits.end_at_sign_out(ma)
    out = tmp_path / "visit.json"
    clinic.exchange.export_fhir(out, clinic_admin(clinic), mrn="M1")
    raw = check_bundle(out.read_text(encoding="utf-8"))  # fhir.resources parses every entry
    [encounter] = [e for e in raw["entry"] if e["resource"]["resourceType"] == "Encounter"]
    assert encounter["resource"]["identifier"][0]["value"] == visit.uid
    assert encounter["resource"]["status"] == "finished"
    assert {o["encounter"]["reference"] for o in observations(raw)} == {encounter["fullUrl"]}
    panels = {p["identifier"][0]["value"]: p for p in by_code(raw, "85353-1")}
    [note] = panels[critical.uid]["note"]
    assert note["authorReference"]["display"] == "Dr Bo"
    assert all("note" not in p for uid, p in panels.items() if uid != critical.uid)


def test_a_save_places_its_set_by_the_visit_rules(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """The save reads the open visit as a plain row: a set entered late starts no visit, a set
    taken long before the open visit joins none, and an open visit past its hours ends at its
    limit before the save starts a new one."""
    hours = clinic.visits.rules.visit_ends_after_hours
    long_ago = now() - timedelta(hours=3 * hours)
    late = clinic.vitals.record(patient.id, vitals(long_ago, **FULL), ma)
    assert clinic.visits.visits(patient.id) == []
    assert clinic.visits.set_visits(patient.id).get(late.id) is None
    current = clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    [visit] = clinic.visits.visits(patient.id)
    assert visit.open and clinic.visits.set_visits(patient.id)[current.id] == visit.id
    earlier = clinic.vitals.record(patient.id, vitals(long_ago, **FULL), ma)
    assert clinic.visits.set_visits(patient.id).get(earlier.id) is None
    assert [v.id for v in clinic.visits.visits(patient.id) if v.open] == [visit.id]
    with clinic.db.transaction() as s:  # the visit was started hours ago
        s.execute(
            update(Visit)
            .where(Visit.id == visit.id)
            .values(started_at=now() - timedelta(hours=hours, minutes=5))
        )
    after = clinic.vitals.record(patient.id, vitals(now(), **FULL), ma)
    newest, ended = clinic.visits.visits(patient.id)
    assert ended.id == visit.id and ended.end_reason == "time_limit"
    assert ended.ended_at == ended.started_at + timedelta(hours=hours)
    assert newest.open and clinic.visits.set_visits(patient.id)[after.id] == newest.id
    assert verify_chain(clinic.db).intact
