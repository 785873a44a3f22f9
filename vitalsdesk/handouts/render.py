"""Render an after-care handout to PDF with ReportLab (no Qt).

The sheet, top to bottom: the clinic's header with the patient's MRN as a Code 128 barcode, the
title, who and when, today's vital signs as recorded (value, unit, how and when they were taken,
and never a flag), the clinician's note if there is one, the template's sections, the two warning
lists ("call us if", "call 911 if"), and lines for the clinician.
Every page after the first repeats the patient's name, birth date and barcode; every page ends
with "Page N of M".

Import this module only when a handout is printed: ReportLab costs ~0.2 s to import
(docs/platform.md), and nothing on the start-up path needs it.
"""

from __future__ import annotations

import io
import logging
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from vitalsdesk.handouts.labels import SheetLabels, labels_for
from vitalsdesk.handouts.model import HandoutTemplate, TemplateField, check_value, parse_text
from vitalsdesk.handouts.request import HandoutRequest
from vitalsdesk.paths import resource

log = logging.getLogger(__name__)

FONT = "VitalsDeskSans"
FONT_BOLD = "VitalsDeskSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_font_lock = threading.Lock()

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 0.6 * inch
BAR_WIDTH = 0.0125 * inch  # 12.5 mil: scans reliably from an office laser print
BAR_HEIGHT = 0.42 * inch

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#6b6b6b")
SHADE = colors.HexColor("#ececec")
CALL_BORDER = colors.HexColor("#1f4e79")
CALL_SHADE = colors.HexColor("#dce6f1")
ER_BORDER = colors.HexColor("#8b0000")
ER_SHADE = colors.HexColor("#fbeaea")

# Table cells without the default 3 pt above and below.
_NO_VPAD = [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]

BLANK = "_" * 14  # a field left empty: a line for the clinician to write on by hand
BULLET = "•"
CALL_SYMBOL = "☎"
ER_SYMBOL = "⚠"


class HandoutError(ValueError):
    """A handout that cannot be printed as asked; the message says what to change."""


class HandoutFieldError(HandoutError):
    """Filled-in fields that do not fit the template: every problem is listed at once."""

    def __init__(
        self,
        template_id: str,
        missing: list[TemplateField],
        unknown: list[str],
        invalid: list[tuple[str, str]],
    ) -> None:
        self.missing = [f.name for f in missing]
        self.unknown = unknown
        self.invalid = invalid
        problems = []
        if missing:
            listed = ", ".join(f"{f.name} ({f.label})" for f in missing)
            problems.append(f"required fields not filled in: {listed}")
        if unknown:
            problems.append(f"fields this template does not have: {', '.join(unknown)}")
        problems.extend(f"{name}: {problem}" for name, problem in invalid)
        super().__init__(f"handout {template_id}: " + "; ".join(problems))


# -- fonts --------------------------------------------------------------------------------------


def register_fonts() -> None:
    """Register the shipped DejaVu Sans with ReportLab (once per process).

    ReportLab's built-in fonts cover Western European text only; every name must print
    ("Łukasz Nguyễn"), so the sheet uses only this embedded TrueType font."""
    with _font_lock:
        if FONT_BOLD in pdfmetrics.getRegisteredFontNames():
            return
        for name, file_name in _FONT_FILES.items():
            # Read from package data (a wheel, a zip or a checkout alike): no temporary file.
            data = resource("fonts", file_name).read_bytes()
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` the shipped font cannot draw (they would print as blanks)."""
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    if not isinstance(font, TTFont):  # register_fonts registers the shipped TrueType files
        raise TypeError(f"{FONT} is not a TrueType font")
    return {c for c in text if not c.isspace() and ord(c) not in font.face.charToGlyph}


# -- sizes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sizes:
    body: float
    leading: float
    heading: float
    title: float
    clinic: float
    small: float
    space: float  # vertical gap between blocks
    log_row: float  # height of a row to write in


NORMAL = _Sizes(
    body=11, leading=14.2, heading=13, title=18, clinic=14, small=8.5, space=6, log_row=21
)
LARGE = _Sizes(body=16, leading=21, heading=19, title=25, clinic=19, small=11, space=10, log_row=30)


class _Styles:
    def __init__(self, sizes: _Sizes) -> None:
        s = sizes
        base = ParagraphStyle(
            "body",
            fontName=FONT,
            fontSize=s.body,
            leading=s.leading,
            textColor=INK,
            spaceAfter=s.space * 0.6,
            bulletFontName=FONT,
            bulletFontSize=s.body,
        )
        self.body = base
        self.bullet = ParagraphStyle(
            "bullet",
            parent=base,
            leftIndent=s.body * 1.6,
            bulletIndent=s.body * 0.4,
            spaceAfter=s.space * 0.35,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=s.heading,
            leading=s.heading * 1.25,
            spaceBefore=s.space * 1.4,
            spaceAfter=s.space * 0.5,
            keepWithNext=1,
        )
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=s.title,
            leading=s.title * 1.2,
            spaceBefore=s.space,
            spaceAfter=s.space,
        )
        self.clinic = ParagraphStyle(
            "clinic", parent=base, fontName=FONT_BOLD, fontSize=s.clinic, leading=s.clinic * 1.25
        )
        self.cell = ParagraphStyle("cell", parent=base, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=FONT_BOLD)
        self.box_heading = ParagraphStyle(
            "box_heading",
            parent=self.cell_bold,
            fontSize=s.heading,
            leading=s.heading * 1.25,
        )
        self.box_heading_er = ParagraphStyle(
            "box_heading_er", parent=self.box_heading, textColor=colors.white
        )
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=s.small, leading=s.small * 1.25, spaceAfter=0
        )
        self.small_center = ParagraphStyle("small_center", parent=self.small, alignment=TA_CENTER)


def _table_style(commands: list[Any]) -> TableStyle:
    # A Table draws even an empty string cell with its own font (Helvetica by default): name ours,
    # so the PDF references no font it does not embed.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


# -- fields -------------------------------------------------------------------------------------


def resolve_fields(
    template: HandoutTemplate, request: HandoutRequest, labels: SheetLabels | None = None
) -> dict[str, str | None]:
    """The text printed for each field (None: left blank to write on by hand).

    Raises HandoutFieldError listing every required field not filled in, every field the template
    does not have and every value that does not fit its kind. The GUI calls this to check a form
    before printing."""
    labels = labels or labels_for(template.language, template.labels)
    declared = {f.name for f in template.fields}
    unknown = sorted(set(request.fields) - declared)
    missing: list[TemplateField] = []
    invalid: list[tuple[str, str]] = []
    resolved: dict[str, str | None] = {}
    given = {
        spec.name: _clean(request.fields.get(spec.name, "")) or (spec.default or "")
        for spec in template.fields
    }
    for spec in template.fields:
        value = given[spec.name]
        if not value:
            if spec.required or (spec.required_if and given.get(spec.required_if)):
                missing.append(spec)
            resolved[spec.name] = None
            continue
        problem = check_value(spec.kind, value, spec)
        if problem:
            invalid.append((spec.name, f"{_shown(value)} is {problem}"))
            continue
        resolved[spec.name] = (
            labels.format_date(date.fromisoformat(value)) if spec.kind == "date" else value
        )
    if missing or unknown or invalid:
        raise HandoutFieldError(template.id, missing, unknown, invalid)
    return resolved


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a pasted page must not fill the message."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _clean(text: str) -> str:
    # NFC: a name typed as "e" + combining accent must print as one letter (no shaping here).
    return unicodedata.normalize("NFC", text).strip()


def _markup(text: str, values: dict[str, str | None]) -> str:
    """Template text as ReportLab paragraph markup: fields filled in, everything escaped.

    ``**`` toggles bold, also around a field ("**{dry_days} days**"); a filled-in value is always
    bold so the patient sees what was written for them."""
    out: list[str] = []
    bold = False
    for part in parse_text(_clean(text)):
        if part.field is None:
            for i, piece in enumerate(part.text.split("**")):
                if i:
                    bold = not bold
                    out.append("<b>" if bold else "</b>")
                out.append(escape(piece))
            continue
        value = values.get(part.field)
        if value is None:
            out.append(BLANK)
        else:
            out.append(escape(value) if bold else f"<b>{escape(value)}</b>")
    if bold:
        out.append("</b>")
    return "".join(out)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut short with an ellipsis if it is wider than ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _sole_field(text: str) -> str | None:
    parts = parse_text(text.strip())
    return parts[0].field if len(parts) == 1 else None


# -- flowables ----------------------------------------------------------------------------------


class _MrnBarcode(Flowable):
    """The MRN as Code 128 with the MRN printed under it, for scanning the sheet back later."""

    def __init__(self, mrn: str, caption: str, font_size: float) -> None:
        super().__init__()
        self.code = Code128(
            mrn,
            barWidth=BAR_WIDTH,
            barHeight=BAR_HEIGHT,
            quiet=1,
            lquiet=10 * BAR_WIDTH,  # the quiet zone Code 128 needs on each side
            rquiet=10 * BAR_WIDTH,
        )
        self.caption = caption
        self.font_size = font_size
        caption_width = pdfmetrics.stringWidth(caption, FONT, font_size)
        self.width = max(self.code.width, caption_width)
        self.height = BAR_HEIGHT + font_size * 1.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        self.code.drawOn(self.canv, (self.width - self.code.width) / 2, self.height - BAR_HEIGHT)
        self.canv.setFont(FONT, self.font_size)
        self.canv.drawCentredString(self.width / 2, self.font_size * 0.25, self.caption)


class _WritingLines(Flowable):
    """Empty ruled lines, where a free-text field was left for the clinician to write by hand."""

    def __init__(self, count: int, spacing: float) -> None:
        super().__init__()
        self.count = count
        self.spacing = spacing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.spacing + self.spacing * 0.3

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = self.spacing * 0.3 + i * self.spacing
            self.canv.line(0, y, self.width, y)


class _HandoutCanvas(Canvas):
    """A canvas that knows the page count when it saves, for "Page N of M" on every page."""

    def __init__(
        self,
        *args: Any,
        footer: Callable[[Canvas, int, int], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name: platypus calls it
        self._page_states.append(dict(self.__dict__))
        # ReportLab's own start of a page, without drawing this one yet (its showPage does both);
        # the stubs leave out its private names.
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._footer(self, self.getPageNumber(), total)
            super().showPage()
        super().save()


# -- the sheet ----------------------------------------------------------------------------------


class _Sheet:
    def __init__(self, template: HandoutTemplate, request: HandoutRequest) -> None:
        language = request.language or template.language
        if language != template.language:
            raise HandoutError(
                f"handout {template.id} is written in {template.language!r}; "
                f"the request asks for {language!r}"
            )
        self.template = template
        self.request = request
        self.labels = labels_for(language, template.labels)
        self.values = resolve_fields(template, request, self.labels)
        self.sizes = LARGE if request.large_print else NORMAL
        self.styles = _Styles(self.sizes)
        self.page_width, self.page_height = PAGE_SIZES[request.page_size]
        self.frame_width = self.page_width - 2 * MARGIN
        patient = request.patient
        self.patient_name = f"{_clean(patient.family_name)}, {_clean(patient.given_name)}"
        self.birth_date = self.labels.format_date(patient.birth_date)
        self.footer_size = self.sizes.small
        self.footer_band = self.footer_size * 3
        self.running_band = BAR_HEIGHT + self.footer_size * 3.5

    # Page furniture ---------------------------------------------------------------------------

    def _barcode(self, font_size: float) -> _MrnBarcode:
        mrn = self.request.patient.mrn
        return _MrnBarcode(mrn, f"{self.labels.mrn}: {mrn}", font_size)

    def _running_header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Pages 2 and on: whose sheet this is, in case the pages come apart."""
        canv.saveState()
        top = self.page_height - MARGIN
        barcode = self._barcode(self.footer_size)
        barcode.canv = canv
        barcode.drawOn(canv, self.page_width - MARGIN - barcode.width, top - barcode.height)
        size = self.footer_size * 1.15
        room = self.frame_width - barcode.width - size
        lines = [
            (FONT_BOLD, self.patient_name),
            (FONT, f"{self.labels.date_of_birth}: {self.birth_date}"),
            (FONT, f"{_clean(self.template.title)} ({self.labels.continued})"),
        ]
        canv.setFillColor(INK)
        for number, (font, text) in enumerate(lines):
            canv.setFont(font, size)
            canv.drawString(MARGIN, top - size * (1 + 1.4 * number), _fit(text, font, size, room))
        line_y = top - self.running_band + self.footer_size
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, line_y, self.page_width - MARGIN, line_y)
        canv.restoreState()

    def _footer(self, canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        y = MARGIN * 0.6
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(
            MARGIN, y + self.footer_size * 1.6, self.page_width - MARGIN, y + self.footer_size * 1.6
        )
        canv.setFillColor(INK)
        canv.setFont(FONT, self.footer_size)
        template = self.template
        canv.drawString(MARGIN, y, f"{template.id} · {template.language} · v{template.version}")
        canv.setFont(FONT_BOLD, self.footer_size)
        canv.drawRightString(self.page_width - MARGIN, y, self.labels.page_of(page, pages))
        canv.restoreState()

    # Blocks -----------------------------------------------------------------------------------

    def _p(self, text: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
        return Paragraph(text, style, **kwargs)

    def _header(self) -> list[Flowable]:
        clinic = self.request.clinic
        st = self.styles
        cell: list[Flowable] = [self._p(escape(_clean(clinic.name)), st.clinic)]
        for line in _clean(clinic.address).splitlines():
            if line.strip():
                cell.append(self._p(escape(line.strip()), st.cell))
        if clinic.phone:
            cell.append(
                self._p(f"{escape(self.labels.phone)}: {escape(_clean(clinic.phone))}", st.cell)
            )
        barcode = self._barcode(self.sizes.small)
        table = Table(
            [[cell, barcode]],
            colWidths=[self.frame_width - barcode.width - 6, barcode.width + 6],
            style=_table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), self.sizes.space),
                    ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ]
            ),
        )
        return [table]

    def _identity(self) -> list[Flowable]:
        """Who and when. Birth date and visit date share a line when both fit whole; a date is
        never broken across lines."""
        st = self.styles
        lab = self.labels
        visit = lab.format_date(self.request.visit_date)
        pairs = [(lab.date_of_birth, self.birth_date), (lab.visit_date, visit)]

        def pair(label: str, value: str) -> Paragraph:
            return self._p(f"{escape(label)}: <b>{escape(value)}</b>", st.cell)

        def width(label: str, value: str) -> float:
            size = self.sizes.body
            return pdfmetrics.stringWidth(f"{label}: ", FONT, size) + pdfmetrics.stringWidth(
                value, FONT_BOLD, size
            )

        gap = self.sizes.body * 2.5
        first = width(*pairs[0]) + gap
        out: list[Flowable] = [pair(lab.patient, self.patient_name)]
        if first + width(*pairs[1]) <= self.frame_width:
            row = Table(
                [[pair(*pairs[0]), pair(*pairs[1])]],
                colWidths=[first, self.frame_width - first],
                style=_table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), *_NO_VPAD]),
            )
            out.append(row)
        else:
            out += [pair(*p) for p in pairs]
        return [KeepTogether(out)]

    def _vitals(self) -> list[Flowable]:
        """Today's vital signs as recorded: the value with its unit, how and when it was taken.

        Nothing here says a value is high or low: that is the clinician's to say, and their note
        follows the table in their own words, labelled as theirs."""
        st = self.styles
        lab = self.labels
        request = self.request
        out: list[Flowable] = [self._p(escape(lab.vitals_heading), st.heading)]
        if not request.vitals:
            out.append(self._p(escape(lab.no_vitals), st.body))
            out += self._clinician_note()
            return out
        if request.vitals_taken_at is not None:
            taken = request.vitals_taken_at
            out.append(self._p(escape(lab.taken_at(taken.time(), taken.date())), st.body))
        with_detail = any(v.detail for v in request.vitals)
        header = [lab.vitals_measurement, lab.vitals_value] + (
            [lab.vitals_how] if with_detail else []
        )
        rows: list[list[Any]] = [[self._p(escape(text), st.cell_bold) for text in header]]
        for vital in request.vitals:
            row = [
                self._p(escape(_clean(vital.label)), st.cell),
                self._p(f"<b>{escape(_clean(vital.value))}</b>", st.cell),
            ]
            if with_detail:
                row.append(self._p(escape(_clean(vital.detail)), st.cell))
            rows.append(row)
        w = self.frame_width
        # The value column fits the widest value on one line ("148/92 mmHg" must not break).
        widest = max(
            pdfmetrics.stringWidth(_clean(v.value), FONT_BOLD, self.sizes.body)
            for v in request.vitals
        )
        value_width = min(max(widest + 14, w * 0.22), w * 0.36)
        if with_detail:
            label_width = w * 0.34
            widths = [label_width, value_width, w - label_width - value_width]
        else:
            widths = [w - value_width, value_width]
        table = Table(
            rows,
            colWidths=widths,
            repeatRows=1,
            style=_table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            ),
        )
        out.append(table)
        out += self._clinician_note()
        return out

    def _clinician_note(self) -> list[Flowable]:
        note = _clean(self.request.clinician_note)
        if not note:
            return []
        st = self.styles
        lines = "<br/>".join(escape(line.strip()) for line in note.splitlines() if line.strip())
        return [
            Spacer(1, self.sizes.space),
            self._p(f"<b>{escape(self.labels.clinician_note)}:</b> {lines}", st.body),
        ]

    def _section(self, index: int) -> list[Flowable]:
        section = self.template.sections[index]
        st = self.styles
        out: list[Flowable] = [self._p(_markup(section.heading, self.values), st.heading)]
        for text in section.paragraphs:
            sole = _sole_field(text)
            if sole is not None:
                # A paragraph that is only a free-text field: the clinician's own words, in
                # regular weight, or ruled lines to write them by hand.
                value = self.values.get(sole)
                if value is None:
                    out.append(_WritingLines(3, self.sizes.leading * 1.5))
                else:
                    out.append(self._p(escape(value), st.body))
                continue
            out.append(self._p(_markup(text, self.values), st.body))
        for number, text in enumerate(section.bullets, start=1):
            mark = f"{number}." if section.numbered else BULLET
            out.append(self._p(_markup(text, self.values), st.bullet, bulletText=mark))
        if section.table:
            out.append(Spacer(1, self.sizes.space * 0.5))
            out.append(self._log_table(section.table.columns, section.table.rows))
            # A log is filled in on one sheet of paper: never a lone row on the next page.
            return [KeepTogether(out)]
        return out

    def _log_table(self, columns: list[str], count: int) -> Table:
        st = self.styles
        header = [self._p(_markup(c, self.values), st.cell_bold) for c in columns]
        rows: list[list[Any]] = [header] + [[""] * len(columns) for _ in range(count)]
        heights: list[float | None] = [None] + [self.sizes.log_row] * count
        return Table(
            rows,
            colWidths=[self.frame_width / len(columns)] * len(columns),
            rowHeights=heights,
            repeatRows=1,
            style=_table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.7, INK),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ]
            ),
        )

    def _warning_box(self, emergency: bool) -> Flowable:
        st = self.styles
        lab = self.labels
        items = self.template.emergency_if if emergency else self.template.call_us_if
        symbol = ER_SYMBOL if emergency else CALL_SYMBOL
        heading = lab.emergency if emergency else lab.call_us
        heading_style = st.box_heading_er if emergency else st.box_heading
        rows: list[list[Any]] = [
            [self._p(f"{symbol}  {escape(heading)}:", heading_style), ""],
        ]
        phone = _clean(self.request.clinic.phone)
        if not emergency and phone:
            rows.append([self._p(f"{escape(lab.phone)}: <b>{escape(phone)}</b>", st.cell), ""])
        for text in items:
            rows.append(
                [self._p(BULLET, st.cell_bold), self._p(_markup(text, self.values), st.cell)]
            )
        bullet_width = self.sizes.body * 1.6
        # Told apart without colour too: the symbol, the heading, and a border twice as heavy.
        if emergency:
            border, border_width, heading_fill, body_fill = ER_BORDER, 2.4, ER_BORDER, ER_SHADE
        else:
            border, border_width, heading_fill, body_fill = CALL_BORDER, 1.2, CALL_SHADE, None
        style: list[Any] = [
            ("BOX", (0, 0), (-1, -1), border_width, border),
            ("SPAN", (0, 0), (1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), heading_fill),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
            ("LEFTPADDING", (0, 1), (0, -1), 8),
            ("RIGHTPADDING", (0, 1), (0, -1), 0),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]
        if body_fill is not None:
            style.append(("BACKGROUND", (0, 1), (-1, -1), body_fill))
        if not emergency and phone:
            style += [("SPAN", (0, 1), (1, 1)), ("TOPPADDING", (0, 1), (-1, 1), 5)]
        table = Table(
            rows,
            colWidths=[bullet_width + 8, self.frame_width - bullet_width - 8],
            repeatRows=1,
            style=_table_style(style),
        )
        return table

    def _signature(self) -> Flowable:
        st = self.styles
        lab = self.labels
        name = _clean(self.request.clinician_name)
        label_width = (
            max(
                pdfmetrics.stringWidth(f"{t}:", FONT, self.sizes.body)
                for t in (lab.clinician, lab.signature)
            )
            + 14
        )
        date_width = pdfmetrics.stringWidth(f"{lab.date}:", FONT, self.sizes.body) + 18
        rest = self.frame_width - label_width - date_width
        rows = [
            [
                self._p(f"{escape(lab.clinician)}:", st.cell),
                self._p(escape(name), st.cell_bold),
                "",
                "",
            ],
            [
                self._p(f"{escape(lab.signature)}:", st.cell),
                "",
                self._p(f"{escape(lab.date)}:", st.cell),
                "",
            ],
        ]
        table = Table(
            rows,
            colWidths=[label_width, rest * 0.62, date_width, rest * 0.38],
            rowHeights=[self.sizes.leading * 2.1] * 2,
            style=_table_style(
                [
                    ("SPAN", (1, 0), (3, 0)),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (3, 0), 0.8, INK),
                    ("LINEBELOW", (1, 1), (1, 1), 0.8, INK),
                    ("LINEBELOW", (3, 1), (3, 1), 0.8, INK),
                    ("LEFTPADDING", (0, 0), (0, -1), 0),
                    ("RIGHTPADDING", (1, 1), (1, 1), 14),
                    ("LEFTPADDING", (2, 1), (2, 1), 4),
                ]
            ),
        )
        return KeepTogether([Spacer(1, self.sizes.space * 2), table])

    def _shown_section(self, index: int) -> bool:
        condition = self.template.sections[index].only_if
        return condition is None or self.values.get(condition) is not None

    def story(self) -> list[Flowable]:
        st = self.styles
        story: list[Flowable] = []
        story += self._header()
        story.append(self._p(_markup(self.template.title, self.values), st.title))
        story += self._identity()
        story += self._vitals()
        sections = self.template.sections
        for index, section in enumerate(sections):
            if not section.at_end and self._shown_section(index):
                story += self._section(index)
        # A warning list is read as a whole: it moves to the next page rather than split, unless
        # it is longer than a page (then it splits, its heading repeated).
        story.append(Spacer(1, self.sizes.space * 2))
        story.append(KeepTogether([self._warning_box(emergency=False)]))
        story.append(Spacer(1, self.sizes.space * 1.5))
        story.append(KeepTogether([self._warning_box(emergency=True)]))
        story.append(self._signature())
        for index, section in enumerate(sections):
            if section.at_end and self._shown_section(index):
                story.append(Spacer(1, self.sizes.space * 2))
                story += self._section(index)
        return story

    def build(self) -> bytes:
        register_fonts()
        self._warn_missing_glyphs()
        buffer = io.BytesIO()
        bottom = MARGIN + self.footer_band
        first = Frame(
            MARGIN,
            bottom,
            self.frame_width,
            self.page_height - MARGIN - bottom,
            id="first",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        later = Frame(
            MARGIN,
            bottom,
            self.frame_width,
            self.page_height - MARGIN - self.running_band - bottom,
            id="later",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc = BaseDocTemplate(
            buffer,
            pagesize=(self.page_width, self.page_height),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=_clean(self.template.title),
            author=_clean(self.request.clinic.name),
            creator="VitalsDesk",
            subject="",
            lang=self.template.language,
            initialFontName=FONT,
            invariant=1,
        )
        doc.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
                PageTemplate(id="later", frames=[later], onPage=self._running_header),
            ]
        )
        doc.build(self.story(), canvasmaker=partial(_HandoutCanvas, footer=self._footer))
        return buffer.getvalue()

    def _warn_missing_glyphs(self) -> None:
        p = self.request.patient
        texts = [p.family_name, p.given_name, self.request.clinic.name, self.request.clinic.address]
        texts += [v.label + v.value + v.detail for v in self.request.vitals]
        texts.append(self.request.clinician_note)
        texts += [v for v in self.values.values() if v]
        missing = missing_glyphs(_clean("".join(texts)))
        if missing:
            # Count only: the characters may come from a patient's name (no PHI in logs).
            log.warning("%d characters have no glyph in the handout font", len(missing))


def render_handout_bytes(template: HandoutTemplate, request: HandoutRequest) -> bytes:
    """The handout as PDF bytes. Raises HandoutError (a ValueError) for fields or a language
    that do not fit the template."""
    return _Sheet(template, request).build()


def render_handout(
    template: HandoutTemplate, request: HandoutRequest, out: BinaryIO | Path
) -> None:
    """Write the handout to ``out`` (an open binary file, or a path to create or replace).

    The PDF is built in memory first: a sheet that fails half-way leaves no partial file, and no
    temporary file with the patient's name is ever written."""
    data = render_handout_bytes(template, request)
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)
