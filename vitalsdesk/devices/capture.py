"""Where a device reading goes when it arrives: into the open patient's form, or the waiting list.

A reading fills the form only when a patient is open and it is fresh: taken (by the device's own
clock, else when it arrived) at most 10 minutes ago and not more than 10 minutes ahead of the PC.
Everything else waits in the "unassigned readings" list until the MA attaches it to a patient or
discards it: a reading is never attached to anyone without the MA.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Older than this, a reading may be from the patient before: the MA decides.
STALE_AFTER = timedelta(minutes=10)
# A device clock this far ahead of the PC is wrong; its reading's age is unknown.
AHEAD_LIMIT = timedelta(minutes=10)

NO_PATIENT = "no patient was open"
STALE = "taken more than 10 minutes ago"
CLOCK_AHEAD = "the device clock is ahead of this PC"


@dataclass(frozen=True)
class Route:
    fill: bool  # into the open form
    reason: str | None = None  # why it waits (None when it fills)


def taken_time(device_time: datetime | None, received_at: datetime) -> datetime:
    """When the reading was taken, as an aware time: the device's clock read as local time of the
    PC (devices send no zone), else the time it arrived."""
    if device_time is None:
        return received_at
    if device_time.tzinfo is None:
        return device_time.replace(tzinfo=received_at.tzinfo).astimezone(received_at.tzinfo)
    return device_time


def route(
    device_time: datetime | None, received_at: datetime, now: datetime, *, patient_open: bool
) -> Route:
    """Fill the open form, or wait (with the reason said to the MA). Times are aware; a naive
    device_time is the PC's local time of `received_at`."""
    taken = taken_time(device_time, received_at)
    if taken - now > AHEAD_LIMIT:
        return Route(False, CLOCK_AHEAD)
    if now - taken > STALE_AFTER:
        return Route(False, STALE)
    if not patient_open:
        return Route(False, NO_PATIENT)
    return Route(True)
