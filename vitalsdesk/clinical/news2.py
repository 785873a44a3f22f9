"""NEWS2 (Royal College of Physicians, 2017), for the clinician view only.

Scored only for age 16 and over, and only when every parameter is there: respiration rate,
SpO2, air or oxygen, systolic BP, pulse, consciousness and temperature. Consciousness (ACVPU) is
the clinician's own assessment, given when the score is asked for; the MA never records it.
The bands are RCP Chart 1 as written in docs/clinical-basis.md, "NEWS2" (as intervals), not
clinic data: RCP asks that the chart is used unmodified. Scale 2 (SpO2 target 88-92 %) only when
the clinician says the patient has that documented target.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

Consciousness = Literal["alert", "new-confusion", "voice", "pain", "unresponsive"]
Response = Literal["routine", "low", "low-medium", "medium", "high"]
MIN_AGE_YEARS = 16


class News2(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: int
    scores: dict[str, int]
    red_score: bool  # a single parameter scored 3
    response: Response
    spo2_scale: Literal[1, 2]


def _band(x: Decimal, bands: list[tuple[Decimal, int]], above: int) -> int:
    """Score of x: the first band whose upper limit (inclusive) holds it, else `above`."""
    for limit, score in bands:
        if x <= limit:
            return score
    return above


def _d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def respiration_score(rr: Decimal) -> int:
    # <=8 -> 3, <=11 -> 1, <=20 -> 0, <=24 -> 2, else 3
    return _band(rr, list(zip(_d("8", "11", "20", "24"), (3, 1, 0, 2), strict=True)), 3)


def spo2_scale1_score(spo2: Decimal) -> int:
    # <=91 -> 3, <=93 -> 2, <=95 -> 1, else 0
    return _band(spo2, list(zip(_d("91", "93", "95"), (3, 2, 1), strict=True)), 0)


def spo2_scale2_score(spo2: Decimal, on_oxygen: bool) -> int:
    # <=83 -> 3, <=85 -> 2, <=87 -> 1, 88-92 -> 0, >=93 on air -> 0; on oxygen 93-94 -> 1,
    # 95-96 -> 2, >=97 -> 3
    low = _band(spo2, list(zip(_d("83", "85", "87", "92"), (3, 2, 1, 0), strict=True)), -1)
    if low >= 0:
        return low
    if not on_oxygen:
        return 0
    return _band(spo2, list(zip(_d("94", "96"), (1, 2), strict=True)), 3)


def systolic_score(sbp: Decimal) -> int:
    # <=90 -> 3, <=100 -> 2, <=110 -> 1, <=219 -> 0, else 3
    return _band(sbp, list(zip(_d("90", "100", "110", "219"), (3, 2, 1, 0), strict=True)), 3)


def pulse_score(hr: Decimal) -> int:
    # <=40 -> 3, <=50 -> 1, <=90 -> 0, <=110 -> 1, <=130 -> 2, else 3
    return _band(hr, list(zip(_d("40", "50", "90", "110", "130"), (3, 1, 0, 1, 2), strict=True)), 3)


def temperature_score(celsius: Decimal) -> int:
    # <=35.0 -> 3, <=36.0 -> 1, <=38.0 -> 0, <=39.0 -> 1, else 2
    return _band(
        celsius, list(zip(_d("35.0", "36.0", "38.0", "39.0"), (3, 1, 0, 1), strict=True)), 2
    )


def news2(
    *,
    age_years: int,
    respiratory_rate: Decimal | None,
    spo2: Decimal | None,
    on_oxygen: bool | None,
    systolic: Decimal | None,
    pulse: Decimal | None,
    temperature_celsius: Decimal | None,
    consciousness: Consciousness | None,
    spo2_scale: Literal[1, 2] = 1,
) -> News2 | None:
    """The NEWS2 score, or None when it does not apply (under 16, or a parameter missing)."""
    values = (
        respiratory_rate,
        spo2,
        on_oxygen,
        systolic,
        pulse,
        temperature_celsius,
        consciousness,
    )
    if age_years < MIN_AGE_YEARS or any(v is None for v in values):
        return None
    assert respiratory_rate is not None and spo2 is not None and on_oxygen is not None
    assert systolic is not None and pulse is not None and temperature_celsius is not None
    scores = {
        "respiratory_rate": respiration_score(respiratory_rate),
        "oxygen_saturation": spo2_scale1_score(spo2)
        if spo2_scale == 1
        else spo2_scale2_score(spo2, on_oxygen),
        "air_or_oxygen": 2 if on_oxygen else 0,
        "systolic_bp": systolic_score(systolic),
        "heart_rate": pulse_score(pulse),
        "consciousness": 0 if consciousness == "alert" else 3,
        "body_temperature": temperature_score(temperature_celsius),
    }
    total = sum(scores.values())
    red = any(score == 3 for score in scores.values())
    response: Response
    if total >= 7:
        response = "high"
    elif total >= 5:
        response = "medium"
    elif red:
        response = "low-medium"
    elif total >= 1:
        response = "low"
    else:
        response = "routine"
    return News2(
        total=total, scores=scores, red_score=red, response=response, spo2_scale=spo2_scale
    )
