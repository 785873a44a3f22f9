"""The clinician's screens for scripts/take_screenshots.py (issue 13): an MA rooms María and saves
a critical set with the clinician told, locks, and a clinician comes in by "Switch user" to the
Clinician tab, with the count of critical sets in the header."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientOut

Keys = Callable[[QWidget, str, bool], None]
Save = Callable[[QWidget, Path, str], None]


def shoot_clinician(
    window: MainWindow,
    shell: ShellController,
    clinic: Clinic,
    maria: PatientOut,
    out: Path,
    password: str,
    keys: Keys,
    save: Save,
) -> None:
    shell.sign_out()
    _sign_in(shell, "ana", password, keys)
    assert shell.search is not None
    find = shell.search.search.ui.findEdit
    find.setFocus()
    find.clear()
    keys(find, maria.mrn, True)
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": maria.birth_date,
            "sex": maria.sex,
            "taken_at": datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5),
            "measurements": {
                "systolic_bp": {"value": "186", "unit": "mm[Hg]", "position": "sitting"},
                "diastolic_bp": {"value": "96", "unit": "mm[Hg]", "position": "sitting"},
                "heart_rate": {"value": "104", "unit": "/min"},
                "respiratory_rate": {"value": "22", "unit": "/min"},
                "body_temperature": {"value": "100.9", "unit": "[degF]", "method": "oral"},
                "oxygen_saturation": {"value": "94", "unit": "%"},
                "body_height": {"value": "64", "unit": "[in_i]"},
                "body_weight": {"value": "171", "unit": "[lb_av]"},
            },
        }
    )
    clinic.vitals.record(maria.id, vitals, ana, clinician_notified=True)
    shell.lock()
    shell.switch_user()
    _sign_in(shell, "dr.park", password, keys)
    page = shell.page
    assert page is not None and page.clinician is not None
    ui = page.clinician.view.ui
    ui.consciousnessCombo.setCurrentIndex(ui.consciousnessCombo.findData("alert"))
    QTest.qWait(300)
    save(window, out, "clinician_view.png")
    page.show_history()
    QTest.qWait(300)
    save(window, out, "history_visits.png")


def _sign_in(shell: ShellController, user: str, password: str, keys: Keys) -> None:
    ui = shell.sign_in_view.ui
    ui.userNameEdit.clear()
    keys(ui.userNameEdit, user, False)
    ui.passwordEdit.setFocus()
    keys(ui.passwordEdit, password, True)
