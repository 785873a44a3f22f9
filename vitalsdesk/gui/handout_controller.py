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
from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.handout_view import FieldInput, HandoutView, TextInput
from vitalsdesk.gui.patient_views import LANGUAGES
from vitalsdesk.presentation.display import time_text
from vitalsdesk.services.errors import InvalidInput, ServiceError
from vitalsdesk.validation_messages import describe

if TYPE_CHECKING:
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.handouts.model import HandoutTemplate
    from vitalsdesk.handouts.render import HandoutFieldError
    from vitalsdesk.handouts.request import HandoutRequest
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut

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
        self.todays_sets: dict[int, VitalSignSetOut] = {}

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        view.set_page_size(clinic.settings.page_size)
        self._fill_sets()
        self._fill_list()
        self._show_template_errors()

        view.filter_changed.connect(self._filter)
        view.move_requested.connect(self._move)
        view.fields_requested.connect(self._fields_requested)
        view.template_changed.connect(self._current_changed)
        view.options_changed.connect(self.schedule)
        view.print_requested.connect(self.print_handout)
        view.save_pdf_requested.connect(self.save_pdf)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), view, self.print_handout)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        first = view.visible_templates()
        if first:
            view.choose_template(first[0])
            self.refresh()  # the first preview at once, not after the typing delay
        else:
            self._choose(None)

    # -- today's sets ------------------------------------------------------------------------

    def _fill_sets(self) -> None:
        """Today's sets, newest first: the MA may put an earlier one of today on the sheet."""
        self.todays_sets = {
            s.id: s for s in self.clinic.handouts.todays_sets(self.patient.id, self.today())
        }
        if not self.todays_sets:
            self.view.set_sets([("No vital signs taken today", None)])
            return
        self.view.set_sets(
            [
                (f"Taken {time_text(s.taken_at)} by {s.recorded_by_text}", s.id)
                for s in self.todays_sets.values()
            ]
        )

    def chosen_set(self) -> VitalSignSetOut | None:
        set_id = self.view.chosen_set()
        return self.todays_sets.get(set_id) if set_id is not None else None

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
        self.view.show_hint(
            f"Handouts in {name} come first: {name} is the patient's preferred language."
        )

    def _filter(self, text: str) -> None:
        words = search_text(text).split()
        self.view.show_only_templates(
            {
                key
                for key in self.view.template_keys()
                if all(word in self._search.get(key, "") for word in words)
            }
        )
        visible = self.view.visible_templates()
        if not visible:
            self.view.choose_template(None)
            self._choose(None)
            self.view.show_message(
                f"No handout matches “{text.strip()}”. Clear the box to see them all.",
                problem=True,
            )
        elif self.view.current_template() is None:
            self.view.choose_template(visible[0])

    def _move(self, step: int) -> None:
        visible = self.view.visible_templates()
        if not visible:
            return
        current = self.view.current_template()
        index = visible.index(current) if current in visible else -1
        self.view.choose_template(visible[max(0, min(len(visible) - 1, index + step))])

    def _fields_requested(self) -> None:
        if self.template is not None:
            self.focus_first_field()

    def _current_changed(self, key: tuple[str, str] | None) -> None:
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
        self.view.show_template_chosen(template is not None)
        if template is None:
            self._timer.stop()
            self.preview_pdf = b""
            self._shown = None
            self.view.clear_preview("Choose a handout to see it here.")
            return
        self.view.show_message("")
        # Arrowing through the list draws only the handout it stops on.
        self.view.set_preview_title(f"Drawing “{template.title}”…")
        self._timer.start()

    def _focus_chain(self) -> list[QWidget]:
        return self.view.focus_chain()

    @staticmethod
    def _next_after(widget: QWidget, chain: list[QWidget]) -> None:
        index = chain.index(widget) if widget in chain else -1
        if 0 <= index < len(chain) - 1:
            chain[index + 1].setFocus(Qt.FocusReason.TabFocusReason)

    def focus(self) -> None:
        """The tab was opened: the find box has the keyboard."""
        self.view.focus_filter()

    def focus_first_field(self) -> None:
        chain = self._focus_chain()
        chain[0].setFocus(Qt.FocusReason.TabFocusReason)

    def values(self) -> dict[str, str]:
        return {field_input.spec.name: field_input.value() for field_input in self.inputs}

    def page_size(self) -> str:
        return self.view.page_size()

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
            large_print=self.view.large_print(),
            page_size=self.page_size(),
            clinician_name=self.view.clinician_name(),
            vitals=self.chosen_set(),
            visit_date=self.today(),
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
            self.view.show_message(_error_text(exc), problem=True)
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
            pages = self.view.show_pdf(data)
        except (HandoutError, PdfError) as exc:
            log.error("handout preview failed: %s", type(exc).__name__)  # no PHI in the log
            self._shown = None
            self.view.clear_preview(f"✖ The preview cannot be drawn: {exc}")
            return
        self._shown = key
        self.preview_pdf = data
        paper = "Letter" if request.page_size == "letter" else "A4"
        size = ", large print" if request.large_print else ""
        still = " Blank lines: fields not filled in yet." if self.problems else ""
        self.view.set_preview_title(
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
        if not errors or self.user.role != "admin":
            self.view.show_template_errors("")
            return
        count = len(errors)
        shown = "\n".join(f"• {error}" for error in errors[:MAX_ERRORS_SHOWN])
        more = f"\n…and {count - MAX_ERRORS_SHOWN} more." if count > MAX_ERRORS_SHOWN else ""
        self.view.show_template_errors(
            f"For administrators: {count} handout file{'s were' if count > 1 else ' was'} left "
            f"out of this list because of an error.\n{shown}{more}",
            "\n".join(str(error) for error in errors),
        )

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
            self.view.show_message(_error_text(exc), problem=True)
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
                set_id=self.view.chosen_set(),
            )
        except ServiceError as exc:
            self.view.show_message(
                f"Not {'printed' if output == 'print' else 'saved'}: {exc}", problem=True
            )
            return None

    def print_handout(self) -> None:
        from vitalsdesk.gui.printing import PrintFailed, deliver, route_for

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
        # The PDF itself goes to a PDF file or to CUPS (vector text); only where neither can take
        # it are page images painted, and then the printer is started before the print is
        # recorded (vitalsdesk.gui.printing).
        painter: QPainter | None = None
        if route_for(printer) == "raster":
            painter = QPainter()
            if not painter.begin(printer):
                self._printer_failed("Nothing was recorded.")
                return
        data = self._produce(request, "print")
        if data is None:
            if painter is not None:
                # Not every print engine can abort: at worst an empty sheet comes out, unrecorded.
                printer.abort()
                painter.end()
            return
        try:
            pages = deliver(data, printer, painter).pages
        except (PrintFailed, OSError) as exc:
            log.error("handout not printed: %s", type(exc).__name__)
            self._printer_failed("The print was recorded: print it again or save it as PDF.")
            return
        self._done(
            f"✓ Sent “{self.template.title}” to the printer ({pages} "
            f"page{'s' if pages != 1 else ''}). The print is recorded in the patient's record.",
        )

    def _printer_failed(self, recorded: str) -> None:
        self.prompter.error(
            self.view,
            "The handout was not printed",
            "The printer could not be started. Check that it is on and connected, or save "
            f"the handout as PDF instead. {recorded}",
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
        try:
            # Refused before anything is made: never over the clinic's own files.
            self.clinic.handouts.check_destination(path)
            saved = self.clinic.handouts.save_pdf(
                self.patient.id, template, request, self.user, path, set_id=self.view.chosen_set()
            )
        except InvalidInput as exc:  # the file could not be written (the message says why)
            self.prompter.error(self.view, "The handout was not saved", str(exc))
            return
        except ServiceError as exc:
            self.view.show_message(f"Not saved: {exc}", problem=True)
            return
        self._done(
            f"✓ Saved “{template.title}” as {saved}. The save is recorded in the patient's record.",
        )

    def _done(self, text: str) -> None:
        self._notice = text
        for field_input in self.inputs:
            field_input.set_invalid(False)
        self.view.show_message(text, problem=False)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"The sheet cannot be made: {describe(exc)}"
    return str(exc)
