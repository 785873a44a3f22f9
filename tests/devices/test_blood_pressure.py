"""Blood Pressure Measurement (0x2A35)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.devices.payloads import BP, TIME_STAMP, hexbytes, read
from vitalsdesk.devices.gatt import decode
from vitalsdesk.devices.reading import DecodeError, Quantity

# Flags 0x00: mmHg and nothing optional. 114 mmHg is the SIG white paper's own SFLOAT example
# (0x0072); 72 is 0x0048, MAP 86 is 0x0056.
MINIMAL = "00 7200 4800 5600"
# Flags 0x1E: time stamp, pulse rate 72, user 3, measurement status 0x0000.
EVERYTHING = f"1e 7200 4800 5600 {TIME_STAMP} 4800 03 0000"


def test_the_minimal_payload_gives_systolic_and_diastolic_in_mmhg() -> None:
    reading = read(BP, MINIMAL)
    assert reading.characteristic == "2A35"
    assert reading.measurements == {
        "systolic_bp": Quantity(Decimal(114), "mm[Hg]"),
        "diastolic_bp": Quantity(Decimal(72), "mm[Hg]"),
    }
    assert reading.taken_at is None
    assert reading.status == ()
    assert reading.other == {"mean_arterial_pressure": Quantity(Decimal(86), "mm[Hg]")}


def test_kpa_with_a_negative_exponent_stays_kpa_to_the_tenth() -> None:
    # Flags bit 0: kPa. 16.0 = 160 x 10^-1 -> 0xF0A0; 10.7 -> 0xF06B; 12.5 -> 0xF07D.
    reading = read(BP, "01 a0f0 6bf0 7df0")
    systolic = reading.measurements["systolic_bp"]
    assert (format(systolic.value, "f"), systolic.unit) == ("16.0", "kPa")
    diastolic = reading.measurements["diastolic_bp"]
    assert (format(diastolic.value, "f"), diastolic.unit) == ("10.7", "kPa")
    assert reading.other["mean_arterial_pressure"] == Quantity(Decimal("12.5"), "kPa")


def test_every_optional_field_present() -> None:
    reading = read(BP, EVERYTHING)
    assert reading.taken_at == datetime(2026, 11, 27, 9, 30, 0)
    assert reading.measurements["heart_rate"] == Quantity(Decimal(72), "/min")
    assert reading.other["user_id"] == 3
    assert reading.status == ()


@pytest.mark.parametrize(
    ("flags", "fields", "present"),
    [
        ("02", TIME_STAMP, "time stamp"),
        ("04", "4800", "pulse"),
        ("08", "05", "user"),
        ("10", "0000", "status"),
    ],
)
def test_each_optional_field_alone(flags: str, fields: str, present: str) -> None:
    reading = read(BP, f"{flags} 7200 4800 5600 {fields}")
    assert (reading.taken_at is not None) == (present == "time stamp")
    assert ("heart_rate" in reading.measurements) == (present == "pulse")
    assert ("user_id" in reading.other) == (present == "user")


def test_the_measurement_status_in_words() -> None:
    # Bits 0, 1, 2 and 5: 0b0010_0111 = 0x0027; bits 3-4 = 0 (pulse within range).
    reading = read(BP, "10 7200 4800 5600 2700")
    assert reading.status == (
        "body movement during measurement",
        "cuff too loose",
        "irregular pulse detected",
        "improper measurement position",
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("0800", ("pulse rate exceeds upper limit",)),
        ("1000", ("pulse rate is less than lower limit",)),
        ("1800", ()),  # 3 is reserved for future use: no words for it
        ("c0ff", ()),  # bits 6-15 are reserved
    ],
)
def test_the_pulse_rate_range_bits(status: str, words: tuple[str, ...]) -> None:
    assert read(BP, f"10 7200 4800 5600 {status}").status == words


def test_user_0xff_is_an_unknown_user() -> None:
    assert read(BP, "08 7200 4800 5600 ff").other["user_id"] is None


def test_a_mean_arterial_pressure_the_cuff_did_not_measure_is_no_reading() -> None:
    # Cuffs that do not compute MAP send NaN (0x07FF).
    reading = read(BP, "00 7200 4800 ff07")
    assert reading.other["mean_arterial_pressure"] is None
    assert reading.status == ("mean arterial pressure: no reading (not a number)",)
    assert set(reading.measurements) == {"systolic_bp", "diastolic_bp"}


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("ff07", "not a number"),
        ("0008", "not at this resolution"),
        ("fe07", "positive infinity"),
        ("0208", "negative infinity"),
        ("0108", "reserved value"),
    ],
)
def test_a_special_systolic_or_pulse_is_left_out_and_said(raw: str, why: str) -> None:
    reading = read(BP, f"04 {raw} 4800 5600 {raw}")
    assert set(reading.measurements) == {"diastolic_bp"}
    assert reading.status == (
        f"systolic pressure: no reading ({why})",
        f"pulse rate: no reading ({why})",
    )


def test_reserved_flag_bits_are_ignored() -> None:
    assert read(BP, "e0 7200 4800 5600").measurements == read(BP, MINIMAL).measurements


@pytest.mark.parametrize("size", range(len(hexbytes(EVERYTHING))))
def test_every_truncation_is_a_decode_error(size: int) -> None:
    with pytest.raises(DecodeError, match="ends before"):
        decode(BP, hexbytes(EVERYTHING)[:size])


def test_a_truncation_names_the_missing_field() -> None:
    with pytest.raises(DecodeError, match="before the pulse rate"):
        read(BP, f"06 7200 4800 5600 {TIME_STAMP} 48")


@pytest.mark.parametrize("extra", ["00", "0000", "4800"])
def test_an_over_long_payload_is_a_decode_error(extra: str) -> None:
    with pytest.raises(DecodeError, match="after the last field"):
        read(BP, f"{MINIMAL} {extra}")


def test_a_pulse_rate_flag_without_the_pulse_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match=r"Blood Pressure Measurement \(2A35\)"):
        read(BP, "04 7200 4800 5600")
