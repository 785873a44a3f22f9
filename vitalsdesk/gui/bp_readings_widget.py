"""Guided blood pressure on the vitals form: "Add reading" (Ctrl+R) keeps the BP typed so far as a
reading, empties the BP fields for the next one and shows a one-minute countdown (AHA: readings
1 to 2 minutes apart). The MA then types the next reading as usual ("118/76"), so an extra
reading costs Ctrl+R and the "/" beyond its digits. With 2 or 3 readings the set is checked and
saved as `bp_readings` (its BP is their average); the form asks for another reading when two
differ by more than 10 mmHg systolic. The rules themselves are the clinical core's.

Orthostatic set (Ctrl+O, "Orthostatic set"): three rows, lying, then standing at 1 and 3 minutes,
each with its BP ("118/76") and pulse. Enter goes from a row's BP to its pulse; Enter in the lying
pulse (or Ctrl+R) says the patient stood up and starts the clock; at the 3-minute mark the form
moves on to the last row by itself once the 1-minute row is done. So a standing reading costs
the "/" and one Enter beyond its digits. The MA sees the numbers and, when the clinic's
thresholds are crossed, only "tell the clinician"; the change is for the clinician view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vitalsdesk.clinical.assessment import Assessment
from vitalsdesk.clinical.bp_readings import MAX_READINGS
from vitalsdesk.clinical.orthostatic import ORTHOSTATIC_POSITIONS
from vitalsdesk.gui.vitals_form_view import CHOICE_ITEMS, VitalsFormView
from vitalsdesk.gui.widgets import NumericLineEdit

ADD_READING_KEYS = "Ctrl+R"
ORTHOSTATIC_KEYS = "Ctrl+O"
WAIT_SECONDS = 60
# The standing readings of an orthostatic set: seconds after the patient stood up (consensus:
# a fall within 3 minutes of standing; readings at about 1 and 3 minutes).
STANDING_MARKS = (60, 180)
# The AHA protocol is seated; a reading with no position chosen is taken sitting.
DEFAULT_POSITION = "sitting"
ORTHOSTATIC_STEPS = (
    ("Lying", "Lying down"),
    ("Standing 1 min", "Standing 1 minute"),
    ("Standing 3 min", "Standing 3 minutes"),
)
DRAFT_KEY = "guided_bp"
# As wide as the form's own number fields, and room for "188/110" in a BP.
BP_FIELD_WIDTH = 132
PULSE_FIELD_WIDTH = 92
_TYPED = re.compile(r"[0-9.,/]{0,12}")
_POSITIONS = frozenset(value for _, value in CHOICE_ITEMS["bp_position"] if value)
NOT_ORTHOSTATIC_TEXT = (
    "To start an orthostatic set, empty the blood pressure fields first "
    "(or save the readings you have)."
)
NOT_GUIDED_TEXT = "To leave the orthostatic set, empty its readings first."
INCOMPLETE_TEXT = (
    "Not saved: type the blood pressure and pulse of all three orthostatic readings, "
    "or turn off Orthostatic set (Ctrl+O)."
)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class BpReadingsPanel(QWidget):
    """The readings kept so far, the countdown to the next one, and the form's request."""

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add reading ({ADD_READING_KEYS})", self)
        self.add_button.setAccessibleName("Add blood pressure reading")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in clinical order
        self.add_button.clicked.connect(self.add_requested)
        # Its words whole: the message beside it wraps instead.
        self.add_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.readings_label = QLabel(self)
        self.readings_label.setAccessibleName("Blood pressure readings")
        self.countdown_label = QLabel(self)
        self.countdown_label.setAccessibleName("Time to the next reading")
        self.request_label = QLabel(self)
        self.request_label.setAccessibleName("Blood pressure reading message")
        self.request_label.setWordWrap(True)
        for widget in (
            self.add_button,
            self.readings_label,
            self.countdown_label,
            self.request_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_readings(self, texts: list[str]) -> None:
        text = ("Readings: " + ", ".join(texts)) if texts else ""
        self.readings_label.setText(text)
        self.readings_label.setAccessibleDescription(text)

    def show_countdown(self, seconds: int | None) -> None:
        if seconds is None:
            text = ""
        elif seconds > 0:
            text = f"Next reading in 0:{seconds:02d}"
        else:
            text = "Take the next reading now."
        self.show_countdown_text(text)

    def show_countdown_text(self, text: str) -> None:
        self.countdown_label.setText(text)
        # Screen readers read the description: the same words as the screen.
        self.countdown_label.setAccessibleDescription(text)

    def show_request(self, text: str) -> None:
        self.request_label.setText(text)
        self.request_label.setAccessibleDescription(text)

    def set_orthostatic(self, on: bool) -> None:
        # The orthostatic set has its own button (Stood up) under it, where there is room.
        self.add_button.setVisible(not on)


@dataclass
class OrthostaticRow:
    """One step of the set: its BP ("118/76") and pulse, and when the BP was typed."""

    position: str
    label: QLabel
    bp: NumericLineEdit
    pulse: NumericLineEdit
    taken_at: datetime | None = None

    def values(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """Systolic, diastolic and pulse once all three are typed and readable."""
        systolic, _, diastolic = self.bp.text().partition("/")
        try:  # an empty part is not a number either
            return (
                Decimal(systolic.strip().replace(",", ".")),
                Decimal(diastolic.strip().replace(",", ".")),
                Decimal(self.pulse.text().strip().replace(",", ".")),
            )
        except InvalidOperation:
            return None

    def is_empty(self) -> bool:
        return not self.bp.text().strip() and not self.pulse.text().strip()


class OrthostaticPanel(QWidget):
    """The "Orthostatic set" switch and, when on, the three rows of the set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.check = QCheckBox(f"Orthostatic set ({ORTHOSTATIC_KEYS})", self)
        self.check.setAccessibleName("Orthostatic set")
        self.check.setAccessibleDescription(
            "Blood pressure and pulse lying, then standing at 1 and 3 minutes"
        )
        self.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in clinical order
        self.stood_button = QPushButton(f"Patient stood up ({ADD_READING_KEYS})", self)
        self.stood_button.setAccessibleName("Patient stood up")
        self.stood_button.setAccessibleDescription("Starts the clock to the standing readings")
        self.stood_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stood_button.hide()
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.check)
        top.addWidget(self.stood_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.rows_box = QWidget(self)
        grid = QGridLayout(self.rows_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.rows: list[OrthostaticRow] = []
        for n, ((shown, spoken), position) in enumerate(
            zip(ORTHOSTATIC_STEPS, ORTHOSTATIC_POSITIONS, strict=True)
        ):
            label = QLabel(shown, self.rows_box)
            bp = NumericLineEdit(self.rows_box)
            bp.allow_pair()
            bp.setPlaceholderText("120/80")
            bp.setFixedWidth(BP_FIELD_WIDTH)
            bp.setAccessibleName(f"{spoken} blood pressure")
            bp.setAccessibleDescription('Unit: mmHg. Type "120/80".')
            pulse = NumericLineEdit(self.rows_box)
            pulse.setFixedWidth(PULSE_FIELD_WIDTH)
            pulse.setAccessibleName(f"{spoken} pulse")
            pulse.setAccessibleDescription("Unit: /min.")
            label.setBuddy(bp)
            grid.addWidget(label, n, 0)
            grid.addWidget(bp, n, 1)
            grid.addWidget(QLabel("mmHg", self.rows_box), n, 2)
            grid.addWidget(QLabel("Pulse", self.rows_box), n, 3)
            grid.addWidget(pulse, n, 4)
            grid.addWidget(QLabel("/min", self.rows_box), n, 5)
            self.rows.append(OrthostaticRow(position, label, bp, pulse))
        grid.setColumnStretch(6, 1)
        layout.addWidget(self.rows_box)
        self.rows_box.hide()

    def fields(self) -> list[NumericLineEdit]:
        return [edit for row in self.rows for edit in (row.bp, row.pulse)]


def _place_below_bp_details(view: VitalsFormView, panel: OrthostaticPanel) -> None:
    """The orthostatic rows go under the BP details (position, arm, cuff) in the same cell of
    the form's grid, so the rows below the BP do not move until the set is turned on."""
    ui = view.ui
    grid = ui.vitalSignsGrid
    index = grid.indexOf(ui.bpDetailsInputs)
    position: Any = grid.getItemPosition(index)  # (row, column, row span, column span)
    row, column, row_span, column_span = (int(n) for n in position)
    grid.removeWidget(ui.bpDetailsInputs)
    holder = QWidget(ui.bpDetailsInputs.parentWidget())
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(4)
    box.addWidget(ui.bpDetailsInputs)
    box.addWidget(panel)
    grid.addWidget(holder, row, column, row_span, column_span)
    # In the Tab order, the rows come right after the BP details.
    previous: QWidget = ui.bpCuffCombo
    for edit in panel.fields():
        QWidget.setTabOrder(previous, edit)
        previous = edit
    QWidget.setTabOrder(previous, ui.heartRateEdit)


class BpReadingsController(QObject):
    """Keeps the readings of the open form and puts them into its `check` document."""

    def __init__(
        self,
        view: VitalsFormView,
        *,
        now: Callable[[], datetime],
        current_document: Callable[[], dict[str, Any]],
        changed: Callable[[], object],
        wait_seconds: int = WAIT_SECONDS,
    ) -> None:
        super().__init__(view)
        self.view = view
        self._now = now
        self._current_document = current_document
        self._changed = changed
        self.wait_seconds = wait_seconds
        self.readings: list[dict[str, Any]] = []
        self.remaining: int | None = None
        # When amending, the reading in the BP fields keeps the time it was taken.
        self.typed_taken_at: datetime | None = None
        self.orthostatic = False
        self.stood_seconds: int | None = None  # since the patient stood up (orthostatic)
        self._placeholder = view.edits["systolic"].placeholderText()
        self.panel = BpReadingsPanel(view)
        view.ui.bpDetailsInputsLayout.addWidget(self.panel)
        self.panel.add_requested.connect(self.add_reading)
        self.ortho = OrthostaticPanel(view)
        _place_below_bp_details(view, self.ortho)
        self.ortho.check.clicked.connect(self._check_clicked)
        self.ortho.stood_button.clicked.connect(self.stood_up)
        for n, row in enumerate(self.ortho.rows):
            row.bp.textEdited.connect(lambda _t, n=n: self._row_edited(n))
            row.pulse.textEdited.connect(lambda _t, n=n: self._row_edited(n))
            row.bp.returnPressed.connect(lambda n=n: self._row_bp_enter(n))
            row.pulse.returnPressed.connect(lambda n=n: self._row_pulse_enter(n))
        self.shortcut = QShortcut(QKeySequence(ADD_READING_KEYS), view)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.add_reading)
        self.ortho_shortcut = QShortcut(QKeySequence(ORTHOSTATIC_KEYS), view)
        self.ortho_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ortho_shortcut.activated.connect(self.toggle_orthostatic)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    # -- guided readings (one position, averaged) ------------------------------------------------

    def _typed_reading(self, document: dict[str, Any]) -> dict[str, Any] | None:
        measurements = document.get("measurements", {})
        systolic, diastolic = measurements.get("systolic_bp"), measurements.get("diastolic_bp")
        if systolic is None or diastolic is None:
            return None
        position = str(self.view.combos["bp_position"].currentData() or "") or DEFAULT_POSITION
        return {
            "systolic": systolic["value"],
            "diastolic": diastolic["value"],
            "unit": "mm[Hg]",
            "taken_at": (self.typed_taken_at or self._now()).isoformat(),
            "position": position,
        }

    def add_reading(self) -> None:
        """Ctrl+R: keep the BP typed so far and get the fields ready for the next reading (in an
        orthostatic set: the patient stood up)."""
        if self.orthostatic:
            self.stood_up()
            return
        if len(self.readings) + 1 >= MAX_READINGS:
            self.panel.show_request(f"{MAX_READINGS} readings is the most. Save the set.")
            return
        document = self._current_document()
        applied = document.get("bp_readings", [])
        # From the second reading on, the form's document already holds the typed one last.
        reading = (
            applied[-1] if len(applied) > len(self.readings) else self._typed_reading(document)
        )
        if reading is None:
            self.panel.show_request("Type both blood pressure numbers first.")
            self.view.focus_field("systolic")
            return
        self.readings.append(reading)
        self.typed_taken_at = None
        for name in ("systolic", "diastolic"):
            self.view.edits[name].clear()
        self._show_kept()
        self.remaining = self.wait_seconds
        self.panel.show_countdown(self.remaining)
        self.timer.start()
        self.panel.show_request("")
        self.view.focus_field("systolic")
        self._changed()

    def _show_kept(self) -> None:
        self.panel.show_readings(
            [f"{_text(r['systolic'])}/{_text(r['diastolic'])}" for r in self.readings]
        )

    def tick(self) -> None:
        if self.orthostatic and self.stood_seconds is not None:
            self._ortho_tick()
            return
        if self.remaining is None:
            return
        self.remaining = max(self.remaining - 1, 0)
        self.panel.show_countdown(self.remaining)
        if self.remaining == 0:
            self.timer.stop()

    # -- orthostatic set -------------------------------------------------------------------------

    def has_values(self) -> bool:
        """Whether a reading is kept or an orthostatic row holds anything (the form is not
        empty even when its own fields are)."""
        return bool(self.readings) or any(not r.is_empty() for r in self.ortho.rows)

    def _check_clicked(self, checked: bool) -> None:
        if not self.set_orthostatic(checked):
            self.ortho.check.setChecked(not checked)

    def toggle_orthostatic(self) -> None:
        self.set_orthostatic(not self.orthostatic)

    def set_orthostatic(self, on: bool) -> bool:
        """Turn the orthostatic set on or off; only while the BP parts of the form are empty,
        so no typed reading is dropped or left out of the set unseen."""
        if on == self.orthostatic:
            return True
        if on and (
            self.readings or any(self.view.edits[n].text() for n in ("systolic", "diastolic"))
        ):
            self.panel.show_request(NOT_ORTHOSTATIC_TEXT)
            return False
        if not on and any(not r.is_empty() for r in self.ortho.rows):
            self.panel.show_request(NOT_GUIDED_TEXT)
            return False
        self._show_orthostatic(on)
        if on:
            self.ortho.rows[0].bp.setFocus()
        else:
            self.stood_seconds = None
            self.timer.stop()
            self.panel.show_countdown(None)
            self.view.focus_field("systolic")
        self.panel.show_request("")
        self._changed()
        return True

    def _show_orthostatic(self, on: bool) -> None:
        self.orthostatic = on
        self.ortho.check.setChecked(on)
        self.ortho.rows_box.setVisible(on)
        self.ortho.stood_button.setVisible(on)
        self.panel.set_orthostatic(on)
        # The set's BP is the lying reading: the form's own BP fields and position are not used.
        # They are hidden while the rows are shown (greyed out beside the three rows they invited
        # a second reading and took room) and come back as they were when the set is turned off;
        # being empty is what lets it start, and the position keeps its choice meanwhile.
        ui = self.view.ui
        for name in ("systolic", "diastolic"):
            self.view.edits[name].setEnabled(not on)
        self.view.edits["systolic"].setPlaceholderText("" if on else self._placeholder)
        ui.bpInputs.setVisible(not on)
        position = self.view.combos["bp_position"]
        position.setEnabled(not on)
        position.setVisible(not on)
        # "Blood pressure" (Alt+B, and the label a screen reader gives the field) leads to the
        # set's first row meanwhile, not to a hidden field.
        ui.bpLabel.setBuddy(self.ortho.rows[0].bp if on else ui.systolicEdit)

    def _row_edited(self, n: int) -> None:
        row = self.ortho.rows[n]
        if not row.bp.text().strip():
            row.taken_at = None
        elif row.taken_at is None:
            row.taken_at = self._now()
        if self.stood_seconds is not None:
            self._show_ortho_clock()
        self._changed()

    def _row_bp_enter(self, n: int) -> None:
        self.ortho.rows[n].pulse.setFocus()

    def _row_pulse_enter(self, n: int) -> None:
        if n == 0 and self.stood_seconds is None:
            self.stood_up()
        elif n + 1 < len(self.ortho.rows):
            self.ortho.rows[n + 1].bp.setFocus()
        else:
            self.view.focus_field("heart_rate")

    def stood_up(self) -> None:
        """The patient stood up: the clock to the 1- and 3-minute readings starts."""
        if self.ortho.rows[0].values() is None:
            self.panel.show_request("Type the lying blood pressure and pulse first.")
            self.ortho.rows[0].bp.setFocus()
            return
        self.stood_seconds = 0
        self._show_ortho_clock()
        self.timer.start()
        self.panel.show_request("")
        self.ortho.rows[1].bp.setFocus()
        self._changed()

    def _ortho_tick(self) -> None:
        assert self.stood_seconds is not None
        self.stood_seconds += 1
        self._show_ortho_clock()
        if self.stood_seconds >= STANDING_MARKS[-1]:
            self.timer.stop()
            # Time says the last reading is due: the form moves on from a finished 1-minute row
            # (a key saved), never from a row still being typed or from another field.
            one_minute = self.ortho.rows[1]
            if one_minute.values() is not None and self.ortho.rows[2].is_empty():
                focus = self.view.focusWidget()
                if focus in (one_minute.bp, one_minute.pulse):
                    self.ortho.rows[2].bp.setFocus()

    def _show_ortho_clock(self) -> None:
        elapsed = self.stood_seconds or 0
        for mark, row, minutes in zip(STANDING_MARKS, self.ortho.rows[1:], (1, 3), strict=True):
            if row.values() is not None and mark != STANDING_MARKS[-1]:
                continue
            if elapsed < mark:
                text = f"Standing {minutes}-minute reading in {_clock(mark - elapsed)}"
            elif row.values() is None:
                text = f"Take the standing {minutes}-minute reading now."
            else:
                text = ""
            self.panel.show_countdown_text(text)
            return
        self.panel.show_countdown_text("")

    def _orthostatic_readings(self) -> list[dict[str, Any]]:
        """The readings of the rows typed in full, in order."""
        readings = []
        for row in self.ortho.rows:
            values = row.values()
            if values is None:
                continue
            systolic, diastolic, pulse = values
            readings.append(
                {
                    "systolic": systolic,
                    "diastolic": diastolic,
                    "heart_rate": pulse,
                    "unit": "mm[Hg]",
                    "taken_at": (row.taken_at or self._now()).isoformat(),
                    "position": row.position,
                }
            )
        return readings

    def save_problem(self) -> str | None:
        """Why the form cannot be saved as it stands (an orthostatic set not typed in full)."""
        if self.orthostatic and any(r.values() is None for r in self.ortho.rows):
            return INCOMPLETE_TEXT
        return None

    def focus_first_missing(self) -> None:
        for row in self.ortho.rows:
            if row.values() is None:
                systolic, _, diastolic = row.bp.text().partition("/")
                (row.pulse if systolic.strip() and diastolic.strip() else row.bp).setFocus()
                return

    # -- the document the form checks and saves --------------------------------------------------

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        """The form's document with the readings: the kept ones plus the BP in the fields now.
        A single reading stays a plain BP, so the form checks as usual until the second. An
        orthostatic set is checked as one once its three rows are typed; until then its lying
        reading is the set's BP."""
        if self.orthostatic:
            return self._apply_orthostatic(document)
        if not self.readings:
            return document
        typed = self._typed_reading(document)
        readings = [*self.readings, *([typed] if typed is not None else [])]
        measurements = dict(document.get("measurements", {}))
        if len(readings) == 1:
            measurements["systolic_bp"] = {"value": readings[0]["systolic"], "unit": "mm[Hg]"}
            measurements["diastolic_bp"] = {"value": readings[0]["diastolic"], "unit": "mm[Hg]"}
            return {**document, "measurements": measurements}
        measurements.pop("systolic_bp", None)
        measurements.pop("diastolic_bp", None)
        return {**document, "measurements": measurements, "bp_readings": readings}

    def _apply_orthostatic(self, document: dict[str, Any]) -> dict[str, Any]:
        measurements = dict(document.get("measurements", {}))
        measurements.pop("systolic_bp", None)
        measurements.pop("diastolic_bp", None)
        readings = self._orthostatic_readings()
        if len(readings) == len(self.ortho.rows):
            return {**document, "measurements": measurements, "bp_readings": readings}
        lying = readings[0] if readings and readings[0]["position"] == "lying" else None
        if lying is not None:
            measurements["systolic_bp"] = {"value": lying["systolic"], "unit": "mm[Hg]"}
            measurements["diastolic_bp"] = {"value": lying["diastolic"], "unit": "mm[Hg]"}
        return {**document, "measurements": measurements}

    def show_assessment(self, assessment: Assessment) -> None:
        """The form asks for another reading when two differ by more than 10 mmHg systolic; an
        orthostatic set past the clinic's thresholds says only "tell the clinician"."""
        if assessment.bp_average is not None and assessment.bp_average.message:
            self.panel.show_request(assessment.bp_average.message)
        elif assessment.orthostatic is not None and assessment.orthostatic.message:
            self.panel.show_request(assessment.orthostatic.message)
        elif self.readings or self.orthostatic:
            self.panel.show_request("")

    # -- drafts and amendments -------------------------------------------------------------------

    def to_payload(self) -> dict[str, Any]:
        """What a draft keeps of the readings (empty when there are none)."""
        if not (self.orthostatic or self.readings or self.typed_taken_at or self.has_values()):
            return {}
        return {
            DRAFT_KEY: {
                "orthostatic": self.orthostatic,
                "readings": [_plain(r) for r in self.readings],
                "typed_taken_at": self.typed_taken_at.isoformat() if self.typed_taken_at else None,
                "rows": [
                    {
                        "bp": row.bp.text(),
                        "pulse": row.pulse.text(),
                        "taken_at": row.taken_at.isoformat() if row.taken_at else None,
                    }
                    for row in self.ortho.rows
                ],
            }
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        """The readings of a draft read back; anything malformed is left out, never an error."""
        data = payload.get(DRAFT_KEY)
        if not isinstance(data, dict):
            return
        raw = data.get("readings")
        self.readings = [
            r for r in (_reading_in(x) for x in (raw if isinstance(raw, list) else [])) if r
        ][: MAX_READINGS - 1]
        self.typed_taken_at = _aware(data.get("typed_taken_at"))
        rows = data.get("rows")
        for row, saved in zip(
            self.ortho.rows, rows if isinstance(rows, list) else [], strict=False
        ):
            if not isinstance(saved, dict):
                continue
            for edit, key in ((row.bp, "bp"), (row.pulse, "pulse")):
                text = saved.get(key)
                if isinstance(text, str) and _TYPED.fullmatch(text):
                    edit.setText(text)
            row.taken_at = _aware(saved.get("taken_at")) if row.bp.text() else None
        self._show_orthostatic(data.get("orthostatic") is True and not self.readings)
        self._show_kept()

    def load_stored(self, stored: list[Any]) -> None:
        """The readings of a recorded set, to amend it: an orthostatic set fills its rows; a
        guided BP keeps all but its last reading, which goes into the BP fields to be checked
        or corrected. Every reading keeps the time it was taken. `stored`: BpReadingOut."""
        positions = tuple(r.position for r in stored)
        if positions == ORTHOSTATIC_POSITIONS and all(r.heart_rate for r in stored):
            self._show_orthostatic(True)
            for row, r in zip(self.ortho.rows, stored, strict=True):
                row.bp.setText(f"{r.systolic}/{r.diastolic}")
                row.pulse.setText(r.heart_rate)
                row.taken_at = r.taken_at
            self.view.edits["systolic"].clear()
            self.view.edits["diastolic"].clear()
            return
        if len(stored) < 2:
            return
        *kept, last = stored
        self.readings = [
            {
                "systolic": r.systolic,
                "diastolic": r.diastolic,
                "unit": r.unit,
                "taken_at": r.taken_at.isoformat(),
                "position": r.position,
            }
            for r in kept
        ]
        self.view.edits["systolic"].setText(last.systolic)
        self.view.edits["diastolic"].setText(last.diastolic)
        self.view.combos["bp_position"].select_data(last.position)
        self.typed_taken_at = last.taken_at
        self._show_kept()

    def reset(self) -> None:
        self.readings = []
        self.remaining = None
        self.typed_taken_at = None
        self.stood_seconds = None
        self.timer.stop()
        for row in self.ortho.rows:
            row.bp.clear()
            row.pulse.clear()
            row.taken_at = None
        self._show_orthostatic(False)
        self.panel.show_readings([])
        self.panel.show_countdown(None)
        self.panel.show_request("")


def _text(value: Any) -> str:
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)


def _plain(reading: dict[str, Any]) -> dict[str, Any]:
    """A reading as JSON keeps it: numbers as the text typed."""
    return {k: _text(v) if isinstance(v, Decimal) else v for k, v in reading.items()}


def _aware(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _reading_in(raw: object) -> dict[str, Any] | None:
    """A kept reading from a draft, or None when any part of it is not what the form wrote."""
    if not isinstance(raw, dict):
        return None
    numbers = {}
    for key in ("systolic", "diastolic"):
        try:
            numbers[key] = Decimal(str(raw.get(key)))
        except InvalidOperation:
            return None
        if not numbers[key].is_finite():
            return None
    taken_at = _aware(raw.get("taken_at"))
    position = raw.get("position")
    if taken_at is None or position not in _POSITIONS:
        return None
    return {
        "systolic": _text(numbers["systolic"]),
        "diastolic": _text(numbers["diastolic"]),
        "unit": "mm[Hg]",
        "taken_at": taken_at.isoformat(),
        "position": position,
    }
