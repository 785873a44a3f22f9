"""Orthostatic set: BP and pulse lying, then standing at about 1 and 3 minutes. The change from
lying to each standing reading is for the clinician; the MA sees only a neutral "tell the
clinician" when the clinic's thresholds are crossed.

The thresholds are data in the range table (`[orthostatic]`), checked when loaded: each must be
above 0 and at most twice the consensus value, so a clinic can tune them but never switch the
flag off. Consensus (Freeman et al., Clin Auton Res 2011;21:69-72): a sustained fall of systolic
BP of at least 20 mmHg or diastolic BP of at least 10 mmHg within 3 minutes of standing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

ORTHOSTATIC_POSITIONS = ("lying", "standing", "standing")
TELL_CLINICIAN_TEXT = "Standing readings: tell the clinician."

CONSENSUS_SYSTOLIC_DROP = Decimal(20)
CONSENSUS_DIASTOLIC_DROP = Decimal(10)
CONSENSUS_SOURCE = (
    "Freeman R et al. Consensus statement on the definition of orthostatic hypotension. "
    "Clin Auton Res 2011;21:69-72: a fall of systolic >= 20 or diastolic >= 10 mmHg within "
    "3 minutes of standing"
)


class OrthostaticThresholds(BaseModel):
    """A standing reading whose fall from lying is at or above either threshold is flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    systolic_drop_at_or_above: Decimal = Field(
        default=CONSENSUS_SYSTOLIC_DROP, gt=0, le=2 * CONSENSUS_SYSTOLIC_DROP
    )
    diastolic_drop_at_or_above: Decimal = Field(
        default=CONSENSUS_DIASTOLIC_DROP, gt=0, le=2 * CONSENSUS_DIASTOLIC_DROP
    )
    source: str = Field(default=CONSENSUS_SOURCE, min_length=1)


class Reading(BaseModel):
    model_config = ConfigDict(frozen=True)

    systolic: Decimal
    diastolic: Decimal
    heart_rate: Decimal
    taken_at: datetime


class StandingChange(BaseModel):
    """One standing reading against the lying one (mmHg and /min; a fall is positive)."""

    model_config = ConfigDict(frozen=True)

    minutes_after_lying: int
    systolic: Decimal
    diastolic: Decimal
    heart_rate: Decimal
    systolic_drop: Decimal
    diastolic_drop: Decimal
    heart_rate_rise: Decimal
    crossed: bool


class OrthostaticChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    lying: Reading
    standing: tuple[StandingChange, ...]
    tell_clinician: bool
    message: str | None


def orthostatic_change(
    lying: Reading, standing: Sequence[Reading], thresholds: OrthostaticThresholds
) -> OrthostaticChange:
    changes = []
    for r in standing:
        minutes = Decimal((r.taken_at - lying.taken_at).total_seconds()) / 60
        systolic_drop = lying.systolic - r.systolic
        diastolic_drop = lying.diastolic - r.diastolic
        changes.append(
            StandingChange(
                minutes_after_lying=int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                systolic=r.systolic,
                diastolic=r.diastolic,
                heart_rate=r.heart_rate,
                systolic_drop=systolic_drop,
                diastolic_drop=diastolic_drop,
                heart_rate_rise=r.heart_rate - lying.heart_rate,
                crossed=systolic_drop >= thresholds.systolic_drop_at_or_above
                or diastolic_drop >= thresholds.diastolic_drop_at_or_above,
            )
        )
    crossed = any(c.crossed for c in changes)
    return OrthostaticChange(
        lying=lying,
        standing=tuple(changes),
        tell_clinician=crossed,
        message=TELL_CLINICIAN_TEXT if crossed else None,
    )
