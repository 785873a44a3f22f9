"""The weight chart and the history table above it agree on the unit: the chart is in the unit the
weights were entered in when they all agree (the table shows each as entered), otherwise in the
unit the form is set to. A baby weighed in kg with the form left on lb showed "9.9 kg" in the table
and 21.8 on its chart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.patient_page_controller import PatientPageController
from vitalsdesk.gui.vitals_form_controller import PREFERENCES_KEY
from vitalsdesk.gui.vitals_history_model import COLUMNS
from vitalsdesk.presentation.trend_data import trend_charts
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Page = Callable[[StaffUserOut, PatientOut], PatientPageController]
WEIGHT = COLUMNS.index("Weight")


@pytest.fixture
def ben(clinic: Clinic) -> StaffUserOut:
    return next(u for u in clinic.accounts.list_users() if u.username == "ben")


@pytest.fixture
def open_history(qtbot: QtBot, clinic: Clinic, prompter: FakePrompter) -> Page:
    """The patient's page on the History tab, as the MA opens it (Alt+H)."""

    def build(user: StaffUserOut, patient: PatientOut) -> PatientPageController:
        page = PatientPageController(clinic, user, patient, prompter)
        qtbot.addWidget(page.view)
        page.view.resize(1366, 700)
        page.view.show()
        qtbot.waitExposed(page.view)
        page.view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page.view, timeout=2000)
        qtbot.keyClick(page.view.ui.tabs, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        assert page.history.charts is not None
        return page

    return build


def record_readings(
    clinic: Clinic,
    by: StaffUserOut,
    patient: PatientOut,
    code: str,
    readings: list[tuple[int, str, str]],
    **details: str,
) -> None:
    """One set per (days ago, value, UCUM unit) of the measurement `code`, with `details` (a
    temperature's method)."""
    for days_ago, value, unit in readings:
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": patient.birth_date,
                "sex": patient.sex,
                "taken_at": datetime.now(UTC) - timedelta(days=days_ago),
                "measurements": {code: {"value": value, "unit": unit, **details}},
            }
        )
        clinic.vitals.record(patient.id, vitals, by, clinician_notified=True)


def record_weights(
    clinic: Clinic, by: StaffUserOut, patient: PatientOut, weights: list[tuple[int, str, str]]
) -> None:
    record_readings(clinic, by, patient, "body_weight", weights)


def table_weights(page: PatientPageController) -> list[str]:
    model = page.history_view.ui.historyTable.model()
    return [str(model.index(row, WEIGHT).data()) for row in range(model.rowCount())]


def weight_chart_says(page: PatientPageController) -> str:
    charts = page.history.charts
    assert charts is not None
    plot = charts.plots["body_weight"]
    return plot.accessibleDescription()


def test_a_baby_weighed_in_kg_has_the_chart_in_kg_with_the_form_on_lb(
    open_history: Page, clinic: Clinic, ben: StaffUserOut, child: PatientOut
) -> None:
    clinic.accounts.save_preferences(ben, {PREFERENCES_KEY: {"weight_unit": "[lb_av]"}})
    record_weights(clinic, ben, child, [(150, "7.9", "kg"), (5, "9.9", "kg")])
    page = open_history(ben, child)
    assert page.form.preferences["weight_unit"] == "[lb_av]"  # the form is on lb
    assert sorted(table_weights(page)) == ["7.9 kg", "9.9 kg"]
    said = weight_chart_says(page)
    assert said.startswith("Weight: 2 readings; latest 9.9 kg."), said


def test_an_adult_weighed_in_lb_has_the_chart_in_lb_with_the_form_on_kg(
    open_history: Page, clinic: Clinic, ben: StaffUserOut, adult: PatientOut
) -> None:
    clinic.accounts.save_preferences(ben, {PREFERENCES_KEY: {"weight_unit": "kg"}})
    record_weights(clinic, ben, adult, [(60, "182", "[lb_av]"), (5, "180.5", "[lb_av]")])
    page = open_history(ben, adult)
    assert page.form.preferences["weight_unit"] == "kg"
    assert sorted(table_weights(page)) == ["180.5 lb", "182 lb"]
    said = weight_chart_says(page)
    assert said.startswith("Weight: 2 readings; latest 180.5 lb."), said


def test_weights_entered_in_both_units_are_charted_in_the_forms_unit(
    clinic: Clinic, ben: StaffUserOut, adult: PatientOut
) -> None:
    # 80 kg at home, then 180 lb at the clinic: the table shows each as entered; the chart can
    # be in one unit only, the one the MA works in.
    record_weights(clinic, ben, adult, [(60, "80", "kg"), (5, "180", "[lb_av]")])
    sets = clinic.vitals.history(adult.id)
    for preference, unit, latest in (("kg", "kg", 81.6), ("[lb_av]", "lb", 180.0)):
        charts = trend_charts(sets, clinic.table, adult, weight_preference=preference)
        weight = next(c for c in charts if c.key == "body_weight")
        assert weight.unit == unit
        assert round(weight.series[0].points[-1][1], 1) == latest


def test_a_baby_weighed_in_grams_then_kg_is_charted_in_kg(
    clinic: Clinic, ben: StaffUserOut, child: PatientOut
) -> None:
    record_weights(clinic, ben, child, [(390, "3400", "g"), (330, "4.9", "kg")])
    charts = trend_charts(clinic.vitals.history(child.id), clinic.table, child)  # form on lb
    weight = next(c for c in charts if c.key == "body_weight")
    assert weight.unit == "kg"
    assert [round(y, 1) for _, y in weight.series[0].points] == [3.4, 4.9]


def record_temperatures(
    clinic: Clinic, by: StaffUserOut, patient: PatientOut, readings: list[tuple[int, str, str]]
) -> None:
    record_readings(clinic, by, patient, "body_temperature", readings, method="oral")


def test_temperatures_follow_the_same_rule_as_weights(
    clinic: Clinic, ben: StaffUserOut, adult: PatientOut, child: PatientOut
) -> None:
    # Taken in °C with the form on °F: the table says "37.2 °C", so the chart is in °C too.
    record_temperatures(clinic, ben, child, [(30, "36.8", "Cel"), (2, "37.2", "Cel")])
    charts = trend_charts(clinic.vitals.history(child.id), clinic.table, child)  # form on °F
    temperature = next(c for c in charts if c.key == "body_temperature")
    assert temperature.unit == "°C"
    assert [round(y, 1) for _, y in temperature.series[0].points] == [36.8, 37.2]
    # Entered in both: the form's unit, whichever it is.
    record_temperatures(clinic, ben, adult, [(30, "37", "Cel"), (2, "98.6", "[degF]")])
    sets = clinic.vitals.history(adult.id)
    for preference, unit in (("Cel", "°C"), ("[degF]", "°F")):
        charts = trend_charts(sets, clinic.table, adult, temperature_preference=preference)
        assert next(c for c in charts if c.key == "body_temperature").unit == unit
