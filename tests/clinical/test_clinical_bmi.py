"""BMI: exact conversions, one decimal, categorised on the rounded value (docs/clinical-basis.md,
"Units and exact arithmetic" and "BMI"; product decisions 5, 13 and 17)."""

from __future__ import annotations

import pytest

# Height 200 cm (4 m^2): BMI = kg / 4.
METRIC_CASES = [
    (60, "15.0", "underweight"),
    (73.6, "18.4", "underweight"),
    (73.78, "18.4", "underweight"),  # 18.445
    (73.98, "18.5", "healthy-weight"),  # 18.495 rounds to 18.5
    (74, "18.5", "healthy-weight"),
    (99.6, "24.9", "healthy-weight"),
    (99.78, "24.9", "healthy-weight"),  # 24.945
    (99.82, "25.0", "overweight"),  # 24.955 rounds to 25.0
    (100, "25.0", "overweight"),
    (119.6, "29.9", "overweight"),
    (119.82, "30.0", "obesity-class-1"),  # 29.955
    (120, "30.0", "obesity-class-1"),
    (139.6, "34.9", "obesity-class-1"),
    (140, "35.0", "obesity-class-2"),
    (159.6, "39.9", "obesity-class-2"),
    (159.82, "40.0", "obesity-class-3"),  # 39.955
    (160, "40.0", "obesity-class-3"),
    (200, "50.0", "obesity-class-3"),
]


@pytest.mark.parametrize(("kg", "bmi", "category"), METRIC_CASES)
def test_adult_bmi_categories_on_the_rounded_value(check, make_quantity, kg, bmi, category):
    result = check(
        {
            "body_weight": make_quantity("body_weight", kg, "kg"),
            "body_height": make_quantity("body_height", 200, "cm"),
        }
    )
    assert result.out["errors"] == [], result.out
    assert result.out["bmi"] == {"value": bmi, "category": category}


# US units with the exact factors (0.45359237 kg/lb, 2.54 cm/in). The ×703 shortcut puts every one
# of these in the category below (e.g. 148.3 lb at 59 in: exact 29.9527 -> 30.0, ×703 29.9497 ->
# 29.9), and so does categorising before rounding.
US_CASES = [
    (154, 65, "25.6", "overweight"),
    (253, 77, "30.0", "obesity-class-1"),
    (155.6, 77, "18.5", "healthy-weight"),
    (164.1, 68, "25.0", "overweight"),
    (148.3, 59, "30.0", "obesity-class-1"),
    (174.5, 64, "30.0", "obesity-class-1"),
    (191.1, 62, "35.0", "obesity-class-2"),
    (197.8, 59, "40.0", "obesity-class-3"),
    (208, 60.5, "40.0", "obesity-class-3"),
]


@pytest.mark.parametrize(("lb", "inches", "bmi", "category"), US_CASES)
def test_bmi_from_us_units_uses_exact_factors(check, make_quantity, lb, inches, bmi, category):
    result = check(
        {
            "body_weight": make_quantity("body_weight", lb, "[lb_av]"),
            "body_height": make_quantity("body_height", inches, "[in_i]"),
        }
    )
    assert result.out["errors"] == [], result.out
    assert result.out["bmi"] == {"value": bmi, "category": category}


@pytest.mark.parametrize(
    ("weight", "height", "bmi"),
    [
        ((70, "kg"), (175, "cm"), "22.9"),  # 22.857
        ((70000, "g"), (175, "cm"), "22.9"),
        ((70, "kg"), (68.9, "[in_i]"), "22.9"),  # 175.006 cm
        ((154.3, "[lb_av]"), (175, "cm"), "22.9"),  # 69.989 kg
        ((3500, "g"), (50, "cm"), "14.0"),
    ],
)
def test_bmi_mixes_units(check, make_quantity, birth_for, weight, height, bmi):
    result = check(
        {
            "body_weight": make_quantity("body_weight", *weight),
            "body_height": make_quantity("body_height", *height),
        },
        birth=birth_for(years=30),
    )
    assert result.out["bmi"]["value"] == bmi


@pytest.mark.parametrize(
    ("age", "has_value", "category"),
    [
        ({"months": 8}, False, None),
        ({"years": 2, "days": -1}, False, None),
        # Day 730 is still on the WHO charts, which have no BMI-for-age (decision 17).
        ({"years": 2}, True, None),
        # A girl's CDC BMI-for-age 5th and 85th percentiles (CDC's data file): 14.0 and 20.0 at
        # 120.5 months, 17.6 and 25.7 at 216.5 months, 17.8 and 26.5 at 239.5 months.
        ({"years": 10}, True, "healthy-weight"),
        ({"years": 18}, True, "underweight"),
        ({"years": 20, "days": -1}, True, "underweight"),
        # From 20 years the adult category: below 18.5.
        ({"years": 20}, True, "underweight"),
        ({"years": 70}, True, "underweight"),
    ],
    ids=str,
)
def test_bmi_value_from_2_years_category_by_age(
    check, make_quantity, birth_for, age, has_value, category
):
    result = check(
        {
            "body_weight": make_quantity("body_weight", 20, "kg"),
            "body_height": make_quantity("body_height", 110, "cm"),
        },
        birth=birth_for(**age),
        confirmed=["body_height", "body_weight", "bmi"],
    )
    assert result.out["errors"] == [], result.out
    assert result.status == "accepted", result.out
    bmi = result.out["bmi"]
    if not has_value:
        assert bmi is None
        return
    assert bmi["value"] == "16.5"  # 20 / 1.21 = 16.53
    assert bmi["category"] == category


@pytest.mark.parametrize(
    ("kg", "height", "outcome"),
    [
        (47.6, 200, "needs_confirmation"),  # 11.9
        (48, 200, "accepted"),  # 12.0
        (180, 150, "accepted"),  # 80.0
        (180.45, 150, "needs_confirmation"),  # 80.2
    ],
)
def test_adult_bmi_plausibility(check, make_quantity, kg, height, outcome):
    measurements = {
        "body_weight": make_quantity("body_weight", kg, "kg"),
        "body_height": make_quantity("body_height", height, "cm"),
    }
    result = check(measurements)
    assert result.status == outcome, result.out
    if outcome == "needs_confirmation":
        assert result.confirm_fields() == ["bmi"]
        assert result.out["bmi"] is not None
        assert check(measurements, confirmed=["bmi"]).status == "accepted"


@pytest.mark.parametrize(
    ("weight", "height"),
    [((0, "kg"), (170, "cm")), ((70, "kg"), (5, "cm")), ((700, "kg"), (170, "cm"))],
)
def test_no_bmi_from_a_rejected_height_or_weight(check, make_quantity, weight, height):
    result = check(
        {
            "body_weight": make_quantity("body_weight", *weight),
            "body_height": make_quantity("body_height", *height),
        }
    )
    assert result.status == "rejected"
    assert result.out["bmi"] is None


@pytest.mark.parametrize("present", ["body_weight", "body_height"])
def test_no_bmi_without_both_measurements(check, make_quantity, present):
    value = 70 if present == "body_weight" else 170
    assert check({present: make_quantity(present, value)}).out["bmi"] is None
