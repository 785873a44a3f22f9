"""A SAMPLE clinic for trying VitalsDesk out: staff, patients and realistic vital-sign histories.

Every patient is marked is_sample and has an MRN starting with "DEMO-"; every set goes through the
same services (and so the same clinical rules) as real work.
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.errors import (
    AlreadyExists,
    ClinicianNotNotified,
    InvalidInput,
    ServiceError,
    SignInFailed,
    VitalsNotAccepted,
)
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

DEMO_PASSWORD = "sample-clinic"  # sample accounts, printed to whoever seeds them
DEMO_STAFF = (
    ("admin", "admin", "Sample Administrator"),
    ("ma.rivera", "assistant", "Ana Rivera (sample MA)"),
    ("dr.okafor", "clinician", "Dr. Chidi Okafor (sample)"),
)

FAMILY = [
    "Garcia",
    "Smith",
    "Nguyễn",
    "Johnson",
    "Peña",
    "Williams",
    "Müller",
    "Brown",
    "Hernández",
    "Kowalski",
    "Jones",
    "Martínez",
    "Kim",
    "Davis",
    "López",
    "Patel",
    "Wilson",
    "González",
    "Anderson",
    "Ramírez",
    "Thomas",
    "O'Brien",
    "Taylor",
    "Moore",
    "Núñez",
    "Jackson",
    "Łukasik",
    "White",
    "Sánchez",
    "Harris",
    "Chen",
    "Clark",
    "Torres",
    "Lewis",
    "Díaz",
    "Robinson",
    "Ali",
    "Walker",
    "Flores",
    "Young",
    "Cruz",
    "Allen",
    "Ortiz",
    "King",
    "Gómez",
    "Wright",
    "Reyes",
]
GIVEN_F = [
    "María",
    "Emma",
    "Olivia",
    "Sofía",
    "Linh",
    "Ava",
    "Isabella",
    "Zoë",
    "Mia",
    "Charlotte",
    "Lucía",
    "Amelia",
    "Grace",
    "Camila",
    "Chloé",
    "Fatima",
    "Hannah",
    "Valentina",
    "Aisha",
    "Ruth",
]
GIVEN_M = [
    "José",
    "Liam",
    "Noah",
    "Minh",
    "James",
    "Mateo",
    "Lucas",
    "Ethan",
    "Jürgen",
    "Daniel",
    "Andrés",
    "Samuel",
    "Omar",
    "David",
    "Ángel",
    "Henry",
    "Tomás",
    "Kwame",
    "Wei",
    "Michael",
]

# (age from years, HR median, RR median) — roughly Fleming's 50th centiles (docs/clinical-basis.md)
_CHILD_RATES = [(0, 140, 42), (1, 120, 34), (2, 110, 28), (4, 98, 23), (8, 84, 19), (12, 78, 17)]


def _d(x: float, places: int = 0) -> Decimal:
    return Decimal(str(round(x, places))) if places else Decimal(round(x))


def _rates(age_years: float) -> tuple[int, int]:
    if age_years >= 18:
        return 74, 15
    hr, rr = _CHILD_RATES[0][1:]
    for start, h, r in _CHILD_RATES:
        if age_years >= start:
            hr, rr = h, r
    return hr, rr


def _height_cm(age_years: float, sex: str, rng: random.Random) -> float:
    adult = 176.0 if sex == "male" else 163.0
    if age_years >= 18:
        return rng.gauss(adult, 7)
    if age_years < 2:
        return 50 + age_years * 30 + rng.gauss(0, 2)
    return min(adult, 86 + (age_years - 2) * 6.2) + rng.gauss(0, 4)


def _measurements(
    age_years: float, sex: str, height_cm: float, bmi: float, rng: random.Random, us: bool
) -> dict[str, Any]:
    hr, rr = _rates(age_years)
    m: dict[str, Any] = {}
    if age_years >= 3:
        base = 122 if age_years >= 18 else 100 + age_years * 1.2
        sbp = rng.gauss(base + max(0, age_years - 40) * 0.4, 14)
        dbp = min(sbp - 25, rng.gauss(0.62 * sbp, 7))
        m["systolic_bp"] = {"value": _d(sbp), "unit": "mm[Hg]", "position": "sitting"}
        m["diastolic_bp"] = {"value": _d(dbp), "unit": "mm[Hg]", "position": "sitting"}
    m["heart_rate"] = {"value": _d(rng.gauss(hr, hr * 0.09)), "unit": "/min"}
    m["respiratory_rate"] = {"value": _d(rng.gauss(rr, rr * 0.08)), "unit": "/min"}
    celsius = rng.gauss(36.8, 0.35) + (1.6 if rng.random() < 0.05 else 0)
    method = "rectal" if age_years < 1 else "tympanic" if age_years < 5 else "oral"
    if us:
        m["body_temperature"] = {
            "value": _d(celsius * 9 / 5 + 32, 1),
            "unit": "[degF]",
            "method": method,
        }
    else:
        m["body_temperature"] = {"value": _d(celsius, 1), "unit": "Cel", "method": method}
    m["oxygen_saturation"] = {"value": _d(min(100, rng.gauss(97.5, 1.2))), "unit": "%"}
    weight = bmi * (height_cm / 100) ** 2
    if us:
        m["body_height"] = {"value": _d(height_cm / 2.54, 1), "unit": "[in_i]"}
        m["body_weight"] = {"value": _d(weight / 0.45359237, 1), "unit": "[lb_av]"}
    else:
        m["body_height"] = {"value": _d(height_cm, 1), "unit": "cm"}
        m["body_weight"] = {"value": _d(weight, 1), "unit": "kg"}
    m["pain_score"] = {"value": rng.choice([0, 0, 0, 0, 1, 2, 3, 5])}
    if age_years < 3:
        head = 35 + 12 * min(age_years, 1) + 3 * max(0, min(age_years - 1, 2)) + rng.gauss(0, 1)
        m["head_circumference"] = {"value": _d(head, 1), "unit": "cm"}
    return m


def _sample_admin(clinic: Any) -> StaffUserOut:
    """The sample clinic's administrator, signed in; the sample staff created in an empty
    database. Any real patient or real staff account refuses the whole seeding: sample accounts
    with a known password never go into a clinic's working database."""
    from sqlalchemy import func, select

    from vitalsdesk.db.models import Patient

    with clinic.db.transaction() as s:
        real = s.scalar(
            select(func.count()).select_from(Patient).where(Patient.is_sample.is_(False))
        )
    sample_names = {username for username, _, _ in DEMO_STAFF}
    real_staff = [u for u in clinic.accounts.list_users() if u.username not in sample_names]
    if real or real_staff:
        raise InvalidInput(
            f"This database holds {real} real patients and {len(real_staff)} real staff "
            "accounts. Sample data goes only in a database of its own: set VITALSDESK_DATA_DIR "
            "to an empty folder and run demo there."
        )
    admin_name, _, admin_display = DEMO_STAFF[0]
    if not clinic.accounts.has_users():
        clinic.accounts.add_user(admin_name, DEMO_PASSWORD, "admin", admin_display)
    try:
        admin = clinic.accounts.sign_in(admin_name, DEMO_PASSWORD)
    except SignInFailed:
        raise InvalidInput(
            f"The account {admin_name} here is not the sample one: this is not a sample clinic."
        ) from None
    for username, role, name in DEMO_STAFF[1:]:
        with contextlib.suppress(AlreadyExists):
            clinic.accounts.add_user(username, DEMO_PASSWORD, role, name, admin)
    return admin


def _record(
    clinic: Any, patient: PatientOut, document: dict[str, Any], recorder: StaffUserOut
) -> bool:
    """Record like an MA would: confirm what the rules ask to confirm, tell the clinician."""
    vitals = VitalSignSet.model_validate(document)
    for _ in range(2):
        try:
            clinic.vitals.record(patient.id, vitals, recorder, clinician_notified=True)
            return True
        except VitalsNotAccepted as exc:
            if exc.assessment.status == "rejected":
                return False
            fields = {p.field for p in exc.assessment.needs_confirmation}
            vitals = vitals.model_copy(
                update={
                    "confirmed": vitals.confirmed | fields,
                    "confirmation_reasons": {f: "re-measured (sample data)" for f in fields},
                }
            )
        except ClinicianNotNotified:
            return False
    return False


def seed_demo_clinic(clinic: Any, *, patients: int = 300, seed: int = 2026) -> str:

    admin = _sample_admin(clinic)
    recorder = clinic.accounts.sign_in(DEMO_STAFF[1][0], DEMO_PASSWORD)
    rng = random.Random(seed)
    today = date.today()
    tz = datetime.now().astimezone().tzinfo
    added = sets = 0
    for n in range(1, patients + 1):
        data, sex, age_days = _sample_patient(rng, n, today)
        try:
            patient = clinic.patients.register(data, admin, is_sample=True)
        except AlreadyExists:
            continue
        added += 1
        sets += _sample_visits(clinic, patient, recorder, rng, today, tz, sex, age_days)
    device = _sample_device(clinic, admin)
    staff = ", ".join(f"{u} ({role})" for u, role, _ in DEMO_STAFF)
    return (
        f"SAMPLE clinic: {added} sample patients (MRN DEMO-00001 ...) with {sets} vital-sign sets.\n"
        f"Sample staff accounts: {staff}; password for each: {DEMO_PASSWORD}\n"
        "This is sample data, not real patients: keep it out of a clinic's working database."
        + device
    )


SAMPLE_DEVICE_ADDRESS = "replay:sample"


def _sample_device(clinic: Any, admin: StaffUserOut) -> str:
    """A replay device (resources/devices/sample-replay.json: a cuff, a thermometer, a scale
    and an oximeter) so a clinic can try device capture with no hardware."""
    from vitalsdesk.services.devices import DeviceIn

    if any(d.address == SAMPLE_DEVICE_ADDRESS for d in clinic.devices.devices()):
        return ""
    clinic.devices.add(
        admin,
        DeviceIn(
            name="Sample devices (replay)",
            address=SAMPLE_DEVICE_ADDRESS,
            transport="replay",
            characteristics="2A35 2A1C 2A9D 2A5E",
            model="sample recording",
        ),
    )
    return (
        "\nSample device: Devices > Play sample readings sends a cuff, thermometer, scale and "
        "oximeter reading into the open patient's form."
    )


def _sample_patient(
    rng: random.Random, n: int, today: date
) -> tuple[PatientIn, AdministrativeSex, int]:
    """The n-th sample patient, its sex and its age in days (a quarter speak Spanish)."""
    sex = rng.choice([AdministrativeSex.FEMALE, AdministrativeSex.MALE])
    age_days = int(
        rng.choice(
            [rng.uniform(30, 3 * 365), rng.uniform(3 * 365, 18 * 365)]
            + [rng.uniform(18 * 365, 92 * 365)] * 4
        )
    )
    birth = today - timedelta(days=age_days)
    given = rng.choice(GIVEN_F if sex == "female" else GIVEN_M)
    data = PatientIn(
        mrn=f"DEMO-{n:05d}",
        family_name=rng.choice(FAMILY),
        given_name=given,
        birth_date=birth,
        sex=sex,
        preferred_language="es" if rng.random() < 0.25 else "en",
    )
    return data, sex, age_days


def _sample_visits(
    clinic: Any,
    patient: PatientOut,
    recorder: StaffUserOut,
    rng: random.Random,
    today: date,
    tz: tzinfo | None,
    sex: AdministrativeSex,
    age_days: int,
) -> int:
    """Record one to six visits of a sample patient; the number of sets saved."""
    birth = today - timedelta(days=age_days)
    sets = 0
    us = rng.random() < 0.75
    bmi = max(15.0, rng.gauss(27 if age_days > 18 * 365 else 17.5, 4))
    visits = rng.randint(1, 6)
    for v in range(visits):
        days_ago = (
            int((visits - v) * rng.uniform(60, 180)) if v < visits - 1 else rng.randint(0, 30)
        )
        days_ago = min(days_ago, age_days - 1)
        when = datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), tz)
        when += timedelta(hours=rng.randint(8, 16), minutes=rng.randint(0, 59))
        # Today's visit is never later than now: a reading in the future is refused.
        when = min(when, datetime.now(tz))
        age_years = (when.date() - birth).days / 365.25
        height = _height_cm(age_years, sex, rng)
        document = {
            "birth_date": birth.isoformat(),
            "sex": sex,
            "taken_at": when.isoformat(),
            "measurements": _measurements(age_years, sex, height, bmi, rng, us),
        }
        try:
            sets += _record(clinic, patient, document, recorder)
        except ServiceError:
            continue
    return sets
