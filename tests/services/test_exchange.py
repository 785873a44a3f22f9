"""Export (FHIR, CSV) and import through the services, on a real SQLite file and PostgreSQL."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.interop.fhir_checks import by_code, check_bundle, comparable, observations
from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import AuditEvent, Measurement, StaffUser
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.services.errors import Forbidden, InvalidInput, NotFound
from vitalsdesk.services.exchange import ExchangeService
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut, VitalSignSetOut

TAKEN = "2026-11-27T09:30:00-05:00"
NORMAL: dict[str, Any] = {  # a document, as the GUI and the CLI hand it over
    "systolic_bp": {"value": 118, "unit": "mm[Hg]", "position": "sitting", "arm": "left"},
    "diastolic_bp": {"value": 76, "unit": "mm[Hg]", "position": "sitting", "arm": "left"},
    "heart_rate": {"value": 72, "unit": "/min"},
    "respiratory_rate": {"value": 16, "unit": "/min"},
    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
    "oxygen_saturation": {"value": 97, "unit": "%", "on_supplemental_oxygen": True},
    "body_height": {"value": 65, "unit": "[in_i]"},
    "body_weight": {"value": "154.0", "unit": "[lb_av]"},
    "pain_score": {"value": 2},
}


def vitals(taken_at: str = TAKEN, **measurements: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {"birth_date": "1980-06-15", "sex": "female", "taken_at": taken_at,
         "measurements": measurements}
    )  # fmt: skip


def exchange(clinic: Clinic) -> ExchangeService:
    return ExchangeService(clinic.db, clinic.table, growth_tables=clinic.growth_tables)


def register(clinic: Clinic, actor: StaffUserOut | None, mrn: str = "M1") -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name="Peña",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        actor,
    )


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Clinic]:
    """Another PC: a second clinic database (SQLite) that records on its own."""
    opened = open_clinic(tmp_path / "other-pc")
    try:
        yield opened
    finally:
        opened.close()


class History:
    """A patient's history on one PC: a normal set, an amended one, one entered in error, a
    critical value, a confirmed improbable value."""

    def __init__(self, clinic: Clinic) -> None:
        self.ma = add_staff(clinic, "ma.src", "password-one", "assistant", "Ana Source")
        self.patient = register(clinic, self.ma)
        v = clinic.vitals
        self.normal = v.record(self.patient.id, vitals(**NORMAL), self.ma)
        typo = v.record(
            self.patient.id,
            vitals(
                "2026-11-28T10:00:00-05:00", heart_rate={"value": 27, "unit": "/min"}
            ).model_copy(update={"confirmed": frozenset({"heart_rate"})}),
            self.ma,
            clinician_notified=True,
        )
        self.original = typo
        self.amended = v.amend(
            typo.id,
            typo.version,
            vitals("2026-11-28T10:00:00-05:00", heart_rate={"value": 72, "unit": "/min"}),
            "typed 27 for 72",
            self.ma,
        )
        wrong = v.record(self.patient.id, vitals("2026-11-29T08:15:00+01:00", **NORMAL), self.ma)
        self.voided = v.mark_entered_in_error(wrong.id, wrong.version, "wrong patient", self.ma)
        heavy = vitals(
            "2026-11-29T11:00:00-05:00",
            body_weight={"value": 600, "unit": "[lb_av]"},
            body_height={"value": "65.5", "unit": "[in_i]"},
            systolic_bp={"value": 190, "unit": "mm[Hg]"},
        ).model_copy(
            update={
                "confirmed": frozenset({"body_weight", "bmi"}),
                "confirmation_reasons": {"body_weight": "re-weighed on the bariatric scale"},
            }
        )
        self.heavy = v.record(self.patient.id, heavy, self.ma, clinician_notified=True)

    @property
    def sets(self) -> list[VitalSignSetOut]:
        return [self.normal, self.original, self.amended, self.voided, self.heavy]


def _audit(clinic: Clinic, action: str) -> list[AuditEvent]:
    with clinic.db.transaction() as s:
        return list(
            s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        )


def _count(clinic: Clinic, model: Any) -> int:
    with clinic.db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_fhir_export_of_one_patient_conforms_and_is_audited(clinic: Clinic, tmp_path: Path) -> None:
    history = History(clinic)
    someone_else = register(clinic, history.ma, mrn="M2")
    clinic.vitals.record(
        someone_else.id, vitals(heart_rate={"value": 80, "unit": "/min"}), history.ma
    )
    out = tmp_path / "jane.json"
    progress: list[tuple[int, int]] = []
    summary = exchange(clinic).export_fhir(
        out, clinic_admin(clinic), mrn="M1", progress=lambda d, t: progress.append((d, t))
    )
    assert (summary.patients, summary.sets) == (1, 5)
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)
    raw = check_bundle(out.read_text(encoding="utf-8"))
    assert summary.observations == len(observations(raw))
    patients = [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert [p["identifier"][0]["value"] for p in patients] == ["M1"]
    panels = {p["identifier"][0]["value"]: p for p in by_code(raw, "85353-1")}
    assert {uid: p["status"] for uid, p in panels.items()} == {
        history.normal.uid: "final",
        history.original.uid: "final",
        history.amended.uid: "amended",
        history.voided.uid: "entered-in-error",
        history.heavy.uid: "final",
    }
    assert panels[history.voided.uid]["effectiveDateTime"] == "2026-11-29T08:15:00+01:00"
    assert panels[history.normal.uid]["effectiveDateTime"] == TAKEN
    replaces = panels[history.amended.uid]["extension"][0]["valueReference"]["identifier"]
    assert replaces["value"] == history.original.uid
    temps = by_code(raw, "8310-5")
    assert {t["valueQuantity"]["value"] for t in temps} == {Decimal("98.6")}
    assert '"value": 154.0,' in out.read_text(encoding="utf-8")
    # Audited as one event that names the patient; never a name or MRN in the detail.
    events = _audit(clinic, "export")
    assert [e.patient_id for e in events] == [history.patient.id]
    assert events[0].detail["sets"] == 5 and events[0].detail["format"] == "fhir"
    assert "M1" not in json.dumps([e.detail for e in events])
    assert not list(tmp_path.glob(".*partial"))
    with pytest.raises(NotFound):
        exchange(clinic).export_fhir(tmp_path / "x.json", clinic_admin(clinic), mrn="NOPE")


def test_round_trip_into_another_database_gives_the_same_observations(
    clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    history = History(other)
    first = tmp_path / "first.json"
    exchange(other).export_fhir(first, clinic_admin(other))
    report = exchange(clinic).import_fhir(first, clinic_admin(clinic))
    assert report.problems == ()
    assert (report.patients_registered, report.sets_imported) == (1, 5)
    second = tmp_path / "second.json"
    exchange(clinic).export_fhir(second, clinic_admin(clinic))
    raw_first = check_bundle(first.read_text(encoding="utf-8"))
    raw_second = check_bundle(second.read_text(encoding="utf-8"))
    # Handed on, the same Observations; only the people are now the source's text, and the
    # clinician notification the source's word.
    assert comparable(raw_second) == [handed_on(o) for o in comparable(raw_first)]

    # The database holds the same thing: values as entered, chains, offsets, who recorded.
    patient = clinic.patients.by_mrn("M1")
    imported = {s.uid: s for s in clinic.vitals.history(patient.id)}
    for source in history.sets:
        source = other.vitals.get(source.id)
        copy = imported[source.uid]
        assert copy.measurements == source.measurements
        assert copy.taken_at == source.taken_at
        assert copy.taken_at.utcoffset() == source.taken_at.utcoffset()
        assert (copy.status, copy.superseded, copy.source_performer) == (
            source.status,
            source.superseded,
            "Ana Source (ma.src)",
        )
        assert copy.recorded_by_text == "Ana Source (ma.src) (imported)"
        assert (copy.bmi_value, copy.bmi_category, copy.bp_category) == (
            source.bmi_value,
            source.bmi_category,
            source.bp_category,
        )
        assert (copy.amend_reason, copy.error_reason, copy.source_clinician_notified) == (
            source.amend_reason,
            source.error_reason,
            source.clinician_notified,
        )
        assert copy.clinician_notified is False
        assert copy.recorded_at == source.recorded_at
    amended = imported[history.amended.uid]
    assert amended.replaces_id == imported[history.original.uid].id
    assert imported[history.original.uid].superseded
    weight = imported[history.heavy.uid].measurement("body_weight")
    assert weight is not None and weight.confirm_reason == "re-weighed on the bariatric scale"
    # No account is made from the file: the sets are the import actor's.
    with clinic.db.transaction() as s:
        assert s.scalar(select(StaffUser).where(StaffUser.username == "ma.src")) is None
        recorders = set(s.scalars(select(SetRow.recorded_by_id)))
        actor = s.scalar(select(StaffUser).where(StaffUser.role == "import"))
        assert actor is not None and recorders == {actor.id}

    # Importing again duplicates nothing.
    again = exchange(clinic).import_fhir(first.read_bytes(), clinic_admin(clinic))
    assert again.problems == ()
    assert (again.sets_imported, again.sets_already_present, again.patients_matched) == (0, 5, 1)
    assert _count(clinic, SetRow) == 5 and _count(clinic, Measurement) == _count(other, Measurement)
    imports = _audit(clinic, "import")
    assert [e.detail["sets_imported"] for e in imports] == [5, 0]
    assert len(_audit(clinic, "vitals_imported")) == 5


def handed_on(observation: dict[str, Any]) -> dict[str, Any]:
    """An Observation of a set as the clinic that imported it exports it again."""
    source = "Practitioner|source|Ana Source (ma.src)"
    out = copy.deepcopy(observation)
    out["performer"] = [{"reference": source, "display": "Ana Source (ma.src)"}]
    extensions = []
    for ext in out.get("extension", []):
        if ext["url"] == "urn:vitalsdesk:extension:clinician-notified":
            extensions.append({**ext, "valueBoolean": False})
            extensions.append(
                {
                    "url": "urn:vitalsdesk:extension:clinician-notified-reported-by-source",
                    "valueBoolean": ext["valueBoolean"],
                }
            )
            continue
        if ext["url"] == "urn:vitalsdesk:extension:entered-in-error":
            for part in ext["extension"]:
                if part["url"] == "by":
                    part["valueReference"] = {"reference": source, "display": "Ana Source (ma.src)"}
        extensions.append(ext)
    if extensions:
        out["extension"] = extensions
    return out


def test_a_marking_made_on_the_other_pc_is_merged(
    clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    history = History(other)
    bundle = tmp_path / "b.json"
    exchange(other).export_fhir(bundle, clinic_admin(other))
    exchange(clinic).import_fhir(bundle, clinic_admin(clinic))
    normal = other.vitals.get(history.normal.id)
    other.vitals.mark_entered_in_error(normal.id, normal.version, "duplicate entry", history.ma)
    exchange(other).export_fhir(bundle, clinic_admin(other), since=date(2026, 1, 1))
    report = exchange(clinic).import_fhir(bundle, clinic_admin(clinic))
    assert report.problems == ()
    assert (report.sets_marked_entered_in_error, report.sets_imported) == (1, 0)
    copy = next(
        s for s in clinic.vitals.history(clinic.patients.by_mrn("M1").id) if s.uid == normal.uid
    )
    assert (copy.status, copy.error_reason) == ("entered-in-error", "duplicate entry")
    assert copy.measurements == normal.measurements  # the values stay


def test_a_patient_who_differs_here_is_not_merged(
    clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    History(other)
    clinic.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Peña",
            given_name="Jane",
            birth_date=date(1981, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )
    bundle = tmp_path / "b.json"
    exchange(other).export_fhir(bundle, clinic_admin(other))
    report = exchange(clinic).import_fhir(bundle, clinic_admin(clinic))
    assert report.sets_imported == 0 and _count(clinic, SetRow) == 0
    first = report.problems[0]
    assert first.resource_type == "Patient" and first.entry == 0
    assert "MRN M1 is registered here with another birth date" in first.message
    assert len(report.problems) == 6  # the patient and its five sets


def test_two_different_amendments_of_one_set_are_not_both_kept(
    clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(other, "ma.src", "password-one", "assistant", "Ana Source")
    patient = register(other, ma)
    saved = other.vitals.record(patient.id, vitals(heart_rate={"value": 80, "unit": "/min"}), ma)
    bundle = tmp_path / "b.json"
    exchange(other).export_fhir(bundle, clinic_admin(other))
    exchange(clinic).import_fhir(bundle, clinic_admin(clinic))
    here = clinic.vitals.history(clinic.patients.by_mrn("M1").id)[0]
    clinic.vitals.amend(
        here.id,
        here.version,
        vitals(heart_rate={"value": 81, "unit": "/min"}),
        "here",
        clinic_admin(clinic),
    )
    other.vitals.amend(
        saved.id, saved.version, vitals(heart_rate={"value": 82, "unit": "/min"}), "there", ma
    )
    exchange(other).export_fhir(bundle, clinic_admin(other))
    report = exchange(clinic).import_fhir(bundle, clinic_admin(clinic))
    [problem] = report.problems
    assert "was already amended here by set" in problem.message
    assert report.sets_already_present == 1 and _count(clinic, SetRow) == 2


def test_a_bad_bundle_is_reported_per_entry_and_audited(
    sqlite_clinic: Clinic, other: Clinic, tmp_path: Path
) -> None:
    History(other)
    path = tmp_path / "b.json"
    exchange(other).export_fhir(path, clinic_admin(other))
    bundle = json.loads(path.read_text(encoding="utf-8"))
    [hr_entry] = [
        i
        for i, e in enumerate(bundle["entry"])
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "8867-4"
        and e["resource"]["identifier"][0]["value"].startswith(bundle_uid(bundle, "final"))
    ]
    bundle["entry"][hr_entry]["resource"]["valueQuantity"]["value"] = 350
    report = exchange(sqlite_clinic).import_fhir(json.dumps(bundle), clinic_admin(sqlite_clinic))
    [problem] = report.problems
    assert problem.entry == hr_entry
    assert "Heart rate 350 /min is not possible" in problem.message
    assert report.sets_imported == 4
    for bad in (b"{", b'{"resourceType": "Patient"}'):
        report = exchange(sqlite_clinic).import_fhir(bad, clinic_admin(sqlite_clinic))
        assert report.entries == 0 and len(report.problems) == 1
        assert report.problems[0].entry is None
    assert [e.detail["problems"] for e in _audit(sqlite_clinic, "import")] == [1, 1, 1]


def bundle_uid(bundle: dict[str, Any], status: str) -> str:
    """The uid of the first panel with this status."""
    return next(
        e["resource"]["identifier"][0]["value"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "85353-1"
        and e["resource"]["status"] == status
    )


def test_since_selects_what_changed_and_keeps_amendment_chains_whole(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    clinic = sqlite_clinic
    patient = register(clinic, clinic_admin(clinic))
    old = clinic.vitals.record(
        patient.id, vitals("2025-01-10T10:00:00-05:00", heart_rate={"value": 70, "unit": "/min"}),
        clinic_admin(clinic),
    )  # fmt: skip
    with clinic.db.transaction() as s:  # recorded long ago too
        row = s.get(SetRow, old.id)
        assert row is not None
        row.recorded_at = datetime.fromisoformat("2025-01-10T15:00:00+00:00")
    older = clinic.vitals.record(
        patient.id, vitals("2025-02-10T10:00:00-05:00", heart_rate={"value": 71, "unit": "/min"}),
        clinic_admin(clinic),
    )  # fmt: skip
    with clinic.db.transaction() as s:
        row = s.get(SetRow, older.id)
        assert row is not None
        row.recorded_at = datetime.fromisoformat("2025-02-10T15:00:00+00:00")
    older = clinic.vitals.get(older.id)
    # Amended today: the amendment is new, so it and the set it replaces are exported.
    amended = clinic.vitals.amend(
        older.id,
        older.version,
        vitals("2025-02-10T10:00:00-05:00", heart_rate={"value": 74, "unit": "/min"}),
        "typo",
        clinic_admin(clinic),
    )
    out = tmp_path / "since.json"
    summary = exchange(clinic).export_fhir(
        out, clinic_admin(clinic), since=datetime.now().astimezone() - timedelta(hours=1)
    )
    raw = check_bundle(out.read_text(encoding="utf-8"))
    uids = {p["identifier"][0]["value"] for p in by_code(raw, "85353-1")}
    assert uids == {older.uid, amended.uid} and summary.sets == 2
    csv_out = tmp_path / "since.csv"
    assert (
        exchange(clinic).export_csv(csv_out, clinic_admin(clinic), since=date(2025, 1, 1)).sets == 3
    )
    with pytest.raises(InvalidInput):
        exchange(clinic).export_fhir(
            out, clinic_admin(clinic), since=datetime(2026, 1, 1)
        )  # no zone


def test_csv_export_is_spreadsheet_safe_and_audited(sqlite_clinic: Clinic, tmp_path: Path) -> None:
    clinic = sqlite_clinic
    ma = add_staff(clinic, "ma1", "password-one", "assistant", '=HYPERLINK("x")')
    patient = register(clinic, ma)
    saved = clinic.vitals.record(patient.id, vitals(**NORMAL), ma)
    out = tmp_path / "vitals.csv"
    summary = exchange(clinic).export_csv(out, ma, mrn="M1")
    assert (summary.format, summary.sets, summary.rows) == ("csv", 1, 10)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfmrn,set_uid,taken_at,")  # UTF-8 with BOM, then header
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(table) == 10
    assert {r["set_uid"] for r in table} == {saved.uid}
    assert {r["recorded_by"] for r in table} == {'\'=HYPERLINK("x")'}
    temp = next(r for r in table if r["code"] == "body_temperature")
    assert (temp["value"], temp["unit"], temp["canonical_value"], temp["taken_at"]) == (
        "98.6",
        "[degF]",
        "37",
        TAKEN,
    )
    events = _audit(clinic, "export")
    assert [(e.username, e.patient_id) for e in events] == [("ma1", patient.id)]
    assert events[0].detail["format"] == "csv" and events[0].detail["rows"] == 10


def test_a_failed_export_leaves_no_file_and_no_audit(sqlite_clinic: Clinic, tmp_path: Path) -> None:
    register(sqlite_clinic, clinic_admin(sqlite_clinic))
    work = tmp_path / "exports"
    work.mkdir()
    missing = work / "no-such-folder" / "out.json"
    with pytest.raises(InvalidInput, match="Cannot write"):
        exchange(sqlite_clinic).export_fhir(missing, clinic_admin(sqlite_clinic))
    assert not missing.parent.exists()
    blocked = work / "a-folder"
    blocked.mkdir()
    with pytest.raises(InvalidInput, match="Cannot write"):
        exchange(sqlite_clinic).export_csv(
            blocked, clinic_admin(sqlite_clinic)
        )  # a folder, not a file
    assert list(work.iterdir()) == [blocked] and not list(blocked.iterdir())
    assert _audit(sqlite_clinic, "export") == []


def test_only_an_administrator_imports(sqlite_clinic: Clinic, tmp_path: Path) -> None:
    admin = sqlite_clinic.accounts.add_user("boss", "password-one", "admin")
    ma = sqlite_clinic.accounts.add_user("ma1", "password-one", "assistant", actor=admin)
    empty = b'{"resourceType": "Bundle", "type": "collection"}'
    with pytest.raises(Forbidden):
        exchange(sqlite_clinic).import_fhir(empty, ma)
    assert exchange(sqlite_clinic).import_fhir(empty, admin).ok
