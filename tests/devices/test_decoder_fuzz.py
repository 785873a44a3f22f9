"""Random bytes never break a decoder: a DeviceReading or a DecodeError, nothing else.

A second property holds the decoders to the specifications' lengths: a payload exactly as long
as its flags announce always decodes, and one byte more or less never does. The lengths below
are counted here from the characteristic definitions, not taken from the decoders.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vitalsdesk.devices.gatt import Characteristic, decode, parse_characteristic, parse_payload
from vitalsdesk.devices.reading import DecodeError, DeviceReading
from vitalsdesk.interop.exact_json import dumps

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHARACTERISTICS = st.sampled_from(list(Characteristic))
DATE_TIME = 7


def announced_length(characteristic: Characteristic, flags: int) -> int:
    def has(bit: int) -> bool:
        return bool(flags & (1 << bit))

    if characteristic is Characteristic.BLOOD_PRESSURE_MEASUREMENT:
        # flags, systolic, diastolic, MAP (SFLOAT each), time stamp, pulse, user id, status
        return 1 + 6 + DATE_TIME * has(1) + 2 * has(2) + 1 * has(3) + 2 * has(4)
    if characteristic is Characteristic.TEMPERATURE_MEASUREMENT:
        # flags, FLOAT, time stamp, temperature type
        return 1 + 4 + DATE_TIME * has(1) + 1 * has(2)
    if characteristic is Characteristic.WEIGHT_MEASUREMENT:
        # flags, weight, time stamp, user id, BMI + height
        return 1 + 2 + DATE_TIME * has(1) + 1 * has(2) + 4 * has(3)
    # PLX: flags, SpO2 + PR, timestamp, measurement status, device/sensor status, PAI
    return 1 + 4 + DATE_TIME * has(0) + 2 * has(1) + 3 * has(2) + 2 * has(3)


def _decodes_or_says_why(characteristic: Characteristic, payload: bytes) -> None:
    try:
        reading = decode(characteristic, payload)
    except DecodeError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert isinstance(reading, DeviceReading)
    # The output is JSON the CLI can print, and every measurement is a finite number.
    json.loads(dumps(reading.to_json()))
    for quantity in reading.measurements.values():
        assert quantity.value.is_finite()


@FUZZ
@given(CHARACTERISTICS, st.binary(max_size=40))
def test_random_bytes_decode_or_raise_decode_error(
    characteristic: Characteristic, payload: bytes
) -> None:
    _decodes_or_says_why(characteristic, payload)


@FUZZ
@given(CHARACTERISTICS, st.integers(0, 255), st.data())
def test_a_payload_as_long_as_its_flags_announce_always_decodes(
    characteristic: Characteristic, flags: int, data: st.DataObject
) -> None:
    size = announced_length(characteristic, flags)
    payload = bytes([flags]) + data.draw(st.binary(min_size=size - 1, max_size=size - 1))
    reading = decode(characteristic, payload)
    json.loads(dumps(reading.to_json()))
    for wrong in (payload[:-1], payload + data.draw(st.binary(min_size=1, max_size=8))):
        try:
            decode(characteristic, wrong)
        except DecodeError:
            continue
        raise AssertionError(f"{characteristic.code} decoded {wrong.hex()} (flags {flags:#04x})")


@FUZZ
@given(st.text(max_size=60))
def test_any_text_as_a_payload_or_characteristic_is_bytes_or_decode_error(text: str) -> None:
    for parse in (parse_payload, parse_characteristic):
        try:
            parse(text)
        except DecodeError as exc:
            assert str(exc)
