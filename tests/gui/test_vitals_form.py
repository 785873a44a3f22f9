"""The vitals form, driven by keystrokes: entry rules, live checks, units, saving, drafts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from tests.gui.conftest import FakePrompter
from tests.gui.steps import focused, type_adult_set, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import LABELS, VitalSignSet
from vitalsdesk.gui.vitals_form_controller import VitalsFormController
from vitalsdesk.gui.vitals_form_view import VitalsFormView
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

FormFactory = Callable[..., tuple[VitalsFormView, VitalsFormController]]

INPUT_NAMES = [
    "Systolic blood pressure",
    "Diastolic blood pressure",
    "Heart rate",
    "Respiratory rate",
    "Temperature",
    "Temperature method",
    "Oxygen saturation",
    "Height",
    "Weight",
    "Pain score",
    "Head circumference",
]


@pytest.fixture
def make_form(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, adult: PatientOut, prompter: FakePrompter
) -> FormFactory:
    def build(patient: PatientOut | None = None) -> tuple[VitalsFormView, VitalsFormController]:
        view = VitalsFormView()
        qtbot.addWidget(view)
        controller = VitalsFormController(view, clinic, ana, patient or adult, prompter)
        view.resize(1300, 560)
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
        return view, controller

    return build


def flag(label: QLabel) -> tuple[str, str]:
    return label.text(), label.property("flag")


def test_every_input_has_the_accessible_name_of_the_issue(make_form: FormFactory) -> None:
    view, _ = make_form()
    names = {w.accessibleName() for w in view.findChildren(QWidget)}
    assert set(INPUT_NAMES) <= names
    assert view.ui.saveButton.accessibleName() == "Save vital signs"
    # Every control that takes keyboard focus says what it is.
    for widget in view.findChildren(QWidget):
        takes_focus = widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(view)
        plumbing = widget.metaObject().className() in ("QScrollBar", "QWidget", "QScrollArea")
        if takes_focus and not plumbing:
            assert widget.accessibleName(), widget.objectName()
    assert view.ui.temperatureMethodCombo.accessibleName() == "Temperature method"


def test_tab_walks_the_form_in_clinical_order(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    view.ui.systolicEdit.setFocus()
    seen = []
    for _ in range(18):
        widget = focused()
        assert widget is not None
        seen.append(widget.accessibleName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == [
        "Systolic blood pressure",
        "Diastolic blood pressure",
        "Blood pressure position",
        "Arm",
        "Cuff size",
        "Heart rate",
        "Respiratory rate",
        "Temperature",
        "Temperature unit",
        "Temperature method",
        "Oxygen saturation",
        "On supplemental oxygen",
        "Height",
        "Height unit",
        "Weight",
        "Weight unit",
        "Pain score",
        "Save vital signs",
    ]


def test_120_80_in_the_systolic_field_fills_both(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.systolicEdit, "120/80")
    assert view.ui.diastolicEdit.text() == "80"
    qtbot.keyClick(view.ui.systolicEdit, Qt.Key.Key_Return)
    assert view.ui.systolicEdit.text() == "120"
    assert view.ui.diastolicEdit.text() == "80"
    assert focused() is view.ui.heartRateEdit  # diastolic is done: Enter skips it


def test_enter_moves_on_in_clinical_order_then_to_save(
    qtbot: QtBot, make_form: FormFactory
) -> None:
    view, controller = make_form()
    type_adult_set(qtbot, view)
    assert focused() is view.ui.saveButton
    entry = controller.entry()
    assert [entry.texts[k] for k in ("systolic", "diastolic", "heart_rate", "weight", "pain")] == [
        "128",
        "82",
        "72",
        "154",
        "2",
    ]


def test_letters_never_reach_a_numeric_field(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "7a2x")
    assert view.ui.heartRateEdit.text() == "72"
    type_into(qtbot, view.ui.temperatureEdit, "37,5")
    assert view.ui.temperatureEdit.text() == "37,5"


@pytest.mark.parametrize(
    ("field", "text", "label", "expected", "style"),
    [
        (
            "systolicEdit",
            "150",
            "systolicFlagLabel",
            "▲ Systolic: Above the reference range — tell the clinician",
            "high",
        ),
        (
            "systolicEdit",
            "190",
            "systolicFlagLabel",
            "▲▲ Systolic: Far above the reference range — tell the clinician now",
            "critical",
        ),
        (
            "heartRateEdit",
            "50",
            "heartRateFlagLabel",
            "▼ Below the reference range — tell the clinician",
            "low",
        ),
        (
            "oxygenSaturationEdit",
            "90",
            "oxygenSaturationFlagLabel",
            "▼▼ Far below the reference range — tell the clinician now",
            "critical",
        ),
        (
            "temperatureEdit",
            "101.2",
            "temperatureFlagLabel",
            "▲ Above the reference range — tell the clinician",
            "high",
        ),
    ],
)
def test_a_flag_is_words_with_a_symbol_as_the_ma_types(
    qtbot: QtBot,
    make_form: FormFactory,
    field: str,
    text: str,
    label: str,
    expected: str,
    style: str,
) -> None:
    view, _ = make_form()
    type_into(qtbot, getattr(view.ui, field), text)
    shown = getattr(view.ui, label)
    assert flag(shown) == (expected, style)
    assert shown.isVisible()
    assert getattr(view.ui, field).accessibleDescription().startswith(expected)


def test_a_value_within_range_shows_no_flag_line(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "72")
    assert not view.ui.heartRateFlagLabel.isVisible()
    description = view.ui.heartRateEdit.accessibleDescription()
    assert description == "✓ Within the reference range. Unit: /min."


def test_an_impossible_value_is_marked_at_once_with_the_accepted_range(
    qtbot: QtBot, make_form: FormFactory
) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "600")
    text, style = flag(view.ui.heartRateFlagLabel)
    assert style == "invalid"
    assert text.startswith("✖ Heart rate 600 /min is not possible. Accepted:")
    assert view.ui.heartRateEdit.property("invalid") == "true"
    qtbot.keyClick(view.ui.heartRateEdit, Qt.Key.Key_Backspace)
    assert view.ui.heartRateEdit.property("invalid") == "false"
    assert view.ui.heartRateFlagLabel.isHidden()


def test_a_temperature_in_the_wrong_unit_suggests_the_other(
    qtbot: QtBot, make_form: FormFactory
) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.temperatureEdit, "37.2")  # °F is the default unit
    assert "Did you mean 37.2°C?" in view.ui.temperatureFlagLabel.text()


def test_the_screen_never_names_a_category(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    type_adult_set(qtbot, view, systolic="190/125")
    type_into(qtbot, view.ui.weightEdit, "0")  # 1540 lb would be impossible; 1540 -> obesity...
    view.ui.weightEdit.setText("")
    type_into(qtbot, view.ui.weightEdit, "300")
    shown = " ".join(label.text() for label in view.findChildren(QLabel))
    for word in ("stage", "obes", "hypertens", "crisis", "overweight", "fever", "underweight"):
        assert word not in shown.lower()


def test_bmi_is_computed_from_height_and_weight(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    type_into(qtbot, view.ui.heightEdit, "65")
    assert view.ui.bmiValueLabel.text() == "—"
    type_into(qtbot, view.ui.weightEdit, "154")
    assert view.ui.bmiValueLabel.text() == "25.6"


def test_the_mouse_wheel_never_changes_a_value(qtbot: QtBot, make_form: FormFactory) -> None:
    view, _ = make_form()
    combo = view.ui.temperatureUnitCombo
    before = combo.currentIndex()
    for widget in (combo, view.ui.temperatureMethodCombo, view.ui.heartRateEdit):
        widget.setFocus()
        centre = QPointF(widget.rect().center())
        wheel = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, wheel)
    assert combo.currentIndex() == before
    assert view.ui.temperatureMethodCombo.currentData() == "oral"


def test_feet_and_inches_and_pounds_and_ounces_are_saved_exactly(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, adult: PatientOut
) -> None:
    view, controller = make_form()
    qtbot.keyClick(view.ui.heightUnitCombo, Qt.Key.Key_Down)  # in -> ft + in
    assert view.ui.heightUnitCombo.currentData() == "ft_in"
    assert view.ui.heightInchesEdit.isVisible()
    qtbot.keyClick(view.ui.weightUnitCombo, Qt.Key.Key_Down)  # lb -> lb + oz
    assert view.ui.weightOuncesEdit.isVisible()
    type_into(qtbot, view.ui.heightEdit, "5", enter=True)
    assert focused() is view.ui.heightInchesEdit
    type_into(qtbot, view.ui.heightInchesEdit, "6,5", enter=True)
    type_into(qtbot, view.ui.weightEdit, "150", enter=True)
    type_into(qtbot, view.ui.weightOuncesEdit, "8", enter=True)
    assert focused() is view.ui.painEdit
    qtbot.keyClick(view.ui.painEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    controller.save()
    [saved] = clinic.vitals.history(adult.id)
    height = saved.measurement("body_height")
    weight = saved.measurement("body_weight")
    assert height is not None and weight is not None
    assert (height.value_text, height.unit) == ("66.5", "[in_i]")
    assert (weight.value_text, weight.unit) == ("150.5", "[lb_av]")


def test_unit_choices_are_remembered_per_user(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, ana: StaffUserOut
) -> None:
    view, _ = make_form()
    qtbot.keyClick(view.ui.temperatureUnitCombo, Qt.Key.Key_Down)  # °F -> °C
    qtbot.keyClick(view.ui.weightUnitCombo, Qt.Key.Key_End)  # -> g
    form = clinic.accounts.preferences(ana)["vitals_form"]
    assert isinstance(form, dict) and form["temperature_unit"] == "Cel"
    again, _ = make_form()
    assert again.ui.temperatureUnitCombo.currentData() == "Cel"
    assert again.ui.weightUnitCombo.currentData() == "g"
    assert again.ui.heightUnitCombo.currentData() == "[in_i]"


def test_head_circumference_only_for_children_under_three(
    make_form: FormFactory, child: PatientOut
) -> None:
    adult_view, _ = make_form()
    assert not adult_view.ui.headEdit.isVisible()
    child_view, child_form = make_form(child)
    assert child_view.ui.headEdit.isVisible()
    assert child_view.ui.headEdit.accessibleName() == "Head circumference"
    assert child_form.enter_chain()[-1] == "head"


def test_the_last_reading_stands_beside_each_field(
    make_form: FormFactory, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    earlier = datetime.now(UTC) - timedelta(days=40)
    clinic.vitals.record(
        adult.id,
        VitalSignSet.model_validate(
            {
                "birth_date": adult.birth_date,
                "sex": adult.sex,
                "taken_at": earlier,
                "measurements": {
                    "systolic_bp": {"value": "124", "unit": "mm[Hg]"},
                    "diastolic_bp": {"value": "78", "unit": "mm[Hg]"},
                    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
                },
            }
        ),
        ana,
    )
    view, controller = make_form()
    controller.set_last_readings(clinic.vitals.history(adult.id))
    day = f"{earlier.astimezone().day} {earlier.astimezone():%b %Y}"
    assert view.ui.bpLastLabel.text() == f"Last, {day}\n124 ▲/78 mmHg"
    assert view.ui.temperatureLastLabel.text() == f"Last, {day}\n98.6 °F oral"
    assert view.ui.heartRateLastLabel.text() == ""


def test_the_last_reading_skips_replaced_versions_and_sets_entered_in_error(
    make_form: FormFactory, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    def vitals(days_ago: int, heart_rate: str) -> VitalSignSet:
        return VitalSignSet.model_validate(
            {
                "birth_date": adult.birth_date,
                "sex": adult.sex,
                "taken_at": datetime.now(UTC) - timedelta(days=days_ago),
                "measurements": {"heart_rate": {"value": heart_rate, "unit": "/min"}},
            }
        )

    clinic.vitals.record(adult.id, vitals(30, "66"), ana)
    typo = clinic.vitals.record(adult.id, vitals(20, "117"), ana)
    fixed = clinic.vitals.amend(typo.id, typo.version, vitals(20, "71"), "typed 117 for 71", ana)
    wrong = clinic.vitals.record(adult.id, vitals(10, "99"), ana)
    clinic.vitals.mark_entered_in_error(wrong.id, wrong.version, "wrong patient", ana)
    view, controller = make_form()
    controller.set_last_readings(clinic.vitals.history(adult.id))
    day = fixed.taken_at.astimezone()
    # Not 99 (entered in error), not 117 (the version the amendment replaced), not 66 (older).
    assert view.ui.heartRateLastLabel.text() == f"Last, {day.day} {day:%b %Y}\n71 /min"


def test_saving_a_critical_value_asks_that_the_clinician_was_told(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, adult: PatientOut, prompter: FakePrompter
) -> None:
    view, controller = make_form()
    type_adult_set(qtbot, view, systolic="190/95")
    prompter.clinician_told = False
    assert controller.save() is None
    assert clinic.vitals.history(adult.id) == []
    [lines] = prompter.questions("clinician_told")
    assert lines == [
        "Systolic blood pressure 190 mmHg: ▲▲ Far above the reference range — tell the clinician now"
    ]
    assert "Tell the clinician now" in view.ui.formMessageLabel.text()

    prompter.clinician_told = True
    saved = controller.save()
    assert saved is not None
    assert saved.clinician_notified
    systolic = saved.measurement("systolic_bp")
    assert systolic is not None and systolic.interpretation == "HH"
    assert view.ui.systolicEdit.text() == ""  # ready for the next patient


def test_an_unusual_value_is_measured_again_or_confirmed_with_a_reason(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, adult: PatientOut, prompter: FakePrompter
) -> None:
    view, controller = make_form()
    type_into(qtbot, view.ui.heightEdit, "95")  # 241 cm
    assert view.ui.heightFlagLabel.property("flag") == "confirm"
    assert view.ui.heightFlagLabel.text().startswith("⚠ Height 95 in is unusual")
    prompter.reasons = None
    assert controller.save() is None
    assert view.ui.heightEdit.hasFocus()
    prompter.reasons = {"body_height": "measured twice against the wall"}
    saved = controller.save()
    assert saved is not None
    height = saved.measurement("body_height")
    assert height is not None and height.confirmed
    assert height.confirm_reason == "measured twice against the wall"
    [items] = prompter.questions("confirm_values")[-1:]
    assert items[0][:2] == ("body_height", LABELS["body_height"])


def test_an_impossible_value_is_never_sent_to_be_saved(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, adult: PatientOut
) -> None:
    view, controller = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "72")
    type_into(qtbot, view.ui.temperatureEdit, "3.7")
    assert controller.save() is None
    assert clinic.vitals.history(adult.id) == []
    assert view.ui.temperatureEdit.hasFocus()
    assert "correct the values marked ✖" in view.ui.formMessageLabel.text()


def test_an_empty_form_is_not_saved(
    make_form: FormFactory, clinic: Clinic, adult: PatientOut
) -> None:
    view, controller = make_form()
    assert controller.save() is None
    assert "at least one value" in view.ui.formMessageLabel.text()


def test_typing_saves_a_draft_soon_after_and_saving_removes_it(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    view, controller = make_form()
    controller.draft_timer.setInterval(30)
    type_into(qtbot, view.ui.heartRateEdit, "88")
    qtbot.waitUntil(lambda: bool(clinic.vitals.drafts(ana)), timeout=2000)
    [(patient_id, payload, _)] = clinic.vitals.drafts(ana)
    assert patient_id == adult.id
    assert payload["texts"] == {"heart_rate": "88"}
    controller.save()
    assert clinic.vitals.drafts(ana) == []


def test_clear_form_throws_the_values_and_their_draft_away(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, ana: StaffUserOut
) -> None:
    view, controller = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "88")
    controller.flush_draft()
    assert clinic.vitals.drafts(ana)
    qtbot.mouseClick(view.ui.clearButton, Qt.MouseButton.LeftButton)
    assert view.ui.heartRateEdit.text() == ""
    assert clinic.vitals.drafts(ana) == []


def test_a_saved_amendment_is_never_reported_as_not_saved(
    qtbot: QtBot,
    make_form: FormFactory,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    """The database turns read-only the moment the amendment is committed (IT changed the
    file's permissions, a network share dropped): whatever happens to the draft afterwards, the
    screen must not say "Not saved" about an amendment that is in the record."""
    original = clinic.vitals.record(
        adult.id,
        VitalSignSet.model_validate(
            {
                "birth_date": adult.birth_date,
                "sex": adult.sex,
                "taken_at": datetime.now(UTC) - timedelta(hours=1),
                "measurements": {"heart_rate": {"value": "170", "unit": "/min"}},
            }
        ),
        ana,
        clinician_notified=True,
    )
    view, controller = make_form()
    assert controller.start_amend(original)
    view.ui.heartRateEdit.selectAll()
    type_into(qtbot, view.ui.heartRateEdit, "70")
    controller.flush_draft()
    [(_, payload, _)] = clinic.vitals.drafts(ana)
    assert payload["amends"] == original.id

    committed: list[bool] = []

    def note_commit(_connection: Any) -> None:
        committed.append(True)

    def read_only_after_commit(dbapi_connection: Any, _record: Any) -> None:
        if committed:
            dbapi_connection.execute("PRAGMA query_only = ON")

    engine = clinic.db.engine
    event.listen(engine, "commit", note_commit)
    event.listen(engine.pool, "checkin", read_only_after_commit)
    event.listen(engine.pool, "connect", read_only_after_commit)
    try:
        saved = controller.save()
    finally:
        event.remove(engine, "commit", note_commit)
        event.remove(engine.pool, "checkin", read_only_after_commit)
        event.remove(engine.pool, "connect", read_only_after_commit)
        engine.dispose()
    assert committed  # the amendment reached the database
    [amended] = [s for s in clinic.vitals.history(adult.id) if s.status == "amended"]
    heart_rate = amended.measurement("heart_rate")
    assert heart_rate is not None and heart_rate.value_text == "70"
    assert "Not saved" not in view.ui.formMessageLabel.text()
    assert saved is not None and saved.id == amended.id
    assert clinic.vitals.drafts(ana) == []  # discarded with the amendment, in one transaction


def test_no_input_is_a_spin_box(make_form: FormFactory) -> None:
    view, _ = make_form()
    from PySide6.QtWidgets import QAbstractSpinBox

    assert view.findChildren(QAbstractSpinBox) == []
    assert all(isinstance(e, QLineEdit) for e in view.edits.values())


def test_each_number_field_names_its_unit_and_keeps_the_typing_hint(
    qtbot: QtBot, make_form: FormFactory
) -> None:
    view, controller = make_form()
    ui = view.ui
    # Empty: the unit, and the typing hint the form gives.
    assert ui.systolicEdit.accessibleDescription() == (
        'Unit: mmHg. Type "120/80" to fill both values.'
    )
    assert ui.diastolicEdit.accessibleDescription() == "Unit: mmHg."
    assert ui.respiratoryRateEdit.accessibleDescription() == "Unit: /min."
    assert ui.oxygenSaturationEdit.accessibleDescription() == "Unit: %."
    assert ui.temperatureEdit.accessibleDescription() == "Unit: °F."
    # Typed: the check line first, the unit still; emptied again: the hint is back.
    type_into(qtbot, ui.systolicEdit, "128")
    described = ui.systolicEdit.accessibleDescription()
    assert described.startswith(ui.systolicFlagLabel.text()) and "Unit: mmHg." in described
    assert "120/80" not in described
    ui.systolicEdit.clear()
    assert ui.systolicEdit.accessibleDescription().endswith("fill both values.")
    # The unit follows the unit chosen.
    qtbot.keyClick(ui.temperatureUnitCombo, Qt.Key.Key_Down)  # °F -> °C
    assert ui.temperatureEdit.accessibleDescription() == "Unit: °C."
    qtbot.keyClick(ui.heightUnitCombo, Qt.Key.Key_Down)  # in -> ft + in
    assert ui.heightEdit.accessibleDescription() == "Unit: ft."
    assert ui.heightInchesEdit.accessibleDescription() == "Unit: in."
    assert controller.entry().choices["height_unit"] == "ft_in"


def test_information_labels_say_their_text_with_their_purpose(
    qtbot: QtBot, make_form: FormFactory, clinic: Clinic, adult: PatientOut
) -> None:
    view, controller = make_form()
    type_into(qtbot, view.ui.heartRateEdit, "72")
    saved = controller.save()
    assert saved is not None
    controller.set_last_readings(clinic.vitals.history(adult.id))
    label = view.ui.heartRateLastLabel
    assert label.text().startswith("Last, ")
    spoken = " ".join(label.text().split())
    assert label.accessibleName() == f"Last heart rate: {spoken}"
    assert "72 /min" in label.accessibleName()
    # A label with nothing to say keeps its purpose as its name.
    assert view.ui.headLastLabel.accessibleName() == "Last head circumference"
