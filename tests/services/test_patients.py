from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.staff import add_staff
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.services.errors import AlreadyExists, Conflict
from vitalsdesk.services.patients import search_key
from vitalsdesk.services.schemas import PatientIn, StaffUserOut


def _patient(mrn: str, family: str, given: str, born: str = "1980-06-15") -> PatientIn:
    return PatientIn(
        mrn=mrn,
        family_name=family,
        given_name=given,
        birth_date=date.fromisoformat(born),
        sex=AdministrativeSex.FEMALE,
    )


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant")


@pytest.fixture
def registered(clinic: Clinic, ma: StaffUserOut) -> None:
    for args in [
        ("M100", "Peña", "María José"),
        ("M101", "Pena", "Mario"),
        ("M102", "Müller", "Jürgen", "1955-01-02"),
        ("M103", "Garcia", "Ana", "2019-03-04"),
        ("M104", "García Márquez", "Gabriel"),
        ("M105", "Nguyễn", "Linh"),
        ("M106", "Smith", "Peter"),
    ]:
        clinic.patients.register(_patient(*args), ma)


def test_search_key_folds_case_and_accents() -> None:
    assert search_key("Peña") == search_key("PENA") == "pena"
    assert search_key("  Nguyễn ") == "nguyen"
    assert search_key("Łukasik") == "lukasik"


@pytest.mark.usefixtures("registered")
@pytest.mark.parametrize(
    ("query", "mrns"),
    [
        ("pen", {"M100", "M101"}),
        ("PEÑA", {"M100", "M101"}),
        ("mul", {"M102"}),
        ("muell", set()),
        ("garc", {"M103", "M104"}),
        ("garcia marq", {"M104"}),
        ("garcia, a", {"M103"}),
        ("maria", {"M100"}),
        ("ana garcia", {"M103"}),
        ("nguyen", {"M105"}),
        ("M106", {"M106"}),
        ("1955-01-02", {"M102"}),
        ("03/04/2019", {"M103"}),
        ("zzz", set()),
        ("", set()),
    ],
)
def test_search(clinic: Clinic, query: str, mrns: set[str]) -> None:
    assert {p.mrn for p in clinic.patients.search(query)} == mrns


@pytest.mark.usefixtures("registered")
def test_exact_mrn_comes_first(clinic: Clinic, ma: StaffUserOut) -> None:
    clinic.patients.register(_patient("PEN1", "Adams", "Zoe"), ma)
    found = clinic.patients.search("PEN1")
    assert found[0].mrn == "PEN1"


def test_duplicate_mrn_is_refused(clinic: Clinic, ma: StaffUserOut) -> None:
    clinic.patients.register(_patient("M1", "Doe", "Jane"), ma)
    with pytest.raises(AlreadyExists, match="M1"):
        clinic.patients.register(_patient("M1", "Roe", "Richard"), ma)


def test_opening_a_patient_is_audited_and_listed_as_recent(
    clinic: Clinic, ma: StaffUserOut
) -> None:
    p = clinic.patients.register(_patient("M1", "Doe", "Jane"), ma)
    q = clinic.patients.register(_patient("M2", "Roe", "Rita"), ma)
    clinic.patients.open(q.id, ma)
    clinic.patients.open(p.id, ma)
    with clinic.db.transaction() as s:
        views = list(
            s.scalars(select(AuditEvent.patient_id).where(AuditEvent.action == "patient_viewed"))
        )
    assert views == [q.id, p.id]
    assert [r.mrn for r in clinic.patients.recent(ma)] == ["M1", "M2"]


def test_update_with_stale_version_is_a_conflict(clinic: Clinic, ma: StaffUserOut) -> None:
    p = clinic.patients.register(_patient("M1", "Doe", "Jane"), ma)
    first_room = clinic.patients.update(p.id, p.version, _patient("M1", "Doe-Smith", "Jane"), ma)
    assert first_room.family_name == "Doe-Smith" and first_room.version == p.version + 1
    with pytest.raises(Conflict):
        clinic.patients.update(p.id, p.version, _patient("M1", "Doe", "Janet"), ma)
    assert clinic.patients.by_mrn("M1").family_name == "Doe-Smith"
