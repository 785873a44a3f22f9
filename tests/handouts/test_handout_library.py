"""Loading templates: the clinic's folder on top of the shipped ones, and bad files reported with
their file and line instead of stopping the app."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from vitalsdesk.handouts.library import TemplateError, clinic_handouts_dir, load_library

GOOD = """\
# A clinic's own handout.
id = "{id}"
language = "{language}"
title = "{title}"
version = "clinic-1"

call_us_if = [
    "You have questions.",
]
emergency_if = ["You have trouble breathing."]

[[fields]]
name = "dry_days"
label = "Days to keep it dry"
kind = "number"
default = 2

[[sections]]
heading = "First"
paragraphs = ["Keep it dry for {{dry_days}} days."]

[[sections]]
heading = "Second"
bullets = [
    "One.",
    "Two.",
]
"""


def good(template_id: str = "flu-clinic", language: str = "en", title: str = "Flu clinic") -> str:
    return GOOD.format(id=template_id, language=language, title=title)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle (to keep the tests honest when GOOD
    changes)."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def load_one(tmp_path: Path, name: str, text: str | bytes) -> tuple[list[TemplateError], Path]:
    folder = tmp_path / "handouts"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    library = load_library(folder)
    return library.errors, path


def only_error(errors: list[TemplateError], path: Path) -> TemplateError:
    assert len(errors) == 1, errors
    assert errors[0].file == str(path)
    return errors[0]


def test_clinic_file_replaces_the_shipped_one_and_new_ids_are_added(tmp_path: Path) -> None:
    folder = clinic_handouts_dir(tmp_path)
    folder.mkdir()
    (folder / "wound-care.en.toml").write_text(
        good("wound-care", "en", "Riverside wound care"), encoding="utf-8"
    )
    (folder / "flu-clinic.es.toml").write_text(
        good("flu-clinic", "es", "Clínica de la gripe"), encoding="utf-8"
    )
    (folder / "README.md").write_text("Not a template.", encoding="utf-8")
    (folder / ".#wound-care.en.toml").write_text("editor lock file", encoding="utf-8")

    library = load_library(folder)

    assert library.errors == []
    replaced = library.get("wound-care", "en")
    assert replaced is not None and replaced.title == "Riverside wound care"
    entry = library.entries[("wound-care", "en")]
    assert entry.origin == "clinic" and entry.file == str(folder / "wound-care.en.toml")
    shipped_es = library.entries[("wound-care", "es")]
    assert shipped_es.origin == "shipped"
    assert library.languages("flu-clinic") == ["es"]
    assert len(library.list()) == 21


def test_no_clinic_folder_is_not_an_error(tmp_path: Path) -> None:
    library = load_library(tmp_path / "does-not-exist")
    assert library.errors == []
    assert len(library.list()) == 20


def test_bad_toml_names_file_and_line(tmp_path: Path) -> None:
    text = good().replace('title = "Flu clinic"', 'title = "Flu clinic')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "title =")
    assert "not valid TOML" in error.message
    assert str(error).startswith(f"{path}:{error.line}: ")


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    text = good().replace('bullets = [\n    "One."', 'bulets = [\n    "One."')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "bulets =")
    assert "unknown key 'bulets'" in error.message


def test_undeclared_field_names_its_line(tmp_path: Path) -> None:
    text = good().replace('"Two."', '"Come back on {removal_date}."')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "{removal_date}")
    assert "{removal_date}" in error.message and "not declared" in error.message


def test_stray_brace_names_its_line(tmp_path: Path) -> None:
    text = good().replace('"One."', '"Keep it dry for {dry days}."')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "{dry days}")
    assert "not a field reference" in error.message


def test_missing_required_list_is_reported(tmp_path: Path) -> None:
    text = good().replace('emergency_if = ["You have trouble breathing."]\n', "")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == 1
    assert "emergency_if is required" in error.message


def test_section_without_heading_points_at_the_section(tmp_path: Path) -> None:
    text = good().replace('heading = "Second"\n', "")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    second_section = [i for i, line in enumerate(text.splitlines(), 1) if line == "[[sections]]"][1]
    assert error.line == second_section
    assert "sections[1].heading is required" in error.message


def test_empty_list_item_points_at_the_item(tmp_path: Path) -> None:
    text = good().replace('    "Two.",\n', '    "",\n')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, '    "",')
    assert error.message.startswith("sections[1].bullets[1]:")


def test_field_default_that_does_not_fit_its_kind(tmp_path: Path) -> None:
    text = good().replace('kind = "number"\ndefault = 2', 'kind = "date"\ndefault = "tomorrow"')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "[[fields]]")
    assert "not a date" in error.message


@pytest.mark.parametrize("default", ["true", "false"])
def test_field_default_that_is_true_or_false_is_refused(tmp_path: Path, default: str) -> None:
    # It was stored as "1" or "0" (a number field printed it), though the model meant to refuse it.
    text = good().replace("default = 2", f"default = {default}")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "default =")
    assert "not true/false" in error.message


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('kind = "number"\ndefault = 2', "2"),
        ('kind = "number"\ndefault = 2.5', "2.5"),
        ('kind = "text"\ndefault = " at home "', "at home"),
        ('kind = "text"\ndefault = " "', None),
        ('kind = "date"\ndefault = 2026-12-01', "2026-12-01"),
        ('kind = "date"\ndefault = 2026-12-01T00:00:00', "2026-12-01"),
    ],
)
def test_field_default_is_kept_as_the_text_the_blank_starts_with(
    tmp_path: Path, lines: str, expected: str | None
) -> None:
    # TOML hands numbers and dates over as such; the blank on the form starts with their text.
    text = good().replace('kind = "number"\ndefault = 2', lines)
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    assert errors == []
    template = load_library(path.parent).get("flu-clinic", "en")
    assert template is not None and template.fields[0].default == expected


@pytest.mark.parametrize("value", ["2026-12-01T08:30:00", "08:30:00", "[1]", "{ days = 2 }"])
def test_field_default_of_another_kind_is_refused(tmp_path: Path, value: str) -> None:
    # One error that says what a default may be (it was four, one per type tried).
    text = good().replace('kind = "number"\ndefault = 2', f'kind = "date"\ndefault = {value}')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "default =")
    assert "a default is text, a number or a date" in error.message, error.message


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    errors, path = load_one(tmp_path, "flu-clinic.es.toml", good())
    error = only_error(errors, path)
    assert error.line == line_of(good(), "language =")
    assert "file name says 'es'" in error.message


def test_file_name_without_language_is_reported(tmp_path: Path) -> None:
    errors, path = load_one(tmp_path, "flu-clinic.toml", good())
    assert "<id>.<language>.toml" in only_error(errors, path).message


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    raw = good().replace("Flu clinic", "Cl\xednica").encode("latin-1")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", raw)
    error = only_error(errors, path)
    assert error.line == line_of(good(), "title =")
    assert "UTF-8" in error.message


def test_bad_clinic_copy_keeps_the_shipped_template(tmp_path: Path) -> None:
    errors, path = load_one(tmp_path, "wound-care.en.toml", "id = \n")
    library = load_library(path.parent)
    assert len(errors) == 1
    entry = library.entries[("wound-care", "en")]
    assert entry.origin == "shipped"


def test_every_problem_in_a_file_is_listed(tmp_path: Path) -> None:
    text = (
        good()
        .replace('version = "clinic-1"', 'versoin = "clinic-1"')
        .replace('heading = "Second"\n', "")
    )
    errors, _ = load_one(tmp_path, "flu-clinic.en.toml", text)
    messages = {e.message for e in errors}
    assert "unknown key 'versoin'" in messages
    assert "version is required but missing" in messages
    assert "sections[1].heading is required but missing" in messages


def test_listing_templates_does_not_import_reportlab() -> None:
    """The template picker and `handout --list` must not pay for ReportLab."""
    code = (
        "import sys\n"
        "from vitalsdesk.handouts.library import load_library\n"
        "import vitalsdesk.handouts.request\n"
        "assert len(load_library(None).list()) == 20\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PySide6'))\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_huge_clinic_template_is_refused_with_its_file_name(tmp_path: Path) -> None:
    """A 10 MB paragraph is refused before it is parsed, and so never drawn (it would take
    ReportLab minutes); the rest of the library loads."""
    text = good().replace('"One."', '"' + "word " * (2 * 1024 * 1024) + '"')
    assert len(text.encode()) > 10 * 1024 * 1024
    start = time.perf_counter()
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    assert time.perf_counter() - start < 5
    error = only_error(errors, path)
    assert "too large (10.0 MB)" in error.message and "at most 64 KB" in error.message
    assert str(error).startswith(f"{path}: ")
    assert len(load_library(path.parent).list()) == 20  # the shipped ones are all there


def test_a_long_paragraph_in_a_small_file_names_its_line(tmp_path: Path) -> None:
    text = good().replace('"One."', '"' + "word " * 2000 + '"')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "word word")
    assert "at most 1500 characters" in error.message


@pytest.mark.parametrize("depth", [40, 20_000])
def test_deeply_nested_toml_is_a_clear_error_naming_the_file(tmp_path: Path, depth: int) -> None:
    """40 levels parse but are no handout; 20 000 levels exhaust the TOML parser's recursion.
    Either way the file is named and the app goes on."""
    text = good() + f"notes = {'[' * depth}{']' * depth}\n"
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert "nested too deeply" in error.message
    assert str(error).startswith(f"{path}: ")


def test_number_field_bounds_are_checked_when_the_template_loads(tmp_path: Path) -> None:
    text = good().replace("default = 2", "default = 40\nminimum = 1\nmaximum = 30")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, "[[fields]]")
    assert "'40': more than 30, the most this field takes" in error.message
    text = good().replace("default = 2", "minimum = 10\nmaximum = 3")
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    assert "minimum 10 is more than maximum 3" in only_error(errors, path).message
    text = good().replace('kind = "number"\ndefault = 2', 'kind = "text"\nmaximum = 3')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    assert 'for kind = "number" fields only' in only_error(errors, path).message


def test_conditions_must_name_declared_fields(tmp_path: Path) -> None:
    text = good().replace('heading = "Second"', 'heading = "Second"\nonly_if = "stitches"')
    errors, path = load_one(tmp_path, "flu-clinic.en.toml", text)
    error = only_error(errors, path)
    assert error.line == line_of(text, 'only_if = "stitches"')
    assert "sections[1].only_if names stitches, which is not declared" in error.message
