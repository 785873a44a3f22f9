"""Where device payloads come from, behind one small interface.

A `Transport` yields `Notification`s (which characteristic, the raw payload) as they arrive, and
`readings` sends every one through `gatt.decode`, so a recorded replay and a live link give the
same readings by the same path. Only the replay transport exists. A Bluetooth transport (bleak)
is to implement the same protocol: its notification callback puts each payload on an
asyncio.Queue that its `notifications` drains.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from vitalsdesk.devices.gatt import Characteristic, decode, parse_characteristic, parse_payload
from vitalsdesk.devices.reading import DecodeError, DeviceReading

# A recorded gap longer than this is replayed as this: a replay demonstrates the flow, it is not
# a reason to sit and wait (a file with a typo of 600 for 6.00 would hang a demo for minutes).
MAX_REPLAY_DELAY_S = Decimal(10)


@dataclass(frozen=True)
class Notification:
    characteristic: Characteristic
    payload: bytes


class Transport(Protocol):
    """A source of device payloads, in the order they arrive."""

    def notifications(self) -> AsyncIterator[Notification]: ...


@dataclass(frozen=True)
class DecodeFailure:
    """A payload that arrived but could not be decoded; the stream goes on."""

    notification: Notification
    message: str


ReadingEvent = DeviceReading | DecodeFailure


async def readings(transport: Transport) -> AsyncIterator[ReadingEvent]:
    """Every payload of the transport, decoded, as it arrives."""
    async for _notification, event in received(transport):
        yield event


async def received(transport: Transport) -> AsyncIterator[tuple[Notification, ReadingEvent]]:
    """Every payload with what it decodes to: the raw payload is the reading's provenance."""
    async for notification in transport.notifications():
        try:
            event: ReadingEvent = decode(notification.characteristic, notification.payload)
        except DecodeError as exc:
            event = DecodeFailure(notification, str(exc))
        yield notification, event


# --- replay -----------------------------------------------------------------------------------


class ReplayFileError(ValueError):
    """A replay file that cannot be used: one line naming the entry."""


@dataclass(frozen=True)
class ReplayEntry:
    characteristic: Characteristic
    payload: bytes
    delay_s: Decimal  # the wait before this payload, as recorded


_ENTRY_KEYS = {"characteristic", "hex", "delay_s"}


def parse_replay(document: Any) -> list[ReplayEntry]:
    """A replay file's JSON: a list of {"characteristic": "2A35", "hex": "...", "delay_s": 1.5}
    (delay_s may be left out: no wait). Every entry is checked before anything is replayed."""
    if not isinstance(document, list):
        raise ReplayFileError(
            'a replay file is a JSON list of {"characteristic", "hex", "delay_s"} objects'
        )
    entries: list[ReplayEntry] = []
    for number, item in enumerate(document, start=1):
        where = f"entry {number}"
        if not isinstance(item, dict):
            raise ReplayFileError(f"{where}: not a JSON object")
        unknown = sorted(set(item) - _ENTRY_KEYS)
        if unknown:
            raise ReplayFileError(f"{where}: unknown keys {', '.join(unknown)}")
        for key in ("characteristic", "hex"):
            if not isinstance(item.get(key), str):
                raise ReplayFileError(f"{where}: {key} must be a string")
        try:
            characteristic = parse_characteristic(item["characteristic"])
            payload = parse_payload(item["hex"])
        except DecodeError as exc:
            raise ReplayFileError(f"{where}: {exc}") from None
        entries.append(ReplayEntry(characteristic, payload, _delay(item.get("delay_s", 0), where)))
    return entries


def _delay(value: Any, where: str) -> Decimal:
    problem = f"{where}: delay_s must be a number of seconds, 0 or more"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ReplayFileError(problem)
    if isinstance(value, float) and not math.isfinite(value):
        raise ReplayFileError(problem)
    try:
        delay = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ReplayFileError(problem) from None
    if not delay.is_finite() or delay < 0:
        raise ReplayFileError(problem)
    return delay


# Where each characteristic's Date Time field starts when its flag bit is set: after the flags
# and the fields the specification puts before it (BP: 3 SFLOATs; temperature: a FLOAT; weight: a
# uint16; PLX spot check: 2 SFLOATs).
_TIME_STAMP_AT = {
    Characteristic.BLOOD_PRESSURE_MEASUREMENT: (0x02, 7),
    Characteristic.TEMPERATURE_MEASUREMENT: (0x02, 5),
    Characteristic.WEIGHT_MEASUREMENT: (0x02, 3),
    Characteristic.PLX_SPOT_CHECK_MEASUREMENT: (0x01, 5),
}


def restamped(entries: Sequence[ReplayEntry], when: datetime) -> list[ReplayEntry]:
    """The recording with every time stamp set to `when` (local time, no zone), as if the
    devices had just measured: for a demonstration, never for a real reading. A payload
    without a time stamp, or too short to hold one, is left as it is."""
    stamp = when.year.to_bytes(2, "little") + bytes(
        [when.month, when.day, when.hour, when.minute, when.second]
    )
    out = []
    for entry in entries:
        bit, at = _TIME_STAMP_AT[entry.characteristic]
        payload = entry.payload
        if payload and payload[0] & bit and len(payload) >= at + len(stamp):
            payload = payload[:at] + stamp + payload[at + len(stamp) :]
        out.append(ReplayEntry(entry.characteristic, payload, entry.delay_s))
    return out


class ReplayTransport:
    """Recorded payloads, each after its recorded delay (capped), or at once with wait=False."""

    def __init__(
        self,
        entries: Sequence[ReplayEntry],
        *,
        wait: bool = True,
        max_delay_s: Decimal = MAX_REPLAY_DELAY_S,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.entries = list(entries)
        self.wait = wait
        self.max_delay_s = max_delay_s
        self._sleep = sleep

    def wait_before(self, entry: ReplayEntry) -> float:
        """Seconds to wait before this entry's payload."""
        if not self.wait:
            return 0.0
        return float(min(entry.delay_s, self.max_delay_s))

    async def notifications(self) -> AsyncIterator[Notification]:
        for entry in self.entries:
            seconds = self.wait_before(entry)
            if seconds > 0:
                await self._sleep(seconds)
            yield Notification(entry.characteristic, entry.payload)
