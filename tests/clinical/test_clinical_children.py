"""Children: Fleming centiles, PALS hypotension, AAP adolescent cut-offs (docs/clinical-basis.md;
product decisions 3, 9, 12, 14-16, 20)."""

from __future__ import annotations

import pytest

# Fleming 2011 (docs/clinical-basis.md, "Reference ranges: children's heart rate and respiratory
# rate"): band start and end in months, 1st and 99th centile.
FLEMING_HR = [
    (0, 3, 107, 181),
    (3, 6, 104, 175),
    (6, 9, 98, 168),
    (9, 12, 93, 161),
    (12, 18, 88, 156),
    (18, 24, 82, 149),
    (24, 36, 76, 142),
    (36, 48, 70, 136),
    (48, 72, 65, 131),
    (72, 96, 59, 123),
    (96, 144, 52, 115),
    (144, 180, 47, 108),
    (180, 216, 43, 104),
]
FLEMING_RR = [
    (0, 3, 25, 66),
    (3, 6, 24, 64),
    (6, 9, 23, 61),
    (9, 12, 22, 58),
    (12, 18, 21, 53),
    (18, 24, 19, 46),
    (24, 36, 18, 38),
    (36, 48, 17, 33),
    (48, 72, 17, 29),
    (72, 96, 16, 27),
    (96, 144, 14, 25),
    (144, 180, 12, 23),
    (180, 216, 11, 22),
]


def _centile_cases(measurement, table):
    cases = []
    for start, end, p1, p99 in table:
        for where in ("first-day", "last-day"):
            for value, expected in (
                (p1 - 1, "L"),
                (p1 - 0.5, "L"),
                (p1, "N"),
                (p99, "N"),
                (p99 + 0.5, "H"),
                (p99 + 1, "H"),
            ):
                cases.append(
                    pytest.param(
                        measurement,
                        start,
                        end,
                        where,
                        value,
                        expected,
                        id=f"{measurement}-{start}-{end}mo-{where}-{value}",
                    )
                )
    return cases


@pytest.mark.parametrize(
    ("key", "start", "end", "where", "value", "expected"),
    _centile_cases("heart_rate", FLEMING_HR) + _centile_cases("respiratory_rate", FLEMING_RR),
)
def test_fleming_centiles_per_age_band(
    check_one, birth_for, key, start, end, where, value, expected
):
    """Flag outside the 1st-99th centile; the centile itself is not flagged; bands are
    lower-inclusive (first day = exactly the start age) and upper-exclusive (last day = the day
    before the end age)."""
    birth = birth_for(months=start) if where == "first-day" else birth_for(months=end, days=-1)
    result = check_one(key, value, birth=birth)
    assert result.out["errors"] == [], result.out
    assert result.out["needs_confirmation"] == [], result.out
    assert result.interpretation(key) == expected


@pytest.mark.parametrize(
    ("age", "value", "expected"),
    [
        # A child exactly 6 y 0 d is in the 6-8 y band (99th centile 123), the day before in
        # the 4-6 y band (99th centile 131).
        ({"years": 6, "days": -1}, 125, "N"),
        ({"years": 6}, 125, "H"),
        ({"months": 3, "days": -1}, 178, "N"),
        ({"months": 3}, 178, "H"),
        ({"years": 18, "days": -1}, 104, "N"),
        ({"years": 18, "days": -1}, 55, "N"),
        ({"years": 18}, 55, "L"),
        ({"years": 18}, 104, "H"),
    ],
)
def test_heart_rate_band_changes_on_the_birthday(check_one, birth_for, age, value, expected):
    assert (
        check_one("heart_rate", value, birth=birth_for(**age)).interpretation("heart_rate")
        == expected
    )


# PALS systolic hypotension ("Blood pressure under 13 years"): < 60 neonate (< 28 d), < 70
# infant, < 70 + 2 x age (y) from 1 to 10 y, < 90 above 10 y (and through 17 y).
PALS_SBP = [
    ({"days": 0}, 60),
    ({"days": 27}, 60),
    ({"days": 28}, 70),
    ({"months": 8}, 70),
    ({"years": 1, "days": -1}, 70),
    ({"years": 1}, 72),
    ({"years": 2, "days": -1}, 72),
    ({"years": 2}, 74),
    ({"years": 3}, 76),
    ({"years": 4}, 78),
    ({"years": 5}, 80),
    ({"years": 6}, 82),
    ({"years": 7}, 84),
    ({"years": 8}, 86),
    ({"years": 9}, 88),
    ({"years": 9, "months": 11}, 88),
    ({"years": 10}, 90),
    ({"years": 11}, 90),
    ({"years": 12}, 90),
    ({"years": 13}, 90),
    ({"years": 15}, 90),
    ({"years": 17, "months": 11}, 90),
]


@pytest.mark.parametrize(("age", "threshold"), PALS_SBP, ids=[str(a) for a, _ in PALS_SBP])
def test_pals_hypotension_is_critical(check_one, birth_for, age, threshold):
    birth = birth_for(**age)
    for value in (threshold - 1, threshold - 0.5):
        below = check_one("systolic_bp", value, birth=birth)
        assert below.out["needs_confirmation"] == [], below.out
        assert below.interpretation("systolic_bp") == "LL", value
    at = check_one("systolic_bp", threshold, birth=birth)
    assert at.interpretation("systolic_bp") == "N"


@pytest.mark.parametrize(
    ("age", "key", "value", "expected"),
    [
        # Under 13 y: see test_clinical_child_bp.py (decision 15).
        # 13-17 y: AAP cut-offs for H, adult thresholds for HH (180 / 120 or higher, decision
        # 16), PALS < 90 for LL.
        ({"years": 13}, "systolic_bp", 89.5, "LL"),
        ({"years": 13}, "systolic_bp", 90, "N"),
        ({"years": 15}, "systolic_bp", 95, "N"),
        ({"years": 15}, "systolic_bp", 119, "N"),
        ({"years": 15}, "systolic_bp", 120, "H"),
        ({"years": 15}, "systolic_bp", 179, "H"),
        ({"years": 15}, "systolic_bp", 179.5, "H"),
        ({"years": 15}, "systolic_bp", 180, "HH"),
        ({"years": 13}, "systolic_bp", 180, "HH"),
        ({"years": 17, "months": 11}, "systolic_bp", 180, "HH"),
        ({"years": 15}, "diastolic_bp", 79, "N"),
        ({"years": 15}, "diastolic_bp", 80, "H"),
        ({"years": 15}, "diastolic_bp", 119, "H"),
        ({"years": 15}, "diastolic_bp", 119.5, "H"),
        ({"years": 15}, "diastolic_bp", 120, "HH"),
        ({"years": 13}, "diastolic_bp", 120, "HH"),
        ({"years": 15}, "diastolic_bp", 35, "N"),
    ],
)
def test_adolescent_blood_pressure_flags(check_one, birth_for, age, key, value, expected):
    result = check_one(key, value, birth=birth_for(**age))
    assert result.out["errors"] == [], result.out
    assert result.interpretation(key) == expected


# From 90 days (under 90 days a fever is HH, decision 14: see test_clinical_infant_fever.py).
@pytest.mark.parametrize("age", [{"days": 90}, {"months": 8}, {"years": 5}, {"years": 15}], ids=str)
@pytest.mark.parametrize(
    ("key", "value", "unit", "expected"),
    [
        ("body_temperature", 38.0, "Cel", "H"),
        ("body_temperature", 37.9, "Cel", "N"),
        ("body_temperature", 36.1, "Cel", "N"),
        ("body_temperature", 36.0, "Cel", "L"),
        ("body_temperature", 35.1, "Cel", "L"),
        ("body_temperature", 35.0, "Cel", "LL"),
        ("body_temperature", 100.4, "[degF]", "H"),
        ("body_temperature", 100.3, "[degF]", "N"),
        ("body_temperature", 96.8, "[degF]", "L"),
        ("body_temperature", 95.0, "[degF]", "LL"),
        ("oxygen_saturation", 96, "%", "N"),
        ("oxygen_saturation", 95.5, "%", "N"),
        ("oxygen_saturation", 95, "%", "L"),
        ("oxygen_saturation", 91.5, "%", "L"),
        ("oxygen_saturation", 91, "%", "LL"),
        ("pain_score", 0, "{score}", "N"),
        ("pain_score", 1, "{score}", "H"),
    ],
)
def test_temperature_spo2_pain_use_the_same_bands_in_children(
    check_one, birth_for, age, key, value, unit, expected
):
    result = check_one(key, value, unit, birth=birth_for(**age))
    assert result.out["errors"] == [], result.out
    assert result.interpretation(key) == expected


@pytest.mark.parametrize("age", [{"months": 8}, {"years": 5}, {"years": 15}], ids=str)
@pytest.mark.parametrize(("key", "value"), [("body_weight", 8), ("body_height", 70)])
def test_growth_measures_have_no_interpretation_in_children(check_one, birth_for, age, key, value):
    assert check_one(key, value, birth=birth_for(**age)).interpretation(key) is None
