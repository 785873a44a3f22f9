"""Readings from the room's devices on real widgets and a real SQLite file (issue 14, "Done
when"): a cuff, a thermometer, a scale and an oximeter fill the open patient's form, the MA saves
with no digit typed; a reading with no patient open, or an old one, waits and is never attached
without the MA. Payloads are built from the GATT specifications with the time of the test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import focused, scan, sign_in
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import AuditEvent, Measurement
from vitalsdesk.devices.gatt import Characteristic
from vitalsdesk.devices.transport import ReplayEntry
from vitalsdesk.gui.devices_capture import ORTHOSTATIC
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.devices import DeviceIn, DeviceOut
from vitalsdesk.services.schemas import PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def stamp(when: datetime) -> str:
    """A GATT Date Time (0x2A08): year (little-endian), month, day, hours, minutes, seconds."""
    return (
        when.year.to_bytes(2, "little")
        + bytes([when.month, when.day, when.hour, when.minute, when.second])
    ).hex()


def cuff(when: datetime, status: int = 0) -> ReplayEntry:
    # flags 0x1E: mmHg, time stamp, pulse, user id, status. 128/82 (MAP 97), pulse 72, user 1.
    # Status bits: 0 body movement, 1 cuff too loose, 2 irregular pulse, 5 improper position.
    return _entry(
        0x2A35, "1e" + "800052006100" + stamp(when) + "480001" + status.to_bytes(2, "little").hex()
    )


def thermometer(when: datetime, site: int | None = 9) -> ReplayEntry:
    # FLOAT 0xFF00016E = 366 x 10^-1 = 36.6 Cel; site 9 = tympanum (ear drum).
    flags = 0x02 | (0x04 if site is not None else 0)
    tail = f"{site:02x}" if site is not None else ""
    return _entry(0x2A1C, f"{flags:02x}" + "6e0100ff" + stamp(when) + tail)


def scale(when: datetime) -> ReplayEntry:
    # flags 0x0A: SI, time stamp, BMI and height. 14000 x 0.005 kg = 70.000 kg; 1750 mm = 1.750 m.
    return _entry(0x2A9D, "0a" + "b036" + stamp(when) + "0001d606")


def oximeter(when: datetime) -> ReplayEntry:
    # flags 0x03: time stamp, measurement status. SpO2 97 %, pulse 72.
    return _entry(0x2A5E, "03" + "61004800" + stamp(when) + "8000")


def _entry(characteristic: int, hex_text: str) -> ReplayEntry:
    from decimal import Decimal

    return ReplayEntry(Characteristic(characteristic), bytes.fromhex(hex_text), Decimal(0))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def replay_device(clinic: Clinic, ana: StaffUserOut) -> DeviceOut:
    return clinic.devices.add(
        ana,
        DeviceIn(
            name="Room 3 kit",
            address="replay:test",
            transport="replay",
            characteristics="2A35 2A1C 2A9D 2A5E",
        ),
    )


def open_adult(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> tuple[MainWindow, ShellController]:
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None and shell.capture is not None
    return window, shell


def save_by_keyboard(qtbot: QtBot) -> None:
    widget = focused()
    assert isinstance(widget, QWidget)
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _links(clinic: Clinic, set_id: int) -> dict[str, int | None]:
    with clinic.db.transaction() as s:
        rows = s.scalars(select(Measurement).where(Measurement.set_id == set_id))
        return {m.code: m.device_reading_id for m in rows}


def test_four_devices_fill_the_open_form_and_the_ma_saves_with_no_digit_typed(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    window, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    form = shell.page.form_view.ui
    now = _now()
    kept = shell.capture.play(device, [cuff(now), thermometer(now), scale(now), oximeter(now)])
    assert [r.status for r in kept] == ["in_form"] * 4

    texts = {n: e.text() for n, e in shell.page.form_view.edits.items() if e.text()}
    assert texts == {
        "systolic": "128",
        "diastolic": "82",
        "heart_rate": "72",
        "temperature": "36.6",
        "oxygen_saturation": "97",
        "height": "175",  # 1.750 m, exactly in cm (the form has no metres)
        "weight": "70",
    }
    assert form.temperatureUnitCombo.currentData() == "Cel"
    assert form.temperatureMethodCombo.currentData() == "tympanic"  # from the thermometer's site
    assert form.weightUnitCombo.currentData() == "kg"
    mark = f"from Room 3 kit, {now:%H:%M}"
    assert form.systolicFlagLabel.text().endswith(mark) and form.systolicFlagLabel.isVisible()
    assert form.temperatureFlagLabel.text() == mark
    assert mark in form.weightEdit.accessibleDescription()  # a screen reader hears it too
    assert clinic.vitals.history(adult.id) == []  # nothing is saved without the MA

    save_by_keyboard(qtbot)  # the MA reviewed: Ctrl+S, no digit typed
    [saved] = clinic.vitals.history(adult.id)
    values = {m.code: (m.value_text, m.unit) for m in saved.measurements}
    assert values == {
        "systolic_bp": ("128", "mm[Hg]"),
        "diastolic_bp": ("82", "mm[Hg]"),
        "heart_rate": ("72", "/min"),
        "body_temperature": ("36.6", "Cel"),
        "oxygen_saturation": ("97", "%"),
        "body_height": ("175", "cm"),
        "body_weight": ("70", "kg"),
    }
    assert [m.method for m in saved.measurements if m.code == "body_temperature"] == ["tympanic"]
    cuff_id, thermo_id, scale_id, oxi_id = (r.id for r in kept)
    assert _links(clinic, saved.id) == {
        "systolic_bp": cuff_id,
        "diastolic_bp": cuff_id,
        "heart_rate": oxi_id,  # the latest device to send a pulse
        "body_temperature": thermo_id,
        "oxygen_saturation": oxi_id,
        "body_height": scale_id,
        "body_weight": scale_id,
    }
    assert {clinic.devices.get(r.id).status for r in kept} == {"saved"}
    assert "saved for" in window.status_label.text()


def test_a_thermometer_that_names_no_site_leaves_the_method_to_the_ma(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    ui = shell.page.form_view.ui
    shell.capture.play(device, [thermometer(_now(), site=None)])
    assert ui.temperatureEdit.text() == "36.6"
    assert ui.temperatureMethodCombo.currentIndex() == -1  # never a guess
    save_by_keyboard(qtbot)
    assert clinic.vitals.history(adult.id) == []
    assert "Not saved" in ui.formMessageLabel.text()

    combo = ui.temperatureMethodCombo
    combo.setCurrentIndex(combo.findData("axillary"))
    combo.activated.emit(combo.currentIndex())  # the MA chose it
    save_by_keyboard(qtbot)
    [saved] = clinic.vitals.history(adult.id)
    [temperature] = saved.measurements
    assert (temperature.value_text, temperature.method) == ("36.6", "axillary")


def test_a_value_the_ma_types_over_is_theirs_and_keeps_no_device_link(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    ui = shell.page.form_view.ui
    [reading] = shell.capture.play(device, [cuff(_now())])
    ui.systolicEdit.selectAll()
    qtbot.keyClicks(ui.systolicEdit, "126")
    assert "from Room 3 kit" not in ui.systolicFlagLabel.text()
    assert "from Room 3 kit" in ui.diastolicFlagLabel.text()
    save_by_keyboard(qtbot)
    [saved] = clinic.vitals.history(adult.id)
    assert _links(clinic, saved.id) == {
        "systolic_bp": None,
        "diastolic_bp": reading.id,
        "heart_rate": reading.id,
    }


def test_a_reading_with_no_patient_open_waits_and_is_attached_only_by_the_ma(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ben", PASSWORD)
    assert shell.capture is not None and shell.page is None
    [reading] = shell.capture.play(device, [cuff(_now())])
    assert (reading.status, reading.patient_id) == ("waiting", None)
    assert reading.waiting_reason == "no patient was open"
    assert window.devices_button.text() == "Devices (1 waiting)"
    assert "not added to any patient" in window.status_label.text()

    scan(qtbot, shell, ADULT_MRN)  # opening a patient does not pull it in
    assert shell.page is not None
    assert shell.page.form_view.ui.systolicEdit.text() == ""
    assert clinic.devices.get(reading.id).status == "waiting"

    window.devices_button.click()
    assert shell.devices is not None
    page = shell.devices.view
    assert window.current_page() is page
    assert page.waiting_table.rowCount() == 1
    assert cell(page.waiting_table, 0, 2) == "128/82 mmHg, pulse 72 /min"
    page.waiting_table.selectRow(0)
    page.attach_button.click()  # the MA's explicit choice, audited
    assert window.current_page() is shell.page.view
    assert shell.page.form_view.ui.systolicEdit.text() == "128"
    attached = clinic.devices.get(reading.id)
    assert (attached.status, attached.patient_id) == ("in_form", adult.id)
    assert window.devices_button.text() == "Devices"
    with clinic.db.transaction() as s:
        actions = list(
            s.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.entity_id == reading.id, AuditEvent.entity == "device_reading"
                )
            )
        )
    assert actions == ["device_reading_received", "device_reading_attached"]


def test_an_old_reading_waits_even_with_a_patient_open_and_can_be_discarded(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _window, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    [old] = shell.capture.play(device, [cuff(_now() - timedelta(minutes=11))])
    assert (old.status, old.waiting_reason) == ("waiting", "taken more than 10 minutes ago")
    assert shell.page.form_view.ui.systolicEdit.text() == ""  # never filled silently

    shell.show_devices()
    assert shell.devices is not None
    shell.devices.confirm = lambda _parent, _question: True
    page = shell.devices.view
    page.waiting_table.selectRow(0)
    page.discard_button.click()
    assert clinic.devices.get(old.id).status == "discarded"
    assert page.waiting_table.rowCount() == 0
    assert clinic.vitals.history(adult.id) == []


def test_a_cuff_in_kpa_keeps_kpa_and_says_so(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    """16.0/10.7 kPa has no exact mm[Hg] value to show: the value stays in kPa, as sent."""
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    ui = shell.page.form_view.ui
    # flags 0x01 (kPa): SFLOATs 160 x 10^-1, 107 x 10^-1, 125 x 10^-1.
    [reading] = shell.capture.play(device, [_entry(0x2A35, "01a0f06bf07df0")])
    assert (ui.systolicEdit.text(), ui.diastolicEdit.text()) == ("16.0", "10.7")
    assert "(in kPa)" in ui.systolicFlagLabel.text()
    save_by_keyboard(qtbot)
    [saved] = clinic.vitals.history(adult.id)
    values = {m.code: (m.value_text, m.unit, m.canonical_text) for m in saved.measurements}
    assert values == {
        "systolic_bp": ("16.0", "kPa", "120.010201"),
        "diastolic_bp": ("10.7", "kPa", "80.256822"),
    }
    assert set(_links(clinic, saved.id).values()) == {reading.id}


def test_a_reading_in_a_form_that_is_not_saved_goes_back_to_the_unassigned_list(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    window, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    [cleared] = shell.capture.play(device, [cuff(_now())])
    shell.page.form_view.ui.clearButton.click()
    back = clinic.devices.get(cleared.id)
    assert (back.status, back.patient_id, back.waiting_reason) == (
        "waiting",
        None,
        "the form was cleared",
    )

    [left] = shell.capture.play(device, [oximeter(_now())])
    shell.find_patient()  # the MA leaves the patient without saving
    assert clinic.devices.get(left.id).waiting_reason == "the patient was closed before saving"
    assert window.devices_button.text() == "Devices (2 waiting)"
    with clinic.db.transaction() as s:
        returned = s.scalars(
            select(AuditEvent.entity_id).where(AuditEvent.action == "device_reading_returned")
        )
        assert sorted(x for x in returned if x is not None) == [cleared.id, left.id]


def test_a_reading_whose_every_value_was_typed_over_is_not_in_the_saved_set(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    ui = shell.page.form_view.ui
    [reading] = shell.capture.play(device, [oximeter(_now())])
    for edit, text in ((ui.oxygenSaturationEdit, "96"), (ui.heartRateEdit, "70")):
        edit.selectAll()
        qtbot.keyClicks(edit, text)
    save_by_keyboard(qtbot)
    [saved] = clinic.vitals.history(adult.id)
    assert set(_links(clinic, saved.id).values()) == {None}
    back = clinic.devices.get(reading.id)
    assert (back.status, back.waiting_reason) == ("waiting", "not used in the saved set")


def test_the_demo_clinics_replay_device_plays_into_the_open_form(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    """Devices > Play sample readings: the shipped recording, stamped with the time it is
    played, from a worker thread through the same path as a Bluetooth link."""
    replay_device(clinic, ana)
    window, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None
    shell.show_devices()
    assert shell.devices is not None
    shell.devices.replay_waits = False
    shell.devices.view.play_button.click()
    shell.devices.view.back_button.click()
    assert window.current_page() is shell.page.view
    ui = shell.page.form_view.ui
    qtbot.waitUntil(lambda: ui.oxygenSaturationEdit.text() == "97", timeout=5000)
    assert (ui.systolicEdit.text(), ui.temperatureEdit.text(), ui.weightEdit.text()) == (
        "128",
        "36.6",
        "70",
    )
    assert clinic.devices.waiting() == []


def test_an_administrator_names_a_found_device_and_an_ma_cannot_pair(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic
) -> None:
    """The page's part of pairing, without the radio: a scan result and what the device's
    Device Information service said become a named device (the Bluetooth calls themselves are
    untested against hardware)."""
    from vitalsdesk.devices.bluetooth import DeviceInformation, FoundDevice

    window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)  # the administrator
    shell.show_devices()
    assert shell.devices is not None
    page = shell.devices
    page.ask_name = lambda _parent, suggested: f"Room 3 {suggested}"
    found = FoundDevice("AA:BB:CC:DD:EE:01", "cuff", (Characteristic(0x2A35),), -60)
    page._show_found([found])
    assert cell(page.view.found_table, 0, 1) == "blood pressure cuff"
    info = DeviceInformation(name="cuff", manufacturer="A&D", model="UA-651BLE", serial="5110042")
    device = page.add_device(found, info)
    assert device is not None
    assert (device.name, device.model, device.serial) == ("Room 3 cuff", "UA-651BLE", "5110042")
    assert cell(page.view.devices_table, 0, 0) == "Room 3 cuff"
    assert page.add_device(found, info) is None  # paired already
    assert "paired already" in page.view.message_label.text()

    shell.sign_out()
    sign_in(qtbot, shell, "ben", PASSWORD)  # an MA
    shell.show_devices()
    assert shell.devices is not None
    assert not shell.devices.view.find_button.isEnabled()
    assert not shell.devices.view.rename_button.isEnabled()
    assert window.current_page() is shell.devices.view


def test_a_cuffs_status_flags_are_said_plainly_beside_its_mark(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    ui = shell.page.form_view.ui
    now = _now()
    [reading] = shell.capture.play(device, [cuff(now, status=0b101)])  # moved, irregular pulse
    said = "Cuff says: body moved, irregular pulse"
    mark = f"from Room 3 kit, {now:%H:%M}"
    assert ui.systolicFlagLabel.text().endswith(f"{mark} · {said}")
    assert said in ui.systolicEdit.accessibleDescription()  # a screen reader hears it too
    assert said not in ui.diastolicFlagLabel.text()  # said once per reading
    # Typed over, the systolic is the MA's: the status stays with what is left of the reading.
    ui.systolicEdit.selectAll()
    qtbot.keyClicks(ui.systolicEdit, "126")
    assert said not in ui.systolicFlagLabel.text()
    assert ui.diastolicFlagLabel.text().endswith(f"{mark} · {said}")
    # The status is kept with the reading's provenance (its payload, as the device sent it).
    assert clinic.devices.get(reading.id).decoded().status == (
        "body movement during measurement",
        "irregular pulse detected",
    )


def test_a_cuff_with_no_status_flags_says_nothing_more(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    shell.capture.play(device, [cuff(_now())])
    assert "says:" not in shell.page.form_view.ui.systolicFlagLabel.text()


def test_a_cuff_reading_waits_while_the_form_takes_an_orthostatic_set(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, ana: StaffUserOut, adult: PatientOut
) -> None:
    device = replay_device(clinic, ana)
    _, shell = open_adult(qtbot, make_shell, clinic)
    assert shell.page is not None and shell.capture is not None
    assert shell.page.form.bp_readings.set_orthostatic(True)
    now = _now()
    blood_pressure, temperature = shell.capture.play(device, [cuff(now), thermometer(now)])
    assert (blood_pressure.status, blood_pressure.waiting_reason) == ("waiting", ORTHOSTATIC)
    assert temperature.status == "in_form"
    assert shell.page.form_view.ui.systolicEdit.text() == ""
    assert not shell.capture.attach(blood_pressure.id)  # nor by hand, while the set is typed
