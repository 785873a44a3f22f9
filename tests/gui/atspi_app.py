"""VitalsDesk driven through the screens an AT-SPI reader checks (tests/gui/test_atspi.py).

Run by tests/gui/atspi_session.py on the xcb platform with the accessibility bus on: it opens the
clinic folder it is given (a copy of the GUI tests' staffed clinic), then walks the screens the way
an MA does. At each screen it prints "STATE <name>" and waits, with its event loop running (Qt
answers the reader's D-Bus calls on it), until a line arrives on stdin; then it goes on.

    python -m tests.gui.atspi_app CLINIC_DIR
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tests.gui.conftest import ADULT_MRN, PASSWORD
from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.application import create_application
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

APP_NAME = "VitalsDesk"


def record_last_visit(clinic: Clinic) -> None:
    """A set from a visit 30 days ago, so the form has last readings and the history a change."""
    ben = next(u for u in clinic.accounts.list_users() if u.username == "ben")
    patient = clinic.patients.by_mrn(ADULT_MRN)
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now(UTC) - timedelta(days=30),
            "measurements": {
                "systolic_bp": {"value": "124", "unit": "mm[Hg]"},
                "diastolic_bp": {"value": "78", "unit": "mm[Hg]"},
                "heart_rate": {"value": "68", "unit": "/min"},
                "body_weight": {"value": "150", "unit": "[lb_av]"},
            },
        }
    )
    clinic.vitals.record(patient.id, vitals, ben)


class Walk:
    """The screens, one step per line read from stdin."""

    def __init__(self, app: QApplication, clinic: Clinic) -> None:
        self.app = app
        self.window = MainWindow()
        self.shell = ShellController(self.window)
        self.window.resize(1366, 768)
        self.window.show()
        self.shell.attach_clinic(clinic)
        self.steps: list[Callable[[], str]] = [
            self.save_a_set,
            self.open_patient,
            self.orthostatic,
            self.history,
            self.handout,
            self.critical,
            self.lock,
        ]
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self.next_step)

    def keys(self, widget: QWidget, text: str, enter: bool = False) -> None:
        widget.setFocus()
        QTest.keyClicks(widget, text)
        if enter:
            QTest.keyClick(widget, Qt.Key.Key_Return)

    def next_step(self) -> None:
        if not sys.stdin.readline() or not self.steps:
            self.notifier.setEnabled(False)
            QTimer.singleShot(0, self.finish)
            return
        step = self.steps.pop(0)
        # Queued: a modal dialog's own event loop must not run inside the notifier's slot.
        QTimer.singleShot(0, lambda: self.announce(step()))

    def announce(self, state: str) -> None:
        if state:
            QTest.qWait(300)  # layout, paint and the accessibility cache settle
            print(f"STATE {state}", flush=True)

    def save_a_set(self) -> str:
        """Sign in, open the patient, type a set and save it: the status line says so."""
        sign_in = self.shell.sign_in_view.ui
        self.keys(sign_in.userNameEdit, "ana", enter=True)
        self.keys(sign_in.passwordEdit, PASSWORD, enter=True)
        self.open_patient()
        assert self.shell.page is not None
        form = self.shell.page.form_view.ui
        self.keys(form.systolicEdit, "131/84", enter=True)
        self.keys(form.heartRateEdit, "72")
        self.shell.page.save()
        return "saved"

    def open_patient(self) -> str:
        assert self.shell.search is not None
        find = self.shell.search.search.ui.findEdit
        find.clear()
        self.keys(find, ADULT_MRN, enter=True)
        assert self.shell.page is not None
        return "form"

    def orthostatic(self) -> str:
        """The orthostatic set on (Ctrl+O): its three rows in place of the BP fields."""
        assert self.shell.page is not None
        assert self.shell.page.form.bp_readings.set_orthostatic(True)
        return "orthostatic"

    def history(self) -> str:
        assert self.shell.page is not None
        self.shell.page.form.bp_readings.set_orthostatic(False)  # empty: back to one BP
        self.shell.page.show_history()
        return "history"

    def handout(self) -> str:
        assert self.shell.page is not None
        handout = self.shell.page.show_handout()
        self.keys(handout.view.ui.filterEdit, "wound")  # the clear button shows with text
        return "handout"

    def critical(self) -> str:
        assert self.shell.page is not None
        self.shell.page.show_vitals()
        self.keys(self.shell.page.form_view.ui.heartRateEdit, "165")
        QTimer.singleShot(200, self.when_dialog_shown)
        self.shell.page.save()  # the real prompter: a modal dialog, its own event loop
        return ""  # announced by when_dialog_shown, from inside the dialog's loop

    def when_dialog_shown(self) -> None:
        dialog = self.app.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(100, self.when_dialog_shown)
            return
        self.steps.insert(0, lambda: self.close_dialog(dialog))
        self.announce("critical")

    def close_dialog(self, dialog: QDialog) -> str:
        dialog.reject()
        QTimer.singleShot(0, lambda: self.announce(self.steps.pop(0)()))
        return ""

    def lock(self) -> str:
        self.shell.lock()
        return "locked"

    def finish(self) -> None:
        self.shell.shutdown()
        self.window.close()
        self.app.quit()


def fail_on_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An exception in a Qt slot ends the app (Qt would only print it and go on), so the
    session reading it sees the end of its output instead of waiting for a screen."""
    sys.__excepthook__(kind, error, trace)
    sys.stderr.flush()
    os._exit(1)


def main(argv: list[str]) -> int:
    sys.excepthook = fail_on_error
    if len(argv) != 2:
        print(f"usage: {argv[0]} CLINIC_DIR", file=sys.stderr)
        return 2
    app = create_application([APP_NAME.lower()], load_stylesheet())
    app.setApplicationName(APP_NAME)
    clinic = open_clinic(Path(argv[1]))
    try:
        record_last_visit(clinic)
        walk = Walk(app, clinic)
        if not QTest.qWaitForWindowExposed(walk.window, 10_000):
            print("the main window was never exposed", file=sys.stderr)
            return 1
        walk.announce("start")
        return app.exec()
    finally:
        clinic.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
