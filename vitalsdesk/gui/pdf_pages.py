"""PDF pages on screen and on paper, without QtPdf: pdfium (pypdfium2) draws each page to a QImage.

QtPdf ships only for PySide6 6.12 (the `pyside6-pdf` wheel), and 6.12.0 is unusable here
(pyproject.toml). pdfium renders from the bytes in memory: the handout, which carries the patient's
name, is never written to a temporary file for the preview or the print. Where the system cannot
take the PDF itself (vitalsdesk.gui.printing), printing paints the page images onto the QPrinter
at the printer's resolution, never under 300 dpi.

pdfium is not thread-safe: every call here runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    import pypdfium2

log = logging.getLogger(__name__)

PRINT_DPI = 300
PREVIEW_MAX_DPI = 200  # enough for a 2x screen at the widths a preview is shown
POINTS_PER_INCH = 72


class PdfError(ValueError):
    """The bytes are not a PDF pdfium can draw (a bug upstream: the renderer made them)."""


@contextmanager
def open_pdf(data: bytes) -> Iterator[pypdfium2.PdfDocument]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise PdfError(f"pdfium cannot read the document: {exc}") from None
    try:
        yield document
    finally:
        document.close()


def page_count(data: bytes) -> int:
    with open_pdf(data) as document:
        return len(document)


def render_page(document: pypdfium2.PdfDocument, index: int, dpi: float) -> QImage:
    """One page as an opaque RGB image at `dpi` (a copy: it owns its pixels)."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)  # RGB, 3 bytes
        try:
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # the bitmap's buffer goes with the bitmap
        finally:
            bitmap.close()
    finally:
        page.close()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def page_images(data: bytes, dpi: float) -> list[QImage]:
    with open_pdf(data) as document:
        return [render_page(document, i, dpi) for i in range(len(document))]


def page_width_inches(data: bytes) -> float:
    with open_pdf(data) as document:
        width, _height = document[0].get_size() if len(document) else (612.0, 792.0)
    return float(width) / POINTS_PER_INCH


def print_pdf(data: bytes, printer: QPrinter, painter: QPainter, dpi: int = PRINT_DPI) -> int:
    """Paint every page, drawn at `dpi`, onto a printer whose painter is already begun; returns
    the page count.

    Each page is fitted to the printer's paper keeping its proportions (a Letter sheet on A4
    paper shrinks a little instead of losing its bottom lines) and drawn from its top-left corner.
    """
    with open_pdf(data) as document:
        count = len(document)
        for index in range(count):
            if index:
                printer.newPage()
            image = render_page(document, index, dpi)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            scale = min(paper.width() / image.width(), paper.height() / image.height())
            target = QRectF(
                paper.left(), paper.top(), image.width() * scale, image.height() * scale
            )
            painter.drawImage(target, image)
    return count


class PdfPreview(QScrollArea):
    """The pages of a PDF, one under the other, fitted to the width of the area.

    A plain viewer: it knows nothing of handouts. The images are kept so a test (or a screen
    reader's description) can tell what is shown; they are dropped by `clear()`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Down scroll the sheet
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pages = QWidget()
        self._pages.setObjectName("previewPages")
        self._layout = QVBoxLayout(self._pages)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(12)
        self._layout.addStretch(1)
        self.setWidget(self._pages)
        self._labels: list[QLabel] = []
        self._images: list[QImage] = []
        self._data: bytes = b""
        self._rendered_dpi = 0.0
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(120)
        self._refit.timeout.connect(self._fit)

    # -- what is shown ---------------------------------------------------------------------------

    def set_pdf(self, data: bytes) -> None:
        """Show every page of `data`, drawn sharp for the current width."""
        self._data = data
        self._rendered_dpi = self._wanted_dpi()
        self._set_images(page_images(data, self._rendered_dpi))

    def clear(self) -> None:
        self._data = b""
        self._set_images([])

    def page_images(self) -> list[QImage]:
        return list(self._images)

    # -- layout ----------------------------------------------------------------------------------

    def _page_width(self) -> int:
        margins = self._layout.contentsMargins()
        return max(120, self.viewport().width() - margins.left() - margins.right())

    def _wanted_dpi(self) -> float:
        if not self._data:
            return 0.0
        pixels = self._page_width() * self.devicePixelRatioF()
        return max(72.0, min(PREVIEW_MAX_DPI, pixels / page_width_inches(self._data)))

    def _set_images(self, images: list[QImage]) -> None:
        self._images = images
        while len(self._labels) > len(images):
            label = self._labels.pop()
            self._layout.removeWidget(label)
            label.deleteLater()
        while len(self._labels) < len(images):
            label = QLabel(self._pages)
            label.setObjectName(f"previewPage{len(self._labels) + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self._layout.insertWidget(len(self._labels), label)
            self._labels.append(label)
        for number, label in enumerate(self._labels, start=1):
            label.setAccessibleName(f"Preview, page {number} of {len(images)}")
        self._show_scaled()

    def _show_scaled(self) -> None:
        width = self._page_width()
        ratio = self.devicePixelRatioF()
        for label, image in zip(self._labels, self._images, strict=True):
            scaled = QPixmap.fromImage(
                image.scaledToWidth(
                    round(width * ratio), Qt.TransformationMode.SmoothTransformation
                )
            )
            scaled.setDevicePixelRatio(ratio)
            label.setPixmap(scaled)
            label.setFixedHeight(round(scaled.height() / ratio))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._images:
            self._refit.start()

    def _fit(self) -> None:
        # Sharper pages when the area grew a lot; otherwise the kept images are only rescaled.
        if self._data and self._wanted_dpi() > self._rendered_dpi * 1.15:
            self.set_pdf(self._data)
        else:
            self._show_scaled()

    def sizeHint(self) -> QSize:
        return QSize(640, 480)
