"""NEWS2 bands (docs/clinical-basis.md, "NEWS2"; RCP Chart 1) and when it applies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from vitalsdesk.clinical.news2 import (
    news2,
    pulse_score,
    respiration_score,
    spo2_scale1_score,
    spo2_scale2_score,
    systolic_score,
    temperature_score,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "score"),
    [("8", 3), ("9", 1), ("11", 1), ("12", 0), ("20", 0), ("21", 2), ("24", 2), ("25", 3)],
)
def test_respiration(value: str, score: int) -> None:
    assert respiration_score(D(value)) == score  # RR 9-11 is 1, not 2 (a known public error)


@pytest.mark.parametrize(
    ("value", "score"),
    [("91", 3), ("92", 2), ("93", 2), ("94", 1), ("95", 1), ("96", 0), ("100", 0)],
)
def test_spo2_scale_1(value: str, score: int) -> None:
    assert spo2_scale1_score(D(value)) == score


@pytest.mark.parametrize(
    ("value", "oxygen", "score"),
    [
        ("83", False, 3),
        ("84", False, 2),
        ("86", False, 1),
        ("88", False, 0),
        ("92", True, 0),
        ("93", False, 0),
        ("97", False, 0),
        ("93", True, 1),
        ("94", True, 1),
        ("95", True, 2),
        ("96", True, 2),
        ("97", True, 3),
    ],
)
def test_spo2_scale_2(value: str, oxygen: bool, score: int) -> None:
    assert spo2_scale2_score(D(value), oxygen) == score


@pytest.mark.parametrize(
    ("value", "score"),
    [("90", 3), ("91", 2), ("100", 2), ("101", 1), ("110", 1), ("111", 0), ("219", 0), ("220", 3)],
)
def test_systolic(value: str, score: int) -> None:
    assert systolic_score(D(value)) == score


@pytest.mark.parametrize(
    ("value", "score"),
    [
        ("40", 3),
        ("41", 1),
        ("50", 1),
        ("51", 0),
        ("90", 0),
        ("91", 1),
        ("110", 1),
        ("111", 2),
        ("130", 2),
        ("131", 3),
    ],
)
def test_pulse(value: str, score: int) -> None:
    assert pulse_score(D(value)) == score


@pytest.mark.parametrize(
    ("value", "score"),
    [
        ("35.0", 3),
        ("35.1", 1),
        ("36.0", 1),
        ("36.1", 0),
        ("38.0", 0),
        ("38.1", 1),
        ("39.0", 1),
        ("39.1", 2),
    ],
)
def test_temperature(value: str, score: int) -> None:
    assert temperature_score(D(value)) == score


def _all(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "age_years": 40,
        "respiratory_rate": D(16),
        "spo2": D(97),
        "on_oxygen": False,
        "systolic": D(120),
        "pulse": D(70),
        "temperature_celsius": D("37.0"),
        "consciousness": "alert",
    }
    return {**base, **changes}


def test_a_calm_adult_scores_zero() -> None:
    result = news2(**_all())
    assert result is not None and result.total == 0 and result.response == "routine"


def test_oxygen_adds_two_and_a_single_three_is_a_red_score() -> None:
    result = news2(**_all(on_oxygen=True, consciousness="new-confusion"))
    assert result is not None
    assert result.scores["air_or_oxygen"] == 2 and result.scores["consciousness"] == 3
    assert result.total == 5 and result.red_score and result.response == "medium"
    red_only = news2(**_all(pulse=D(135)))
    assert red_only is not None and red_only.total == 3 and red_only.response == "low-medium"
    high = news2(**_all(pulse=D(135), respiratory_rate=D(26), on_oxygen=True))
    assert high is not None and high.total == 8 and high.response == "high"


def test_only_from_16_and_only_with_every_parameter() -> None:
    assert news2(**_all(age_years=15)) is None
    assert news2(**_all(age_years=16)) is not None
    for missing in (
        "respiratory_rate",
        "spo2",
        "on_oxygen",
        "systolic",
        "pulse",
        "temperature_celsius",
        "consciousness",
    ):
        assert news2(**_all(**{missing: None})) is None
