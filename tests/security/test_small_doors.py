"""Smaller doors (red team, part 8): names and free text with hidden characters, and numbers or
names longer than a database keeps. Each is refused with a plain message at the door, on SQLite
and PostgreSQL alike, never as a database error."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.staff import add_staff, cli_env, clinic_admin, vd
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.errors import InvalidInput
from vitalsdesk.services.schemas import PatientIn, PatientOut
from vitalsdesk.validation_messages import describe

# What a paste can carry: NUL, ESC (a terminal colour), a tab and a line break where one line is
# meant, the right-to-left override and isolates ("Trojan source"), and a lone surrogate.
HIDDEN = {
    "NUL": "Ana\x00Maria",
    "ESC": "Ana\x1b[31mMaria",
    "tab": "Ana\tMaria",
    "line break": "Ana\nMaria",
    "RLO U+202E": "\u202eairaM anA",
    "LRE U+202A": "Ana\u202aMaria",
    "RLI U+2067": "Ana\u2067Maria\u2069",
    "lone surrogate": "Ana\ud800Maria",
}

THOUSAND_DIGITS = "72." + "0" * 1000
TINY = "0." + "0" * 990 + "72"


def _patient(clinic: Clinic, mrn: str = "D-1", family: str = "Door") -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name=family,
            given_name="Test",
            birth_date=date(1980, 1, 2),
            sex=AdministrativeSex.FEMALE,
        ),
        clinic_admin(clinic),
    )


def _vitals(patient: PatientOut, measurements: dict[str, Any], **extra: Any) -> VitalSignSet:
    return VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime(2026, 1, 5, 14, 0, tzinfo=UTC),
            "measurements": measurements,
            **extra,
        }
    )


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_a_name_with_a_hidden_character_is_refused_in_plain_words(kind: str) -> None:
    for field in ("family_name", "given_name"):
        values = {"family_name": "Door", "given_name": "Test", field: HIDDEN[kind]}
        with pytest.raises(ValidationError) as refused:
            PatientIn.model_validate(
                {"mrn": "D-9", "birth_date": date(1980, 1, 2), "sex": "female", **values}
            )
        message = describe(refused.value)
        assert message.startswith(f"{field}: ")
        assert any(words in message for words in ("hidden", "valid string", "one line", "a tab"))
        assert not any(char in message for char in "\x00\x1b\t\n\u202e\u202a\u2067")


def test_the_same_name_in_other_scripts_and_with_joiners_is_kept(clinic: Clinic) -> None:
    """Only hidden controls are refused: accents, other scripts and the joiners some scripts
    need in names (ZWJ, ZWNJ) are names."""
    for family in ("Peña", "Nguyễn", "O'Brien-Smith", "محمد", "می\u200cخواهم", "張"):
        assert _patient(clinic, mrn=f"N-{len(family)}{ord(family[0])}", family=family)


@pytest.mark.parametrize("kind", ["ESC", "RLO U+202E", "line break", "NUL"])
def test_a_staff_display_name_with_a_hidden_character_is_refused(clinic: Clinic, kind: str) -> None:
    with pytest.raises(InvalidInput, match="The name to show"):
        add_staff(clinic, "eve", "password-one", "assistant", HIDDEN[kind])
    assert "eve" not in [u.username for u in clinic.accounts.list_users()]


def test_a_display_name_longer_than_the_database_keeps_is_refused(clinic: Clinic) -> None:
    """PostgreSQL refused 121 characters with a DataError."""
    with pytest.raises(InvalidInput, match="too long"):
        add_staff(clinic, "eve", "password-one", "assistant", "E" * 121)
    assert (
        add_staff(clinic, "eve", "password-one", "assistant", "E" * 120).display_name == "E" * 120
    )


def test_a_name_that_folds_longer_than_its_search_key_is_kept_and_found(clinic: Clinic) -> None:
    """ "ﬃ" folds to "ffi": 100 of them are a 300-character search key, more than the database
    keeps (PostgreSQL refused the patient with a DataError)."""
    patient = _patient(clinic, mrn="L-1", family="ﬃ" * 100)
    assert [p.id for p in clinic.patients.search("FFIFFI")] == [patient.id]


# -- free text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ESC", "RLO U+202E", "NUL", "line break"])
def test_amend_and_error_reasons_with_hidden_characters_are_refused(
    clinic: Clinic, kind: str
) -> None:
    patient = _patient(clinic)
    admin = clinic_admin(clinic)
    saved = clinic.vitals.record(
        patient.id, _vitals(patient, {"heart_rate": {"value": "72", "unit": "/min"}}), admin
    )
    corrected = _vitals(patient, {"heart_rate": {"value": "74", "unit": "/min"}})
    with pytest.raises(InvalidInput, match="The reason"):
        clinic.vitals.amend(saved.id, saved.version, corrected, f"typo {HIDDEN[kind]}", admin)
    with pytest.raises(InvalidInput, match="The reason"):
        clinic.vitals.mark_entered_in_error(saved.id, saved.version, HIDDEN[kind], admin)
    [kept] = clinic.vitals.history(patient.id)
    assert (kept.status, kept.version) == ("final", saved.version)


@pytest.mark.parametrize("kind", ["ESC", "RLO U+202E", "NUL", "tab"])
def test_a_confirmation_reason_with_hidden_characters_is_refused(kind: str) -> None:
    with pytest.raises(ValidationError, match="confirmation_reasons"):
        VitalSignSet.model_validate(
            {
                "birth_date": "1980-01-02",
                "sex": "female",
                "taken_at": "2026-01-05T09:00:00-05:00",
                "measurements": {"heart_rate": {"value": "190", "unit": "/min"}},
                "confirmed": ["heart_rate"],
                "confirmation_reasons": {"heart_rate": f"rechecked {HIDDEN[kind]}"},
            }
        )


def test_handout_fields_and_notes_with_hidden_characters_are_refused(clinic: Clinic) -> None:
    patient = _patient(clinic)
    template = clinic.handouts.template("wound-care", "en")
    for options in (
        {"fields": {"dressing": "gauze\x1b[2J"}},
        {"fields": {"dressing": "gauze\nand tape"}},
        {"clinician_name": "Dr. \u202eyelk"},
        {"clinician_note": "Rest\x00 today"},
        {"clinician_note": "\u2066Rest today"},
    ):
        with pytest.raises(ValidationError) as refused:
            clinic.handouts.request_for(patient.id, template, **options)
        assert "hidden" in describe(refused.value) or "one line" in describe(refused.value)
    # A note is several lines by nature: line breaks and tabs stay.
    request = clinic.handouts.request_for(
        patient.id, template, clinician_note="Rest today.\n\tDrink water."
    )
    assert request.clinician_note == "Rest today.\n\tDrink water."


@pytest.mark.slow
def test_the_handout_command_says_what_is_wrong_with_a_field(tmp_path: Path) -> None:
    clinic = open_clinic(tmp_path)
    try:
        _patient(clinic)
    finally:
        clinic.close()
    done = vd(
        tmp_path,
        "handout",
        "--mrn",
        "D-1",
        "--template",
        "wound-care",
        "--clinician-note",
        "Rest \x1b[2J today",
        "--out",
        str(tmp_path / "sheet.pdf"),
    )
    assert done.returncode == 2, done.stderr
    assert "clinician_note: has a hidden control character (U+001B)" in done.stderr
    assert "validation error" not in done.stderr and not (tmp_path / "sheet.pdf").exists()


# -- numbers as the database keeps them ----------------------------------------------------------


@pytest.mark.parametrize("value", [THOUSAND_DIGITS, TINY, "98.60000000000001", Decimal(TINY)])
def test_a_number_with_more_digits_than_a_database_keeps_is_refused(
    clinic: Clinic, value: object
) -> None:
    patient = _patient(clinic)
    with pytest.raises(ValidationError, match="too many digits"):
        _vitals(patient, {"heart_rate": {"value": value, "unit": "/min"}})
    with pytest.raises(ValidationError, match="too many digits"):
        _vitals(
            patient,
            {
                "oxygen_saturation": {
                    "value": "97",
                    "unit": "%",
                    "on_supplemental_oxygen": True,
                    "oxygen_flow": "2.000000000000001",  # 17 characters; the column keeps 16
                }
            },
        )
    # What a person types is kept exactly, up to the bound.
    saved = clinic.vitals.record(
        patient.id,
        _vitals(patient, {"heart_rate": {"value": "72.00000000000", "unit": "/min"}}),
        clinic_admin(clinic),
    )
    measurement = saved.measurement("heart_rate")
    assert measurement is not None and measurement.value_text == "72.00000000000"


def _document(pulse: str) -> str:
    return json.dumps(
        {
            "taken_at": "2026-01-05T09:00:00-05:00",
            "measurements": {"heart_rate": {"value": pulse, "unit": "/min"}},
        }
    )


@pytest.mark.slow
def test_check_and_record_refuse_a_thousand_digit_pulse_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    """The finding: `vitalsdesk record` with a 1,000-digit pulse reached PostgreSQL, which
    refused it with a DataError (and SQLite kept it)."""
    document = json.loads(_document(THOUSAND_DIGITS))
    checked = vd(
        tmp_path,
        "check",
        "-",
        stdin=json.dumps({**document, "birth_date": "1980-01-02", "sex": "female"}),
        user=None,
    )
    assert checked.returncode == 2, checked.stdout
    [error] = json.loads(checked.stdout)["errors"]
    assert error["field"] == "heart_rate" and "too many digits" in error["message"]

    data = tmp_path / "data"
    clinic = open_clinic(data, url=pg_url)
    try:
        _patient(clinic)
    finally:
        clinic.close()
    recorded = vd(
        data,
        "record",
        "--mrn",
        "D-1",
        "-",
        stdin=_document(THOUSAND_DIGITS),
        env=cli_env(data, VITALSDESK_DATABASE_URL=pg_url),
    )
    assert recorded.returncode == 2, recorded.stderr
    assert "too many digits" in recorded.stdout + recorded.stderr
    assert "Traceback" not in recorded.stderr and "DataError" not in recorded.stderr
    clinic = open_clinic(data, url=pg_url)
    try:
        assert clinic.vitals.history(clinic.patients.by_mrn("D-1").id) == []
    finally:
        clinic.close()


# -- the same doors in an imported bundle --------------------------------------------------------


def test_an_imported_set_with_a_hidden_character_in_its_reason_is_not_imported(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    clinic = sqlite_clinic
    patient = _patient(clinic)
    admin = clinic_admin(clinic)
    saved = clinic.vitals.record(
        patient.id, _vitals(patient, {"heart_rate": {"value": "72", "unit": "/min"}}), admin
    )
    clinic.vitals.amend(
        saved.id,
        saved.version,
        _vitals(patient, {"heart_rate": {"value": "74", "unit": "/min"}}),
        "typed the wrong value",
        admin,
    )
    bundle = tmp_path / "bundle.json"
    clinic.exchange.export_fhir(bundle, admin)
    text = bundle.read_text(encoding="utf-8").replace(
        "typed the wrong value", "typed \\u202ethe wrong value"
    )
    other = open_clinic(tmp_path / "other")
    try:
        report = other.exchange.import_fhir(text.encode("utf-8"), clinic_admin(other))
        assert any("amendment reason" in str(p) for p in report.problems), report.problems
    finally:
        other.close()
