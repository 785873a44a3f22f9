"""Save PNGs of VitalsDesk's windows into a folder (run by scripts/screenshots.sh under Xvfb).

Builds the windows the way vitalsdesk.app does (same stylesheet, same reference-range table) on
the real xcb platform, waits until the window is exposed and painted, then grabs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtTest import QTest

from vitalsdesk import app
from vitalsdesk.gui.application import create_application
from vitalsdesk.gui.main_window import MainWindow


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} OUTPUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)

    qapp = create_application(["vitalsdesk"], app.load_stylesheet())
    window = MainWindow(reference_ranges_version=app.reference_ranges_version())
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("the main window was never exposed", file=sys.stderr)
        return 1
    QTest.qWait(300)  # a few event-loop turns so layout and first paint are done

    target = out / "main_window.png"
    if not window.grab().save(str(target)):
        print(f"could not write {target}", file=sys.stderr)
        return 1
    print(f"saved {target} ({window.width()}x{window.height()}, {qapp.platformName()})")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
