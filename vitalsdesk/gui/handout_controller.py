"""The handout tab: pick an after-care sheet, fill its fields, see it, print it or save it as PDF.

- The list shows every template and language, the patient's preferred language first; typing in
  the find box filters it (accents and case ignored) and ↑/↓ choose without leaving the box.
- The fields are checked as they are typed with the renderer's own rules (`resolve_fields`), and
  the preview follows a quarter of a second after the last change. A preview is never recorded.
- Print… and Save as PDF… go through `HandoutService.produce`, which records the print (who, when,
  which template and language) with its audit event. The PDF stays in memory: pdfium draws it for
  the screen and the printer, and only the file the user chose is written.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QWidget

from vitalsdesk.gui.handout_view import FieldInput, HandoutView, TextInput
from vitalsdesk.gui.patient_views import LANGUAGES
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.handouts.model import HandoutTemplate
    from vitalsdesk.handouts.render import HandoutFieldError
    from vitalsdesk.handouts.request import HandoutRequest
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250
LANGUAGE_NAMES = {code: name for name, code in LANGUAGES}
PAGE_SIZE_IDS = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
MAX_ERRORS_SHOWN = 3


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def search_text(text: str) -> str:
    """Lower case without accents: "cafe" finds "Café", "herida" finds "Herida"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class HandoutController(QObject):
    def __init__(
        self,
        view: HandoutView,
        clinic: ClinicServices,
        user: StaffUserOut,
        patient: PatientOut,
        prompter: Prompter,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.clinic = clinic
        self.user = user
        self.patient = patient
        self.prompter = prompter
        self.today = today
        self.library = clinic.handouts.library()
        self.template: HandoutTemplate | None = None
        self.inputs: list[FieldInput] = []
        self.problems: HandoutFieldError | None = None
        self.preview_pdf: bytes = b""  # what the preview shows; never written anywhere
        self._notice = ""  # the last print or save, until the sheet changes
        self._search: dict[tuple[str, str], str] = {}
        self._shown: tuple[str, str, bool, str] | None = None  # what the preview was drawn from

        ui = view.ui
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        ui.pageSizeCombo.select_data(clinic.settings.page_size)
        self._fill_list()
        self._show_template_errors()

        ui.filterEdit.textChanged.connect(self._filter)
        ui.filterEdit.installEventFilter(self)
        ui.templateList.currentItemChanged.connect(self._current_changed)
        ui.templateList.itemActivated.connect(lambda _item: self.focus_first_field())
        ui.clinicianEdit.textChanged.connect(self.schedule)
        ui.pageSizeCombo.currentIndexChanged.connect(self.schedule)
        ui.largePrintCheck.toggled.connect(self.schedule)
        ui.printButton.clicked.connect(self.print_handout)
        ui.savePdfButton.clicked.connect(self.save_pdf)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), view, self.print_handout)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        first = self._visible_items()
        if first:
            ui.templateList.setCurrentItem(first[0])
            self.refresh()  # the first preview at once, not after the typing delay
        else:
            self._choose(None)

    # -- the list --------------------------------------------------------------------------------

    def _fill_list(self) -> None:
        preferred = self.patient.preferred_language
        for entry in self.library.list(prefer_language=preferred):
            language = language_name(entry.language)
            origin = " · this clinic's own" if entry.origin == "clinic" else ""
            self.view.add_template(
                f"{entry.title} — {language}",
                (entry.id, entry.language),
                f"{entry.id} ({entry.language}), version {entry.version}{origin}",
            )
            self._search[(entry.id, entry.language)] = search_text(
                f"{entry.title} {language} {entry.language} {entry.id}"
            )
        name = language_name(preferred)
        self.view.ui.hintLabel.setText(
            f"Handouts in {name} come first: {name} is the patient's preferred language."
        )

    def _visible_items(self) -> list[QListWidgetItem]:
        listed = self.view.ui.templateList
        items = (listed.item(row) for row in range(listed.count()))
        return [item for item in items if not item.isHidden()]

    def _filter(self, text: str) -> None:
        words = search_text(text).split()
        listed = self.view.ui.templateList
        for row in range(listed.count()):
            item = listed.item(row)
            key = self.view.item_key(item)
            haystack = self._search.get(key, "") if key else ""
            item.setHidden(not all(word in haystack for word in words))
        visible = self._visible_items()
        current = listed.currentItem()
        if not visible:
            # Qt takes nullptr here (no current item); the stubs allow only an item.
            listed.setCurrentItem(None)  # type: ignore[call-overload]
            self._choose(None)
            self.view.show_message(
                f"No handout matches “{text.strip()}”. Clear the box to see them all.",
                problem=True,
            )
        elif current is None or current.isHidden():
            listed.setCurrentItem(visible[0])

    def _move(self, step: int) -> None:
        visible = self._visible_items()
        if not visible:
            return
        current = self.view.ui.templateList.currentItem()
        index = visible.index(current) if current in visible else -1
        target = visible[max(0, min(len(visible) - 1, index + step))]
        self.view.ui.templateList.setCurrentItem(target)
        self.view.ui.templateList.scrollToItem(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The find box keeps the focus while ↑/↓ choose in the list; Enter goes to the fields.
        if watched is self.view.ui.filterEdit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(5 if key == Qt.Key.Key_PageDown else -5)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.template is not None:
                    self.focus_first_field()
                return True
        return super().eventFilter(watched, event)

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        key = self.view.item_key(current)
        self._choose(self.library.get(*key) if key else None)

    # -- the template and its fields -------------------------------------------------------------

    def _choose(self, template: HandoutTemplate | None) -> None:
        self.template = template
        self._notice = ""
        self.inputs = self.view.set_fields(list(template.fields) if template else [], self.today())
        chain = self._focus_chain()
        for field_input in self.inputs:
            field_input.on_change(self.schedule)
            if isinstance(field_input, TextInput):
                edit = field_input.edit
                edit.returnPressed.connect(lambda edit=edit: self._next_after(edit, chain))
        self.view.ui.fieldsTitleLabel.setVisible(template is not None)
        for widget in (self.view.ui.printButton, self.view.ui.savePdfButton):
            widget.setEnabled(template is not None)
        if template is None:
            self._timer.stop()
            self.preview_pdf = b""
            self._shown = None
            self.view.ui.preview.clear()
            self.view.ui.previewTitleLabel.setText("Choose a handout to see it here.")
            return
        self.view.show_message("")
        # Arrowing through the list draws only the handout it stops on.
        self.view.ui.previewTitleLabel.setText(f"Drawing “{template.title}”…")
        self._timer.start()

    def _focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for field_input in self.inputs:
            chain += field_input.widgets()
        return [*chain, self.view.ui.clinicianEdit]

    @staticmethod
    def _next_after(widget: QWidget, chain: list[QWidget]) -> None:
        index = chain.index(widget) if widget in chain else -1
        if 0 <= index < len(chain) - 1:
            chain[index + 1].setFocus(Qt.FocusReason.TabFocusReason)

    def focus(self) -> None:
        """The tab was opened: the find box has the keyboard."""
        self.view.ui.filterEdit.setFocus()
        self.view.ui.filterEdit.selectAll()

    def focus_first_field(self) -> None:
        chain = self._focus_chain()
        chain[0].setFocus(Qt.FocusReason.TabFocusReason)

    def values(self) -> dict[str, str]:
        return {field_input.spec.name: field_input.value() for field_input in self.inputs}

    def page_size(self) -> str:
        return str(self.view.ui.pageSizeCombo.currentData())

    # -- check and preview -----------------------------------------------------------------------

    def schedule(self) -> None:
        self._notice = ""
        self._timer.start()

    def _request(self, fields: dict[str, str]) -> HandoutRequest:
        assert self.template is not None
        return self.clinic.handouts.request_for(
            self.patient.id,
            self.template,
            fields=fields,
            large_print=self.view.ui.largePrintCheck.isChecked(),
            page_size=self.page_size(),
            clinician_name=self.view.ui.clinicianEdit.text().strip(),
        )

    def _check(self, request: HandoutRequest) -> HandoutFieldError | None:
        from vitalsdesk.handouts.render import HandoutFieldError, resolve_fields

        assert self.template is not None
        try:
            resolve_fields(self.template, request)
        except HandoutFieldError as exc:
            return exc
        return None

    def refresh(self) -> None:
        """Check the fields and redraw the preview (a preview is not recorded)."""
        self._timer.stop()
        template = self.template
        if template is None:
            return
        fields = self.values()
        try:
            request = self._request(fields)
        except (ServiceError, ValidationError) as exc:
            self.view.show_message(_first_line(exc), problem=True)
            return
        self.problems = self._check(request)
        invalid = {n for n, _ in self.problems.invalid} if self.problems else set()
        wrong = invalid | set(self.problems.missing) if self.problems else set()
        for field_input in self.inputs:
            field_input.set_invalid(field_input.spec.name in invalid)
        if self.problems is None:
            self.view.show_message(self._notice, problem=False)
            sheet, sheet_request = template, request
        else:
            self.view.show_message(self._problem_text(self.problems), problem=bool(invalid))
            # The preview shows the sheet as it would print with lines where values are missing.
            sheet = template.model_copy(
                update={
                    "fields": [f.model_copy(update={"required": False}) for f in template.fields]
                }
            )
            kept = {name: value for name, value in fields.items() if name not in wrong}
            sheet_request = request.model_copy(update={"fields": kept})
        self._preview(sheet, sheet_request)

    def _preview(self, sheet: HandoutTemplate, request: HandoutRequest) -> None:
        from vitalsdesk.gui.pdf_pages import PdfError
        from vitalsdesk.handouts.render import HandoutError

        # The same sheet for the same request is not drawn twice (Print… checks once more).
        key = (sheet.id, sheet.language, self.problems is None, request.model_dump_json())
        if key == self._shown:
            return
        try:
            data = self.clinic.handouts.preview(sheet, request)
            self.view.ui.preview.set_pdf(data)
        except (HandoutError, PdfError) as exc:
            log.error("handout preview failed: %s", type(exc).__name__)  # no PHI in the log
            self._shown = None
            self.view.ui.preview.clear()
            self.view.ui.previewTitleLabel.setText(f"✖ The preview cannot be drawn: {exc}")
            return
        self._shown = key
        self.preview_pdf = data
        pages = len(self.view.ui.preview.page_images())
        paper = "Letter" if request.page_size == "letter" else "A4"
        size = ", large print" if request.large_print else ""
        still = " Blank lines: fields not filled in yet." if self.problems else ""
        self.view.ui.previewTitleLabel.setText(
            f"Preview: {pages} page{'s' if pages != 1 else ''}, {paper}{size}. Nothing is "
            f"printed or recorded until you press Print or Save as PDF.{still}"
        )

    def _label(self, name: str) -> str:
        spec = self.template.field(name) if self.template else None
        return spec.label if spec else name

    def _problem_text(self, problems: HandoutFieldError) -> str:
        parts = []
        if problems.missing:
            names = "; ".join(self._label(n) for n in problems.missing)
            parts.append(f"Still to fill in before printing: {names}.")
        parts += [f"{self._label(n)}: {what}." for n, what in problems.invalid]
        if problems.unknown:  # a bug: the form is made from the template's own fields
            parts.append(f"Fields this handout does not have: {', '.join(problems.unknown)}.")
        return " ".join(parts)

    def _show_template_errors(self) -> None:
        """Template files left out of the library: only an administrator can fix them."""
        errors = self.library.errors
        label = self.view.ui.templateErrorsLabel
        if not errors or self.user.role != "admin":
            label.hide()
            return
        count = len(errors)
        shown = "\n".join(f"• {error}" for error in errors[:MAX_ERRORS_SHOWN])
        more = f"\n…and {count - MAX_ERRORS_SHOWN} more." if count > MAX_ERRORS_SHOWN else ""
        label.setText(
            f"For administrators: {count} handout file{'s were' if count > 1 else ' was'} left "
            f"out of this list because of an error.\n{shown}{more}"
        )
        label.setToolTip("\n".join(str(error) for error in errors))
        label.show()

    # -- print and save --------------------------------------------------------------------------

    def _ready(self, not_done: str) -> HandoutRequest | None:
        """The request to produce, or None with the problems shown and the first one focused."""
        self.refresh()
        if self.template is None:
            return None
        if self.problems is not None:
            problems = self.problems
            wrong = [*problems.missing, *(n for n, _ in problems.invalid)]
            for field_input in self.inputs:
                field_input.set_invalid(field_input.spec.name in wrong)
            self.view.show_message(f"{not_done}: {self._problem_text(problems)}", problem=True)
            first = next((i for i in self.inputs if i.spec.name in wrong), None)
            if first is not None:
                first.focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        try:
            return self._request(self.values())
        except (ServiceError, ValidationError) as exc:
            self.view.show_message(_first_line(exc), problem=True)
            return None

    def _produce(self, request: HandoutRequest, output: str) -> bytes | None:
        """Render and record (who, when, template, language) with its audit event."""
        assert self.template is not None
        try:
            return self.clinic.handouts.produce(
                self.patient.id,
                self.template,
                request,
                self.user,
                "print" if output == "print" else "pdf",
            )
        except ServiceError as exc:
            self.view.show_message(
                f"Not {'printed' if output == 'print' else 'saved'}: {exc}", problem=True
            )
            return None

    def print_handout(self) -> None:
        from vitalsdesk.gui.pdf_pages import print_pdf

        request = self._ready("Not printed")
        if request is None or self.template is None:
            return
        printer = self.prompter.new_printer()
        # QPrinter starts on A4 whatever the locale (docs/platform.md, "Printing and PDFs"): use
        # the sheet's size.
        printer.setPageSize(QPageSize(PAGE_SIZE_IDS[request.page_size]))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)  # the sheet has its own margins
        printer.setDocName("VitalsDesk after-care handout")  # print queues show this: no name
        printer.setCreator("VitalsDesk")
        if not self.prompter.confirm_printer(self.view, printer):
            self.view.show_message("Not printed: the print dialog was closed.", problem=False)
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.prompter.error(
                self.view,
                "The handout was not printed",
                "The printer could not be started. Check that it is on and connected, or save "
                "the handout as PDF instead. Nothing was recorded.",
            )
            return
        data = self._produce(request, "print")
        if data is None:
            # Not every print engine can abort: at worst an empty sheet comes out, unrecorded.
            printer.abort()
            painter.end()
            return
        try:
            pages = print_pdf(data, printer, painter)
        finally:
            painter.end()
        self._done(
            f"✓ Sent “{self.template.title}” to the printer ({pages} "
            f"page{'s' if pages != 1 else ''}). The print is recorded in the patient's record.",
        )

    def save_pdf(self) -> None:
        request = self._ready("Not saved")
        template = self.template
        if request is None or template is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        # The suggested name carries no patient data; the user may type another.
        suggested = Path(folder or Path.home()) / (
            f"handout-{template.id}-{template.language}-{self.today().isoformat()}.pdf"
        )
        path = self.prompter.save_file(
            self.view, "Save the handout as PDF", suggested, "PDF files (*.pdf)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        existed = path.exists()
        recorded = False
        try:
            # Opened before recording: a folder we cannot write records nothing.
            with path.open("wb") as handle:
                data = self._produce(request, "pdf")
                if data is not None:
                    recorded = True
                    handle.write(data)
        except OSError as exc:
            data = None
            self._save_failed(path, exc, recorded=recorded)
        if data is None:
            if not existed:
                path.unlink(missing_ok=True)  # nothing half-written with the patient's name
            return
        self._done(
            f"✓ Saved “{template.title}” as {path}. The save is recorded in the patient's record.",
        )

    def _save_failed(self, path: Path, exc: OSError, *, recorded: bool = False) -> None:
        why = exc.strerror or str(exc)
        note = (
            " The attempt is in the patient's record as a saved handout; save it again."
            if recorded
            else " Nothing was recorded."
        )
        self.prompter.error(
            self.view, "The handout was not saved", f"Cannot write {path}: {why}.{note}"
        )

    def _done(self, text: str) -> None:
        self._notice = text
        for field_input in self.inputs:
            field_input.set_invalid(False)
        self.view.show_message(text, problem=False)


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"The sheet cannot be made: {where}: {error['msg']}"
    return str(exc)
