"""Inside a private D-Bus session: start the accessibility bus, run VitalsDesk under Xvfb with Qt's
AT-SPI bridge on, and read its accessibility tree at each screen with pyatspi.

    dbus-run-session -- .venv/bin/python tests/gui/atspi_session.py CLINIC_DIR OUT_JSON

Writes one JSON object to OUT_JSON (stdout is shared with the D-Bus services it starts): {screen
name: [objects read by tests/gui/atspi_reader.py]}. The app runs
in this (venv) Python; the reader in Debian's /usr/bin/python3, where python3-pyatspi lives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"
APP_NAME = "VitalsDesk"
SCREENS = ["start", "saved", "form", "orthostatic", "history", "handout", "critical", "locked"]


def start_accessibility_bus() -> None:
    """Qt looks for the bus once, at start: ask for its address so D-Bus starts it first."""
    subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.a11y.Bus",
            "/org/a11y/bus",
            "org.a11y.Bus.GetAddress",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )


def read_tree() -> list[dict[str, Any]]:
    """The app's accessible tree, as the reader (Debian's pyatspi) sees it.

    On a loaded 2-core machine the reader sometimes dies in libatspi (SIGTRAP: a GLib error
    raised when a D-Bus call to the app times out while the app is still laying out); the
    tree is read again then, up to three times, and the last failure is raised with its
    output."""
    for attempt in range(3):
        result = subprocess.run(
            [SYSTEM_PYTHON, str(READER), APP_NAME],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode == 0:
            tree: list[dict[str, Any]] = json.loads(result.stdout)
            return tree
        if attempt < 2:
            time.sleep(1 + attempt)
    raise subprocess.CalledProcessError(
        result.returncode, result.args, output=result.stdout, stderr=result.stderr
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} CLINIC_DIR OUT_JSON", file=sys.stderr)
        return 2
    start_accessibility_bus()
    env = dict(os.environ)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(
        QT_QPA_PLATFORM="xcb",
        QT_ACCESSIBILITY="1",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        PYTHONPATH=str(ROOT),
    )
    app = subprocess.Popen(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1366x768x24",
            sys.executable,
            "-m",
            "tests.gui.atspi_app",
            argv[1],
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdin is not None and app.stdout is not None
    trees: dict[str, list[dict[str, Any]]] = {}
    try:
        for line in app.stdout:
            if not line.startswith("STATE "):
                continue
            screen = line.split(maxsplit=1)[1].strip()
            trees[screen] = read_tree()
            if screen == SCREENS[-1]:
                break
            app.stdin.write("next\n")
            app.stdin.flush()
        app.stdin.close()  # the app ends at the end of its input
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    Path(argv[2]).write_text(json.dumps(trees, ensure_ascii=False), encoding="utf-8")
    return 0 if set(trees) == set(SCREENS) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
