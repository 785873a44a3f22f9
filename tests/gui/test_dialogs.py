"""The questions before saving refuse to go on until the answer is complete (keyboard only)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from vitalsdesk.gui.dialogs import (
    ConfirmValuesDialog,
    CriticalValuesDialog,
    DraftOffer,
    DraftsDialog,
    ReasonDialog,
)
from vitalsdesk.gui.prompter import Prompter


def test_unusual_values_need_a_reason_each(qtbot: QtBot) -> None:
    dialog = ConfirmValuesDialog(
        [
            ("body_height", "Height", "Height 95 in is unusual (above 90.6 in)."),
            ("body_weight", "Weight", "Weight 600 lb is unusual (above 551.2 lb)."),
        ]
    )
    qtbot.addWidget(dialog)
    height, weight = dialog.reason_edits.values()
    assert height.accessibleName() == "Reason for keeping height"
    assert not dialog.ui.confirmButton.isEnabled()
    qtbot.keyClicks(height, "re-measured, same")
    assert not dialog.ui.confirmButton.isEnabled()
    qtbot.keyClicks(weight, "   ")
    assert not dialog.ui.confirmButton.isEnabled()
    qtbot.keyClicks(weight, "scale checked")
    assert dialog.ui.confirmButton.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.ui.confirmButton, Qt.MouseButton.LeftButton)
    assert dialog.reasons() == {"body_height": "re-measured, same", "body_weight": "scale checked"}


def test_critical_values_need_the_tick_that_the_clinician_was_told(qtbot: QtBot) -> None:
    dialog = CriticalValuesDialog(["Oxygen saturation 88 %: ▼▼ Far below ..."])
    qtbot.addWidget(dialog)
    assert dialog.ui.valuesLabel.text().startswith("Oxygen saturation 88 %")
    assert not dialog.ui.saveButton.isEnabled()
    qtbot.keyClick(dialog.ui.toldCheck, Qt.Key.Key_Space)
    assert dialog.ui.toldCheck.isChecked()
    assert dialog.ui.saveButton.isEnabled()
    assert dialog.ui.toldCheck.accessibleName() == "I told the clinician"


def test_a_reason_is_required_even_when_enter_is_pressed(qtbot: QtBot) -> None:
    dialog = ReasonDialog("Amend vital signs", "Why?", "Save amendment")
    qtbot.addWidget(dialog)
    assert dialog.ui.okButton.text() == "Save amendment"
    dialog.show()
    qtbot.keyClick(dialog.ui.reasonEdit, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.ui.reasonEdit, "typed in kg, was lb")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.ui.reasonEdit, Qt.Key.Key_Return)
    assert dialog.reason() == "typed in kg, was lb"


def test_drafts_dialog_restores_or_discards_the_chosen_draft(qtbot: QtBot) -> None:
    offers = [
        DraftOffer(7, "Kim, Noah — MRN 2", datetime(2026, 11, 27, 9, 30, tzinfo=UTC)),
        DraftOffer(3, "García, María — MRN 1", datetime(2026, 11, 26, 9, 30, tzinfo=UTC)),
    ]
    dialog = DraftsDialog(offers)
    qtbot.addWidget(dialog)
    assert dialog.ui.draftsList.count() == 2
    qtbot.keyClick(dialog.ui.draftsList, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.ui.draftsList, Qt.Key.Key_Return)
    assert dialog.choice is not None
    assert (dialog.choice.action, dialog.choice.patient_id) == ("restore", 3)

    other = DraftsDialog(offers)
    qtbot.addWidget(other)
    qtbot.mouseClick(other.ui.discardButton, Qt.MouseButton.LeftButton)
    assert other.choice is not None and (other.choice.action, other.choice.patient_id) == (
        "discard",
        7,
    )


def test_the_real_prompter_runs_its_dialog_modally_and_returns_the_answer(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        qtbot.keyClicks(dialog.ui.reasonEdit, "wrong patient")
        qtbot.keyClick(dialog.ui.reasonEdit, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer)
    reason = Prompter().ask_reason(parent, "Mark entered in error", "Why?", "Mark")
    assert reason == "wrong patient"

    def close_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        dialog.reject()

    QTimer.singleShot(50, close_the_dialog)
    assert Prompter().confirm_clinician_told(parent, ["Pulse 140 /min"]) is False
