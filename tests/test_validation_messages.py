"""pydantic's errors in plain lines, the same from every door; a screen may name the fields."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from vitalsdesk.validation_messages import describe, problem_lines


class _Visit(BaseModel):
    mrn: str = Field(min_length=1, pattern=r"^[A-Za-z0-9\-]+$")
    day: date

    @field_validator("day")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > date(2030, 1, 1):
            raise ValueError("the day is in the future")
        return value


def _error(**values: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _Visit.model_validate(values)
    return caught.value


def test_each_problem_is_its_field_then_the_message() -> None:
    exc = _error(mrn="", day="2031-05-01")
    assert problem_lines(exc) == [
        "mrn: String should have at least 1 character",
        "day: the day is in the future",  # pydantic's "Value error, " prefix is dropped
    ]
    assert describe(exc) == (
        "mrn: String should have at least 1 character; day: the day is in the future"
    )


def test_a_screen_gives_its_own_field_names_and_words() -> None:
    exc = _error(mrn="MRN 1", day="2031-05-01")
    names = {"mrn": "MRN", "day": "Visit date"}
    wording = {"string_pattern_mismatch": "letters, digits and dashes only"}
    assert describe(exc, names=names, wording=wording) == (
        "MRN: letters, digits and dashes only; Visit date: the day is in the future"
    )
