"""The numbers behind a child's growth charts, without Qt (decision 17): which charts for which
age, the percentile lines, and the child's valid readings.

Expected line values are the references' own published numbers: WHO's median (M) of the boys'
weight-for-age at 365 days is 9.646 kg; CDC's data files print the percentile columns (boys'
weight-for-age P5 and P95 at 24 months: 10.640 and 15.188 kg; BMI-for-age P95 at 24 months:
19.338; head circumference-for-age P50 at 30.5 months: 49.305 cm).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.growth_tables import shipped_growth_tables
from vitalsdesk.presentation.trend_data import (
    CDC_CENTILES,
    WHO_CENTILES,
    GrowthChartData,
    growth_charts,
    ordinal,
)
from vitalsdesk.services.schemas import MeasurementOut, PatientOut, VitalSignSetOut

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def tables() -> GrowthTables:
    return shipped_growth_tables()


def patient(born: date, sex: str = "male") -> PatientOut:
    return PatientOut(
        id=1,
        mrn="K-1",
        family_name="Kim",
        given_name="Noah",
        birth_date=born,
        sex=sex,
        preferred_language="en",
        is_sample=False,
        version=1,
    )


def measurement(code: str, canonical: str, unit: str) -> MeasurementOut:
    return MeasurementOut(
        code=code,
        value_text=canonical,
        unit=unit,
        canonical_text=canonical,
        canonical_unit=unit,
        method=None,
        position=None,
        arm=None,
        cuff_size=None,
        on_supplemental_oxygen=None,
        oxygen_flow_text=None,
        interpretation=None,
        confirmed=False,
        confirm_reason=None,
    )


_ids = iter(range(1, 10_000))


def a_set(day: date, bmi: str | None = None, **values: str) -> VitalSignSetOut:
    units = {"body_weight": "kg", "body_height": "cm", "head_circumference": "cm"}
    taken = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    data: dict[str, Any] = {
        "id": next(_ids),
        "uid": "u",
        "patient_id": 1,
        "taken_at": taken,
        "recorded_at": taken + timedelta(minutes=5),
        "recorded_by": "Ana",
        "status": "final",
        "replaces_id": None,
        "superseded": False,
        "amend_reason": None,
        "error_reason": None,
        "clinician_notified": False,
        "reference_ranges_version": "v",
        "bmi_value": bmi,
        "bmi_category": None,
        "bp_category": None,
        "version": 1,
        "measurements": [measurement(k, v, units[k]) for k, v in values.items()],
    }
    return VitalSignSetOut(**data)


def by_key(charts: list[GrowthChartData]) -> dict[str, GrowthChartData]:
    return {c.key: c for c in charts}


def value_at(chart: GrowthChartData, percentile: int, x: float) -> float:
    line = next(line for line in chart.lines if line.percentile == percentile)
    return min(line.points, key=lambda p: abs(p[0] - x))[1]


def test_under_two_years_the_four_who_charts(tables: GrowthTables) -> None:
    born = TODAY - timedelta(days=365)
    sets = [
        a_set(born + timedelta(days=30), body_weight="4.5", body_height="54.7"),
        a_set(TODAY, body_weight="9.646", body_height="75.7391", head_circumference="46.0637"),
    ]
    charts = by_key(growth_charts(sets, tables, patient(born), today=TODAY))
    assert list(charts) == [
        "weight_for_age",
        "height_for_age",
        "weight_for_length",
        "head_circumference_for_age",
    ]
    weight = charts["weight_for_age"]
    assert [line.percentile for line in weight.lines] == list(WHO_CENTILES) == [3, 15, 50, 85, 97]
    assert weight.x_range == (0.0, 24.0) and weight.x_unit == "months"
    assert value_at(weight, 50, 365 / 30.4375) == pytest.approx(9.646, abs=1e-6)
    # The child's readings, in months and kg, oldest first.
    assert weight.points == [
        (pytest.approx(30 / 30.4375), 4.5),
        (pytest.approx(365 / 30.4375), 9.646),
    ]
    assert (weight.latest_percentile, weight.latest_z) == (Decimal("50.0"), Decimal("0.00"))
    assert charts["weight_for_length"].x_label == "Length (cm)"
    assert charts["weight_for_length"].points == [(54.7, 4.5), (75.7391, 9.646)]
    assert charts["head_circumference_for_age"].points == [(pytest.approx(365 / 30.4375), 46.0637)]
    assert "percentile 50.0 (z 0.00)" in weight.summary()
    assert "3rd, 15th, 50th, 85th and 97th percentiles" in weight.summary()


def test_from_two_years_the_cdc_charts_with_head_circumference_to_36_months(
    tables: GrowthTables,
) -> None:
    born = TODAY - timedelta(days=930)  # 30.6 months
    charts = by_key(growth_charts([], tables, patient(born), today=TODAY))
    assert list(charts) == [
        "weight_for_age",
        "height_for_age",
        "bmi_for_age",
        "head_circumference_for_age",
    ]
    weight = charts["weight_for_age"]
    assert [line.percentile for line in weight.lines] == list(CDC_CENTILES)
    assert weight.x_range == (2.0, 20.0) and weight.x_unit == "years"
    assert value_at(weight, 5, 2.0) == pytest.approx(10.640, abs=0.001)
    assert value_at(weight, 95, 2.0) == pytest.approx(15.188, abs=0.001)
    assert value_at(charts["bmi_for_age"], 95, 2.0) == pytest.approx(19.338, abs=0.001)
    head = charts["head_circumference_for_age"]
    assert head.x_range == (0.0, 36.0) and head.span == "CDC, birth to 36 months"
    assert value_at(head, 50, 30.5) == pytest.approx(49.305, abs=0.001)
    assert weight.summary().endswith(
        "no readings on this chart yet. Lines: the 5th, 10th, 25th, 50th, 75th, 90th and 95th "
        "percentiles."
    )


def test_after_36_months_no_head_circumference_and_readings_before_2_are_left_off(
    tables: GrowthTables,
) -> None:
    born = date(2021, 5, 2)
    sets = [
        a_set(date(2022, 5, 2), body_weight="9.5", body_height="74", head_circumference="45"),
        a_set(date(2026, 5, 2), bmi="15.4", body_weight="17.9", body_height="107.8"),
    ]
    charts = by_key(growth_charts(sets, tables, patient(born, "female"), today=TODAY))
    assert list(charts) == ["weight_for_age", "height_for_age", "bmi_for_age"]
    [(x, y)] = charts["weight_for_age"].points  # the reading at 1 year is on no CDC chart
    assert (round(x, 2), y) == (5.0, 17.9)
    assert charts["bmi_for_age"].points == [(pytest.approx(x), 15.4)]
    assert charts["bmi_for_age"].latest_percentile is not None


def test_replaced_and_erroneous_sets_are_left_out(tables: GrowthTables) -> None:
    born = TODAY - timedelta(days=200)
    kept = a_set(TODAY - timedelta(days=10), body_weight="7.2")
    replaced = a_set(TODAY - timedelta(days=20), body_weight="72").model_copy(
        update={"superseded": True}
    )
    void = a_set(TODAY - timedelta(days=5), body_weight="17").model_copy(
        update={"status": "entered-in-error"}
    )
    weight = by_key(growth_charts([void, kept, replaced], tables, patient(born), today=TODAY))[
        "weight_for_age"
    ]
    assert [y for _, y in weight.points] == [7.2]


@pytest.mark.parametrize(
    ("born", "sex"),
    [(date(2006, 11, 27), "male"), (date(1980, 1, 1), "female"), (date(2024, 1, 1), "unknown")],
    ids=["20 years today", "adult", "sex unknown"],
)
def test_no_growth_charts(tables: GrowthTables, born: date, sex: str) -> None:
    assert growth_charts([], tables, patient(born, sex), today=TODAY) == []


def test_ordinals() -> None:
    assert [ordinal(n) for n in (3, 5, 10, 15, 25, 50, 85, 90, 95, 97, 1, 2, 11, 12, 13, 21)] == [
        "3rd", "5th", "10th", "15th", "25th", "50th", "85th", "90th", "95th", "97th",
        "1st", "2nd", "11th", "12th", "13th", "21st",
    ]  # fmt: skip
