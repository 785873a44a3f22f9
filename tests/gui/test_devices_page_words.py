"""The Devices page's tables have names a screen reader can say, in words (the object names
were read out: "unassignedReadings", "found"), and the unassigned list says when none wait."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from vitalsdesk.gui.devices_page import DevicesView


def test_the_devices_tables_are_named_in_words(qtbot: QtBot) -> None:
    view = DevicesView()
    qtbot.addWidget(view)
    assert view.devices_table.accessibleName() == "Paired devices"
    assert view.found_table.accessibleName() == "Devices found nearby"
    assert view.waiting_table.accessibleName() == "Unassigned readings"


def test_an_empty_unassigned_list_says_none_are_waiting(qtbot: QtBot) -> None:
    view = DevicesView()
    qtbot.addWidget(view)
    view.show_waiting([])
    assert view.waiting_label.text() == "Unassigned readings (0)"
    assert view.waiting_table.accessibleDescription() == "No readings are waiting."


def test_an_oximeters_status_is_said_plainly() -> None:
    """ "Oximeter says: validated data" read as jargon beside a sample reading."""
    from vitalsdesk.devices.gatt import _PLX_MEASUREMENT_STATUS_BITS
    from vitalsdesk.gui.devices_form import status_text

    assert (
        status_text("2A5E", ("validated data", "sensor displaced"))
        == "Oximeter says: reading checked, sensor moved"
    )
    said = status_text("2A5E", tuple(_PLX_MEASUREMENT_STATUS_BITS.values()))
    for jargon in ("data", "detected", "ongoing", "qualified"):
        assert jargon not in said, said
