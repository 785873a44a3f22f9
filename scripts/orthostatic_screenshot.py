"""Save a PNG of the vitals form taking an orthostatic set (lying, then standing at 1 and
3 minutes), at the size given: `orthostatic_screenshot.py OUTPUT_DIR [WIDTHxHEIGHT]`. Uses the
sample clinic of take_screenshots.py (beside this script) and drives the form by keyboard; the
picture is reduced to 256 colours like the other screenshots.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import take_screenshots as shots  # beside this script
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from vitalsdesk import app
from vitalsdesk.clinic import open_clinic
from vitalsdesk.gui.application import create_application
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController

NAME = "vitals_orthostatic.png"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(f"usage: {argv[0]} OUTPUT_DIR [WIDTHxHEIGHT]", file=sys.stderr)
        return 2
    size = shots.parse_size(argv[2]) if len(argv) == 3 else shots.DEFAULT_SIZE
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("VITALSDESK_DB_KEY", secrets.token_hex(32))
    with tempfile.TemporaryDirectory(prefix="vitalsdesk-screens-") as tmp:
        qapp = create_application(["vitalsdesk"], app.load_stylesheet())
        clinic = open_clinic(Path(tmp) / "screens")
        try:
            maria = shots.seed(clinic)
            window = MainWindow()
            shell = ShellController(window)
            window.resize(*size)
            window.show()
            QTest.qWaitForWindowExposed(window, 10_000)
            window.activateWindow()
            shell.attach_clinic(clinic)
            sign_in = shell.sign_in_view.ui
            shots.keys(sign_in.userNameEdit, "ana")
            sign_in.passwordEdit.setFocus()
            shots.keys(sign_in.passwordEdit, shots.PASSWORD, enter=True)
            assert shell.search is not None
            shots.keys(shell.search.search.ui.findEdit, maria.mrn, enter=True)
            assert shell.page is not None
            form = shell.page.form
            bp = form.bp_readings
            # The window is active only once the event loop has run (focusWidget() was None).
            QTest.qWait(300)
            shell.page.form_view.ui.systolicEdit.setFocus()

            def typed(text: str, enter: bool = True) -> None:
                widget = qapp.focusWidget()
                assert widget is not None
                shots.keys(widget, text, enter=enter)

            start = qapp.focusWidget()
            assert start is not None
            QTest.keyClick(start, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
            typed("138/84")
            typed("72")  # Enter in the lying pulse: the patient stands up
            bp.stood_seconds = 59
            bp.tick()
            typed("118/76")
            typed("94", enter=False)
            bp.stood_seconds = 179
            bp.tick()  # the 3-minute mark: the form moves on to the last row
            typed("114/74")
            typed("98", enter=False)
            QTest.qWait(300)
            shots.save(window, out, NAME)
            target = out / NAME
            Image.open(target).convert("RGB").quantize(256).save(target, optimize=True)
            window.close()
        finally:
            clinic.close()
    qapp.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
