"""Patients: register, find (name prefix, MRN, birth date), view, recent, change with versioning."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditEvent, Patient, utcnow
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user
from vitalsdesk.services.errors import AlreadyExists, Conflict, NotFound
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

SEARCH_LIMIT = 50
# Sorts after every character a normalised name can hold: "abc" <= key < "abc" + _TOP.
_TOP = "\U0010ffff"


SEARCH_KEY_LENGTH = 120  # what the database keeps of a search key


def search_key(name: str) -> str:
    """Case- and accent-insensitive form of a name: "Peña" and "PENA" both give "pena".

    Cut to what the database keeps: NFKD makes some characters several ("ﬃ" is "ffi", "ﷺ" is
    18), so a name within its 120 characters can fold to far more. A search on a longer key is
    cut the same way, so it still finds the name by its first 120 folded characters."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = " ".join(bare.replace("ł", "l").replace("ø", "o").replace("đ", "d").split())
    return folded[:SEARCH_KEY_LENGTH].rstrip()


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%d.%m.%Y")


def parse_birth_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


_PATIENT_OUT_COLUMNS = tuple(getattr(Patient, name) for name in PatientOut.model_fields)


def _range(name: str, key: str) -> dict[str, str]:
    return {f"{name}_low": key, f"{name}_high": key + _TOP}


def _starts(column: SQLColumnExpression[str], name: str) -> ColumnElement[bool]:
    # A range, not LIKE: it uses the plain index on SQLite and PostgreSQL (collation "C") alike.
    return and_(column >= bindparam(f"{name}_low"), column < bindparam(f"{name}_high"))


@functools.cache
def _search_statement(born: bool, comma: bool, words: int, mrn_prefix: bool) -> Select[Any]:
    """The search query of one shape of input, built once (its values are parameters): an MRN,
    a birth date, "family, given", one or more name words ("maria gar": either order)."""
    conditions: list[ColumnElement[bool]] = [Patient.mrn == bindparam("text")]
    if born:
        conditions.append(Patient.birth_date == bindparam("born", type_=Date))
    if comma:
        conditions.append(
            and_(_starts(Patient.family_key, "family"), _starts(Patient.given_key, "given"))
        )
    elif words:
        conditions.append(_starts(Patient.family_key, "name"))
        conditions.append(_starts(Patient.given_key, "name"))
        if words == 2:
            conditions.append(
                and_(_starts(Patient.given_key, "first"), _starts(Patient.family_key, "second"))
            )
    if mrn_prefix:
        conditions.append(_starts(Patient.mrn, "mrn"))
    return (
        select(*_PATIENT_OUT_COLUMNS)
        .where(or_(*conditions))
        .order_by(Patient.family_key, Patient.given_key, Patient.birth_date)
        .limit(bindparam("limit", type_=Integer))
    )


class PatientService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def register(
        self, data: PatientIn, actor: StaffUserOut | None, *, is_sample: bool = False
    ) -> PatientOut:
        def work(s: Session) -> PatientOut:
            by = acting_user(s, actor)
            if s.scalar(select(Patient.id).where(Patient.mrn == data.mrn)) is not None:
                raise AlreadyExists(f"MRN {data.mrn} belongs to another patient already.")
            patient = Patient(
                mrn=data.mrn,
                family_name=data.family_name,
                given_name=data.given_name,
                family_key=search_key(data.family_name),
                given_key=search_key(data.given_name),
                birth_date=data.birth_date,
                sex=data.sex.value,
                preferred_language=data.preferred_language,
                is_sample=is_sample,
            )
            s.add(patient)
            s.flush()
            audit(
                s,
                by,
                "patient_registered",
                patient_id=patient.id,
                entity="patient",
                entity_id=patient.id,
            )
            return PatientOut.model_validate(patient)

        try:
            return self.db.run(work)
        except IntegrityError:
            # Another room registered the same MRN between our check and our insert.
            if self._mrn_taken(data.mrn):
                raise AlreadyExists(f"MRN {data.mrn} belongs to another patient already.") from None
            raise

    def _mrn_taken(self, mrn: str) -> bool:
        return bool(self.db.run(lambda s: s.scalar(select(Patient.id).where(Patient.mrn == mrn))))

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[PatientOut]:
        """One box: an MRN, a birth date, or a name prefix ("gar", "garcia, m", "maria gar")."""
        text = query.strip()
        if not text:
            return []

        parameters: dict[str, object] = {"text": text, "limit": limit}
        born = parse_birth_date(text)
        if born is not None:
            parameters["born"] = born
        comma = "," in text
        words: list[str] = []
        if comma:
            family, _, given = text.partition(",")
            parameters.update(_range("family", search_key(family)))
            parameters.update(_range("given", search_key(given)))
        else:
            words = search_key(text).split()
            if words:
                parameters.update(_range("name", " ".join(words)))
            if len(words) == 2:
                parameters.update(_range("first", words[0]))
                parameters.update(_range("second", words[1]))
        mrn_prefix = bool(re.fullmatch(r"[A-Za-z0-9\-]+", text)) and len(text) >= 3
        if mrn_prefix:
            parameters.update(_range("mrn", text))
        statement = _search_statement(born is not None, comma, min(len(words), 3), mrn_prefix)

        def work(s: Session) -> list[PatientOut]:
            # Plain columns on the Core connection, no ORM objects: a search runs at every pause
            # in typing.
            rows = s.connection().execute(statement, parameters).mappings()
            found = [PatientOut.model_validate(dict(p)) for p in rows]
            exact = [p for p in found if p.mrn == text]
            return exact + [p for p in found if p.mrn != text]

        return self.db.read(work)

    def find(self, query: str, actor: StaffUserOut, limit: int = SEARCH_LIMIT) -> list[PatientOut]:
        """search, for a door that shows what it finds outside the app (the command line): each
        patient listed is audited as viewed, as opening them in the app is."""
        found = self.search(query, limit)
        if not found:
            return found

        def work(s: Session) -> None:
            by = acting_user(s, actor)
            for patient in found:
                audit(
                    s,
                    by,
                    "patient_viewed",
                    patient_id=patient.id,
                    entity="patient",
                    entity_id=patient.id,
                    via="find",
                )

        self.db.run(work)
        return found

    def by_mrn(self, mrn: str) -> PatientOut:
        """Look-up without opening the record (no audit: nothing about the patient is shown)."""

        def work(s: Session) -> PatientOut:
            patient = s.scalar(select(Patient).where(Patient.mrn == mrn.strip()))
            if patient is None:
                raise NotFound(f"No patient has MRN {mrn.strip()}.")
            return PatientOut.model_validate(patient)

        return self.db.read(work)

    def open(self, patient_id: int, actor: StaffUserOut | None) -> PatientOut:
        """Open a patient's record to work with it: audited as a view."""

        def work(s: Session) -> PatientOut:
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFound("This patient is not in the database.")
            audit(
                s,
                acting_user(s, actor),
                "patient_viewed",
                patient_id=patient.id,
                entity="patient",
                entity_id=patient.id,
            )
            return PatientOut.model_validate(patient)

        return self.db.run(work)

    def update(
        self, patient_id: int, expected_version: int, data: PatientIn, actor: StaffUserOut | None
    ) -> PatientOut:
        """Change demographics; refused when someone else changed the patient since it was read."""

        def work(s: Session) -> PatientOut:
            by = acting_user(s, actor)
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFound("This patient is not in the database.")
            if patient.version != expected_version:
                raise Conflict("Someone else changed this patient just now. Reload and try again.")
            patient.mrn = data.mrn
            patient.family_name = data.family_name
            patient.given_name = data.given_name
            patient.family_key = search_key(data.family_name)
            patient.given_key = search_key(data.given_name)
            patient.birth_date = data.birth_date
            patient.sex = data.sex.value
            patient.preferred_language = data.preferred_language
            patient.updated_at = utcnow()
            s.flush()
            audit(
                s,
                by,
                "patient_updated",
                patient_id=patient.id,
                entity="patient",
                entity_id=patient.id,
            )
            return PatientOut.model_validate(patient)

        try:
            return self.db.run(work)
        except StaleDataError:
            raise Conflict(
                "Someone else changed this patient just now. Reload and try again."
            ) from None

    def recent(
        self, actor: StaffUserOut, since: timedelta = timedelta(hours=16)
    ) -> list[PatientOut]:
        """Patients this user opened or recorded for lately (today's rooming list), newest first."""

        def work(s: Session) -> list[PatientOut]:
            cutoff = utcnow() - since
            rows = s.execute(
                select(AuditEvent.patient_id, AuditEvent.at)
                .where(
                    AuditEvent.user_id == actor.id,
                    AuditEvent.patient_id.is_not(None),
                    AuditEvent.at >= cutoff,
                )
                .order_by(AuditEvent.at.desc())
                .limit(200)
            ).all()
            seen: list[int] = []
            for patient_id, _ in rows:
                if patient_id is not None and patient_id not in seen:
                    seen.append(patient_id)
            patients = {
                p.id: p for p in s.scalars(select(Patient).where(Patient.id.in_(seen[:20])))
            }
            return [PatientOut.model_validate(patients[i]) for i in seen[:20] if i in patients]

        return self.db.read(work)

    def mrns_for(self, patient_ids: list[int]) -> dict[int, str]:
        """The MRN of each patient id (ids of no patient are left out). A read-only look-up for
        lists that name patients by id, such as the audit log; nothing is audited."""
        wanted = sorted(set(patient_ids))

        def work(s: Session) -> dict[int, str]:
            found: dict[int, str] = {}
            for start in range(0, len(wanted), 500):  # well under SQLite's bound-variable limit
                chunk = wanted[start : start + 500]
                rows = s.execute(select(Patient.id, Patient.mrn).where(Patient.id.in_(chunk)))
                found.update({patient_id: mrn for patient_id, mrn in rows})
            return found

        return self.db.read(work) if wanted else {}
