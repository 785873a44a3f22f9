"""The orthostatic change as the clinician view writes it (clinician-facing only: the MA sees
just "tell the clinician")."""

from __future__ import annotations

from decimal import Decimal

from vitalsdesk.clinical.orthostatic import OrthostaticChange


def _signed(value: Decimal) -> str:
    return f"+{value}" if value > 0 else f"{value}"


def orthostatic_text(change: OrthostaticChange | None) -> str:
    """ "Lying 130/80, pulse 70" then one line per standing reading with the change from lying;
    empty for a set that is not an orthostatic set."""
    if change is None:
        return ""
    lying = change.lying
    lines = [f"Orthostatic: lying {lying.systolic}/{lying.diastolic}, pulse {lying.heart_rate}"]
    for s in change.standing:
        line = (
            f"Standing {s.minutes_after_lying} min: {s.systolic}/{s.diastolic} "
            f"({_signed(-s.systolic_drop)}/{_signed(-s.diastolic_drop)} mmHg), "
            f"pulse {s.heart_rate} ({_signed(s.heart_rate_rise)}/min)"
        )
        if s.crossed:
            line += " · at or above the clinic's threshold"
        lines.append(line)
    return "\n".join(lines)
