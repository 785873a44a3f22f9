"""Device readings on the vitals form: fill the fields, mark them "from Room 3 cuff, 09:31", and
remember which values came from which reading until the MA saves (or types over them).

Nothing here saves: the MA reviews the values and saves the form as usual. A value the MA types
over is the MA's own from then on, with no device mark and no link to the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vitalsdesk.clinical.units import as_entered
from vitalsdesk.devices.reading import DeviceReading
from vitalsdesk.presentation.display import time_text

if TYPE_CHECKING:
    from vitalsdesk.gui.vitals_form_controller import VitalsFormController
    from vitalsdesk.services.devices import DeviceReadingOut

# The form field of each measurement a device sends.
FIELD_OF_CODE = {
    "systolic_bp": "systolic",
    "diastolic_bp": "diastolic",
    "heart_rate": "heart_rate",
    "body_temperature": "temperature",
    "oxygen_saturation": "oxygen_saturation",
    "body_height": "height",
    "body_weight": "weight",
}
# The unit choice of the form for a device unit it has (kPa has none: see DeviceMark.unit).
_UNIT_CHOICE = {
    "body_temperature": ("temperature_unit", ("Cel", "[degF]")),
    "body_weight": ("weight_unit", ("kg", "[lb_av]")),
    "body_height": ("height_unit", ("cm", "[in_i]")),
}
# Exact conversions into a unit the form has: 1 m = 100 cm by definition.
_INTO_FORM_UNIT = {"m": ("cm", Decimal(100))}
# Who speaks in the status line, by characteristic.
_DEVICE_WORD = {"2A35": "Cuff", "2A1C": "Thermometer", "2A9D": "Scale", "2A5E": "Oximeter"}
# The decoders' words for the cuff's status bits (Blood Pressure Measurement, Measurement
# Status) and the oximeter's (PLX Spot-Check: Measurement Status, and the sensor's place),
# said plainly ("validated data" read as jargon beside a sample reading). What the device says
# is passed on as it is, never judged: any other line (a signal-quality bit, a value it could
# not give) is shown in the decoder's words.
_PLAIN_STATUS = {
    "body movement during measurement": "body moved",
    "cuff too loose": "cuff too loose",
    "irregular pulse detected": "irregular pulse",
    "improper measurement position": "arm or body not in position",
    "pulse rate exceeds upper limit": "pulse above what it can measure",
    "pulse rate is less than lower limit": "pulse below what it can measure",
    "measurement ongoing": "still measuring",
    "early estimated data": "early estimate",
    "validated data": "reading checked",
    "fully qualified data": "reading fully checked",
    "data from measurement storage": "reading from its memory",
    "data for demonstration": "demo reading, not from a patient",
    "data for testing": "test reading, not from a patient",
    "calibration ongoing": "still calibrating",
    "measurement unavailable": "no reading",
    "questionable measurement detected": "reading may be wrong",
    "invalid measurement detected": "reading not valid",
    "equipment malfunction detected": "device not working right",
    "sensor unconnected to user": "sensor not on the patient",
    "sensor displaced": "sensor moved",
    "sensor malfunctioning": "sensor not working right",
    "sensor disconnected": "sensor unplugged",
}


def status_text(characteristic: str, status: tuple[str, ...]) -> str:
    """ "Cuff says: body moved" for a reading's status flags; empty when it raised none."""
    if not status:
        return ""
    words = ", ".join(_PLAIN_STATUS.get(line, line) for line in status)
    return f"{_DEVICE_WORD.get(characteristic.upper(), 'Device')} says: {words}"


def _form_text(value: Decimal) -> str:
    """A scale's number without the zeros its step pads it with (70.000 kg is 70, 1.750 m is
    175 cm): the same quantity, exactly, in the width of a form field. Other devices' numbers
    keep their places (16.0 kPa stays 16.0: the device said tenths)."""
    text = as_entered(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class DeviceMark:
    code: str
    reading_id: int
    text: str  # "from Room 3 cuff, 09:31"
    # A device unit the form has no choice for (kPa): the value stays in it, as reported; the
    # document sent to the checks says so. None: the form's own unit choice holds it.
    unit: str | None = None
    # The device's status flags in plain words ("Cuff says: body moved"), or empty.
    status: str = ""


class DeviceFields:
    """The form's fields that hold a device's value, unchanged, by field name."""

    def __init__(self) -> None:
        self.marks: dict[str, DeviceMark] = {}
        self.filled: set[int] = set()  # every reading put into the form, typed over or not

    def typed(self, field: str) -> None:
        """The MA typed in `field`: the value is theirs now."""
        self.marks.pop(field, None)

    def clear(self) -> None:
        self.marks.clear()
        self.filled.clear()

    def unused(self, saved: bool) -> list[int]:
        """The readings to give back to the unassigned list: all of them when the form was not
        saved; after a save, those none of whose values were kept."""
        kept = set(self.values().values()) if saved else set()
        return sorted(self.filled - kept)

    def apply_units(self, measurements: dict[str, Any]) -> None:
        for mark in self.marks.values():
            if mark.unit is not None and mark.code in measurements:
                measurements[mark.code]["unit"] = mark.unit

    def mark_of(self, code: str) -> DeviceMark | None:
        return next((m for m in self.marks.values() if m.code == code), None)

    def check_line(self, code: str, text: str, style: str) -> tuple[str, str]:
        """The check line with the device mark after the flag (shown even when in range)."""
        mark = self.mark_of(code)
        if mark is None:
            return text, style
        said = mark.text
        if mark.status and self._first_of_its_reading(mark):
            said = f"{said} · {mark.status}"
        shown = f"{text} · {said}" if text and style != "normal" else said
        return shown, "" if style == "normal" else style

    def _first_of_its_reading(self, mark: DeviceMark) -> bool:
        """The status is said once per reading: beside its first field still holding a value
        from it (systolic for a cuff; the pulse once the BP is typed over)."""
        for field in FIELD_OF_CODE.values():
            other = self.marks.get(field)
            if other is not None and other.reading_id == mark.reading_id:
                return other is mark
        return False

    def values(self) -> dict[str, int]:
        """Measurement code -> the reading its value came from, for the save."""
        return {m.code: m.reading_id for m in self.marks.values()}


def fill(
    form: VitalsFormController,
    reading: DeviceReadingOut,
    decoded: DeviceReading,
    taken_at: datetime,
) -> list[str]:
    """Put a reading's values into the form and mark them; the fields filled, in form order.
    The temperature method comes from the thermometer's site; with none, the method is left
    empty so the MA must choose it before the form can be saved."""
    view = form.view
    when = time_text(taken_at)
    mark_text = f"from {reading.device_name}, {when}"
    status = status_text(reading.characteristic, decoded.status)
    filled: list[str] = []
    for code, quantity in decoded.measurements.items():
        field = FIELD_OF_CODE.get(code)
        if field is None:
            continue
        value, unit = quantity.value, quantity.unit
        override: str | None = None
        if unit in _INTO_FORM_UNIT:
            unit, factor = _INTO_FORM_UNIT[unit]
            value = value * factor
        if code in _UNIT_CHOICE:
            choice, units = _UNIT_CHOICE[code]
            if unit in units:
                view.combos[choice].select_data(unit)
        elif code in ("systolic_bp", "diastolic_bp") and unit != "mm[Hg]":
            override = unit
        padded = code in ("body_weight", "body_height")  # whole steps of 0.005 kg, 0.001 m
        view.edits[field].setText(_form_text(value) if padded else as_entered(value))
        text = mark_text if override is None else f"{mark_text} (in {override})"
        form.device_fields.marks[field] = DeviceMark(code, reading.id, text, override, status)
        form.device_fields.filled.add(reading.id)
        filled.append(field)
        if code == "body_temperature":
            method = decoded.temperature_method
            combo = view.combos["temperature_method"]
            if method is None or not combo.select_data(method.value):
                combo.setCurrentIndex(-1)  # the MA chooses: never a guess
    if form.taken_at is None:
        form.taken_at = taken_at
    return filled
