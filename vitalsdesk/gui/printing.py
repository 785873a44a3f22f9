"""How a handout reaches paper: as the PDF itself (vector text) wherever the system can take it.

The handout is a PDF made by ReportLab. Painting page images onto a QPrinter loses its text (a
PDF printed that way has none) and is blurry on a printer that resolves more than the image. So,
in order of preference, after the system print dialog:

1. The dialog's "print to file" (PDF): the handout's own PDF is the file, byte for byte.
2. A printer on Linux (CUPS): the PDF goes to CUPS `lp` on its standard input (no temporary file
   with the patient's name is written), with the printer, copies, page range, two-sided printing
   and paper size chosen in the dialog. CUPS prints PDF natively: the text stays vector.
3. Otherwise (Windows, macOS, no `lp`, or `lp` refusing the job): pdfium draws each page at the
   printer's resolution, never under 300 dpi, onto the QPrinter (vitalsdesk.gui.pdf_pages).

Nothing here touches the database: the caller records the print before calling `deliver`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)

LP_TIMEOUT_S = 30
JOB_TITLE = "VitalsDesk after-care handout"  # print queues show it: no patient data
# CUPS media names for the page sizes the handouts come in.
CUPS_MEDIA = {QPageSize.PageSizeId.Letter: "Letter", QPageSize.PageSizeId.A4: "A4"}


@dataclass(frozen=True)
class Delivery:
    route: str  # "pdf-file", "cups" or "raster"
    pages: int


class PrintFailed(RuntimeError):
    """The printer could not be started; nothing was sent."""


def route_for(printer: QPrinter, lp: str | None = None) -> str:
    """Which of the three ways `printer` (as the print dialog left it) takes the handout."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return "pdf-file"
    lp = lp if lp is not None else shutil.which("lp")
    if sys.platform.startswith("linux") and lp and printer.printerName():
        return "cups"
    return "raster"


def lp_command(printer: QPrinter, lp: str = "lp") -> list[str]:
    """The `lp` command for the dialog's choices; the PDF comes on standard input."""
    command = [lp, "-d", printer.printerName(), "-t", JOB_TITLE]
    copies = max(printer.copyCount(), 1)
    if copies > 1:
        command += ["-n", str(copies)]
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        command += ["-P", f"{printer.fromPage()}-{max(printer.toPage(), printer.fromPage())}"]
    if printer.duplex() in (
        QPrinter.DuplexMode.DuplexLongSide,
        QPrinter.DuplexMode.DuplexAuto,
    ):
        command += ["-o", "sides=two-sided-long-edge"]
    elif printer.duplex() == QPrinter.DuplexMode.DuplexShortSide:
        command += ["-o", "sides=two-sided-short-edge"]
    media = CUPS_MEDIA.get(printer.pageLayout().pageSize().id())
    if media:
        command += ["-o", f"media={media}"]
    return command


def send_to_cups(data: bytes, printer: QPrinter, lp: str) -> bool:
    """Hand the PDF to CUPS; False (and why, in the log) when `lp` refuses it."""
    try:
        result = subprocess.run(
            lp_command(printer, lp),
            input=data,
            capture_output=True,
            timeout=LP_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("lp did not take the handout: %s", type(exc).__name__)
        return False
    if result.returncode != 0:
        # lp's message names the printer and the reason, never the document's contents.
        log.warning(
            "lp refused the handout (exit %s): %s",
            result.returncode,
            result.stderr.decode(errors="replace").strip()[:200],
        )
        return False
    return True


def deliver(
    data: bytes, printer: QPrinter, painter: QPainter | None = None, lp: str | None = None
) -> Delivery:
    """Print the PDF `data` the best way `printer` allows (see the module's docstring).

    painter: already begun on `printer` when the route is "raster" (the caller starts the printer
    before it records the print); ended here. Raises PrintFailed when the printer cannot be
    started (nothing was printed)."""
    from vitalsdesk.gui.pdf_pages import page_count, print_pdf

    route = route_for(printer, lp)
    if route == "pdf-file":
        Path(printer.outputFileName()).write_bytes(data)
        return Delivery(route, page_count(data))
    if route == "cups":
        command = lp if lp is not None else shutil.which("lp")
        if command and send_to_cups(data, printer, command):
            return Delivery(route, page_count(data))
        route = "raster"  # lp failed: the printer may still take page images through Qt
    if painter is None:
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("the printer could not be started")
    try:
        pages = print_pdf(data, printer, painter, dpi=raster_dpi(printer))
    finally:
        painter.end()
    return Delivery(route, pages)


def raster_dpi(printer: QPrinter) -> int:
    """The printer's own resolution, never under 300 dpi (sharp text) nor over 600 (a Letter
    page at 600 dpi is already 100 MB of pixels)."""
    return min(max(printer.resolution(), 300), 600)
