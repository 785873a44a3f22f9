"""Handouts from the record: today's vitals on the sheet, each print recorded and audited."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.handouts.handout_pdf_tools import all_text, decode_code128, squash
from tests.staff import add_staff, first_admin_by_cli
from tests.staff import vd as signed_in_vd
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.services.errors import InvalidInput, NotFound
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut


@pytest.fixture
def ma(clinic: Clinic) -> StaffUserOut:
    return add_staff(clinic, "ma1", "password-one", "assistant")


@pytest.fixture
def patient(clinic: Clinic, ma: StaffUserOut) -> PatientOut:
    return clinic.patients.register(
        PatientIn(
            mrn="A100",
            family_name="Peña",
            given_name="María José",
            birth_date=date(1980, 6, 15),
            sex=AdministrativeSex.FEMALE,
            preferred_language="es",
        ),
        ma,
    )


def _record_today(clinic: Clinic, patient: PatientOut, ma: StaffUserOut) -> None:
    now = datetime.now().astimezone().replace(microsecond=0)
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": now.isoformat(),
            "measurements": {
                "systolic_bp": {"value": 150, "unit": "mm[Hg]"},
                "diastolic_bp": {"value": 95, "unit": "mm[Hg]"},
                "heart_rate": {"value": 72, "unit": "/min"},
                "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
            },
        }
    )
    clinic.vitals.record(patient.id, vitals, ma)


def test_sheet_carries_todays_vitals_as_entered_with_neutral_flags(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    _record_today(clinic, patient, ma)
    template = clinic.handouts.template("bp-home-monitoring", "es")
    request = clinic.handouts.request_for(patient.id, template)
    data = clinic.handouts.produce(patient.id, template, request, ma, "print")
    reader = PdfReader(io.BytesIO(data))
    text = squash(all_text(reader))
    assert "Peña, María José" in text
    assert "150/95 mmHg" in text and "Más alto de lo usual" in text
    assert "98.6°F" in text and "72 por minuto" in text
    for word in ("stage", "hipertensión", "hypertension"):
        assert word not in text.lower()
    assert decode_code128(reader.pages[0], reader) == "A100"
    assert clinic.handouts.prints(patient.id)[0][:3] == ("bp-home-monitoring", "es", "print")
    with clinic.db.transaction() as s:
        actions = list(
            s.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == patient.id))
        )
    assert "handout_printed" in actions


def test_preview_is_not_a_print(clinic: Clinic, ma: StaffUserOut, patient: PatientOut) -> None:
    template = clinic.handouts.template("wound-care", "en")
    request = clinic.handouts.request_for(patient.id, template)
    assert clinic.handouts.preview(template, request).startswith(b"%PDF")
    assert clinic.handouts.prints(patient.id) == []


def test_bad_fields_and_unknown_templates_are_clear(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    template = clinic.handouts.template("wound-care", "en")
    request = clinic.handouts.request_for(patient.id, template, fields={"no_such_field": "1"})
    with pytest.raises(InvalidInput, match="no_such_field"):
        clinic.handouts.produce(patient.id, template, request, ma, "pdf")
    assert clinic.handouts.prints(patient.id) == []
    with pytest.raises(NotFound, match="no-such-sheet"):
        clinic.handouts.template("no-such-sheet", "en")


@pytest.mark.slow
def test_handout_command(tmp_path: Path) -> None:
    first_admin_by_cli(tmp_path)

    def vd(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done: subprocess.CompletedProcess[str] = signed_in_vd(tmp_path, *args, stdin=stdin)
        return done

    listed = vd("handout", "--list", "--json")
    assert listed.returncode == 0
    entries = json.loads(listed.stdout)
    assert {"id", "language", "title"} == set(entries[0])
    assert {(e["id"], e["language"]) for e in entries} >= {
        ("wound-care", "en"),
        ("wound-care", "es"),
    }
    vd(
        "patient",
        "add",
        "--mrn",
        "A100",
        "--family",
        "Peña",
        "--given",
        "María",
        "--birth-date",
        "1980-06-15",
        "--sex",
        "female",
        "--language",
        "es",
    )
    out = tmp_path / "sheet.pdf"
    made = vd(
        "handout",
        "--mrn",
        "A100",
        "--template",
        "wound-care",
        "--lang",
        "en",
        "--large-print",
        "--page-size",
        "a4",
        "--out",
        str(out),
    )
    assert made.returncode == 0, made.stderr
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 595
    assert "Peña, María" in squash(all_text(reader))
    default_language = vd("handout", "--mrn", "A100", "--template", "wound-care", "--out", str(out))
    assert default_language.returncode == 0 and ", es)" in default_language.stdout
    bad = vd(
        "handout", "--mrn", "A100", "--template", "wound-care", "--set", "nope", "--out", str(out)
    )
    assert bad.returncode == 2 and "field=value" in bad.stderr
    unknown = vd("handout", "--mrn", "ZZZ", "--template", "wound-care", "--out", str(out))
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
