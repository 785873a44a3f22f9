"""Start Qt: the QApplication, the stylesheet and the main window.

Called by vitalsdesk.app.launch_gui, which has already worked out everything that needs no Qt
(paths, the reference-range table); this module is where Qt begins.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from vitalsdesk import __version__
from vitalsdesk.gui.main_window import MainWindow


def create_application(argv: list[str], stylesheet: str) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("VitalsDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("vitalsdesk")
    # Fusion draws the same on every OS, so the stylesheet looks the same on every exam-room PC.
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet)
    return app


def run(
    argv: list[str],
    *,
    stylesheet: str,
    reference_ranges_version: str,
    startup_error: str | None = None,
) -> int:
    app = create_application(argv, stylesheet)
    if startup_error is not None:
        # Started from a menu there is no terminal: the MA must see why nothing opened.
        QMessageBox.critical(None, "VitalsDesk cannot start", startup_error)
        return 1
    window = MainWindow(reference_ranges_version=reference_ranges_version)
    window.show()
    return app.exec()
