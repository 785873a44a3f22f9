"""Start Qt: the QApplication, the stylesheet, the window; then open the clinic.

Called by vitalsdesk.app.launch_gui. The window with the sign-in page is shown and painted
first; then the clinic (database, services, range table: the heavy imports, about a second) is
opened on a worker thread, so the window answers the keyboard meanwhile. A sign-in asked for before
the records are open goes ahead as soon as they are. What opening the clinic has to ask (the
database passphrase, whether to restore a backup) is asked on the GUI thread while the worker
waits for the answer.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDir, QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from vitalsdesk import __version__
from vitalsdesk.gui.lean_start import LeanStart
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.single_instance import (
    ALREADY_RUNNING,
    NOT_ANSWERING,
    SingleInstance,
    bring_forward,
)
from vitalsdesk.paths import resource

if TYPE_CHECKING:
    from datetime import datetime

    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices, StartupQuestions

log = logging.getLogger(__name__)

T = TypeVar("T")  # the answer to a start-up question

OpenClinic = Callable[[], "tuple[ClinicServices | None, str | None]"]


class AskingOpener:
    """An open_clinic that may ask the person at the PC (the database passphrase, whether to
    restore a backup): it is handed the StartupQuestions, answered on the GUI thread.

    (Not a dataclass, nor _Question: dataclasses is not loaded before the first paint.)"""

    __slots__ = ("open",)

    def __init__(
        self, open: Callable[[StartupQuestions], tuple[ClinicServices | None, str | None]]
    ) -> None:
        self.open = open


# Told "shown" once the first window is painted and "clinic" once the records are open; the
# benchmark (bench/bench_gui.py) uses it to time the start.
ReadyHook = Callable[[str, MainWindow], None]


def create_application(argv: list[str], stylesheet: str, *, helpers: bool = True) -> QApplication:
    """The QApplication, styled. helpers=False leaves out the accessibility factory and the
    keeping of the focused field in view (gui/widgets: the `Qt` namespace): install_helpers once
    the first window is painted (the sign-in page has no combo box and no scroll area)."""
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
    if helpers:
        install_helpers(app)
    return app


def install_helpers(app: QApplication) -> None:
    from vitalsdesk.gui.widgets import install_accessibility, keep_focus_in_view

    install_accessibility()
    keep_focus_in_view(app)


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


class _Question:
    def __init__(self, ask: Callable[[], Any]) -> None:
        self.ask = ask
        self.done = threading.Event()
        self.answered = False
        self.answer: Any = None
        self.error: BaseException | None = None


class GuiStartupQuestions(QObject):
    """The start-up questions (vitalsdesk.services.clinic_services.StartupQuestions) asked through the Prompter, on
    the GUI thread, for the worker thread that opens the clinic: the worker waits for the answer.

    Once closed (the app is ending), a question still waiting is let go unanswered (a cancel)."""

    _asked = Signal(object)  # a _Question, delivered queued to the GUI thread

    def __init__(self, window: QWidget, prompter: Callable[[], Prompter]) -> None:
        super().__init__(window)
        self._window = window
        self._prompter = prompter
        self._lock = threading.Lock()
        self._waiting: set[_Question] = set()
        self._closed = False
        self._asked.connect(self._answer)
        # Called on the worker before it waits for an answer (run: the collector goes on).
        self.before_asking: Callable[[], None] | None = None

    def ask_passphrase(self, new: bool, problem: str | None) -> str | None:
        answer = self._ask(lambda: self._prompter().ask_passphrase(self._window, new, problem))
        return answer if isinstance(answer, str) else None

    def offer_backup(self, problem: str, taken_at: datetime) -> bool:
        return bool(
            self._ask(lambda: self._prompter().offer_backup(self._window, problem, taken_at))
        )

    def backup_restored(self, taken_at: datetime, damaged_kept_as: Path | None) -> None:
        from vitalsdesk.presentation.display import datetime_text

        kept = (
            f" The damaged file is kept as {damaged_kept_as.name} for your administrator."
            if damaged_kept_as is not None
            else ""
        )
        text = (
            f"The clinic's records are back as they were at {datetime_text(taken_at)}, when the "
            "latest backup was taken. Anything recorded after that time is not in them: enter "
            f"it again from your notes.{kept}"
        )
        self._ask(lambda: self._prompter().inform(self._window, "Backup restored", text))

    def close(self) -> None:
        with self._lock:
            self._closed = True
            waiting = list(self._waiting)
        for question in waiting:
            question.done.set()

    def _ask(self, ask: Callable[[], T]) -> T | None:
        if QThread.currentThread() == self.thread():
            return ask()
        if self.before_asking is not None:
            self.before_asking()
        question = _Question(ask)
        with self._lock:
            if self._closed:
                return None
            self._waiting.add(question)
        self._asked.emit(question)
        question.done.wait()
        with self._lock:
            self._waiting.discard(question)
        if question.error is not None:
            raise question.error
        return question.answer if question.answered else None

    def _answer(self, question: _Question) -> None:
        try:
            if not self._closed:
                question.answer = question.ask()
                question.answered = True
        except BaseException as exc:  # handed to the worker, which reports it
            question.error = exc
        finally:
            question.done.set()


class _ClinicOpener(QObject):
    """Opens the clinic on a worker thread and hands the result to the GUI thread.

    Safe because nothing else touches the clinic until `opened` arrives, and SQLAlchemy lets a
    file database's pooled connections move between threads (check_same_thread is off)."""

    opened = Signal(object, object)  # ClinicServices | None, problem text | None
    damaged = Signal(str)  # the check of the whole file, left for after the opening, failed
    # What else the opening left for behind the sign-in page (the range table, the visit rules):
    # read (`loaded`), or it cannot be used (`unusable`, why: the app stops as at open).
    loaded = Signal()
    unusable = Signal(str)

    def start(
        self,
        open_clinic: OpenClinic | AskingOpener,
        questions: GuiStartupQuestions,
        settled: Callable[[], None] = lambda: None,
    ) -> None:
        """settled: called on the worker once the opening is over, before `opened`."""
        threading.Thread(
            target=self._work,
            args=(open_clinic, questions, settled),
            name="open-clinic",
            daemon=True,
        ).start()

    def _work(
        self,
        open_clinic: OpenClinic | AskingOpener,
        questions: GuiStartupQuestions,
        settled: Callable[[], None],
    ) -> None:
        try:
            if isinstance(open_clinic, AskingOpener):
                clinic, problem = open_clinic.open(questions)
            else:
                clinic, problem = open_clinic()
        except Exception as exc:  # our bug, not the environment's: log it, tell the user
            _scrubbed_report(type(exc), exc.__traceback__, "opening the clinic failed")
            clinic, problem = (
                None,
                f"An unexpected problem stopped the start ({type(exc).__name__}).",
            )
        settled()
        self.opened.emit(clinic, problem)
        if clinic is None:
            return
        try:
            problem = clinic.finish_opening()
        except Exception as exc:  # our bug: log it, tell the user
            _scrubbed_report(type(exc), exc.__traceback__, "opening the clinic failed")
            problem = f"An unexpected problem stopped the start ({type(exc).__name__})."
        if problem is not None:
            print(f"VitalsDesk cannot start. {problem}", file=sys.stderr)  # as at open
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.unusable.emit(problem)
            return
        with contextlib.suppress(RuntimeError):
            self.loaded.emit()
        # A large database file is checked in full here, behind the sign-in page: SQLite works
        # without the GIL and in a read transaction, so the window and the other rooms go on.
        try:
            damage = clinic.finish_check()
        except Exception as exc:  # the PC's fault (disk, permissions) or our bug: log, go on
            _scrubbed_report(type(exc), exc.__traceback__, "checking the database file failed")
            return
        if damage is not None:
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                self.damaged.emit(damage)


def _scrubbed_report(kind: type[BaseException], tb: TracebackType | None, what: str) -> None:
    """A crash report without the exception's message (it may hold patient data)."""
    from vitalsdesk.logs import write_crash_report

    try:
        path = write_crash_report(kind, tb)
        log.error("%s: %s (report: %s)", what, kind.__qualname__, path.name)
    except OSError:
        log.error("%s: %s", what, kind.__qualname__)


def _report_bug(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Our bug, not the MA's: log it (no PHI in the message box) and keep the app running."""
    from PySide6.QtWidgets import QMessageBox  # only when something went wrong (~3 ms at start)

    _scrubbed_report(kind, tb, "unexpected error")
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
    open_clinic: OpenClinic | AskingOpener,
    on_ready: ReadyHook | None = None,
    prompter: Prompter | None = None,
    single_instance: str | None = None,
    lean: LeanStart | None = None,
) -> int:
    """Show the window, open the clinic behind it, run until the window closes; the exit status.

    single_instance: the clinic's data folder: a VitalsDesk already running for this OS account
    and folder is brought forward instead, and this one ends (vitalsdesk.gui.single_instance).
    lean: what leaves the start's needless costs out, begun before the window's modules were
    imported (vitalsdesk.app); run ends it."""
    app = create_application(argv, stylesheet, helpers=False)
    instance = SingleInstance(single_instance) if single_instance is not None else None
    # The lock before the first paint (a second window must never show); the socket that
    # answers later starts just after it (QtNetwork is not needed to paint).
    if instance is not None and not instance.claim(listen=False):
        if instance.ask_running_to_show():
            print(ALREADY_RUNNING)
            return 0
        print(NOT_ANSWERING, file=sys.stderr)
        return 1
    from vitalsdesk.gui.shell_controller import ShellController

    # Light until painted (MainWindow.finish): the sign-in page in it is the real one.
    window = MainWindow(light=True)
    if instance is not None:
        instance.activated.connect(lambda: bring_forward(window))
    shell = ShellController(window, prompter)
    state: dict[str, Any] = {"clinic": None, "code": 0}
    opener = _ClinicOpener(window)
    questions = GuiStartupQuestions(window, lambda: shell.prompter)

    def opened(clinic: ClinicServices | None, problem: str | None) -> None:
        if problem is not None or clinic is None:
            state["code"] = 1
            shell.startup_failed(problem or "The clinic's records could not be opened.")
            app.exit(1)
            return
        state["clinic"] = clinic
        shell.attach_clinic(clinic)
        log.info("records open: %s", type(window.current_page()).__name__)
        if on_ready is not None:
            on_ready("clinic", window)
        # The services the pages after the sign-in use are built (imported) while the MA types.
        threading.Thread(target=clinic.warm_up, name="warm-up", daemon=True).start()

    def first_paint() -> None:
        if on_ready is not None:  # first: it may set up the log file (vitalsdesk.cli)
            on_ready("shown", window)
        # The records start opening first: what the worker hands back (and asks) is queued to
        # this thread, so it is seen only once the whole window is built.
        opener.start(open_clinic, questions, pause.resume)
        # The whole window around the sign-in page, keeping what was typed and the focus.
        window.finish()
        install_helpers(app)
        page = window.current_page()
        log.info("window painted: %s", type(page).__name__ if page is not None else "no page")
        if instance is not None:
            instance.listen()

    def damaged(problem: str) -> None:
        state["code"] = 1
        shell.startup_failed(problem)
        app.exit(1)

    opener.opened.connect(opened)
    opener.damaged.connect(damaged)
    opener.unusable.connect(damaged)
    opener.loaded.connect(shell.tables_read)
    _FirstPaint(window, first_paint)
    window.showMaximized()
    previous_hook = sys.excepthook
    sys.excepthook = _report_bug
    # The collector held off until the clinic is open (or a question is asked): here if the
    # caller has not begun it already.
    pause = lean or LeanStart()
    questions.before_asking = pause.resume
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        pause.end()
        questions.close()
        if instance is not None:
            instance.release()
        shell.shutdown()
        if state["clinic"] is not None:
            state["clinic"].close()
    return code or state["code"]
