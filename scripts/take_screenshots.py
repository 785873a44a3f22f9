"""Save PNGs of VitalsDesk's main screens into a folder (run by scripts/screenshots.sh under Xvfb).

Builds a throw-away SAMPLE clinic in a temporary data folder, then drives the real window the way
an MA does (keystrokes through QTest) and grabs each screen once it is exposed and painted:
sign-in, patient search, the vitals form with flags, history with trends, the critical-value
question, and the after-care handout tab with its preview; then a clinician opens a baby's history,
its trends and its growth charts. The window is 1366x768, the size of a common exam-room PC, or the size
given after the folder (1280x720, 1024x768: the small screens it must fit).
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from vitalsdesk import app
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.clinical.measurements import VitalSignSet
from vitalsdesk.devices.gatt import Characteristic
from vitalsdesk.devices.transport import ReplayEntry
from vitalsdesk.gui.application import create_application
from vitalsdesk.gui.dialogs import CriticalValuesDialog
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.devices import DeviceIn
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

# The common exam-room PC; scripts/screenshots.sh also asks for 1280x720 and 1024x768.
DEFAULT_SIZE = (1366, 768)
SIZE = DEFAULT_SIZE
PASSWORD = "sample-clinic"
PATIENTS = [
    ("SAMPLE-1001", "García", "María", date(1968, 4, 12), "female", "es"),
    ("SAMPLE-1002", "Garner", "James", date(1975, 9, 30), "male", "en"),
    ("SAMPLE-1003", "Garrido", "Lucía", date(2019, 2, 3), "female", "es"),
    ("SAMPLE-1004", "Nguyen", "Linh", date(1990, 11, 21), "female", "en"),
    ("SAMPLE-1005", "Okafor", "Chidi", date(1958, 6, 5), "male", "en"),
]
# A baby boy 12 months old today, and his well-baby visits: (age in days, kg, cm, head cm).
BABY = ("SAMPLE-1006", "Kim", "Noah", "male", "en")
BABY_AGE_DAYS = 372
BABY_VISITS = [
    (4, "3.45", "50.2", "34.8"),
    (33, "4.6", "54.9", "37.6"),
    (63, "5.9", "59.0", "39.5"),
    (124, "7.3", "64.6", "42.0"),
    (186, "8.3", "68.4", "43.9"),
    (276, "9.3", "72.9", "45.4"),
    (368, "10.1", "76.8", "46.6"),
]
# (days ago, systolic, diastolic, pulse, temperature °F, weight lb) for María García.
HISTORY = [
    (540, "124", "78", "72", "98.4", "158"),
    (420, "128", "80", "76", "98.6", "161"),
    (300, "131", "83", "70", "98.2", "163.5"),
    (200, "126", "79", "74", "98.7", "162"),
    (95, "136", "86", "78", "99.1", "166"),
    (21, "142", "88", "81", "98.6", "168.5"),
]


def seed(clinic: Clinic) -> PatientOut:
    admin = clinic.accounts.create_first_admin("admin", PASSWORD, "Sample administrator")
    # The screens as an MA sees them (an assistant: no audit log, no category names).
    ana = clinic.accounts.add_user(
        "ana", PASSWORD, "assistant", "Ana Rivera (sample MA)", actor=admin
    )
    registered = [
        clinic.patients.register(
            PatientIn(
                mrn=mrn,
                family_name=family,
                given_name=given,
                birth_date=born,
                sex=sex,
                preferred_language=language,
            ),
            admin,
            is_sample=True,
        )
        for mrn, family, given, born, sex, language in PATIENTS
    ]
    maria = registered[0]
    for days, sbp, dbp, pulse, temp, weight in HISTORY:
        taken = datetime.now(UTC).replace(hour=15, minute=20) - timedelta(days=days)
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": maria.birth_date,
                "sex": maria.sex,
                "taken_at": taken,
                "measurements": {
                    "systolic_bp": {"value": sbp, "unit": "mm[Hg]", "position": "sitting"},
                    "diastolic_bp": {"value": dbp, "unit": "mm[Hg]", "position": "sitting"},
                    "heart_rate": {"value": pulse, "unit": "/min"},
                    "respiratory_rate": {"value": "16", "unit": "/min"},
                    "body_temperature": {"value": temp, "unit": "[degF]", "method": "oral"},
                    "oxygen_saturation": {"value": "98", "unit": "%"},
                    "body_height": {"value": "64", "unit": "[in_i]"},
                    "body_weight": {"value": weight, "unit": "[lb_av]"},
                    "pain_score": {"value": "0"},
                },
            }
        )
        clinic.vitals.record(maria.id, vitals, ana, clinician_notified=True)
    clinic.accounts.add_user(
        "dr.park", PASSWORD, "clinician", "Dr. Cleo Park (sample)", actor=admin
    )
    seed_baby(clinic, admin, ana)
    clinic.devices.add(
        admin,
        DeviceIn(
            name="Room 3 devices",
            address="replay:screens",
            transport="replay",
            characteristics="2A35 2A1C 2A9D 2A5E",
        ),
    )
    return maria


def device_readings(when: datetime) -> list[ReplayEntry]:
    """A cuff, a thermometer (ear), a scale (kg) and an oximeter, stamped `when` (GATT Date Time):
    the payloads of resources/devices/sample-replay.json with today's time."""
    stamp = (
        when.year.to_bytes(2, "little")
        + bytes([when.month, when.day, when.hour, when.minute, when.second])
    ).hex()
    payloads = [
        (0x2A35, "1e" + "800052006100" + stamp + "4800010000"),
        (0x2A1C, "06" + "6e0100ff" + stamp + "09"),
        (0x2A9D, "0a" + "b036" + stamp + "0001d606"),
        (0x2A5E, "03" + "61004800" + stamp + "8000"),
    ]
    return [
        ReplayEntry(Characteristic(code), bytes.fromhex(text), Decimal(0))
        for code, text in payloads
    ]


def seed_baby(clinic: Clinic, admin: StaffUserOut, ana: StaffUserOut) -> None:
    mrn, family, given, sex, language = BABY
    today = datetime.now(UTC).replace(hour=15, minute=20, second=0, microsecond=0)
    baby = clinic.patients.register(
        PatientIn(
            mrn=mrn,
            family_name=family,
            given_name=given,
            birth_date=(today - timedelta(days=BABY_AGE_DAYS)).date(),
            sex=sex,
            preferred_language=language,
        ),
        admin,
        is_sample=True,
    )
    for age_days, kg, cm, head in BABY_VISITS:
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": baby.birth_date,
                "sex": baby.sex,
                "taken_at": today - timedelta(days=BABY_AGE_DAYS - age_days),
                "measurements": {
                    "heart_rate": {"value": "128", "unit": "/min"},
                    "body_height": {"value": cm, "unit": "cm"},
                    "body_weight": {"value": kg, "unit": "kg"},
                    "head_circumference": {"value": head, "unit": "cm"},
                },
            }
        )
        clinic.vitals.record(baby.id, vitals, ana)


def settle(widget: QWidget, ms: int = 250) -> None:
    QTest.qWait(ms)  # a few event-loop turns so layout and paint are done
    widget.repaint()
    QTest.qWait(50)


def save(widget: QWidget, out: Path, name: str) -> None:
    settle(widget)
    target = out / name
    if not widget.grab().save(str(target)):
        raise SystemExit(f"could not write {target}")
    small_png(target)
    print(f"saved {target} ({widget.width()}x{widget.height()})")


def small_png(path: Path) -> None:
    """256 colours, no dithering: the screens are flat fills and text, and the PNGs live in git
    (a third of the size of a full-colour grab)."""
    from PIL import Image  # Pillow comes with ReportLab

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def keys(widget: QWidget, text: str, enter: bool = False) -> None:
    QTest.keyClicks(widget, text)
    if enter:
        QTest.keyClick(widget, Qt.Key.Key_Return)


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str]) -> int:
    global SIZE
    if len(argv) not in (2, 3):
        print(f"usage: {argv[0]} OUTPUT_DIR [WIDTHxHEIGHT]", file=sys.stderr)
        return 2
    SIZE = parse_size(argv[2]) if len(argv) == 3 else DEFAULT_SIZE
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    # A throw-away clinic: its own data folder and database key, gone when the script ends.
    os.environ.setdefault("VITALSDESK_DB_KEY", secrets.token_hex(32))
    with tempfile.TemporaryDirectory(prefix="vitalsdesk-screens-") as tmp:
        data_dir = Path(os.environ.get("VITALSDESK_DATA_DIR") or tmp) / "screens"
        qapp = create_application(["vitalsdesk"], app.load_stylesheet())
        clinic = open_clinic(data_dir)
        try:
            maria = seed(clinic)
            return shoot(qapp, clinic, maria, out)
        finally:
            clinic.close()


def shoot(qapp: QApplication, clinic: Clinic, maria: PatientOut, out: Path) -> int:
    window = MainWindow()
    shell = ShellController(window)
    window.resize(*SIZE)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("the main window was never exposed", file=sys.stderr)
        return 1
    window.activateWindow()
    shell.attach_clinic(clinic)

    sign_in = shell.sign_in_view.ui
    keys(sign_in.userNameEdit, "ana")
    save(window, out, "sign_in.png")

    sign_in.passwordEdit.setFocus()
    keys(sign_in.passwordEdit, PASSWORD, enter=True)
    assert shell.search is not None
    for mrn in ("SAMPLE-1005", "SAMPLE-1004"):  # two patients seen earlier today
        shell.search.search.ui.findEdit.setFocus()
        keys(shell.search.search.ui.findEdit, mrn, enter=True)
        shell.find_patient()
    find = shell.search.search.ui.findEdit
    find.clear()
    keys(find, "gar")
    QTest.qWait(400)  # type-ahead
    save(window, out, "patient_search.png")

    find.clear()
    keys(find, maria.mrn, enter=True)
    assert shell.page is not None
    form = shell.page.form_view.ui
    form.systolicEdit.setFocus()
    for text in ("152/94", "104", "18", "100.9", "94", "64", "171", "3"):
        widget = qapp.focusWidget()
        assert widget is not None
        keys(widget, text, enter=True)
    form.painEdit.setFocus()
    save(window, out, "vitals_form.png")

    assert shell.page.form.assessment is not None
    dialog = CriticalValuesDialog(
        [
            "Systolic blood pressure 186 mmHg: ▲▲ Far above the reference range — "
            "tell the clinician now"
        ],
        window,
    )
    dialog.show()
    save(dialog, out, "critical_value.png")
    dialog.close()

    form.clearButton.click()  # the history screen shows the recorded sets only

    # The room's devices send their readings while María's form is open: they fill it, marked.
    assert shell.capture is not None
    [kit] = clinic.devices.devices()
    shell.capture.play(kit, device_readings(datetime.now().replace(microsecond=0)))
    form.saveButton.setFocus()
    QTest.qWait(300)
    save(window, out, "device_readings.png")
    form.clearButton.click()
    # A reading with no patient open waits on the Devices page.
    shell.find_patient()
    shell.capture.play(kit, device_readings(datetime.now().replace(microsecond=0))[:1])
    shell.show_devices()
    QTest.qWait(300)
    save(window, out, "devices_unassigned.png")
    assert shell.devices is not None
    shell.devices.view.waiting_table.selectRow(0)
    shell.capture.discard(clinic.devices.waiting()[0].id)
    shell.find_patient()
    find = shell.search.search.ui.findEdit
    find.clear()
    keys(find, maria.mrn, enter=True)
    assert shell.page is not None
    form = shell.page.form_view.ui
    shell.page.show_history()
    QTest.qWait(300)
    save(window, out, "history_trends.png")

    # Today's set, then the handout tab: the sheet shows it as recorded.
    record_today(clinic, maria)
    shell.find_patient()
    find = shell.search.search.ui.findEdit
    find.clear()
    keys(find, maria.mrn, enter=True)
    assert shell.page is not None
    handout = shell.page.show_handout()
    keys(handout.view.ui.filterEdit, "herida", enter=True)  # Spanish first: María's language
    for field_input in handout.inputs:
        if field_input.spec.name == "ointment":
            keys(field_input.focus, "vaselina")
    keys(handout.view.ui.clinicianEdit, "Dr. Alma Ruiz")
    handout.refresh()
    handout.view.ui.filterEdit.setFocus()
    QTest.qWait(300)  # the preview refits to its final width
    save(window, out, "handout.png")

    # A clinician signs in and opens the baby's history: the trends and the growth charts.
    shell.sign_out()
    sign_in = shell.sign_in_view.ui
    sign_in.userNameEdit.clear()
    keys(sign_in.userNameEdit, "dr.park")
    sign_in.passwordEdit.setFocus()
    keys(sign_in.passwordEdit, PASSWORD, enter=True)
    assert shell.search is not None
    find = shell.search.search.ui.findEdit
    find.setFocus()
    find.clear()
    keys(find, BABY[0], enter=True)
    assert shell.page is not None
    shell.page.show_history()
    QTest.qWait(300)
    history = shell.page.history
    tabs = history._chart_tabs
    assert tabs is not None, "the clinician should see the growth charts"
    # A baby has no blood pressure, temperature or BMI: those charts say "No readings yet".
    save(window, out, "history_trends_baby.png")
    tabs.setCurrentIndex(1)  # the page gives the table its rows and the charts the rest
    QTest.qWait(300)
    save(window, out, "history_growth.png")
    from clinician_screenshots import shoot_clinician  # beside this script

    shoot_clinician(window, shell, clinic, maria, out, PASSWORD, keys, save)
    window.close()
    return 0


def record_today(clinic: Clinic, patient: PatientOut) -> None:
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20),
            "measurements": {
                "systolic_bp": {"value": "138", "unit": "mm[Hg]", "position": "sitting"},
                "diastolic_bp": {"value": "86", "unit": "mm[Hg]", "position": "sitting"},
                "heart_rate": {"value": "78", "unit": "/min"},
                "body_temperature": {"value": "98.8", "unit": "[degF]", "method": "oral"},
                "oxygen_saturation": {"value": "98", "unit": "%"},
            },
        }
    )
    clinic.vitals.record(patient.id, vitals, ana, clinician_notified=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
