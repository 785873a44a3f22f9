"""Guided blood pressure on the vitals form, by keyboard: Ctrl+R keeps the reading and starts a
one-minute countdown; an extra reading costs at most 2 keys beyond its digits; the form asks for
another reading when two differ by more than 10 mmHg systolic; the set saves as their average."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from tests.gui.steps import focused
from vitalsdesk.clinic import Clinic
from vitalsdesk.devices.reading import DeviceReading, Quantity
from vitalsdesk.gui.bp_readings_widget import BpReadingsController
from vitalsdesk.gui.vitals_form_controller import VitalsFormController
from vitalsdesk.gui.vitals_form_view import VitalsFormView
from vitalsdesk.presentation.orthostatic import orthostatic_text
from vitalsdesk.services.bp_readings import bp_readings_of
from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut

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


# -- orthostatic set -----------------------------------------------------------------------------


class Clock:
    """The form's clock, moved by the test (readings 1 and 3 minutes after standing)."""

    def __init__(self) -> None:
        self.at = datetime.now().astimezone().replace(microsecond=0) - timedelta(minutes=10)

    def __call__(self) -> datetime:
        return self.at

    def wait(self, seconds: int, readings: BpReadingsController | None = None) -> None:
        """Time passes: the clock moves, and the form's countdown ticks once a second."""
        for _ in range(seconds):
            self.at += timedelta(seconds=1)
            if readings is not None:
                readings.tick()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_timed_form(
    qtbot: QtBot,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
    clock: Clock,
) -> FormFactory:
    def build() -> tuple[VitalsFormView, VitalsFormController]:
        view = VitalsFormView()
        qtbot.addWidget(view)
        controller = VitalsFormController(view, clinic, ana, adult, prompter, now=clock)
        view.resize(1300, 700)
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
        return view, controller

    return build


def type_orthostatic_set(
    qtbot: QtBot,
    controller: VitalsFormController,
    clock: Clock,
    readings: tuple[tuple[str, str], ...],
) -> list[Keys]:
    """Ctrl+O, then each reading as "BP" Enter "pulse", by keyboard, as the time passes: the
    patient stands up (Enter in the lying pulse) 20 s after the lying reading. One Keys per
    reading: the lying one counts Ctrl+O and the stand-up Enter."""
    bp = controller.bp_readings
    view = controller.view
    view.focus_field("systolic")
    lying = Keys(qtbot)
    lying.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    counted = [lying]
    for n, (pressure, pulse) in enumerate(readings):
        keys = counted[-1] if n == 0 else Keys(qtbot)
        if n:
            counted.append(keys)
        if n == 1:
            clock.wait(60, bp)
        assert focused() is bp.ortho.rows[n].bp, n
        keys.type(pressure)
        keys.press(Qt.Key.Key_Return)
        assert focused() is bp.ortho.rows[n].pulse
        keys.type(pulse)
        if n == 0:
            clock.wait(20)
            keys.press(Qt.Key.Key_Return)  # the patient stands up
        elif n == 1:
            clock.wait(120, bp)  # the form moves on at the 3-minute mark by itself
        if n:
            assert keys.others == 2  # "/" and Enter
    return counted


def test_an_orthostatic_set_by_keyboard_costs_two_keys_per_standing_reading_and_tells_the_clinician(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, make_timed_form: FormFactory, clock: Clock
) -> None:
    view, controller = make_timed_form()
    bp = controller.bp_readings
    view.focus_field("systolic")
    lying_keys = Keys(qtbot)
    lying_keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert bp.orthostatic and bp.ortho.check.isChecked() and bp.ortho.rows_box.isVisible()
    assert not view.ui.systolicEdit.isEnabled()  # the set's BP is its lying reading
    rows = bp.ortho.rows
    assert focused() is rows[0].bp
    lying_keys.type("130/80")
    lying_keys.press(Qt.Key.Key_Return)
    assert focused() is rows[0].pulse
    lying_keys.type("72")
    clock.wait(20)
    lying_keys.press(Qt.Key.Key_Return)  # the patient stands up: the clock starts
    assert (lying_keys.digits, lying_keys.others) == (7, 4)  # Ctrl+O, "/", Enter, stood up
    assert bp.stood_seconds == 0
    assert focused() is rows[1].bp
    assert bp.panel.countdown_label.text() == "Standing 1-minute reading in 1:00"
    clock.wait(60, bp)
    assert bp.panel.countdown_label.text() == "Take the standing 1-minute reading now."

    one_minute = Keys(qtbot)
    one_minute.type("112/74")
    one_minute.press(Qt.Key.Key_Return)
    one_minute.type("96")
    assert (one_minute.digits, one_minute.others) == (7, 2)  # "/" and Enter
    assert bp.panel.countdown_label.text() == "Standing 3-minute reading in 2:00"
    clock.wait(120, bp)  # at 3 minutes the form moves on from the finished row by itself
    assert focused() is rows[2].bp
    assert bp.panel.countdown_label.text() == "Take the standing 3-minute reading now."

    three_minutes = Keys(qtbot)
    three_minutes.type("108/72")
    three_minutes.press(Qt.Key.Key_Return)
    three_minutes.type("98")
    assert (three_minutes.digits, three_minutes.others) == (7, 2)

    # 130 -> 112 and 108: a fall of 22 systolic at 3 minutes, past the default 20. The MA sees
    # only "tell the clinician", no interpretation.
    shown = bp.panel.request_label.text()
    assert shown == "Standing readings: tell the clinician."
    assert bp.panel.request_label.accessibleDescription() == shown
    ma_words = " ".join(
        label.text().lower() for label in view.findChildren(QLabel) if label.isVisible()
    )
    for word in ("hypotension", "drop", "fall", "abnormal", "orthostatic change"):
        assert word not in ma_words

    saved = controller.save()
    assert saved is not None, controller.assessment.errors if controller.assessment else None
    values = {m.code: m.value_text for m in saved.measurements}
    assert (values["systolic_bp"], values["diastolic_bp"]) == ("130", "80")  # the lying one
    stored = bp_readings_of(clinic.db, saved.id)
    assert [(r.systolic, r.diastolic, r.heart_rate, r.position) for r in stored] == [
        ("130", "80", "72", "lying"),
        ("112", "74", "96", "standing"),
        ("108", "72", "98", "standing"),
    ]
    # The clinician view shows the change from lying.
    text = orthostatic_text(clinic.vitals.clinician_view(saved.id, ana).orthostatic)
    assert "Standing 1 min: 112/74 (-18/-6 mmHg), pulse 96 (+24/min)" in text
    assert "Standing 3 min: 108/72 (-22/-8 mmHg), pulse 98 (+26/min)" in text
    # The form is empty and back to a single BP.
    assert not bp.orthostatic and not bp.ortho.rows_box.isVisible()
    assert view.ui.systolicEdit.isEnabled() and rows[0].bp.text() == ""


def test_orthostatic_fields_are_named_for_screen_readers(make_timed_form: FormFactory) -> None:
    _view, controller = make_timed_form()
    ortho = controller.bp_readings.ortho
    names = [(edit.accessibleName(), edit.accessibleDescription()) for edit in ortho.fields()]
    assert names == [
        ("Lying down blood pressure", 'Unit: mmHg. Type "120/80".'),
        ("Lying down pulse", "Unit: /min."),
        ("Standing 1 minute blood pressure", 'Unit: mmHg. Type "120/80".'),
        ("Standing 1 minute pulse", "Unit: /min."),
        ("Standing 3 minutes blood pressure", 'Unit: mmHg. Type "120/80".'),
        ("Standing 3 minutes pulse", "Unit: /min."),
    ]
    assert ortho.check.accessibleName() == "Orthostatic set"
    assert ortho.check.accessibleDescription()


def test_standing_readings_within_the_thresholds_raise_no_flag_and_half_a_set_is_not_saved(
    qtbot: QtBot, clinic: Clinic, adult: PatientOut, make_timed_form: FormFactory, clock: Clock
) -> None:
    view, controller = make_timed_form()
    bp = controller.bp_readings
    view.focus_field("systolic")
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    keys.type("124/80")
    keys.press(Qt.Key.Key_Return)
    keys.type("70")
    keys.press(Qt.Key.Key_Return)
    clock.wait(60, bp)
    keys.type("120/78")
    keys.press(Qt.Key.Key_Return)
    keys.type("78")
    assert controller.save() is None  # the 3-minute reading is missing
    assert "all three orthostatic readings" in view.ui.formMessageLabel.text()
    assert focused() is bp.ortho.rows[2].bp
    assert clinic.vitals.history(adult.id) == []
    clock.wait(120, bp)
    keys.type("118/78")
    keys.press(Qt.Key.Key_Return)
    keys.type("80")
    assert bp.panel.request_label.text() == ""  # falls of 6 and 2: within the thresholds
    assert controller.save() is not None


def test_the_orthostatic_set_is_turned_on_only_with_the_bp_fields_empty(
    qtbot: QtBot, make_timed_form: FormFactory
) -> None:
    view, controller = make_timed_form()
    bp = controller.bp_readings
    view.focus_field("systolic")
    keys = Keys(qtbot)
    keys.type("128/82")
    keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert not bp.orthostatic and not bp.ortho.check.isChecked()
    assert "empty the blood pressure fields first" in bp.panel.request_label.text()
    assert view.ui.systolicEdit.text() == "128/82"  # nothing typed is lost


def test_a_cuff_reading_waits_while_an_orthostatic_set_is_typed(
    make_timed_form: FormFactory,
) -> None:
    _view, controller = make_timed_form()
    controller.bp_readings.set_orthostatic(True)
    cuff = DeviceReading(
        "2A35",
        {
            "systolic_bp": Quantity(Decimal(128), "mm[Hg]"),
            "diastolic_bp": Quantity(Decimal(82), "mm[Hg]"),
        },
    )
    thermometer = DeviceReading("2A1C", {"body_temperature": Quantity(Decimal("36.6"), "Cel")})
    assert not controller.can_take_device_reading(cuff)
    assert controller.can_take_device_reading(thermometer)


# -- drafts and amendments keep the readings -----------------------------------------------------


def _draft_of(clinic: Clinic, ana: StaffUserOut, adult: PatientOut) -> dict[str, Any]:
    drafts = {patient: payload for patient, payload, _ in clinic.vitals.drafts(ana)}
    return drafts[adult.id]


def test_a_draft_keeps_the_guided_readings(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, adult: PatientOut, make_form: FormFactory
) -> None:
    view, controller = make_form()
    view.ui.systolicEdit.setFocus()
    keys = Keys(qtbot)
    keys.type("128/82")
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.type("124/80")
    controller.flush_draft()
    payload = _draft_of(clinic, ana, adult)

    # Another form (after a lock, a crash or a power cut) puts back both readings.
    view2, restored = make_form()
    restored.restore_draft(payload, datetime.now().astimezone(), [])
    assert restored.bp_readings.panel.readings_label.text() == "Readings: 128/82"
    assert view2.ui.diastolicEdit.text() == "80"
    saved = restored.save()
    assert saved is not None
    stored = bp_readings_of(clinic.db, saved.id)
    assert [(r.systolic, r.diastolic) for r in stored] == [("128", "82"), ("124", "80")]
    values = {m.code: m.value_text for m in saved.measurements}
    assert (values["systolic_bp"], values["diastolic_bp"]) == ("126", "81")


def test_a_draft_keeps_an_orthostatic_set_typed_in_part(
    qtbot: QtBot,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    make_timed_form: FormFactory,
    clock: Clock,
) -> None:
    view, controller = make_timed_form()
    view.focus_field("systolic")
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    keys.type("130/80")
    keys.press(Qt.Key.Key_Return)
    keys.type("72")  # only the lying reading: the form's own fields are all empty
    lying_at = controller.bp_readings.ortho.rows[0].taken_at
    controller.flush_draft()
    payload = _draft_of(clinic, ana, adult)

    view2, restored = make_timed_form()
    restored.restore_draft(payload, clock(), [])
    bp = restored.bp_readings
    assert bp.orthostatic and bp.ortho.rows_box.isVisible()
    assert (bp.ortho.rows[0].bp.text(), bp.ortho.rows[0].pulse.text()) == ("130/80", "72")
    assert bp.ortho.rows[0].taken_at == lying_at
    assert not view2.ui.systolicEdit.isEnabled()


def _guided_set(qtbot: QtBot, controller: VitalsFormController) -> VitalSignSetOut:
    controller.view.ui.systolicEdit.setFocus()
    keys = Keys(qtbot)
    keys.type("120/78")
    keys.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    keys.type("124/80")
    keys.press(Qt.Key.Key_Return)
    keys.type("70")
    saved = controller.save()
    assert saved is not None
    return saved


def test_an_amendment_of_a_guided_set_keeps_its_readings_and_their_times(
    qtbot: QtBot, clinic: Clinic, make_form: FormFactory
) -> None:
    view, controller = make_form()
    saved = _guided_set(qtbot, controller)
    before = bp_readings_of(clinic.db, saved.id)
    assert controller.start_amend(saved)
    assert controller.bp_readings.panel.readings_label.text() == "Readings: 120/78"
    assert (view.ui.systolicEdit.text(), view.ui.diastolicEdit.text()) == ("124", "80")
    view.ui.heartRateEdit.setText("72")  # the correction: the pulse was typed wrong
    view.ui.heartRateEdit.textEdited.emit("72")
    amended = controller.save()
    assert amended is not None and amended.id != saved.id
    after = bp_readings_of(clinic.db, amended.id)
    assert after == before  # the same readings, taken when they were
    values = {m.code: m.value_text for m in amended.measurements}
    assert (values["systolic_bp"], values["heart_rate"]) == ("122", "72")


def test_an_amendment_of_a_guided_set_can_correct_its_last_reading(
    qtbot: QtBot, clinic: Clinic, make_form: FormFactory
) -> None:
    view, controller = make_form()
    saved = _guided_set(qtbot, controller)
    assert controller.start_amend(saved)
    view.ui.systolicEdit.setFocus()
    view.ui.systolicEdit.selectAll()
    Keys(qtbot).type("126")
    amended = controller.save()
    assert amended is not None
    after = bp_readings_of(clinic.db, amended.id)
    assert [(r.systolic, r.diastolic) for r in after] == [("120", "78"), ("126", "80")]
    assert after[1].taken_at == bp_readings_of(clinic.db, saved.id)[1].taken_at


def test_an_amendment_of_an_orthostatic_set_shows_its_rows(
    qtbot: QtBot, clinic: Clinic, make_timed_form: FormFactory, clock: Clock
) -> None:
    _view, controller = make_timed_form()
    type_orthostatic_set(
        qtbot, controller, clock, (("130/80", "72"), ("112/74", "96"), ("108/72", "98"))
    )
    saved = controller.save()
    assert saved is not None
    before = bp_readings_of(clinic.db, saved.id)
    assert controller.start_amend(saved)
    bp = controller.bp_readings
    assert bp.orthostatic and bp.ortho.rows_box.isVisible()
    assert [(r.bp.text(), r.pulse.text()) for r in bp.ortho.rows] == [
        ("130/80", "72"),
        ("112/74", "96"),
        ("108/72", "98"),
    ]
    rows = bp.ortho.rows
    rows[2].pulse.setFocus()
    rows[2].pulse.selectAll()
    Keys(qtbot).type("88")  # the 3-minute pulse was typed wrong
    amended = controller.save()
    assert amended is not None
    after = bp_readings_of(clinic.db, amended.id)
    assert [r.heart_rate for r in after] == ["72", "96", "88"]
    assert [r.taken_at for r in after] == [r.taken_at for r in before]


def test_an_amendment_restored_from_a_draft_keeps_the_readings_typed_in_it(
    qtbot: QtBot,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    make_form: FormFactory,
) -> None:
    view, controller = make_form()
    saved = _guided_set(qtbot, controller)
    assert controller.start_amend(saved)
    view.ui.systolicEdit.setFocus()
    view.ui.systolicEdit.selectAll()
    Keys(qtbot).type("126")
    controller.flush_draft()
    payload = _draft_of(clinic, ana, adult)

    view2, restored = make_form()
    restored.restore_draft(payload, datetime.now().astimezone(), clinic.vitals.history(adult.id))
    assert restored.amending is not None and restored.amending.id == saved.id
    assert restored.bp_readings.panel.readings_label.text() == "Readings: 120/78"
    assert view2.ui.systolicEdit.text() == "126"


# -- read-only -----------------------------------------------------------------------------------


def test_a_read_only_form_keeps_no_draft_and_does_not_complain(
    qtbot: QtBot,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    read_only = dataclasses.replace(clinic, read_only=True)
    view = VitalsFormView()
    qtbot.addWidget(view)
    controller = VitalsFormController(view, read_only, ana, adult, prompter)
    failures: list[bool] = []
    controller.draft_failed.connect(lambda: failures.append(True))
    view.ui.systolicEdit.setText("128")
    view.ui.systolicEdit.textEdited.emit("128")
    controller.flush_draft()
    assert failures == []
    assert clinic.vitals.drafts(ana) == []  # not even tried
    assert view.ui.systolicEdit.text() == "128"  # what was typed stays on the screen


def _greyed_fields(view: VitalsFormView) -> set[QWidget]:
    """The inputs on screen that cannot be used."""
    return {
        w
        for w in view.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QComboBox)) and w.isVisible() and not w.isEnabled()
    }


def test_the_orthostatic_rows_replace_the_bp_fields_on_screen_and_in_the_tab_order(
    qtbot: QtBot, make_timed_form: FormFactory
) -> None:
    """Greyed-out BP fields beside the three rows invited a second reading and took room: they
    are hidden while the set is on and come back, with the position chosen, when it is off."""
    view, controller = make_timed_form()
    ui = view.ui
    bp = controller.bp_readings
    ui.bpPositionCombo.select_data("standing")
    greyed_before = _greyed_fields(view)
    view.focus_field("systolic")
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert bp.orthostatic and focused() is bp.ortho.rows[0].bp
    for hidden in (ui.systolicEdit, ui.bpSlashLabel, ui.diastolicEdit, ui.bpUnitLabel):
        assert not hidden.isVisible(), hidden.objectName()
    assert not ui.bpPositionCombo.isVisible()  # each row says its own position
    assert ui.bpArmCombo.isVisible() and ui.bpCuffCombo.isVisible()  # still asked
    assert _greyed_fields(view) <= greyed_before  # nothing greyed is left beside the rows
    # Alt+B, and the label a screen reader reads, lead to the set's first row.
    assert ui.bpLabel.buddy() is bp.ortho.rows[0].bp
    ui.heartRateEdit.setFocus()
    keys.press(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert focused() is bp.ortho.rows[0].bp

    # Tab: cuff, the six fields of the set in order, then the next vital sign; Shift+Tab back.
    ui.bpCuffCombo.setFocus()
    visited: list[QWidget] = []
    for _ in range(7):
        keys.press(Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None
        visited.append(widget)
    assert visited == [*bp.ortho.fields(), ui.heartRateEdit]
    assert [w.accessibleName() for w in visited[:2]] == [
        "Lying down blood pressure",
        "Lying down pulse",
    ]
    bp.ortho.rows[0].bp.setFocus()
    keys.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is ui.bpCuffCombo

    # Off again (the rows are empty): the form's BP is back as it was, the keyboard in it.
    bp.ortho.rows[0].bp.setFocus()
    keys.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert not bp.orthostatic and focused() is ui.systolicEdit
    for shown in (ui.systolicEdit, ui.diastolicEdit, ui.bpPositionCombo):
        assert shown.isVisible() and shown.isEnabled(), shown.objectName()
    assert ui.bpPositionCombo.currentData() == "standing"
    assert ui.bpLabel.buddy() is ui.systolicEdit
    assert _greyed_fields(view) == greyed_before
