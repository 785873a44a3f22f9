"""Where VitalsDesk keeps its data, and how it finds the files it ships (checkout or wheel alike)."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "VitalsDesk"
DATA_DIR_ENV = "VITALSDESK_DATA_DIR"


def data_dir() -> Path:
    """The clinic's data folder: VITALSDESK_DATA_DIR, else the platform's user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: keeps `vitalsdesk check` and start-up lean

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resource(*parts: str) -> Traversable:
    """A file shipped in resources/ (package vitalsdesk.resources); never outside it."""
    for part in parts:
        assert part not in ("", ".", "..") and "/" not in part and "\\" not in part, part
    node = files("vitalsdesk.resources")
    for part in parts:
        node = node / part
    return node


def ui_form(name: str) -> Traversable:
    assert "/" not in name and ".." not in name, name
    return files("vitalsdesk.ui") / name
