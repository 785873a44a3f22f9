"""Words of the clinician view, the visit labels of the history and the MA's "last vital signs"
cue. Pure text from service models (no Qt), so the screens and their tests share one wording.

Category names, NEWS2 and percentiles are for clinicians only (the clinician view); the cue the
MA reads states facts (when, how long ago) and never interprets a value.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from vitalsdesk.presentation.display import datetime_text, time_text

if TYPE_CHECKING:  # the services' models, for the annotations only
    from vitalsdesk.clinical.news2 import News2
    from vitalsdesk.services.acknowledgements import Acknowledgement
    from vitalsdesk.services.schemas import GrowthOut, VitalSignSetOut
    from vitalsdesk.services.visits import VisitOut, VitalsCue

BP_CATEGORY = {
    "normal": "Normal",
    "elevated": "Elevated",
    "stage-1": "Stage 1 hypertension",
    "stage-2": "Stage 2 hypertension",
    "crisis": "Hypertensive crisis",
}
BMI_CATEGORY = {
    "underweight": "Underweight",
    "healthy-weight": "Healthy weight",
    "overweight": "Overweight",
    "obesity-class-1": "Obesity class 1",
    "obesity-class-2": "Obesity class 2",
    "obesity-class-3": "Obesity class 3",
}
# ACVPU as the clinician picks it (the values clinical.news2 takes).
CONSCIOUSNESS = (
    ("alert", "Alert"),
    ("new-confusion", "New confusion"),
    ("voice", "Responds to voice"),
    ("pain", "Responds to pain"),
    ("unresponsive", "Unresponsive"),
)
RESPONSE = {
    "routine": "low score",
    "low": "low score",
    "low-medium": "low-medium (a single parameter scored 3)",
    "medium": "medium",
    "high": "high",
}
GROWTH_NAMES = {
    "weight_for_age": "Weight-for-age",
    "height_for_age": "Length/height-for-age",
    "weight_for_length": "Weight-for-length",
    "bmi_for_age": "BMI-for-age",
    "head_circumference_for_age": "Head circumference-for-age",
}


def bp_category_text(code: str | None) -> str:
    return BP_CATEGORY.get(code, code) if code else "—"


def bmi_category_text(value: str | None, code: str | None) -> str:
    if not value:
        return "—"
    return f"{value} kg/m² · {BMI_CATEGORY.get(code, code)}" if code else f"{value} kg/m²"


def news2_text(score: News2 | None, note: str) -> str:
    if score is None:
        return note or "—"
    scale = " · SpO₂ scale 2" if score.spo2_scale == 2 else ""
    return f"{score.total} · clinical risk: {RESPONSE.get(score.response, score.response)}{scale}"


def growth_text(growth: dict[str, GrowthOut] | None, note: str) -> str:
    if growth is None:
        return "Not used from 20 years."
    if not growth:
        return note or "No measurement to chart."
    lines = []
    for key, g in growth.items():
        line = f"{GROWTH_NAMES.get(key, key)}: {g.percentile} percentile (z {g.z})"
        if g.category:
            line += f" · {BMI_CATEGORY.get(g.category, g.category)}"
        lines.append(line)
    reference = next(iter(growth.values())).reference
    return "\n".join([*lines, f"({reference})"])


def visit_label(visit: VisitOut | None) -> str:
    """ "30 Nov 2026 09:12, open" or "30 Nov 2026 09:12–11:40"; "No visit" for a set of none."""
    if visit is None:
        return "No visit"
    start = datetime_text(visit.started_at)
    if visit.ended_at is None:
        return f"{start}, open"
    return f"{start}–{time_text(visit.ended_at)}"


def acknowledgement_text(
    set_id: int, acknowledgements: dict[int, Acknowledgement], awaiting: set[int]
) -> str:
    if set_id in awaiting:
        return "Critical: awaiting acknowledgement"
    ack = acknowledgements.get(set_id)
    if ack is not None:
        return f"Acknowledged by {ack.acknowledged_by}, {datetime_text(ack.acknowledged_at)}"
    return ""


def acknowledgement_short(
    set_id: int, acknowledgements: dict[int, Acknowledgement], awaiting: set[int]
) -> str:
    """The same for the History tab's Status cell, where room is short (the tooltip has the
    time)."""
    if set_id in awaiting:
        return "⚠ awaiting acknowledgement"
    ack = acknowledgements.get(set_id)
    return f"acknowledged by {ack.acknowledged_by}" if ack is not None else ""


def _ago(then: datetime, now: datetime) -> str:
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 72:
        return f"{hours} h {minutes % 60} min ago" if hours < 6 else f"{hours} hours ago"
    return f"{hours // 24} days ago"


def vitals_cue_text(cue: VitalsCue, now: datetime) -> str:
    """What the MA reads on opening a patient: facts only."""
    parts = []
    if cue.overdue:
        parts.append(f"No vital signs in the last {cue.overdue_after_hours} hours.")
    if cue.last_full_set_at is None:
        parts.append("No full set of vital signs recorded yet.")
    else:
        parts.append(
            f"Last full set of vital signs: {datetime_text(cue.last_full_set_at)} "
            f"({_ago(cue.last_full_set_at, now)})."
        )
    return " ".join(parts)


def group_by_visit(
    sets: list[VitalSignSetOut], visit_of: dict[int, VisitOut]
) -> list[VitalSignSetOut]:
    """Sets ordered by visit, newest visit first, newest reading first within a visit; a set of
    no visit stands alone at the time it was taken."""

    def key(s: VitalSignSetOut) -> tuple[float, int, float, int]:
        visit = visit_of.get(s.id)
        group = visit.started_at if visit is not None else s.taken_at
        return (-group.timestamp(), -(visit.id if visit else 0), -s.taken_at.timestamp(), -s.id)

    return sorted(sets, key=key)
