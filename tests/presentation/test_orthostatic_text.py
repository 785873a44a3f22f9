"""The clinician view's lines for an orthostatic set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from vitalsdesk.clinical.orthostatic import OrthostaticThresholds, Reading, orthostatic_change
from vitalsdesk.presentation.orthostatic import orthostatic_text

LYING_AT = datetime(2026, 11, 27, 14, 25, tzinfo=UTC)


def _reading(sbp: int, dbp: int, pulse: int, seconds: int) -> Reading:
    return Reading(
        systolic=Decimal(sbp),
        diastolic=Decimal(dbp),
        heart_rate=Decimal(pulse),
        taken_at=LYING_AT + timedelta(seconds=seconds),
    )


def test_each_standing_reading_shows_its_change_from_lying() -> None:
    change = orthostatic_change(
        _reading(130, 80, 70, 0),
        [_reading(118, 76, 84, 60), _reading(108, 74, 90, 185)],
        OrthostaticThresholds(),
    )
    assert orthostatic_text(change).splitlines() == [
        "Orthostatic: lying 130/80, pulse 70",
        "Standing 1 min: 118/76 (-12/-4 mmHg), pulse 84 (+14/min)",
        "Standing 3 min: 108/74 (-22/-6 mmHg), pulse 90 (+20/min)"
        " · at or above the clinic's threshold",
    ]


def test_a_set_that_is_not_orthostatic_has_no_lines() -> None:
    assert orthostatic_text(None) == ""
