"""The Date Time (0x2A08) time stamp the four characteristics share."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.devices.payloads import BP, read
from vitalsdesk.devices.reading import DeviceReading


def _with_time(stamp: str) -> DeviceReading:
    return read(BP, f"02 7200 4800 5600 {stamp}")


def test_a_time_stamp_is_the_device_clock_without_a_zone() -> None:
    reading = _with_time("e907 0c 1f 17 3b 3b")  # 2025-12-31 23:59:59
    assert reading.taken_at == datetime(2025, 12, 31, 23, 59, 59)
    assert reading.taken_at is not None and reading.taken_at.tzinfo is None


@pytest.mark.parametrize(
    "stamp",
    [
        "0000 0b 1b 09 1e 00",  # year 0: not known
        "ea07 00 1b 09 1e 00",  # month 0: not known
        "ea07 0b 00 09 1e 00",  # day 0: not known
    ],
)
def test_a_date_the_device_did_not_know_leaves_taken_at_empty(stamp: str) -> None:
    reading = _with_time(stamp)
    assert reading.taken_at is None
    assert reading.status == ("the device did not know the date",)
    assert "systolic_bp" in reading.measurements  # the reading itself is kept


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("ea07 02 1e 09 1e 00", "2026-02-30 09:30:00"),
        ("ea07 0d 01 09 1e 00", "2026-13-01 09:30:00"),
        ("ea07 0b 1b 18 00 00", "2026-11-27 24:00:00"),
        ("ea07 0b 1b 09 3c 00", "2026-11-27 09:60:00"),
        ("ea07 0b 1b 09 1e 3c", "2026-11-27 09:30:60"),
        ("2d06 0b 1b 09 1e 00", "1581-11-27 09:30:00"),  # before 1582, not allowed
        ("1027 01 01 00 00 00", "10000-01-01 00:00:00"),
    ],
)
def test_a_time_stamp_that_is_not_a_real_time_is_said_not_guessed(stamp: str, shown: str) -> None:
    reading = _with_time(stamp)
    assert reading.taken_at is None
    assert reading.status == (f"the device's time stamp is not a real date and time ({shown})",)
