"""Load the reference-range table: the clinic's copy in its data folder, else the shipped one."""

from __future__ import annotations

from pathlib import Path

from vitalsdesk.clinical.ranges import RangeTable, RangeTableError, parse_range_table
from vitalsdesk.paths import DataFolder, resource


def shipped_table() -> RangeTable:
    node = resource("reference_ranges", "default.toml")
    return parse_range_table(
        node.read_text(encoding="utf-8"), "shipped reference_ranges/default.toml"
    )


def clinic_table_path(folder: Path | None = None) -> Path:
    return (DataFolder(folder) if folder is not None else DataFolder.default()).reference_ranges


def load_reference_ranges(folder: Path | None = None) -> RangeTable:
    """The table in force. A clinic's copy that cannot be read is an error naming the file: the app
    must not silently fall back to other thresholds than the ones the medical director approved."""
    path = clinic_table_path(folder)
    if not path.exists():
        return shipped_table()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RangeTableError(f"{path}: cannot be read: {exc}") from None
    return parse_range_table(text, str(path))
