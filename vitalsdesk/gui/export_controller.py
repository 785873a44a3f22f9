"""Export… in the app: one patient, or every patient since a date, to FHIR R4 JSON or CSV.

The export runs on a worker thread (the window keeps painting) with a progress dialog fed by the
service as it writes: the service reads and writes the records in batches, so the bar moves with
the sets really written and the memory used stays flat whatever the clinic's size. Cancel is safe
at any moment: the service stops at the next set and removes its temporary file, so no file is
left. A cancel before the first set leaves no audit event; a later one leaves the export's event
and a second one saying no file was written. Once the file is renamed into place a cancel is too
late, and the result says so.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from vitalsdesk.presentation.display import date_text
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.export_dialog import ExportChoice
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.exchange import ExportSummary
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut

log = logging.getLogger(__name__)

SUFFIXES = {"fhir": ".json", "csv": ".csv"}
FILTERS = {"fhir": "FHIR R4 bundle (*.json)", "csv": "CSV file (*.csv)"}
PROGRESS_STEPS = 1000  # at most this many progress updates cross to the GUI thread


class ExportCancelled(Exception):
    """Raised from the progress callback: the service stops before writing anything."""


class ExportThread(QThread):
    progressed = Signal(int, int)  # sets built, sets in the export
    succeeded = Signal(object)  # ExportSummary
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        clinic: ClinicServices,
        user: StaffUserOut,
        choice: ExportChoice,
        path: Path,
        mrn: str | None,
    ) -> None:
        super().__init__()
        self.clinic = clinic
        self.user = user
        self.choice = choice
        self.path = path
        self.mrn = mrn
        self._stop = threading.Event()
        self._last_step = -1

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise ExportCancelled
        step = done * PROGRESS_STEPS // total if total else PROGRESS_STEPS
        if step != self._last_step or done == total:
            self._last_step = step
            self.progressed.emit(done, total)

    def run(self) -> None:
        exchange = self.clinic.exchange
        export = exchange.export_fhir if self.choice.format == "fhir" else exchange.export_csv
        since = self.choice.since if self.choice.scope == "since" else None
        try:
            summary = export(
                self.path, self.user, mrn=self.mrn, since=since, progress=self._progress
            )
        except ExportCancelled:
            self.cancelled.emit()
        except ServiceError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug or the database: told, logged without patient data
            log.error("export failed: %s", type(exc).__name__)  # no message: it may hold PHI
            self.failed.emit(f"The export stopped with an unexpected error ({type(exc).__name__}).")
        else:
            self.succeeded.emit(summary)


# Threads still running are kept here (never collected mid-run) and waited for at quit.
_RUNNING: set[ExportThread] = set()
_quit_hooked = False


def _stop_running() -> None:
    for thread in list(_RUNNING):
        thread.request_stop()
        thread.wait(30_000)


def _keep(thread: ExportThread) -> None:
    global _quit_hooked
    _RUNNING.add(thread)
    thread.finished.connect(lambda: _RUNNING.discard(thread))
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:
        app.aboutToQuit.connect(_stop_running)
        _quit_hooked = True


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def result_text(summary: ExportSummary, choice: ExportChoice) -> str:
    detail = (
        plural(summary.observations, "FHIR observation")
        if summary.format == "fhir"
        else plural(summary.rows, "row")
    )
    if summary.sets == 0 and summary.patients == 0:
        what = (
            f"No vital signs were taken or changed since {date_text(choice.since)}."
            if choice.since is not None
            else "There are no vital signs to export."
        )
        return f"{what} The file holds no patients.\n\nThe file is {summary.path}"
    return (
        f"Exported {plural(summary.patients, 'patient')} and "
        f"{plural(summary.sets, 'vital-sign set')} ({detail}).\n\nThe file is {summary.path}"
    )


class ExportController(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)  # ExportSummary, or None when cancelled or failed

    def __init__(
        self, clinic: ClinicServices, user: StaffUserOut, prompter: Prompter, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.user = user
        self.prompter = prompter
        self.parent_widget = parent
        self.export_thread: ExportThread | None = None
        self.progress: QProgressDialog | None = None
        self.choice: ExportChoice | None = None
        self.last_progress: tuple[int, int] | None = None  # the bar when the export ended

    @property
    def running(self) -> bool:
        return self.export_thread is not None

    def ask(self, patient: PatientOut | None, *, prefer_patient: bool) -> bool:
        """Ask what to export and where, then start; False when the user cancelled."""
        if self.running:
            return False
        label = f"{patient.display_name} — MRN {patient.mrn}" if patient else None
        choice = self.prompter.export_options(self.parent_widget, label, prefer_patient)
        if choice is None:
            return False
        suffix = SUFFIXES[choice.format]
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        # No name or MRN in the suggested file name: file lists and recent-file menus show it.
        what = {
            "patient": "one-patient",
            "since": f"since-{choice.since.isoformat() if choice.since else ''}",
            "all": "all",
        }[choice.scope]
        suggested = Path(folder or Path.home()) / f"vitals-{what}-{date.today().isoformat()}"
        path = self.prompter.save_file(
            self.parent_widget,
            "Export vital signs to",
            suggested.with_suffix(suffix),
            FILTERS[choice.format],
        )
        if path is None:
            return False
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        try:  # never over the clinic's own files: said before anything is read
            self.clinic.exchange.check_destination(path)
        except ServiceError as exc:
            self.prompter.error(
                self.parent_widget, "The export did not start", f"{exc}\n\nNo file was written."
            )
            return False
        self.start(choice, path, patient if choice.scope == "patient" else None)
        return True

    def start(self, choice: ExportChoice, path: Path, patient: PatientOut | None) -> None:
        """Run the export on a worker thread; the thread starts on the next event-loop turn, once
        the progress dialog is up."""
        if self.running:
            raise RuntimeError("an export is already running")
        self.choice = choice
        dialog = QProgressDialog("Reading the records…", "Cancel", 0, 0, self.parent_widget)
        dialog.setObjectName("exportProgressDialog")
        dialog.setWindowTitle("Exporting vital signs")
        dialog.setAccessibleName("Export progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(480)
        dialog.canceled.connect(self.cancel)
        self.progress = dialog

        thread = ExportThread(
            self.clinic, self.user, choice, path, patient.mrn if patient is not None else None
        )
        thread.progressed.connect(self._progressed)
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        thread.cancelled.connect(self._cancelled)
        self.export_thread = thread
        _keep(thread)
        dialog.show()
        QTimer.singleShot(0, thread.start)

    def cancel(self) -> None:
        if self.export_thread is not None:
            self.export_thread.request_stop()
            if self.progress is not None:
                self.progress.setLabelText("Stopping… nothing is written.")

    # -- from the worker thread (queued to this one) ---------------------------------------------

    def _progressed(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)
        dialog = self.progress
        if dialog is None or (self.export_thread is not None and self.export_thread.stop_requested):
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done if total else 1)
        dialog.setLabelText(
            f"Writing the file: {done} of {plural(total, 'vital-sign set')}…"
            if total
            else "Writing the file…"
        )

    def _succeeded(self, summary: ExportSummary) -> None:
        assert self.choice is not None
        late = self.export_thread is not None and self.export_thread.stop_requested
        self._close(complete=True)
        text = result_text(summary, self.choice)
        if late:
            text = "The file was already written when you pressed Cancel.\n\n" + text
        self.prompter.inform(self.parent_widget, "Export finished", text)
        self.finished.emit(summary)

    def _failed(self, message: str) -> None:
        self._close()
        self.prompter.error(
            self.parent_widget, "The export did not finish", f"{message}\n\nNo file was written."
        )
        self.finished.emit(None)

    def _cancelled(self) -> None:
        self._close()
        self.prompter.inform(
            self.parent_widget, "Export cancelled", "The export was cancelled. No file was written."
        )
        self.finished.emit(None)

    def _close(self, *, complete: bool = False) -> None:
        thread, self.export_thread = self.export_thread, None
        if thread is not None:
            thread.wait()  # it has emitted its last signal: only returning is left
        dialog, self.progress = self.progress, None
        if dialog is not None:
            if complete:
                dialog.setMaximum(max(dialog.maximum(), 1))
                dialog.setValue(dialog.maximum())
            self.last_progress = (dialog.value(), dialog.maximum())
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()
