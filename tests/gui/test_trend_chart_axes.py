"""Trend charts with no, one and two readings (a baby has no blood pressure or temperature): an
empty chart says so in words, and no chart shows meaningless tick labels ("00.500", the seconds
of 1 January 1970 that an empty date axis fell back to)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.trend_charts import NO_READINGS, TrendCharts
from vitalsdesk.presentation.trend_data import trend_charts
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

# What a date axis shows below a second ("00.500"), and a time of day or seconds: never right
# for readings days or months apart.
CLOCK = re.compile(r"^\d\d[.:]\d\d")


def record_pulse(
    clinic: Clinic,
    user: StaffUserOut,
    patient: PatientOut,
    days_ago: int,
    pulse: str,
    weight: bool = True,
) -> None:
    measurements: dict[str, dict[str, str]] = {"heart_rate": {"value": pulse, "unit": "/min"}}
    if weight:
        measurements["body_weight"] = {"value": "9.8", "unit": "kg"}
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now(UTC) - timedelta(days=days_ago),
            "measurements": measurements,
        }
    )
    clinic.vitals.record(patient.id, vitals, user, clinician_notified=True)


def drawn_tick_labels(plot: pg.PlotWidget, side: str) -> list[str]:
    """The labels the axis draws at its size on screen (empty when the axis is hidden)."""
    axis = plot.getPlotItem().getAxis(side)
    if not axis.isVisible():
        return []
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return []
    return [text for _, _, text in specs[2]]


def build(qtbot: QtBot, clinic: Clinic, child: PatientOut) -> TrendCharts:
    data = trend_charts(clinic.vitals.history(child.id), clinic.table, child)
    charts = TrendCharts(data)
    qtbot.addWidget(charts)
    charts.resize(1000, 420)
    charts.show()
    qtbot.waitExposed(charts)
    return charts


@pytest.mark.parametrize("readings", [0, 1, 2])
def test_a_babys_trend_charts_never_show_meaningless_ticks(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut, readings: int
) -> None:
    for days_ago, pulse in [(60, "128"), (2, "124")][:readings]:
        record_pulse(clinic, ana, child, days_ago, pulse)
    charts = build(qtbot, clinic, child)
    for key, plot in charts.plots.items():
        bottom = drawn_tick_labels(plot, "bottom")
        left = drawn_tick_labels(plot, "left")
        assert not [t for t in bottom + left if CLOCK.match(t)], (key, bottom, left)
        for label in bottom:  # dates, as "May 2025"
            assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label), (key, bottom)


def test_an_empty_chart_says_no_readings_yet(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut
) -> None:
    record_pulse(clinic, ana, child, 30, "128")
    charts = build(qtbot, clinic, child)
    for key in ("blood_pressure", "body_temperature", "bmi"):  # a baby has none of these
        plot = charts.plots[key]
        words = [i.toPlainText() for i in plot.getPlotItem().items if isinstance(i, pg.TextItem)]
        assert words == [NO_READINGS], key
        assert "no readings yet" in plot.accessibleDescription().lower(), key
        assert drawn_tick_labels(plot, "bottom") == drawn_tick_labels(plot, "left") == [], key
        # The title says there is nothing shaded: no band is drawn on an empty chart.
        assert "shaded" not in plot.getPlotItem().titleLabel.text, key
    pulse = charts.plots["heart_rate"]
    assert not [i for i in pulse.getPlotItem().items if isinstance(i, pg.TextItem)]
    assert "1 reading;" in pulse.accessibleDescription()


def test_one_reading_has_whole_number_ticks_around_it(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut
) -> None:
    """A single pulse of 128 with no band around it once gave 127, 127.5, 128... ticks."""
    record_pulse(clinic, ana, child, 30, "128")
    charts = build(qtbot, clinic, child)
    plot = charts.plots["body_weight"]  # 9.8 kg, charted in kg as entered; no reference band
    low, high = plot.getPlotItem().getViewBox().viewRange()[1]
    assert low < 9.8 < high
    assert high - low >= 2.0
    left = drawn_tick_labels(plot, "left")
    assert len(left) >= 2, left
    assert all(re.fullmatch(r"\d+", t) for t in left), left
    assert len(drawn_tick_labels(plot, "bottom")) == 1


@pytest.mark.parametrize("one_row", [False, True])
def test_the_first_and_newest_dates_are_drawn_on_a_narrow_chart(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut, one_row: bool
) -> None:
    """The axis hides a label that runs past its ends: with the readings at the very ends of a
    200 px chart only the middle date was left (a year of a baby's visits read "May 2026")."""
    for days_ago, pulse in [(330, "132"), (200, "128"), (100, "126"), (3, "124")]:
        record_pulse(clinic, ana, child, days_ago, pulse)
    charts = build(qtbot, clinic, child)
    charts.set_one_row(one_row)
    charts.resize(1000, 300)
    qtbot.wait(50)
    plot = charts.plots["heart_rate"]
    assert plot.width() < 360
    first = datetime.fromtimestamp((datetime.now(UTC) - timedelta(days=330)).timestamp())
    newest = datetime.fromtimestamp((datetime.now(UTC) - timedelta(days=3)).timestamp())
    drawn = drawn_tick_labels(plot, "bottom")
    assert drawn[0] == first.strftime("%b %Y"), drawn
    assert drawn[-1] == newest.strftime("%b %Y"), drawn


def test_date_labels_never_print_over_each_other(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut
) -> None:
    """A baby's visits at 1 week, 1, 2, 4, 6, 9 and 12 months on a chart 200 px wide: "Nov 2025"
    and "May 2026" touched, with no space between them."""
    for days_ago in (365, 335, 305, 245, 185, 95, 3):
        record_pulse(clinic, ana, child, days_ago, "128", weight=False)
    charts = build(qtbot, clinic, child)
    charts.set_one_row(True)
    for width in (1000, 1230, 1400):
        charts.resize(width, 300)
        qtbot.wait(50)
        axis = charts.plots["heart_rate"].getPlotItem().getAxis("bottom")
        image = QImage(400, 300, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            specs = axis.generateDrawSpecs(painter)
        finally:
            painter.end()
        rects = sorted((rect for rect, _, _ in specs[2]), key=lambda r: r.left())
        assert len(rects) >= 2, width
        for before, after in pairwise(rects):
            assert after.left() - before.right() >= 6, (width, [r.left() for r in rects])


@pytest.mark.parametrize("one_row", [False, True])
def test_the_note_explains_the_triangles_only_when_blood_pressure_is_drawn(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, child: PatientOut, one_row: bool
) -> None:
    record_pulse(clinic, ana, child, 30, "128")
    charts = build(qtbot, clinic, child)
    charts.set_one_row(one_row)
    for text in (charts.note.text(), charts.note.accessibleDescription()):
        assert text.startswith("How to read:"), text
        assert "systolic" not in text and "▲" not in text, text
    assert "shaded" in charts.note.text() or "shaded band" in charts.note.text()
