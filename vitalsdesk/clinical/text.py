"""What typed text may hold: names, reasons, notes and the blanks of a handout.

No control characters: a NUL cuts the text short in some programs and PostgreSQL refuses it, an
ESC can drive a terminal that shows a log or an export, and a tab or line break where one line is
meant breaks the columns of an export and the layout of a sheet. No bidirectional overrides or
isolates (U+202A to U+202E, U+2066 to U+2069): they make text read differently from what is
stored ("Trojan source"), so a name or a reason could show one thing and mean another. No lone
surrogates: they are not characters, and no database can store them.

Pure: the services, the handouts and the clinical models all check text through here."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# In text of several lines (a note), these are what an Enter key and a Tab key type.
MULTILINE_ALLOWED = frozenset("\n\r\t")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` may not be kept as typed, in words that follow the field's name (None: it may).

    multiline: line breaks and tabs are part of the text (a note), else one line is meant."""
    for char in text:
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if char in BIDI_CONTROLS:
            return (
                f"has a hidden character that turns the text around (U+{ord(char):04X}): "
                "type it again without pasting"
            )
        if char in LINE_BREAKS:
            return "must be on one line: take out the line break"
        if char == "\t":
            return "must not have a tab in it"
        category = unicodedata.category(char)
        if category == "Cc":
            return (
                f"has a hidden control character (U+{ord(char):04X}): type it again without pasting"
            )
        if category == "Cs":
            return "has a broken character in it: type it again without pasting"
    return None


def check_one_line(value: str) -> str:
    """A pydantic validator: `value` as it is, or the reason it may not be kept."""
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError("text", problem)
    return value


def check_lines(value: str) -> str:
    """As check_one_line, for text of several lines."""
    problem = text_problem(value, multiline=True)
    if problem is not None:
        raise PydanticCustomError("text", problem)
    return value


# Annotated types for pydantic models. A field with its own bounds lists them first, then the
# validator: Annotated[str, StringConstraints(max_length=300), AfterValidator(check_one_line)].
OneLine = Annotated[str, AfterValidator(check_one_line)]
Lines = Annotated[str, AfterValidator(check_lines)]
