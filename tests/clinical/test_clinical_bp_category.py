"""Blood-pressure category of the whole reading (docs/clinical-basis.md, same title; decisions 9,
15, 16)."""

from __future__ import annotations

import pytest

ADULT_CATEGORIES = [
    (100, 60, "normal"),
    (119, 79, "normal"),
    (119.5, 79.5, "normal"),
    (120, 79, "elevated"),
    (129, 79, "elevated"),
    (129.5, 79, "elevated"),
    (130, 79, "stage-1"),
    (139, 79, "stage-1"),
    (139.5, 79, "stage-1"),
    (140, 79, "stage-2"),
    (119, 80, "stage-1"),
    (119, 89, "stage-1"),
    (119, 89.5, "stage-1"),
    (119, 90, "stage-2"),
    # Mixed: the higher category wins.
    (125, 85, "stage-1"),
    (128, 82, "stage-1"),
    (135, 95, "stage-2"),
    (145, 85, "stage-2"),
    (125, 95, "stage-2"),
    # Crisis is 180 or higher and/or 120 or higher (decision 16, replacing "> 180 / > 120").
    (179, 119, "stage-2"),
    (179.5, 119.5, "stage-2"),
    (180, 120, "crisis"),
    (180, 110, "crisis"),
    (170, 120, "crisis"),
    (180, 70, "crisis"),
    (130, 120, "crisis"),
    (180.5, 100, "crisis"),
    (181, 100, "crisis"),
    (150, 120.5, "crisis"),
    (150, 121, "crisis"),
    (185, 125, "crisis"),
    (125, 121, "crisis"),
]


@pytest.mark.parametrize(("sbp", "dbp", "expected"), ADULT_CATEGORIES)
def test_adult_bp_category(check, make_quantity, sbp, dbp, expected):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", sbp),
            "diastolic_bp": make_quantity("diastolic_bp", dbp),
        }
    )
    assert result.out["errors"] == [], result.out
    assert result.out["bp_category"] == expected


ADOLESCENT_CATEGORIES = [
    (119, 79, "normal"),
    (120, 79, "elevated"),
    (129, 79, "elevated"),
    (130, 79, "stage-1"),
    (139, 89, "stage-1"),
    (119, 80, "stage-1"),
    (140, 70, "stage-2"),
    (119, 90, "stage-2"),
    (135, 92, "stage-2"),
    # From 13 y the crisis category applies at 180 or higher and/or 120 or higher (decision 16).
    (179, 119, "stage-2"),
    (180, 100, "crisis"),
    (185, 100, "crisis"),
    (150, 120, "crisis"),
]


@pytest.mark.parametrize("age", [{"years": 13}, {"years": 15}, {"years": 18, "days": -1}], ids=str)
@pytest.mark.parametrize(("sbp", "dbp", "expected"), ADOLESCENT_CATEGORIES)
def test_adolescent_bp_category(check, make_quantity, birth_for, age, sbp, dbp, expected):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", sbp),
            "diastolic_bp": make_quantity("diastolic_bp", dbp),
        },
        birth=birth_for(**age),
    )
    assert result.out["errors"] == [], result.out
    assert result.out["bp_category"] == expected


@pytest.mark.parametrize(
    "age",
    [{"months": 8}, {"years": 5}, {"years": 12}, {"years": 13, "days": -1}],
    ids=str,
)
@pytest.mark.parametrize(("sbp", "dbp"), [(100, 60), (125, 85), (150, 95)])
def test_no_bp_category_under_13(check, make_quantity, birth_for, age, sbp, dbp):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", sbp),
            "diastolic_bp": make_quantity("diastolic_bp", dbp),
        },
        birth=birth_for(**age),
    )
    assert result.out["errors"] == [], result.out
    assert result.out["bp_category"] is None
    assert result.out["measurements"]["systolic_bp"]["interpretation"] is not None


def test_category_switches_on_13th_birthday(check, make_quantity, birth_for):
    reading = {
        "systolic_bp": make_quantity("systolic_bp", 125),
        "diastolic_bp": make_quantity("diastolic_bp", 70),
    }
    assert check(reading, birth=birth_for(years=13, days=-1)).out["bp_category"] is None
    assert check(reading, birth=birth_for(years=13)).out["bp_category"] == "elevated"


@pytest.mark.parametrize("present", ["systolic_bp", "diastolic_bp"])
def test_no_category_without_both_numbers(check, make_quantity, present):
    result = check({present: make_quantity(present, 150 if present == "systolic_bp" else 95)})
    assert result.out["bp_category"] is None


def test_no_category_when_the_reading_is_rejected(check, make_quantity):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", 400),
            "diastolic_bp": make_quantity("diastolic_bp", 95),
        }
    )
    assert result.status == "rejected"
    assert result.out["bp_category"] is None


def test_category_is_computed_beside_per_value_flags(check, make_quantity):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", 118),
            "diastolic_bp": make_quantity("diastolic_bp", 92),
        }
    )
    assert result.out["bp_category"] == "stage-2"
    assert result.interpretation("systolic_bp") == "N"
    assert result.interpretation("diastolic_bp") == "H"
