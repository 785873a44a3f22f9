"""Units: values kept as entered, exact conversions, messages that help (docs/clinical-basis.md,
"Units and exact arithmetic" and "Temperature"; decisions 1, 4, 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vitalsdesk.clinical.units import Unit, decimal_places, to_canonical


def test_fahrenheit_round_trip(check_one):
    result = check_one("body_temperature", 98.6, "[degF]")
    entry = result.out["measurements"]["body_temperature"]
    assert entry["value"] == 98.6
    assert entry["unit"] == "[degF]"
    assert entry["canonical"] == {"value": "37.0", "unit": "Cel"}
    assert entry["interpretation"] == "N"


@pytest.mark.parametrize(
    ("key", "value", "unit", "canonical", "canonical_unit"),
    [
        ("body_temperature", 98.6, "[degF]", "37.0", "Cel"),
        ("body_temperature", 100.4, "[degF]", "38.0", "Cel"),
        ("body_temperature", 96.8, "[degF]", "36.0", "Cel"),
        ("body_temperature", 101, "[degF]", "38.3", "Cel"),
        ("body_temperature", 37.5, "Cel", "37.5", "Cel"),
        ("body_weight", 154, "[lb_av]", "69.9", "kg"),  # 69.853
        ("body_weight", 100, "[lb_av]", "45.4", "kg"),  # 45.359237
        ("body_weight", 3500, "g", "3.5", "kg"),
        ("body_weight", 70.25, "kg", "70.25", "kg"),
        ("body_height", 65, "[in_i]", "165.1", "cm"),
        ("body_height", 77, "[in_i]", "195.6", "cm"),  # 195.58
        ("head_circumference", 18, "[in_i]", "45.7", "cm"),  # 45.72
        ("body_height", 172.5, "cm", "172.5", "cm"),
        ("heart_rate", 72, "/min", "72", "/min"),
        ("systolic_bp", 128, "mm[Hg]", "128", "mm[Hg]"),
        ("oxygen_saturation", 97, "%", "97", "%"),
    ],
)
def test_value_as_entered_and_canonical(check_one, key, value, unit, canonical, canonical_unit):
    result = check_one(key, value, unit, confirmed=[key])
    entry = result.out["measurements"][key]
    assert entry["value"] == value
    assert type(entry["value"]) is type(value)
    assert entry["unit"] == unit
    assert entry["canonical"] == {"value": canonical, "unit": canonical_unit}


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1", Unit.POUND, "0.45359237"),
        ("100", Unit.POUND, "45.359237"),
        ("2.2", Unit.POUND, "0.997903214"),
        ("1", Unit.INCH, "2.54"),
        ("77", Unit.INCH, "195.58"),
        ("1000", Unit.GRAM, "1"),
        ("212", Unit.DEG_F, "100"),
        ("32", Unit.DEG_F, "0"),
        ("-40", Unit.DEG_F, "-40"),
        ("98.6", Unit.DEG_F, "37"),
        ("100.4", Unit.DEG_F, "38"),
        ("95.0", Unit.DEG_F, "35"),
        ("37.2", Unit.CEL, "37.2"),
    ],
)
def test_exact_conversion_factors(value, unit, expected):
    assert to_canonical(Decimal(value), unit) == Decimal(expected)


# ---- rejection messages: field, value, accepted range in the unit used, other-unit hint ----------


@pytest.mark.parametrize(
    ("key", "value", "unit", "must_contain", "hint"),
    [
        ("body_temperature", 37.0, "[degF]", ["Temperature", "37.0", "°F", "50", "122"], "°C"),
        ("body_temperature", 98.6, "Cel", ["Temperature", "98.6", "°C", "10", "50"], "°F"),
        ("body_temperature", 5, "Cel", ["Temperature", "5", "°C", "10", "50"], None),
        ("body_temperature", 130, "[degF]", ["Temperature", "130", "°F", "122"], None),
        ("body_weight", 700, "kg", ["Weight", "700", "kg", "650"], "lb"),
        ("body_weight", 0, "kg", ["Weight", "0", "kg"], None),
        ("body_weight", 1500, "[lb_av]", ["Weight", "1500", "lb", "1433"], None),
        ("body_height", 5, "cm", ["Height", "5", "cm", "10", "272"], "in"),
        ("body_height", 300, "cm", ["Height", "300", "cm", "272"], None),
        ("body_height", 110, "[in_i]", ["Height", "110", "in", "107.1"], "cm"),
        ("systolic_bp", 400, "mm[Hg]", ["Systolic", "400", "mmHg"], None),
        ("heart_rate", 300, "/min", ["Heart rate", "300", "/min"], None),
        ("oxygen_saturation", 101, "%", ["saturation", "101", "100"], None),
        ("head_circumference", 120, "cm", ["Head circumference", "120", "100"], None),
    ],
)
def test_rejection_message(check_one, key, value, unit, must_contain, hint):
    result = check_one(key, value, unit)
    assert result.status == "rejected"
    assert result.error_fields() == [key]
    (message,) = result.messages(key)
    for text in must_contain:
        assert text in message, (text, message)
    lowered = message.lower()
    if hint is None:
        assert "did you mean" not in lowered, message
    else:
        assert "did you mean" in lowered, message
        assert hint in message[lowered.index("did you mean") :], message


def test_rejected_fahrenheit_message_gives_the_range_in_fahrenheit(check_one):
    (message,) = check_one("body_temperature", 37.0, "[degF]").messages("body_temperature")
    before_hint = message[: message.lower().index("did you mean")]
    assert "°C" not in before_hint  # the accepted range is written in the unit the MA used


@pytest.mark.parametrize(
    ("key", "unit", "must_contain"),
    [
        ("systolic_bp", "mmHg", ["mmHg", "mm[Hg]"]),
        ("diastolic_bp", "mm Hg", ["mm Hg", "mm[Hg]"]),
        ("heart_rate", "bpm", ["bpm", "/min"]),
        ("heart_rate", "kg", ["kg", "/min"]),
        ("body_temperature", "C", ["Cel"]),
        ("body_temperature", "F", ["[degF]"]),
        ("body_temperature", "K", ["Cel", "[degF]"]),
        ("body_weight", "lbs", ["[lb_av]"]),
        ("body_weight", "lb", ["[lb_av]"]),
        ("body_height", "in", ["[in_i]"]),
        ("body_height", "furlong", ["cm", "[in_i]"]),
        ("oxygen_saturation", "percent", ["%"]),
        ("pain_score", "kg", ["{score}"]),
    ],
)
def test_unknown_unit_gets_a_clear_message(check_one, key, unit, must_contain):
    result = check_one(key, 50, unit)
    assert result.status == "rejected"
    assert result.error_fields() == [key]
    (message,) = result.messages(key)
    for text in must_contain:
        assert text in message, (text, message)


def test_pain_score_unit_may_be_omitted(check, make_quantity):
    result = check({"pain_score": {"value": 3}})
    assert result.status == "accepted", result.out
    assert result.interpretation("pain_score") == "H"


def test_every_unit_error_is_listed(check, make_quantity):
    result = check(
        {
            "systolic_bp": make_quantity("systolic_bp", 120, "mmHg"),
            "heart_rate": make_quantity("heart_rate", 72, "bpm"),
            "body_weight": make_quantity("body_weight", 154, "lbs"),
        }
    )
    assert result.status == "rejected"
    assert sorted(result.error_fields()) == ["body_weight", "heart_rate", "systolic_bp"]


# ---- temperature method (decision 4) -----------------------------------------------------------

METHODS = ["oral", "tympanic", "temporal", "axillary", "rectal"]


def test_temperature_method_is_required(check):
    result = check({"body_temperature": {"value": 37.0, "unit": "Cel"}})
    assert result.status == "rejected"
    assert result.error_fields() == ["body_temperature"]
    assert "method" in result.messages("body_temperature")[0]


@pytest.mark.parametrize("method", ["forehead", "ORAL", "", None, 1])
def test_unknown_temperature_method_is_an_error(check, method):
    result = check({"body_temperature": {"value": 37.0, "unit": "Cel", "method": method}})
    assert result.status == "rejected"
    assert result.error_fields() == ["body_temperature"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("value", "unit", "canonical", "expected"),
    [
        (38.0, "Cel", "38.0", "H"),
        (37.9, "Cel", "37.9", "N"),
        (37.6, "Cel", "37.6", "N"),
        (36.0, "Cel", "36.0", "L"),
        (35.0, "Cel", "35.0", "LL"),
        (100.4, "[degF]", "38.0", "H"),
        (99.7, "[degF]", "37.6", "N"),
        (96.8, "[degF]", "36.0", "L"),
    ],
)
def test_temperature_is_never_converted_between_methods(
    check_one, method, value, unit, canonical, expected
):
    """Same bands for every method (decision 12, axillary included); no +/- offset per site."""
    result = check_one("body_temperature", value, unit, method=method)
    entry = result.out["measurements"]["body_temperature"]
    assert entry["value"] == value
    assert entry["unit"] == unit
    assert entry["canonical"] == {"value": canonical, "unit": "Cel"}
    assert entry["interpretation"] == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [("98.6", 1), ("37.50", 2), ("120", 0), ("1E+2", 0), ("0.001", 3), ("-0.5", 1), ("NaN", 0)],
)
def test_decimal_places_counts_the_digits_written_after_the_point(text: str, places: int) -> None:
    assert decimal_places(Decimal(text)) == places


# A cuff set to kPa and a scale's height in metres (Bluetooth devices report these): kept as
# entered, converted for the rules by UCUM's definition 1 mm[Hg] = 0.133322 kPa (m[Hg] = 133.3220
# kPa). 16.0 kPa / 0.133322 = 120.0102... mm[Hg]; 10.7 kPa = 80.2568... mm[Hg].
@pytest.mark.parametrize(
    ("key", "value", "unit", "canonical", "canonical_unit"),
    [
        ("systolic_bp", 16.0, "kPa", "120.0", "mm[Hg]"),
        ("diastolic_bp", 10.7, "kPa", "80.3", "mm[Hg]"),
        ("body_height", 1.755, "m", "175.5", "cm"),
        ("head_circumference", 0.45, "m", "45.0", "cm"),
    ],
)
def test_device_units_are_kept_as_entered(check_one, key, value, unit, canonical, canonical_unit):
    result = check_one(key, value, unit, confirmed=[key])
    entry = result.out["measurements"][key]
    assert (entry["value"], entry["unit"]) == (value, unit)
    assert entry["canonical"] == {"value": canonical, "unit": canonical_unit}


def test_kpa_is_converted_by_the_ucum_definition_not_a_rounded_factor():
    # 13.3322 kPa is exactly 100 mm[Hg] in UCUM; a rounded factor (x 7.50062) gives 100.0001...
    assert to_canonical(Decimal("13.3322"), Unit.KPA) == Decimal(100)
    assert to_canonical(Decimal("1.8"), Unit.METRE) == Decimal(180)


def test_kpa_blood_pressure_is_flagged_like_its_mm_hg_value(check_one):
    # 24.0 kPa = 180.01 mm[Hg]: the same flag as a typed 180.
    kpa = check_one("systolic_bp", 24.0, "kPa", confirmed=["systolic_bp"])
    mm = check_one("systolic_bp", 180, "mm[Hg]", confirmed=["systolic_bp"])
    flag = "interpretation"
    assert (
        kpa.out["measurements"]["systolic_bp"][flag] == mm.out["measurements"]["systolic_bp"][flag]
    )
