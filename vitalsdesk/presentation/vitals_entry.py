"""What the MA typed into the vitals form, as plain data (no Qt): parsing, unit arithmetic, the
document the clinical core checks, and the draft payload that is saved while the MA types.

Kept free of Qt so the rules of entry ("120/80", 5 ft 6 in, 7 lb 6 oz, "," as decimal mark) are
plain functions, and a draft is exactly what was typed, restored character for character.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vitalsdesk.clinical.units import as_entered

# The form's text fields, in clinical (Tab and Enter) order.
TEXT_FIELDS = (
    "systolic",
    "diastolic",
    "heart_rate",
    "respiratory_rate",
    "temperature",
    "oxygen_saturation",
    "oxygen_flow",
    "height",
    "height_inches",
    "weight",
    "weight_ounces",
    "pain",
    "head",
)

FEET_AND_INCHES = "ft_in"
POUNDS_AND_OUNCES = "lb_oz"

# Units the MA can choose, as stored in preferences and drafts.
TEMPERATURE_UNITS = ("[degF]", "Cel")
TEMPERATURE_METHODS = ("oral", "tympanic", "temporal", "axillary", "rectal")
HEIGHT_UNITS = ("cm", "[in_i]", FEET_AND_INCHES)
WEIGHT_UNITS = ("kg", "g", "[lb_av]", POUNDS_AND_OUNCES)
HEAD_UNITS = ("cm", "[in_i]")

DEFAULT_CHOICES: dict[str, str] = {
    "temperature_unit": "[degF]",
    "temperature_method": "oral",
    "height_unit": "[in_i]",
    "weight_unit": "[lb_av]",
    "head_unit": "cm",
    "bp_position": "",
    "bp_arm": "",
    "bp_cuff": "",
    "on_oxygen": "",
}
# The choices remembered per user (accounts.preferences).
PREFERENCE_KEYS = (
    "temperature_unit",
    "temperature_method",
    "height_unit",
    "weight_unit",
    "head_unit",
)
_ALLOWED: dict[str, tuple[str, ...]] = {
    "temperature_unit": TEMPERATURE_UNITS,
    "temperature_method": TEMPERATURE_METHODS,
    "height_unit": HEIGHT_UNITS,
    "weight_unit": WEIGHT_UNITS,
    "head_unit": HEAD_UNITS,
}

# The form field whose text holds each measurement (where its message is shown).
FIELD_OF: dict[str, str] = {
    "systolic_bp": "systolic",
    "diastolic_bp": "diastolic",
    "heart_rate": "heart_rate",
    "respiratory_rate": "respiratory_rate",
    "body_temperature": "temperature",
    "oxygen_saturation": "oxygen_saturation",
    "body_height": "height",
    "body_weight": "weight",
    "pain_score": "pain",
    "head_circumference": "head",
}

PAYLOAD_FORMAT = 1
_NUMBER = re.compile(r"^(\d+([.,]\d*)?|[.,]\d+)$")


def parse_decimal(text: str) -> Decimal | None:
    """A number typed with "." or "," as the decimal mark; None when it is not one.

    The digits are kept as typed ("37.50" stays 37.50) so the value is stored as entered.
    """
    t = text.strip()
    if not _NUMBER.match(t):
        return None
    t = t.replace(",", ".")
    if t.endswith("."):
        t = t[:-1]
    if t.startswith("."):
        t = "0" + t
    return Decimal(t)


def split_pair(text: str) -> tuple[str, str | None]:
    """ "120/80" -> ("120", "80"); "120" -> ("120", None)."""
    if "/" not in text:
        return text, None
    first, _, second = text.partition("/")
    return first, second


def feet_and_inches(feet: Decimal | None, inches: Decimal | None) -> Decimal | None:
    """Exact inches ([in_i]) from feet and inches (1 ft = 12 in by definition)."""
    if feet is None and inches is None:
        return None
    return (feet or Decimal(0)) * 12 + (inches or Decimal(0))


def pounds_and_ounces(pounds: Decimal | None, ounces: Decimal | None) -> Decimal | None:
    """Exact pounds ([lb_av]) from pounds and ounces (1 lb = 16 oz: a terminating decimal)."""
    if pounds is None and ounces is None:
        return None
    return (pounds or Decimal(0)) + (ounces or Decimal(0)) / 16


def _number_text(value: Decimal) -> str:
    """A computed value without needless trailing zeros (66.50 -> 66.5, 7.3750 -> 7.375)."""
    text = format(value.normalize(), "f")
    return text if text not in ("-0", "") else "0"


@dataclass
class VitalsEntry:
    """The form's content: every text as typed and every choice (unit, method, BP position...)."""

    texts: dict[str, str] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CHOICES))
    taken_at: datetime | None = None
    amends: int | None = None  # the set being amended, if any

    def text(self, name: str) -> str:
        return self.texts.get(name, "").strip()

    def choice(self, name: str) -> str:
        return self.choices.get(name, DEFAULT_CHOICES.get(name, ""))

    def is_empty(self) -> bool:
        return not any(self.text(name) for name in TEXT_FIELDS)

    # -- drafts --------------------------------------------------------------------------------

    def to_payload(self) -> dict[str, Any]:
        return {
            "format": PAYLOAD_FORMAT,
            "texts": {k: v for k, v in self.texts.items() if k in TEXT_FIELDS and v},
            "choices": {k: v for k, v in self.choices.items() if k in DEFAULT_CHOICES},
            "taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "amends": self.amends,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> VitalsEntry:
        """A draft read back; anything unknown or malformed is left out, never an error."""
        texts_in = payload.get("texts")
        choices_in = payload.get("choices")
        texts = {
            k: v
            for k, v in (texts_in.items() if isinstance(texts_in, dict) else ())
            if k in TEXT_FIELDS and isinstance(v, str)
        }
        choices = dict(DEFAULT_CHOICES)
        for k, v in choices_in.items() if isinstance(choices_in, dict) else ():
            if k in DEFAULT_CHOICES and isinstance(v, str) and v in _ALLOWED.get(k, (v,)):
                choices[k] = v
        taken_at = None
        raw_taken = payload.get("taken_at")
        if isinstance(raw_taken, str):
            try:
                parsed = datetime.fromisoformat(raw_taken)
                taken_at = parsed if parsed.tzinfo is not None else None
            except ValueError:
                taken_at = None
        amends = payload.get("amends")
        return cls(
            texts=texts,
            choices=choices,
            taken_at=taken_at,
            amends=amends if isinstance(amends, int) and not isinstance(amends, bool) else None,
        )

    # -- the clinical document -----------------------------------------------------------------

    def measurements(self, include_head: bool) -> tuple[dict[str, Any], dict[str, str]]:
        """The `measurements` of a check document, and the fields whose text is not a number."""
        doc = _Measurements(self)
        bp_extra = {
            detail: self.choice(choice)
            for detail, choice in (
                ("position", "bp_position"),
                ("arm", "bp_arm"),
                ("cuff_size", "bp_cuff"),
            )
            if self.choice(choice)
        }
        doc.put("systolic_bp", doc.number("systolic", "systolic_bp"), "mm[Hg]", **bp_extra)
        doc.put("diastolic_bp", doc.number("diastolic", "diastolic_bp"), "mm[Hg]", **bp_extra)
        doc.put("heart_rate", doc.number("heart_rate", "heart_rate"), "/min")
        doc.put("respiratory_rate", doc.number("respiratory_rate", "respiratory_rate"), "/min")
        doc.put(
            "body_temperature",
            doc.number("temperature", "body_temperature"),
            self.choice("temperature_unit"),
            method=self.choice("temperature_method"),
        )
        doc.oxygen_saturation()
        doc.two_part(
            "body_height", "height", "height_inches", FEET_AND_INCHES, "[in_i]", feet_and_inches
        )
        doc.two_part(
            "body_weight",
            "weight",
            "weight_ounces",
            POUNDS_AND_OUNCES,
            "[lb_av]",
            pounds_and_ounces,
        )
        pain = doc.number("pain", "pain_score")
        if pain is not None:
            doc.out["pain_score"] = {"value": as_entered(pain)}
        if include_head:
            doc.put(
                "head_circumference",
                doc.number("head", "head_circumference"),
                self.choice("head_unit"),
            )
        return doc.out, doc.problems

    def document(
        self,
        birth_date: date,
        sex: str,
        taken_at: datetime,
        *,
        include_head: bool,
        confirmation_reasons: dict[str, str] | None = None,
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The document `clinical.assessment.check_document` reads, and the unreadable fields."""
        measurements, problems = self.measurements(include_head)
        reasons = dict(confirmation_reasons or {})
        return {
            "birth_date": birth_date.isoformat(),
            "sex": sex,
            "taken_at": taken_at.isoformat(),
            "measurements": measurements,
            "confirmed": sorted(reasons),
            "confirmation_reasons": reasons,
        }, problems


def entry_from_measurements(
    measurements: list[tuple[str, str, str, dict[str, Any]]],
) -> VitalsEntry:
    """A form filled with a recorded set, exactly as it was entered (for an amendment).

    measurements: (code, value_text, unit, details) with details holding method, position, arm,
    cuff_size, on_supplemental_oxygen and oxygen_flow_text where they apply.
    """
    entry = VitalsEntry()
    text_of = FIELD_OF
    unit_choice = {
        "body_temperature": "temperature_unit",
        "body_height": "height_unit",
        "body_weight": "weight_unit",
        "head_circumference": "head_unit",
    }
    for code, value_text, unit, details in measurements:
        name = text_of.get(code)
        if name is None:
            continue
        entry.texts[name] = value_text
        if code in unit_choice:
            entry.choices[unit_choice[code]] = unit
        if code == "body_temperature" and details.get("method"):
            entry.choices["temperature_method"] = str(details["method"])
        if code in ("systolic_bp", "diastolic_bp"):
            for key, choice in (("position", "bp_position"), ("arm", "bp_arm")):
                if details.get(key):
                    entry.choices[choice] = str(details[key])
            if details.get("cuff_size"):
                entry.choices["bp_cuff"] = str(details["cuff_size"])
        if code == "oxygen_saturation":
            entry.choices["on_oxygen"] = "yes" if details.get("on_supplemental_oxygen") else ""
            if details.get("oxygen_flow_text"):
                entry.texts["oxygen_flow"] = str(details["oxygen_flow_text"])
    return entry


class _Measurements:
    """A check document's `measurements`, collected from the typed texts of one entry."""

    def __init__(self, entry: VitalsEntry) -> None:
        self.entry = entry
        self.out: dict[str, Any] = {}
        self.problems: dict[str, str] = {}

    def number(self, name: str, key: str) -> Decimal | None:
        """The field's text as a number (None when empty); a problem for `key` when it is not."""
        text = self.entry.text(name)
        if key == "systolic_bp":
            text = split_pair(text)[0].strip()
        if not text:
            return None
        value = parse_decimal(text)
        if value is None:
            self.problems[key] = f'"{text}" is not a number. Type digits, like 72 or 37.5.'
        return value

    def put(self, key: str, value: Decimal | None, unit: str, **extra: Any) -> None:
        if value is not None:
            self.out[key] = {"value": as_entered(value), "unit": unit, **extra}

    def oxygen_saturation(self) -> None:
        spo2 = self.number("oxygen_saturation", "oxygen_saturation")
        if spo2 is None:
            return
        on_oxygen = self.entry.choice("on_oxygen") == "yes"
        extra: dict[str, Any] = {"on_supplemental_oxygen": on_oxygen}
        flow = self.number("oxygen_flow", "oxygen_saturation") if on_oxygen else None
        if flow is not None:
            extra["oxygen_flow"] = as_entered(flow)
        self.put("oxygen_saturation", spo2, "%", **extra)

    def two_part(
        self,
        key: str,
        name: str,
        second: str,
        two_part_unit: str,
        ucum: str,
        combine: Callable[[Decimal | None, Decimal | None], Decimal | None],
    ) -> None:
        """Height or weight: one field in the chosen unit, or two (ft + in, lb + oz) summed."""
        unit = self.entry.choice(f"{name}_unit")
        if unit != two_part_unit:
            self.put(key, self.number(name, key), unit)
            return
        first, rest = self.number(name, key), self.number(second, key)
        total = combine(first, rest) if key not in self.problems else None
        if total is not None:
            self.out[key] = {"value": _number_text(total), "unit": ucum}
