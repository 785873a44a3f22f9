"""`vitalsdesk check` for children: the growth key and the implausible-value confirm tier
(product decision 17).

Medians are WHO's own (WHO Child Growth Standards 2006, boys at 365 days: weight 9.646 kg,
length 75.7391 cm, head circumference 46.0637 cm; weight-for-length at 75.0 cm: 9.5032 kg). A
value at the median is z 0 whatever L and S are, so these expectations need nothing from the code.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import NormalDist

import pytest

WHO = "WHO Child Growth Standards 2006"
CDC = "CDC 2000 growth charts"
INDICATORS = {
    "weight_for_age",
    "height_for_age",
    "head_circumference_for_age",
    "weight_for_length",
    "bmi_for_age",
}
UNUSUAL = "is unusual for this age — measure again, then confirm."


def _decimals(number: float) -> int:
    text = repr(number)
    return len(text.split(".")[1]) if "." in text else 0


def _shape(growth: dict) -> None:
    """Each indicator: z (2 decimals), percentile (1 decimal, 100·Φ(z)), reference text."""
    assert set(growth) <= INDICATORS
    for value in growth.values():
        assert set(value) == {"z", "percentile", "reference"}
        assert isinstance(value["z"], float | int) and _decimals(value["z"]) <= 2
        assert isinstance(value["percentile"], float | int) and _decimals(value["percentile"]) <= 1
        assert isinstance(value["reference"], str) and value["reference"]
        if abs(value["z"]) < 3 and value["reference"] in (WHO, CDC):
            expected = 100 * NormalDist().cdf(value["z"])
            assert abs(value["percentile"] - expected) <= 0.5  # z itself is rounded


def test_a_one_year_old_at_the_who_medians(check, make_quantity, birth_for):
    result = check(
        {
            "body_weight": make_quantity("body_weight", "9.646", "kg"),
            "body_height": make_quantity("body_height", "75.7391", "cm"),
            "head_circumference": make_quantity("head_circumference", "46.0637", "cm"),
        },
        birth=birth_for(years=1),
        sex="male",
    )
    assert result.status == "accepted", result.out
    growth = result.out["growth"]
    _shape(growth)
    assert set(growth) == {
        "weight_for_age",
        "height_for_age",
        "head_circumference_for_age",
        "weight_for_length",
    }
    for name in ("weight_for_age", "height_for_age", "head_circumference_for_age"):
        assert growth[name] == {"z": 0.0, "percentile": 50.0, "reference": WHO}
    assert growth["weight_for_length"]["reference"] == WHO


def test_weight_for_length_at_the_who_median(check, make_quantity, birth_for):
    result = check(
        {
            "body_weight": make_quantity("body_weight", "9.5032", "kg"),
            "body_height": make_quantity("body_height", "75.0", "cm"),
        },
        birth=birth_for(years=1),
        sex="male",
    )
    assert result.out["growth"]["weight_for_length"] == {
        "z": 0.0,
        "percentile": 50.0,
        "reference": WHO,
    }


def test_from_two_years_the_cdc_charts_and_bmi_for_age(check, make_quantity, birth_for):
    result = check(
        {
            "body_weight": make_quantity("body_weight", 32, "kg"),
            "body_height": make_quantity("body_height", 138, "cm"),
        },
        birth=birth_for(years=10),
    )
    assert result.status == "accepted", result.out
    growth = result.out["growth"]
    _shape(growth)
    # BMI-for-age from 2 years; weight-for-length and head circumference (to 36 months) are not
    # charted at 10 years: absent, not null.
    assert set(growth) == {"weight_for_age", "height_for_age", "bmi_for_age"}
    assert {v["reference"] for v in growth.values()} == {CDC}
    # 32 / 1.38² = 16.8: a girl's CDC 5th to 85th percentile at 120.5 months is 14.0 to 20.0.
    assert result.out["bmi"] == {"value": "16.8", "category": "healthy-weight"}


def test_above_the_95th_percentile_the_extended_bmi_reference(check, make_quantity, birth_for):
    result = check(
        {
            "body_weight": make_quantity("body_weight", 60, "kg"),
            "body_height": make_quantity("body_height", 140, "cm"),
        },
        birth=birth_for(years=10),
        confirmed=["body_weight", "bmi"],
        # 30.6: above a girl's 95th percentile at 10 years (23.0 in CDC's data file) and
        # 133 % of it: obesity class 2 (>= 120 % of the 95th, AAP 2023).
    )
    bmi_for_age = result.out["growth"]["bmi_for_age"]
    assert bmi_for_age["reference"].startswith("CDC 2022 extended BMI-for-age")
    assert bmi_for_age["percentile"] > 95
    assert result.out["bmi"] == {"value": "30.6", "category": "obesity-class-2"}


def test_head_circumference_stops_at_36_months(check, make_quantity, birth_for):
    head = {"head_circumference": make_quantity("head_circumference", "49", "cm")}
    assert (
        "head_circumference_for_age"
        in check(head, birth=birth_for(years=2, months=11)).out["growth"]
    )
    assert check(head, birth=birth_for(years=3, months=1)).out["growth"] == {}


@pytest.mark.parametrize(
    ("age", "has_growth"),
    [
        ({"years": 19, "months": 11}, True),
        ({"years": 20}, False),
        ({"years": 45}, False),
    ],
    ids=str,
)
def test_adults_get_no_growth_key(check, make_quantity, birth_for, age, has_growth):
    result = check({"body_weight": make_quantity("body_weight", 60, "kg")}, birth=birth_for(**age))
    assert ("growth" in result.out) is has_growth


def test_a_child_without_growth_measurements_gets_an_empty_growth_object(
    check, make_quantity, birth_for
):
    result = check({"heart_rate": make_quantity("heart_rate", 110)}, birth=birth_for(years=4))
    assert result.out["growth"] == {}


def test_no_percentiles_for_a_sex_the_charts_are_not_drawn_for(check, make_quantity, birth_for):
    result = check(
        {"body_weight": make_quantity("body_weight", 45, "kg")},
        birth=birth_for(years=2, months=6),
        sex="unknown",
    )
    assert result.out["growth"] == {}
    assert result.status == "accepted"


# --- the confirm tier ----------------------------------------------------------------------


def test_a_30_month_old_of_45_kg_needs_confirmation_exit_3(run_cli, make_doc, make_quantity):
    """Regression: this was accepted without a question (exit 0) before the BIV limits of
    decision 17 were the confirm tier."""
    doc = make_doc(
        {"body_weight": make_quantity("body_weight", 45, "kg")},
        birth="2024-01-15",
        taken="2026-07-15T10:00:00-05:00",
        sex="male",
    )
    result = run_cli(doc)
    assert result.returncode == 3, result.stdout + result.stderr
    out = result.json
    assert out["status"] == "needs_confirmation"
    assert [p["field"] for p in out["needs_confirmation"]] == ["body_weight"]
    assert out["needs_confirmation"][0]["message"] == f"Weight 45 kg {UNUSUAL}"
    assert out["growth"]["weight_for_age"]["reference"] == CDC
    assert out["growth"]["weight_for_age"]["z"] > 5


def test_the_confirmed_value_is_accepted_and_marked_confirmed(run_cli, make_doc, make_quantity):
    doc = make_doc(
        {"body_weight": make_quantity("body_weight", 45, "kg")},
        birth="2024-01-15",
        taken="2026-07-15T10:00:00-05:00",
        sex="male",
        confirmed=["body_weight"],
    )
    doc["confirmation_reasons"] = {"body_weight": "re-weighed on the floor scale"}
    result = run_cli(doc)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.json["measurements"]["body_weight"]["confirmed"] is True


@pytest.mark.parametrize(
    ("measurements", "confirm_fields"),
    [
        # A 10-year-old girl: stature 100 cm is a CDC modified z below -5 (median 138.2).
        ({"body_height": ("body_height", 100, "cm")}, ["body_height"]),
        # A girl at 120.5 months, CDC's L, M, S: weight median 33.1 kg, z +2 at 53.2 kg, so
        # 120 kg is modified z 8.6 (> +8); BMI 60.4 against median 16.9, z +2 at 25.6: 10.0.
        (
            {"body_weight": ("body_weight", 120, "kg"), "body_height": ("body_height", 141, "cm")},
            ["body_weight", "bmi"],
        ),
    ],
    ids=["stature", "weight and bmi"],
)
def test_cdc_implausible_values_need_confirmation(
    check, make_quantity, birth_for, measurements, confirm_fields
):
    result = check(
        {k: make_quantity(*v) for k, v in measurements.items()}, birth=birth_for(years=10)
    )
    assert result.status == "needs_confirmation", result.out
    assert result.confirm_fields() == confirm_fields
    for field in confirm_fields:
        assert all("unusual for this age" in m for m in result.messages(field))


def test_an_infant_head_circumference_far_off_the_who_chart(check, make_quantity, birth_for):
    # WHO head circumference-for-age at 365 days: median 46.06 cm, S 0.02789: 30 cm is z -12.
    result = check(
        {"head_circumference": make_quantity("head_circumference", 30, "cm")},
        birth=birth_for(years=1),
        sex="male",
    )
    assert result.confirm_fields() == ["head_circumference"]
    assert result.messages("head_circumference") == [f"Head circumference 30 cm {UNUSUAL}"]


def test_an_unusual_value_asked_once_even_when_a_range_limit_also_asks(
    check, make_quantity, birth_for
):
    # 0.9 kg at 8 months: below the 1 kg confirm limit of every age, and far off the WHO chart.
    result = check(
        {"body_weight": make_quantity("body_weight", "0.9", "kg")}, birth=birth_for(months=8)
    )
    assert result.confirm_fields() == ["body_weight"]


def test_the_confirm_tier_needs_the_growth_tables(table, make_doc, make_quantity):
    """Without the tables nothing is computed (the pure core reads no file): every door passes
    them, and this is what it would miss."""
    from tests.clinical.conftest import as_json_input
    from vitalsdesk.clinical.assessment import check_document

    doc = as_json_input(
        make_doc(
            {"body_weight": make_quantity("body_weight", 45, "kg")},
            birth="2024-01-15",
            taken="2026-07-15T10:00:00-05:00",
        )
    )
    bare = check_document(doc, table)
    assert bare.status == "accepted"
    assert "growth" not in bare.to_json()
    assert bare.measurements["body_weight"].value == Decimal(45)
