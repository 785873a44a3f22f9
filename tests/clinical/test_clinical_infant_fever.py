"""Young infants with fever (docs/clinical-basis.md, decision 14; decision 20 for the axillary
method).

From birth to under 90 days of completed age, 38.0 °C (100.4 °F) or higher by ANY method is HH
("tell the clinician now"). From 90 days it is H like at every other age. The other temperature
bands (L at or below 36.0 °C, LL at or below 35.0 °C) apply from birth.
"""

from __future__ import annotations

import pytest

METHODS = ["oral", "tympanic", "temporal", "axillary", "rectal"]
UNDER_90_DAYS = [0, 1, 10, 27, 28, 60, 89]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("days", UNDER_90_DAYS, ids=lambda d: f"{d}d")
@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (38.0, "Cel", "HH"),
        (38.05, "Cel", "HH"),
        (39.5, "Cel", "HH"),
        (37.95, "Cel", "N"),
        (37.9, "Cel", "N"),
        (100.4, "[degF]", "HH"),
        (100.3, "[degF]", "N"),
        (36.1, "Cel", "N"),
        (36.0, "Cel", "L"),
        (35.1, "Cel", "L"),
        (35.0, "Cel", "LL"),
        (96.8, "[degF]", "L"),
        (95.0, "[degF]", "LL"),
    ],
)
def test_under_90_days_fever_by_any_method_is_critical(
    check_one, birth_for, method, days, value, unit, expected
):
    result = check_one("body_temperature", value, unit, method=method, birth=birth_for(days=days))
    assert result.out["errors"] == [], result.out
    assert result.out["needs_confirmation"] == [], result.out
    assert result.interpretation("body_temperature") == expected


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("days", "expected"),
    [(89, "HH"), (90, "H"), (91, "H"), (200, "H")],
    ids=["89d", "90d", "91d", "200d"],
)
def test_the_critical_fever_band_ends_at_90_days(check_one, birth_for, method, days, expected):
    """Completed age in days: 89 days is still "under 90 days", 90 days is not."""
    result = check_one("body_temperature", 38.0, "Cel", method=method, birth=birth_for(days=days))
    assert result.interpretation("body_temperature") == expected


def test_a_10_day_old_at_38_axillary_is_tell_the_clinician_now(check_one, birth_for):
    """The case that was only "H" before decision 14."""
    result = check_one("body_temperature", 38.0, "Cel", method="axillary", birth=birth_for(days=10))
    entry = result.out["measurements"]["body_temperature"]
    assert entry["interpretation"] == "HH"
    assert "tell the clinician now" in entry["message"].lower()
    assert result.status == "accepted"
