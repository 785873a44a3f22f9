"""Logging to a rotating file in the clinic's log folder, and crash reports without PHI.

House rule: no log line carries a name, MRN, birth date or vital value. Code logs ids and what
happened; exception messages can hold patient data (a rejected value, an MRN), so an unexpected
crash is written as its type and stack only, never its message or local variables.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "vitalsdesk.log"


def log_dir() -> Path:
    """VITALSDESK_DATA_DIR/logs when the data folder is overridden, else the platform's log folder."""
    if os.environ.get("VITALSDESK_DATA_DIR"):
        from vitalsdesk.paths import DataFolder

        return DataFolder.default().logs  # data_dir() makes the folder private first
    return _platform_log_dir()


def _platform_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("VitalsDesk", appauthor=False))


def _usable_log_dir() -> Path:
    """log_dir(), or the platform's log folder when that one cannot be made or written (a
    read-only data folder still opens for reading, and must not stop at its log)."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    fallback = _platform_log_dir()
    fallback.mkdir(parents=True, exist_ok=True, mode=0o700)
    return fallback


def configure_logging(level: int = logging.INFO) -> Path:
    """Log to the rotating file; when no log folder can be written at all (a read-only PC),
    the work goes on without a log file rather than not at all."""
    root = logging.getLogger()
    try:
        folder = _usable_log_dir()
    except OSError:
        folder = log_dir()
    path = folder / LOG_FILE_NAME
    if os.access(folder, os.W_OK):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
            root.addHandler(handler)
    root.setLevel(level)
    # SQL and its parameters would carry patient data: never below WARNING, whatever the level.
    for noisy in ("sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return path


def scrubbed_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """Type and stack of a crash: file, line and function of each frame, no message, no locals."""
    frames = traceback.extract_tb(tb)
    lines = [
        f"VitalsDesk crash at {datetime.now(UTC).isoformat()}: {kind.__module__}.{kind.__qualname__}"
    ]
    lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    lines.append("(the error message is left out: it may hold patient data)")
    return "\n".join(lines)


def write_crash_report(kind: type[BaseException], tb: TracebackType | None) -> Path:
    folder = _usable_log_dir()
    path = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.txt"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(scrubbed_report(kind, tb) + "\n")
    return path


def install_crash_handler() -> None:
    """Unexpected errors: a scrubbed report in the log folder and one line for the user."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        try:
            path = write_crash_report(kind, tb)
            where = f" A report (without patient data) is in {path}."
        except OSError:
            where = ""
        logging.getLogger("vitalsdesk").error("unexpected %s", kind.__qualname__)
        print(
            f"VitalsDesk stopped because of an unexpected error ({kind.__qualname__}).{where}",
            file=sys.stderr,
        )

    sys.excepthook = hook
