"""The clinic's visit rules (resources/visits/visit-rules.toml, or the clinic's own copy in its
data folder): how long a visit stays open, when the "vital signs overdue" cue shows, and what a
full set is. Checked when loaded; a file that breaks a rule stops the clinic with its name."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vitalsdesk.clinical.measurements import MeasurementKey
from vitalsdesk.paths import DataFolder, resource
from vitalsdesk.settings import SettingsError
from vitalsdesk.validation_messages import describe


class VisitRulesError(SettingsError):
    """A SettingsError: every door that opens the clinic already says these in words."""


class VisitRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1, max_length=40)
    visit_ends_after_hours: int = Field(ge=1, le=24)
    vitals_overdue_after_hours: int = Field(ge=1, le=8760)
    full_set: tuple[str, ...] = Field(min_length=1)

    @field_validator("full_set")
    @classmethod
    def _known_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        known = {k.value for k in MeasurementKey}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(
                f"unknown measurement code(s) {', '.join(unknown)}; use {', '.join(sorted(known))}"
            )
        if len(set(codes)) != len(codes):
            raise ValueError("a measurement code is listed twice")
        return codes


def parse_visit_rules(text: str, source: str) -> VisitRules:
    try:
        return VisitRules.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise VisitRulesError(f"{source}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        raise VisitRulesError(f"{source}: {describe(exc)}") from None


@cache
def shipped_visit_rules() -> VisitRules:
    node = resource("visits", "visit-rules.toml")
    return parse_visit_rules(node.read_text(encoding="utf-8"), "shipped visits/visit-rules.toml")


def load_visit_rules(folder: Path | None = None) -> VisitRules:
    """The rules in force: the clinic's copy when there is one (an unreadable copy is an error,
    never a silent fall-back to the shipped rules), else the shipped file."""
    path = (DataFolder(folder) if folder is not None else DataFolder.default()).visit_rules
    if not path.exists():
        return shipped_visit_rules()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VisitRulesError(f"{path}: cannot be read: {exc}") from None
    return parse_visit_rules(text, str(path))
