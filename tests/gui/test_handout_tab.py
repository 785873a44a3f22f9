"""The After-care handout tab: pick by keyboard, fill, preview, print, save; each output recorded.

Real SQLite clinic, real renderer and pdfium; the only stand-ins are the answers to the file and
print dialogs (the scripted prompter) and the printer, a QPrinter writing a PDF into tmp_path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ADULT_MRN, PASSWORD, FakePrompter
from tests.gui.steps import focused, scan, sign_in
from tests.gui.test_accessibility import unnamed_controls
from tests.handouts.handout_pdf_tools import all_text
from vitalsdesk.clinic import Clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.gui.handout_controller import HandoutController
from vitalsdesk.gui.handout_view import DateInput
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.patient_page_controller import HANDOUT_TAB
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.schemas import PatientIn, PatientOut, StaffUserOut

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@dataclass
class HandoutPrompter(FakePrompter):
    """The scripted prompter, plus answers to the file and print dialogs."""

    save_to: Path | None = None
    printer_file: Path | None = None
    print_ok: bool = True
    printers: list[QPrinter] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)

    def save_file(
        self, parent: QWidget, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        self.asked.append(("save_file", suggested))
        return self.save_to

    def new_printer(self) -> QPrinter:
        assert self.printer_file is not None, "the test did not expect a print"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printer_file))
        self.printers.append(printer)
        return printer

    def confirm_printer(self, parent: QWidget, printer: QPrinter) -> bool:
        self.asked.append(("print_dialog", printer.pageLayout().pageSize().id()))
        return self.print_ok

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.informed.append(text)


@pytest.fixture
def prompter(tmp_path: Path) -> HandoutPrompter:
    return HandoutPrompter(printer_file=tmp_path / "printed.pdf")


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty temp folder for Python and Qt alike: what lands there afterwards was ours."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    assert tempfile.gettempdir() == str(folder)
    yield folder


def record_today(clinic: Clinic, patient: PatientOut, user: StaffUserOut) -> None:
    vitals = VitalSignSet.model_validate(
        {
            "birth_date": patient.birth_date,
            "sex": patient.sex,
            "taken_at": datetime.now().astimezone().replace(microsecond=0),
            "measurements": {
                "systolic_bp": {"value": "128", "unit": "mm[Hg]"},
                "diastolic_bp": {"value": "82", "unit": "mm[Hg]"},
                "heart_rate": {"value": "72", "unit": "/min"},
            },
        }
    )
    clinic.vitals.record(patient.id, vitals, user)


def open_handout(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, user: str = "ana", mrn: str = ADULT_MRN
) -> tuple[ShellController, HandoutController]:
    _window, shell = make_shell(clinic)
    sign_in(qtbot, shell, user, PASSWORD)
    scan(qtbot, shell, mrn)
    page = shell.page
    assert page is not None
    # Alt+N: the tab's mnemonic ("After-care ha&ndout").
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.view.ui.tabs.currentIndex() == HANDOUT_TAB, timeout=2000)
    assert page.handout is not None
    return shell, page.handout


def settle(handout: HandoutController) -> None:
    handout.refresh()  # what the quarter-second timer would do


def inked(image: QImage) -> bool:
    """True when the page has something drawn on it (not a blank white sheet)."""
    small = image.scaled(60, 80)
    return any(small.pixelColor(x, y).lightness() < 128 for x in range(60) for y in range(80))


def audit_actions(clinic: Clinic, ana: StaffUserOut, patient: PatientOut) -> list[str]:
    return [e.action for e in clinic.audit_log.events(ana, mrn=patient.mrn)]


def test_pick_by_keyboard_fill_preview_and_save_as_pdf(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: HandoutPrompter,
    private_tmp: Path,
    tmp_path: Path,
) -> None:
    before = sorted(p.name for p in private_tmp.iterdir())
    record_today(clinic, adult, ana)
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    ui = handout.view.ui
    assert focused() is ui.filterEdit

    qtbot.keyClicks(ui.filterEdit, "woun")
    visible = [ui.templateList.item(r) for r in range(ui.templateList.count())]
    shown = [i.text() for i in visible if not i.isHidden()]
    assert shown == [
        "Caring for your wound at home — English",
        "Cómo cuidar su herida en casa — Spanish",
    ]
    assert handout.template is not None and handout.template.id == "wound-care"
    assert handout.template.language == "en"  # the patient's language first

    qtbot.keyClick(ui.filterEdit, Qt.Key.Key_Return)  # on to the fields
    days = focused()
    assert days is handout.inputs[0].focus
    assert handout.inputs[0].spec.name == "dry_days"
    assert isinstance(days, QLineEdit)
    days.selectAll()
    qtbot.keyClicks(days, "3")
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "")  # "once a day" is kept (the default)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "petroleum jelly")
    ui.clinicianEdit.insert("Dr. Alma Núñez")  # QTest cannot type "ú" or "ñ": as if pasted
    settle(handout)

    pages = ui.preview.page_images()
    assert pages and not pages[0].isNull() and pages[0].width() > 300
    assert inked(pages[0])
    assert "Preview" in ui.previewTitleLabel.text()
    assert clinic.handouts.prints(adult.id) == []  # a preview is not a print

    target = tmp_path / "out" / "wound"
    target.parent.mkdir()
    prompter.save_to = target  # the user typed no ".pdf"
    qtbot.mouseClick(ui.savePdfButton, Qt.MouseButton.LeftButton)

    saved = target.with_name("wound.pdf")
    text = all_text(PdfReader(saved))
    assert "García, María" in text
    assert "Caring for your wound at home" in text
    assert "petroleum jelly" in text and "Dr. Alma Núñez" in text
    assert "128/82 mmHg" in text  # today's vitals as recorded
    [(template_id, language, output, _at)] = clinic.handouts.prints(adult.id)
    assert (template_id, language, output) == ("wound-care", "en", "pdf")
    assert "handout_saved" in audit_actions(clinic, ana, adult)
    assert "✓ Saved" in ui.messageLabel.text()
    assert sorted(p.name for p in private_tmp.iterdir()) == before == []


def test_print_sets_the_page_size_and_is_recorded(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: HandoutPrompter,
    private_tmp: Path,
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    ui = handout.view.ui
    assert clinic.settings.page_size == "letter"
    assert ui.pageSizeCombo.currentData() == "letter"  # from the clinic's settings

    qtbot.keyClicks(ui.filterEdit, "blood draw")
    assert handout.template is not None and handout.template.id == "blood-draw"
    ui.pageSizeCombo.setFocus()
    qtbot.keyClick(ui.pageSizeCombo, Qt.Key.Key_Down)  # Letter -> A4
    assert handout.page_size() == "a4"
    qtbot.keyClick(ui.filterEdit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P

    assert prompter.printer_file is not None and prompter.printer_file.exists()
    printed = PdfReader(prompter.printer_file)
    preview_pages = len(ui.preview.page_images())
    assert len(printed.pages) == preview_pages >= 1
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4, not Letter
    assert [p[:3] for p in clinic.handouts.prints(adult.id)] == [("blood-draw", "en", "print")]
    assert "handout_printed" in audit_actions(clinic, ana, adult)
    assert "Sent “After your blood draw” to the printer" in ui.messageLabel.text()
    assert list(private_tmp.iterdir()) == []


def test_the_printed_handout_keeps_its_text(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    prompter: HandoutPrompter,
    private_tmp: Path,
) -> None:
    """Printed to PDF, the sheet is the handout's own PDF: text, not page images (pdftotext
    finds the patient's name), and nothing else written on the way."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    ui = handout.view.ui
    qtbot.keyClicks(ui.filterEdit, "blood draw")
    qtbot.keyClick(ui.filterEdit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert prompter.printer_file is not None and prompter.printer_file.exists()
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(prompter.printer_file), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "García" in text and "María" in text
    assert list(private_tmp.iterdir()) == []


def test_letter_by_default_and_a_cancelled_print_records_nothing(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    adult: PatientOut,
    prompter: HandoutPrompter,
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    prompter.print_ok = False
    qtbot.mouseClick(handout.view.ui.printButton, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QPageSize

    assert prompter.questions("print_dialog") == [QPageSize.PageSizeId.Letter]
    assert clinic.handouts.prints(adult.id) == []
    assert "Not printed" in handout.view.ui.messageLabel.text()


def test_a_missing_required_field_is_named_and_nothing_is_recorded(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    ana: StaffUserOut,
    adult: PatientOut,
    prompter: HandoutPrompter,
    tmp_path: Path,
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    ui = handout.view.ui
    qtbot.keyClicks(ui.filterEdit, "vaccine")
    # The children's sheet ("After your child's vaccines") comes first; ↓ goes to the adults' one.
    assert handout.template is not None and handout.template.id == "immunization-child"
    qtbot.keyClick(ui.filterEdit, Qt.Key.Key_Down)
    assert handout.template is not None and handout.template.id == "immunization"
    vaccines = next(i for i in handout.inputs if i.spec.name == "vaccines_given")
    assert "(required)" in vaccines.label.text()  # said in words, not only by colour
    settle(handout)
    # The preview still shows the sheet, with a line where the value goes.
    assert ui.preview.page_images()
    assert "Still to fill in before printing: Vaccine(s) given today" in ui.messageLabel.text()

    prompter.save_to = tmp_path / "never.pdf"
    for button, not_done in ((ui.printButton, "Not printed"), (ui.savePdfButton, "Not saved")):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert ui.messageLabel.text().startswith(f"✖ {not_done}: Still to fill in")
        assert ui.messageLabel.property("tone") == "problem"
        assert vaccines.focus.property("invalid") == "true"
        assert focused() is vaccines.focus

    assert prompter.questions("print_dialog") == [] and prompter.questions("save_file") == []
    assert not (tmp_path / "never.pdf").exists()
    assert clinic.handouts.prints(adult.id) == []
    assert not {"handout_printed", "handout_saved"} & set(audit_actions(clinic, ana, adult))

    qtbot.keyClicks(vaccines.focus, "Influenza")
    qtbot.mouseClick(ui.printButton, Qt.MouseButton.LeftButton)
    assert [p[:3] for p in clinic.handouts.prints(adult.id)] == [("immunization", "en", "print")]
    assert vaccines.focus.property("invalid") is None


def test_a_number_field_takes_a_comma_and_a_date_can_be_left_blank(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: HandoutPrompter, tmp_path: Path
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    qtbot.keyClicks(handout.view.ui.filterEdit, "checking your blood")
    assert handout.template is not None and handout.template.id == "bp-home-monitoring"
    recheck = next(i for i in handout.inputs if i.spec.name == "recheck_date")
    assert isinstance(recheck, DateInput) and recheck.blank is not None
    assert recheck.blank.isChecked() and recheck.value() == ""  # optional: blank by default
    assert not recheck.edit.isEnabled()
    recheck.blank.setChecked(False)
    recheck.edit.setDate(QDate(2031, 5, 6))
    assert recheck.value() == "2031-05-06"
    top = next(i for i in handout.inputs if i.spec.name == "call_top")
    qtbot.keyClicks(top.focus, "150,5")
    assert top.value() == "150.5"
    settle(handout)
    # The numbers to call about are the clinician's to write: both are required.
    assert handout.problems is not None and handout.problems.missing == ["call_bottom"]
    bottom = next(i for i in handout.inputs if i.spec.name == "call_bottom")
    qtbot.keyClicks(bottom.focus, "95")
    settle(handout)
    assert handout.problems is None

    prompter.save_to = tmp_path / "bp.pdf"
    qtbot.mouseClick(handout.view.ui.savePdfButton, Qt.MouseButton.LeftButton)
    text = all_text(PdfReader(tmp_path / "bp.pdf"))
    assert "150.5" in text and "2031" in text


def test_the_patients_language_comes_first(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: HandoutPrompter
) -> None:
    clinic.patients.register(
        PatientIn(
            mrn="ES-1",
            family_name="Peña",
            given_name="Lucía",
            birth_date=date(1985, 2, 3),
            sex=AdministrativeSex.FEMALE,
            preferred_language="es",
        ),
        clinic.accounts.sign_in("ben", PASSWORD),
    )
    _shell, handout = open_handout(qtbot, make_shell, clinic, mrn="ES-1")
    listed = handout.view.ui.templateList
    languages = [listed.item(r).text().rsplit(" — ", 1)[1] for r in range(listed.count())]
    assert languages == sorted(languages, key=lambda name: name != "Spanish")
    assert languages[0] == "Spanish" and "English" in languages
    assert handout.template is not None and handout.template.language == "es"
    assert "Spanish is the patient's preferred language" in handout.view.ui.hintLabel.text()
    qtbot.keyClicks(handout.view.ui.filterEdit, "cafe-no-such-handout")
    assert handout.template is None
    assert "No handout matches" in handout.view.ui.messageLabel.text()
    assert handout.view.ui.preview.page_images() == []
    assert not handout.view.ui.printButton.isEnabled()


@pytest.mark.parametrize(("user", "shown"), [("ana", True), ("ben", False)])
def test_template_errors_are_shown_to_administrators_only(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    prompter: HandoutPrompter,
    user: str,
    shown: bool,
) -> None:
    folder = clinic.data_dir / "handouts"
    folder.mkdir()
    (folder / "broken.en.toml").write_text('id = "broken"\nlanguage = "en"\ntitle = \n', "utf-8")
    _shell, handout = open_handout(qtbot, make_shell, clinic, user=user)
    label = handout.view.ui.templateErrorsLabel
    assert label.isVisibleTo(handout.view) is shown
    if shown:
        assert "broken.en.toml:3" in label.text() and "administrators" in label.text()
    assert handout.view.ui.templateList.count() == 20  # the app goes on without the bad file


def test_every_control_on_the_tab_has_an_accessible_name(
    qtbot: QtBot, make_shell: Shell, clinic: Clinic, prompter: HandoutPrompter
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    for words in ("wound", "checking your blood", "vaccine"):  # text, number and date fields
        handout.view.ui.filterEdit.clear()
        qtbot.keyClicks(handout.view.ui.filterEdit, words)
        assert handout.inputs
        assert unnamed_controls(handout.view) == []


def test_a_folder_that_cannot_be_written_records_nothing(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    adult: PatientOut,
    prompter: HandoutPrompter,
    tmp_path: Path,
) -> None:
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    prompter.save_to = tmp_path / "no-such-folder" / "sheet.pdf"
    qtbot.mouseClick(handout.view.ui.savePdfButton, Qt.MouseButton.LeftButton)
    [message] = prompter.questions("error")
    assert "Cannot write" in message and "Nothing was recorded" in message
    assert clinic.handouts.prints(adult.id) == []


def test_the_save_dialog_refuses_the_clinics_backups_folder(
    qtbot: QtBot,
    make_shell: Shell,
    clinic: Clinic,
    adult: PatientOut,
    prompter: HandoutPrompter,
) -> None:
    """Red team, part 3: a handout saved into the clinic's own folders is refused with a plain
    message; nothing is written or recorded."""
    _shell, handout = open_handout(qtbot, make_shell, clinic)
    backups = clinic.data_folder.backups
    backups.mkdir(exist_ok=True)  # as after the clinic's first backup
    prompter.save_to = backups / "sheet.pdf"
    qtbot.mouseClick(handout.view.ui.savePdfButton, Qt.MouseButton.LeftButton)
    [message] = prompter.questions("error")
    assert "Cannot write" in message and "the clinic's backups folder" in message
    assert not (backups / "sheet.pdf").exists()
    assert clinic.handouts.prints(adult.id) == []
