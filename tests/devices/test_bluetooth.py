"""The Bluetooth transport's logic that needs no radio: which service means which
characteristic, the notification callback path into the decoders, and the reconnect policy.
Recorded payloads (the replay transport's sample) go through the same calls bleak makes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from vitalsdesk.devices.bluetooth import (
    SCAN_UUIDS,
    GaveUp,
    NotificationSink,
    ReconnectPolicy,
    characteristics_of,
    full_uuid,
    keep_connected,
    kind_of,
    kinds_of,
    short_uuid,
    text_value,
)
from vitalsdesk.devices.gatt import Characteristic
from vitalsdesk.devices.reading import DeviceReading
from vitalsdesk.devices.transport import (
    ReadingEvent,
    ReplayEntry,
    ReplayTransport,
    parse_replay,
    readings,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "devices" / "sample-replay.json"


def _sample() -> list[ReplayEntry]:
    return parse_replay(json.loads(SAMPLE.read_text(encoding="utf-8")))


def test_the_scan_asks_for_the_four_health_services() -> None:
    assert [short_uuid(u) for u in SCAN_UUIDS] == [0x1810, 0x1809, 0x181D, 0x1822]
    assert full_uuid(0x2A35) == "00002a35-0000-1000-8000-00805f9b34fb"


@pytest.mark.parametrize(
    ("advertised", "expected", "kind"),
    [
        (["00001810-0000-1000-8000-00805F9B34FB"], [0x2A35], "blood pressure cuff"),
        (["0000180a-0000-1000-8000-00805f9b34fb", full_uuid(0x1809)], [0x2A1C], "thermometer"),
        ([full_uuid(0x181D)], [0x2A9D], "scale"),
        ([full_uuid(0x1822), full_uuid(0x180F)], [0x2A5E], "pulse oximeter"),
        ([full_uuid(0x1822), full_uuid(0x1810)], [0x2A35, 0x2A5E], "health device"),
        (["0000180d-0000-1000-8000-00805f9b34fb", "not-a-uuid"], [], "health device"),
        # A vendor's own 128-bit UUID that merely contains 1810 is not the SIG service.
        (["12341810-0000-1000-8000-00805f9b34fb"], [], "health device"),
    ],
)
def test_advertised_services_map_to_the_characteristic_they_send(
    advertised: list[str], expected: list[int], kind: str
) -> None:
    found = characteristics_of(advertised)
    assert [c.value for c in found] == expected
    assert kind_of(found) == kind
    assert kind_of(iter(found)) == kind  # a generator is read once, not once per service


def test_a_kit_names_every_kind_it_measures() -> None:
    kit = (c for c in Characteristic)  # a generator, as the Devices page passes it
    assert kinds_of(kit) == ["blood pressure cuff", "thermometer", "scale", "pulse oximeter"]


def test_device_information_strings_are_trimmed_and_empty_is_none() -> None:
    assert text_value(bytearray(b"UA-651BLE\x00\x00")) == "UA-651BLE"
    assert text_value(b"  SN 0042 ") == "SN 0042"
    assert text_value(b"\x00\x00") is None
    assert text_value(None) is None
    assert text_value(b"\xffbad") == "\ufffdbad"  # not UTF-8: shown, never a crash


def _through_sink(
    entries: list[ReplayEntry], extra_uuid: str | None = None
) -> tuple[list[ReadingEvent], NotificationSink]:
    """Each payload as bleak hands it over: the characteristic's full UUID (upper case, as
    some platforms give it) and a bytearray, into the sink the callback feeds."""

    async def run() -> tuple[list[ReadingEvent], NotificationSink]:
        sink = NotificationSink()
        for entry in entries:
            sink.deliver(full_uuid(entry.characteristic.value).upper(), bytearray(entry.payload))
        if extra_uuid is not None:
            sink.deliver(extra_uuid, bytearray(b"\x00\x01"))
        sink.close()
        return [event async for event in readings(sink)], sink

    return asyncio.run(run())


def test_the_callback_path_gives_the_same_readings_as_the_replay() -> None:
    entries = _sample()

    async def replayed() -> list[ReadingEvent]:
        return [e async for e in readings(ReplayTransport(entries, wait=False))]

    expected = asyncio.run(replayed())
    got, sink = _through_sink(entries)
    assert got == expected
    assert [e.characteristic for e in got if isinstance(e, DeviceReading)] == [
        "2A35",
        "2A1C",
        "2A9D",
        "2A5E",
    ]
    assert sink.dropped == []


def test_a_payload_from_a_characteristic_we_do_not_read_is_dropped_not_decoded() -> None:
    battery_level = full_uuid(0x2A19)
    got, sink = _through_sink(_sample()[:1], extra_uuid=battery_level)
    assert len(got) == 1 and isinstance(got[0], DeviceReading)
    assert sink.dropped == [battery_level]


def test_the_policy_waits_longer_after_each_failure_and_starts_again_after_a_success() -> None:
    policy = ReconnectPolicy(after_disconnect_s=1, first_retry_s=2, longest_s=10)
    assert [policy.failed() for _ in range(5)] == [2, 4, 8, 10, 10]
    assert policy.succeeded() == 1
    assert policy.failed() == 2


class _Clock:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_keep_connected_reconnects_after_drops_and_failures_and_loses_no_reading() -> None:
    """Session by session, as a real cuff and thermometer behave: connect, send, drop the link;
    in between the device is out of range twice."""
    entries = _sample()
    clock = _Clock()

    async def run() -> list[ReadingEvent]:
        sink = NotificationSink()
        stop = asyncio.Event()
        script: list[ReplayEntry | Exception] = [
            entries[0],
            OSError("out of range"),
            TimeoutError(),
            entries[1],
        ]

        async def session() -> None:
            step = script.pop(0)
            if isinstance(step, Exception):
                raise step
            sink.deliver(full_uuid(step.characteristic.value), bytearray(step.payload))
            if not script:
                stop.set()

        await keep_connected(session, ReconnectPolicy(), sleep=clock.sleep, stop=stop)
        sink.close()
        return [e async for e in readings(sink)]

    got = asyncio.run(run())
    assert [e.characteristic for e in got if isinstance(e, DeviceReading)] == ["2A35", "2A1C"]
    assert clock.waits == [1.0, 2.0, 4.0]


def test_keep_connected_gives_up_when_the_policy_says_so() -> None:
    clock = _Clock()
    calls = 0

    async def session() -> None:
        nonlocal calls
        calls += 1
        raise OSError("no adapter")

    with pytest.raises(GaveUp, match="3 failed") as info:
        asyncio.run(keep_connected(session, ReconnectPolicy(attempts_left=3), sleep=clock.sleep))
    assert calls == 3
    assert isinstance(info.value.__cause__, OSError)
    assert clock.waits == [2.0, 4.0]


def test_the_characteristic_names_match_the_gatt_ones() -> None:
    assert {c.value for c in Characteristic} == {0x2A35, 0x2A1C, 0x2A9D, 0x2A5E}
