"""Where VitalsDesk keeps its data, and how it finds the files it ships (checkout or wheel alike)."""

from __future__ import annotations

import contextlib
import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "VitalsDesk"
DATA_DIR_ENV = "VITALSDESK_DATA_DIR"


def data_dir() -> Path:
    """The clinic's data folder: VITALSDESK_DATA_DIR, else the platform's user data folder.

    A folder named by VITALSDESK_DATA_DIR that does not exist yet is made here, private to the
    user (0700) like the default one, before anything (the log files) can make it open to all."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
        if not folder.exists():
            with contextlib.suppress(OSError):  # opening the clinic says what is wrong
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                folder.chmod(0o700)  # whatever the umask
        return folder
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
