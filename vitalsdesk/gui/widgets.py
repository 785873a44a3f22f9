"""Small input widgets used by the Designer forms (promoted in ui/*.ui).

- NumericLineEdit: a QLineEdit for numbers. Not a spin box: a spin box changes its value under the
  mouse wheel and follows the OS locale's decimal mark (docs/platform.md, "Locale and the
  decimal mark"). This one accepts digits with "." or "," as the decimal mark, optionally "120/80"
  (blood pressure), and ignores the wheel so the page scrolls instead.
- NoWheelComboBox: a combo box whose value the mouse wheel never changes.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

_NUMBER = r"\d{0,4}([.,]\d{0,3})?"
_PAIR = r"\d{0,3}([.,]\d{0,2})?(/\d{0,3}([.,]\d{0,2})?)?"


class NumericLineEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pair = False
        self._apply_validator()
        self.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.setMaxLength(12)

    def allow_pair(self, allowed: bool = True) -> None:
        """Accept "120/80": the part after the slash belongs to the next field."""
        self._pair = allowed
        self._apply_validator()

    def _apply_validator(self) -> None:
        pattern = QRegularExpression(f"^{_PAIR if self._pair else _NUMBER}$")
        self.setValidator(QRegularExpressionValidator(pattern, self))

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # let the scroll area have it


class NoWheelComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Focus by Tab or click only: the wheel passing over it must not even focus it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()

    def select_data(self, data: object) -> bool:
        """Select the item whose data is `data`; False (and no change) when there is none."""
        index = self.findData(data)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True
