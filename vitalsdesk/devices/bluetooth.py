"""The Bluetooth LE transport (bleak): scan, connect and pair, read who the device is, and
subscribe to its measurement characteristic.

Only the last step touches the radio. Everything around it is plain code that the tests run with
recorded payloads through the same path a live link takes:
- which service a device advertises says which characteristic it sends (`SERVICES`);
- the notification callback hands each payload to a `NotificationSink`, whose
  `notifications()` makes it a `Transport` like the replay one (`transport.readings` decodes);
- `keep_connected` is the reconnect policy: a health device connects to send its readings and
  then drops the link (a cuff disconnects after each measurement), so a lost link is normal, and
  a failed connection is tried again after a growing wait.

NOT TESTED AGAINST HARDWARE: no device was in reach when this was written. The bleak calls follow
bleak's documented API (BleakScanner.discover, BleakClient, start_notify, read_gatt_char, pair);
how real devices behave (bonding prompts, which ones need pairing, clocks) is unknown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from vitalsdesk.devices.gatt import Characteristic, parse_characteristic
from vitalsdesk.devices.reading import DecodeError
from vitalsdesk.devices.transport import Notification

log = logging.getLogger(__name__)

BASE_UUID_TAIL = "-0000-1000-8000-00805f9b34fb"


def full_uuid(short: int) -> str:
    """A 16-bit SIG number as the 128-bit UUID Bluetooth stacks use: 0x1810 ->
    "00001810-0000-1000-8000-00805f9b34fb"."""
    return f"0000{short:04x}{BASE_UUID_TAIL}"


def short_uuid(text: str) -> int | None:
    """The 16-bit number of a UUID inside the Bluetooth base UUID (any case), else None."""
    cleaned = text.strip().lower()
    if len(cleaned) == 36 and cleaned.startswith("0000") and cleaned.endswith(BASE_UUID_TAIL):
        try:
            return int(cleaned[4:8], 16)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class HealthService:
    uuid16: int
    name: str
    kind: str  # what the MA calls the device
    characteristic: Characteristic


# The four SIG health services and the measurement each sends (GATT assigned numbers).
SERVICES: tuple[HealthService, ...] = (
    HealthService(0x1810, "Blood Pressure", "blood pressure cuff", Characteristic(0x2A35)),
    HealthService(0x1809, "Health Thermometer", "thermometer", Characteristic(0x2A1C)),
    HealthService(0x181D, "Weight Scale", "scale", Characteristic(0x2A9D)),
    HealthService(0x1822, "Pulse Oximeter", "pulse oximeter", Characteristic(0x2A5E)),
)
SCAN_UUIDS: tuple[str, ...] = tuple(full_uuid(s.uuid16) for s in SERVICES)

# Device Information service (0x180A) and the strings read from it; the name is the GAP one.
DEVICE_INFORMATION = 0x180A
DEVICE_NAME = 0x2A00
MANUFACTURER_NAME = 0x2A29
MODEL_NUMBER = 0x2A24
SERIAL_NUMBER = 0x2A25


def services_of(advertised: Iterable[str]) -> list[HealthService]:
    """The health services among the UUIDs a device advertises, in our order."""
    numbers = {short_uuid(u) for u in advertised}
    return [s for s in SERVICES if s.uuid16 in numbers]


def characteristics_of(advertised: Iterable[str]) -> list[Characteristic]:
    return [s.characteristic for s in services_of(advertised)]


def kind_of(characteristics: Iterable[Characteristic]) -> str:
    """ "blood pressure cuff", or "health device" when it is none or several of ours."""
    kinds = kinds_of(characteristics)
    return kinds[0] if len(kinds) == 1 else "health device"


def kinds_of(characteristics: Iterable[Characteristic]) -> list[str]:
    """What each measured characteristic's device is, in our order: ["scale", ...]."""
    wanted = set(characteristics)  # read once: it may be a generator
    return [s.kind for s in SERVICES if s.characteristic in wanted]


@dataclass(frozen=True)
class FoundDevice:
    """A device seen by a scan: its address, the name it advertises, what it measures."""

    address: str
    name: str
    characteristics: tuple[Characteristic, ...]
    rssi: int | None = None


@dataclass(frozen=True)
class DeviceInformation:
    """Who a device says it is (Device Information service); None where it does not say."""

    name: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    serial: str | None = None


def text_value(raw: bytes | bytearray | None) -> str | None:
    """A UTF-8 string characteristic as text: NUL padding and blanks trimmed, empty is None."""
    if raw is None:
        return None
    text = bytes(raw).split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()
    return text or None


# --- the callback path ------------------------------------------------------------------------


class NotificationSink:
    """Where a link's notification callback puts each payload; a `Transport` for `readings`.

    `deliver` runs in the event loop thread (bleak calls callbacks there). A payload from a
    characteristic we do not read is dropped and logged, never decoded as something else."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Notification | None] = asyncio.Queue()
        self.dropped: list[str] = []

    def deliver(self, uuid: str, data: bytes | bytearray) -> None:
        try:
            characteristic = parse_characteristic(uuid)
        except DecodeError:
            self.dropped.append(uuid)
            log.warning("a notification from a characteristic we do not read was dropped")
            return
        self._queue.put_nowait(Notification(characteristic, bytes(data)))

    def close(self) -> None:
        """No more payloads: `notifications()` ends after the ones already delivered."""
        self._queue.put_nowait(None)

    async def notifications(self) -> AsyncIterator[Notification]:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            yield item


# --- reconnecting -----------------------------------------------------------------------------


@dataclass
class ReconnectPolicy:
    """How long to wait before connecting again.

    After a session that worked (the device connected, then dropped the link as health devices
    do once they have sent), the next try waits `after_disconnect_s`. Each failed connection
    doubles the wait from `first_retry_s`, up to `longest_s`: a device out of range is not
    hammered, and one that comes back is found within `longest_s`. `attempts_left` None tries
    for ever (the app's listener); a number stops after that many failures in a row."""

    after_disconnect_s: float = 1.0
    first_retry_s: float = 2.0
    longest_s: float = 60.0
    attempts_left: int | None = None
    failures: int = field(default=0, init=False)

    def succeeded(self) -> float:
        self.failures = 0
        return self.after_disconnect_s

    def failed(self) -> float | None:
        """The wait before the next try, or None to give up."""
        self.failures += 1
        if self.attempts_left is not None and self.failures >= self.attempts_left:
            return None
        wait: float = self.first_retry_s * 2.0 ** (self.failures - 1)
        return min(wait, self.longest_s)


class GaveUp(RuntimeError):
    """The policy's tries are used up; the last error is the cause."""


async def keep_connected(
    session: Callable[[], Awaitable[None]],
    policy: ReconnectPolicy,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    stop: asyncio.Event | None = None,
) -> None:
    """Run `session` (connect, subscribe, return when the link drops) again and again.

    A session that returns worked; one that raises failed (out of range, refused pairing,
    the adapter busy) and is tried again after the policy's wait. Ends when `stop` is set, or
    raises GaveUp when the policy gives up. Cancelling the task ends it at once."""
    while stop is None or not stop.is_set():
        try:
            await session()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            wait = policy.failed()
            log.info("device link failed (%s); try %d", type(exc).__name__, policy.failures)
            if wait is None:
                raise GaveUp(f"gave up after {policy.failures} failed connections") from exc
        else:
            wait = policy.succeeded()
        if stop is not None and stop.is_set():
            return
        await sleep(wait)


# --- bleak ------------------------------------------------------------------------------------


async def scan(timeout_s: float = 8.0) -> list[FoundDevice]:
    """Devices advertising one of the four health services, strongest signal first.
    Untested against hardware."""
    from bleak import BleakScanner

    found = await BleakScanner.discover(
        timeout=timeout_s, return_adv=True, service_uuids=list(SCAN_UUIDS)
    )
    devices = []
    for device, adv in found.values():
        characteristics = characteristics_of(adv.service_uuids)
        if not characteristics:
            continue
        name = adv.local_name or device.name or device.address
        devices.append(FoundDevice(device.address, name, tuple(characteristics), adv.rssi))
    return sorted(devices, key=lambda d: -(d.rssi if d.rssi is not None else -999))


async def read_information(address: str, *, pair: bool = True) -> DeviceInformation:
    """Connect (pairing first when asked: most health devices need a bond before they
    indicate), read the name and the Device Information strings. Untested against hardware."""
    from bleak import BleakClient
    from bleak.exc import BleakError

    async with BleakClient(address, pair=pair) as client:

        async def read(uuid16: int) -> str | None:
            try:
                return text_value(await client.read_gatt_char(full_uuid(uuid16)))
            except BleakError:  # an optional characteristic the device does not have
                return None

        return DeviceInformation(
            name=await read(DEVICE_NAME) or client.name,
            manufacturer=await read(MANUFACTURER_NAME),
            model=await read(MODEL_NUMBER),
            serial=await read(SERIAL_NUMBER),
        )


class BluetoothTransport:
    """A paired device's measurements, as a `Transport`: subscribes to its characteristics
    each time it connects, through `NotificationSink`, and reconnects by `ReconnectPolicy`.
    Untested against hardware."""

    def __init__(
        self,
        address: str,
        characteristics: Sequence[Characteristic],
        *,
        policy: ReconnectPolicy | None = None,
        pair: bool = True,
    ) -> None:
        self.address = address
        self.characteristics = list(characteristics)
        self.policy = policy or ReconnectPolicy()
        self.pair = pair
        self.sink = NotificationSink()

    async def session(self) -> None:
        """One connection: subscribe, then wait until the device drops the link."""
        from bleak import BleakClient
        from bleak.backends.characteristic import BleakGATTCharacteristic

        dropped = asyncio.Event()

        def on_disconnect(_client: BleakClient) -> None:
            dropped.set()

        def on_payload(sender: BleakGATTCharacteristic, data: bytearray) -> None:
            self.sink.deliver(sender.uuid, data)

        async with BleakClient(
            self.address, disconnected_callback=on_disconnect, pair=self.pair
        ) as client:
            for characteristic in self.characteristics:
                await client.start_notify(full_uuid(characteristic.value), on_payload)
            await dropped.wait()

    async def notifications(self) -> AsyncIterator[Notification]:
        async def run() -> None:
            try:
                await keep_connected(self.session, self.policy)
            finally:
                self.sink.close()

        task = asyncio.create_task(run())
        try:
            async for notification in self.sink.notifications():
                yield notification
        finally:
            task.cancel()
