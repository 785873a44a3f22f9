"""Guided blood pressure on the vitals form: "Add reading" (Ctrl+R) keeps the BP typed so far as a
reading, empties the BP fields for the next one and shows a one-minute countdown (AHA: readings
1 to 2 minutes apart). The MA then types the next reading as usual ("118/76"), so an extra
reading costs Ctrl+R and the "/" beyond its digits. With 2 or 3 readings the set is checked and
saved as `bp_readings` (its BP is their average); the form asks for another reading when two
differ by more than 10 mmHg systolic. The rules themselves are the clinical core's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from vitalsdesk.clinical.assessment import Assessment
from vitalsdesk.clinical.bp_readings import MAX_READINGS
from vitalsdesk.gui.vitals_form_view import VitalsFormView

ADD_READING_KEYS = "Ctrl+R"
WAIT_SECONDS = 60
# The AHA protocol is seated; a reading with no position chosen is taken sitting.
DEFAULT_POSITION = "sitting"


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
        self.countdown_label.setText(text)
        # Screen readers read the description: the same words as the screen.
        self.countdown_label.setAccessibleDescription(text)

    def show_request(self, text: str) -> None:
        self.request_label.setText(text)
        self.request_label.setAccessibleDescription(text)


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
        self.panel = BpReadingsPanel(view)
        view.ui.bpDetailsInputsLayout.addWidget(self.panel)
        self.panel.add_requested.connect(self.add_reading)
        self.shortcut = QShortcut(QKeySequence(ADD_READING_KEYS), view)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.add_reading)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

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
            "taken_at": self._now().isoformat(),
            "position": position,
        }

    def add_reading(self) -> None:
        """Ctrl+R: keep the BP typed so far and get the fields ready for the next reading."""
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
        for name in ("systolic", "diastolic"):
            self.view.edits[name].clear()
        self.panel.show_readings(
            [f"{_text(r['systolic'])}/{_text(r['diastolic'])}" for r in self.readings]
        )
        self.remaining = self.wait_seconds
        self.panel.show_countdown(self.remaining)
        self.timer.start()
        self.panel.show_request("")
        self.view.focus_field("systolic")
        self._changed()

    def tick(self) -> None:
        if self.remaining is None:
            return
        self.remaining = max(self.remaining - 1, 0)
        self.panel.show_countdown(self.remaining)
        if self.remaining == 0:
            self.timer.stop()

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        """The form's document with the readings: the kept ones plus the BP in the fields now.
        A single reading stays a plain BP, so the form checks as usual until the second."""
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

    def show_assessment(self, assessment: Assessment) -> None:
        """The form asks for another reading when two differ by more than 10 mmHg systolic."""
        if assessment.bp_average is not None and assessment.bp_average.message:
            self.panel.show_request(assessment.bp_average.message)
        elif assessment.orthostatic is not None and assessment.orthostatic.message:
            self.panel.show_request(assessment.orthostatic.message)
        elif self.readings:
            self.panel.show_request("")

    def reset(self) -> None:
        self.readings = []
        self.remaining = None
        self.timer.stop()
        self.panel.show_readings([])
        self.panel.show_countdown(None)
        self.panel.show_request("")


def _text(value: Any) -> str:
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)
