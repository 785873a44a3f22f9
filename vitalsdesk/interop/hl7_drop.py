"""Hand an HL7 v2 message to an interface engine that polls a folder: one `.hl7` file a message.

The file appears whole or not at all: it is written under a hidden temporary name the engine does
not pick up (a leading dot, no `.hl7` ending), synced, then renamed to `<control id>.hl7`. Writing
the same message again (a resend after a crash) replaces the file with the same bytes under the
same name, so the engine never sees two files for one message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

SUFFIX = ".hl7"


def drop_message(folder: Path, control_id: str, message: str) -> Path:
    """Write `message` (segments ending in a carriage return) as <folder>/<control_id>.hl7.

    Raises OSError when the folder is missing or cannot be written (the caller retries)."""
    if not control_id or "/" in control_id or "\\" in control_id or control_id.startswith("."):
        raise ValueError(f"not a usable file name: {control_id!r}")
    target = folder / f"{control_id}{SUFFIX}"
    fd, temp = tempfile.mkstemp(prefix=f".{control_id}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handle to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
