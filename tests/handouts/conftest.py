from __future__ import annotations

import pytest

from vitalsdesk.handouts.library import HandoutLibrary, load_library


@pytest.fixture(scope="session")
def shipped() -> HandoutLibrary:
    """The shipped templates only (no clinic folder)."""
    return load_library(None)
