"""Temperature Measurement (0x2A1C) and its Temperature Type -> method."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.devices.payloads import TEMPERATURE, TIME_STAMP, hexbytes, read
from vitalsdesk.clinical.measurements import TemperatureMethod
from vitalsdesk.devices.gatt import decode
from vitalsdesk.devices.reading import DecodeError, Quantity

# 36.6 Cel as a FLOAT: mantissa 366 (0x00016E), exponent -1 (0xFF), little-endian.
CELSIUS_36_6 = "6e0100ff"


def test_celsius() -> None:
    reading = read(TEMPERATURE, f"00 {CELSIUS_36_6}")
    temperature = reading.measurements["body_temperature"]
    assert temperature == Quantity(Decimal("36.6"), "Cel")
    assert format(temperature.value, "f") == "36.6"
    assert reading.temperature_method is None
    assert reading.measurements_json()["body_temperature"]["method"] is None


def test_fahrenheit() -> None:
    # Flags bit 0: Fahrenheit. 98.6 = 986 x 10^-1: 0xFF0003DA.
    reading = read(TEMPERATURE, "01 da0300ff")
    assert reading.measurements["body_temperature"] == Quantity(Decimal("98.6"), "[degF]")


def test_a_negative_exponent_of_two_keeps_hundredths() -> None:
    # 37.25 = 3725 x 10^-2: 0xFE000E8D.
    reading = read(TEMPERATURE, "00 8d0e00fe")
    assert format(reading.measurements["body_temperature"].value, "f") == "37.25"


# The four field orders the characteristic definition gives as its examples.
@pytest.mark.parametrize(
    ("flags", "rest", "has_time", "has_type"),
    [
        ("00", "", False, False),  # Flags, Temperature Measurement Value
        ("02", TIME_STAMP, True, False),  # ... and Time Stamp
        ("06", f"{TIME_STAMP} 06", True, True),  # ... Time Stamp and Temperature Type
        ("04", "06", False, True),  # Flags, Temperature Measurement Value, Temperature Type
    ],
)
def test_the_definitions_example_field_orders(
    flags: str, rest: str, has_time: bool, has_type: bool
) -> None:
    reading = read(TEMPERATURE, f"{flags} {CELSIUS_36_6} {rest}")
    assert reading.taken_at == (datetime(2026, 11, 27, 9, 30) if has_time else None)
    assert reading.temperature_method == (TemperatureMethod.ORAL if has_type else None)
    assert ("site" in reading.other) == has_type


@pytest.mark.parametrize(
    ("code", "method", "site"),
    [
        (1, TemperatureMethod.AXILLARY, "armpit"),
        (2, None, "body (general)"),
        (3, None, "ear (usually ear lobe)"),  # an ear lobe is not the tympanum
        (4, None, "finger"),
        (5, None, "gastro-intestinal tract"),
        (6, TemperatureMethod.ORAL, "mouth"),
        (7, TemperatureMethod.RECTAL, "rectum"),
        (8, None, "toe"),
        (9, TemperatureMethod.TYMPANIC, "tympanum (ear drum)"),
    ],
)
def test_temperature_type_to_method(code: int, method: TemperatureMethod | None, site: str) -> None:
    reading = read(TEMPERATURE, f"04 {CELSIUS_36_6} {code:02x}")
    assert reading.temperature_method == method
    assert reading.other["site"] == site
    assert reading.status == ()
    entry = reading.measurements_json()["body_temperature"]
    assert entry["method"] == (method.value if method else None)


@pytest.mark.parametrize("code", [0, 10, 255])
def test_a_reserved_temperature_type_leaves_the_method_to_the_ma(code: int) -> None:
    reading = read(TEMPERATURE, f"04 {CELSIUS_36_6} {code:02x}")
    assert reading.temperature_method is None
    assert reading.other["site"] is None
    assert reading.status == (f"temperature type {code} is not a site the standard names",)


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("ffff7f00", "not a number"),
        ("00008000", "not at this resolution"),
        ("feff7f00", "positive infinity"),
        ("02008000", "negative infinity"),
        ("01008000", "reserved value"),
    ],
)
def test_a_special_temperature_is_no_reading(raw: str, why: str) -> None:
    # A thermometer out of its range (NRes) must never show as a number.
    reading = read(TEMPERATURE, f"04 {raw} 06")
    assert reading.measurements == {}
    assert reading.status == (f"temperature: no reading ({why})",)
    assert reading.temperature_method is TemperatureMethod.ORAL


FULL = f"06 {CELSIUS_36_6} {TIME_STAMP} 09"


@pytest.mark.parametrize("size", range(len(hexbytes(FULL))))
def test_every_truncation_is_a_decode_error(size: int) -> None:
    with pytest.raises(DecodeError, match="ends before"):
        decode(TEMPERATURE, hexbytes(FULL)[:size])


def test_an_over_long_payload_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="1 byte after the last field"):
        read(TEMPERATURE, f"{FULL} 00")
