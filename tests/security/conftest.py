"""Fixtures of the security regression tests: a PC with no keyring, and tampering helpers."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from vitalsdesk.db.encryption import KEY_ENV, PASSPHRASE_ENV


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A kiosk PC: no keyring, and no key or passphrase in the environment."""
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)
