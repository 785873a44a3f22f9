"""The clinician's half of the room (issue 13), on real widgets and a real SQLite file: the MA
rooms the patient (a visit starts, the overdue cue shows), saves a critical set with the clinician
told and locks; the clinician comes in by "Switch user" without the patient being closed, sees the
count of critical sets, opens the set in the clinician view (categories, NEWS2 with their own
ACVPU), acknowledges it; the history shows the visit and the acknowledgement, and the FHIR export
links the set to the visit's Encounter."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, CHILD_MRN, PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in, type_adult_set, type_into
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.gui.vitals_history_model import VISIT_COLUMN
from vitalsdesk.services.errors import Forbidden
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = CTRL) -> None:
    widget = focused()
    assert isinstance(widget, QWidget)
    qtbot.keyClick(widget, key, modifier)


@pytest.fixture
def cara(clinic: Clinic, ana: StaffUserOut) -> StaffUserOut:
    return clinic.accounts.add_user("cara", PASSWORD, "clinician", "Dr Cara Lin", actor=ana)


def test_the_clinician_acknowledges_a_critical_set_after_switch_user(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    cara: StaffUserOut,
    adult: PatientOut,
    prompter: FakePrompter,
    tmp_path: Path,
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)
    assert not window.awaiting_button.isVisible()  # an MA has no such count
    scan(qtbot, shell, ADULT_MRN)
    page = shell.page
    assert page is not None
    # The MA never gets the clinician view; opening the patient started the visit.
    assert page.clinician is None and page.view.ui.tabs.count() == 3
    assert page.view.cue_label.text() == (
        "No vital signs in the last 12 hours. No full set of vital signs recorded yet."
    )
    [visit] = clinic.visits.visits(adult.id)
    assert visit.open and visit.started_by == "Ben Okafor"

    type_adult_set(qtbot, page.form_view, systolic="190/100")
    press(qtbot, Qt.Key.Key_S)
    assert len(prompter.questions("clinician_told")) == 1
    [saved] = clinic.vitals.history(adult.id)
    assert saved.clinician_notified
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    with pytest.raises(Forbidden):
        clinic.vitals.clinician_view(saved.id, ben)

    # The MA opens the patient again (same visit, the cue now says when), locks, switches user.
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    cue = shell.page.view.cue_label.text()
    assert cue.startswith("Last full set of vital signs: ") and "No vital signs" not in cue
    press(qtbot, Qt.Key.Key_L)
    qtbot.mouseClick(shell.lock_view.ui.switchUserButton, Qt.MouseButton.LeftButton)
    sign_in(qtbot, shell, "cara", PASSWORD)
    page = shell.page
    assert page is not None and page.patient.id == adult.id  # not closed: handed over
    assert page.clinician is not None
    assert page.view.current_tab() == page.clinician_tab
    assert window.awaiting_button.isVisible()
    assert window.awaiting_button.text() == "⚠ Critical: 1"
    [visit] = clinic.visits.visits(adult.id)
    assert visit.open  # a switch of user is not a sign-out

    # The header's list leads to the set; the clinician view opens it (audited).
    menu = shell.awaiting_menu()
    assert menu is not None
    [entry] = [a.text() for a in menu.actions()]
    assert entry.startswith(f"García, María — MRN {ADULT_MRN} — ")
    clinician = page.clinician
    ui = clinician.view.ui
    chosen = clinician.selected()
    assert chosen is not None and chosen.id == saved.id
    assert ui.bpCategoryLabel.text() == "Hypertensive crisis"
    assert ui.bmiCategoryLabel.text() == "25.6 kg/m² · Overweight"
    assert ui.news2Label.text() == ("NEWS2 needs every parameter; missing: consciousness (ACVPU).")
    ui.consciousnessCombo.setCurrentIndex(ui.consciousnessCombo.findData("alert"))
    assert ui.news2Label.text().split(" · ")[0].isdigit()
    assert ui.growthLabel.text() == "Not used from 20 years."
    assert ui.acknowledgementLabel.text() == "Critical: awaiting acknowledgement"
    assert ui.acknowledgeButton.isEnabled()

    qtbot.mouseClick(ui.acknowledgeButton, Qt.MouseButton.LeftButton)
    assert window.awaiting_button.text() == "Critical: 0"
    assert not ui.acknowledgeButton.isEnabled()
    assert ui.acknowledgementLabel.text().startswith("Acknowledged by Dr Cara Lin, ")
    assert clinic.acknowledgements.awaiting_count(cara) == 0

    # The history shows the visit and the acknowledgement.
    history = page.history.model
    assert history.rowCount() == 1
    assert history.index(0, VISIT_COLUMN).data().endswith(", open")
    status = history.index(0, VISIT_COLUMN - 1)
    assert status.data() == "Final · acknowledged by Dr Cara Lin"
    assert status.data(Qt.ItemDataRole.ToolTipRole).startswith("Acknowledged by Dr Cara Lin, ")

    # The FHIR export: every Observation of the set points to the visit's Encounter.
    out = tmp_path / "visit.json"
    admin = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    clinic.exchange.export_fhir(out, admin, mrn=ADULT_MRN)
    raw = json.loads(out.read_text(encoding="utf-8"))
    [encounter] = [e for e in raw["entry"] if e["resource"]["resourceType"] == "Encounter"]
    assert encounter["resource"]["identifier"][0]["value"] == visit.uid
    observations = [
        e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    assert observations and all(
        o["encounter"]["reference"] == encounter["fullUrl"] for o in observations
    )
    panel = next(o for o in observations if o["identifier"][0]["value"] == saved.uid)
    assert panel["note"][0]["authorReference"]["display"] == "Dr Cara Lin"

    # Locked, the count is hidden, even when the minute's re-read comes; unlocking shows it.
    press(qtbot, Qt.Key.Key_L)
    shell.refresh_awaiting()
    assert not window.awaiting_button.isVisible()
    type_into(qtbot, shell.lock_view.ui.passwordEdit, PASSWORD, enter=True)
    assert window.awaiting_button.isVisible()

    # Signing out ends only the visits this person started: Ben's goes on until he signs out.
    qtbot.mouseClick(window.ui.signOutButton, Qt.MouseButton.LeftButton)
    assert not window.awaiting_button.isVisible()
    assert clinic.visits.visits(adult.id)[0].open
    sign_in(qtbot, shell, "ben", PASSWORD)
    qtbot.mouseClick(window.ui.signOutButton, Qt.MouseButton.LeftButton)
    assert not clinic.visits.visits(adult.id)[0].open


def test_new_visit_ends_the_open_one(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, adult: PatientOut
) -> None:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    [first] = clinic.visits.visits(adult.id)
    shell.page.show_history()
    qtbot.mouseClick(shell.page.history_view.new_visit_button, Qt.MouseButton.LeftButton)
    newest, ended = clinic.visits.visits(adult.id)
    assert ended.id == first.id and ended.end_reason == "new_visit" and newest.open
    assert shell.page.history_view.ui.changeLabel.text().startswith("A new visit started at ")


def test_a_childs_set_shows_its_growth_percentiles(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, cara: StaffUserOut, child: PatientOut
) -> None:
    from datetime import datetime

    from vitalsdesk.clinical.measurements import VitalSignSet

    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": child.birth_date,
            "sex": child.sex,
            "taken_at": datetime.now().astimezone().replace(microsecond=0),
            "measurements": {
                "body_weight": {"value": "9.6", "unit": "kg"},
                "body_height": {"value": "75.5", "unit": "cm"},
            },
        }
    )
    clinic.vitals.record(child.id, vitals, ben)
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "cara", PASSWORD)
    scan(qtbot, shell, CHILD_MRN)
    assert shell.page is not None
    clinician = shell.page.show_clinician()
    assert clinician is not None
    growth = clinician.view.ui.growthLabel.text()
    assert "Weight-for-age: " in growth and " percentile (z " in growth
    assert growth.endswith("(WHO Child Growth Standards 2006)")
    assert clinician.view.ui.news2Label.text() == "NEWS2 is not used under 16 years."
    assert not clinician.view.ui.acknowledgeButton.isEnabled()  # nothing critical here
