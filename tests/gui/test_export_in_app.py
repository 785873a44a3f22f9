"""Export… in the app: the open patient (patient page) or everyone since a date (header), on a
worker thread with a progress dialog; a cancel leaves no file and no audit event."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD, FakePrompter
from tests.gui.steps import scan, sign_in
from tests.gui.test_accessibility import unnamed_controls
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.export_controller import ExportController
from vitalsdesk.gui.export_dialog import ExportChoice, ExportDialog
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@dataclass
class ExportPrompter(FakePrompter):
    choice: ExportChoice | None = None
    save_to: Path | None = None
    informed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def export_options(
        self, parent: QWidget, patient_label: str | None, prefer_patient: bool
    ) -> ExportChoice | None:
        self.asked.append(("export_options", (patient_label, prefer_patient)))
        return self.choice

    def save_file(
        self, parent: QWidget, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        self.asked.append(("save_file", suggested))
        return self.save_to

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.informed.append(text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors.append(text)


@pytest.fixture
def prompter() -> ExportPrompter:
    return ExportPrompter()


def record(
    clinic: Clinic, patient: PatientOut, user: StaffUserOut, days_ago: int, pulse: str
) -> None:
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago),
            "measurements": {
                "heart_rate": {"value": pulse, "unit": "/min"},
                "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
            },
        }
    )
    clinic.vitals.record(patient.id, vitals, user)


def export_events(clinic: Clinic, ana: StaffUserOut) -> list[str]:
    return [e.action for e in clinic.audit_log.events(ana, action="export")]


class Watch:
    """What the controller reported, and on which thread the export ran."""

    def __init__(self, controller: ExportController) -> None:
        self.progress: list[tuple[int, int]] = []
        self.threads: set[int] = set()
        controller.progressed.connect(lambda done, total: self.progress.append((done, total)))
        assert controller.export_thread is not None and not controller.export_thread.isRunning()
        controller.export_thread.progressed.connect(
            lambda *_: self.threads.add(threading.get_ident()), Qt.ConnectionType.DirectConnection
        )


def test_export_this_patient_as_fhir_from_the_patient_page(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    child: PatientOut,
    prompter: ExportPrompter,
    tmp_path: Path,
) -> None:
    for days, pulse in ((40, "70"), (10, "74"), (0, "77")):
        record(clinic, adult, ana, days, pulse)
    record(clinic, child, ana, 0, "120")
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    prompter.choice = ExportChoice("patient", "fhir")
    prompter.save_to = tmp_path / "maria"  # no suffix typed: ".json" is added

    qtbot.mouseClick(shell.page.view.ui.exportButton, Qt.MouseButton.LeftButton)
    controller = shell.page.export
    assert controller is not None and controller.export_thread is not None
    watch = Watch(controller)  # the thread starts on the next event-loop turn
    with qtbot.waitSignal(controller.finished, timeout=20_000) as finished:
        pass
    summary = finished.args[0]

    assert watch.threads and threading.get_ident() not in watch.threads  # a worker thread
    assert prompter.questions("export_options") == [("García, María — MRN MRN-1001", True)]
    path = tmp_path / "maria.json"
    assert summary is not None and summary.path == str(path)
    assert watch.progress[-1] == (3, 3)  # 100 %
    assert controller.last_progress == (3, 3)
    bundle = json.loads(path.read_text("utf-8"))
    patients = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert [p["identifier"][0]["value"] for p in patients] == [ADULT_MRN]
    assert (summary.patients, summary.sets) == (1, 3)
    [message] = prompter.informed
    assert "Exported 1 patient and 3 vital-sign sets" in message and str(path) in message
    assert export_events(clinic, ana).count("export") == 1  # one event, naming the patient
    assert not list(tmp_path.glob(".*partial"))


def test_export_everyone_since_a_date_as_csv_from_the_header(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    child: PatientOut,
    prompter: ExportPrompter,
    tmp_path: Path,
) -> None:
    record(clinic, adult, ana, 60, "70")  # taken before the date but recorded today: included
    record(clinic, adult, ana, 2, "74")
    record(clinic, child, ana, 1, "118")
    window, shell = make_shell(clinic)
    assert window.ui.exportButton.isHidden()  # nobody signed in
    sign_in(qtbot, shell, "ben", PASSWORD)  # an MA, not an administrator
    assert not window.ui.exportButton.isHidden()
    prompter.choice = ExportChoice("since", "csv", date.today() - timedelta(days=7))
    prompter.save_to = tmp_path / "week.csv"

    qtbot.mouseClick(window.ui.exportButton, Qt.MouseButton.LeftButton)
    controller = shell._export
    assert controller is not None
    watch = Watch(controller)
    with qtbot.waitSignal(controller.finished, timeout=20_000) as finished:
        pass

    summary = finished.args[0]
    assert prompter.questions("export_options") == [(None, False)]  # no patient open
    assert watch.progress[-1] == (3, 3)
    with (tmp_path / "week.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == summary.rows > 0
    assert (summary.patients, summary.sets) == (2, 3)
    assert "Exported 2 patients and 3 vital-sign sets" in prompter.informed[0]


def test_cancel_leaves_no_file_and_no_audit_event(
    qtbot: QtBot,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: ExportPrompter,
    tmp_path: Path,
) -> None:
    record(clinic, adult, ana, 0, "72")
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    controller = ExportController(clinic, ana, prompter, parent)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.json"

    controller.start(ExportChoice("all", "fhir"), target, None)
    assert controller.progress is not None and controller.progress.isVisible()
    cancel = controller.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()  # at once, before the worker thread has built its first set
    with qtbot.waitSignal(controller.finished, timeout=20_000) as finished:
        pass

    assert finished.args == [None]
    assert list(out.iterdir()) == []  # no file, no partial file
    assert export_events(clinic, ana) == []
    assert prompter.informed == ["The export was cancelled. No file was written."]
    assert not controller.running


def test_a_failed_export_is_explained(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, prompter: ExportPrompter, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = ExportController(clinic, ana, prompter, parent)
    missing_folder = tmp_path / "no-such-folder" / "out.json"
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        controller.start(ExportChoice("all", "fhir"), missing_folder, None)
    [message] = prompter.errors
    assert "Cannot write" in message and "No file was written" in message


def test_the_export_dialog_by_keyboard(qtbot: QtBot) -> None:
    dialog = ExportDialog("García, María — MRN MRN-1001", True, today=date(2026, 11, 27))
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert dialog.choice() == ExportChoice("patient", "fhir")
    assert "&This patient: García" in ui.patientRadio.text()
    ui.csvRadio.setChecked(True)
    assert dialog.choice() == ExportChoice("patient", "csv")
    assert unnamed_controls(dialog) == []

    everyone = ExportDialog(None, False, today=date(2026, 11, 27))
    qtbot.addWidget(everyone)
    assert everyone.ui.patientRadio.isHidden()
    assert everyone.choice() == ExportChoice("since", "fhir", date(2026, 10, 28))
    everyone.ui.allRadio.setChecked(True)
    assert not everyone.ui.sinceEdit.isEnabled()
    assert everyone.choice() == ExportChoice("all", "fhir")


def test_the_save_dialog_refuses_the_clinics_database(
    qtbot: QtBot, clinic: Clinic, ana: StaffUserOut, prompter: ExportPrompter
) -> None:
    """Red team, part 3: an export chosen over the clinic's own database is refused before
    anything is read, and the database keeps its records."""
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = ExportController(clinic, ana, prompter, parent)
    prompter.choice = ExportChoice("all", "fhir")
    database = clinic.data_folder.database
    inode = database.stat().st_ino
    prompter.save_to = database.parent / (database.name + "-wal")  # ".json" is added to it
    assert controller.ask(None, prefer_patient=False) is False
    [message] = prompter.errors
    assert "the clinic's database" in message and "No file was written" in message
    assert not controller.running and export_events(clinic, ana) == []
    assert database.stat().st_ino == inode and clinic.patients.by_mrn(ADULT_MRN) is not None
