"""Readings arriving from the room's devices, on the GUI thread: kept (audited), then put into
the open patient's form, or into the unassigned list.

Transports run on a worker thread with their own asyncio loop (a Bluetooth link, or a replay for
the demo clinic); every reading crosses to the GUI thread through a queued signal before it
touches the database or a widget. `play` runs a recording on the GUI thread itself (tests).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from vitalsdesk.devices.capture import NO_PATIENT, route, taken_time
from vitalsdesk.devices.reading import DeviceReading
from vitalsdesk.devices.transport import (
    DecodeFailure,
    Notification,
    ReplayEntry,
    ReplayTransport,
    Transport,
    received,
)
from vitalsdesk.presentation.display import time_text
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.vitals_form_controller import VitalsFormController
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.devices import DeviceOut, DeviceReadingOut
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut

log = logging.getLogger(__name__)

AMENDING = "the open form was amending a set"
ORTHOSTATIC = "the open form was taking an orthostatic set, typed in its rows"


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class OpenForm:
    """The patient whose vitals form is open and can take a reading now."""

    patient: PatientOut
    form: VitalsFormController


class DeviceCapture(QObject):
    """Where readings land. `user` and `open_form` are asked at each reading: the shell knows
    who is signed in and whether a patient's form is open (None when locked or on another page
    than a patient's)."""

    waiting_changed = Signal(int)  # how many readings wait in the unassigned list
    message = Signal(str)  # a line for the status bar
    _arrived = Signal(object, object, object)  # device, notification, event (from a worker)

    def __init__(
        self,
        clinic: ClinicServices,
        user: Callable[[], StaffUserOut | None],
        open_form: Callable[[], OpenForm | None],
        *,
        now: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self._user = user
        self._open_form = open_form
        self._now = now
        self._threads: list[threading.Thread] = []
        self._stops: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    # -- one reading -------------------------------------------------------------------------------

    def deliver(
        self, device: DeviceOut, notification: Notification, decoded: DeviceReading
    ) -> DeviceReadingOut | None:
        """Keep the reading and fill the open form with it, or let it wait (said why)."""
        user = self._user()
        if user is None:
            log.warning("a device reading arrived with nobody signed in; it is not kept")
            return None
        now = self._now()
        opened = self._open_form()
        where = route(decoded.taken_at, now, now, patient_open=opened is not None)
        reason = where.reason
        if where.fill and opened is not None and not opened.form.can_take_device_reading(decoded):
            reason = AMENDING if opened.form.amending is not None else ORTHOSTATIC
        into = opened.patient.id if opened is not None and reason is None else None
        try:
            reading = self.clinic.devices.receive(
                user,
                device.id,
                notification.characteristic.code,
                notification.payload,
                decoded.taken_at,
                into_patient=into,
                waiting_reason=reason,
            )
        except ServiceError as exc:
            self.message.emit(f"✖ A reading from {device.name} could not be kept: {exc}")
            return None
        if into is not None and opened is not None:
            opened.form.fill_from_device(reading, decoded, taken_time(decoded.taken_at, now))
            self.message.emit(f"A reading from {device.name} is in the form. Check it, then save.")
        else:
            self._announce_waiting(device.name, reason or NO_PATIENT)
        return reading

    def _announce_waiting(self, name: str, reason: str) -> None:
        count = len(self.clinic.devices.waiting())
        self.waiting_changed.emit(count)
        self.message.emit(
            f"A reading from {name} is waiting in Devices ({reason}). "
            "It is not added to any patient until you choose."
        )

    def refresh_waiting(self) -> int:
        count = len(self.clinic.devices.waiting())
        self.waiting_changed.emit(count)
        return count

    # -- the MA's decisions on waiting readings ----------------------------------------------------

    def attach(self, reading_id: int) -> bool:
        """Put a waiting reading into the open patient's form (audited); False when no form
        that can take it is open."""
        user, opened = self._user(), self._open_form()
        if user is None or opened is None:
            return False
        waiting = next((r for r in self.clinic.devices.waiting() if r.id == reading_id), None)
        if not opened.form.can_take_device_reading(waiting.decoded() if waiting else None):
            return False
        reading = self.clinic.devices.attach(user, reading_id, opened.patient.id)
        decoded = reading.decoded()
        taken = taken_time(decoded.taken_at, reading.received_at.astimezone())
        opened.form.fill_from_device(reading, decoded, taken)
        self.refresh_waiting()
        self.message.emit(
            f"The reading from {reading.device_name} ({time_text(taken)}) is in the form of "
            f"{opened.patient.family_name}, {opened.patient.given_name}. Check it, then save."
        )
        return True

    def discard(self, reading_id: int) -> None:
        user = self._user()
        if user is None:
            return
        self.clinic.devices.discard(user, reading_id)
        self.refresh_waiting()

    # -- transports ------------------------------------------------------------------------------

    def play(self, device: DeviceOut, entries: Sequence[ReplayEntry]) -> list[DeviceReadingOut]:
        """A recording, at once, on this thread, through the same path as a live link."""

        async def collect() -> list[tuple[Notification, DeviceReading | DecodeFailure]]:
            return [pair async for pair in received(ReplayTransport(entries, wait=False))]

        kept = []
        for notification, event in asyncio.run(collect()):
            if isinstance(event, DeviceReading):
                reading = self.deliver(device, notification, event)
                if reading is not None:
                    kept.append(reading)
        return kept

    def start(self, device: DeviceOut, transport: Transport) -> None:
        """Listen to a transport on a worker thread until `stop`."""

        def run() -> None:
            async def listen() -> None:
                stop = asyncio.Event()
                self._stops.append((asyncio.get_running_loop(), stop))
                task = asyncio.ensure_future(self._pump(device, transport))
                await stop.wait()
                task.cancel()

            try:
                asyncio.run(listen())
            except Exception as exc:  # the link's fault, not the MA's: say so, keep working
                log.error("device listener stopped: %s", type(exc).__name__)

        thread = threading.Thread(target=run, name=f"device-{device.id}", daemon=True)
        self._threads.append(thread)
        thread.start()

    async def _pump(self, device: DeviceOut, transport: Transport) -> None:
        async for notification, event in received(transport):
            self._arrived.emit(device, notification, event)

    def _on_arrived(self, device: DeviceOut, notification: Notification, event: object) -> None:
        if isinstance(event, DeviceReading):
            self.deliver(device, notification, event)
        elif isinstance(event, DecodeFailure):
            self.message.emit(f"✖ A reading from {device.name} could not be read: {event.message}")

    def stop(self) -> None:
        for loop, stop in self._stops:
            loop.call_soon_threadsafe(stop.set)
        self._stops.clear()
        self._threads.clear()
