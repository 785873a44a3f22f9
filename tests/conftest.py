# Must run before pytest-qt creates the QApplication: without a display and without this, Qt's
# xcb plugin aborts the whole session (docs/platform.md, "No display").
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The embedded database is encrypted; the test run has no OS keyring, so its key comes from the
# environment (tests of the keyring and passphrase paths remove it).
os.environ.setdefault("VITALSDESK_DB_KEY", "5ec0" * 16)
# A machine-wide settings file on the PC running the tests (/etc/vitalsdesk) must not send them
# to its clinic's folder; tests of that file name their own.
os.environ.setdefault("VITALSDESK_MACHINE_SETTINGS", "/nonexistent/vitalsdesk-tests/settings.toml")

from pathlib import Path

import pytest

pytest_plugins = ("tests.fixtures_db",)

GUI_TESTS = Path(__file__).parent / "gui"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Qt as `gui`, so `-m "not gui"` is the fast loop."""
    for item in items:
        uses_qtbot = "qtbot" in getattr(item, "fixturenames", ())
        if uses_qtbot or item.path.is_relative_to(GUI_TESTS):
            item.add_marker(pytest.mark.gui)
