"""At 1366x768, 1280x720 and 1024x768 nothing needs the mouse or a sideways scroll: the vitals form
reflows into one column, the last readings stay in view, the header and the banner shorten their
text instead of cutting the buttons, the tables fit across, and "ft + in" moves nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import scan, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.main_window import MainWindow, ShortenedLabel
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.gui.vitals_history_model import COLUMNS
from vitalsdesk.gui.widgets import capped_widths

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
SIZES = [(1366, 768), (1280, 720), (1024, 768)]


def no_sideways_scroll(area: QAbstractScrollArea) -> None:
    assert not area.horizontalScrollBar().isVisible(), area.objectName()
    assert area.horizontalScrollBar().maximum() == 0, area.objectName()


def inside(widget: QWidget, window: QWidget) -> bool:
    """Shown, and wholly across the window (left and right edges)."""
    left = widget.mapTo(window, QPoint(0, 0)).x()
    return widget.isVisible() and left >= 0 and left + widget.width() <= window.width()


def whole_button(button: QAbstractButton, window: QWidget) -> None:
    """The button is in the window and wide enough for its words."""
    assert inside(button, window), button.objectName()
    assert button.width() >= button.sizeHint().width(), button.objectName()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_fits_across_the_screen(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, width: int, height: int
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)  # an administrator: the header's widest case
    window.resize(width, height)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    qtbot.wait(20)
    assert window.minimumSizeHint().width() <= width
    assert (window.width(), window.height()) == (width, height)
    header = window.ui
    for button in (header.exportButton, header.auditLogButton, header.lockButton):
        whole_button(button, window)
    whole_button(header.signOutButton, window)
    banner = shell.page.view.ui
    whole_button(banner.exportButton, window)
    whole_button(banner.findPatientButton, window)
    assert inside(banner.nameLabel, window) and inside(banner.detailsLabel, window)

    form = shell.page.form_view
    ui = form.ui
    if width <= 1280:  # one column on the small screens; at 1366 two when they fit
        assert not form.two_columns()
    no_sideways_scroll(ui.formScroll)
    type_into(qtbot, ui.heartRateEdit, "72")
    for label in (ui.bpLastLabel, ui.heartRateLastLabel, ui.weightLastLabel, ui.painLastLabel):
        assert label.isVisibleTo(form)
        right = label.mapTo(ui.formScroll.viewport(), QPoint(label.width(), 0)).x()
        assert right <= ui.formScroll.viewport().width(), label.objectName()
    whole_button(ui.saveButton, window)

    shell.page.show_history()
    qtbot.wait(20)  # the columns are fitted on the next event-loop turn
    history = shell.page.history_view.ui
    no_sideways_scroll(history.historyTable)
    assert inside(history.historyTable, window)
    whole_button(history.amendButton, window)

    shell.page.show_handout()
    qtbot.wait(20)
    whole_button(shell.page.show_handout().view.ui.printButton, window)

    shell.find_patient()
    qtbot.wait(20)
    assert shell.search is not None
    search = shell.search.search.ui
    no_sideways_scroll(search.resultsView)
    no_sideways_scroll(search.recentView)


def test_picking_feet_and_inches_moves_nothing(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    ui = shell.page.form_view.ui
    watched = (ui.heightUnitCombo, ui.heightLastLabel, ui.weightUnitCombo, ui.weightEdit)

    def places() -> list[tuple[int, int, int]]:
        return [(*w.mapTo(ui.formContents, QPoint(0, 0)).toTuple(), w.width()) for w in watched]

    before = places()
    ui.heightUnitCombo.setFocus()
    qtbot.keyClick(ui.heightUnitCombo, Qt.Key.Key_Down)  # in -> ft + in
    assert ui.heightUnitCombo.currentData() == "ft_in"
    qtbot.wait(20)
    assert ui.heightInchesEdit.isVisible()
    assert places() == before
    no_sideways_scroll(ui.formScroll)


def test_the_window_grows_back_into_two_columns(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view
    window.resize(1024, 768)
    qtbot.wait(20)
    assert not form.two_columns()
    window.resize(1700, 900)
    qtbot.waitUntil(form.two_columns, timeout=2000)
    no_sideways_scroll(form.ui.formScroll)


def test_capped_widths_narrow_the_widest_columns_first() -> None:
    assert capped_widths([100, 50, 30], 400) == [100, 50, 30]  # all fit: as wanted
    assert capped_widths([300, 50, 200], 400) == [175, 50, 175]
    assert sum(capped_widths([170, 120, 65, 72, 104, 60, 190], 600)) <= 600
    # Kept columns keep their width; the others share what is left.
    assert capped_widths([170, 120, 300, 300], 500, keep=(0, 1)) == [170, 120, 105, 105]


# The longest header a clinician sees in the sample clinic: the range table's version, the count
# of critical sets, the full name; and the status line's longest message beside Devices.
RANGES = "vitalsdesk-default 2026.11.2"
CLINICIAN = "Dr. Cleo Park (sample)"
WAITING_MESSAGE = (
    "A reading from Room 3 devices is waiting in Devices (no patient was open). "
    "It is not added to any patient until you choose."
)


def clinician_window(qtbot: QtBot, width: int, height: int) -> MainWindow:
    window = MainWindow(RANGES)
    qtbot.addWidget(window)
    window.set_signed_in(CLINICIAN)
    window.set_awaiting(1)
    window.set_waiting_readings(4)
    window.set_status(WAITING_MESSAGE)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    return window


def whole_text(label: QLabel) -> None:
    """An elided label shows its whole text (no "…")."""
    assert label.width() >= label.sizeHint().width(), (label.objectName(), label.width())


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_clinicians_header_and_devices_are_whole(qtbot: QtBot, width: int, height: int) -> None:
    window = clinician_window(qtbot, width, height)
    assert (window.width(), window.height()) == (width, height)
    whole_button(window.awaiting_button, window)
    for button in (window.ui.exportButton, window.ui.lockButton, window.ui.signOutButton):
        whole_button(button, window)
    # Devices, with its count, stays whole beside the longest status message.
    whole_button(window.devices_button, window)
    bottom = window.devices_button.mapTo(window, QPoint(0, window.devices_button.height())).y()
    assert bottom <= window.height()
    # Who is signed in is never cut; the message wraps instead of pushing Devices out.
    whole_text(window.ui.signedInLabel)
    assert inside(window.status_label, window)
    assert window.status_label.width() + window.devices_button.width() <= width
    # The version and the range table's version read whole at every size: at 1024 px the
    # range table was "Reference ranges: vitalsdesk-de…", its version only in the tooltip.
    whole_text(window.ui.versionLabel)
    ranges = window.ui.referenceRangesLabel
    assert isinstance(ranges, ShortenedLabel)
    [shown] = ranges.shown_lines()
    assert shown in (f"Reference ranges: {RANGES}", "Ranges 2026.11.2"), shown
    assert QFontMetrics(ranges.font()).horizontalAdvance(shown) <= ranges.contentsRect().width()
    assert ranges.accessibleName().endswith(f"Reference ranges: {RANGES}")
    if width >= 1280:  # the whole name where the screen has the room
        whole_text(ranges)
    if shown != ranges.text():
        ranges.grab()  # painted: the tooltip is set as it is drawn
        assert ranges.toolTip() == ranges.text()


def test_the_devices_button_keeps_its_count_when_readings_arrive(qtbot: QtBot) -> None:
    window = clinician_window(qtbot, 1024, 768)
    window.set_waiting_readings(12)
    qtbot.wait(20)
    assert window.devices_button.text() == "Devices (12 waiting)"
    whole_button(window.devices_button, window)


def record_flagged_set(clinic: Clinic) -> None:
    """A set with most readings flagged: the widest cells a history row has."""
    adult = clinic.patients.by_mrn(ADULT_MRN)
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": adult.birth_date,
            "sex": adult.sex,
            "taken_at": datetime.now().astimezone().replace(microsecond=0),
            "measurements": {
                "systolic_bp": {"value": "186", "unit": "mm[Hg]", "position": "sitting"},
                "diastolic_bp": {"value": "96", "unit": "mm[Hg]", "position": "sitting"},
                "heart_rate": {"value": "104", "unit": "/min"},
                "respiratory_rate": {"value": "22", "unit": "/min"},
                "body_temperature": {"value": "100.9", "unit": "[degF]", "method": "oral"},
                "oxygen_saturation": {"value": "94", "unit": "%"},
                "body_height": {"value": "64", "unit": "[in_i]"},
                "body_weight": {"value": "168.5", "unit": "[lb_av]"},
                "pain_score": {"value": "3"},
            },
        }
    )
    clinic.vitals.record(adult.id, vitals, ben, clinician_notified=True)


def test_history_keeps_every_reading_whole_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """At 1024 px the readings' columns were cut ("104 …", "100.…", "168.…"): the names and
    the status give way instead."""
    record_flagged_set(clinic)
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    shell.page.show_history()
    table = shell.page.history_view.ui.historyTable
    header = table.horizontalHeader()
    bar = table.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0 and not bar.isVisible(), timeout=1000)
    for column in range(COLUMNS.index("Pain") + 1):  # when taken, and every reading
        wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= wanted, COLUMNS[column]


def test_kept_columns_give_way_last_first_when_the_others_would_vanish() -> None:
    # Room for both kept columns and 10 px each for the others: they keep theirs.
    assert capped_widths([100, 100, 80, 80], 220, keep=(0, 1), least=10) == [100, 100, 10, 10]
    # Not enough: the last kept column joins the others, the first keeps its width.
    widths = capped_widths([100, 100, 80, 80], 180, keep=(0, 1), least=10)
    assert widths[0] == 100 and sum(widths) <= 180


def test_the_clinician_view_fits_across_at_1024(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """Sized to contents, the sets' table hid the critical-value column behind a sideways
    scroll at 1024 px."""
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    clinic.accounts.add_user("cara", PASSWORD, "clinician", "Dr Cara Lin", actor=ana)
    clinic.visits.start_new(clinic.patients.by_mrn(ADULT_MRN).id, ana)  # the widest visit cell
    record_flagged_set(clinic)
    window, shell = make_shell(clinic)
    window.resize(1024, 768)
    sign_in(qtbot, shell, "cara", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    clinician = shell.page.show_clinician()
    assert clinician is not None
    table = clinician.view.ui.setsTable
    header = table.horizontalHeader()

    def whole(column: int) -> bool:
        wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        return header.sectionSize(column) >= wanted

    qtbot.waitUntil(lambda: whole(1) and whole(2), timeout=1000)  # when taken, BP
    qtbot.wait(20)
    no_sideways_scroll(table)
    # Every column, the critical value last, is in sight.
    assert header.length() <= table.viewport().width()
