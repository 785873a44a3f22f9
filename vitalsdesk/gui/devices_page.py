"""The Devices page: the room's paired devices (administrators find, pair and name them) and the
unassigned readings, which wait here until the MA puts one into the open patient's form or
discards it. A reading is never added to a patient without that choice.

Finding and pairing use the Bluetooth transport, which has not been tried with real devices
(docs/devices.md); they run on a worker thread so the page never freezes while the radio works.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vitalsdesk.devices.bluetooth import (
    DeviceInformation,
    FoundDevice,
    kind_of,
    kinds_of,
    read_information,
    scan,
)
from vitalsdesk.devices.gatt import parse_characteristic
from vitalsdesk.devices.transport import ReplayEntry, parse_replay
from vitalsdesk.presentation.display import datetime_text, quantity_text
from vitalsdesk.services.devices import DeviceIn
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.devices_capture import DeviceCapture
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.devices import DeviceOut, DeviceReadingOut
    from vitalsdesk.services.schemas import StaffUserOut

log = logging.getLogger(__name__)


def sample_entries() -> list[ReplayEntry]:
    """The recording shipped with VitalsDesk: one reading of each kind of device."""
    text = (
        files("vitalsdesk.resources").joinpath("devices", "sample-replay.json").read_text("utf-8")
    )
    return parse_replay(json.loads(text))


def kind_text(characteristics: str) -> str:
    """ "blood pressure cuff", or "blood pressure cuff, thermometer, ..." for a kit."""
    return ", ".join(kinds_of(parse_characteristic(c) for c in characteristics.split()))


def values_text(reading: DeviceReadingOut) -> str:
    """ "128/82 mmHg, pulse 72 /min" — the values as the device sent them, never judged."""
    m = reading.decoded().measurements
    parts: list[str] = []
    if "systolic_bp" in m and "diastolic_bp" in m:
        sys_q, dia_q = m["systolic_bp"], m["diastolic_bp"]
        parts.append(quantity_text(f"{sys_q.value}/{dia_q.value}", sys_q.unit))
    names = {
        "heart_rate": "pulse",
        "body_temperature": "temperature",
        "oxygen_saturation": "SpO₂",
        "body_weight": "weight",
        "body_height": "height",
    }
    for code, word in names.items():
        if code in m:
            parts.append(f"{word} {quantity_text(format(m[code].value, 'f'), m[code].unit)}")
    return ", ".join(parts) or "no values"


def _table(headers: tuple[str, ...], name: str, spoken: str) -> QTableWidget:
    """A read-only table of rows; `spoken` is its name for a screen reader, in words (the
    object name read "unassignedReadings")."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setObjectName(name)
    table.setAccessibleName(spoken)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _button(text: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    return button


class DevicesView(QWidget):
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicesPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel("Devices")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        layout.addWidget(title)

        layout.addWidget(QLabel("Paired devices"))
        self.devices_table = _table(
            ("Name", "Measures", "Model", "Serial number"), "devicesTable", "Paired devices"
        )
        layout.addWidget(self.devices_table, 2)
        row = QHBoxLayout()
        self.find_button = _button("&Find devices…", "Find devices")
        self.rename_button = _button("&Rename…", "Rename device")
        self.play_button = _button("&Play sample readings", "Play sample readings")
        self.back_button = _button("&Back", "Back")
        for button in (self.find_button, self.rename_button, self.play_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        layout.addLayout(row)
        self.found_table = _table(
            ("Name", "Measures", "Address"), "foundTable", "Devices found nearby"
        )
        self.pair_button = _button("P&air and name…", "Pair and name")
        found_row = QHBoxLayout()
        found_row.addWidget(self.pair_button)
        found_row.addStretch(1)
        layout.addWidget(self.found_table, 1)
        layout.addLayout(found_row)
        self.found_table.hide()
        self.pair_button.hide()

        self.waiting_label = QLabel("Unassigned readings")
        layout.addWidget(self.waiting_label)
        explanation = QLabel(
            "These readings came in when no patient was open, or they are more than 10 "
            "minutes old. They are not in anyone's chart. Add one to the open patient's "
            "form, or discard it."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.waiting_table = _table(
            ("Device", "Taken", "Values", "Why it waits"),
            "unassignedReadingsTable",
            "Unassigned readings",
        )
        layout.addWidget(self.waiting_table, 2)
        waiting_row = QHBoxLayout()
        self.attach_button = _button("A&dd to open patient's form", "Add to open patient's form")
        self.discard_button = _button("Dis&card…", "Discard reading")
        waiting_row.addWidget(self.attach_button)
        waiting_row.addWidget(self.discard_button)
        waiting_row.addStretch(1)
        layout.addLayout(waiting_row)
        self.message_label = QLabel("")
        self.message_label.setObjectName("devicesMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName("Devices message")
        layout.addWidget(self.message_label)
        self.back_button.clicked.connect(self.back_requested)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)

    def set_admin(self, admin: bool) -> None:
        for button in (self.find_button, self.rename_button, self.pair_button):
            button.setEnabled(admin)
            button.setToolTip("" if admin else "Only an administrator pairs and names devices.")

    def show_devices(self, devices: list[DeviceOut]) -> None:
        table = self.devices_table
        table.setRowCount(len(devices))
        for row, d in enumerate(devices):
            cells = (d.name, kind_text(d.characteristics), d.model or "—", d.serial or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                table.setItem(row, column, item)

    def show_found(self, found: list[FoundDevice]) -> None:
        table = self.found_table
        table.setRowCount(len(found))
        for row, f in enumerate(found):
            for column, text in enumerate((f.name, kind_of(f.characteristics), f.address)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                table.setItem(row, column, item)
        for widget in (table, self.pair_button):
            widget.setVisible(True)

    def show_waiting(self, readings: list[DeviceReadingOut]) -> None:
        table = self.waiting_table
        table.setRowCount(len(readings))
        for row, r in enumerate(readings):
            taken = r.device_time  # the device's own clock, no zone
            cells = (
                r.device_name,
                f"{taken.day} {taken:%b %Y %H:%M}" if taken else datetime_text(r.received_at),
                values_text(r),
                r.waiting_reason or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                table.setItem(row, column, item)
        self.waiting_label.setText(f"Unassigned readings ({len(readings)})")
        # An empty table says nothing to a screen reader: say how many wait, or that none do.
        count = len(readings)
        table.setAccessibleDescription(
            "No readings are waiting."
            if not count
            else f"{count} reading{'s' if count != 1 else ''} waiting."
        )
        self.attach_button.setEnabled(bool(readings))
        self.discard_button.setEnabled(bool(readings))

    @staticmethod
    def selected_id(table: QTableWidget) -> int | None:
        items = table.selectedItems()
        if not items:
            return None
        value = items[0].data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None


class DevicesController(QObject):
    """Behaviour of the Devices page. `ask_name` and `confirm` are the page's two questions
    (dialogs in the app; answered directly in tests)."""

    _found = Signal(object)  # list[FoundDevice] or an error text, from the scanning thread
    _identified = Signal(object, object)  # FoundDevice, DeviceInformation or an error text
    attached = Signal()

    def __init__(
        self,
        clinic: ClinicServices,
        user: StaffUserOut,
        capture: DeviceCapture,
        *,
        ask_name: Callable[[QWidget, str], str | None] | None = None,
        confirm: Callable[[QWidget, str], bool] | None = None,
    ) -> None:
        self.view = DevicesView()
        super().__init__(self.view)
        self.clinic = clinic
        self.user = user
        self.capture = capture
        self.ask_name = ask_name or _ask_name
        self.confirm = confirm or _confirm
        self.found: list[FoundDevice] = []
        self.replay_waits = True  # the recorded 2 s between readings (tests play at once)
        v = self.view
        v.set_admin(user.role == "admin")
        v.find_button.clicked.connect(self.find)
        v.pair_button.clicked.connect(self.pair_selected)
        v.rename_button.clicked.connect(self.rename_selected)
        v.play_button.clicked.connect(self.play_sample)
        v.attach_button.clicked.connect(self.attach_selected)
        v.discard_button.clicked.connect(self.discard_selected)
        self._found.connect(self._show_found, Qt.ConnectionType.QueuedConnection)
        self._identified.connect(self._add_found, Qt.ConnectionType.QueuedConnection)
        capture.waiting_changed.connect(lambda _n: self.refresh())

    def refresh(self) -> None:
        devices = self.clinic.devices.devices()
        self.view.show_devices(devices)
        self.view.play_button.setVisible(any(d.transport == "replay" for d in devices))
        self.view.show_waiting(self.clinic.devices.waiting())

    # -- pairing (administrators; Bluetooth untested against hardware) ---------------------------

    def find(self) -> None:
        self.view.show_message(
            "Looking for blood-pressure cuffs, thermometers, scales and oximeters…"
        )

        def work() -> None:
            try:
                self._found.emit(asyncio.run(scan()))
            except Exception as exc:  # no adapter, Bluetooth off: say so
                self._found.emit(f"Bluetooth is not available here ({type(exc).__name__}).")

        threading.Thread(target=work, name="device-scan", daemon=True).start()

    def _show_found(self, found: object) -> None:
        if isinstance(found, str):
            self.view.show_message(found)
            return
        assert isinstance(found, list)
        self.found = found
        self.view.show_found(found)
        self.view.show_message(
            f"{len(found)} device(s) found. Choose one, then Pair and name."
            if found
            else "No device found. Turn the device on (some pair only in pairing mode)."
        )

    def pair_selected(self) -> None:
        index = self.view.selected_id(self.view.found_table)
        if index is None or index >= len(self.found):
            self.view.show_message("Choose a device in the list first.")
            return
        chosen = self.found[index]
        self.view.show_message(f"Pairing with {chosen.name}… accept on the device if it asks.")

        def work() -> None:
            try:
                self._identified.emit(chosen, asyncio.run(read_information(chosen.address)))
            except Exception as exc:
                self._identified.emit(chosen, f"Pairing failed ({type(exc).__name__}).")

        threading.Thread(target=work, name="device-pair", daemon=True).start()

    def _add_found(self, found: FoundDevice, info: object) -> None:
        if isinstance(info, str):
            self.view.show_message(info)
            return
        assert isinstance(info, DeviceInformation)
        self.add_device(found, info)

    def add_device(self, found: FoundDevice, info: DeviceInformation) -> DeviceOut | None:
        name = self.ask_name(self.view, info.name or found.name)
        if not name:
            self.view.show_message("Not paired: the device needs a name.")
            return None
        try:
            device = self.clinic.devices.add(
                self.user,
                DeviceIn(
                    name=name,
                    address=found.address,
                    transport="bluetooth",
                    characteristics=" ".join(c.code for c in found.characteristics),
                    model=info.model,
                    serial=info.serial,
                    manufacturer=info.manufacturer,
                ),
            )
        except (ServiceError, ValueError) as exc:
            self.view.show_message(f"✖ Not paired: {exc}")
            return None
        self.view.show_message(f"✓ {device.name} is paired.")
        self.refresh()
        return device

    def rename_selected(self) -> None:
        device_id = self.view.selected_id(self.view.devices_table)
        if device_id is None:
            self.view.show_message("Choose a device first.")
            return
        current = next(d for d in self.clinic.devices.devices() if d.id == device_id)
        name = self.ask_name(self.view, current.name)
        if not name:
            return
        try:
            self.clinic.devices.rename(self.user, device_id, name)
        except ServiceError as exc:
            self.view.show_message(f"✖ {exc}")
            return
        self.refresh()

    # -- the demo clinic's replay device -------------------------------------------------------

    def replay_device(self) -> DeviceOut | None:
        return next((d for d in self.clinic.devices.devices() if d.transport == "replay"), None)

    def play_sample(self) -> None:
        """The sample recording plays in the background, a reading every 2 seconds, stamped
        with the time it is played: go back to the patient to see them arrive."""
        from datetime import datetime

        from vitalsdesk.devices.transport import ReplayTransport, restamped

        device = self.replay_device()
        if device is None:
            return
        # Stamped with the time they are played: recorded readings would be days old and wait.
        entries = restamped(sample_entries(), datetime.now().replace(microsecond=0))
        self.capture.start(device, ReplayTransport(entries, wait=self.replay_waits))
        self.view.show_message(
            f"{device.name} is sending its sample readings now. Go back to the patient's form."
        )

    # -- unassigned readings ---------------------------------------------------------------------

    def attach_selected(self) -> bool:
        reading_id = self.view.selected_id(self.view.waiting_table)
        if reading_id is None:
            self.view.show_message("Choose a reading first.")
            return False
        try:
            done = self.capture.attach(reading_id)
        except ServiceError as exc:
            self.view.show_message(f"✖ {exc}")
            self.refresh()
            return False
        if not done:
            self.view.show_message("Open the patient first, then add the reading to the form.")
            return False
        self.refresh()
        self.attached.emit()
        return True

    def discard_selected(self) -> bool:
        reading_id = self.view.selected_id(self.view.waiting_table)
        if reading_id is None:
            self.view.show_message("Choose a reading first.")
            return False
        if not self.confirm(self.view, "Discard this reading? It will not go into any chart."):
            return False
        try:
            self.capture.discard(reading_id)
        except ServiceError as exc:
            self.view.show_message(f"✖ {exc}")
        self.refresh()
        return True


def _ask_name(parent: QWidget, suggested: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent, "Name the device", "A name the MAs will know, like Room 3 cuff:", text=suggested
    )
    return text.strip() if ok and text.strip() else None


def _confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Discard reading", question)
    return answer == QMessageBox.StandardButton.Yes
