"""History and trends: every version newest first, amend and entered-in-error with a reason,
trend charts with the reference band of the patient's age."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import FakePrompter
from tests.gui.steps import type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.history_controller import change_since_last_visit
from vitalsdesk.gui.patient_page_controller import PatientPageController
from vitalsdesk.presentation.trend_data import Band, trend_charts
from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut

Page = Callable[[], PatientPageController]


def record(
    clinic: Clinic, user: StaffUserOut, patient: PatientOut, days_ago: int, **values: str
) -> VitalSignSetOut:
    measurements = {
        "systolic_bp": {"value": values.get("sbp", "126"), "unit": "mm[Hg]"},
        "diastolic_bp": {"value": values.get("dbp", "80"), "unit": "mm[Hg]"},
        "heart_rate": {"value": values.get("hr", "70"), "unit": "/min"},
        "body_temperature": {
            "value": values.get("temp", "98.4"),
            "unit": "[degF]",
            "method": "oral",
        },
        "body_height": {"value": "65", "unit": "[in_i]"},
        "body_weight": {"value": values.get("weight", "150"), "unit": "[lb_av]"},
    }
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now(UTC) - timedelta(days=days_ago),
            "measurements": measurements,
        }
    )
    return clinic.vitals.record(patient.id, vitals, user, clinician_notified=True)


@pytest.fixture
def make_page(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, adult: PatientOut, prompter: FakePrompter
) -> Page:
    def build() -> PatientPageController:
        page = PatientPageController(clinic, ana, adult, prompter)
        qtbot.addWidget(page.view)
        page.view.resize(1366, 700)
        page.view.show()
        qtbot.waitExposed(page.view)
        page.view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page.view, timeout=2000)
        return page

    return build


def rows(page: PatientPageController) -> list[list[str]]:
    model = page.history.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_every_set_newest_first_with_who_recorded_it(
    make_page: Page, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    record(clinic, ana, adult, 90, sbp="124", weight="148")
    record(clinic, ana, adult, 2, sbp="150", weight="151.5")
    page = make_page()
    table = rows(page)
    assert [r[1] for r in table] == ["150 ▲/80 ▲", "124 ▲/80 ▲"]
    assert {r[10] for r in table} == {"Ana Rivera"}
    assert {r[11] for r in table} == {"Final"}
    assert table[0][4] == "98.4 °F oral"
    assert page.history_view.ui.changeLabel.text().startswith("Change since the visit of")
    assert "Weight 148 lb → 151.5 lb (+3.5)" in page.history_view.ui.changeLabel.text()


def test_amend_from_history_keeps_the_earlier_version_visible(
    qtbot: QtBot,
    make_page: Page,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    original = record(clinic, ana, adult, 1, hr="170")  # typed 170 for 70
    page = make_page()
    page.show_history()
    table_view = page.history_view.ui.historyTable
    qtbot.keyClick(table_view, Qt.Key.Key_Down)  # select the first row by keyboard
    assert page.history.selected() is not None
    assert page.history_view.ui.amendButton.isEnabled()
    qtbot.keyClick(table_view, Qt.Key.Key_Return)  # Enter on a set amends it
    form = page.form_view.ui
    assert page.view.ui.tabs.currentIndex() == 0
    assert page.form.amending is not None and page.form.amending.id == original.id
    assert form.heartRateEdit.text() == "170"
    assert form.modeLabel.text().startswith("Amending the set taken")
    assert form.clearButton.accessibleName() == "Cancel amendment"

    form.heartRateEdit.selectAll()
    type_into(qtbot, form.heartRateEdit, "70")
    prompter.reason = "pulse typed as 170, was 70"
    qtbot.keyClick(form.heartRateEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert prompter.questions("reason") == ["Amend vital signs"]

    history = clinic.vitals.history(adult.id)
    assert len(history) == 2
    new, old = sorted(history, key=lambda s: s.id, reverse=True)
    assert new.status == "amended" and new.replaces_id == old.id
    assert new.amend_reason == "pulse typed as 170, was 70"
    new_rate, old_rate = new.measurement("heart_rate"), old.measurement("heart_rate")
    assert new_rate is not None and new_rate.value_text == "70"
    assert new.taken_at == old.taken_at
    assert old.superseded and old_rate is not None and old_rate.value_text == "170"

    statuses = [r[11] for r in rows(page)]
    assert statuses == [
        "Amended: pulse typed as 170, was 70 (version 2 of 2)",
        "Earlier version, replaced by an amendment (version 1 of 2)",
    ]
    page.history_view.ui.showEarlierCheck.setChecked(False)
    assert len(rows(page)) == 1


def test_an_amendment_needs_a_reason(
    qtbot: QtBot,
    make_page: Page,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    original = record(clinic, ana, adult, 1)
    page = make_page()
    page.amend(original)
    type_into(qtbot, page.form_view.ui.painEdit, "4")
    prompter.reason = None
    assert page.form.save() is None
    assert len(clinic.vitals.history(adult.id)) == 1
    assert "not saved" in page.form_view.ui.formMessageLabel.text()


def test_mark_entered_in_error_with_a_reason(
    qtbot: QtBot,
    make_page: Page,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    record(clinic, ana, adult, 1)
    page = make_page()
    page.show_history()
    page.history_view.ui.historyTable.selectRow(0)
    prompter.reason = None
    qtbot.mouseClick(page.history_view.ui.enteredInErrorButton, Qt.MouseButton.LeftButton)
    assert clinic.vitals.history(adult.id)[0].status == "final"

    prompter.reason = "recorded for the wrong patient"
    qtbot.mouseClick(page.history_view.ui.enteredInErrorButton, Qt.MouseButton.LeftButton)
    [marked] = clinic.vitals.history(adult.id)
    assert marked.status == "entered-in-error"
    assert marked.error_reason == "recorded for the wrong patient"
    assert rows(page)[0][11] == "Entered in error: recorded for the wrong patient"
    page.history_view.ui.historyTable.selectRow(0)
    assert not page.history_view.ui.amendButton.isEnabled()
    assert page.history_view.ui.changeLabel.text() == "No vital signs recorded yet."


def test_trend_data_leave_out_replaced_and_erroneous_sets_and_carry_the_age_band(
    clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    first = record(clinic, ana, adult, 60, sbp="130")
    record(clinic, ana, adult, 30, sbp="140")
    wrong = record(clinic, ana, adult, 10, sbp="200", dbp="100")
    clinic.vitals.mark_entered_in_error(wrong.id, wrong.version, "wrong patient", ana)
    amended_from = record(clinic, ana, adult, 5, sbp="171")
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": adult.birth_date,
            "sex": adult.sex,
            "taken_at": amended_from.taken_at,
            "measurements": {"systolic_bp": {"value": "117", "unit": "mm[Hg]"}},
        }
    )
    clinic.vitals.amend(
        amended_from.id, amended_from.version, vitals, "typo", ana, clinician_notified=True
    )

    charts = {c.key: c for c in trend_charts(clinic.vitals.history(adult.id), clinic.table, adult)}
    systolic = charts["blood_pressure"].series[0]
    assert [y for _, y in systolic.points] == [130.0, 140.0, 117.0]
    assert systolic.points[0][0] == first.taken_at.timestamp()
    assert charts["blood_pressure"].bands == [
        Band(100.0, 120.0, "systolic"),
        Band(None, 80.0, "diastolic"),
    ]
    assert charts["heart_rate"].bands == [Band(60.0, 100.0)]
    [temperature] = charts["body_temperature"].bands
    assert temperature.low is not None and temperature.high is not None
    assert (round(temperature.low, 1), round(temperature.high, 1)) == (96.8, 100.4)
    assert charts["body_temperature"].unit == "°F"
    assert charts["body_weight"].bands == []
    assert charts["body_weight"].unit == "lb"
    assert [round(y, 1) for _, y in charts["body_weight"].series[0].points] == [
        150.0,
        150.0,
    ]  # the amendment has no weight
    assert "Reference range for the patient's age" in charts["blood_pressure"].summary()


def test_trends_use_the_band_of_the_patients_age(
    clinic: Clinic, ana: StaffUserOut, child: PatientOut
) -> None:
    charts = {c.key: c for c in trend_charts([], clinic.table, child, today=date.today())}
    assert charts["heart_rate"].bands[0] != Band(60.0, 100.0)  # a 13-month-old's pulse band
    assert charts["heart_rate"].count == 0
    assert charts["heart_rate"].summary() == "Pulse: no readings yet."


def test_the_history_tab_draws_the_charts_with_shaded_bands(
    qtbot: QtBot, make_page: Page, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    import pyqtgraph as pg

    record(clinic, ana, adult, 40, sbp="118")
    record(clinic, ana, adult, 3, sbp="131")
    page = make_page()
    assert page.history.charts is None  # pyqtgraph waits until the tab is shown
    qtbot.keyClick(page.view.ui.tabs, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert page.view.ui.tabs.currentIndex() == 1
    charts = page.history.charts
    assert charts is not None
    assert set(charts.plots) == {
        "blood_pressure",
        "heart_rate",
        "body_temperature",
        "body_weight",
        "bmi",
    }
    bp = charts.plots["blood_pressure"]
    regions = [i for i in bp.getPlotItem().items if isinstance(i, pg.LinearRegionItem)]
    assert sorted(tuple(round(v) for v in r.getRegion()) for r in regions)[1] == (100, 120)
    assert "2 readings; latest systolic 131, diastolic 80 mmHg" in bp.accessibleDescription()
    assert "systolic 100–120 mmHg, diastolic below 80 mmHg" in bp.accessibleDescription()
    weight = charts.plots["body_weight"]
    assert not [i for i in weight.getPlotItem().items if isinstance(i, pg.LinearRegionItem)]

    record(clinic, ana, adult, 1, sbp="125")
    page.reload()
    assert "3 readings" in page.history.charts.plots["blood_pressure"].accessibleDescription()


def test_change_since_last_visit_without_history() -> None:
    assert change_since_last_visit([]) == "No vital signs recorded yet."


def test_a_draft_of_an_amendment_comes_back_as_an_amendment(
    qtbot: QtBot, make_page: Page, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    original = record(clinic, ana, adult, 1, hr="99")
    page = make_page()
    page.amend(original)
    page.form_view.ui.heartRateEdit.selectAll()
    type_into(qtbot, page.form_view.ui.heartRateEdit, "79")
    page.form.flush_draft()
    [(_, payload, saved_at)] = clinic.vitals.drafts(ana)
    assert payload["amends"] == original.id

    again = make_page()
    again.restore_draft(payload, saved_at)
    assert again.form.amending is not None and again.form.amending.id == original.id
    assert again.form_view.ui.heartRateEdit.text() == "79"
    assert again.form_view.ui.modeLabel.text().startswith("Restored the values you typed at")
