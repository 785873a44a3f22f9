"""A child's growth charts in the History tab (decision 17): drawn for the clinician beside the
trends, never for the MA (decision 6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSWORD, FakePrompter
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.patient_page_controller import PatientPageController
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Page = Callable[[StaffUserOut, PatientOut], PatientPageController]


@pytest.fixture
def cleo(clinic: Clinic, ana: StaffUserOut) -> StaffUserOut:
    return clinic.accounts.add_user("cleo", PASSWORD, "clinician", "Dr. Cleo Park", actor=ana)


@pytest.fixture
def ben(clinic: Clinic) -> StaffUserOut:
    return next(u for u in clinic.accounts.list_users() if u.username == "ben")


@pytest.fixture
def open_page(qtbot: QtBot, clinic: Clinic, prompter: FakePrompter) -> Page:
    def build(user: StaffUserOut, patient: PatientOut) -> PatientPageController:
        page = PatientPageController(clinic, user, patient, prompter)
        qtbot.addWidget(page.view)
        page.view.resize(1366, 700)
        page.view.show()
        qtbot.waitExposed(page.view)
        page.view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page.view, timeout=2000)
        qtbot.keyClick(page.view.ui.tabs, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        assert page.view.ui.tabs.currentIndex() == 1
        return page

    return build


def record_growth(clinic: Clinic, by: StaffUserOut, child: PatientOut) -> None:
    """The 13-month-old's well-baby visits: weight, length, head circumference."""
    for days_ago, kg, cm, head in (
        (330, "4.9", "56.0", "38.5"),
        (150, "7.9", "67.5", "43.5"),
        (5, "9.9", "76.5", "46.5"),
    ):
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": child.birth_date,
                "sex": child.sex,
                "taken_at": datetime.now(UTC) - timedelta(days=days_ago),
                "measurements": {
                    "body_weight": {"value": kg, "unit": "kg"},
                    "body_height": {"value": cm, "unit": "cm"},
                    "head_circumference": {"value": head, "unit": "cm"},
                },
            }
        )
        clinic.vitals.record(child.id, vitals, by)


def shown_text(widget: QWidget) -> str:
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [w.accessibleDescription() + " " + w.toolTip() for w in widget.findChildren(QWidget)]
    return " ".join(texts).lower()


def test_a_clinician_sees_the_who_growth_charts_of_an_infant(
    qtbot: QtBot,
    open_page: Page,
    clinic: Clinic,
    cleo: StaffUserOut,
    ben: StaffUserOut,
    child: PatientOut,
) -> None:
    import pyqtgraph as pg

    record_growth(clinic, ben, child)
    page = open_page(cleo, child)
    history = page.history
    tabs = page.history_view.findChild(QTabWidget, "chartTabs")
    assert tabs is not None
    qtbot.waitUntil(tabs.isVisible, timeout=2000)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Trends", "Growth charts"]
    assert tabs.currentIndex() == 0  # the trends first, as for every patient
    assert history.growth_charts is not None
    assert list(history.growth_charts.plots) == [
        "weight_for_age",
        "height_for_age",
        "weight_for_length",
        "head_circumference_for_age",
    ]
    tabs.setCurrentIndex(1)
    weight = history.growth_charts.plots["weight_for_age"]
    qtbot.waitUntil(weight.isVisible, timeout=2000)
    curves = [i for i in weight.getPlotItem().items if isinstance(i, pg.PlotDataItem)]
    assert len(curves) == 6  # five WHO percentile lines and the child's readings
    readings = curves[-1].getData()
    assert [round(y, 1) for y in readings[1]] == [4.9, 7.9, 9.9]
    labels = [i.toPlainText() for i in weight.getPlotItem().items if isinstance(i, pg.TextItem)]
    assert labels == ["3rd", "15th", "50th", "85th", "97th"]
    description = weight.accessibleDescription()
    assert description.startswith(
        "Weight-for-age, WHO, birth to 2 years: 3 readings; latest 9.9 kg"
    )
    assert "percentile" in description

    # A new set rebuilds the charts; the clinician stays on the growth charts.
    history.set_history(clinic.vitals.history(child.id))
    new_tabs = page.history_view.findChild(QTabWidget, "chartTabs")
    assert new_tabs is not None
    assert history._chart_tabs is not tabs and history._chart_tabs.currentIndex() == 1  # type: ignore[union-attr]


def test_the_ma_sees_the_trends_only(
    open_page: Page, clinic: Clinic, ben: StaffUserOut, child: PatientOut
) -> None:
    record_growth(clinic, ben, child)
    page = open_page(ben, child)
    assert page.history.charts is not None
    assert page.history.growth_charts is None
    assert page.history_view.findChild(QTabWidget, "chartTabs") is None
    shown = shown_text(page.view)
    for word in ("percentile", "growth chart", "who,", "cdc"):
        assert word not in shown, word


def test_no_growth_charts_for_an_adult(
    open_page: Page, cleo: StaffUserOut, adult: PatientOut
) -> None:
    page = open_page(cleo, adult)
    assert page.history.charts is not None
    assert page.history.growth_charts is None
    assert page.history_view.findChild(QTabWidget, "chartTabs") is None
