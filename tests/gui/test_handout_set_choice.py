"""The MA picks which of today's sets goes on the handout, and the print records it (issue 13)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.test_handout_tab import (
    HandoutPrompter,
    Shell,
    open_handout,
    private_tmp,  # noqa: F401 (a fixture)
    prompter,  # noqa: F401 (a fixture)
    settle,
)
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.db.models import HandoutPrint
from vitalsdesk.services.schemas import PatientOut, StaffUserOut


def _record(
    clinic: Clinic, patient: PatientOut, user: StaffUserOut, minutes_ago: int, pulse: str
) -> int:
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": (datetime.now().astimezone() - timedelta(minutes=minutes_ago)).replace(
                microsecond=0
            ),
            "measurements": {"heart_rate": {"value": pulse, "unit": "/min"}},
        }
    )
    return clinic.vitals.record(patient.id, vitals, user).id


def test_the_ma_puts_an_earlier_set_of_today_on_the_sheet(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: HandoutPrompter,  # noqa: F811
    private_tmp: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    earlier = _record(clinic, adult, ana, 40, "64")
    newest = _record(clinic, adult, ana, 5, "88")
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    combo = handout.view.sets_combo
    assert combo.count() == 2 and combo.isEnabled()
    assert combo.currentData() == newest  # the newest by default
    assert combo.itemText(1).startswith("Taken ") and combo.itemText(1).endswith("by Ana Rivera")
    combo.setCurrentIndex(1)
    settle(handout)
    prompter.save_to = tmp_path / "sheet.pdf"
    handout.save_pdf()
    text = "".join(page.extract_text() for page in PdfReader(prompter.save_to).pages)
    assert "64" in text and "88" not in text
    with clinic.db.transaction() as s:
        assert list(s.scalars(select(HandoutPrint.set_id))) == [earlier]
