"""Hand-built payloads, written field by field from the characteristic definitions."""

from __future__ import annotations

from vitalsdesk.devices.gatt import Characteristic, decode
from vitalsdesk.devices.reading import DeviceReading

BP = Characteristic.BLOOD_PRESSURE_MEASUREMENT
TEMPERATURE = Characteristic.TEMPERATURE_MEASUREMENT
WEIGHT = Characteristic.WEIGHT_MEASUREMENT
PLX = Characteristic.PLX_SPOT_CHECK_MEASUREMENT

# Date Time 2026-11-27 09:30:00: year 2026 = 0x07EA little-endian, then month, day, h, m, s.
TIME_STAMP = "ea07 0b 1b 09 1e 00"


def hexbytes(text: str) -> bytes:
    """Bytes from hex written with spaces between the fields."""
    return bytes.fromhex("".join(text.split()))


def read(characteristic: Characteristic, text: str) -> DeviceReading:
    return decode(characteristic, hexbytes(text))
