"""Decoders of the Bluetooth SIG GATT characteristics the exam room's devices send.

Written from the GATT Specification Supplement and the SIG's characteristic definitions:
Blood Pressure Measurement (0x2A35), Temperature Measurement (0x2A1C), Weight Measurement
(0x2A9D) and PLX Spot-Check Measurement (0x2A5E), with the Date Time (0x2A08) time stamp and the
Temperature Type (0x2A1D) values they share. Every field is little-endian; the flags byte says
which optional fields follow, in the order the specification lists them.

A payload shorter or longer than its flags announce is a DecodeError (never a guess about which
field was lost); a special value is "no reading"; a time stamp the device did not know, or one
that is not a real date, leaves taken_at empty and says so in the status.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import IntEnum

from vitalsdesk.clinical.measurements import MeasurementKey, TemperatureMethod
from vitalsdesk.devices.ieee11073 import MedicalNumber, Special, decode_float, decode_sfloat
from vitalsdesk.devices.reading import (
    CEL,
    DEG_F,
    INCH,
    KG,
    KG_PER_M2,
    KPA,
    METRE,
    MM_HG,
    PER_MIN,
    PERCENT,
    POUND,
    DecodeError,
    DeviceReading,
    Quantity,
)

__all__ = ["Characteristic", "DecodeError", "decode", "parse_characteristic", "parse_payload"]


class Characteristic(IntEnum):
    """The characteristics VitalsDesk reads, by their 16-bit UUID."""

    TEMPERATURE_MEASUREMENT = 0x2A1C
    BLOOD_PRESSURE_MEASUREMENT = 0x2A35
    PLX_SPOT_CHECK_MEASUREMENT = 0x2A5E
    WEIGHT_MEASUREMENT = 0x2A9D

    @property
    def code(self) -> str:
        """The name the specifications and the command line use: "2A35"."""
        return f"{self.value:04X}"

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Characteristic.TEMPERATURE_MEASUREMENT: "Temperature Measurement",
    Characteristic.BLOOD_PRESSURE_MEASUREMENT: "Blood Pressure Measurement",
    Characteristic.PLX_SPOT_CHECK_MEASUREMENT: "PLX Spot-Check Measurement",
    Characteristic.WEIGHT_MEASUREMENT: "Weight Measurement",
}

# A 16-bit UUID inside the Bluetooth base UUID, as Bluetooth stacks (bleak) name characteristics.
_BASE_UUID = re.compile(r"0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb")
_SHORT_UUID = re.compile(r"(?:0x)?([0-9a-f]{4})")


def parse_characteristic(text: str) -> Characteristic:
    """2A35, 0x2a35 or 00002a35-0000-1000-8000-00805f9b34fb; anything else is a DecodeError."""
    cleaned = text.strip().lower()
    match = _SHORT_UUID.fullmatch(cleaned) or _BASE_UUID.fullmatch(cleaned)
    if match is not None:
        number = int(match.group(1), 16)
        if number in set(Characteristic):
            return Characteristic(number)
    known = ", ".join(f"{c.code} ({c.title})" for c in sorted(Characteristic))
    raise DecodeError(f"{text.strip()!r} is not a characteristic VitalsDesk reads; use {known}")


_HEX_SEPARATORS = re.compile(r"[\s:\-]")


def parse_payload(text: str) -> bytes:
    """The payload's bytes from hexadecimal ("0a 78 00", "0A:78:00" and "0x0a7800" too)."""
    cleaned = _HEX_SEPARATORS.sub("", text.strip())
    if cleaned[:2].lower() == "0x":
        cleaned = cleaned[2:]
    if not cleaned:
        raise DecodeError("the payload is empty")
    if len(cleaned) % 2:
        raise DecodeError(f"the payload has {len(cleaned)} hex digits: two make each byte")
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise DecodeError("the payload is not hexadecimal (digits 0-9 and a-f only)") from None


class _Reader:
    """The fields of one payload, in order; running out is a DecodeError that names the field."""

    def __init__(self, characteristic: Characteristic, payload: bytes) -> None:
        self.characteristic = characteristic
        self.payload = bytes(payload)
        self.offset = 0

    def _take(self, size: int, field: str) -> bytes:
        end = self.offset + size
        if end > len(self.payload):
            raise DecodeError(
                f"{self.characteristic.title} ({self.characteristic.code}): the payload ends "
                f"before the {field} (it needs at least {end} bytes and has {len(self.payload)})"
            )
        chunk = self.payload[self.offset : end]
        self.offset = end
        return chunk

    def uint(self, size: int, field: str) -> int:
        return int.from_bytes(self._take(size, field), "little")

    def sfloat(self, field: str) -> MedicalNumber:
        return decode_sfloat(self.uint(2, field))

    def float32(self, field: str) -> MedicalNumber:
        return decode_float(self.uint(4, field))

    def date_time(self, field: str) -> tuple[datetime | None, str | None]:
        """A Date Time (0x2A08): the time, or None and the reason in words."""
        raw = self._take(7, field)
        year = int.from_bytes(raw[:2], "little")
        month, day, hours, minutes, seconds = raw[2:]
        if year == 0 or month == 0 or day == 0:  # "not known" in the specification
            return None, "the device did not know the date"
        shown = f"{year:04d}-{month:02d}-{day:02d} {hours:02d}:{minutes:02d}:{seconds:02d}"
        # Date Time allows years 1582-9999 only; a second of 60 or more is not allowed either.
        if not 1582 <= year <= 9999 or seconds > 59:
            return None, f"the device's time stamp is not a real date and time ({shown})"
        try:
            return datetime(year, month, day, hours, minutes, seconds), None
        except ValueError:
            return None, f"the device's time stamp is not a real date and time ({shown})"

    def finish(self) -> None:
        extra = len(self.payload) - self.offset
        if extra:
            raise DecodeError(
                f"{self.characteristic.title} ({self.characteristic.code}): {extra} byte"
                f"{'' if extra == 1 else 's'} after the last field the flags announce (the "
                f"payload has {len(self.payload)} bytes, the flags describe {self.offset})"
            )


class _Collected:
    """What a decoder gathers before it becomes a DeviceReading."""

    def __init__(self) -> None:
        self.measurements: dict[str, Quantity] = {}
        self.status: list[str] = []
        self.taken_at: datetime | None = None

    def number(
        self, key: str | None, label: str, number: MedicalNumber, unit: str
    ) -> Quantity | None:
        """The quantity when the device sent a number (a measurement too when key names one);
        a line in the status when it did not."""
        if isinstance(number, Special):
            self.status.append(f"{label}: no reading ({number.value})")
            return None
        quantity = Quantity(number, unit)
        if key is not None:
            self.measurements[str(key)] = quantity
        return quantity

    def time_stamp(self, reader: _Reader) -> None:
        self.taken_at, problem = reader.date_time("time stamp")
        if problem:
            self.status.append(problem)


def _words(bits: int, names: dict[int, str]) -> list[str]:
    return [name for bit, name in sorted(names.items()) if bits & (1 << bit)]


def _user(raw: int) -> int | None:
    return None if raw == 0xFF else raw  # 0xFF is "unknown user"


# --- Blood Pressure Measurement (0x2A35) ------------------------------------------------------

_BP_KPA = 0x01
_BP_TIME_STAMP = 0x02
_BP_PULSE_RATE = 0x04
_BP_USER_ID = 0x08
_BP_MEASUREMENT_STATUS = 0x10

_BP_STATUS_BITS = {
    0: "body movement during measurement",
    1: "cuff too loose",
    2: "irregular pulse detected",
    5: "improper measurement position",
}
# Bits 3-4 together: the pulse rate against the device's own range (3 is reserved).
_BP_PULSE_RANGE = {1: "pulse rate exceeds upper limit", 2: "pulse rate is less than lower limit"}


def _blood_pressure(reader: _Reader) -> DeviceReading:
    flags = reader.uint(1, "flags")
    unit = KPA if flags & _BP_KPA else MM_HG
    got = _Collected()
    systolic = reader.sfloat("systolic pressure")
    diastolic = reader.sfloat("diastolic pressure")
    mean = reader.sfloat("mean arterial pressure")
    got.number(MeasurementKey.SYSTOLIC_BP, "systolic pressure", systolic, unit)
    got.number(MeasurementKey.DIASTOLIC_BP, "diastolic pressure", diastolic, unit)
    other: dict[str, Quantity | int | str | None] = {
        "mean_arterial_pressure": got.number(None, "mean arterial pressure", mean, unit)
    }
    if flags & _BP_TIME_STAMP:
        got.time_stamp(reader)
    if flags & _BP_PULSE_RATE:
        pulse = reader.sfloat("pulse rate")
        got.number(MeasurementKey.HEART_RATE, "pulse rate", pulse, PER_MIN)
    if flags & _BP_USER_ID:
        other["user_id"] = _user(reader.uint(1, "user id"))
    if flags & _BP_MEASUREMENT_STATUS:
        status = reader.uint(2, "measurement status")
        got.status += _words(status, _BP_STATUS_BITS)
        pulse_range = _BP_PULSE_RANGE.get((status >> 3) & 0b11)
        if pulse_range:
            got.status.append(pulse_range)
    reader.finish()
    return DeviceReading(
        characteristic=reader.characteristic.code,
        measurements=got.measurements,
        taken_at=got.taken_at,
        status=tuple(got.status),
        other=other,
    )


# --- Temperature Measurement (0x2A1C) ---------------------------------------------------------

_TEMP_FAHRENHEIT = 0x01
_TEMP_TIME_STAMP = 0x02
_TEMP_TYPE = 0x04

# Temperature Type (0x2A1D), the sites of ISO/IEEE 11073-10408.
TEMPERATURE_SITES: dict[int, str] = {
    1: "armpit",
    2: "body (general)",
    3: "ear (usually ear lobe)",
    4: "finger",
    5: "gastro-intestinal tract",
    6: "mouth",
    7: "rectum",
    8: "toe",
    9: "tympanum (ear drum)",
}
# Only a site that names one of our methods gives one: an ear lobe, a finger or "body" reading
# is not a tympanic, oral ... reading, and the MA chooses the method.
METHOD_OF_SITE: dict[int, TemperatureMethod] = {
    1: TemperatureMethod.AXILLARY,
    6: TemperatureMethod.ORAL,
    7: TemperatureMethod.RECTAL,
    9: TemperatureMethod.TYMPANIC,
}


def _temperature(reader: _Reader) -> DeviceReading:
    flags = reader.uint(1, "flags")
    unit = DEG_F if flags & _TEMP_FAHRENHEIT else CEL
    got = _Collected()
    got.number(MeasurementKey.BODY_TEMPERATURE, "temperature", reader.float32("temperature"), unit)
    if flags & _TEMP_TIME_STAMP:
        got.time_stamp(reader)
    other: dict[str, Quantity | int | str | None] = {}
    method: TemperatureMethod | None = None
    if flags & _TEMP_TYPE:
        site = reader.uint(1, "temperature type")
        other["site"] = TEMPERATURE_SITES.get(site)
        method = METHOD_OF_SITE.get(site)
        if site not in TEMPERATURE_SITES:
            got.status.append(f"temperature type {site} is not a site the standard names")
    reader.finish()
    return DeviceReading(
        characteristic=reader.characteristic.code,
        measurements=got.measurements,
        taken_at=got.taken_at,
        status=tuple(got.status),
        temperature_method=method,
        other=other,
    )


# --- Weight Measurement (0x2A9D) --------------------------------------------------------------

_WEIGHT_IMPERIAL = 0x01
_WEIGHT_TIME_STAMP = 0x02
_WEIGHT_USER_ID = 0x04
_WEIGHT_BMI_AND_HEIGHT = 0x08
# The Weight Scale Service's "Measurement Unsuccessful".
_WEIGHT_UNSUCCESSFUL = 0xFFFF


def _weight(reader: _Reader) -> DeviceReading:
    flags = reader.uint(1, "flags")
    imperial = bool(flags & _WEIGHT_IMPERIAL)
    got = _Collected()
    raw_weight = reader.uint(2, "weight")
    if raw_weight == _WEIGHT_UNSUCCESSFUL:
        got.status.append("weight: measurement unsuccessful")
    elif imperial:  # resolution 0.01 lb
        got.measurements[MeasurementKey.BODY_WEIGHT.value] = Quantity(_fixed(raw_weight, -2), POUND)
    else:  # resolution 0.005 kg
        got.measurements[MeasurementKey.BODY_WEIGHT.value] = Quantity(
            _fixed(raw_weight * 5, -3), KG
        )
    if flags & _WEIGHT_TIME_STAMP:
        got.time_stamp(reader)
    other: dict[str, Quantity | int | str | None] = {}
    if flags & _WEIGHT_USER_ID:
        other["user_id"] = _user(reader.uint(1, "user id"))
    if flags & _WEIGHT_BMI_AND_HEIGHT:
        other["bmi"] = Quantity(_fixed(reader.uint(2, "BMI"), -1), KG_PER_M2)
        raw_height = reader.uint(2, "height")
        height = (
            Quantity(_fixed(raw_height, -1), INCH)  # resolution 0.1 in
            if imperial
            else Quantity(_fixed(raw_height, -3), METRE)  # resolution 0.001 m
        )
        got.measurements[MeasurementKey.BODY_HEIGHT.value] = height
    reader.finish()
    return DeviceReading(
        characteristic=reader.characteristic.code,
        measurements=got.measurements,
        taken_at=got.taken_at,
        status=tuple(got.status),
        other=other,
    )


def _fixed(digits: int, exponent: int) -> Decimal:
    """An unsigned field at its resolution, exactly: 14000 x 0.005 kg is 70.000 kg."""
    return Decimal(f"{digits}E{exponent}")


# --- PLX Spot-Check Measurement (0x2A5E) ------------------------------------------------------

_PLX_TIME_STAMP = 0x01
_PLX_MEASUREMENT_STATUS = 0x02
_PLX_DEVICE_AND_SENSOR_STATUS = 0x04
_PLX_PULSE_AMPLITUDE_INDEX = 0x08
_PLX_CLOCK_NOT_SET = 0x10

_PLX_MEASUREMENT_STATUS_BITS = {
    5: "measurement ongoing",
    6: "early estimated data",
    7: "validated data",
    8: "fully qualified data",
    9: "data from measurement storage",
    10: "data for demonstration",
    11: "data for testing",
    12: "calibration ongoing",
    13: "measurement unavailable",
    14: "questionable measurement detected",
    15: "invalid measurement detected",
}
_PLX_DEVICE_STATUS_BITS = {
    0: "extended display update ongoing",
    1: "equipment malfunction detected",
    2: "signal processing irregularity detected",
    3: "inadequate signal detected",
    4: "poor signal detected",
    5: "low perfusion detected",
    6: "erratic signal detected",
    7: "nonpulsatile signal detected",
    8: "questionable pulse detected",
    9: "signal analysis ongoing",
    10: "sensor interference detected",
    11: "sensor unconnected to user",
    12: "unknown sensor connected",
    13: "sensor displaced",
    14: "sensor malfunctioning",
    15: "sensor disconnected",
}


def _plx_spot_check(reader: _Reader) -> DeviceReading:
    flags = reader.uint(1, "flags")
    got = _Collected()
    spo2 = reader.sfloat("SpO2")
    pulse = reader.sfloat("pulse rate")
    got.number(MeasurementKey.OXYGEN_SATURATION, "SpO2", spo2, PERCENT)
    got.number(MeasurementKey.HEART_RATE, "pulse rate", pulse, PER_MIN)
    if flags & _PLX_TIME_STAMP:
        got.time_stamp(reader)
    if flags & _PLX_MEASUREMENT_STATUS:
        got.status += _words(reader.uint(2, "measurement status"), _PLX_MEASUREMENT_STATUS_BITS)
    if flags & _PLX_DEVICE_AND_SENSOR_STATUS:
        got.status += _words(reader.uint(3, "device and sensor status"), _PLX_DEVICE_STATUS_BITS)
    other: dict[str, Quantity | int | str | None] = {}
    if flags & _PLX_PULSE_AMPLITUDE_INDEX:
        index = reader.sfloat("pulse amplitude index")
        other["pulse_amplitude_index"] = got.number(None, "pulse amplitude index", index, PERCENT)
    if flags & _PLX_CLOCK_NOT_SET:
        got.status.append("device clock is not set")
        # A time stamp from a clock nobody set is not when the reading was taken.
        got.taken_at = None
    reader.finish()
    return DeviceReading(
        characteristic=reader.characteristic.code,
        measurements=got.measurements,
        taken_at=got.taken_at,
        status=tuple(got.status),
        other=other,
    )


_DECODERS: dict[Characteristic, Callable[[_Reader], DeviceReading]] = {
    Characteristic.BLOOD_PRESSURE_MEASUREMENT: _blood_pressure,
    Characteristic.TEMPERATURE_MEASUREMENT: _temperature,
    Characteristic.WEIGHT_MEASUREMENT: _weight,
    Characteristic.PLX_SPOT_CHECK_MEASUREMENT: _plx_spot_check,
}


def decode(characteristic: Characteristic, payload: bytes) -> DeviceReading:
    """One payload of this characteristic; a DecodeError (and nothing else) when it cannot be."""
    return _DECODERS[characteristic](_Reader(characteristic, payload))
