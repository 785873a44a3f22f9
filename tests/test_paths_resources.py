"""vitalsdesk.paths without dataclasses and importlib.resources: the files it finds are the ones
importlib.resources finds, and a DataFolder is still an immutable value."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from vitalsdesk.paths import DataFolder, resource


@pytest.mark.parametrize(
    "parts", [("style.qss",), ("icons",), ("reference_ranges",), ("handouts",)]
)
def test_a_resource_is_the_file_importlib_resources_finds(parts: tuple[str, ...]) -> None:
    expected = files("vitalsdesk.resources").joinpath(*parts)
    found = resource(*parts)
    assert str(found) == str(expected)
    assert found.is_file() == expected.is_file() and found.is_dir() == expected.is_dir()
    if found.is_file():
        assert found.read_bytes() == expected.read_bytes()


def test_a_resource_never_leaves_the_resources_folder() -> None:
    with pytest.raises(AssertionError):
        resource("..", "pyproject.toml")


def test_a_data_folder_is_an_immutable_value(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path)
    assert folder == DataFolder(tmp_path) and folder != DataFolder(tmp_path / "other")
    assert len({folder, DataFolder(tmp_path)}) == 1
    assert folder.database == tmp_path / "vitalsdesk.sqlite3"
    assert repr(folder) == f"DataFolder(root={tmp_path!r})"
    with pytest.raises(AttributeError):
        folder.root = tmp_path / "other"
