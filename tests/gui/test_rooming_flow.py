"""The whole rooming flow, by keyboard, on real widgets and a real SQLite file (issue 4, "Done
when"): sign in, scan an MRN, type a full adult set, see the flags, lock and unlock with the form
kept, confirm a critical value, save, find the set in history, amend it; and a draft that
survives a crash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in, type_adult_set, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.dialogs import DraftChoice
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = CTRL) -> None:
    widget = focused()
    assert isinstance(widget, QWidget)
    qtbot.keyClick(widget, key, modifier)


def test_rooming_by_keyboard_from_sign_in_to_amendment(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view.ui

    type_adult_set(qtbot, shell.page.form_view, systolic="186/96")
    assert focused() is form.saveButton
    assert form.systolicFlagLabel.text() == (
        "▲▲ Systolic: Far above the reference range — tell the clinician now"
    )
    assert form.systolicFlagLabel.property("flag") == "critical"
    assert form.diastolicFlagLabel.text() == (
        "▲ Diastolic: Above the reference range — tell the clinician"
    )
    assert form.diastolicFlagLabel.property("flag") == "high"
    assert form.heartRateFlagLabel.isHidden()  # 72 is within range: no line, calm screen
    assert form.bmiValueLabel.text() == "25.6"

    # Called away: Ctrl+L, then back with the password. Nothing typed is lost.
    press(qtbot, Qt.Key.Key_L)
    assert shell.locked and window.current_page() is shell.lock_view
    assert clinic.vitals.drafts(ana)[0][1]["texts"]["systolic"] == "186"
    type_into(qtbot, shell.lock_view.ui.passwordEdit, PASSWORD, enter=True)
    assert not shell.locked
    assert (form.systolicEdit.text(), form.painEdit.text()) == ("186", "2")

    # Ctrl+S: the critical value needs the clinician told first.
    press(qtbot, Qt.Key.Key_S)
    assert prompter.questions("clinician_told") == [
        [
            "Systolic blood pressure 186 mmHg: ▲▲ Far above the reference range — tell the clinician now"
        ]
    ]
    [saved] = clinic.vitals.history(adult.id)
    assert saved.clinician_notified
    assert saved.recorded_by == "Ana Rivera"
    assert saved.status == "final"
    values = {m.code: (m.value_text, m.unit, m.interpretation) for m in saved.measurements}
    assert values == {
        "systolic_bp": ("186", "mm[Hg]", "HH"),
        "diastolic_bp": ("96", "mm[Hg]", "H"),
        "heart_rate": ("72", "/min", "N"),
        "respiratory_rate": ("16", "/min", "N"),
        "body_temperature": ("98.6", "[degF]", "N"),
        "oxygen_saturation": ("97", "%", "N"),
        "body_height": ("65", "[in_i]", None),
        "body_weight": ("154", "[lb_av]", None),
        "pain_score": ("2", "{score}", "H"),
    }
    assert saved.measurement("body_temperature").method == "oral"
    assert saved.measurement("oxygen_saturation").on_supplemental_oxygen is False
    assert saved.bmi_value == "25.6"
    assert clinic.vitals.drafts(ana) == []
    # Ready for the next patient.
    assert shell.page is None
    assert window.current_page() is shell.search.search
    assert focused() is shell.search.search.ui.findEdit
    assert window.status_label.text().startswith("✓ Vital signs saved for García, María at")

    # Find it in history.
    scan(qtbot, shell, ADULT_MRN)
    page = shell.page
    assert page is not None
    assert page.form_view.ui.bpLastLabel.text().endswith("\n186 ▲▲/96 ▲ mmHg")
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert page.view.ui.tabs.currentIndex() == 1
    model = page.history.model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "186 ▲▲/96 ▲"
    assert model.index(0, 10).data() == "Ana Rivera"
    assert page.history.charts is not None

    # Amend it: Enter on the set, correct the value, Ctrl+S, give the reason.
    assert focused() is page.history_view.ui.historyTable
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert page.view.ui.tabs.currentIndex() == 0
    assert focused() is page.form_view.ui.systolicEdit
    page.form_view.ui.systolicEdit.selectAll()
    type_into(qtbot, page.form_view.ui.systolicEdit, "146")
    prompter.reason = "systolic misread, 146 on re-check"
    press(qtbot, Qt.Key.Key_S)
    assert prompter.questions("reason") == ["Amend vital signs"]

    history = clinic.vitals.history(adult.id)
    amended = next(s for s in history if s.status == "amended")
    original = next(s for s in history if s.id == saved.id)
    assert amended.replaces_id == saved.id
    assert amended.amend_reason == "systolic misread, 146 on re-check"
    assert amended.measurement("systolic_bp").value_text == "146"
    assert amended.measurement("body_weight").value_text == "154"  # the rest is carried over
    assert original.superseded
    assert window.status_label.text().startswith("✓ Amendment saved for García, María")


def test_a_draft_survives_a_crash_and_is_restored_at_the_next_sign_in(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    shell.page.form.draft_timer.setInterval(30)
    form = shell.page.form_view.ui
    type_into(qtbot, form.heartRateEdit, "104", enter=True)
    type_into(qtbot, form.respiratoryRateEdit, "18", enter=True)
    type_into(qtbot, form.temperatureEdit, "99.1")
    qtbot.waitUntil(
        lambda: (
            clinic.vitals.drafts(ana)[0][1]["texts"].get("temperature") == "99.1"
            if clinic.vitals.drafts(ana)
            else False
        ),
        timeout=3000,
    )

    # The crash: the window is gone without closing (no close event, nothing flushed).
    assert shell.idle is not None
    shell.idle.stop()
    window.hide()
    window.deleteLater()
    qtbot.wait(10)

    prompter.draft_choice = lambda offers: DraftChoice("restore", offers[0].patient_id)
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    [offers] = prompter.questions("drafts")
    assert [(o.patient_id, o.patient_label) for o in offers] == [
        (adult.id, f"García, María — MRN {ADULT_MRN}")
    ]
    assert shell.page is not None
    restored = shell.page.form_view.ui
    assert (restored.heartRateEdit.text(), restored.respiratoryRateEdit.text()) == ("104", "18")
    assert restored.temperatureEdit.text() == "99.1"
    assert restored.modeLabel.text().startswith("Restored the values you typed at")
    assert restored.heartRateFlagLabel.text().startswith("▲ Above the reference range")

    press(qtbot, Qt.Key.Key_S)
    [saved] = clinic.vitals.history(adult.id)
    heart_rate = saved.measurement("heart_rate")
    assert heart_rate is not None and heart_rate.value_text == "104"
    assert clinic.vitals.drafts(ana) == []


def test_a_draft_can_be_discarded_when_offered(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
) -> None:
    clinic.vitals.save_draft(ana, adult.id, {"texts": {"heart_rate": "80"}})
    prompter.draft_choice = lambda offers: DraftChoice("discard", offers[0].patient_id)
    _, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    assert len(prompter.questions("drafts")) == 1
    assert clinic.vitals.drafts(ana) == []
    assert shell.page is None
    assert [o.patient_label for o in prompter.questions("drafts")[0]] == ["A patient"]


def test_closing_the_window_saves_the_draft(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    type_into(qtbot, shell.page.form_view.ui.oxygenSaturationEdit, "93")
    assert clinic.vitals.drafts(ana) == []  # still within the typing pause
    window.close()
    [(_, payload, _)] = clinic.vitals.drafts(ana)
    assert payload["texts"] == {"oxygen_saturation": "93"}
