"""Print, as JSON, what a screen reader finds in an application through AT-SPI.

Runs with Debian's /usr/bin/python3 (python3-pyatspi is built for it, not for the venv):

    /usr/bin/python3 tests/gui/atspi_reader.py APP_NAME

Prints one JSON list of the showing objects of the application's windows: role, name,
description, states and, for a combo box, its value (the selected item of its list, which is how
Orca reads it). Tables and lists are not walked into (their cells are data, and each call is a
D-Bus round trip), except a combo box's list.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]

NOT_WALKED = {"table", "tree table", "list", "tree", "page tab list", "scroll bar"}


def find_app(name: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no application named {name!r} on the accessibility bus")


def combo_value(combo: Any) -> str:
    for child in combo:
        if child is not None and child.getRoleName() in ("list", "menu"):
            for item in child:
                if item is not None and item.getState().contains(pyatspi.STATE_SELECTED):
                    return str(item.name)
    return ""


def walk(node: Any, path: str, out: list[dict[str, Any]]) -> None:
    states = node.getState()
    role = node.getRoleName()
    entry: dict[str, Any] = {
        "role": role,
        "name": node.name,
        "description": node.description,
        "path": path,
        "states": sorted(pyatspi.stateToString(s) for s in states.getStates()),
    }
    if role == "combo box":
        entry["value"] = combo_value(node)
    out.append(entry)
    if role in NOT_WALKED or role == "combo box":
        return
    for child in node:
        if child is None or not child.getState().contains(pyatspi.STATE_SHOWING):
            continue
        walk(child, f"{path}/{role}", out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} APP_NAME", file=sys.stderr)
        return 2
    app = find_app(argv[1])
    out: list[dict[str, Any]] = []
    for window in app:
        if window is not None and window.getState().contains(pyatspi.STATE_SHOWING):
            walk(window, "", out)
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
