"""Trend charts, and a child's growth charts, drawn with pyqtgraph (plain QtWidgets; Qt Charts is
deprecated since Qt 6.10).

Imported only when the History tab is first shown: pyqtgraph and numpy cost ~0.6 s to import,
which the sign-in screen must not wait for. The charts are pictures, not controls: no mouse zoom,
no wheel, no context menu, no keyboard focus; each has an accessible summary in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from vitalsdesk.presentation.trend_data import ChartData, GrowthChartData

pg.setConfigOptions(antialias=True, background="w", foreground="#1c2430")

# Dark enough on white (WCAG AA) and told apart by marker shape, never by colour alone.
SERIES_COLOURS = ("#23476b", "#8a4b00")
BAND_BRUSH = (35, 110, 80, 40)
BAND_EDGE = "#5c8f78"
# The least height of a trend chart, three to a row; all five in one row they are narrow and
# their titles take more lines, so each keeps a little more.
TWO_ROWS_HEIGHT = 128
ONE_ROW_HEIGHT = 140
# In the plot area of a chart with nothing to draw (a baby has no blood pressure or temperature):
# its axes would have nothing to measure, and an empty date axis labels the seconds of 1970.
NO_READINGS = "No readings yet"
EMPTY_COLOUR = "#4a5663"


def _y_range(chart: ChartData) -> tuple[float, float]:
    values = [y for s in chart.series for _, y in s.points]
    values += [v for b in chart.bands for v in (b.low, b.high) if v is not None]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    # One reading, or a few that hardly differ, with no band around them: at least 5 units
    # tall, so the axis counts in whole units (21.0, 21.5, 22.0 for one weight read as fussy).
    pad = max((high - low) * 0.12, 2.5)
    return low - pad, high + pad


def _x_range(chart: ChartData, box_px: float = 0.0, label_px: float = 0.0) -> tuple[float, float]:
    """The time span shown: the readings, with room each side for half a date label of
    `label_px` in a plot area `box_px` wide (the axis hides a label that runs past its ends, so
    on a narrow chart the first and the newest dates were left out)."""
    xs = [x for s in chart.series for x, _ in s.points]
    if not xs:
        return 0.0, 1.0
    low, high = min(xs), max(xs)
    if high - low < 86_400:
        return low - 3 * 86_400, high + 3 * 86_400
    pad = (high - low) * 0.12  # room for the first and last date labels
    half = label_px / 2 + 4
    if box_px > 2 * half + 20:
        # Seconds per pixel once both ends keep `half` px: the readings fill the rest.
        per_px = (high - low) / (box_px - 2 * half)
        pad = max(pad, half * per_px)
    return low - pad, high + pad


def date_ticks(chart: ChartData, most: int = 4) -> list[tuple[float, str]]:
    """A few dates spread over the readings ("May 2025"), instead of the axis's own choice,
    which shows only the year on a narrow chart."""
    xs = sorted({x for s in chart.series for x, _ in s.points})
    if not xs:
        return []
    if len(xs) <= most:
        chosen = xs
    else:
        step = (len(xs) - 1) / (most - 1)
        chosen = [xs[round(i * step)] for i in range(most)]
    # Two labels closer than a fair share of the axis would print over each other on a narrow
    # chart (1024x768): the later one is left out, except the newest, which replaces the one before.
    least_gap = (xs[-1] - xs[0]) / most * 0.9
    ticks: list[tuple[float, str]] = []
    for x in chosen:
        label = datetime.fromtimestamp(x).strftime("%b %Y")
        if ticks and ticks[-1][1] == label:
            continue
        if ticks and x - ticks[-1][0] < least_gap:
            if x != chosen[-1] or len(ticks) == 1:
                continue
            ticks.pop()
        ticks.append((x, label))
    return ticks


def make_plot(chart: ChartData, parent: QWidget | None = None) -> pg.PlotWidget:
    plot = pg.PlotWidget(parent=parent, axisItems={"bottom": pg.DateAxisItem()})
    plot.setObjectName(f"{chart.key}Trend")
    # The ▲/▼ markers are explained in the note beside the charts: beside the title they were
    # cut off at 1024x768, and a third line leaves no room for the plot.
    plot.setTitle(trend_title(chart, None))
    ticks = date_ticks(chart)
    if ticks:
        plot.getAxis("bottom").setTicks([ticks, []])
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    plot.showGrid(x=False, y=True, alpha=0.2)
    plot.setAccessibleName(f"{chart.title} trend")
    plot.setAccessibleDescription(chart.summary())
    plot.setToolTip(chart.summary())
    plot.setMinimumHeight(TWO_ROWS_HEIGHT)

    if chart.count == 0:
        _show_empty(plot)
    else:
        y_low, y_high = _y_range(chart)
        _add_bands(plot, chart, y_low, y_high)
        _add_series(plot, chart)
        plot.setYRange(y_low, y_high, padding=0)
        plot.setXRange(*_x_range(chart), padding=0)
        _DateFitter(plot, chart, ticks)
    _TitleFitter(plot, lambda room: trend_title(chart, room))  # a child of the plot
    return plot


class _DateFitter(QObject):
    """Keeps the date labels whole and apart whenever the plot area changes width: the time
    span is widened by half a label's pixels each side (the axis hides a label that runs past
    its ends), and a label closer to the one before than a label's width is left out (the axis
    prints them over each other), except the newest, which then takes the place of the one
    before."""

    GAP_PX = 8

    def __init__(
        self, plot: pg.PlotWidget, chart: ChartData, ticks: list[tuple[float, str]]
    ) -> None:
        super().__init__(plot)
        self._plot = plot
        self._chart = chart
        self._ticks = ticks
        metrics = QFontMetrics(plot.font())
        self._label_px = max((metrics.horizontalAdvance(t) for _, t in ticks), default=0)
        plot.getPlotItem().getViewBox().sigResized.connect(self.fit)
        self.fit()

    def fit(self, *_args: object) -> None:
        box = self._plot.getPlotItem().getViewBox().width()
        low, high = _x_range(self._chart, box, self._label_px)
        self._plot.setXRange(low, high, padding=0)
        if box <= 0 or not self._ticks:
            return
        least = (self._label_px + self.GAP_PX) * (high - low) / box  # in seconds
        shown: list[tuple[float, str]] = []
        for index, (x, label) in enumerate(self._ticks):
            if shown and x - shown[-1][0] < least:
                if index != len(self._ticks) - 1 or len(shown) == 1:
                    continue
                shown.pop()
            shown.append((x, label))
        self._plot.getAxis("bottom").setTicks([shown, []])


def _show_empty(plot: pg.PlotWidget) -> None:
    """No axes and no band, only the words, in the middle of the plot area."""
    item = plot.getPlotItem()
    item.hideAxis("left")
    item.hideAxis("bottom")
    plot.showGrid(x=False, y=False)
    words = pg.TextItem(NO_READINGS, color=EMPTY_COLOUR, anchor=(0.5, 0.5))
    font = QFont(plot.font())
    font.setPointSize(10)
    words.setFont(font)
    words.setPos(0.5, 0.5)
    plot.addItem(words, ignoreBounds=True)
    plot.setXRange(0.0, 1.0, padding=0)
    plot.setYRange(0.0, 1.0, padding=0)


def trend_subtitle(chart: ChartData) -> str:
    if chart.count == 0:
        # Nothing is shaded on an empty chart: the range is still worth knowing.
        return "range: " + ", ".join(b.text() for b in chart.bands) if chart.bands else ""
    if chart.bands:
        # The unit is in the title: the subtitle says only what the shading is.
        return "shaded: " + ", ".join(b.text() for b in chart.bands)
    return "no reference range"


def _wrapped(text: str, metrics: QFontMetrics, room: int) -> list[str]:
    """`text` broken at spaces into lines of at most `room` px (a longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def trend_title(chart: ChartData, room: int | None) -> str:
    """The chart's title over its reference range ("shaded: 60–100"), as rich text for `room` px:
    five charts share a row on a short screen, where the title breaks onto two lines (and gets
    smaller) and the range onto as many as it needs, rather than run past the chart's edges."""
    title = f"{chart.title} ({chart.unit})"
    subtitle = trend_subtitle(chart)
    if room is None:
        return (
            f"<span style='font-size:11pt;font-weight:600'>{title}</span>"
            f"<br><span style='font-size:9pt'>{subtitle}</span>"
        )
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    lines, size = [title], 11
    # One line a little smaller reads better than two: each line takes height from the plot.
    for size, most in [(s, 1) for s in (11, 10, 9)] + [(s, 2) for s in (11, 10, 9, 8)]:
        font.setPointSize(size)
        fitted = _title_lines(title, QFontMetrics(font), room)
        if fitted is not None and len(fitted) <= most:
            lines = fitted
            break
    small = QFont()
    small.setPointSize(9 if size >= 10 else 8)
    below = _wrapped(subtitle, QFontMetrics(small), room)
    return (
        f"<span style='font-size:{size}pt;font-weight:600'>{'<br>'.join(lines)}</span>"
        f"<br><span style='font-size:{small.pointSize()}pt'>{'<br>'.join(below)}</span>"
    )


def _add_bands(plot: pg.PlotWidget, chart: ChartData, y_low: float, y_high: float) -> None:
    """The reference bands, shaded behind the readings (an open end runs off the chart)."""
    for band in chart.bands:
        low = band.low if band.low is not None else y_low - 1_000
        high = band.high if band.high is not None else y_high + 1_000
        region = pg.LinearRegionItem(
            values=(low, high),
            orientation="horizontal",
            movable=False,
            brush=pg.mkBrush(*BAND_BRUSH),
            pen=pg.mkPen(BAND_EDGE, width=1, style=Qt.PenStyle.DashLine),
        )
        region.setZValue(-10)
        plot.addItem(region, ignoreBounds=True)


def _add_series(plot: pg.PlotWidget, chart: ChartData) -> None:
    for index, series in enumerate(chart.series):
        if not series.points:
            continue
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        xs = [x for x, _ in series.points]
        ys = [y for _, y in series.points]
        plot.plot(
            xs,
            ys,
            pen=pg.mkPen(colour, width=2),
            symbol=series.symbol,
            symbolSize=10,
            symbolBrush=colour,
            symbolPen=pg.mkPen("w", width=1),
            name=series.name,
        )


NOTE = (
    "How to read: each mark is one reading (▲ systolic, ▼ diastolic). The shaded band is the "
    "reference range for this patient's age today, from the clinic's range table. Earlier "
    "versions and sets entered in error are left out."
)
# Under five charts in one row, where a second line is a row of the table: the same in short
# (the whole note is the label's tooltip and accessible description).
SHORT_NOTE = (
    "How to read: ▲ systolic, ▼ diastolic; shaded: this patient's reference range; "
    "earlier versions and sets in error left out."
)
# With no blood pressure drawn (a baby's), the triangles the note explains are on no chart.
BP_MARKERS = " (▲ systolic, ▼ diastolic)"
SHORT_BP_MARKERS = "▲ systolic, ▼ diastolic; "


def notes(blood_pressure_drawn: bool) -> tuple[str, str]:
    """The note on how to read the charts, whole and short."""
    if blood_pressure_drawn:
        return NOTE, SHORT_NOTE
    return NOTE.replace(BP_MARKERS, ""), SHORT_NOTE.replace(SHORT_BP_MARKERS, "")


class TrendCharts(QWidget):
    """The charts, plus a note on how to read them: three to a row, or all five in one row when
    the page is short (set_one_row), so the history table above keeps room for its rows."""

    COLUMNS = 3

    def __init__(self, charts: list[ChartData], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendCharts")
        self.setAccessibleName("Trend charts")
        self._grid = grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.plots: dict[str, pg.PlotWidget] = {}
        self._fitters: list[_TitleFitter] = []
        for chart in charts:
            plot = make_plot(chart, self)
            self.plots[chart.key] = plot
            fitter = plot.findChild(_TitleFitter)
            if fitter is not None:
                fitter.title_changed = self._align_titles
                self._fitters.append(fitter)
        bp = next((c for c in charts if c.key == "blood_pressure"), None)
        self._note, self._short_note = notes(bp is not None and bp.count > 0)
        self.note = QLabel(self._note, self)
        self.note.setObjectName("trendsNoteLabel")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setAccessibleName("How to read the charts")
        self.note.setAccessibleDescription(self._note)
        self._one_row: bool | None = None
        self.set_one_row(False)

    def least_height(self, width: int) -> int:
        """The least height at `width`: the charts' and, in one row, the note's under them
        (a layout takes a wrapped label's one-line height as its least)."""
        grid = self._grid
        if not self._one_row:
            rows = math.ceil((len(self.plots) + 1) / self.COLUMNS)
            return rows * TWO_ROWS_HEIGHT + (rows - 1) * grid.verticalSpacing()
        return ONE_ROW_HEIGHT + grid.verticalSpacing() + self.note.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setMinimumHeight(self.least_height(self.width()))

    def one_row(self) -> bool:
        return bool(self._one_row)

    def set_one_row(self, one_row: bool) -> None:
        """All the charts side by side with the note under them, or three to a row with the
        note in the place of a sixth chart."""
        if one_row == self._one_row:
            return
        self._one_row = one_row
        grid = self._grid
        widgets: list[QWidget] = [*self.plots.values(), self.note]
        for widget in widgets:
            grid.removeWidget(widget)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        count = len(self.plots)
        columns = max(count, 1) if one_row else self.COLUMNS
        for index, plot in enumerate(self.plots.values()):
            plot.setMinimumHeight(ONE_ROW_HEIGHT if one_row else TWO_ROWS_HEIGHT)
            grid.addWidget(plot, index // columns, index % columns)
        grid.setVerticalSpacing(4 if one_row else 6)
        self.note.setText(self._short_note if one_row else self._note)
        self.note.setToolTip(self._note if one_row else "")
        if one_row:
            grid.addWidget(self.note, 1, 0, 1, columns)
            grid.setRowStretch(0, 1)
            for column in range(columns):
                # Blood pressure, the first chart, has the longest range to show under its title.
                grid.setColumnStretch(column, 4 if column == 0 and count > 1 else 3)
        else:
            grid.addWidget(self.note, count // columns, count % columns)
            for row in range(count // columns + 1):
                grid.setRowStretch(row, 1)
            for column in range(columns):
                grid.setColumnStretch(column, 1)
        self._align_titles()
        self.setMinimumHeight(self.least_height(self.width()))

    def _align_titles(self) -> None:
        """In one row, every title row as tall as the tallest, so the plots start level."""
        if not self._fitters:
            return
        height = max(max(f.title_height() for f in self._fitters), 30)
        for fitter in self._fitters:
            fitter.set_title_row(height)


# -- growth charts (clinician-facing) --------------------------------------------------------------

LINE_COLOUR = "#7a8794"  # the percentile lines: quiet grey, the median darker and solid
MEDIAN_COLOUR = "#3d4a57"
POINT_COLOUR = SERIES_COLOURS[0]
LABEL_POINT_SIZE = 7
TITLE_POINT_SIZE = 10
TITLE_MARGIN = 8


def _growth_y_range(chart: GrowthChartData) -> tuple[float, float]:
    low_x, high_x = chart.x_range
    values = [y for line in chart.lines for x, y in line.points if low_x <= x <= high_x]
    values += [y for _, y in chart.points]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.04 or 1.0
    return low - pad, high + pad


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def make_growth_plot(chart: GrowthChartData, parent: QWidget | None = None) -> pg.PlotWidget:
    """Percentile lines labelled at their right end, the child's readings as joined dots."""
    plot = pg.PlotWidget(parent=parent)
    plot.setObjectName(f"{chart.key}GrowthChart")
    # Four charts share the row: the title is broken onto two lines (and made smaller) when
    # the chart is narrower than it, as "Head circumference-for-age" is at 1024x768.
    plot.setTitle(growth_title(chart, None))
    plot.setLabel("bottom", chart.x_label)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setAccessibleName(f"{chart.title} growth chart")
    plot.setAccessibleDescription(chart.summary())
    plot.setToolTip(chart.summary())
    plot.setMinimumHeight(128)

    low_x, high_x = chart.x_range
    font = QFont(plot.font())
    font.setPointSize(LABEL_POINT_SIZE)
    for line in chart.lines:
        median = line.percentile == 50
        pen = pg.mkPen(
            MEDIAN_COLOUR if median else LINE_COLOUR,
            width=1.6 if median else 1,
            style=Qt.PenStyle.SolidLine if median else Qt.PenStyle.DashLine,
        )
        shown = [(x, y) for x, y in line.points if low_x <= x <= high_x]
        if not shown:
            continue
        plot.plot([x for x, _ in shown], [y for _, y in shown], pen=pen)
        label = pg.TextItem(
            line.label, color=MEDIAN_COLOUR if median else LINE_COLOUR, anchor=(0, 0.5)
        )
        label.setFont(font)
        label.setPos(*shown[-1])
        plot.addItem(label, ignoreBounds=True)
    if chart.points:
        plot.plot(
            [x for x, _ in chart.points],
            [y for _, y in chart.points],
            pen=pg.mkPen(POINT_COLOUR, width=2),
            symbol="o",
            symbolSize=8,
            symbolBrush=POINT_COLOUR,
            symbolPen=pg.mkPen("w", width=1),
        )
    plot.setYRange(*_growth_y_range(chart), padding=0)
    _GrowthFitter(plot, chart)  # a child of the plot: it lives as long
    return plot


def _title_lines(title: str, metrics: QFontMetrics, room: int) -> list[str] | None:
    """`title` on one line, or broken after a hyphen or at a space onto two lines as even as
    can be; None when it does not fit in `room` px either way."""
    if metrics.horizontalAdvance(title) <= room:
        return [title]
    breaks = [i + 1 for i, c in enumerate(title) if c == "-"] + [
        i for i, c in enumerate(title) if c == " "
    ]
    best: list[str] | None = None
    best_width = room + 1
    for at in breaks:
        lines = [title[:at].rstrip(), title[at:].lstrip()]
        width = max(metrics.horizontalAdvance(line) for line in lines)
        if width < best_width:
            best, best_width = lines, width
    return best


def growth_title(chart: GrowthChartData, room: int | None) -> str:
    """The chart's title (and under it the unit and source) as rich text for `room` px."""
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    lines = [chart.title]
    size = TITLE_POINT_SIZE
    if room is not None:
        for size in range(TITLE_POINT_SIZE, LABEL_POINT_SIZE, -1):
            font.setPointSize(size)
            fitted = _title_lines(chart.title, QFontMetrics(font), room)
            if fitted is not None:
                lines = fitted
                break
    title = "<br>".join(lines)
    return (
        f"<span style='font-size:{size}pt;font-weight:600'>{title}</span>"
        f"<br><span style='font-size:9pt'>{chart.unit} · {chart.span}</span>"
    )


class _TitleFitter(QObject):
    """Keeps a chart's title inside it whatever its width: `build(room)` gives the title's rich
    text for the room over the plot area (right of the y axis)."""

    def __init__(self, plot: pg.PlotWidget, build: Callable[[int], str]) -> None:
        super().__init__(plot)
        self._plot = plot
        self._build = build
        self._title = ""
        self.title_changed: Callable[[], None] | None = None
        plot.installEventFilter(self)
        # The y axis takes its width once its labels are drawn: the title's room changes too.
        plot.getPlotItem().getViewBox().sigResized.connect(self.fit_title)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._plot and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit_title()
        return False

    def fit_title(self, *_args: object) -> None:
        # The title sits over the plot area, right of the y axis; its text item keeps a margin
        # each side. Wider, it would push the whole chart past the widget's right edge.
        axis = self._plot.getPlotItem().getAxis("left").width()
        room = self._plot.width() - axis - 2 * TITLE_MARGIN
        title = self._build(max(int(room), 40))
        if title != self._title:
            self._title = title
            self._plot.setTitle(title)
            if self.title_changed is not None:
                self.title_changed()

    def title_height(self) -> int:
        """The height the title's lines take (pyqtgraph gives a title 30 px: two lines)."""
        text = self._plot.getPlotItem().titleLabel.item
        return math.ceil(text.boundingRect().height() - 2 * text.document().documentMargin())

    def set_title_row(self, height: int) -> None:
        item = self._plot.getPlotItem()
        item.titleLabel.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)


class _GrowthFitter(_TitleFitter):
    """Keeps a growth chart's title and percentile labels inside it whatever its width: the
    title breaks onto two lines, and the x axis leaves as many pixels on the right of the last
    age as the widest label takes (a fixed share of the axis was too little on a narrow chart)."""

    def __init__(self, plot: pg.PlotWidget, chart: GrowthChartData) -> None:
        super().__init__(plot, lambda room: growth_title(chart, room))
        self._chart = chart
        plot.getPlotItem().getViewBox().sigResized.connect(self.fit_axis)
        self.fit_axis()

    def fit_axis(self, *_args: object) -> None:
        low_x, high_x = self._chart.x_range
        start = low_x - (high_x - low_x) * 0.02  # a whole dot at the left edge
        item = self._plot.getPlotItem()
        labels = [i for i in item.items if isinstance(i, pg.TextItem)]
        label_px = max((label.boundingRect().width() for label in labels), default=0.0) + 2
        box_px = item.getViewBox().width()
        share = min(label_px / box_px, 0.6) if box_px > 0 else 0.15
        item.setXRange(start, start + (high_x - start) / (1 - share), padding=0)


class GrowthCharts(QWidget):
    """A child's growth charts side by side, plus how to read them."""

    def _align_titles(self) -> None:
        """Every title row as tall as the tallest title (one broken onto three lines was cut
        at the top), so the plots beside each other start at the same height."""
        if not self._fitters:
            return
        height = max(max(f.title_height() for f in self._fitters), 30)
        for fitter in self._fitters:
            fitter.set_title_row(height)

    def __init__(self, charts: list[GrowthChartData], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("growthCharts")
        self.setAccessibleName("Growth charts")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.plots: dict[str, pg.PlotWidget] = {}
        self._fitters: list[_GrowthFitter] = []
        for index, chart in enumerate(charts):
            plot = make_growth_plot(chart, self)
            self.plots[chart.key] = plot
            fitter = plot.findChild(_GrowthFitter)
            if fitter is not None:
                fitter.title_changed = self._align_titles
                self._fitters.append(fitter)
            grid.addWidget(plot, 0, index)
            grid.setColumnStretch(index, 1)
        self._align_titles()
        note = QLabel(
            f"How to read: {_first_lower(charts[0].how_to_read())} Shown to clinicians only; "
            "earlier versions and sets entered in error are left out."
            if charts
            else "",
            self,
        )
        note.setObjectName("growthNoteLabel")
        note.setWordWrap(True)
        grid.addWidget(note, 1, 0, 1, max(len(charts), 1))
        grid.setRowStretch(0, 1)
