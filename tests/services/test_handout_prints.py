"""Handouts from the record: today's vitals on the sheet, each print recorded and audited."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.handouts.handout_pdf_tools import all_text, decode_code128, squash
from tests.handouts.samples import open_sample_clinic, sample_fields
from tests.staff import add_staff, clinic_admin, first_admin_by_cli
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


def test_sheet_carries_todays_vitals_as_entered_and_no_flag(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    _record_today(clinic, patient, ma)
    template = clinic.handouts.template("bp-home-monitoring", "es")
    fields = {"call_top": "150", "call_bottom": "95"}
    request = clinic.handouts.request_for(patient.id, template, fields=fields)
    data = clinic.handouts.produce(patient.id, template, request, ma, "print")
    reader = PdfReader(io.BytesIO(data))
    text = squash(all_text(reader))
    assert "Peña, María José" in text
    assert "150/95 mmHg" in text and "98.6°F" in text and "72 por minuto" in text
    assert "en la boca" in text and "Se tomaron a las" in text
    # 150/95 is flagged on the MA's screen; the patient's sheet never says so.
    for word in ("alto", "usual", "rango", "stage", "hipertensión", "hypertension"):
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


# Words that would make a patient's sheet interpret a value (decision: value, unit, method, air or
# oxygen and time only). Matched as whole words, case-insensitively, in the vitals part of the
# sheet; the arrows and warning marks anywhere in it.
FLAG_WORDS = re.compile(
    r"\b(?:usual|high|higher|low|lower|above|below|range|normal|abnormal|flag|flagged|critical"
    r"|elevated|stage|crisis|hypertension|hypotension|fever|far|tell the clinician"
    r"|usual|alto|alta|bajo|baja|encima|debajo|rango|anormal|elevada|etapa|fiebre|avise"
    r"|lo usual)\b|[↑↓▲▼⚠!]",
    re.IGNORECASE,
)
VITALS_HEADING = {"en": "Your vital signs today", "es": "Sus signos vitales de hoy"}

# Out of range and critical on purpose: high for the English-speaking patient, low for the
# Spanish-speaking one (every value confirmed, the clinician told).
HIGH = {
    "systolic_bp": {"value": 192, "unit": "mm[Hg]", "position": "sitting"},
    "diastolic_bp": {"value": 124, "unit": "mm[Hg]", "position": "sitting"},
    "heart_rate": {"value": 136, "unit": "/min"},
    "respiratory_rate": {"value": 28, "unit": "/min"},
    "body_temperature": {"value": "104.1", "unit": "[degF]", "method": "temporal"},
    "oxygen_saturation": {
        "value": 89,
        "unit": "%",
        "on_supplemental_oxygen": True,
        "oxygen_flow": "2",
    },
    "pain_score": {"value": 8},
}
LOW = {
    "systolic_bp": {"value": 84, "unit": "mm[Hg]"},
    "diastolic_bp": {"value": 50, "unit": "mm[Hg]"},
    "heart_rate": {"value": 44, "unit": "/min"},
    "body_temperature": {"value": "34.6", "unit": "Cel", "method": "axillary"},
    "oxygen_saturation": {"value": 93, "unit": "%", "on_supplemental_oxygen": False},
}


def _record(clinic: Clinic, patient: PatientOut, measurements: dict[str, object]) -> None:
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date.isoformat(),
            "sex": patient.sex,
            "taken_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "measurements": measurements,
            "confirmed": sorted(measurements),
            "confirmation_reasons": {name: "re-measured" for name in measurements},
        }
    )
    recorded = clinic.vitals.record(
        patient.id, vitals, clinic_admin(clinic), clinician_notified=True
    )
    # The test means something only if the MA's screen did flag these values (a diastolic
    # pressure has no low band, so 50 is the one value left unflagged).
    flagged = [m for m in recorded.measurements if m.interpretation in ("H", "HH", "L", "LL")]
    assert len(flagged) >= len(measurements) - 1
    assert any(m.interpretation in ("HH", "LL") for m in flagged)
    assert all(m.flag_message for m in flagged)


def _vitals_part(text: str, language: str, next_heading: str) -> str:
    start = text.index(VITALS_HEADING[language])
    return text[start : text.index(next_heading, start)]


def test_no_sheet_interprets_an_out_of_range_or_critical_value(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    """Every template in both languages, with high and with low critical values: the vitals part
    of the sheet has the values, the method, the oxygen and the time, and no flag word."""
    high = clinic.patients.register(
        PatientIn(
            mrn="HIGH-1",
            family_name="Doe",
            given_name="John",
            birth_date=date(1958, 4, 2),
            sex=AdministrativeSex.MALE,
        ),
        ma,
    )
    _record(clinic, high, HIGH)
    _record(clinic, patient, LOW)
    library = clinic.handouts.library()
    assert len(library.list()) == 20
    for entry in library.list():
        template = library.get(entry.id, entry.language)
        assert template is not None
        for who, expected in ((high, ("192/124 mmHg", "104.1°F")), (patient, ("84/50 mmHg",))):
            request = clinic.handouts.request_for(who.id, template, fields=sample_fields(template))
            text = squash(
                all_text(PdfReader(io.BytesIO(clinic.handouts.preview(template, request))))
            )
            part = _vitals_part(text, template.language, squash(template.sections[0].heading))
            for value in expected:
                assert value in part, (entry.id, entry.language)
            found = FLAG_WORDS.findall(part)
            assert found == [], (entry.id, entry.language, found)
    # The details the sheet does carry, in the patient's words.
    template = clinic.handouts.template("visit-summary", "en")
    text = squash(
        all_text(
            PdfReader(
                io.BytesIO(
                    clinic.handouts.preview(
                        template, clinic.handouts.request_for(high.id, template)
                    )
                )
            )
        )
    )
    for words in ("on the forehead", "on oxygen, 2 L/min", "136 per minute", "Taken at"):
        assert words in text
    template = clinic.handouts.template("visit-summary", "es")
    text = squash(
        all_text(
            PdfReader(
                io.BytesIO(
                    clinic.handouts.preview(
                        template, clinic.handouts.request_for(patient.id, template)
                    )
                )
            )
        )
    )
    for words in ("34.6°C", "en la axila", "con aire ambiente", "Se tomaron a las"):
        assert words in text


def test_the_clinicians_note_goes_through_the_service(
    clinic: Clinic, ma: StaffUserOut, patient: PatientOut
) -> None:
    _record(clinic, patient, LOW)
    template = clinic.handouts.template("visit-summary", "es")
    note = "Su presión estaba baja hoy. Tome más líquidos y vuelva el lunes."
    request = clinic.handouts.request_for(patient.id, template, clinician_note=note)
    text = squash(
        all_text(
            PdfReader(io.BytesIO(clinic.handouts.produce(patient.id, template, request, ma, "pdf")))
        )
    )
    assert f"Nota de su profesional de salud: {note}" in text
    # The note follows the table: the table itself still has no flag word.
    part = text[text.index(VITALS_HEADING["es"]) : text.index("Nota de su profesional")]
    assert FLAG_WORDS.findall(part) == []


@pytest.mark.slow
def test_preview_images_come_from_the_same_code_as_the_print(tmp_path: Path) -> None:
    """The documentation's previews are drawn by the script through request_for and preview; a
    real print of the same patient, template and fields is the same PDF, byte for byte."""
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "previews"
    made = subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "render-handout-previews.py"),
            "--pdf",
            "--only",
            "bp-home-monitoring",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "bp-home-monitoring.en.pdf",
        "bp-home-monitoring.es.pdf",
    ]
    with open_sample_clinic(tmp_path / "clinic") as sample:
        for language in ("en", "es"):
            template = sample.clinic.handouts.template("bp-home-monitoring", language)
            request = sample.request(template)
            printed = sample.clinic.handouts.produce(
                sample.patient_ids[language], template, request, sample.staff, "print"
            )
            assert (out / f"bp-home-monitoring.{language}.pdf").read_bytes() == printed
