"""The administrator's audit log page: events newest first, filters, chain check, CSV export.
Only an administrator has the entry point, and the service refuses anyone else anyway."""

from __future__ import annotations

import ast
import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

import vitalsdesk
from tests.gui.conftest import ADULT_MRN, CHILD_MRN, PASSWORD, FakePrompter
from tests.gui.steps import scan, sign_in, type_into
from tests.gui.test_accessibility import unnamed_controls
from vitalsdesk.clinic import Clinic
from vitalsdesk.gui.audit_event_table_model import ACTION_LABELS, COLUMNS
from vitalsdesk.gui.audit_log_controller import AuditLogController
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.errors import Forbidden
from vitalsdesk.services.schemas import StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@dataclass
class SavingPrompter(FakePrompter):
    """Chooses where the CSV export goes."""

    save_to: Path | None = None

    def save_file(
        self, parent: QWidget, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        self.asked.append(("save_file", (title, suggested.suffix, name_filter)))
        return self.save_to


@pytest.fixture
def prompter(tmp_path: Path) -> SavingPrompter:  # replaces the FakePrompter of the make_shell
    return SavingPrompter(save_to=tmp_path / "audit.csv")


def open_audit_log(qtbot: QtBot, window: MainWindow, shell: ShellController) -> AuditLogController:
    """An administrator presses Alt+I (the header's Audit log)."""
    assert window.ui.auditLogButton.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shell.audit_log is not None, timeout=2000)  # an animated click
    assert shell.audit_log is not None
    assert window.current_page() is shell.audit_log.view
    return shell.audit_log


def column(page: AuditLogController, name: str) -> list[str]:
    index = COLUMNS.index(name)
    return [row.cells()[index] for row in page.model.rows]


def test_an_admin_sees_the_events_newest_first_and_filters_narrow_them(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    clinic.accounts.sign_in("ben", PASSWORD)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)  # an audited view of the adult
    page = open_audit_log(qtbot, window, shell)
    ui = page.view.ui

    seqs = [row.seq for row in page.model.rows]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) >= 4
    assert {"ana", "ben"} <= set(column(page, "User"))
    assert ADULT_MRN in column(page, "Patient MRN")
    assert "Patient record opened" in column(page, "Action")
    assert ui.countLabel.text() == f"{len(seqs)} events, newest first."
    assert QApplication.focusWidget() is ui.mrnEdit

    type_into(qtbot, ui.mrnEdit, ADULT_MRN, enter=True)
    assert set(column(page, "Patient MRN")) == {ADULT_MRN}
    assert column(page, "Action") == ["Patient record opened", "Patient registered"]
    assert CHILD_MRN not in column(page, "Patient MRN")

    ui.mrnEdit.clear()
    type_into(qtbot, ui.userEdit, "ben", enter=True)
    assert set(column(page, "User")) == {"ben"}
    # ben registered the two patients at the front desk (tests/gui/conftest.py), then signed in.
    assert column(page, "Action") == ["Signed in", "Patient registered", "Patient registered"]

    ui.userEdit.clear()
    ui.actionCombo.setCurrentIndex(ui.actionCombo.findData("sign_in"))
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    assert set(column(page, "Action")) == {"Signed in"}
    assert set(column(page, "User")) == {"ana", "ben"}

    ui.dateRangeCheck.setChecked(True)
    yesterday = QDate.currentDate().addDays(-1)
    ui.fromDateEdit.setDate(yesterday)
    ui.toDateEdit.setDate(yesterday)
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    assert page.model.rows == [] and ui.countLabel.text() == "No events match."
    ui.toDateEdit.setDate(QDate.currentDate())
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    assert set(column(page, "Action")) == {"Signed in"} and len(page.model.rows) == 2

    ui.fromDateEdit.setDate(QDate.currentDate().addDays(1))
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    assert "first date is after the second" in ui.messageLabel.text()

    qtbot.mouseClick(ui.clearButton, Qt.MouseButton.LeftButton)
    assert not ui.dateRangeCheck.isChecked() and ui.actionCombo.currentData() is None
    assert "Audit log viewed" in column(page, "Action"), "looking at the log is audited"

    qtbot.mouseClick(ui.backButton, Qt.MouseButton.LeftButton)
    assert shell.search is not None and window.current_page() is shell.search.search


def test_a_non_admin_has_no_entry_point_and_the_service_refuses(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)
    assert shell.user is not None and shell.user.role == "assistant"
    assert window.ui.auditLogButton.isHidden()
    header = window.ui.header
    qtbot.waitUntil(lambda: header.sizeHint().width() <= 1366, timeout=2000)  # nothing cut off
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(300)  # longer than a mnemonic's animated click
    shell.show_audit_log()
    assert shell.audit_log is None
    assert shell.search is not None and window.current_page() is shell.search.search
    with pytest.raises(Forbidden):
        clinic.audit_log.events(shell.user)
    with pytest.raises(Forbidden):
        clinic.audit_log.verify(shell.user)


def test_the_entry_point_goes_with_the_admin_on_lock_and_sign_out(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    assert window.width() == 1366
    header = window.ui.header
    qtbot.waitUntil(lambda: header.sizeHint().width() <= 1366, timeout=2000)  # nothing cut off
    page = open_audit_log(qtbot, window, shell)
    shell.lock()
    assert window.ui.auditLogButton.isHidden()
    assert window.current_page() is shell.lock_view
    type_into(qtbot, shell.lock_view.ui.passwordEdit, PASSWORD, enter=True)
    assert window.current_page() is page.view, "unlock goes back to the audit log"
    assert not window.ui.auditLogButton.isHidden()
    shell.sign_out()
    assert shell.audit_log is None and window.ui.auditLogButton.isHidden()
    assert window.ui.pageStack.indexOf(page.view) < 0


def _tamper(clinic: Clinic, statement: str) -> None:
    """What someone with the database file could do: switch the guard off and edit."""
    with clinic.db.transaction() as s:
        s.execute(text("DROP TRIGGER audit_event_no_update"))
        s.execute(text("DROP TRIGGER audit_event_no_delete"))
        s.execute(text(statement))


def test_verify_reports_an_intact_chain_then_the_first_broken_link(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    page = open_audit_log(qtbot, window, shell)
    ui = page.view.ui

    qtbot.mouseClick(ui.verifyButton, Qt.MouseButton.LeftButton)
    assert ui.verifyLabel.text().startswith("✓ The audit log is intact:")
    assert ui.verifyLabel.property("tone") == "info"

    _tamper(clinic, "UPDATE audit_event SET username = 'someone-else' WHERE seq = 3")
    qtbot.mouseClick(ui.verifyButton, Qt.MouseButton.LeftButton)
    verdict = ui.verifyLabel.text()
    assert "the first broken link is event 3" in verdict
    assert "changed after it was written" in verdict
    assert ui.verifyLabel.property("tone") == "problem"
    selected = ui.eventsTable.selectionModel().selectedRows()
    assert [page.model.rows[i.row()].seq for i in selected] == [3]


def test_export_writes_the_rows_shown_to_the_file_chosen(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: SavingPrompter
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    page = open_audit_log(qtbot, window, shell)
    ui = page.view.ui
    ui.actionCombo.setCurrentIndex(ui.actionCombo.findData("sign_in"))
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    shown = [row.seq for row in page.model.rows]
    ui.actionCombo.setCurrentIndex(0)  # changed, not applied: the export follows the table

    qtbot.mouseClick(ui.exportButton, Qt.MouseButton.LeftButton)

    assert prompter.questions("save_file") == [
        ("Export the audit log", ".csv", "CSV files (*.csv)")
    ]
    assert prompter.save_to is not None
    with prompter.save_to.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == ["sign_in"] * len(shown)
    assert len(rows) == len(shown) >= 1
    assert ui.messageLabel.text() == f"✓ {len(shown)} event written to {prompter.save_to}."
    qtbot.mouseClick(ui.showButton, Qt.MouseButton.LeftButton)
    assert "Audit log exported" in column(page, "Action")


def test_an_export_that_cannot_be_written_says_so(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: SavingPrompter, tmp_path: Path
) -> None:
    prompter.save_to = tmp_path / "no-such-folder" / "audit.csv"
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    page = open_audit_log(qtbot, window, shell)
    qtbot.mouseClick(page.view.ui.exportButton, Qt.MouseButton.LeftButton)
    assert page.view.ui.messageLabel.text().startswith("✖ The file could not be written")


def test_the_page_names_its_controls_and_tabs_through_them_in_order(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    page = open_audit_log(qtbot, window, shell)
    assert unnamed_controls(page.view) == []
    assert unnamed_controls(window) == []
    ui = page.view.ui
    ui.dateRangeCheck.setChecked(True)
    ui.mrnEdit.setFocus()
    order: list[str] = []
    for _ in range(20):  # Tab also steps through a date's year, month and day
        widget = QApplication.focusWidget()
        assert widget is not None
        name = widget.objectName()
        if not order or order[-1] != name:
            order.append(name)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order[:12] == [
        "mrnEdit",
        "userEdit",
        "actionCombo",
        "dateRangeCheck",
        "fromDateEdit",
        "toDateEdit",
        "showButton",
        "clearButton",
        "eventsTable",
        "verifyButton",
        "exportButton",
        "backButton",
    ]


def _audited_actions() -> set[str]:
    """Every action code the services write (the third argument of each audit(...) call)."""
    found: set[str] = set()
    for path in Path(vitalsdesk.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit"):
                continue
            if len(node.args) < 3:
                continue
            action = node.args[2]
            options = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            found |= {
                o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)
            }
    return found


def test_every_audited_action_has_words_in_the_action_filter() -> None:
    actions = _audited_actions()
    assert {"sign_in", "patient_viewed", "audit_log_exported"} <= actions
    assert actions <= set(ACTION_LABELS), actions - set(ACTION_LABELS)


def test_the_filters_are_whole_local_days(qtbot: QtBot, clinic: Clinic, ana: StaffUserOut) -> None:
    page = AuditLogController(clinic, ana, FakePrompter())
    qtbot.addWidget(page.view)
    ui = page.view.ui
    ui.dateRangeCheck.setChecked(True)
    ui.fromDateEdit.setDate(QDate(2026, 3, 1))
    ui.toDateEdit.setDate(QDate(2026, 3, 1))
    filters = page.filters()
    assert filters is not None
    since, until = filters["since"], filters["until"]
    assert since.tzinfo is not None and (since.date(), since.hour) == (date(2026, 3, 1), 0)
    assert until.tzinfo is not None and (until.date(), until.hour) == (date(2026, 3, 2), 0)


def test_details_read_as_words_with_their_codes_in_the_tooltip(qtbot: QtBot) -> None:
    """ "reason=sign_out; how=open" read as code on the page: now "reason: sign out"; the
    codes the CSV export and the command line use stay in the cell's tooltip."""
    from datetime import UTC, datetime

    from vitalsdesk.gui.audit_event_table_model import AuditEventTableModel
    from vitalsdesk.services.schemas import AuditEventOut

    event = AuditEventOut(
        id=1,
        seq=27,
        at=datetime(2026, 11, 30, 14, 21, tzinfo=UTC),
        username="ana",
        action="visit_ended",
        patient_id=None,
        entity="visit",
        entity_id=1,
        detail={"reason": "sign_out", "sets": 3, "file_name": "audit_2026.csv"},
    )
    model = AuditEventTableModel()
    model.set_events([event], {})
    index = model.index(0, COLUMNS.index("Details"))
    assert model.data(index) == "file name: audit_2026.csv; reason: sign out; sets: 3"
    assert (
        model.data(index, Qt.ItemDataRole.ToolTipRole)
        == "file_name=audit_2026.csv; reason=sign_out; sets=3"
    )
