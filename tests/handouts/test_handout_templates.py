"""The shipped template library: complete, consistent across languages, plain, never diagnostic."""

from __future__ import annotations

import re

import pytest

from tests.test_docs import NOTES_OUTSIDE_THE_REPO
from vitalsdesk.handouts.library import HandoutLibrary
from vitalsdesk.handouts.model import HandoutTemplate, field_references

TEMPLATE_IDS = {
    "wound-care",
    "suture-removal",
    "immunization",
    "immunization-child",
    "blood-draw",
    "bp-home-monitoring",
    "fever-adult",
    "fever-child",
    "after-test",
    "visit-summary",
}
LANGUAGES = ("en", "es")

# Words that would turn a handout into a diagnosis (an MA never diagnoses: docs/clinical-basis.md,
# decisions 6 and 18).
DIAGNOSIS_WORDS = re.compile(
    r"hypertensi|hypotensi|tachycardi|bradycardi|obes|diabet|pneumoni|infection|diagnos"
    r"|hipertensi|hipotensi|taquicardi|bradicardi|obesidad|neumon|infecci|diagnóst",
    re.IGNORECASE,
)


def test_every_template_ships_in_english_and_spanish(shipped: HandoutLibrary) -> None:
    assert shipped.errors == []
    assert {e.id for e in shipped.list()} == TEMPLATE_IDS
    for template_id in TEMPLATE_IDS:
        assert shipped.languages(template_id) == ["en", "es"]
    assert all(e.origin == "shipped" for e in shipped.list())


def test_list_puts_the_preferred_language_first(shipped: HandoutLibrary) -> None:
    entries = shipped.list(prefer_language="es")
    count = len(TEMPLATE_IDS)
    assert [e.language for e in entries] == ["es"] * count + ["en"] * count
    assert all(e.title for e in entries)


@pytest.mark.parametrize("template_id", sorted(TEMPLATE_IDS))
def test_languages_offer_the_same_fields(shipped: HandoutLibrary, template_id: str) -> None:
    """The GUI fills one form whatever the language: names, kinds and required must agree."""
    en = shipped.get(template_id, "en")
    es = shipped.get(template_id, "es")
    assert en is not None and es is not None

    def shape(t: HandoutTemplate) -> list[tuple[object, ...]]:
        return [
            (f.name, f.kind, f.required, f.required_if, f.default is None, f.minimum, f.maximum)
            for f in t.fields
        ]

    assert shape(en) == shape(es)
    assert [s.only_if for s in en.sections] == [s.only_if for s in es.sections]
    used_en = {n for _, text in en.texts() for n in field_references(text)}
    used_es = {n for _, text in es.texts() for n in field_references(text)}
    assert used_en == used_es == {f.name for f in en.fields}
    assert en.version == es.version
    assert [s.table is not None for s in en.sections] == [s.table is not None for s in es.sections]


def _all_templates(shipped: HandoutLibrary) -> list[HandoutTemplate]:
    return [t for t in shipped.templates.values()]


def test_no_template_states_a_diagnosis(shipped: HandoutLibrary) -> None:
    for template in _all_templates(shipped):
        for where, text in template.texts():
            assert not DIAGNOSIS_WORDS.search(text), f"{template.id}.{template.language} {where}"


def test_every_template_names_its_sources(shipped: HandoutLibrary) -> None:
    for template in _all_templates(shipped):
        assert template.sources, f"{template.id}.{template.language} has no sources"
        assert template.call_us_if and template.emergency_if


def test_spanish_templates_are_written_with_their_accents(shipped: HandoutLibrary) -> None:
    for template in _all_templates(shipped):
        if template.language != "es":
            continue
        text = " ".join(text for _, text in template.texts())
        assert re.search(r"[áéíóúñ]", text), template.id
        # Spelled without accents, these are the usual slips of typing Spanish on a US keyboard.
        for bare in (" dias ", " mas ", " despues ", " telefono", " llamenos", "medicion"):
            assert bare not in f" {text.lower()} ", (template.id, bare)


def test_blood_pressure_log_is_long_enough_for_the_schedule(shipped: HandoutLibrary) -> None:
    """The sheet asks for readings morning and evening for up to days_to_log days: the log has a
    line for every one of those sessions, and the field cannot ask for more days than that."""
    for language in LANGUAGES:
        template = shipped.get("bp-home-monitoring", language)
        assert template is not None
        tables = [s.table for s in template.sections if s.table]
        assert len(tables) == 1
        days = template.field("days_to_log")
        assert days is not None and days.maximum is not None and days.kind == "number"
        sessions_a_day = 2  # "every morning ... and every evening"
        assert tables[0].rows >= sessions_a_day * int(days.maximum)
        assert len(tables[0].columns) >= 4  # date, time of day, and room for 2 or 3 readings
        assert any("heart.org" in (s.url or "") for s in template.sources)
        assert any("validatebp.org" in (s.url or "") for s in template.sources)


def test_blood_pressure_call_thresholds_are_the_clinicians(shipped: HandoutLibrary) -> None:
    """The numbers to call about are written by the clinician for this patient: required, no
    default, and bounded so a slip ("1500") cannot print."""
    for language in LANGUAGES:
        template = shipped.get("bp-home-monitoring", language)
        assert template is not None
        for name in ("call_top", "call_bottom"):
            spec = template.field(name)
            assert spec is not None and spec.required and spec.default is None
            assert spec.kind == "number" and spec.minimum is not None and spec.maximum is not None


def test_blood_pressure_crisis_wording_follows_the_aha(shipped: HandoutLibrary) -> None:
    """AHA: 180/120 or greater; wait 1 to 2 minutes and measure again; call 911 with symptoms."""
    template = shipped.get("bp-home-monitoring", "en")
    assert template is not None
    text = " ".join(t for _, t in template.texts())
    assert "180 or higher" in text and "120 or higher" in text
    assert "higher than 180" not in text  # the old "> 180" wording
    assert "Wait 1 to 2 minutes" in text and "5 minutes and measure again" not in text
    for symptom in ("chest pain", "shortness of breath", "back pain", "numbness", "weakness"):
        assert symptom in " ".join(template.emergency_if)
    es = shipped.get("bp-home-monitoring", "es")
    assert es is not None
    assert "mientras el aparato mide" in " ".join(t for _, t in es.texts())


def test_wound_care_needs_a_removal_date_once_stitches_are_named(shipped: HandoutLibrary) -> None:
    for language in LANGUAGES:
        template = shipped.get("wound-care", language)
        assert template is not None
        removal = template.field("removal_date")
        assert removal is not None and removal.required_if == "closure"
        assert any(s.only_if == "closure" for s in template.sections)


def test_fever_child_content_follows_the_aap(shipped: HandoutLibrary) -> None:
    en = shipped.get("fever-child", "en")
    es = shipped.get("fever-child", "es")
    assert en is not None and es is not None
    text = " ".join(t for _, t in en.texts())
    assert "102.2" not in text  # not on the AAP page it was credited to: dropped
    calls = " ".join(en.call_us_if)
    for words in ("immune system", "heart problem", "very hot place"):
        assert words in calls
    assert "only breast milk or formula" in text and "Do not give them water" in text
    assert "breast milk, formula, or water" not in text
    es_text = " ".join(t for _, t in es.texts())
    assert "Cómo se ve y cómo actúa su hijo" in es_text and "se porta" not in es_text


def test_fever_adult_names_who_should_call_at_once(shipped: HandoutLibrary) -> None:
    en = shipped.get("fever-adult", "en")
    assert en is not None
    calls = " ".join(en.call_us_if)
    for words in ("pregnant", "weak immune system", "65 or older"):
        assert words in calls


def test_immunization_sheets_cover_fainting_late_reactions_and_children(
    shipped: HandoutLibrary,
) -> None:
    for template_id in ("immunization", "immunization-child"):
        for language in LANGUAGES:
            template = shipped.get(template_id, language)
            assert template is not None
            text = " ".join(t for _, t in template.texts())
            assert "15 minut" in text  # the 15-minute wait for fainting
            assert ("1 to 2 weeks" in text) or ("1 o 2 semanas" in text)  # MMR, chickenpox
    child = shipped.get("immunization-child", "en")
    adult = shipped.get("immunization", "en")
    assert child is not None and adult is not None
    child_text = " ".join(t for _, t in child.texts())
    assert "thigh" in child_text and "use your arm" not in child_text
    assert "Move and use your arm" in " ".join(t for _, t in adult.texts())
    assert "muslo" in " ".join(
        t for _, t in shipped.templates[("immunization-child", "es")].texts()
    )


def test_blood_draw_says_keep_the_elbow_straight_and_press_longer(shipped: HandoutLibrary) -> None:
    template = shipped.get("blood-draw", "en")
    assert template is not None
    text = " ".join(t for _, t in template.texts())
    assert "Do not bend your elbow tightly" in text
    assert "thins your blood, press longer" in text


def test_spanish_wording_of_the_clinical_review(shipped: HandoutLibrary) -> None:
    after = shipped.get("after-test", "es")
    wound = shipped.get("wound-care", "es")
    assert after is not None and wound is not None
    after_text = " ".join(t for _, t in after.texts())
    assert "a más tardar el" in after_text and "resultados para el" not in after_text
    ointment = wound.field("ointment")
    assert ointment is not None and "si se la indicaron" in ointment.label
    for template in _all_templates(shipped):
        labels = " ".join(f.label for f in template.fields)
        assert "si aplica" not in labels, template.id


def test_emergency_lists_say_call_911_not_the_emergency_room(shipped: HandoutLibrary) -> None:
    """Chest pain and stroke signs are on these lists: the patient calls 911."""
    for template in _all_templates(shipped):
        for text in template.emergency_if + template.call_us_if:
            assert "emergency room" not in text.lower(), template.id
            assert "sala de emergencias" not in text.lower(), template.id


def test_sources_carry_the_title_of_the_page_they_point_at(shipped: HandoutLibrary) -> None:
    """A source's title and address are the same page (the CDC fever entry once named one page
    and linked another)."""
    for template in _all_templates(shipped):
        for source in template.sources:
            url = source.url or ""
            assert "quarantine/maritime" not in url, template.id
            if "port-health" in url:
                assert source.title.endswith(
                    "Definitions of Signs, Symptoms, and Conditions of Ill Travelers"
                )
            if "healthychildren.org" in url and "When-to-Call" in url:
                assert "When to Call the Pediatrician" in source.title
            assert not NOTES_OUTSIDE_THE_REPO.search(source.supports)  # no pointer outside the repo
        en = shipped.get(template.id, "en")
        assert en is not None
        assert [(s.title, s.url) for s in template.sources] == [
            (s.title, s.url) for s in en.sources
        ], template.id


def _syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


@pytest.mark.parametrize("template_id", sorted(TEMPLATE_IDS))
def test_english_text_reads_at_a_6th_grade_level(shipped: HandoutLibrary, template_id: str) -> None:
    """Flesch-Kincaid grade of the body text (headings and fields left out) at 6 or below."""
    template = shipped.get(template_id, "en")
    assert template is not None
    items = [
        re.sub(r"\{[a-z_]+\}", "it", text).replace("**", "")
        for where, text in template.texts()
        if "heading" not in where and "columns" not in where and where != "title"
    ]
    sentences = [s for item in items for s in re.split(r"[.!?:]\s+", item.rstrip(".")) if s]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", " ".join(items))
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59
    assert grade <= 6.0, f"{template_id}: grade {grade:.1f}"
