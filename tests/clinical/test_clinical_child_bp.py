"""Blood pressure under 13 years (docs/clinical-basis.md, decision 15).

H when systolic or diastolic is at or above the AAP 2017 simplified screening value (Flynn et al.,
Pediatrics 2017;140(3):e20171904, Table 6 "Screening BP values requiring further evaluation", by
completed year of age 1-12 and sex), or at or above 120 / 80 if that is lower. HH at the screening
value + 30 mmHg, and at any age at SBP >= 180 or DBP >= 120. Under 1 year the 1-year values apply.
The PALS hypotension LL stays. bp_category is null under 13.

TABLE_6 below is transcribed here from the guideline's Table 6 (as reproduced with the AAP's
permission by Texas Health Steps), not read from the shipped table.
"""

from __future__ import annotations

import pytest

# Age in completed years: (boys SBP, boys DBP, girls SBP, girls DBP).
TABLE_6 = {
    1: (98, 52, 98, 54),
    2: (100, 55, 101, 58),
    3: (101, 58, 102, 60),
    4: (102, 60, 103, 62),
    5: (103, 63, 104, 64),
    6: (105, 66, 105, 67),
    7: (106, 68, 106, 68),
    8: (107, 69, 107, 69),
    9: (107, 70, 108, 71),
    10: (108, 72, 109, 72),
    11: (110, 74, 111, 74),
    12: (113, 75, 114, 75),
}
SEXES = ["female", "male", "other", "unknown"]


def screening(age_years: int, sex: str) -> tuple[int, int]:
    """The Table 6 values for a child; 120/80 if lower (never at 1-12 y). Sex other or unknown:
    the lower of the boys' and girls' values (a DESIGN choice: flag rather than miss)."""
    boys_s, boys_d, girls_s, girls_d = TABLE_6[max(age_years, 1)]
    if sex == "female":
        s, d = girls_s, girls_d
    elif sex == "male":
        s, d = boys_s, boys_d
    else:
        s, d = min(boys_s, girls_s), min(boys_d, girls_d)
    return min(s, 120), min(d, 80)


def _cases() -> list[object]:
    cases: list[object] = []
    for age in range(1, 13):
        for where, birth_age in (
            ("first-day", {"years": age}),
            ("last-day", {"years": age + 1, "days": -1}),
        ):
            for sex in SEXES:
                cases.append(pytest.param(age, birth_age, sex, id=f"{age}y-{where}-{sex}"))
    return cases


@pytest.mark.parametrize(("age", "birth_age", "sex"), _cases())
def test_systolic_screening_value_is_h_and_plus_30_is_hh(check_one, birth_for, age, birth_age, sex):
    sbp, _ = screening(age, sex)
    birth = birth_for(**birth_age)
    expected = [
        (sbp - 1, "N"),
        (sbp - 0.5, "N"),
        (sbp, "H"),
        (sbp + 29, "H"),
        (sbp + 29.5, "H"),
        (sbp + 30, "HH"),
        (180, "HH"),
    ]
    for value, interpretation in expected:
        result = check_one("systolic_bp", value, birth=birth, sex=sex)
        assert result.out["errors"] == [], result.out
        assert result.interpretation("systolic_bp") == interpretation, (value, sex, age)


@pytest.mark.parametrize(("age", "birth_age", "sex"), _cases())
def test_diastolic_screening_value_is_h_and_plus_30_is_hh(
    check_one, birth_for, age, birth_age, sex
):
    _, dbp = screening(age, sex)
    birth = birth_for(**birth_age)
    expected = [
        (30, "N"),  # no low flag for diastolic
        (dbp - 1, "N"),
        (dbp - 0.5, "N"),
        (dbp, "H"),
        (dbp + 29.5, "H"),
        (dbp + 30, "HH"),
        (120, "HH"),
    ]
    for value, interpretation in expected:
        result = check_one("diastolic_bp", value, birth=birth, sex=sex)
        assert result.out["errors"] == [], result.out
        assert result.interpretation("diastolic_bp") == interpretation, (value, sex, age)


UNDER_ONE = [{"days": 0}, {"days": 27}, {"days": 28}, {"months": 8}, {"years": 1, "days": -1}]


@pytest.mark.parametrize("age", UNDER_ONE, ids=str)
@pytest.mark.parametrize("sex", SEXES)
def test_under_one_year_the_one_year_values_apply(check_one, birth_for, age, sex):
    sbp, dbp = screening(1, sex)
    birth = birth_for(**age)
    for key, value, expected in (
        ("systolic_bp", sbp - 1, "N"),
        ("systolic_bp", sbp, "H"),
        ("systolic_bp", sbp + 30, "HH"),
        ("diastolic_bp", dbp - 1, "N"),
        ("diastolic_bp", dbp, "H"),
        ("diastolic_bp", dbp + 30, "HH"),
    ):
        result = check_one(key, value, birth=birth, sex=sex)
        assert result.interpretation(key) == expected, (key, value)


@pytest.mark.parametrize("sex", SEXES)
def test_a_one_year_old_at_118_over_70_is_flagged(check, make_quantity, birth_for, sex):
    """Was N/N under the interim 120/80 rule."""
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", 118),
            "diastolic_bp": make_quantity("diastolic_bp", 70),
        },
        birth=birth_for(years=1),
        sex=sex,
    )
    assert result.status == "accepted"
    assert result.interpretation("systolic_bp") == "H"
    assert result.interpretation("diastolic_bp") == "H"
    assert result.out["bp_category"] is None


@pytest.mark.parametrize("sex", SEXES)
def test_a_twelve_year_old_at_190_over_125_is_critical(check, make_quantity, birth_for, sex):
    """Was only H/H under the interim rule."""
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", 190),
            "diastolic_bp": make_quantity("diastolic_bp", 125),
        },
        birth=birth_for(years=12),
        sex=sex,
    )
    assert result.interpretation("systolic_bp") == "HH"
    assert result.interpretation("diastolic_bp") == "HH"
    for key in ("systolic_bp", "diastolic_bp"):
        assert "tell the clinician now" in result.out["measurements"][key]["message"].lower()
    assert result.out["bp_category"] is None


@pytest.mark.parametrize(
    "age", [{"days": 0}, {"months": 8}, {"years": 3}, {"years": 9}, {"years": 12}], ids=str
)
def test_180_or_120_is_critical_at_any_age_under_13(check_one, birth_for, age):
    birth = birth_for(**age)
    assert check_one("systolic_bp", 180, birth=birth).interpretation("systolic_bp") == "HH"
    assert check_one("diastolic_bp", 120, birth=birth).interpretation("diastolic_bp") == "HH"


def test_girls_and_boys_differ_where_table_6_does(check_one, birth_for):
    """At 2 y the screening systolic is 100 for boys and 101 for girls."""
    birth = birth_for(years=2)
    girl = check_one("systolic_bp", 100, birth=birth, sex="female")
    boy = check_one("systolic_bp", 100, birth=birth, sex="male")
    assert girl.interpretation("systolic_bp") == "N"
    assert boy.interpretation("systolic_bp") == "H"
    for sex in ("other", "unknown"):  # the lower value: flagged like the boy
        assert (
            check_one("systolic_bp", 100, birth=birth, sex=sex).interpretation("systolic_bp") == "H"
        )
    # Diastolic at 9 y: 70 for boys, 71 for girls.
    birth = birth_for(years=9)
    assert (
        check_one("diastolic_bp", 70, birth=birth, sex="female").interpretation("diastolic_bp")
        == "N"
    )
    assert (
        check_one("diastolic_bp", 70, birth=birth, sex="male").interpretation("diastolic_bp") == "H"
    )


@pytest.mark.parametrize(
    ("age", "value", "expected"),
    [
        # PALS hypotension is still LL: < 70 for an infant, < 70 + 2 x age from 1 y, < 90 from 10.
        ({"months": 8}, 69, "LL"),
        ({"months": 8}, 70, "N"),
        ({"years": 1}, 71, "LL"),
        ({"years": 1}, 72, "N"),
        ({"years": 12}, 89, "LL"),
        ({"years": 12}, 90, "N"),
    ],
    ids=str,
)
def test_pals_hypotension_still_applies(check_one, birth_for, age, value, expected):
    assert (
        check_one("systolic_bp", value, birth=birth_for(**age)).interpretation("systolic_bp")
        == expected
    )


def test_the_rules_change_on_the_13th_birthday(check, make_quantity, birth_for):
    """12 y: screening 113/75 (girls 114/75) applies; 13 y: the adolescent 120/80 cut-offs."""
    reading = {
        "systolic_bp": make_quantity("systolic_bp", 118),
        "diastolic_bp": make_quantity("diastolic_bp", 76),
    }
    before = check(reading, birth=birth_for(years=13, days=-1))
    assert before.interpretation("systolic_bp") == "H"
    assert before.interpretation("diastolic_bp") == "H"
    assert before.out["bp_category"] is None
    after = check(reading, birth=birth_for(years=13))
    assert after.interpretation("systolic_bp") == "N"
    assert after.interpretation("diastolic_bp") == "N"
    assert after.out["bp_category"] == "normal"
