"""Rendered handouts read back with pypdf: the words, the sizes, the fonts, the page, the barcode."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.handouts.handout_pdf_tools import (
    Run,
    all_text,
    decode_code128,
    fonts,
    read_pdf,
    squash,
    text_runs,
)
from tests.handouts.samples import SAMPLE_PATIENTS, sample_request
from vitalsdesk.handouts.library import HandoutLibrary
from vitalsdesk.handouts.model import HandoutTemplate
from vitalsdesk.handouts.render import (
    HandoutError,
    HandoutFieldError,
    render_handout,
    render_handout_bytes,
)
from vitalsdesk.handouts.request import ClinicInfo, HandoutRequest, PatientInfo, VitalRow

ENTRIES = [
    (template_id, language)
    for template_id in sorted(
        [
            "after-test",
            "blood-draw",
            "bp-home-monitoring",
            "fever-adult",
            "fever-child",
            "immunization",
            "immunization-child",
            "suture-removal",
            "visit-summary",
            "wound-care",
        ]
    )
    for language in ("en", "es")
]
LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)


def template(shipped: HandoutLibrary, template_id: str, language: str) -> HandoutTemplate:
    found = shipped.get(template_id, language)
    assert found is not None
    return found


def request_for(t: HandoutTemplate, **changes: object) -> HandoutRequest:
    """The sample request with some parts replaced, validated like any caller's request."""
    return HandoutRequest.model_validate({**dict(sample_request(t)), **changes})


def page_size(reader: PdfReader, index: int = 0) -> tuple[float, float]:
    box = reader.pages[index].mediabox
    return (round(float(box.width), 2), round(float(box.height), 2))


@pytest.fixture(scope="module")
def rendered(shipped: HandoutLibrary) -> dict[tuple[str, str], tuple[HandoutTemplate, PdfReader]]:
    """Every shipped template in both languages, letter, normal print, rendered once."""
    out = {}
    for key in ENTRIES:
        t = template(shipped, *key)
        out[key] = (t, read_pdf(render_handout_bytes(t, sample_request(t))))
    return out


@pytest.mark.parametrize(("template_id", "language"), ENTRIES)
def test_every_template_renders_with_patient_title_and_vitals(
    rendered: dict[tuple[str, str], tuple[HandoutTemplate, PdfReader]],
    template_id: str,
    language: str,
) -> None:
    t, reader = rendered[(template_id, language)]
    text = all_text(reader)
    patient = SAMPLE_PATIENTS[language]
    assert f"{patient.family_name}, {patient.given_name}" in text
    assert squash(t.title) in text
    for value in ("148/92 mmHg", "98.6°F", "97%", "172 lb"):
        assert value in text
    if language == "en":
        assert "76 per minute" in text and "by mouth" in text and "on room air" in text
        assert "Taken at 10:42 AM on November 27, 2026." in text
    else:
        assert "76 por minuto" in text and "en la boca" in text and "con aire ambiente" in text
        assert "Se tomaron a las 10:42 a. m. del 27 de noviembre de 2026." in text
    for section in t.sections:
        assert squash(section.heading) in text
    pages = len(reader.pages)
    assert page_size(reader) == LETTER
    page_word = "Page" if language == "en" else "Página"
    of = "of" if language == "en" else "de"
    for number in range(1, pages + 1):
        assert f"{page_word} {number} {of} {pages}" in text
        assert decode_code128(reader.pages[number - 1], reader) == patient.mrn
    assert f"{patient.mrn}" in text


def test_english_sheet_prints_accented_names_and_fixed_labels(
    rendered: dict[tuple[str, str], tuple[HandoutTemplate, PdfReader]],
) -> None:
    _, reader = rendered[("wound-care", "en")]
    text = all_text(reader)
    assert "Nguyễn, Łukasz" in text
    for label in (
        "Date of birth: March 5, 1961",
        "Visit date: November 27, 2026",
        "Your vital signs today",
        "Call us if:",
        "Call 911 if:",
        "Clinician:",
        "Signature:",
        "Dr. Ana Quiñones, MD",
        "Phone: (217) 555-0134",
    ):
        assert label in text
    # The sample's blood pressure is flagged on the MA's screen; the sheet shows the value only.
    assert "148/92 mmHg" in text
    for flag in ("Above", "reference range", "tell the clinician", "emergency room"):
        assert flag not in text


def test_spanish_accents_come_back_out_of_the_pdf(
    rendered: dict[tuple[str, str], tuple[HandoutTemplate, PdfReader]],
) -> None:
    _, reader = rendered[("fever-adult", "es")]
    text = all_text(reader)
    for phrase in (
        "Peña Núñez, María José",
        "Cómo cuidar la fiebre en casa (adultos)",
        "¿Qué es la fiebre?",
        "Fecha de nacimiento: 22 de noviembre de 1987",
        "Fecha de la visita: 27 de noviembre de 2026",
        "Llámenos si:",
        "Llame al 911 si:",
        "acetaminofén",
        "Teléfono: (217) 555-0134",
        "Página 1 de",
    ):
        assert phrase in text
    _, reader = rendered[("fever-child", "es")]
    assert "síndrome de Reye" in all_text(reader)
    _, reader = rendered[("bp-home-monitoring", "es")]
    assert "número de arriba" in all_text(reader)
    assert "sala de emergencias" not in all_text(reader)


@pytest.mark.parametrize("key", [("wound-care", "en"), ("bp-home-monitoring", "es")])
def test_only_the_shipped_font_is_used_and_it_is_embedded(
    rendered: dict[tuple[str, str], tuple[HandoutTemplate, PdfReader]], key: tuple[str, str]
) -> None:
    found = fonts(rendered[key][1])
    assert {name.split("+", 1)[1] for name in found} == {"DejaVuSans", "DejaVuSans-Bold"}
    for facts in found.values():
        assert facts["embedded_truetype"], facts  # /FontFile2 in the font descriptor
        assert facts["to_unicode"], facts  # so the text can be searched and copied


def test_a4(shipped: HandoutLibrary) -> None:
    t = template(shipped, "immunization", "es")
    reader = read_pdf(render_handout_bytes(t, request_for(t, page_size="a4")))
    assert page_size(reader) == A4
    assert page_size(reader, len(reader.pages) - 1) == A4
    assert "Peña Núñez, María José" in all_text(reader)


def _body_runs(reader: PdfReader, t: HandoutTemplate) -> list[float]:
    """Sizes of the runs that are template text (sections and the two lists)."""
    body = squash(
        " ".join(
            text.replace("**", "")
            for where, text in t.texts()
            if where != "title" and not where.endswith(".heading")
        )
    )
    return [run.size for run in text_runs(reader) if len(run.text) > 3 and run.text in body]


def test_normal_print_body_size(shipped: HandoutLibrary) -> None:
    t = template(shipped, "wound-care", "en")
    sizes = _body_runs(read_pdf(render_handout_bytes(t, sample_request(t))), t)
    assert len(sizes) > 20
    assert all(10.5 <= size <= 13.5 for size in sizes), sorted(set(sizes))
    assert sorted(sizes)[len(sizes) // 2] in (11, 11.5, 12)


@pytest.mark.parametrize("key", [("wound-care", "en"), ("bp-home-monitoring", "es")])
def test_large_print_is_16_pt_or_more(shipped: HandoutLibrary, key: tuple[str, str]) -> None:
    t = template(shipped, *key)
    normal = read_pdf(render_handout_bytes(t, sample_request(t)))
    large = read_pdf(render_handout_bytes(t, sample_request(t, large_print=True)))
    sizes = _body_runs(large, t)
    assert len(sizes) > 20
    assert min(sizes) >= 16
    # Beyond the template text, everything but the page furniture (footer, the MRN under the
    # barcode, the name repeated at the top of later pages) is 16 pt or more too.
    patient = SAMPLE_PATIENTS[key[1]]

    def furniture(run: Run) -> bool:
        text = run.text
        if text.startswith(("Page ", "Página ", f"{t.id} · ")) or patient.mrn in text:
            return True
        repeated = (
            patient.family_name,
            squash(t.title),
            "Date of birth: ",
            "Fecha de nacimiento: ",
        )
        return run.page > 1 and any(r in text for r in repeated)

    small = [run for run in text_runs(large) if run.size < 16 and not furniture(run)]
    assert small == []
    assert len(large.pages) >= len(normal.pages)


def test_unfilled_fields_print_a_line_to_write_on(shipped: HandoutLibrary) -> None:
    t = template(shipped, "wound-care", "en")
    reader = read_pdf(render_handout_bytes(t, request_for(t, fields={})))
    text = all_text(reader)
    assert "if your care team told you to: ____" in text
    assert "for 2 days" in text  # the default
    assert "once a day" in text
    assert "Your stitches or staples" not in text  # none named: the part about them is left out


def test_filled_fields_print_their_values(shipped: HandoutLibrary) -> None:
    t = template(shipped, "wound-care", "es")
    fields = {
        "dry_days": "3",
        "closure": "3 puntos",
        "removal_date": date(2026, 12, 9),
        "ointment": "vaselina",
    }
    text = all_text(read_pdf(render_handout_bytes(t, request_for(t, fields=fields))))
    assert "durante 3 días" in text
    assert "Usted tiene: 3 puntos." in text
    assert "Regrese el 9 de diciembre de 2026" in text
    assert "pomada: vaselina" in text


def test_missing_required_fields_are_listed(shipped: HandoutLibrary) -> None:
    t = template(shipped, "immunization", "en")
    with pytest.raises(HandoutFieldError) as raised:
        render_handout_bytes(t, request_for(t, fields={"next_dose_date": "2027-01-01"}))
    assert isinstance(raised.value, ValueError)
    assert raised.value.missing == ["vaccines_given"]
    assert "vaccines_given (Vaccine(s) given today)" in str(raised.value)


def test_unknown_and_invalid_fields_are_listed_together(shipped: HandoutLibrary) -> None:
    t = template(shipped, "after-test", "en")
    fields = {"test_name": "ECG", "results_by": "next week", "dry_days": "2", "colour": "red"}
    with pytest.raises(HandoutFieldError) as raised:
        render_handout_bytes(t, request_for(t, fields=fields))
    error = raised.value
    assert error.unknown == ["colour", "dry_days"]
    assert error.invalid == [("results_by", "'next week' is not a date written as YYYY-MM-DD")]
    assert "fields this template does not have: colour, dry_days" in str(error)


def test_language_must_match_the_template(shipped: HandoutLibrary) -> None:
    t = template(shipped, "wound-care", "en")
    with pytest.raises(HandoutError, match="written in 'en'"):
        render_handout_bytes(t, request_for(t, language="es"))


def test_text_from_the_database_is_printed_not_interpreted(shipped: HandoutLibrary) -> None:
    t = template(shipped, "visit-summary", "en")
    request = request_for(
        t,
        clinic=ClinicInfo(name="Smith & Sons <Clinic>", phone="555-0100"),
        patient=PatientInfo(
            family_name="Pen\u0303a",  # "n" + combining tilde, as some keyboards type it
            given_name="Zoë <b>",
            birth_date=date(2001, 2, 3),
            mrn="A-77/3",
        ),
        vitals=[VitalRow(label="Pain", value="3 /10")],
        fields={"visit_reason": "Rash & itching **not bold** {x}"},
    )
    reader = read_pdf(render_handout_bytes(t, request))
    text = all_text(reader)
    assert "Smith & Sons <Clinic>" in text
    assert "Peña, Zoë <b>" in text
    assert "Rash & itching **not bold** {x}" in text
    assert decode_code128(reader.pages[0], reader) == "A-77/3"


def test_no_vitals_says_so(shipped: HandoutLibrary) -> None:
    t = template(shipped, "blood-draw", "es")
    text = all_text(read_pdf(render_handout_bytes(t, request_for(t, vitals=[]))))
    assert "No se tomaron signos vitales en esta visita." in text


def test_later_pages_repeat_who_the_sheet_is_for(shipped: HandoutLibrary) -> None:
    t = template(shipped, "fever-child", "en")
    reader = read_pdf(render_handout_bytes(t, sample_request(t, large_print=True)))
    assert len(reader.pages) >= 2
    last = squash(reader.pages[-1].extract_text())
    assert "Nguyễn, Łukasz" in last
    assert "Date of birth: March 5, 1961" in last
    assert decode_code128(reader.pages[-1], reader) == "MRN0048213"


def test_render_to_a_path_and_to_a_stream(shipped: HandoutLibrary, tmp_path: Path) -> None:
    t = template(shipped, "blood-draw", "en")
    out = tmp_path / "handout.pdf"
    render_handout(t, sample_request(t), out)
    stream = io.BytesIO()
    render_handout(t, sample_request(t), stream)
    assert out.read_bytes() == stream.getvalue()  # invariant output: same input, same bytes
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_a_refused_handout_writes_no_file(shipped: HandoutLibrary, tmp_path: Path) -> None:
    t = template(shipped, "immunization", "en")
    with pytest.raises(HandoutFieldError):
        render_handout(t, request_for(t, fields={}), tmp_path / "handout.pdf")
    assert list(tmp_path.iterdir()) == []


def test_rendering_leaves_no_temporary_files(tmp_path: Path) -> None:
    """Fresh process (fonts registered from scratch), TMPDIR pointed at an empty folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    code = (
        "from vitalsdesk.handouts.library import load_library\n"
        "from vitalsdesk.handouts.render import render_handout_bytes\n"
        "from tests.handouts.samples import sample_request\n"
        "lib = load_library(None)\n"
        "for key in (('wound-care', 'en'), ('fever-child', 'es')):\n"
        "    t = lib.get(*key)\n"
        "    assert render_handout_bytes(t, sample_request(t, large_print=True))[:5] == b'%PDF-'\n"
    )
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])  # the checkout, for tests.*
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_free_text_fields_get_ruled_lines_or_the_clinicians_words(shipped: HandoutLibrary) -> None:
    t = template(shipped, "visit-summary", "en")
    fields = {"visit_reason": "Cough for two weeks."}
    reader = read_pdf(render_handout_bytes(t, request_for(t, fields=fields)))
    text = all_text(reader)
    between = text.split("What we did today", 1)[1].split("What to do next", 1)[0]
    assert "_" not in between  # ruled lines to write on, not a short blank
    assert "Your next visit is on ____" in text  # a blank inside a sentence stays a blank
    runs = {run.text: run.font for run in text_runs(reader)}
    assert runs["Cough for two weeks."] == "DejaVuSans"  # a paragraph of its own: regular weight
    t = template(shipped, "wound-care", "en")
    runs = {
        run.text: run.font for run in text_runs(read_pdf(render_handout_bytes(t, request_for(t))))
    }
    assert runs["petroleum jelly"] == "DejaVuSans-Bold"  # filled into a sentence: bold


def test_a_clinic_template_in_another_language_brings_its_own_labels(tmp_path: Path) -> None:
    from vitalsdesk.handouts.library import load_library

    folder = tmp_path / "handouts"
    folder.mkdir()
    (folder / "apres-vaccin.fr.toml").write_text(
        """\
id = "apres-vaccin"
language = "fr"
title = "Après votre vaccin"
version = "1"
call_us_if = ["Vous avez des questions."]
emergency_if = ["Vous avez du mal à respirer."]

[[sections]]
heading = "Réactions fréquentes"
bullets = ["Bras douloureux."]

[labels]
call_us = "Appelez-nous si"
emergency = "Allez aux urgences ou appelez le 911 si"
date_of_birth = "Date de naissance"
page = "Page {page} sur {pages}"
months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
date_format = "{day} {month} {year}"
""",
        encoding="utf-8",
    )
    library = load_library(folder)
    assert library.errors == []
    t = library.get("apres-vaccin", "fr")
    assert t is not None
    text = all_text(read_pdf(render_handout_bytes(t, sample_request(t))))
    assert "Appelez-nous si:" in text
    assert "Allez aux urgences ou appelez le 911 si:" in text
    assert "Date de naissance: 5 mars 1961" in text
    assert "Page 1 sur 1" in text
    assert "Visit date: 27 novembre 2026" in text  # a label it leaves out: English


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("400", "'400' is more than 14, the most this field takes"),
        ("-3", "'-3' is less than 0, the least this field takes"),
        ("1e9", "'1e9' is not a plain number: write it with digits, like 3 or 2.5"),
        ("1_000", "'1_000' is not a plain number"),
        ("Infinity", "'Infinity' is not a plain number"),
        ("9" * 5000, "is not a plain number"),
        ("two", "'two' is not a number"),
    ],
)
def test_number_fields_are_range_checked_with_a_clear_message(
    shipped: HandoutLibrary, value: str, problem: str
) -> None:
    """A slip of the keyboard is named, never printed as "come back in 1E+9 days"."""
    t = template(shipped, "wound-care", "en")
    with pytest.raises(HandoutFieldError) as raised:
        render_handout_bytes(t, request_for(t, fields={"dry_days": value}))
    [(name, message)] = raised.value.invalid
    assert name == "dry_days" and problem in message
    assert len(str(raised.value)) < 200  # a pasted page is quoted short


def test_the_largest_and_smallest_allowed_numbers_print(shipped: HandoutLibrary) -> None:
    t = template(shipped, "blood-draw", "en")
    for value in ("1", "60"):
        text = all_text(
            read_pdf(render_handout_bytes(t, request_for(t, fields={"results_days": value})))
        )
        assert f"in about {value} days" in text


def test_a_text_field_is_length_bounded(shipped: HandoutLibrary) -> None:
    t = template(shipped, "visit-summary", "en")
    with pytest.raises(HandoutFieldError) as raised:
        render_handout_bytes(t, request_for(t, fields={"next_steps": "x" * 20_000}))
    assert raised.value.invalid == [
        ("next_steps", f"'{'x' * 40}…' is too long: 20000 characters, at most 1000")
    ]


def test_a_removal_date_is_required_once_stitches_are_named(shipped: HandoutLibrary) -> None:
    t = template(shipped, "wound-care", "en")
    with pytest.raises(HandoutFieldError) as raised:
        render_handout_bytes(t, request_for(t, fields={"closure": "4 stitches"}))
    assert raised.value.missing == ["removal_date"]
    # No stitches named: no date needed, and no part about stitches on the sheet.
    text = all_text(read_pdf(render_handout_bytes(t, request_for(t, fields={}))))
    assert "stitches or staples" not in text.split("Call us if")[0]


def test_the_clinicians_note_is_printed_as_theirs(shipped: HandoutLibrary) -> None:
    for language, label in (
        ("en", "Note from your clinician:"),
        ("es", "Nota de su profesional de salud:"),
    ):
        t = template(shipped, "visit-summary", language)
        note = "Your blood pressure is higher than we want. Check it at home for a week."
        text = all_text(read_pdf(render_handout_bytes(t, sample_request(t, clinician_note=note))))
        assert f"{label} {note}" in text
    t = template(shipped, "visit-summary", "en")
    assert "Note from your clinician" not in all_text(
        read_pdf(render_handout_bytes(t, sample_request(t)))
    )


def test_a_flag_cannot_be_handed_to_the_sheet() -> None:
    """The request has no place for a flag: a caller that tries is refused, not printed."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="flag"):
        # The field is gone on purpose: mypy refuses the call, and so must pydantic at run time.
        VitalRow(label="Blood pressure", value="190/125 mmHg", flag="Far above the usual range")  # type: ignore[call-arg]
