"""Weight Measurement (0x2A9D): SI and imperial resolutions, BMI and height."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.devices.payloads import TIME_STAMP, WEIGHT, hexbytes, read
from vitalsdesk.devices.gatt import decode
from vitalsdesk.devices.reading import DecodeError, Quantity


def test_si_weight_has_a_resolution_of_5_grams() -> None:
    # 14000 x 0.005 kg = 70.000 kg (0x36B0).
    reading = read(WEIGHT, "00 b036")
    weight = reading.measurements["body_weight"]
    assert weight == Quantity(Decimal("70.000"), "kg")
    assert format(weight.value, "f") == "70.000"
    assert reading.other == {}


@pytest.mark.parametrize(("raw", "kg"), [(1, "0.005"), (2, "0.010"), (13999, "69.995")])
def test_each_si_step_is_exactly_5_grams(raw: int, kg: str) -> None:
    weight = decode(WEIGHT, bytes([0]) + raw.to_bytes(2, "little")).measurements["body_weight"]
    assert format(weight.value, "f") == kg


def test_imperial_weight_has_a_resolution_of_a_hundredth_pound() -> None:
    # 15432 x 0.01 lb = 154.32 lb (0x3C48).
    reading = read(WEIGHT, "01 483c")
    assert reading.measurements["body_weight"] == Quantity(Decimal("154.32"), "[lb_av]")


def test_si_bmi_and_height() -> None:
    # Flags 0x08: BMI 256 x 0.1 = 25.6; height 1750 x 0.001 m = 1.750 m (0x06D6).
    reading = read(WEIGHT, "08 b036 0001 d606")
    height = reading.measurements["body_height"]
    assert (format(height.value, "f"), height.unit) == ("1.750", "m")
    assert reading.other["bmi"] == Quantity(Decimal("25.6"), "kg/m2")


def test_imperial_bmi_and_height() -> None:
    # Height 689 x 0.1 in = 68.9 in (0x02B1).
    reading = read(WEIGHT, "09 483c 0001 b102")
    assert reading.measurements["body_height"] == Quantity(Decimal("68.9"), "[in_i]")
    assert reading.measurements["body_weight"].unit == "[lb_av]"


def test_every_optional_field_present() -> None:
    reading = read(WEIGHT, f"0e b036 {TIME_STAMP} 02 0001 d606")
    assert reading.taken_at == datetime(2026, 11, 27, 9, 30)
    assert reading.other["user_id"] == 2
    assert set(reading.measurements) == {"body_weight", "body_height"}


def test_user_0xff_is_an_unknown_user() -> None:
    assert read(WEIGHT, "04 b036 ff").other == {"user_id": None}


def test_an_unsuccessful_measurement_is_no_reading() -> None:
    reading = read(WEIGHT, "00 ffff")
    assert reading.measurements == {}
    assert reading.status == ("weight: measurement unsuccessful",)


def test_bmi_without_its_height_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="before the height"):
        read(WEIGHT, "08 b036 0001")


FULL = f"0e b036 {TIME_STAMP} 02 0001 d606"


@pytest.mark.parametrize("size", range(len(hexbytes(FULL))))
def test_every_truncation_is_a_decode_error(size: int) -> None:
    with pytest.raises(DecodeError, match="ends before"):
        decode(WEIGHT, hexbytes(FULL)[:size])


def test_an_over_long_payload_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match=r"Weight Measurement \(2A9D\): 2 bytes after"):
        read(WEIGHT, "00 b036 0001")
