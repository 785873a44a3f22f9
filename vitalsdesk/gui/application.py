"""Start Qt: the QApplication, the stylesheet, the window; then open the clinic.

Called by vitalsdesk.app.launch_gui. The window with the sign-in page is shown and painted
first; then the clinic (database, services, range table: the heavy imports, about a second) is
opened on a worker thread, so the window answers the keyboard meanwhile. A sign-in asked for before
the records are open goes ahead as soon as they are.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from vitalsdesk import __version__
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.paths import resource

if TYPE_CHECKING:
    from vitalsdesk.bootstrap import Clinic
    from vitalsdesk.gui.prompter import Prompter

log = logging.getLogger(__name__)

OpenClinic = Callable[[], "tuple[Clinic | None, str | None]"]
# Told "shown" once the first window is painted and "clinic" once the records are open; the
# benchmark (bench/bench_gui.py) uses it to time the start.
ReadyHook = Callable[[str, MainWindow], None]


def create_application(argv: list[str], stylesheet: str) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("VitalsDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("vitalsdesk")
    # Fusion draws the same on every OS, so the stylesheet looks the same on every exam-room PC.
    app.setStyle("Fusion")
    # The stylesheet names its icons "icons:NAME": found in the checkout and in a wheel alike.
    QDir.setSearchPaths("icons", [str(resource("icons"))])
    app.setStyleSheet(stylesheet)
    return app


class _FirstPaint(QObject):
    """Calls back once, after the window's first paint event has been handled."""

    def __init__(self, window: MainWindow, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)
        return False


class _ClinicOpener(QObject):
    """Opens the clinic on a worker thread and hands the result to the GUI thread.

    Safe because nothing else touches the clinic until `opened` arrives, and SQLAlchemy lets a
    file database's pooled connections move between threads (check_same_thread is off)."""

    opened = Signal(object, object)  # Clinic | None, problem text | None

    def start(self, open_clinic: OpenClinic) -> None:
        threading.Thread(
            target=self._work, args=(open_clinic,), name="open-clinic", daemon=True
        ).start()

    def _work(self, open_clinic: OpenClinic) -> None:
        try:
            clinic, problem = open_clinic()
        except Exception as exc:  # our bug, not the environment's: log it, tell the user
            log.exception("opening the clinic failed")
            clinic, problem = (
                None,
                f"An unexpected problem stopped the start ({type(exc).__name__}).",
            )
        self.opened.emit(clinic, problem)


def _report_bug(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Our bug, not the MA's: log it (no PHI in the message box) and keep the app running."""
    log.error("unexpected error", exc_info=(kind, value, tb))
    QMessageBox.critical(
        None,
        "Something went wrong",
        "VitalsDesk hit an unexpected problem. What you typed is kept as a draft. If it happens "
        f"again, tell your administrator ({kind.__name__}).",
    )


def run(
    argv: list[str],
    *,
    stylesheet: str,
    open_clinic: OpenClinic,
    on_ready: ReadyHook | None = None,
    prompter: Prompter | None = None,
) -> int:
    app = create_application(argv, stylesheet)
    window = MainWindow()
    shell = ShellController(window, prompter)
    state: dict[str, Any] = {"clinic": None, "code": 0}
    opener = _ClinicOpener(window)

    def opened(clinic: Clinic | None, problem: str | None) -> None:
        if problem is not None or clinic is None:
            state["code"] = 1
            shell.startup_failed(problem or "The clinic's records could not be opened.")
            app.exit(1)
            return
        state["clinic"] = clinic
        shell.attach_clinic(clinic)
        if on_ready is not None:
            on_ready("clinic", window)

    def first_paint() -> None:
        if on_ready is not None:
            on_ready("shown", window)
        opener.start(open_clinic)

    opener.opened.connect(opened)
    _FirstPaint(window, first_paint)
    window.showMaximized()
    previous_hook = sys.excepthook
    sys.excepthook = _report_bug
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        shell.shutdown()
        if state["clinic"] is not None:
            state["clinic"].close()
    return code or state["code"]
