"""How a handout reaches paper (vitalsdesk.gui.printing): the PDF itself to a PDF file or to CUPS
`lp`, page images at the printer's resolution (never under 300 dpi) only where neither can take it.

The CUPS route is checked with a stand-in `lp`: a real executable on PATH that keeps what it was
given (its arguments and standard input), as a print server would, so the test needs no printer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from tests.handouts.samples import SAMPLE_PATIENTS, sample_request
from vitalsdesk.gui.printing import (
    JOB_TITLE,
    deliver,
    lp_command,
    raster_dpi,
    route_for,
    send_to_cups,
)
from vitalsdesk.handouts.library import load_library
from vitalsdesk.handouts.render import render_handout_bytes

PATIENT = SAMPLE_PATIENTS["es"].family_name  # "Peña Núñez"


def handout_pdf() -> bytes:
    """The blood-draw sheet for the sample Spanish-speaking patient, as the renderer makes it."""
    template = load_library().get("blood-draw", "es")
    assert template is not None
    return render_handout_bytes(template, sample_request(template))


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    return subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def stand_in_lp(folder: Path, exit_status: int = 0) -> Path:
    """An `lp` that keeps its arguments and the job it was handed, then exits `exit_status`."""
    lp = folder / "lp"
    lp.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{folder}/args"\n'
        f'cat > "{folder}/job.pdf"\n'
        'echo "lp: request id is Office-1 (1 file(s))"\n'
        f"exit {exit_status}\n",
        encoding="utf-8",
    )
    lp.chmod(0o755)
    return lp


def printer_to(path: Path | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    if path is not None:
        printer.setOutputFileName(str(path))
    return printer


def test_print_to_file_is_the_handout_pdf_itself(tmp_path: Path, qapp: object) -> None:
    data = handout_pdf()
    target = tmp_path / "printed.pdf"
    printer = printer_to(target)
    assert route_for(printer) == "pdf-file"
    delivery = deliver(data, printer)
    assert delivery.route == "pdf-file" and delivery.pages >= 1
    assert target.read_bytes() == data
    assert PATIENT in pdf_text(target)


def test_cups_gets_the_pdf_on_its_input_with_the_dialog_choices(
    tmp_path: Path, qapp: object
) -> None:
    data = handout_pdf()
    lp = stand_in_lp(tmp_path)
    printer = printer_to()
    printer.setCopyCount(2)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    command = lp_command(printer, str(lp))
    assert command[:5] == [str(lp), "-d", printer.printerName(), "-t", JOB_TITLE]
    assert PATIENT not in " ".join(command)  # print queues show the title: no patient data
    joined = " ".join(command[5:])
    assert "-n 2" in joined and "-P 1-1" in joined
    assert "-o media=A4" in joined  # (two-sided: only a real printer keeps that choice)

    assert send_to_cups(data, printer, str(lp))
    assert (tmp_path / "job.pdf").read_bytes() == data  # the vector PDF, not page images
    assert PATIENT in pdf_text(tmp_path / "job.pdf")
    assert (tmp_path / "args").read_text(encoding="utf-8").split("\n")[:-1] == command[1:]


def test_a_refused_cups_job_is_reported(tmp_path: Path, qapp: object) -> None:
    lp = stand_in_lp(tmp_path, exit_status=1)
    assert not send_to_cups(handout_pdf(), printer_to(), str(lp))


def test_without_a_pdf_file_or_cups_the_pages_are_drawn_at_300_dpi_or_more(
    qapp: object,
) -> None:
    printer = printer_to()
    assert route_for(printer, lp="") == "raster"
    printer.setResolution(150)
    assert raster_dpi(printer) == 300
    printer.setResolution(600)
    assert raster_dpi(printer) == 600
    printer.setResolution(2400)
    assert raster_dpi(printer) == 600
