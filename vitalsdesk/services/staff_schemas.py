"""What the staff accounts' use cases return (services/schemas.py re-exports them).

Apart from the other models so that signing in, which the app makes work as soon as its records
are open, imports neither the vital-sign sets' models nor the clinical modules behind them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    """What every model a service returns is built on: frozen, read from a row's attributes."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class StaffUserOut(Out):
    id: int
    username: str
    display_name: str
    role: str
    active: bool


class StaffAccountOut(StaffUserOut):
    """A staff account as the administrator's page lists it: with its lock-out state."""

    failed_sign_ins: int
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now
