"""Guided blood pressure: the set's BP is the average of 2 or 3 readings (AHA: average at least 2
readings taken 1 to 2 minutes apart), rounded half up to a whole mmHg.

Pure arithmetic and plain-word texts only; the checks against the range table are in
`assessment.py`, like every other rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

MIN_READINGS = 2
# Three, not more: the AHA protocol averages 2 readings and a 3rd is taken when the first two
# disagree. More cuff inflations in a row raise the reading and keep the patient's arm squeezed,
# and the rooming form has room for the 2nd and 3rd only.
MAX_READINGS = 3
# Two readings further apart than this (systolic) are not averaged without another reading.
SPREAD_LIMIT_MMHG = Decimal(10)

ANOTHER_READING_TEXT = (
    "The readings differ by more than 10 mmHg (top number). Wait 1 minute and take another reading."
)
LAST_READING_TEXT = (
    "The readings differ by more than 10 mmHg (top number). Tell the clinician they were far apart."
)


def whole_mmhg_mean(values: Sequence[Decimal]) -> Decimal:
    """The mean rounded half up to a whole mmHg (121.5 -> 122), exactly, with no float step."""
    if not values:
        raise ValueError("no readings to average")
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def readings_far_apart(systolics: Sequence[Decimal]) -> bool:
    """Whether two of the readings differ by more than SPREAD_LIMIT_MMHG systolic."""
    return bool(systolics) and max(systolics) - min(systolics) > SPREAD_LIMIT_MMHG


def spread_message(systolics: Sequence[Decimal]) -> str | None:
    """The plain-word line for readings far apart: another reading while one more may be taken,
    else tell the clinician (never a reading beyond MAX_READINGS)."""
    if not readings_far_apart(systolics):
        return None
    return ANOTHER_READING_TEXT if len(systolics) < MAX_READINGS else LAST_READING_TEXT
