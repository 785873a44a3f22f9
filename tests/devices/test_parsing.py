"""Naming a characteristic and writing a payload, as the command line and replay files do."""

from __future__ import annotations

import pytest

from vitalsdesk.devices.gatt import Characteristic, parse_characteristic, parse_payload
from vitalsdesk.devices.reading import DecodeError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2A35", Characteristic.BLOOD_PRESSURE_MEASUREMENT),
        ("2a1c", Characteristic.TEMPERATURE_MEASUREMENT),
        ("0x2A9D", Characteristic.WEIGHT_MEASUREMENT),
        (" 2A5E ", Characteristic.PLX_SPOT_CHECK_MEASUREMENT),
        ("00002a35-0000-1000-8000-00805f9b34fb", Characteristic.BLOOD_PRESSURE_MEASUREMENT),
    ],
)
def test_characteristic_names(text: str, expected: Characteristic) -> None:
    assert parse_characteristic(text) is expected


@pytest.mark.parametrize(
    "text", ["2A36", "2A37", "", "blood pressure", "12A35", "00002a35-0000-1000-8000-000000000000"]
)
def test_other_characteristics_are_refused_with_the_ones_we_read(text: str) -> None:
    with pytest.raises(DecodeError, match=r"2A1C.*2A35.*2A5E.*2A9D"):
        parse_characteristic(text)


@pytest.mark.parametrize(
    "text", ["1e7200", "1E 72 00", "1e:72:00", "1e-72-00", "0x1e7200", " 1e7200\n"]
)
def test_payload_spellings(text: str) -> None:
    assert parse_payload(text) == b"\x1e\x72\x00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("0x", "empty"),
        ("1e7", "3 hex digits"),
        ("zz", "not hexadecimal"),
        ("1e 7g", "not hexadecimal"),
    ],
)
def test_unusable_payloads(text: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        parse_payload(text)
