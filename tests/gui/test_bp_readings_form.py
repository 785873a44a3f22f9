"""Guided blood pressure on the vitals form, by keyboard: Ctrl+R keeps the reading and starts a
one-minute countdown; an extra reading costs at most 2 keys beyond its digits; the form asks for
another reading when two differ by more than 10 mmHg systolic; the set saves as their average."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from tests.gui.steps import focused
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.vitals_form_controller import VitalsFormController
from vitalsdesk.gui.vitals_form_view import VitalsFormView
from vitalsdesk.services.bp_readings import bp_readings_of
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

FormFactory = Callable[[], tuple[VitalsFormView, VitalsFormController]]


@pytest.fixture
def make_form(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, adult: PatientOut, prompter: FakePrompter
) -> FormFactory:
    def build() -> tuple[VitalsFormView, VitalsFormController]:
        view = VitalsFormView()
        qtbot.addWidget(view)
        controller = VitalsFormController(view, clinic, ana, adult, prompter)
        view.resize(1300, 560)
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
        return view, controller

    return build


class Keys:
    """Presses keys on the focused widget and counts them (a chord such as Ctrl+R is one)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.digits = 0
        self.others = 0

    def type(self, text: str) -> None:
        for ch in text:
            widget = focused()
            assert widget is not None
            self.qtbot.keyClicks(widget, ch)
            if ch.isdigit():
                self.digits += 1
            else:
                self.others += 1

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        widget = focused()
        assert widget is not None
        self.qtbot.keyClick(widget, key, modifier)
        self.others += 1


def test_an_extra_reading_costs_at_most_two_keys_beyond_its_digits(
    qtbot: QtBot, make_form: FormFactory
) -> None:
    view, controller = make_form()
    ui = view.ui
    ui.systolicEdit.setFocus()
    first = Keys(qtbot)
    first.type("128/82")
    second = Keys(qtbot)
    second.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert focused() is ui.systolicEdit  # ready for the next reading
    assert ui.systolicEdit.text() == ""
    second.type("124/80")
    assert (second.digits, second.others) == (5, 2)  # Ctrl+R and "/"
    panel = controller.bp_readings.panel
    assert panel.readings_label.text() == "Readings: 128/82"
    assert panel.countdown_label.text() == "Next reading in 0:60"
    assert controller.assessment is not None
    average = controller.assessment.bp_average
    assert average is not None
    assert (average.systolic, average.diastolic, average.readings) == (126, 81, 2)


def test_the_countdown_is_visible_and_read_aloud(qtbot: QtBot, make_form: FormFactory) -> None:
    view, controller = make_form()
    view.ui.systolicEdit.setFocus()
    keys = Keys(qtbot)
    keys.type("128/82")
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    readings = controller.bp_readings
    label = readings.panel.countdown_label
    assert readings.timer.isActive() and readings.timer.interval() == 1000
    assert label.text() == "Next reading in 0:60"
    readings.tick()
    assert label.text() == "Next reading in 0:59"
    assert label.accessibleDescription() == label.text()
    for _ in range(59):
        readings.tick()
    assert label.text() == "Take the next reading now."
    assert not readings.timer.isActive()


def test_readings_far_apart_ask_for_another_and_save_as_the_average(
    qtbot: QtBot, clinic: Clinic, make_form: FormFactory, adult: PatientOut
) -> None:
    view, controller = make_form()
    view.ui.systolicEdit.setFocus()
    keys = Keys(qtbot)
    keys.type("120/78")
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.type("132/80")  # 12 apart
    panel = controller.bp_readings.panel
    assert "take another reading" in panel.request_label.text()
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.type("126/79")
    assert "take another reading" not in panel.request_label.text()
    saved = controller.save()
    assert saved is not None, controller.assessment.errors if controller.assessment else None
    values = {m.code: m.value_text for m in saved.measurements}
    assert (values["systolic_bp"], values["diastolic_bp"]) == ("126", "79")
    stored = bp_readings_of(clinic.db, saved.id)
    assert [(r.systolic, r.diastolic, r.position) for r in stored] == [
        ("120", "78", "sitting"),
        ("132", "80", "sitting"),
        ("126", "79", "sitting"),
    ]
    # The form is empty again, with no reading left over.
    assert controller.bp_readings.readings == []
    assert panel.readings_label.text() == ""


def test_no_fourth_reading(qtbot: QtBot, make_form: FormFactory) -> None:
    view, controller = make_form()
    view.ui.systolicEdit.setFocus()
    keys = Keys(qtbot)
    for bp in ("120/78", "121/78"):
        keys.type(bp)
        keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.type("122/78")
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    readings: Any = controller.bp_readings
    assert len(readings.readings) == 2
    assert "3 readings is the most" in readings.panel.request_label.text()
