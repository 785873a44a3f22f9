"""What a decoder makes of one payload: measurements in the shape `vitalsdesk check` reads, the
device's own time stamp, and its status flags in words.

Values stay as the device reported them, in the UCUM code of the unit it used (kPa stays kPa,
[lb_av] stays [lb_av]): the unit is provenance, and converting is the clinical core's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from vitalsdesk.clinical.measurements import MeasurementKey, TemperatureMethod

# The UCUM codes a device reading may carry; `vitalsdesk check` accepts every one of them as
# entered (kPa and m are converted exactly for the rules, never in the reading).
MM_HG = "mm[Hg]"
KPA = "kPa"
CEL = "Cel"
DEG_F = "[degF]"
KG = "kg"
POUND = "[lb_av]"
METRE = "m"
INCH = "[in_i]"
PERCENT = "%"
PER_MIN = "/min"
KG_PER_M2 = "kg/m2"


class DecodeError(ValueError):
    """A payload that cannot be read as its characteristic: one line that says where it broke."""


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


@dataclass(frozen=True)
class DeviceReading:
    """One decoded payload.

    measurements: by the names of `vitalsdesk check` (systolic_bp, heart_rate, ...); a value the
    device could not give (a special value) is left out and said in `status`.
    temperature_method: for body_temperature, from the device's temperature type; None when the
    device did not say or said a site with no method of ours (the MA chooses).
    taken_at: the device's own clock (local time, no offset), None when absent or unusable.
    other: what the device sent beyond the measurements (mean arterial pressure, BMI, user id,
    pulse amplitude index, the site's name), kept for provenance.
    """

    characteristic: str
    measurements: Mapping[str, Quantity]
    taken_at: datetime | None = None
    status: tuple[str, ...] = ()
    temperature_method: TemperatureMethod | None = None
    other: Mapping[str, Quantity | int | str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = {key.value for key in MeasurementKey}
        unknown = sorted(set(self.measurements) - known)
        if unknown:  # a decoder's bug, not the device's
            raise AssertionError(f"not measurement names: {unknown}")

    def measurements_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, quantity in self.measurements.items():
            entry = quantity.to_json()
            if key == MeasurementKey.BODY_TEMPERATURE:
                method = self.temperature_method
                entry["method"] = method.value if method is not None else None
            out[key] = entry
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain JSON but for Decimal values (written exactly by the caller)."""
        return {
            "characteristic": self.characteristic,
            "measurements": self.measurements_json(),
            "taken_at": self.taken_at.isoformat() if self.taken_at is not None else None,
            "status": list(self.status),
            "other": {
                key: value.to_json() if isinstance(value, Quantity) else value
                for key, value in self.other.items()
            },
        }
