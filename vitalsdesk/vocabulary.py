"""The words every layer shares, kept once: staff roles, the languages a patient's papers come
in, and the rule for a staff user name. Pure (no imports from the package), so every layer may use
it; the administrative sexes belong to the clinical core (clinical.measurements.AdministrativeSex).
"""

from __future__ import annotations

from typing import Literal

Role = Literal["assistant", "clinician", "admin"]
ROLES: tuple[Role, ...] = ("assistant", "clinician", "admin")
# Everyone who records vital signs and works with patients (every staff role).
STAFF_ROLES: tuple[Role, ...] = ROLES
ADMIN_ROLES: tuple[Role, ...] = ("admin",)

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")

USERNAME_MAX = 64
USERNAME_RULE = f"A user name uses letters, digits, dot, dash or underscore (up to {USERNAME_MAX})."


def normalized_username(text: str) -> str | None:
    """The user name as kept (trimmed, lower case), or None when it breaks USERNAME_RULE."""
    name = text.strip().lower()
    if not name or len(name) > USERNAME_MAX or not all(c.isalnum() or c in "._-" for c in name):
        return None
    return name
