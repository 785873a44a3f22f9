"""Contradictions settled by decision 20 of docs/clinical-basis.md (range-table safety:
test_clinical_range_safety).

- Axillary temperature flags at 38.0 °C like the other methods (not at 37.5 °C).
- Adults get no BMI flag, only the clinician-facing category.
- Children's heart and respiratory rates use the Fleming centiles only, not the PALS ranges.
- SpO2 is LL at 91 % or less at every age from birth.
- `check` exits 0 for an accepted set even when a value is critical; the output shows it.
"""

from __future__ import annotations

import pytest

METHODS = ["oral", "tympanic", "temporal", "axillary", "rectal"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("age", [{"days": 90}, {"years": 5}, {"years": 40}, {"years": 80}], ids=str)
@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (37.5, "Cel", "N"),
        (37.6, "Cel", "N"),
        (37.9, "Cel", "N"),
        (37.95, "Cel", "N"),
        (38.0, "Cel", "H"),
        (99.5, "[degF]", "N"),
        (100.3, "[degF]", "N"),
        (100.4, "[degF]", "H"),
    ],
)
def test_every_method_axillary_included_flags_at_38(
    check_one, birth_for, method, age, value, unit, expected
):
    result = check_one("body_temperature", value, unit, method=method, birth=birth_for(**age))
    assert result.interpretation("body_temperature") == expected


@pytest.mark.parametrize("age", [{"years": 20}, {"years": 46}, {"years": 90}], ids=str)
@pytest.mark.parametrize(
    ("weight", "height", "bmi", "category"),
    [
        (45, 170, "15.6", "underweight"),
        (60, 170, "20.8", "healthy-weight"),
        (80, 170, "27.7", "overweight"),
        (125, 170, "43.3", "obesity-class-3"),
    ],
)
def test_adults_get_a_bmi_category_but_no_flag(
    check, make_quantity, birth_for, age, weight, height, bmi, category
):
    result = check(
        {
            "body_weight": make_quantity("body_weight", weight),
            "body_height": make_quantity("body_height", height),
        },
        birth=birth_for(**age),
    )
    assert result.status == "accepted", result.out
    assert result.out["needs_confirmation"] == []
    assert result.out["bmi"] == {"value": bmi, "category": category}
    # No interpretation anywhere for BMI, and none for weight or height either.
    assert "bmi" not in result.out["measurements"]
    assert result.interpretation("body_weight") is None
    assert result.interpretation("body_height") is None


@pytest.mark.parametrize(
    ("age", "key", "value", "expected", "pals_would_say"),
    [
        # Inside Fleming's 1st-99th centile although outside the PALS awake range: not flagged.
        ({"years": 6}, "heart_rate", 120, "N", "above 75-118"),
        ({"years": 13}, "heart_rate", 105, "N", "above 60-100"),
        ({"years": 13}, "heart_rate", 55, "N", "below 60-100"),
        ({"months": 8}, "respiratory_rate", 55, "N", "above 30-53"),
        ({"years": 4}, "respiratory_rate", 29, "N", "above 20-28"),
        ({"years": 10}, "respiratory_rate", 16, "N", "below 18-25"),
        # Outside Fleming's centiles although inside the PALS range: flagged.
        ({"months": 1}, "heart_rate", 185, "H", "inside 100-190"),
        ({"years": 9}, "heart_rate", 116, "H", "inside 75-118"),
        ({"years": 5}, "heart_rate", 78, "N", "below 80-120"),
    ],
    ids=str,
)
def test_children_heart_and_breathing_rates_use_fleming_only(
    check_one, birth_for, age, key, value, expected, pals_would_say
):
    assert check_one(key, value, birth=birth_for(**age)).interpretation(key) == expected


@pytest.mark.parametrize("on_oxygen", [False, True], ids=["air", "oxygen"])
@pytest.mark.parametrize(
    "age", [{"days": 0}, {"days": 1}, {"days": 10}, {"days": 27}, {"days": 89}], ids=str
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(85, "LL"), (91, "LL"), (91.5, "L"), (92, "L"), (95, "L"), (95.5, "N"), (96, "N"), (100, "N")],
)
def test_spo2_bands_apply_from_birth(
    check, make_quantity, birth_for, on_oxygen, age, value, expected
):
    extra = {"on_supplemental_oxygen": on_oxygen}
    result = check(
        {"oxygen_saturation": make_quantity("oxygen_saturation", value, **extra)},
        birth=birth_for(**age),
    )
    assert result.out["errors"] == [], result.out
    assert result.interpretation("oxygen_saturation") == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("birth_age", "key", "quantity", "expected"),
    [
        ({"years": 46}, "heart_rate", {"value": 140, "unit": "/min"}, "HH"),
        ({"years": 46}, "systolic_bp", {"value": 185, "unit": "mm[Hg]"}, "HH"),
        ({"years": 46}, "oxygen_saturation", {"value": 88, "unit": "%"}, "LL"),
        (
            {"days": 10},
            "body_temperature",
            {"value": 38.0, "unit": "Cel", "method": "axillary"},
            "HH",
        ),
    ],
    ids=["adult-pulse", "adult-sbp", "adult-spo2", "infant-fever"],
)
def test_check_exits_0_for_an_accepted_set_with_a_critical_value(
    run_cli, make_doc, birth_for, birth_age, key, quantity, expected
):
    result = run_cli(make_doc({key: quantity}, birth=birth_for(**birth_age)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.json
    assert out["status"] == "accepted"
    entry = out["measurements"][key]
    assert entry["interpretation"] == expected
    assert "tell the clinician now" in entry["message"].lower()
