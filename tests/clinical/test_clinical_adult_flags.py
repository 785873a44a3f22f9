"""Adult flags and criticals (docs/clinical-basis.md, "Reference ranges: adults"; product decisions
2, 4, 9, 10, 12, 16).

Written limits are inclusive as written and the bands are contiguous (decision 10), so every limit
is tested on the value itself and on a value half a unit (or 0.1) to each side.
"""

from __future__ import annotations

import pytest

ADULT_FLAGS = [
    # Pulse: N 60-100, flag < 60 or > 100, critical <= 40 or >= 131.
    ("heart_rate", 35, "/min", "LL"),
    ("heart_rate", 40, "/min", "LL"),
    ("heart_rate", 40.5, "/min", "L"),
    ("heart_rate", 41, "/min", "L"),
    ("heart_rate", 59.9, "/min", "L"),
    ("heart_rate", 60, "/min", "N"),
    ("heart_rate", 72, "/min", "N"),
    ("heart_rate", 100, "/min", "N"),
    ("heart_rate", 100.5, "/min", "H"),
    ("heart_rate", 101, "/min", "H"),
    ("heart_rate", 130, "/min", "H"),
    ("heart_rate", 130.5, "/min", "H"),
    ("heart_rate", 131, "/min", "HH"),
    ("heart_rate", 180, "/min", "HH"),
    # Respiratory rate: N 12-20, flag < 12 or > 20, critical <= 8 or >= 25.
    ("respiratory_rate", 6, "/min", "LL"),
    ("respiratory_rate", 8, "/min", "LL"),
    ("respiratory_rate", 8.5, "/min", "L"),
    ("respiratory_rate", 11.9, "/min", "L"),
    ("respiratory_rate", 12, "/min", "N"),
    ("respiratory_rate", 20, "/min", "N"),
    ("respiratory_rate", 20.5, "/min", "H"),
    ("respiratory_rate", 24, "/min", "H"),
    ("respiratory_rate", 24.5, "/min", "H"),
    ("respiratory_rate", 25, "/min", "HH"),
    # SpO2 (scale 1): N >= 96, flag <= 95, critical <= 91.
    ("oxygen_saturation", 100, "%", "N"),
    ("oxygen_saturation", 96, "%", "N"),
    ("oxygen_saturation", 95.5, "%", "N"),
    ("oxygen_saturation", 95, "%", "L"),
    ("oxygen_saturation", 92, "%", "L"),
    ("oxygen_saturation", 91.5, "%", "L"),
    ("oxygen_saturation", 91, "%", "LL"),
    ("oxygen_saturation", 80, "%", "LL"),
    # Temperature in Cel: flag >= 38.0 or <= 36.0, critical <= 35.0.
    ("body_temperature", 34, "Cel", "LL"),
    ("body_temperature", 35.0, "Cel", "LL"),
    ("body_temperature", 35.1, "Cel", "L"),
    ("body_temperature", 36.0, "Cel", "L"),
    ("body_temperature", 36.05, "Cel", "N"),
    ("body_temperature", 36.1, "Cel", "N"),
    ("body_temperature", 37.0, "Cel", "N"),
    ("body_temperature", 37.9, "Cel", "N"),
    ("body_temperature", 37.95, "Cel", "N"),
    ("body_temperature", 38.0, "Cel", "H"),
    ("body_temperature", 39.5, "Cel", "H"),
    ("body_temperature", 42, "Cel", "H"),
    # Temperature in [degF]: flag >= 100.4 or <= 96.8, critical <= 95.0.
    ("body_temperature", 93.2, "[degF]", "LL"),
    ("body_temperature", 95.0, "[degF]", "LL"),
    ("body_temperature", 95.1, "[degF]", "L"),
    ("body_temperature", 96.8, "[degF]", "L"),
    ("body_temperature", 96.9, "[degF]", "N"),
    ("body_temperature", 98.6, "[degF]", "N"),
    ("body_temperature", 100.3, "[degF]", "N"),
    ("body_temperature", 100.4, "[degF]", "H"),
    ("body_temperature", 103, "[degF]", "H"),
    # Systolic: LL <= 90, L 91-100, N below 120, H from 120, HH at 180 or higher (decision 16).
    ("systolic_bp", 75, "mm[Hg]", "LL"),
    ("systolic_bp", 90, "mm[Hg]", "LL"),
    ("systolic_bp", 90.5, "mm[Hg]", "L"),
    ("systolic_bp", 91, "mm[Hg]", "L"),
    ("systolic_bp", 100, "mm[Hg]", "L"),
    ("systolic_bp", 100.5, "mm[Hg]", "N"),
    ("systolic_bp", 101, "mm[Hg]", "N"),
    ("systolic_bp", 119, "mm[Hg]", "N"),
    ("systolic_bp", 119.5, "mm[Hg]", "N"),
    ("systolic_bp", 120, "mm[Hg]", "H"),
    ("systolic_bp", 179, "mm[Hg]", "H"),
    ("systolic_bp", 179.5, "mm[Hg]", "H"),
    ("systolic_bp", 180, "mm[Hg]", "HH"),
    ("systolic_bp", 180.5, "mm[Hg]", "HH"),
    ("systolic_bp", 181, "mm[Hg]", "HH"),
    # Diastolic: N below 80, H from 80, HH at 120 or higher (decision 16), no low flag.
    ("diastolic_bp", 40, "mm[Hg]", "N"),
    ("diastolic_bp", 79, "mm[Hg]", "N"),
    ("diastolic_bp", 79.5, "mm[Hg]", "N"),
    ("diastolic_bp", 80, "mm[Hg]", "H"),
    ("diastolic_bp", 119, "mm[Hg]", "H"),
    ("diastolic_bp", 119.5, "mm[Hg]", "H"),
    ("diastolic_bp", 120, "mm[Hg]", "HH"),
    ("diastolic_bp", 120.5, "mm[Hg]", "HH"),
    ("diastolic_bp", 121, "mm[Hg]", "HH"),
    # Pain: N at 0, H from 1.
    ("pain_score", 0, "{score}", "N"),
    ("pain_score", 1, "{score}", "H"),
    ("pain_score", 10, "{score}", "H"),
    # Weight, height and head circumference have no interpretation (decision 13).
    ("body_weight", 70, "kg", None),
    ("body_weight", 154, "[lb_av]", None),
    ("body_height", 170, "cm", None),
    ("body_height", 65, "[in_i]", None),
    ("head_circumference", 56, "cm", None),
]


@pytest.mark.parametrize(("key", "value", "unit", "expected"), ADULT_FLAGS)
def test_adult_interpretation(check_one, key, value, unit, expected):
    result = check_one(key, value, unit)
    assert result.out["errors"] == [], result.out
    assert result.interpretation(key) == expected


@pytest.mark.parametrize(
    ("sex"),
    ["female", "male", "other", "unknown"],
)
def test_adult_flags_do_not_depend_on_sex(check_one, sex):
    assert check_one("heart_rate", 100.5, sex=sex).interpretation("heart_rate") == "H"
    assert check_one("heart_rate", 100, sex=sex).interpretation("heart_rate") == "N"


@pytest.mark.parametrize(
    ("interpretation", "value", "words", "absent"),
    [
        ("N", 72, [], ["tell the clinician"]),
        ("H", 110, ["tell the clinician"], ["now"]),
        ("L", 55, ["tell the clinician"], ["now"]),
        ("HH", 140, ["tell the clinician now"], []),
        ("LL", 35, ["tell the clinician now"], []),
    ],
)
def test_flag_message_is_neutral(check_one, interpretation, value, words, absent):
    """Decision 6: the MA sees a neutral flag, never a diagnosis."""
    result = check_one("heart_rate", value)
    entry = result.out["measurements"]["heart_rate"]
    assert entry["interpretation"] == interpretation
    message = entry["message"].lower()
    assert message
    for word in words:
        assert word in message
    for word in absent:
        assert word not in message
    for diagnosis in ("tachycardia", "bradycardia", "hypertension", "fever", "obes"):
        assert diagnosis not in message


@pytest.mark.parametrize("on_oxygen", [False, True])
@pytest.mark.parametrize(("value", "expected"), [(96, "N"), (95.5, "N"), (95, "L"), (91, "LL")])
def test_spo2_bands_are_the_same_on_air_or_oxygen(check, make_quantity, on_oxygen, value, expected):
    extra = {"on_supplemental_oxygen": on_oxygen}
    if on_oxygen:
        extra["oxygen_flow"] = 2
    result = check({"oxygen_saturation": make_quantity("oxygen_saturation", value, **extra)})
    assert result.out["errors"] == [], result.out
    assert result.interpretation("oxygen_saturation") == expected


def test_oxygen_flow_without_oxygen_is_an_error(check, make_quantity):
    result = check({"oxygen_saturation": make_quantity("oxygen_saturation", 97, oxygen_flow=2)})
    assert result.status == "rejected"
    assert result.error_fields() == ["oxygen_saturation"]
