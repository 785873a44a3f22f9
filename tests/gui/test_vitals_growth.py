"""A child's weight far off the growth charts asks the MA to measure again, then confirm
(decision 17), in the rooming flow by keyboard; and the MA never sees a percentile or a category
(decision 6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.gui.dialogs import ConfirmValuesDialog
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
TODDLER_MRN = "MRN-3003"
UNUSUAL = "Weight 45 kg is unusual for this age — measure again, then confirm."
# Words that would interpret a child's growth on the MA's screen.
GROWTH_WORDS = (
    "percentile",
    "centile",
    "z-score",
    "underweight",
    "overweight",
    "healthy weight",
    "healthy-weight",
    "obes",
    "who ",
    "cdc",
)


@pytest.fixture
def toddler(clinic: Clinic, ana: StaffUserOut) -> PatientOut:
    """30 months old today (913 days)."""
    return clinic.patients.register(
        PatientIn(
            mrn=TODDLER_MRN,
            family_name="Lee",
            given_name="Sam",
            birth_date=date.today() - timedelta(days=913),
            sex=AdministrativeSex.MALE,
        ),
        ana,
    )


def open_form(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> tuple[MainWindow, ShellController]:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, TODDLER_MRN)
    assert shell.page is not None
    return window, shell


def type_weight_in_kg(qtbot: QtBot, shell: ShellController, kg: str) -> None:
    assert shell.page is not None
    ui = shell.page.form_view.ui
    ui.weightUnitCombo.setFocus()
    qtbot.keyClick(ui.weightUnitCombo, Qt.Key.Key_Down)  # lb -> lb + oz
    qtbot.keyClick(ui.weightUnitCombo, Qt.Key.Key_Down)  # -> kg
    assert ui.weightUnitCombo.currentData() == "kg"
    ui.weightEdit.setFocus()
    type_into(qtbot, ui.weightEdit, kg)


def save_by_keyboard(qtbot: QtBot) -> None:
    widget = focused()
    assert isinstance(widget, QWidget)
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_30_month_old_of_45_kg_asks_to_measure_again_then_confirm(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    toddler: PatientOut,
    prompter: FakePrompter,
) -> None:
    """Regression: the form saved this weight without a question."""
    _window, shell = open_form(qtbot, make_shell, clinic)
    assert shell.page is not None
    ui = shell.page.form_view.ui
    type_weight_in_kg(qtbot, shell, "45")
    assert ui.weightFlagLabel.property("flag") == "confirm"
    assert ui.weightFlagLabel.text() == f"⚠ {UNUSUAL}"
    assert ui.weightFlagLabel.isVisible()

    # "Measure again": nothing is saved, the weight field is ready for the new value.
    prompter.reasons = None
    save_by_keyboard(qtbot)
    [items] = prompter.questions("confirm_values")
    assert items == [("body_weight", "Weight", UNUSUAL)]
    assert clinic.vitals.history(toddler.id) == []
    assert ui.weightEdit.hasFocus()
    assert "Measure again" in ui.formMessageLabel.text()

    # The real dialog the app shows for that answer: the words, and a reason needed to keep it.
    dialog = ConfirmValuesDialog(items, shell.page.form_view)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert UNUSUAL in shown

    # Measured again, same weight: confirmed with a reason, saved as confirmed.
    prompter.reasons = {"body_weight": "re-weighed on the floor scale, 45 kg"}
    save_by_keyboard(qtbot)
    [saved] = clinic.vitals.history(toddler.id)
    weight = saved.measurement("body_weight")
    assert weight is not None
    assert (weight.value_text, weight.unit, weight.confirmed) == ("45", "kg", True)
    assert weight.confirm_reason == "re-weighed on the floor scale, 45 kg"


def test_the_form_shows_no_percentile_or_category_for_a_child(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, toddler: PatientOut
) -> None:
    _window, shell = open_form(qtbot, make_shell, clinic)
    assert shell.page is not None
    view = shell.page.form_view
    ui = view.ui
    ui.heightUnitCombo.setFocus()
    qtbot.keyClick(ui.heightUnitCombo, Qt.Key.Key_End)  # in -> cm
    assert ui.heightUnitCombo.currentData() == "cm"
    ui.heightEdit.setFocus()
    type_into(qtbot, ui.heightEdit, "92")
    type_weight_in_kg(qtbot, shell, "20")  # BMI above the 95th percentile, not implausible
    ui.headEdit.setFocus()
    type_into(qtbot, ui.headEdit, "49")
    assert shell.page.form.assessment is not None
    assert shell.page.form.assessment.status == "accepted"
    growth = shell.page.form.assessment.growth
    assert growth is not None and set(growth) == {
        "weight_for_age",
        "height_for_age",
        "bmi_for_age",
        "head_circumference_for_age",
    }
    assert shell.page.form.assessment.bmi is not None
    assert shell.page.form.assessment.bmi.category is not None  # kept for the clinician
    texts = [label.text() for label in view.findChildren(QLabel)]
    texts += [w.accessibleDescription() for w in view.findChildren(QWidget)]
    shown = " ".join(texts).lower()
    for word in GROWTH_WORDS:
        assert word not in shown, word
    assert ui.bmiValueLabel.text() == "23.6"  # the BMI value itself is shown, as for adults
