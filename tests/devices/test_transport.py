"""The replay transport and the one decode path every transport's payloads take."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vitalsdesk.devices.gatt import Characteristic
from vitalsdesk.devices.reading import DeviceReading
from vitalsdesk.devices.transport import (
    MAX_REPLAY_DELAY_S,
    DecodeFailure,
    Notification,
    ReadingEvent,
    ReplayEntry,
    ReplayFileError,
    ReplayTransport,
    Transport,
    parse_replay,
    readings,
    restamped,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "devices" / "sample-replay.json"


def _sample() -> list[ReplayEntry]:
    return parse_replay(json.loads(SAMPLE.read_text(encoding="utf-8")))


def _collect(transport: Transport) -> list[ReadingEvent]:
    async def run() -> list[ReadingEvent]:
        return [event async for event in readings(transport)]

    return asyncio.run(run())


class _Clock:
    """Stands in for asyncio.sleep: records the waits instead of spending them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_the_sample_recording_has_one_reading_of_each_device() -> None:
    events = _collect(ReplayTransport(_sample(), wait=False))
    assert all(isinstance(e, DeviceReading) for e in events)
    readings_ = [e for e in events if isinstance(e, DeviceReading)]
    assert [r.characteristic for r in readings_] == ["2A35", "2A1C", "2A9D", "2A5E"]
    assert [set(r.measurements) for r in readings_] == [
        {"systolic_bp", "diastolic_bp", "heart_rate"},
        {"body_temperature"},
        {"body_weight", "body_height"},
        {"oxygen_saturation", "heart_rate"},
    ]
    assert all(r.taken_at is not None for r in readings_)


def test_recorded_delays_are_honoured() -> None:
    clock = _Clock()
    _collect(ReplayTransport(_sample(), sleep=clock.sleep))
    assert clock.waits == [2.0, 2.0, 2.0]  # the first entry has delay 0: no wait


def test_a_long_delay_is_capped() -> None:
    clock = _Clock()
    entries = parse_replay([{"characteristic": "2A5E", "hex": "00 6100 4800", "delay_s": 600}])
    _collect(ReplayTransport(entries, sleep=clock.sleep))
    assert clock.waits == [float(MAX_REPLAY_DELAY_S)]


def test_no_wait_skips_every_delay() -> None:
    clock = _Clock()
    _collect(ReplayTransport(_sample(), wait=False, sleep=clock.sleep))
    assert clock.waits == []


def test_the_real_sleep_is_used_by_default() -> None:
    entries = parse_replay(
        [{"characteristic": "2A5E", "hex": "00 6100 4800", "delay_s": Decimal("0.2")}]
    )
    loop = asyncio.new_event_loop()
    try:
        start = loop.time()
        events = loop.run_until_complete(_gather(ReplayTransport(entries)))
        assert loop.time() - start >= 0.2
    finally:
        loop.close()
    assert len(events) == 1


async def _gather(transport: Transport) -> list[ReadingEvent]:
    return [event async for event in readings(transport)]


def test_a_payload_that_fails_is_reported_and_the_stream_goes_on() -> None:
    entries = parse_replay(
        [
            {"characteristic": "2A35", "hex": "00 7200 4800 5600"},
            {"characteristic": "2A35", "hex": "04 7200 4800 5600"},  # pulse announced, missing
            {"characteristic": "2A5E", "hex": "00 6100 4800"},
        ]
    )
    events = _collect(ReplayTransport(entries, wait=False))
    assert [type(e) for e in events] == [DeviceReading, DecodeFailure, DeviceReading]
    failure = events[1]
    assert isinstance(failure, DecodeFailure)
    assert "before the pulse rate" in failure.message
    assert failure.notification.payload == bytes.fromhex("04720048005600")


class _ListTransport:
    """Any source of payloads fits the protocol; here, a plain list."""

    def __init__(self, items: list[Notification]) -> None:
        self.items = items

    async def notifications(self) -> AsyncIterator[Notification]:
        for item in self.items:
            yield item


def test_any_transport_goes_through_the_same_decode_path() -> None:
    payload = bytes.fromhex("0061004800")
    events = _collect(
        _ListTransport([Notification(Characteristic.PLX_SPOT_CHECK_MEASUREMENT, payload)])
    )
    [reading] = events
    assert isinstance(reading, DeviceReading)
    assert reading.measurements["oxygen_saturation"].value == 97


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"characteristic": "2A35"}, "JSON list"),
        (["2A35"], "entry 1: not a JSON object"),
        ([{"characteristic": "2A35", "hex": "00", "delay": 1}], "entry 1: unknown keys delay"),
        ([{"characteristic": "2A35"}], "entry 1: hex must be a string"),
        ([{"hex": "00"}], "entry 1: characteristic must be a string"),
        ([{"characteristic": 10805, "hex": "00"}], "characteristic must be a string"),
        ([{"characteristic": "2A37", "hex": "00"}], "entry 1: '2A37' is not a characteristic"),
        ([{"characteristic": "2A35", "hex": "zz"}], "entry 1: the payload is not hexadecimal"),
        ([{"characteristic": "2A35", "hex": ""}], "entry 1: the payload is empty"),
        ([{"characteristic": "2A35", "hex": "00", "delay_s": -1}], "delay_s must be"),
        ([{"characteristic": "2A35", "hex": "00", "delay_s": True}], "delay_s must be"),
        ([{"characteristic": "2A35", "hex": "00", "delay_s": "2"}], "delay_s must be"),
        ([{"characteristic": "2A35", "hex": "00", "delay_s": float("nan")}], "delay_s must be"),
        ([{"characteristic": "2A35", "hex": "00", "delay_s": Decimal("Infinity")}], "delay_s"),
    ],
)
def test_unusable_replay_files_are_refused_before_anything_plays(
    document: Any, message: str
) -> None:
    with pytest.raises(ReplayFileError, match=message):
        parse_replay(document)


def test_an_entry_is_named_by_its_place() -> None:
    good = {"characteristic": "2A35", "hex": "00 7200 4800 5600"}
    with pytest.raises(ReplayFileError, match="entry 3: "):
        parse_replay([good, good, {**good, "hex": "0"}])


def test_delay_may_be_left_out_and_keeps_its_decimals() -> None:
    [first, second] = parse_replay(
        [
            {"characteristic": "2A35", "hex": "00 7200 4800 5600"},
            {"characteristic": "2A35", "hex": "00 7200 4800 5600", "delay_s": 0.25},
        ]
    )
    assert first.delay_s == 0
    assert second.delay_s == Decimal("0.25")


def test_a_restamped_recording_reads_as_just_measured() -> None:
    """For the demo clinic: every time stamp becomes the given time; values are untouched."""
    when = datetime(2027, 1, 2, 3, 4, 5)
    original = _collect(ReplayTransport(_sample(), wait=False))
    again = _collect(ReplayTransport(restamped(_sample(), when), wait=False))
    assert [e.taken_at for e in again if isinstance(e, DeviceReading)] == [when] * 4
    assert [e.measurements for e in again if isinstance(e, DeviceReading)] == [
        e.measurements for e in original if isinstance(e, DeviceReading)
    ]


def test_a_payload_without_a_time_stamp_is_not_restamped() -> None:
    # Temperature flags 0x00: no time stamp; the payload is the FLOAT only.
    entry = ReplayEntry(
        Characteristic.TEMPERATURE_MEASUREMENT, bytes.fromhex("006e0100ff"), Decimal(0)
    )
    assert restamped([entry], datetime(2027, 1, 2, 3, 4, 5)) == [entry]
