"""One VitalsDesk per OS account and clinic: a second start brings the running window forward,
says so in one line and ends with status 0, without opening the clinic a second time; a lock left
by a crashed VitalsDesk does not keep the next one from starting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from vitalsdesk.gui.single_instance import ALREADY_RUNNING, SingleInstance, bring_forward
from vitalsdesk.paths import DATA_DIR_ENV, DATABASE_FILE_NAME

# Both start a Python process (about a second each).
pytestmark = pytest.mark.slow


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The lock and the socket live in the temporary folder (TMPDIR): this test's own."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


# The offscreen platform cannot raise a window; a desktop's does (bring_forward asks for both).
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_second_start_brings_the_running_window_forward_and_ends_with_0(
    qtbot: QtBot, own_temp: Path
) -> None:
    clinic = own_temp / "clinic"
    running = SingleInstance(str(clinic.resolve()))
    assert running.claim()
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    running.activated.connect(lambda: bring_forward(window))
    env = {**os.environ, DATA_DIR_ENV: str(clinic), "TMPDIR": str(own_temp)}
    try:
        with qtbot.waitSignal(running.activated, timeout=30_000):
            second = subprocess.Popen(
                [sys.executable, "-m", "vitalsdesk"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        out, err = second.communicate()
    finally:
        running.release()
    assert (second.returncode, out, err) == (0, ALREADY_RUNNING + "\n", "")
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert not (clinic / DATABASE_FILE_NAME).exists()  # the second start opened nothing


CRASHING = """
import os, sys
from PySide6.QtCore import QCoreApplication
from vitalsdesk.gui.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
assert instance.claim()
os._exit(0)  # like a crash: the lock file and the socket are left behind
"""


def test_a_lock_left_by_a_crash_is_taken_over(own_temp: Path) -> None:
    folder = str((own_temp / "clinic").resolve())
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING, folder], capture_output=True, text=True, check=False
    )
    assert crashed.returncode == 0, crashed.stderr
    assert list(own_temp.glob("vitalsdesk-*.lock"))  # left behind
    instance = SingleInstance(folder)
    try:
        assert instance.claim()
    finally:
        instance.release()
