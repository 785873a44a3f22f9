"""Schema 0009 (lean storage): a database made at 0005, with data, moves to the lean schema after
a backup, loses nothing, and every screen and export shows the same flag words as before."""

from __future__ import annotations

import contextlib
import csv
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import inspect, text

from tests.fixtures_db import open_raw
from tests.staff import clinic_admin
from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.assessment import FLAG_TEXT
from vitalsdesk.db import migrate
from vitalsdesk.db.backup import list_backups
from vitalsdesk.db.engine import Database

# (code, value, unit, canonical, canonical unit, interpretation, stored words): every
# interpretation, and one row whose stored words are not the ones its interpretation gives.
OLD_WORDS = "Words an older database kept"
ROWS: list[tuple[str, str, str, str, str, str | None, str]] = [
    ("systolic_bp", "182", "mm[Hg]", "182", "mm[Hg]", "HH", FLAG_TEXT["HH"]),
    ("diastolic_bp", "96", "mm[Hg]", "96", "mm[Hg]", "H", FLAG_TEXT["H"]),
    ("heart_rate", "72", "/min", "72", "/min", "N", FLAG_TEXT["N"]),
    ("respiratory_rate", "8", "/min", "8", "/min", "L", FLAG_TEXT["L"]),
    ("oxygen_saturation", "84", "%", "84", "%", "LL", FLAG_TEXT["LL"]),
    ("body_temperature", "98.6", "[degF]", "37", "Cel", "N", OLD_WORDS),
    ("pain_score", "3", "{score}", "3", "{score}", None, FLAG_TEXT[None]),
]
MEASUREMENT_COLUMNS = (
    "id, set_id, position_in_set, code, value_text, unit, canonical_text, canonical_unit, "
    "method, position, arm, cuff_size, on_supplemental_oxygen, oxygen_flow_text, "
    "interpretation, confirmed, confirm_reason"
)


def _database_at_0005(url: str) -> None:
    db = Database(url)
    config = migrate._config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    with db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO staff_user (id, username, display_name, role, active, "
                "failed_sign_ins, preferences, created_at, version) VALUES "
                "(10, 'ma', 'Old MA', 'assistant', true, 0, '{}', '2026-01-01 00:00:00', 1)"
            )
        )
        s.execute(
            text(
                "INSERT INTO patient (id, mrn, family_name, given_name, family_key, given_key, "
                "birth_date, sex, preferred_language, is_sample, created_at, updated_at, version) "
                "VALUES (1, 'OLD1', 'Old', 'Row', 'old', 'row', '1950-01-01', 'male', 'en', "
                "false, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
            )
        )
        s.execute(
            text(
                "INSERT INTO vital_sign_set (id, uid, patient_id, taken_at, "
                "taken_at_utc_offset_minutes, recorded_at, recorded_by_id, status, superseded, "
                "clinician_notified, reference_ranges_version, version) VALUES (1, "
                "'00000000-0000-4000-8000-000000000009', 1, '2026-01-01 10:00:00', -300, "
                "'2026-01-01 10:01:00', 10, 'final', false, true, 'vitalsdesk-default 1', 1)"
            )
        )
        for position, (code, value, unit, canonical, cunit, flag, words) in enumerate(ROWS):
            s.execute(
                text(
                    "INSERT INTO measurement (set_id, position_in_set, code, value_text, unit, "
                    "canonical_text, canonical_unit, method, interpretation, flag_message, "
                    "confirmed) VALUES (1, :pos, :code, :value, :unit, :canonical, :cunit, "
                    ":method, :flag, :words, false)"
                ),
                {
                    "pos": position,
                    "code": code,
                    "value": value,
                    "unit": unit,
                    "canonical": canonical,
                    "cunit": cunit,
                    "method": "oral" if code == "body_temperature" else None,
                    "flag": flag,
                    "words": words,
                },
            )
    db.dispose()


def _measurements(url: str) -> list[tuple[Any, ...]]:
    db = Database(url)
    try:
        with db.engine.connect() as c:
            rows = c.execute(text(f"SELECT {MEASUREMENT_COLUMNS} FROM measurement ORDER BY id"))
            return [tuple(r) for r in rows]
    finally:
        db.dispose()


def test_0009_moves_a_0005_database_losing_nothing(database_url: str, tmp_path: Path) -> None:
    _database_at_0005(database_url)
    before = _measurements(database_url)
    assert len(before) == len(ROWS)

    clinic = open_clinic(tmp_path / "data", url=database_url)
    try:
        assert migrate.current_revision(clinic.db) == migrate.head_revision()
        if clinic.db.is_sqlite:
            # Backed up first, at the old schema with the stored words.
            [backup] = [b for b in list_backups(clinic.backup_dir) if "before-upgrade" in b.name]
            with contextlib.closing(open_raw(backup)) as old:
                assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (
                    "0005",
                )
                stored = [r[0] for r in old.execute("SELECT flag_message FROM measurement")]
                assert stored == [row[6] for row in ROWS]
        with clinic.db.engine.connect() as c:
            columns = {col["name"] for col in inspect(c).get_columns("measurement")}
            kept = c.execute(text("SELECT flag_message_kept FROM measurement ORDER BY id"))
            kept_words = [r[0] for r in kept]
        assert "flag_message" not in columns
        # Only the words no interpretation gives are still stored.
        assert kept_words == [OLD_WORDS if row[6] == OLD_WORDS else None for row in ROWS]

        # Lossless: every other fact of every row is as it was.
        url = clinic.db.url
        if clinic.db.is_sqlite:
            assert _measurements_encrypted(clinic) == before
        else:
            assert _measurements(url) == before

        # The history shows the words the MA was shown.
        [shown] = clinic.vitals.history(1)
        assert [m.flag_message for m in shown.measurements] == [row[6] for row in ROWS]
        assert [m.interpretation for m in shown.measurements] == [row[5] for row in ROWS]

        # The export carries the same values and interpretations (it never printed words).
        out = tmp_path / "export.csv"
        clinic.exchange.export_csv(out, clinic_admin(clinic))
        with out.open(encoding="utf-8-sig", newline="") as f:
            exported = list(csv.DictReader(f))
        values = {(r["code"], r["value"], r["unit"], r["interpretation"]) for r in exported}
        assert values == {(row[0], row[1], row[2], row[5] or "") for row in ROWS}
    finally:
        clinic.close()


def _measurements_encrypted(clinic: Any) -> list[tuple[Any, ...]]:
    with clinic.db.engine.connect() as c:
        rows = c.execute(text(f"SELECT {MEASUREMENT_COLUMNS} FROM measurement ORDER BY id"))
        return [tuple(r) for r in rows]


def test_a_new_set_stores_no_flag_words(tmp_path: Path) -> None:
    """A set saved now keeps its interpretation and no words; the words are made for display."""
    from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
    from vitalsdesk.services.schemas import PatientIn

    clinic = open_clinic(tmp_path / "data")
    try:
        admin = clinic_admin(clinic)
        patient = clinic.patients.register(
            PatientIn(
                mrn="LEAN1",
                family_name="Lean",
                given_name="Ana",
                birth_date=date(1980, 1, 1),
                sex=AdministrativeSex.FEMALE,
            ),
            admin,
        )
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": "1980-01-01",
                "sex": "female",
                "taken_at": datetime(2026, 11, 27, 9, 30, tzinfo=UTC).isoformat(),
                "measurements": {"heart_rate": {"value": "130", "unit": "/min"}},
            }
        )
        saved = clinic.vitals.record(patient.id, vitals, admin)
        [m] = saved.measurements
        assert m.interpretation == "H" and m.flag_message == FLAG_TEXT["H"]
        with clinic.db.engine.connect() as c:
            assert c.execute(text("SELECT flag_message_kept FROM measurement")).all() == [(None,)]
    finally:
        clinic.close()


def test_0009_downgrade_puts_the_words_back(tmp_path: Path) -> None:
    """Going back to 0005 stores every row's words again: the kept ones as they were."""
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    _database_at_0005(url)
    db = Database(url)
    config = migrate._config()
    try:
        for target in ("0009", "0005"):
            with migrate.migration_connection(db) as connection:
                config.attributes["connection"] = connection
                if target == "0009":
                    command.upgrade(config, target)
                else:
                    command.downgrade(config, target)
        with db.engine.connect() as c:
            words = [r[0] for r in c.execute(text("SELECT flag_message FROM measurement"))]
    finally:
        db.dispose()
    assert words == [row[6] for row in ROWS]


def test_an_upgrade_leaves_foreign_keys_enforced(tmp_path: Path) -> None:
    """The upgrade turns SQLite's foreign keys off for its table copies (a set's table is copied
    while measurements point to it) and on again: the pooled connection enforces them after."""
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    _database_at_0005(url)
    db = Database(url)
    try:
        migrate.upgrade(db, tmp_path / "backups")
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.dispose()
