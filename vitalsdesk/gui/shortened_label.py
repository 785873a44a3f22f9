"""The header's range-table label: its whole text where it fits, else a short form, never cut."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.widgets import ElidedLabel


class ShortenedLabel(ElidedLabel):
    """A one-line label that shows its whole text where it fits, else a short form of it that
    is never cut (its least width), with the whole text in its tooltip. text() stays the whole
    text, for a screen reader and the tests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.short_text = ""

    def set_short_text(self, text: str) -> None:
        self.short_text = text
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.short_text:
            return hint
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.short_text) + 2 * self.margin()
        return QSize(width + margins.left() + margins.right() + 1, hint.height())

    def shown_lines(self) -> list[str]:
        width = self._text_rect().width()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self.text()) <= width or not self.short_text:
            return super().shown_lines()
        return [metrics.elidedText(self.short_text, Qt.TextElideMode.ElideRight, width)]
