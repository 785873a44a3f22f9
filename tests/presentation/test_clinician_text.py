"""The words of the clinician view and of the MA's last-vital-signs cue (no Qt, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vitalsdesk.clinical.news2 import News2
from vitalsdesk.presentation.clinician import news2_text, vitals_cue_text
from vitalsdesk.services.visits import VitalsCue

NOW = datetime(2026, 11, 30, 0, 10, tzinfo=UTC)


def test_the_cue_states_facts_in_hours_across_midnight() -> None:
    # Taken 20 minutes ago, yesterday by the calendar: not "yesterday", not overdue.
    taken = NOW - timedelta(minutes=20)
    cue = VitalsCue(
        last_full_set_at=taken, last_set_at=taken, overdue_after_hours=12, overdue=False
    )
    text = vitals_cue_text(cue, NOW)
    assert text.startswith("Last full set of vital signs: ") and text.endswith("(20 min ago).")
    old = NOW - timedelta(hours=30)
    overdue = VitalsCue(last_full_set_at=old, last_set_at=old, overdue_after_hours=12, overdue=True)
    text = vitals_cue_text(overdue, NOW)
    assert text.startswith("No vital signs in the last 12 hours. Last full set of vital signs: ")
    assert text.endswith("(30 hours ago).")
    # Nothing in the cue interprets a value.
    assert not any(word in text.lower() for word in ("high", "low", "normal", "abnormal"))


def test_news2_is_named_with_its_response_or_why_it_is_missing() -> None:
    score = News2(total=5, scores={}, red_score=False, response="medium", spo2_scale=1)
    assert news2_text(score, "") == "5 · clinical risk: medium"
    assert news2_text(None, "NEWS2 is not used under 16 years.") == (
        "NEWS2 is not used under 16 years."
    )
