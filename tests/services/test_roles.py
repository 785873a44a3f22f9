"""Roles are enforced in the services, not only hidden in the GUI: every service, every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.errors import Forbidden
from vitalsdesk.services.schemas import PatientIn, StaffUserOut

ROLES = ("assistant", "clinician", "admin")
VITALS = VitalSignSet.model_validate(
    {
        "birth_date": "1980-06-15",
        "sex": "female",
        "taken_at": "2026-11-27T09:30:00-05:00",
        "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
    }
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("roles")
    clinic = open_clinic(folder)
    admin = clinic.accounts.add_user("boss", "password-one", "admin")
    users = {"admin": admin}
    for role in ("assistant", "clinician"):
        users[role] = clinic.accounts.add_user(f"a-{role}", "password-one", role, actor=admin)
    patient = clinic.patients.register(
        PatientIn(
            mrn="R1",
            family_name="Role",
            given_name="Test",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        admin,
    )
    yield clinic, users, patient, folder
    clinic.close()


def clinic_admin_of(clinic: Clinic) -> StaffUserOut:
    return clinic.accounts.sign_in("boss", "password-one")


def _fresh_set(clinic: Clinic, patient_id: int) -> Any:
    return clinic.vitals.record(patient_id, VITALS, clinic_admin_of(clinic))


# (what, allowed roles, call(clinic, actor, patient, folder, n))
CASES: list[tuple[str, tuple[str, ...], Callable[..., Any]]] = [
    (
        "add a user",
        ("admin",),
        lambda c, u, p, f, n: c.accounts.add_user(f"new{n}", "password-one", "assistant", actor=u),
    ),
    (
        "reset another's password",
        ("admin",),
        lambda c, u, p, f, n: c.accounts.reset_password("boss", "password-one", actor=u),
    ),
    ("list staff accounts", ("admin",), lambda c, u, p, f, n: c.accounts.staff_accounts(u)),
    ("unlock an account", ("admin",), lambda c, u, p, f, n: c.accounts.unlock("a-assistant", u)),
    (
        "turn an account on",
        ("admin",),
        lambda c, u, p, f, n: c.accounts.reactivate("a-clinician", u),
    ),
    (
        "register a patient",
        ROLES,
        lambda c, u, p, f, n: c.patients.register(
            PatientIn(
                mrn=f"N{n}",
                family_name="New",
                given_name="P",
                birth_date=date(1990, 1, 1),
                sex=AdministrativeSex.MALE,
            ),
            u,
        ),
    ),
    ("open a patient", ROLES, lambda c, u, p, f, n: c.patients.open(p.id, u)),
    ("record vitals", ROLES, lambda c, u, p, f, n: c.vitals.record(p.id, VITALS, u)),
    (
        "amend vitals",
        ROLES,
        lambda c, u, p, f, n: (lambda s: c.vitals.amend(s.id, s.version, VITALS, "fix", u))(
            _fresh_set(c, p.id)
        ),
    ),
    (
        "mark entered in error",
        ROLES,
        lambda c, u, p, f, n: (
            lambda s: c.vitals.mark_entered_in_error(s.id, s.version, "wrong", u)
        )(_fresh_set(c, p.id)),
    ),
    (
        "see the clinician view",
        ("clinician", "admin"),
        lambda c, u, p, f, n: c.vitals.clinician_view(_fresh_set(c, p.id).id, u),
    ),
    (
        "print a handout",
        ROLES,
        lambda c, u, p, f, n: (
            lambda t: c.handouts.produce(p.id, t, c.handouts.request_for(p.id, t), u, "print")
        )(c.handouts.template("wound-care", "en")),
    ),
    (
        "export FHIR",
        ROLES,
        lambda c, u, p, f, n: c.exchange.export_fhir(f / f"export{n}.json", u, mrn="R1"),
    ),
    ("import FHIR", ("admin",), lambda c, u, p, f, n: c.exchange.import_fhir(f / "bundle.json", u)),
    ("read the audit log", ("admin",), lambda c, u, p, f, n: c.audit_log.events(u)),
    (
        "export the audit log",
        ("admin",),
        lambda c, u, p, f, n: c.audit_log.export_csv(u, f / f"audit{n}.csv"),
    ),
    ("verify the audit log", ("admin",), lambda c, u, p, f, n: c.audit_log.verify(u)),
]
_counter = iter(range(10_000))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("what", "allowed", "call"), CASES, ids=[c[0] for c in CASES])
def test_every_service_as_every_role(
    world: Any, role: str, what: str, allowed: tuple[str, ...], call: Callable[..., Any]
) -> None:
    clinic, users, patient, folder = world
    bundle = folder / "bundle.json"
    if not bundle.exists():
        clinic.exchange.export_fhir(bundle, users["admin"], mrn="R1")
    actor: StaffUserOut = users[role]
    if role in allowed:
        call(clinic, actor, patient, folder, next(_counter))
    else:
        with pytest.raises(Forbidden):
            call(clinic, actor, patient, folder, next(_counter))


def test_clinician_view_with_news2(world: Any) -> None:
    clinic, users, patient, _ = world
    full = VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:30:00-05:00",
            "measurements": {
                "systolic_bp": {"value": 150, "unit": "mm[Hg]"},
                "diastolic_bp": {"value": 95, "unit": "mm[Hg]"},
                "heart_rate": {"value": 95, "unit": "/min"},
                "respiratory_rate": {"value": 22, "unit": "/min"},
                "body_temperature": {"value": "100.6", "unit": "[degF]", "method": "oral"},
                "oxygen_saturation": {"value": 95, "unit": "%", "on_supplemental_oxygen": False},
            },
        }
    )
    saved = clinic.vitals.record(patient.id, full, users["assistant"])
    without = clinic.vitals.clinician_view(saved.id, users["clinician"])
    assert without.bp_category == "stage-2" and without.news2 is None
    assert "consciousness" in without.news2_note
    view = clinic.vitals.clinician_view(saved.id, users["clinician"], consciousness="alert")
    # RR 22 -> 2, SpO2 95 -> 1, air 0, SBP 150 -> 0, pulse 95 -> 1, alert 0, 38.1 Cel -> 1
    assert view.news2 is not None and view.news2.total == 5 and view.news2.response == "medium"


def test_audit_log_filters(world: Any, tmp_path: Path) -> None:
    clinic, users, patient, _ = world
    clinic.patients.open(patient.id, users["assistant"])
    events = clinic.audit_log.events(
        users["admin"], mrn="R1", username="a-assistant", action="patient_viewed"
    )
    assert events and {(e.username, e.action, e.patient_id) for e in events} == {
        ("a-assistant", "patient_viewed", patient.id)
    }
    rows = clinic.audit_log.export_csv(users["admin"], tmp_path / "a.csv", action="patient_viewed")
    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert rows == text.count("patient_viewed") and "Role" not in text
    assert clinic.audit_log.verify(users["admin"]).intact
