"""Template text marks and the TOML line finder, on their own."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vitalsdesk.handouts.library import TomlIndex
from vitalsdesk.handouts.model import Labels, TextPart, field_references, parse_text


def test_parse_text_splits_fields_from_words() -> None:
    assert parse_text("Keep it dry for {dry_days} days.") == [
        TextPart(text="Keep it dry for "),
        TextPart(field="dry_days"),
        TextPart(text=" days."),
    ]
    assert parse_text("{visit_reason}") == [TextPart(field="visit_reason")]
    assert parse_text("{a}{b}") == [TextPart(field="a"), TextPart(field="b")]
    assert parse_text("Braces: {{x}} and }}") == [TextPart(text="Braces: {x} and }")]
    assert field_references("**{a}** then {b_2}") == ["a", "b_2"]


@pytest.mark.parametrize("text", ["{dry days}", "{Dry}", "{}", "open { brace", "close } brace"])
def test_parse_text_refuses_stray_braces(text: str) -> None:
    with pytest.raises(ValueError, match="not a field reference"):
        parse_text(text)


def test_labels_need_their_placeholders() -> None:
    with pytest.raises(ValidationError, match=r"\{pages\}"):
        Labels(page="Page {page}")
    with pytest.raises(ValidationError, match=r"\{year\}"):
        Labels(date_format="{day} {month}")
    assert Labels(page="Seite {page} von {pages}").page == "Seite {page} von {pages}"


TEXT = """\
id = "x"  # comment with [[brackets]]
notes = '''
key = "inside a multi-line string"
'''

[[sections]]
heading = "A"
bullets = ["one", "two, with a comma", 'three']

[[sections]]
heading = "B"
bullets = [
    "first",   # a comment, "quoted"
    "second",
    \"\"\"third
spans lines\"\"\",
]
table = { columns = ["Date", "Time"], rows = 7 }

[[fields]]
name = "f"
"""


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("id",), 1),
        (("key",), 1),  # only in a string: not found, line 1
        (("sections", 0), 6),
        (("sections", 0, "bullets", 2), 8),
        (("sections", 1, "heading"), 11),
        (("sections", 1, "bullets", 0), 13),
        (("sections", 1, "bullets", 1), 14),
        (("sections", 1, "bullets", 2), 15),
        (("sections", 1, "table", "rows"), 18),
        (("sections", 1, "missing_key"), 10),
        (("fields", 0, "name"), 21),
        (("fields", 3), 1),
    ],
)
def test_toml_index_finds_lines(loc: tuple[str | int, ...], line: int) -> None:
    assert TomlIndex(TEXT).line_of(loc) == line


def test_the_time_label_needs_its_placeholders() -> None:
    with pytest.raises(ValidationError, match=r"\{time\}"):
        Labels(vitals_taken="Taken on {date}.")
    assert (
        Labels(vitals_taken="Pris à {time} le {date}.").vitals_taken == "Pris à {time} le {date}."
    )


def test_times_print_on_a_12_hour_clock() -> None:
    from datetime import date, time

    from vitalsdesk.handouts.labels import ENGLISH, SPANISH

    assert ENGLISH.taken_at(time(0, 5), date(2026, 1, 2)) == "Taken at 12:05 AM on January 2, 2026."
    assert ENGLISH.format_time(time(12, 0)) == "12:00 PM"
    assert ENGLISH.format_time(time(23, 59)) == "11:59 PM"
    assert SPANISH.taken_at(time(14, 30), date(2026, 1, 2)) == (
        "Se tomaron a las 2:30 p. m. del 2 de enero de 2026."
    )
