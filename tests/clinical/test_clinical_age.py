"""Age is the completed age on the day the vitals were taken, not today (docs/clinical-basis.md,
"Age"; decision 3)."""

from __future__ import annotations

from datetime import date

import pytest

from vitalsdesk.clinical.age import age_on


@pytest.mark.parametrize(
    ("birth", "taken", "hr_55"),
    [
        # Heart rate 55/min: N in the 15-18 y band (43-104), L for an adult (60-100).
        ("2008-06-15", "2026-06-14T12:00:00-05:00", "N"),
        ("2008-06-15", "2026-06-15T00:00:00-05:00", "L"),
        ("2008-06-15", "2026-06-15T23:59:00-05:00", "L"),
        # The calendar day where the reading was taken counts, not the UTC day.
        ("2008-06-15", "2026-06-14T23:30:00-05:00", "N"),  # 04:30 on the 15th in UTC
        ("2008-06-15", "2026-06-15T01:00:00+09:00", "L"),  # 16:00 on the 14th in UTC
        # Leap-day birth: the 18th birthday has not come on 27 February and has on 1 March.
        ("2000-02-29", "2018-02-27T10:00:00+00:00", "N"),
        ("2000-02-29", "2018-03-01T10:00:00+00:00", "L"),
        ("2004-02-29", "2022-02-27T10:00:00+00:00", "N"),
        ("2004-02-29", "2022-03-01T10:00:00+00:00", "L"),
    ],
)
def test_adult_rules_start_on_the_eighteenth_birthday(check_one, birth, taken, hr_55):
    result = check_one("heart_rate", 55, birth=birth, taken=taken)
    assert result.interpretation("heart_rate") == hr_55


def test_age_is_at_the_time_taken_not_today(check_one):
    """Born 2000: an adult today, but 10 y old at a reading taken in 2010."""
    old = "2010-01-01T10:00:00+01:00"
    hr = check_one("heart_rate", 55, birth="2000-01-01", taken=old)
    assert hr.interpretation("heart_rate") == "N"  # 8-12 y band 52-115
    sbp = check_one("systolic_bp", 69, birth="2000-01-01", taken=old)
    assert sbp.status == "accepted"  # adults-only confirm limit does not apply
    assert sbp.interpretation("systolic_bp") == "LL"  # PALS < 70 + 2 x 10


def test_bmi_category_on_a_leap_day_twentieth_birthday(check, make_quantity):
    measurements = {
        "body_weight": make_quantity("body_weight", 100, "kg"),
        "body_height": make_quantity("body_height", 200, "cm"),
    }
    day_before = check(measurements, birth="2000-02-29", taken="2020-02-28T10:00:00+00:00")
    # 19 y 11 mo: the CDC BMI-for-age category (decision 17); a girl's 85th percentile at
    # 239.5 months is 26.5 in CDC's data file, so 25.0 is below it.
    assert day_before.out["bmi"] == {"value": "25.0", "category": "healthy-weight"}
    birthday = check(measurements, birth="2000-02-29", taken="2020-02-29T10:00:00+00:00")
    assert birthday.out["bmi"] == {"value": "25.0", "category": "overweight"}


@pytest.mark.parametrize(
    ("birth", "on", "years", "months"),
    [
        (date(2000, 2, 29), date(2018, 2, 27), 17, 11),
        (date(2000, 2, 29), date(2018, 3, 1), 18, 0),
        (date(2000, 2, 29), date(2020, 2, 28), 19, 11),
        (date(2000, 2, 29), date(2020, 2, 29), 20, 0),
        (date(2020, 1, 31), date(2020, 2, 28), 0, 0),
        (date(2020, 1, 31), date(2020, 3, 1), 0, 1),
        (date(2020, 1, 31), date(2020, 3, 31), 0, 2),
        (date(2008, 6, 15), date(2026, 6, 14), 17, 11),
        (date(2008, 6, 15), date(2026, 6, 15), 18, 0),
        (date(2026, 6, 15), date(2026, 6, 15), 0, 0),
    ],
)
def test_completed_age(birth, on, years, months):
    age = age_on(birth, on)
    assert (age.years, age.months % 12) == (years, months)
    assert age.days == (on - birth).days


def test_reading_on_the_day_of_birth_is_a_neonate(check_one):
    result = check_one("systolic_bp", 59, birth="2026-06-15", taken="2026-06-15T08:00:00-05:00")
    assert result.status == "accepted", result.out
    assert result.interpretation("systolic_bp") == "LL"  # PALS neonate < 60


@pytest.mark.parametrize(
    ("birth", "taken"),
    [
        ("2026-06-16", "2026-06-15T09:30:00-05:00"),
        ("2030-01-01", "2026-06-15T09:30:00-05:00"),
    ],
)
def test_reading_before_birth_is_rejected(check_one, birth, taken):
    result = check_one("heart_rate", 120, birth=birth, taken=taken)
    assert result.status == "rejected"
    assert "taken_at" in result.error_fields()
    assert result.out["measurements"] == {}


@pytest.mark.parametrize(
    ("field", "birth", "taken"),
    [
        ("taken_at", "1980-06-15", "2026-06-15T09:30:00"),  # no offset
        ("taken_at", "1980-06-15", "2026-06-15"),
        ("taken_at", "1980-06-15", "yesterday"),
        ("birth_date", "15/06/1980", "2026-06-15T09:30:00-05:00"),
        ("birth_date", "1980-02-30", "2026-06-15T09:30:00-05:00"),
    ],
)
def test_unusable_dates_are_errors(check_one, field, birth, taken):
    result = check_one("heart_rate", 72, birth=birth, taken=taken)
    assert result.status == "rejected"
    assert field in result.error_fields()
