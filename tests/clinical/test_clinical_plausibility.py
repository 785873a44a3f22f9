"""Plausibility limits: reject and confirm, both sides of every limit (docs/clinical-basis.md,
"Plausibility: reject and confirm"; product decisions 1 and 11)."""

from __future__ import annotations

import pytest

REJECT, CONFIRM, OK = "rejected", "needs_confirmation", "accepted"

# (measurement, value, unit, outcome) for an adult (46 y). Each limit is tested on both sides.
ADULT_LIMITS = [
    # Systolic: reject <= 0 or >= 400; confirm < 70 (adults) or > 250.
    ("systolic_bp", -1, "mm[Hg]", REJECT),
    ("systolic_bp", 0, "mm[Hg]", REJECT),
    ("systolic_bp", 0.5, "mm[Hg]", CONFIRM),
    ("systolic_bp", 69.9, "mm[Hg]", CONFIRM),
    ("systolic_bp", 70, "mm[Hg]", OK),
    ("systolic_bp", 250, "mm[Hg]", OK),
    ("systolic_bp", 250.5, "mm[Hg]", CONFIRM),
    ("systolic_bp", 399.9, "mm[Hg]", CONFIRM),
    ("systolic_bp", 400, "mm[Hg]", REJECT),
    # Diastolic: reject <= 0 or >= 300; confirm < 40 (adults) or > 150.
    ("diastolic_bp", 0, "mm[Hg]", REJECT),
    ("diastolic_bp", 0.5, "mm[Hg]", CONFIRM),
    ("diastolic_bp", 39.9, "mm[Hg]", CONFIRM),
    ("diastolic_bp", 40, "mm[Hg]", OK),
    ("diastolic_bp", 150, "mm[Hg]", OK),
    ("diastolic_bp", 150.5, "mm[Hg]", CONFIRM),
    ("diastolic_bp", 299.9, "mm[Hg]", CONFIRM),
    ("diastolic_bp", 300, "mm[Hg]", REJECT),
    # Heart rate: reject <= 0 or >= 300; confirm < 30 (adults) or > 230.
    ("heart_rate", 0, "/min", REJECT),
    ("heart_rate", 0.5, "/min", CONFIRM),
    ("heart_rate", 29.9, "/min", CONFIRM),
    ("heart_rate", 30, "/min", OK),
    ("heart_rate", 230, "/min", OK),
    ("heart_rate", 230.5, "/min", CONFIRM),
    ("heart_rate", 299.9, "/min", CONFIRM),
    ("heart_rate", 300, "/min", REJECT),
    # Respiratory rate, adults: reject <= 0 or >= 70; confirm > 40.
    ("respiratory_rate", 0, "/min", REJECT),
    ("respiratory_rate", 0.5, "/min", OK),
    ("respiratory_rate", 40, "/min", OK),
    ("respiratory_rate", 40.5, "/min", CONFIRM),
    ("respiratory_rate", 69.9, "/min", CONFIRM),
    ("respiratory_rate", 70, "/min", REJECT),
    # Temperature in Cel: reject <= 10 or >= 50; confirm < 25 or > 43.
    ("body_temperature", 10, "Cel", REJECT),
    ("body_temperature", 10.1, "Cel", CONFIRM),
    ("body_temperature", 24.9, "Cel", CONFIRM),
    ("body_temperature", 25, "Cel", OK),
    ("body_temperature", 43, "Cel", OK),
    ("body_temperature", 43.1, "Cel", CONFIRM),
    ("body_temperature", 49.9, "Cel", CONFIRM),
    ("body_temperature", 50, "Cel", REJECT),
    # The same limits in [degF]: reject <= 50 or >= 122; confirm < 77 or > 109.4.
    ("body_temperature", 50, "[degF]", REJECT),
    ("body_temperature", 50.1, "[degF]", CONFIRM),
    ("body_temperature", 76.9, "[degF]", CONFIRM),
    ("body_temperature", 77, "[degF]", OK),
    ("body_temperature", 109.4, "[degF]", OK),
    ("body_temperature", 109.5, "[degF]", CONFIRM),
    ("body_temperature", 121.9, "[degF]", CONFIRM),
    ("body_temperature", 122, "[degF]", REJECT),
    # SpO2: reject <= 0 or > 100; confirm < 70.
    ("oxygen_saturation", 0, "%", REJECT),
    ("oxygen_saturation", 0.1, "%", CONFIRM),
    ("oxygen_saturation", 69.9, "%", CONFIRM),
    ("oxygen_saturation", 70, "%", OK),
    ("oxygen_saturation", 100, "%", OK),
    ("oxygen_saturation", 100.1, "%", REJECT),
    # Height in cm: reject < 10 or > 272; confirm (adults) < 120 or > 230.
    ("body_height", 9.9, "cm", REJECT),
    ("body_height", 10, "cm", CONFIRM),
    ("body_height", 119.9, "cm", CONFIRM),
    ("body_height", 120, "cm", OK),
    ("body_height", 230, "cm", OK),
    ("body_height", 230.1, "cm", CONFIRM),
    ("body_height", 272, "cm", CONFIRM),
    ("body_height", 272.1, "cm", REJECT),
    # Height in inches, exact 2.54 cm/in: 3.93 in = 9.98 cm; 47.24 in = 119.99 cm; 47.25 in =
    # 120.015 cm; 90.55 in = 229.997 cm; 90.56 in = 230.02 cm; 107.08 in = 271.98 cm; 107.09 in
    # = 272.009 cm.
    ("body_height", 3.93, "[in_i]", REJECT),
    ("body_height", 3.94, "[in_i]", CONFIRM),
    ("body_height", 47.24, "[in_i]", CONFIRM),
    ("body_height", 47.25, "[in_i]", OK),
    ("body_height", 90.55, "[in_i]", OK),
    ("body_height", 90.56, "[in_i]", CONFIRM),
    ("body_height", 107.08, "[in_i]", CONFIRM),
    ("body_height", 107.09, "[in_i]", REJECT),
    # Weight in kg: reject <= 0 (and > 650, DESIGN); confirm < 1 or > 250.
    ("body_weight", 0, "kg", REJECT),
    ("body_weight", 0.5, "kg", CONFIRM),
    ("body_weight", 0.99, "kg", CONFIRM),
    ("body_weight", 1, "kg", OK),
    ("body_weight", 250, "kg", OK),
    ("body_weight", 250.1, "kg", CONFIRM),
    ("body_weight", 650, "kg", CONFIRM),
    ("body_weight", 650.1, "kg", REJECT),
    # Weight in g.
    ("body_weight", 0, "g", REJECT),
    ("body_weight", 999, "g", CONFIRM),
    ("body_weight", 1000, "g", OK),
    # Weight in lb with the exact 0.45359237 kg/lb: 2.2 lb = 0.9979 kg (confirm; 1/2.2 would make
    # it 1.0); 551.15 lb = 249.997 kg (no confirm; 0.4536 would make it 250.002); 551.16 lb =
    # 250.002 kg; 1433 lb = 649.998 kg; 1433.1 lb = 650.04 kg.
    ("body_weight", 2.2, "[lb_av]", CONFIRM),
    ("body_weight", 2.21, "[lb_av]", OK),
    ("body_weight", 551.15, "[lb_av]", OK),
    ("body_weight", 551.16, "[lb_av]", CONFIRM),
    ("body_weight", 1433, "[lb_av]", CONFIRM),
    ("body_weight", 1433.1, "[lb_av]", REJECT),
    # Head circumference: reject <= 0 or > 100 cm.
    ("head_circumference", 0, "cm", REJECT),
    ("head_circumference", 0.1, "cm", OK),
    ("head_circumference", 100, "cm", OK),
    ("head_circumference", 100.1, "cm", REJECT),
    # Pain: a whole number 0-10.
    ("pain_score", -1, "{score}", REJECT),
    ("pain_score", 0, "{score}", OK),
    ("pain_score", 10, "{score}", OK),
    ("pain_score", 11, "{score}", REJECT),
    ("pain_score", 2.5, "{score}", REJECT),
    ("pain_score", 9.9, "{score}", REJECT),
]


@pytest.mark.parametrize(("key", "value", "unit", "outcome"), ADULT_LIMITS)
def test_adult_plausibility_limit(check_one, key, value, unit, outcome):
    result = check_one(key, value, unit)
    assert result.status == outcome, result.out
    if outcome == REJECT:
        assert result.error_fields() == [key]
        assert key not in result.out["measurements"]
    elif outcome == CONFIRM:
        assert result.confirm_fields() == [key]
        assert result.out["errors"] == []
        assert key in result.out["measurements"]
    else:
        assert result.out["errors"] == []
        assert result.out["needs_confirmation"] == []


@pytest.mark.parametrize(
    ("key", "value", "unit"),
    [
        ("systolic_bp", 69.9, "mm[Hg]"),
        ("systolic_bp", 250.5, "mm[Hg]"),
        ("heart_rate", 29, "/min"),
        ("body_weight", 0.5, "kg"),
        ("body_weight", 600, "[lb_av]"),
        ("body_height", 231, "cm"),
        ("body_temperature", 43.5, "Cel"),
        ("oxygen_saturation", 65, "%"),
    ],
)
def test_confirmed_improbable_value_is_accepted_and_keeps_its_confirmation(
    check_one, key, value, unit
):
    result = check_one(key, value, unit, confirmed=[key])
    assert result.status == "accepted", result.out
    assert result.out["needs_confirmation"] == []
    assert result.out["measurements"][key]["value"] == value
    assert result.out["measurements"][key].get("confirmed") in (True, None)


def test_confirmation_of_another_field_does_not_confirm_this_one(check_one):
    result = check_one("heart_rate", 250, confirmed=["body_weight"])
    assert result.status == "needs_confirmation"
    assert result.confirm_fields() == ["heart_rate"]


def test_a_rejected_value_cannot_be_confirmed(check_one):
    result = check_one("heart_rate", 300, confirmed=["heart_rate"])
    assert result.status == "rejected"
    assert result.error_fields() == ["heart_rate"]


# ---- SBP <= DBP is a logical error (probably transposed) -----------------------------------------


@pytest.mark.parametrize(
    ("sbp", "dbp", "outcome"),
    [
        (80, 120, REJECT),
        (90, 90, REJECT),
        (90.5, 90, OK),
        (91, 90, OK),
        (120, 80, OK),
    ],
)
def test_systolic_must_be_above_diastolic(check, make_quantity, sbp, dbp, outcome):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", sbp),
            "diastolic_bp": make_quantity("diastolic_bp", dbp),
        }
    )
    assert result.status == outcome, result.out
    if outcome == REJECT:
        assert "systolic_bp" in result.error_fields()
        assert result.out["bp_category"] is None


# ---- decision 11: the low confirm limits of SBP, DBP and pulse are for adults only -------------

EIGHT_MONTHS = {"months": 8}
TEN_YEARS = {"years": 10}
SEVENTEEN = {"years": 17, "months": 11}


@pytest.mark.parametrize("age", [EIGHT_MONTHS, TEN_YEARS, SEVENTEEN], ids=["8mo", "10y", "17y11mo"])
@pytest.mark.parametrize(
    ("key", "value"),
    [("systolic_bp", 55), ("diastolic_bp", 30), ("heart_rate", 25)],
)
def test_low_confirm_limits_do_not_apply_to_children(check_one, birth_for, age, key, value):
    result = check_one(key, value, birth=birth_for(**age))
    assert result.status == "accepted", result.out
    assert result.out["needs_confirmation"] == []


def test_eight_month_old_sbp_69_is_critical_not_confirm(check_one, birth_for):
    result = check_one("systolic_bp", 69, birth=birth_for(months=8))
    assert result.status == "accepted", result.out
    assert result.interpretation("systolic_bp") == "LL"


@pytest.mark.parametrize(
    ("key", "value", "outcome"),
    [
        ("systolic_bp", 0, REJECT),
        ("systolic_bp", 400, REJECT),
        ("systolic_bp", 250.5, CONFIRM),
        ("diastolic_bp", 0, REJECT),
        ("diastolic_bp", 300, REJECT),
        ("diastolic_bp", 150.5, CONFIRM),
        ("heart_rate", 0, REJECT),
        ("heart_rate", 300, REJECT),
        ("heart_rate", 230.5, CONFIRM),
        ("heart_rate", 230, OK),
        ("respiratory_rate", 0, REJECT),
        ("body_temperature", 10, REJECT),
        ("body_temperature", 50, REJECT),
        ("body_temperature", 43.1, CONFIRM),
        ("oxygen_saturation", 0, REJECT),
        ("oxygen_saturation", 100.1, REJECT),
        ("oxygen_saturation", 69, CONFIRM),
        ("body_weight", 0, REJECT),
        ("body_weight", 0.9, CONFIRM),
        ("body_height", 9.9, REJECT),
        ("body_height", 60, OK),  # adult confirm limit 120 cm does not apply to an infant
        ("pain_score", 11, REJECT),
    ],
)
def test_limits_of_an_eight_month_old(check_one, birth_for, key, value, outcome):
    assert check_one(key, value, birth=birth_for(months=8)).status == outcome


def test_adult_respiratory_reject_limit_of_70_is_not_applied_to_infants(check_one, birth_for):
    # Fleming 99th centile at 0-3 mo is 66/min: 70/min is high, not impossible.
    result = check_one("respiratory_rate", 70, birth=birth_for(months=1))
    assert result.status == "accepted", result.out
    assert result.interpretation("respiratory_rate") == "H"


# Children: RR confirm above 1.5 x the Fleming 99th centile of the age band (the confirm tier).
# (band start as (years, months), 99th centile)
RR_99TH = [
    ((0, 0), 66),
    ((0, 3), 64),
    ((0, 6), 61),
    ((0, 9), 58),
    ((1, 0), 53),
    ((1, 6), 46),
    ((2, 0), 38),
    ((3, 0), 33),
    ((4, 0), 29),
    ((6, 0), 27),
    ((8, 0), 25),
    ((12, 0), 23),
    ((15, 0), 22),
]


@pytest.mark.parametrize(("band", "p99"), RR_99TH, ids=[f"{y}y{m}mo" for (y, m), _ in RR_99TH])
def test_child_respiratory_rate_confirm_limit(check_one, birth_for, band, p99):
    years, months = band
    birth = birth_for(years=years, months=months, days=10)
    limit = p99 * 3 / 2
    at_limit = check_one("respiratory_rate", limit, birth=birth)
    assert at_limit.out["needs_confirmation"] == [], at_limit.out
    assert at_limit.interpretation("respiratory_rate") == "H"
    above = check_one("respiratory_rate", limit + 0.5, birth=birth)
    assert above.status == CONFIRM, above.out
    assert above.confirm_fields() == ["respiratory_rate"]


def test_limits_switch_to_adult_on_the_eighteenth_birthday(check_one, birth_for):
    day_before = check_one("systolic_bp", 69, birth=birth_for(years=18, days=-1))
    assert day_before.status == OK
    on_birthday = check_one("systolic_bp", 69, birth=birth_for(years=18))
    assert on_birthday.status == CONFIRM
    rr_child = check_one("respiratory_rate", 70, birth=birth_for(years=18, days=-1))
    assert rr_child.status != REJECT
    rr_adult = check_one("respiratory_rate", 70, birth=birth_for(years=18))
    assert rr_adult.status == REJECT
