"""Where a reading goes: the open form only when a patient is open and the reading is fresh."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from vitalsdesk.devices.capture import CLOCK_AHEAD, NO_PATIENT, STALE, Route, route, taken_time

ZONE = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 27, 9, 40, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("device_time", "patient_open", "expected"),
    [
        (datetime(2026, 11, 27, 9, 31), True, Route(True)),
        (datetime(2026, 11, 27, 9, 30), True, Route(True)),  # exactly 10 minutes: still fresh
        (datetime(2026, 11, 27, 9, 29, 59), True, Route(False, STALE)),
        (datetime(2026, 11, 27, 9, 50), True, Route(True)),  # a clock a little ahead
        (datetime(2026, 11, 27, 9, 50, 1), True, Route(False, CLOCK_AHEAD)),
        (None, True, Route(True)),  # no device time: it was taken when it arrived
        (datetime(2026, 11, 27, 9, 39), False, Route(False, NO_PATIENT)),
        (datetime(2026, 11, 26, 9, 39), False, Route(False, STALE)),
    ],
)
def test_route(device_time: datetime | None, patient_open: bool, expected: Route) -> None:
    assert route(device_time, NOW, NOW, patient_open=patient_open) == expected


def test_a_device_time_is_read_as_the_local_time_of_the_pc() -> None:
    taken = taken_time(datetime(2026, 11, 27, 9, 31), NOW)
    assert taken == datetime(2026, 11, 27, 9, 31, tzinfo=ZONE)
    assert taken_time(None, NOW) == NOW
