"""pydantic's validation errors as the plain lines a screen, a command or a report shows.

One place, so every door words a bad field the same way: "birth_date: Input should be ...".
A screen may give its own names for the fields ("Birth date") and its own words for a kind of
error ("required" for an empty text). Pure (pydantic only), so every layer may use it."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError


def problem_lines(
    exc: ValidationError,
    *,
    names: Mapping[str, str] | None = None,
    wording: Mapping[str, str] | None = None,
) -> list[str]:
    """One line per problem: the field's dotted path (when there is one), then the message.

    `names` replaces the path's first part (the field) by the name the user sees; `wording`
    replaces pydantic's message for an error type (its "type", like "string_too_short")."""
    lines = []
    for error in exc.errors(include_url=False):
        parts = [str(part) for part in error["loc"]]
        if parts and names:
            parts[0] = names.get(parts[0], parts[0])
        where = ".".join(parts)
        message = (wording or {}).get(error["type"]) or str(error["msg"]).removeprefix(
            "Value error, "
        )
        lines.append(f"{where}: {message}" if where else message)
    return lines


def describe(
    exc: ValidationError,
    *,
    names: Mapping[str, str] | None = None,
    wording: Mapping[str, str] | None = None,
) -> str:
    """Every problem on one line, separated by "; "."""
    return "; ".join(problem_lines(exc, names=names, wording=wording))
