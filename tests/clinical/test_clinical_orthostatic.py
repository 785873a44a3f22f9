"""Orthostatic set: BP and pulse lying, then standing at 1 and 3 minutes. The change is computed
for the clinician; the MA sees a neutral "tell the clinician" when a standing reading falls by at
least the clinic's thresholds (consensus defaults 20 systolic / 10 diastolic mmHg, as data in the
range table, checked when loaded, never switched off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.ranges import RangeTableError, parse_range_table

NOW = datetime(2026, 6, 15, 14, 30, tzinfo=UTC)
DEFAULT_TABLE = Path(__file__).resolve().parents[2] / "resources/reference_ranges/default.toml"


def _reading(sbp: int, dbp: int, pulse: int | None, seconds: int, position: str) -> dict[str, Any]:
    reading: dict[str, Any] = {
        "systolic": sbp,
        "diastolic": dbp,
        "unit": "mm[Hg]",
        "taken_at": (NOW - timedelta(minutes=5) + timedelta(seconds=seconds)).isoformat(),
        "position": position,
    }
    if pulse is not None:
        reading["heart_rate"] = pulse
    return reading


def _set(standing_1: tuple[int, int, int], standing_3: tuple[int, int, int]) -> dict[str, Any]:
    return {
        "birth_date": "1950-06-15",
        "sex": "male",
        "taken_at": NOW.isoformat(),
        "bp_readings": [
            _reading(130, 80, 70, 0, "lying"),
            _reading(*standing_1, 60, "standing"),
            _reading(*standing_3, 185, "standing"),
        ],
    }


def _check(table: Any, doc: dict[str, Any]) -> dict[str, Any]:
    return check_document(doc, table, now=NOW).to_json()


def test_the_change_from_lying_is_computed_for_each_standing_reading(table):
    out = _check(table, _set((118, 76, 84), (112, 74, 90)))
    assert out["status"] == "accepted", out
    ortho = out["orthostatic"]
    assert ortho["lying"]["systolic"] == 130
    assert [
        (s["minutes_after_lying"], s["systolic_drop"], s["diastolic_drop"])
        for s in ortho["standing"]
    ] == [
        (1, 12, 4),
        (3, 18, 6),  # 3 min 5 s after lying rounds to 3
    ]
    assert [s["heart_rate_rise"] for s in ortho["standing"]] == [14, 20]
    assert ortho["tell_clinician"] is False
    assert ortho["message"] is None
    # The set's BP is the lying one: readings in different positions are never averaged.
    assert out["measurements"]["systolic_bp"]["value"] == 130
    assert "bp_average" not in out


@pytest.mark.parametrize(
    ("standing_3", "crossed"),
    [
        ((111, 74, 90), False),  # systolic fall 19
        ((110, 74, 90), True),  # systolic fall 20: at the threshold
        ((120, 71, 90), False),  # diastolic fall 9
        ((120, 70, 90), True),  # diastolic fall 10
    ],
)
def test_the_ma_sees_tell_the_clinician_at_the_thresholds(table, standing_3, crossed):
    out = _check(table, _set((125, 78, 80), standing_3))
    ortho = out["orthostatic"]
    assert ortho["tell_clinician"] is crossed
    assert ortho["standing"][1]["crossed"] is crossed
    if crossed:
        assert ortho["message"] == "Standing readings: tell the clinician."
    else:
        assert ortho["message"] is None


def test_the_pulse_is_required_with_each_reading(table):
    doc = _set((118, 76, 84), (112, 74, 90))
    del doc["bp_readings"][1]["heart_rate"]
    out = _check(table, doc)
    assert out["status"] == "rejected"
    assert "pulse" in out["errors"][0]["message"]


def test_the_pulse_meets_the_reject_limits(table):
    out = _check(table, _set((118, 76, 400), (112, 74, 90)))
    assert out["status"] == "rejected"
    assert out["errors"][0]["message"].startswith("Reading 2: Heart rate 400")


def test_other_mixed_positions_are_refused(table):
    doc = _set((118, 76, 84), (112, 74, 90))
    doc["bp_readings"][0]["position"] = "sitting"
    out = _check(table, doc)
    assert out["status"] == "rejected"
    assert "not averaged" in out["errors"][0]["message"]


def _table_with(section: str) -> str:
    text = DEFAULT_TABLE.read_text(encoding="utf-8")
    start = text.index("[orthostatic]")
    end = text.index("\n\n", start)
    return text[:start] + section + text[end:]


def test_a_clinic_can_tune_the_thresholds(table):
    tuned = parse_range_table(
        _table_with(
            "[orthostatic]\nsystolic_drop_at_or_above = 15\ndiastolic_drop_at_or_above = 7\n"
            'source = "Shaw 2017 sit-to-stand"'
        ),
        "clinic.toml",
    )
    out = _check(tuned, _set((125, 78, 80), (115, 74, 90)))  # systolic fall 15
    assert out["orthostatic"]["tell_clinician"] is True


@pytest.mark.parametrize(
    "section",
    [
        "[orthostatic]\nsystolic_drop_at_or_above = 0",
        "[orthostatic]\nsystolic_drop_at_or_above = 999",
        "[orthostatic]\ndiastolic_drop_at_or_above = -1",
        "[orthostatic]\nenabled = false",
        '[orthostatic]\nsource = ""',
    ],
)
def test_the_flag_cannot_be_switched_off(section):
    with pytest.raises(RangeTableError, match="orthostatic"):
        parse_range_table(_table_with(section), "clinic.toml")


def test_a_table_without_the_section_keeps_the_consensus_thresholds():
    table = parse_range_table(_table_with(""), "clinic.toml")
    assert (
        table.orthostatic.systolic_drop_at_or_above,
        table.orthostatic.diastolic_drop_at_or_above,
    ) == (20, 10)
    assert table.orthostatic.source.startswith("Freeman")
