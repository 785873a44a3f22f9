"""IEEE 11073-20601 numbers as Bluetooth health devices send them: SFLOAT (16 bits, the
medfloat16 of the GATT Specification Supplement) and FLOAT (32 bits, medfloat32).

A number is mantissa x 10^exponent, both two's complement (SFLOAT: 4-bit exponent, 12-bit
mantissa; FLOAT: 8-bit exponent, 24-bit mantissa). The exponent is the device's resolution, so
the Decimal keeps it: 0xF014 is 2.0, not 2. Five codes with exponent 0 are not numbers but say
why there is no reading (NaN, NRes "not at this resolution", +INFINITY, -INFINITY, reserved);
they decode to a `Special`, never to a number a form could show.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Special(StrEnum):
    """Why a device sent no number; the value is what a status line says."""

    NAN = "not a number"
    NRES = "not at this resolution"
    POSITIVE_INFINITY = "positive infinity"
    NEGATIVE_INFINITY = "negative infinity"
    RESERVED = "reserved value"


MedicalNumber = Decimal | Special

# The special codes are whole raw values (exponent 0), as the Personal Health Devices
# Transcoding White Paper lists them; a reserved mantissa with another exponent is a number.
_SFLOAT_SPECIAL: dict[int, Special] = {
    0x07FF: Special.NAN,
    0x0800: Special.NRES,
    0x07FE: Special.POSITIVE_INFINITY,
    0x0802: Special.NEGATIVE_INFINITY,
    0x0801: Special.RESERVED,
}
_FLOAT_SPECIAL: dict[int, Special] = {
    0x007FFFFF: Special.NAN,
    0x00800000: Special.NRES,
    0x007FFFFE: Special.POSITIVE_INFINITY,
    0x00800002: Special.NEGATIVE_INFINITY,
    0x00800001: Special.RESERVED,
}


def _signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


def exact(mantissa: int, exponent: int) -> Decimal:
    """mantissa x 10^exponent, exactly, keeping the places a negative exponent gives (2.0)."""
    if exponent >= 0:
        return Decimal(mantissa * 10**exponent)
    # From text, not arithmetic: no context precision or rounding can touch it.
    return Decimal(f"{mantissa}E{exponent}")


def decode_sfloat(raw: int) -> MedicalNumber:
    """A 16-bit SFLOAT (the unsigned little-endian value as read from the payload)."""
    if not 0 <= raw <= 0xFFFF:
        raise ValueError(f"an SFLOAT is 16 bits, not {raw:#x}")
    special = _SFLOAT_SPECIAL.get(raw)
    if special is not None:
        return special
    return exact(_signed(raw & 0x0FFF, 12), _signed(raw >> 12, 4))


def decode_float(raw: int) -> MedicalNumber:
    """A 32-bit FLOAT (the unsigned little-endian value as read from the payload)."""
    if not 0 <= raw <= 0xFFFFFFFF:
        raise ValueError(f"a FLOAT is 32 bits, not {raw:#x}")
    special = _FLOAT_SPECIAL.get(raw)
    if special is not None:
        return special
    return exact(_signed(raw & 0x00FFFFFF, 24), _signed(raw >> 24, 8))
