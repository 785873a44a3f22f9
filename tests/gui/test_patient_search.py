"""Find a patient by scanning an MRN, by typing a name or birth date; register by keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import focused, scan, sign_in, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def signed_in(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> tuple[MainWindow, ShellController]:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    return window, shell


def test_a_scanned_mrn_and_enter_open_the_patient_and_audit_the_view(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = signed_in(qtbot, make_shell, clinic)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    assert window.current_page() is shell.page.view
    assert shell.page.view.ui.nameLabel.text() == "García, María"
    assert ADULT_MRN in shell.page.view.ui.detailsLabel.text()
    assert focused() is shell.page.form_view.ui.systolicEdit
    # The view was audited: the patient is on today's list now.
    assert shell.user is not None
    assert [p.mrn for p in clinic.patients.recent(shell.user)] == [ADULT_MRN]


def test_type_ahead_finds_by_name_without_accents_and_enter_picks_from_the_list(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    _, shell = signed_in(qtbot, make_shell, clinic)
    search = shell.search
    assert search is not None
    find = search.search.ui.findEdit
    type_into(qtbot, find, "garc")
    qtbot.waitUntil(lambda: search.results.rowCount() == 1, timeout=2000)
    assert search.results.index(0, 0).data() == "García, María"
    qtbot.keyClick(find, Qt.Key.Key_Down)
    assert focused() is search.search.ui.resultsView
    qtbot.keyClick(search.search.ui.resultsView, Qt.Key.Key_Return)
    assert shell.page is not None and shell.page.patient.mrn == ADULT_MRN


def test_a_birth_date_finds_the_patient(qtbot: QtBot, make_shell: Shell, clinic: Clinic) -> None:
    _, shell = signed_in(qtbot, make_shell, clinic)
    scan(qtbot, shell, "03/04/1970")  # one match: Enter opens it
    assert shell.page is not None and shell.page.patient.mrn == ADULT_MRN


def test_no_match_says_so_and_offers_registration(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    _, shell = signed_in(qtbot, make_shell, clinic)
    scan(qtbot, shell, "MRN-9999")
    assert shell.page is None
    assert shell.search is not None
    message = shell.search.search.ui.messageLabel.text()
    assert "No patient matches" in message and "Ctrl+N" in message


def test_quick_registration_without_the_mouse(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = signed_in(qtbot, make_shell, clinic)
    search = shell.search
    assert search is not None
    type_into(qtbot, search.search.ui.findEdit, "Nunez, Ana")  # QTest types ASCII only
    qtbot.keyClick(search.search.ui.findEdit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    r = search.registration.ui
    assert window.current_page() is search.registration
    assert (r.familyNameEdit.text(), r.givenNameEdit.text()) == ("Nunez", "Ana")
    assert focused() is r.familyNameEdit
    qtbot.keyClick(r.familyNameEdit, Qt.Key.Key_Return)
    qtbot.keyClick(r.givenNameEdit, Qt.Key.Key_Return)
    type_into(qtbot, r.birthDateEdit, "1990-13-01", enter=True)  # not a date
    assert focused() is r.sexCombo
    qtbot.keyClick(r.sexCombo, Qt.Key.Key_Down)  # Female -> Male
    qtbot.keyClick(r.sexCombo, Qt.Key.Key_Tab)
    type_into(qtbot, r.mrnEdit, "MRN-3003", enter=True)
    qtbot.keyClick(r.languageCombo, Qt.Key.Key_Down)  # Spanish
    qtbot.keyClick(r.languageCombo, Qt.Key.Key_Tab)
    assert focused() is r.registerButton
    qtbot.keyClick(r.registerButton, Qt.Key.Key_Return)
    assert "Birth date" in r.messageLabel.text()
    assert focused() is r.birthDateEdit
    r.birthDateEdit.clear()
    type_into(qtbot, r.birthDateEdit, "12/01/1990")
    qtbot.mouseClick(r.registerButton, Qt.MouseButton.LeftButton)

    patient = clinic.patients.by_mrn("MRN-3003")
    assert (patient.family_name, patient.given_name, patient.sex) == ("Nunez", "Ana", "male")
    assert patient.preferred_language == "es"
    assert patient.birth_date.isoformat() == "1990-12-01"
    assert shell.page is not None and shell.page.patient.id == patient.id


def test_registration_refuses_an_mrn_that_is_taken(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = signed_in(qtbot, make_shell, clinic)
    search = shell.search
    assert search is not None
    qtbot.mouseClick(search.search.ui.registerButton, Qt.MouseButton.LeftButton)
    r = search.registration.ui
    type_into(qtbot, r.familyNameEdit, "Doe")
    type_into(qtbot, r.givenNameEdit, "Jane")
    type_into(qtbot, r.birthDateEdit, "1980-01-01")
    type_into(qtbot, r.mrnEdit, ADULT_MRN)
    qtbot.mouseClick(r.registerButton, Qt.MouseButton.LeftButton)
    assert "belongs to another patient" in r.messageLabel.text()
    qtbot.keyClick(r.mrnEdit, Qt.Key.Key_Escape)
    assert window.current_page() is search.search


def test_registration_names_each_field_to_correct_in_plain_words(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    _, shell = signed_in(qtbot, make_shell, clinic)
    search = shell.search
    assert search is not None
    qtbot.mouseClick(search.search.ui.registerButton, Qt.MouseButton.LeftButton)
    r = search.registration.ui
    type_into(qtbot, r.givenNameEdit, "Jane")  # no family name
    type_into(qtbot, r.birthDateEdit, "1980-01-01")
    type_into(qtbot, r.mrnEdit, "MRN 77")  # a space
    qtbot.mouseClick(r.registerButton, Qt.MouseButton.LeftButton)
    assert r.messageLabel.text() == (
        "✖ MRN: letters, digits and dashes only; Family name: required."
    )
    assert shell.page is None
