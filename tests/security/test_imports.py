"""An import recomputes, never trusts (red-team findings on `vitalsdesk import fhir`, one test each).

A bundle is a file anyone can edit. Whatever it says about the values' meaning (flags, categories,
confirmations), about who took the readings and about whether a clinician was told is either
recomputed here from the values, the patient and this clinic's range table, or kept only as what
the source reported. Every test imports into `clinic` (SQLite and PostgreSQL) a bundle exported by
another clinic and edited the way an attacker (or a buggy system) would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.assessment import FLAG_TEXT
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db import migrate
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import AuditEvent, StaffUser
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.interop import codes as c
from vitalsdesk.services.errors import NotFound, SignInFailed
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

Bundle = dict[str, Any]
TAKEN = "2026-11-27T09:30:00-05:00"


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Clinic]:
    """The clinic the bundle comes from (a SQLite file of its own)."""
    opened = open_clinic(tmp_path / "source-pc")
    try:
        yield opened
    finally:
        opened.close()


def vitals(taken_at: str = TAKEN, confirmed: tuple[str, ...] = (), **values: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": taken_at,
            "measurements": values,
            "confirmed": list(confirmed),
        }
    )


def register(clinic: Clinic, actor: StaffUserOut) -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn="M1",
            family_name="Peña",
            given_name="Jane",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
        ),
        actor,
    )


def exported(clinic: Clinic, folder: Path) -> Bundle:
    out = folder / "bundle.json"
    clinic.exchange.export_fhir(out, clinic_admin(clinic))
    document: Bundle = json.loads(out.read_text(encoding="utf-8"))
    return document


def import_into(clinic: Clinic, bundle: Bundle) -> Any:
    return clinic.exchange.import_fhir(json.dumps(bundle), clinic_admin(clinic))


def resources(bundle: Bundle, loinc: str) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if any(x.get("code") == loinc for x in e["resource"].get("code", {}).get("coding", []))
    ]


def entry_index(bundle: Bundle, resource: dict[str, Any]) -> int:
    return next(i for i, e in enumerate(bundle["entry"]) if e["resource"] is resource)


def extension(element: dict[str, Any], url: str) -> Any:
    return next((x for x in element.get("extension", []) if x["url"] == url), None)


def set_row(clinic: Clinic, uid: str) -> SetRow:
    with clinic.db.transaction() as s:
        row = s.scalar(
            select(SetRow)
            .where(SetRow.uid == uid)
            .options(selectinload(SetRow.measurements), selectinload(SetRow.recorded_by))
        )
        assert row is not None, "the set was not imported"
        s.expunge(row)
        return row


def interpretation(row: SetRow, code: str) -> str | None:
    return next(m.interpretation for m in row.measurements if m.code == code)


# -- 1. flags, categories and the confirmation tier are recomputed ---------------------------------


def test_a_critical_value_edited_to_normal_in_the_file_is_stored_as_critical(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma.src", "password-one", "assistant")
    patient = register(source, ma)
    saved = source.vitals.record(
        patient.id,
        vitals(
            heart_rate={"value": 140, "unit": "/min"},
            systolic_bp={"value": 190, "unit": "mm[Hg]"},
            diastolic_bp={"value": 100, "unit": "mm[Hg]"},
        ),
        ma,
        clinician_notified=True,
    )
    assert saved.measurement("heart_rate").interpretation == "HH"  # type: ignore[union-attr]
    bundle = exported(source, tmp_path)
    # The file now says everything was normal, under a range table of its own.
    [hr] = resources(bundle, "8867-4")
    hr["interpretation"] = [{"coding": [{"system": c.INTERPRETATION, "code": "N"}]}]
    [bp] = resources(bundle, "85354-9")
    bp["interpretation"] = [
        {"coding": [{"system": c.INTERPRETATION, "code": "N"}]},
        {"coding": [{"system": c.BP_CATEGORY_SYSTEM, "code": "normal"}]},
    ]
    for component in bp["component"]:
        component["interpretation"] = [{"coding": [{"system": c.INTERPRETATION, "code": "N"}]}]
    [panel] = resources(bundle, "85353-1")
    extension(panel, c.EXT_REFERENCE_RANGES)["valueString"] = "lenient-table 1"

    report = import_into(clinic, bundle)
    assert report.problems == () and report.sets_imported == 1
    row = set_row(clinic, saved.uid)
    assert interpretation(row, "heart_rate") == "HH"
    assert interpretation(row, "systolic_bp") == "HH"
    shown = clinic.vitals.get(row.id).measurement("heart_rate")
    assert shown is not None and shown.flag_message == FLAG_TEXT["HH"]
    assert row.bp_category == "crisis"
    assert row.reference_ranges_version == clinic.table.version_label


def test_a_confirmation_in_the_file_counts_only_where_the_value_needs_one(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma.src", "password-one", "assistant")
    patient = register(source, ma)
    heavy = source.vitals.record(
        patient.id,
        vitals(
            body_weight={"value": 600, "unit": "[lb_av]"},
            body_height={"value": "65.5", "unit": "[in_i]"},
            heart_rate={"value": 72, "unit": "/min"},
            confirmed=("body_weight", "bmi"),
        ),
        ma,
    )
    bundle = exported(source, tmp_path)
    # A usual heart rate "confirmed as improbable" by the file: not a confirmation here.
    [hr] = resources(bundle, "8867-4")
    hr["extension"] = [{"url": c.EXT_CONFIRMED, "valueString": "trust me"}]
    report = import_into(clinic, bundle)
    assert report.problems == ()
    row = set_row(clinic, heavy.uid)
    confirmations = {m.code: (m.confirmed, m.confirm_reason) for m in row.measurements}
    assert confirmations["heart_rate"] == (False, None)
    assert confirmations["body_weight"][0] is True
    assert row.bmi_confirm_reason is not None  # BMI 98.3 needs its own confirmation


def test_a_value_that_needs_a_confirmation_the_file_lacks_is_a_problem_of_its_entry(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma.src", "password-one", "assistant")
    patient = register(source, ma)
    source.vitals.record(
        patient.id,
        vitals(
            body_weight={"value": 600, "unit": "[lb_av]"},
            body_height={"value": "65.5", "unit": "[in_i]"},
            confirmed=("body_weight", "bmi"),
        ),
        ma,
    )
    bundle = exported(source, tmp_path)
    # The weight keeps its confirmation; the BMI of 98.3 (above 80) loses its own. An MA would
    # be asked to confirm it: the set is not imported, and the problem names the BMI entry.
    [bmi] = resources(bundle, "39156-5")
    bmi.pop("extension", None)
    report = import_into(clinic, bundle)
    assert report.sets_imported == 0
    [problem] = report.problems
    assert problem.entry == entry_index(bundle, bmi)
    assert "BMI 98.3 is unusual" in problem.message and "does not mark it as confirmed" in (
        problem.message
    )


# -- 2. "clinician notified" from a file is only what the source reported ----------------------------


def test_clinician_notified_in_a_file_is_kept_only_as_reported_by_the_source(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma.src", "password-one", "assistant")
    patient = register(source, ma)
    saved = source.vitals.record(
        patient.id, vitals(heart_rate={"value": 140, "unit": "/min"}), ma, clinician_notified=True
    )
    report = import_into(clinic, exported(source, tmp_path))
    assert report.problems == ()
    row = set_row(clinic, saved.uid)
    assert row.clinician_notified is False  # nobody here confirmed a clinician was told
    assert row.source_clinician_notified is True
    shown = clinic.vitals.get(row.id)
    assert (shown.clinician_notified, shown.source_clinician_notified) == (False, True)

    # Handed on, the set does not say this clinic told a clinician; it says what was reported.
    again = tmp_path / "again"
    again.mkdir()
    panel = resources(exported(clinic, again), "85353-1")[0]
    assert extension(panel, c.EXT_CLINICIAN_NOTIFIED)["valueBoolean"] is False
    assert extension(panel, c.EXT_CLINICIAN_NOTIFIED_BY_SOURCE)["valueBoolean"] is True


# -- 3. attribution: the import actor, with the source's performer text beside the set --------------


def test_an_imported_set_is_never_recorded_by_a_local_namesake(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    theirs = add_staff(source, "dr.smith", "password-one", "clinician")
    patient = register(source, theirs)
    saved = source.vitals.record(
        patient.id, vitals(heart_rate={"value": 72, "unit": "/min"}), theirs
    )
    ours = add_staff(clinic, "dr.smith", "password-two", "clinician", "Dr. Smith (this clinic)")
    with clinic.db.transaction() as s:
        accounts_before = int(s.scalar(select(func.count()).select_from(StaffUser)) or 0)

    report = import_into(clinic, exported(source, tmp_path))
    assert report.problems == () and report.sets_imported == 1
    row = set_row(clinic, saved.uid)
    assert row.recorded_by_id != ours.id
    actor = row.recorded_by
    assert (actor.username, actor.role, actor.active, actor.password_hash) == (
        "import",
        "import",
        False,
        None,
    )
    assert row.source_performer == "dr.smith"
    shown = clinic.vitals.get(row.id)
    assert shown.source_performer == "dr.smith" and shown.recorded_by != ours.display_name
    with clinic.db.transaction() as s:
        # One account was added, the import actor; no placeholder named after the source's staff.
        assert s.scalar(select(func.count()).select_from(StaffUser)) == accounts_before + 1
        # The import itself is the signed-in administrator's act.
        imported = s.scalars(select(AuditEvent).where(AuditEvent.action == "vitals_imported"))
        assert [e.username for e in imported] == ["test-admin"]

    # Handed on, the set names the source's text, never an account of this clinic.
    again = tmp_path / "again"
    again.mkdir()
    bundle = exported(clinic, again)
    people = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Practitioner"
    ]
    assert people == [{"resourceType": "Practitioner", "name": [{"text": "dr.smith"}]}]
    [panel] = resources(bundle, "85353-1")
    assert panel["performer"][0]["display"] == "dr.smith"

    # The import actor is no one: it cannot sign in, is not listed, and takes no password.
    with pytest.raises(SignInFailed):
        clinic.accounts.sign_in("import", "")
    assert "import" not in [u.username for u in clinic.accounts.list_users()]
    with pytest.raises(NotFound):
        clinic.accounts.reset_password("import", "a-new-password", clinic_admin(clinic))


# -- 6. decision 19: a reading taken in the future is a problem of its entry ------------------------


def test_a_reading_taken_in_the_future_is_reported_for_its_panel(
    clinic: Clinic, source: Clinic, tmp_path: Path
) -> None:
    ma = add_staff(source, "ma.src", "password-one", "assistant")
    patient = register(source, ma)
    kept = source.vitals.record(patient.id, vitals(heart_rate={"value": 70, "unit": "/min"}), ma)
    moved = source.vitals.record(
        patient.id,
        vitals("2026-11-27T10:30:00-05:00", heart_rate={"value": 71, "unit": "/min"}),
        ma,
    )
    bundle = exported(source, tmp_path)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0).isoformat()
    panel = next(
        p for p in resources(bundle, "85353-1") if p["identifier"][0]["value"] == moved.uid
    )
    for e in bundle["entry"]:
        if e["resource"].get("identifier", [{}])[0].get("value", "").startswith(moved.uid):
            e["resource"]["effectiveDateTime"] = tomorrow

    report = import_into(clinic, bundle)
    [problem] = report.problems
    assert problem.entry == entry_index(bundle, panel) and problem.resource_type == "Observation"
    assert "is in the future" in problem.message and "not imported" in problem.message
    assert report.sets_imported == 1
    set_row(clinic, kept.uid)
    with clinic.db.transaction() as s:
        assert s.scalar(select(SetRow).where(SetRow.uid == moved.uid)) is None


# -- 4. rows imported before this release are re-attributed by the migration -----------------------


def _tables() -> dict[str, sa.Table]:
    meta = sa.MetaData()
    names = {
        "staff_user": (
            "id", "username", "display_name", "role", "password_hash", "active",
            "failed_sign_ins", "preferences", "created_at", "version",
        ),
        "patient": (
            "id", "mrn", "family_name", "given_name", "family_key", "given_key", "birth_date",
            "sex", "preferred_language", "is_sample", "created_at", "updated_at", "version",
        ),
        "vital_sign_set": (
            "id", "uid", "patient_id", "taken_at", "taken_at_utc_offset_minutes", "recorded_at",
            "recorded_by_id", "status", "superseded", "error_marked_by_id", "clinician_notified",
            "reference_ranges_version", "version",
        ),
        "audit_event": (
            "id", "at", "user_id", "username", "action", "entity", "entity_id", "detail", "seq",
            "prev_hash", "hash",
        ),
    }  # fmt: skip
    types: dict[str, Any] = {
        "preferences": sa.JSON(),
        "detail": sa.JSON(),
        "birth_date": sa.Date(),
        **{n: sa.DateTime() for n in ("created_at", "updated_at", "taken_at", "recorded_at", "at")},
        **{n: sa.Boolean() for n in ("active", "is_sample", "superseded", "clinician_notified")},
    }
    return {
        table: sa.Table(table, meta, *(sa.Column(n, types.get(n)) for n in columns))
        for table, columns in names.items()
    }


def test_the_migration_reattributes_sets_imported_before_it(database_url: str) -> None:
    """Placeholders (inactive, no password) and local namesakes that an older import made the
    recorder of a set: the set moves to the import actor, their name to the performer text."""
    db = Database(database_url)
    try:
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
        t = _tables()
        when = datetime(2026, 11, 1, 12, 0)
        with db.engine.begin() as connection:
            staff: list[tuple[int, str, str, str, str | None, bool]] = [
                (1, "admin", "Admin", "admin", "hash", True),
                (2, "ma.src", "Ana Source", "assistant", None, False),  # an import's placeholder
                (3, "dr.smith", "Dr. Smith", "clinician", "hash", True),  # a local namesake
                (4, "ma.here", "Mo Here", "assistant", "hash", True),
            ]
            connection.execute(
                sa.insert(t["staff_user"]),
                [
                    dict(id=i, username=u, display_name=d, role=r, password_hash=h, active=a,
                         failed_sign_ins=0, preferences={}, created_at=when, version=1)
                    for i, u, d, r, h, a in staff
                ],
            )  # fmt: skip
            connection.execute(
                sa.insert(t["patient"]).values(
                    id=1, mrn="M1", family_name="Old", given_name="Row", family_key="old",
                    given_key="row", birth_date=date(1950, 1, 1), sex="male",
                    preferred_language="en", is_sample=False, created_at=when, updated_at=when,
                    version=1,
                )
            )  # fmt: skip
            sets = [
                # (id, recorded by, marked in error by, clinician notified)
                (1, 2, None, True),  # imported, recorded by a placeholder
                (2, 3, 2, False),  # imported, recorded by the local dr.smith, voided elsewhere
                (3, 4, None, True),  # recorded here by ma.here
            ]
            connection.execute(
                sa.insert(t["vital_sign_set"]),
                [
                    dict(id=i, uid=f"00000000-0000-4000-8000-00000000000{i}", patient_id=1,
                         taken_at=when, taken_at_utc_offset_minutes=0, recorded_at=when,
                         recorded_by_id=by, status="final" if err is None else "entered-in-error",
                         superseded=False, error_marked_by_id=err, clinician_notified=told,
                         reference_ranges_version="old", version=1)
                    for i, by, err, told in sets
                ],
            )  # fmt: skip
            events = [
                ("user_added", "staff_user", 2, {"placeholder": True, "via": "import"}),
                ("vitals_imported", "vital_sign_set", 1, {"status": "final"}),
                ("vitals_imported", "vital_sign_set", 2, {"status": "entered-in-error"}),
                ("vitals_recorded", "vital_sign_set", 3, {}),
            ]
            connection.execute(
                sa.insert(t["audit_event"]),
                [
                    dict(id=n, at=when, user_id=1, username="admin", action=a, entity=e,
                         entity_id=i, detail=d, seq=n, prev_hash="0" * 64, hash=f"{n:064d}")
                    for n, (a, e, i, d) in enumerate(events, start=1)
                ],
            )  # fmt: skip

            if connection.dialect.name == "postgresql":  # the ids above were given by hand
                for table in t:
                    connection.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )

        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

        with db.engine.connect() as connection:
            meta = sa.MetaData()
            users = sa.Table("staff_user", meta, autoload_with=connection)
            rows = sa.Table("vital_sign_set", meta, autoload_with=connection)
            accounts = {u.username: u for u in connection.execute(sa.select(users))}
            actor = accounts["import"]
            assert (actor.role, actor.active, actor.password_hash) == ("import", False, None)
            assert "ma.src" not in accounts  # the placeholder is gone: nothing points to it
            assert {"admin", "dr.smith", "ma.here"} <= set(accounts)
            got = {r.id: r for r in connection.execute(sa.select(rows).order_by(rows.c.id))}
            assert (got[1].recorded_by_id, got[1].source_performer) == (
                actor.id,
                "Ana Source (ma.src)",
            )
            assert (got[2].recorded_by_id, got[2].source_performer) == (
                actor.id,
                "Dr. Smith (dr.smith)",
            )
            assert (got[2].error_marked_by_id, got[2].source_error_marked_by) == (
                actor.id,
                "Ana Source (ma.src)",
            )
            assert (got[1].clinician_notified, got[1].source_clinician_notified) == (False, True)
            assert (got[2].clinician_notified, got[2].source_clinician_notified) == (False, False)
            # What was recorded here stays as it was.
            assert (got[3].recorded_by_id, got[3].source_performer) == (4, None)
            assert (got[3].clinician_notified, got[3].source_clinician_notified) == (True, None)
    finally:
        db.dispose()
