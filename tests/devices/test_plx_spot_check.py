"""PLX Spot-Check Measurement (0x2A5E): SpO2, pulse rate and the optional fields."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.devices.payloads import PLX, TIME_STAMP, hexbytes, read
from vitalsdesk.devices.gatt import decode
from vitalsdesk.devices.reading import DecodeError, Quantity

MINIMAL = "00 6100 4800"  # SpO2 97 %, pulse rate 72 /min
# Flags 0x0F: time stamp, measurement status, device and sensor status, pulse amplitude index.
# PAI 2.5 % = 25 x 10^-1 (0xF019).
EVERYTHING = f"0f 6100 4800 {TIME_STAMP} 0000 000000 19f0"


def test_spo2_and_pulse_rate() -> None:
    reading = read(PLX, MINIMAL)
    assert reading.measurements == {
        "oxygen_saturation": Quantity(Decimal(97), "%"),
        "heart_rate": Quantity(Decimal(72), "/min"),
    }
    assert reading.taken_at is None
    assert reading.status == ()
    assert reading.other == {}


def test_every_optional_field_present() -> None:
    reading = read(PLX, EVERYTHING)
    assert reading.taken_at == datetime(2026, 11, 27, 9, 30)
    index = reading.other["pulse_amplitude_index"]
    assert isinstance(index, Quantity)
    assert (format(index.value, "f"), index.unit) == ("2.5", "%")
    assert reading.status == ()


@pytest.mark.parametrize(
    ("flags", "fields", "status"),
    [
        ("01", TIME_STAMP, ()),
        ("02", "8000", ("validated data",)),
        ("04", "200000", ("low perfusion detected",)),
        ("08", "19f0", ()),
    ],
)
def test_each_optional_field_alone(flags: str, fields: str, status: tuple[str, ...]) -> None:
    reading = read(PLX, f"{flags} {MINIMAL[3:]} {fields}")
    assert reading.status == status
    assert (reading.taken_at is not None) == (flags == "01")
    assert ("pulse_amplitude_index" in reading.other) == (flags == "08")


def test_every_measurement_status_bit_in_words() -> None:
    # Bits 5-15 set (0xFFE0); bits 0-4 are reserved and say nothing.
    reading = read(PLX, "02 6100 4800 ffff")
    assert reading.status == (
        "measurement ongoing",
        "early estimated data",
        "validated data",
        "fully qualified data",
        "data from measurement storage",
        "data for demonstration",
        "data for testing",
        "calibration ongoing",
        "measurement unavailable",
        "questionable measurement detected",
        "invalid measurement detected",
    )


def test_every_device_and_sensor_status_bit_in_words() -> None:
    # Bits 0-15 set; bits 16-23 are reserved and say nothing.
    reading = read(PLX, "04 6100 4800 ffffff")
    assert reading.status == (
        "extended display update ongoing",
        "equipment malfunction detected",
        "signal processing irregularity detected",
        "inadequate signal detected",
        "poor signal detected",
        "low perfusion detected",
        "erratic signal detected",
        "nonpulsatile signal detected",
        "questionable pulse detected",
        "signal analysis ongoing",
        "sensor interference detected",
        "sensor unconnected to user",
        "unknown sensor connected",
        "sensor displaced",
        "sensor malfunctioning",
        "sensor disconnected",
    )


def test_a_time_stamp_from_a_clock_nobody_set_is_not_kept() -> None:
    reading = read(PLX, f"11 6100 4800 {TIME_STAMP}")
    assert reading.taken_at is None
    assert reading.status == ("device clock is not set",)


def test_special_spo2_and_pulse_amplitude_index_are_no_reading() -> None:
    reading = read(PLX, "08 ff07 4800 0008")
    assert set(reading.measurements) == {"heart_rate"}
    assert reading.other["pulse_amplitude_index"] is None
    assert reading.status == (
        "SpO2: no reading (not a number)",
        "pulse amplitude index: no reading (not at this resolution)",
    )


@pytest.mark.parametrize("size", range(len(hexbytes(EVERYTHING))))
def test_every_truncation_is_a_decode_error(size: int) -> None:
    with pytest.raises(DecodeError, match="ends before"):
        decode(PLX, hexbytes(EVERYTHING)[:size])


def test_an_over_long_payload_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="after the last field"):
        read(PLX, f"{MINIMAL} 00")
