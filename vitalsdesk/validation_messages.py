"""pydantic's validation errors as the plain lines a screen, a command or a report shows.

One place, so every door words a bad field the same way: "birth_date: Input should be ...".
Pure (pydantic only), so every layer may use it."""

from __future__ import annotations

from pydantic import ValidationError


def problem_lines(exc: ValidationError) -> list[str]:
    """One line per problem: the field's dotted path (when there is one), then the message."""
    lines = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return lines


def describe(exc: ValidationError) -> str:
    """Every problem on one line, separated by "; "."""
    return "; ".join(problem_lines(exc))
