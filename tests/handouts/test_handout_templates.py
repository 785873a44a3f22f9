"""The shipped template library: complete, consistent across languages, plain, never diagnostic."""

from __future__ import annotations

import re

import pytest

from vitalsdesk.handouts.library import HandoutLibrary
from vitalsdesk.handouts.model import HandoutTemplate, field_references

TEMPLATE_IDS = {
    "wound-care",
    "suture-removal",
    "immunization",
    "blood-draw",
    "bp-home-monitoring",
    "fever-adult",
    "fever-child",
    "after-test",
    "visit-summary",
}
LANGUAGES = ("en", "es")

# Words that would turn a handout into a diagnosis (DESIGN.md: an MA never diagnoses).
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
    assert [e.language for e in entries] == ["es"] * 9 + ["en"] * 9
    assert all(e.title for e in entries)


@pytest.mark.parametrize("template_id", sorted(TEMPLATE_IDS))
def test_languages_offer_the_same_fields(shipped: HandoutLibrary, template_id: str) -> None:
    """The GUI fills one form whatever the language: names, kinds and required must agree."""
    en = shipped.get(template_id, "en")
    es = shipped.get(template_id, "es")
    assert en is not None and es is not None
    shape = [(f.name, f.kind, f.required, f.default is None) for f in en.fields]
    assert shape == [(f.name, f.kind, f.required, f.default is None) for f in es.fields]
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


def test_blood_pressure_log_has_the_columns_to_fill_in(shipped: HandoutLibrary) -> None:
    template = shipped.get("bp-home-monitoring", "en")
    assert template is not None
    tables = [s.table for s in template.sections if s.table]
    assert len(tables) == 1
    assert tables[0].columns == ["Date", "Time", "Top number", "Bottom number", "Pulse"]
    assert tables[0].rows == 7
    assert any("heart.org" in (s.url or "") for s in template.sources)


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
