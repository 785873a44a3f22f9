"""GUI test helpers: real SQLite clinics copied from templates, a scripted prompter, a shell.

Migrating a database and hashing a password take most of a second, so each template clinic is
built once per session and copied (a few milliseconds) into every test's own folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from vitalsdesk.app import load_stylesheet
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex
from vitalsdesk.gui.application import create_application
from vitalsdesk.gui.dialogs import DraftChoice, DraftOffer
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.prompter import Prompter
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

GUI_TESTS = Path(__file__).parent
PASSWORD = "rooming-2026"
ADULT_MRN = "MRN-1001"
CHILD_MRN = "MRN-2002"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns once per shown window; harmless (docs/platform.md, "No
    # display").
    for item in items:
        if item.path.is_relative_to(GUI_TESTS):
            item.add_marker(
                pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
            )


@pytest.fixture(scope="session", autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    """The app as VitalsDesk configures it: Fusion, the stylesheet, the icon search path."""
    return create_application([], load_stylesheet())


# A fixed database key for the GUI tests: there is no system keyring on a test machine.
TEST_DATABASE_KEY = "5a" * 32


@pytest.fixture(scope="package", autouse=True)
def database_key() -> Iterator[None]:
    """The embedded database is encrypted (SQLCipher) with a key from the keyring or from the
    environment; the GUI tests give it in the environment, for this package only."""
    try:
        from vitalsdesk.db.encryption import KEY_ENV
    except ImportError:  # a database without encryption needs no key
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_ENV, TEST_DATABASE_KEY)
        yield


@pytest.fixture(scope="package")
def templates(database_key: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("clinic-templates")
    empty = base / "empty"
    open_clinic(empty).close()
    staffed = base / "staffed"
    clinic = open_clinic(staffed)
    try:
        ana = clinic.accounts.create_first_admin("ana", PASSWORD, "Ana Rivera")
        ben = clinic.accounts.add_user("ben", PASSWORD, "assistant", "Ben Okafor", actor=ana)
        # Registered at the front desk (by ben), so they are on nobody's list until opened.
        clinic.patients.register(
            PatientIn(
                mrn=ADULT_MRN,
                family_name="García",
                given_name="María",
                birth_date=date(1970, 3, 4),
                sex=AdministrativeSex.FEMALE,
            ),
            ben,
        )
        clinic.patients.register(
            PatientIn(
                mrn=CHILD_MRN,
                family_name="Kim",
                given_name="Noah",
                birth_date=date.today() - timedelta(days=400),
                sex=AdministrativeSex.MALE,
            ),
            ben,
        )
    finally:
        clinic.close()
    return {"empty": empty, "staffed": staffed}


def _copy(template: Path, target: Path) -> Clinic:
    shutil.copytree(template, target)
    return open_clinic(target)


@pytest.fixture
def clinic(templates: dict[str, Path], tmp_path: Path) -> Iterator[Clinic]:
    """A clinic with staff (ana, ben) and two patients (an adult, a 13-month-old)."""
    opened = _copy(templates["staffed"], tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def empty_clinic(templates: dict[str, Path], tmp_path: Path) -> Iterator[Clinic]:
    opened = _copy(templates["empty"], tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def ana(clinic: Clinic) -> StaffUserOut:
    return next(u for u in clinic.accounts.list_users() if u.username == "ana")


@pytest.fixture
def adult(clinic: Clinic) -> PatientOut:
    return clinic.patients.by_mrn(ADULT_MRN)


@pytest.fixture
def child(clinic: Clinic) -> PatientOut:
    return clinic.patients.by_mrn(CHILD_MRN)


@dataclass
class FakePrompter(Prompter):
    """Answers the controllers' questions from a script, and remembers what was asked."""

    reasons: dict[str, str] | None = None  # None = "measure again"
    clinician_told: bool = True
    reason: str | None = "typed in the wrong field"
    draft_choice: Callable[[list[DraftOffer]], DraftChoice | None] = lambda offers: None
    asked: list[tuple[str, Any]] = field(default_factory=list)

    def confirm_values(self, parent: QWidget, items: list[tuple[str, str, str]]) -> Any:
        self.asked.append(("confirm_values", items))
        if self.reasons is None:
            return None
        return {f: self.reasons.get(f, "re-measured, same result") for f, _, _ in items}

    def confirm_clinician_told(self, parent: QWidget, lines: list[str]) -> bool:
        self.asked.append(("clinician_told", lines))
        return self.clinician_told

    def ask_reason(self, parent: QWidget, title: str, prompt: str, action: str) -> str | None:
        self.asked.append(("reason", title))
        return self.reason

    def offer_drafts(self, parent: QWidget, offers: list[DraftOffer]) -> DraftChoice | None:
        self.asked.append(("drafts", offers))
        return self.draft_choice(offers)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def questions(self, kind: str) -> list[Any]:
        return [what for asked, what in self.asked if asked == kind]


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()


@pytest.fixture
def make_shell(
    qtbot: QtBot, prompter: FakePrompter
) -> Callable[[Clinic], tuple[MainWindow, ShellController]]:
    """A shown main window with its session controller on the given clinic."""

    def build(clinic: Clinic) -> tuple[MainWindow, ShellController]:
        window = MainWindow()
        qtbot.addWidget(window)
        shell = ShellController(window, prompter)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        shell.attach_clinic(clinic)
        return window, shell

    return build
