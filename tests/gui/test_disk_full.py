"""A full disk while saving: the MA is told in plain words and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, text

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import focused, scan, sign_in, type_adult_set
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.db.engine import DatabaseError
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


def test_disk_full_on_save_keeps_the_form(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, adult: PatientOut
) -> None:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, "ana", PASSWORD)
    scan(qtbot, shell, ADULT_MRN)
    assert shell.page is not None
    form = shell.page.form_view.ui
    type_adult_set(qtbot, shell.page.form_view, systolic="124/78")
    before = len(clinic.vitals.history(adult.id))

    with clinic.db.transaction() as s:
        pages = int(s.execute(text("PRAGMA page_count")).scalar() or 0)

    def full(dbapi_connection: Any, _record: Any) -> None:
        # SQLite's SQLITE_FULL, the error a full disk gives: no page may be added.
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    clinic.db.engine.dispose()
    event.listen(clinic.db.engine, "connect", full)
    try:
        # Fill what room the last pages still have, as other rooms' saves would.
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": adult.birth_date.isoformat(),
                "sex": adult.sex,
                "taken_at": "2026-11-27T09:30:00-05:00",
                "measurements": {"heart_rate": {"value": 70, "unit": "/min"}},
            }
        )
        other_room = clinic.accounts.sign_in("ben", PASSWORD)
        with pytest.raises(DatabaseError):
            for _ in range(500):
                clinic.vitals.record(adult.id, vitals, other_room)
        widget = focused()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert shell.page is not None
        assert "Not saved. The disk is full" in form.formMessageLabel.text()
        assert form.formMessageLabel.isVisible()
        # Everything typed is still there, ready to save once there is room.
        assert (form.systolicEdit.text(), form.diastolicEdit.text(), form.painEdit.text()) == (
            "124",
            "78",
            "2",
        )
    finally:
        event.remove(clinic.db.engine, "connect", full)
        clinic.db.engine.dispose()
    filled = len(clinic.vitals.history(adult.id)) - before
    assert shell.page is not None
    widget = shell.page.form_view.ui.systolicEdit
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(clinic.vitals.history(adult.id)) == before + filled + 1
