"""IEEE 11073-20601 SFLOAT and FLOAT: the published examples, the special values, exactness.

Expected values are the ones printed in the HL7 Personal Health Device Implementation Guide
("IEEE 11073 FLOATs and SFLOATs") and the Bluetooth SIG Personal Health Devices Transcoding
White Paper (SFLOAT-Type: 114 mmHg is 0x0072; 0.00118 kg/L is 0xB076).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from vitalsdesk.devices.ieee11073 import Special, decode_float, decode_sfloat, exact

# (raw, the value as the guide writes it)
SFLOAT_EXAMPLES = [
    (0x0002, "2"),
    (0xF014, "2.0"),
    (0xE0C8, "2.00"),
    (0x1002, "20"),
    (0x2002, "200"),
    (0x00C8, "200"),
    (0x04D2, "1234"),
    (0x0B2E, "-1234"),
    (0x0072, "114"),
    (0xB076, "0.00118"),
]
FLOAT_EXAMPLES = [
    (0x00000002, "2"),
    (0xFF000014, "2.0"),
    (0xFE0000C8, "2.00"),
    (0x01000002, "20"),
    (0x02000002, "200"),
    (0x000000C8, "200"),
    (0x000004D2, "1234"),
    (0x00FFFB2E, "-1234"),
]


@pytest.mark.parametrize(("raw", "written"), SFLOAT_EXAMPLES)
def test_sfloat_examples_decode_to_the_value_as_written(raw: int, written: str) -> None:
    value = decode_sfloat(raw)
    assert isinstance(value, Decimal)
    assert value == Decimal(written)
    # The places are the device's resolution: 2.0 stays 2.0, not 2.
    assert format(value, "f") == written


@pytest.mark.parametrize(("raw", "written"), FLOAT_EXAMPLES)
def test_float_examples_decode_to_the_value_as_written(raw: int, written: str) -> None:
    value = decode_float(raw)
    assert isinstance(value, Decimal)
    assert format(value, "f") == written


SFLOAT_SPECIALS = [
    (0x07FF, Special.NAN),
    (0x0800, Special.NRES),
    (0x07FE, Special.POSITIVE_INFINITY),
    (0x0802, Special.NEGATIVE_INFINITY),
    (0x0801, Special.RESERVED),
]
FLOAT_SPECIALS = [
    (0x007FFFFF, Special.NAN),
    (0x00800000, Special.NRES),
    (0x007FFFFE, Special.POSITIVE_INFINITY),
    (0x00800002, Special.NEGATIVE_INFINITY),
    (0x00800001, Special.RESERVED),
]


@pytest.mark.parametrize(("raw", "special"), SFLOAT_SPECIALS)
def test_sfloat_special_values_are_never_numbers(raw: int, special: Special) -> None:
    value = decode_sfloat(raw)
    assert value is special
    assert not isinstance(value, Decimal)


@pytest.mark.parametrize(("raw", "special"), FLOAT_SPECIALS)
def test_float_special_values_are_never_numbers(raw: int, special: Special) -> None:
    assert decode_float(raw) is special


def test_a_special_mantissa_with_another_exponent_is_a_number() -> None:
    # The special codes are whole values with exponent 0; 2047 x 10^-1 is an ordinary number.
    assert decode_sfloat(0xF7FF) == Decimal("204.7")
    assert decode_float(0xFF7FFFFF) == Decimal("838860.7")


def test_the_extremes_of_both_fields() -> None:
    assert decode_sfloat(0x7000 | 0x7FD) == Decimal(2045 * 10**7)  # largest mantissa, exp +7
    assert decode_sfloat(0x8000 | 0x803) == Decimal("-2045E-8")  # exp -8, mantissa -2045
    assert format(decode_sfloat(0x8001), "f") == "0.00000001"
    assert decode_float(0x7F000001) == Decimal(10**127)
    assert decode_float(0x80000001) == Decimal("1E-128")


def test_exact_keeps_every_digit() -> None:
    assert format(exact(366, -1), "f") == "36.6"
    assert format(exact(-5, -3), "f") == "-0.005"
    assert exact(12, 3) == 12000


@pytest.mark.parametrize("raw", [-1, 0x10000])
def test_sfloat_refuses_what_is_not_16_bits(raw: int) -> None:
    with pytest.raises(ValueError, match="16 bits"):
        decode_sfloat(raw)


@pytest.mark.parametrize("raw", [-1, 0x1_0000_0000])
def test_float_refuses_what_is_not_32_bits(raw: int) -> None:
    with pytest.raises(ValueError, match="32 bits"):
        decode_float(raw)
