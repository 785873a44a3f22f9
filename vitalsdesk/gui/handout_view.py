"""The handout tab's view (layout: ui/handout.ui) and the inputs made from a template's fields.

Layout only: HandoutController (handout_controller.py) picks the template, checks the fields,
renders the preview and prints. A required field says so in its label, not only by colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QWidget,
)

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_handout import Ui_HandoutView
from vitalsdesk.gui.qt_dates import from_qdate, to_qdate
from vitalsdesk.gui.widgets import NumericLineEdit
from vitalsdesk.handouts.model import TemplateField

PAGE_SIZES = (("Letter (8.5 × 11 in)", "letter"), ("A4 (210 × 297 mm)", "a4"))
BLANK_HINT = "Leave empty: the sheet has a line to write on"
DATE_FORMAT = "yyyy-MM-dd"
_KEY_ROLE = Qt.ItemDataRole.UserRole


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid") == "true") == invalid:
        return
    widget.setProperty("invalid", "true" if invalid else None)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldInput:
    """One template field on screen: its label, its input, its value as the sheet wants it."""

    def __init__(self, spec: TemplateField, label: QLabel, focus: QWidget) -> None:
        self.spec = spec
        self.label = label
        self.focus = focus  # what gets the keyboard focus (and the invalid mark)

    def value(self) -> str:
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError

    def set_invalid(self, invalid: bool) -> None:
        _mark(self.focus, invalid)

    def widgets(self) -> list[QWidget]:
        """The focusable widgets, in tab order."""
        return [self.focus]


class TextInput(FieldInput):
    def __init__(self, spec: TemplateField, label: QLabel, edit: QLineEdit) -> None:
        super().__init__(spec, label, edit)
        self.edit = edit

    def value(self) -> str:
        text = self.edit.text().strip()
        if isinstance(self.edit, NumericLineEdit):
            text = text.replace(",", ".")  # both decimal marks, as on the vitals form
        return text

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(callback)


class DateInput(FieldInput):
    """A date; an optional date can be left blank (the sheet then has a line to write on)."""

    def __init__(
        self, spec: TemplateField, label: QLabel, edit: QDateEdit, blank: QCheckBox | None
    ) -> None:
        super().__init__(spec, label, edit)
        self.edit = edit
        self.blank = blank
        if blank is not None:
            blank.toggled.connect(lambda checked: edit.setEnabled(not checked))
            edit.setEnabled(not blank.isChecked())

    def value(self) -> str:
        if self.blank is not None and self.blank.isChecked():
            return ""
        return from_qdate(self.edit.date()).isoformat()

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.dateChanged.connect(callback)
        if self.blank is not None:
            self.blank.toggled.connect(callback)

    def widgets(self) -> list[QWidget]:
        return [self.edit] if self.blank is None else [self.blank, self.edit]


class HandoutView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HandoutView()
        self.ui.setupUi(self)
        for text, value in PAGE_SIZES:
            self.ui.pageSizeCombo.addItem(text, value)
        self.ui.messageLabel.hide()
        self.ui.templateErrorsLabel.hide()
        self.inputs: list[FieldInput] = []

    # -- the template list -----------------------------------------------------------------------

    def add_template(self, text: str, key: tuple[str, str], tooltip: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text, self.ui.templateList)
        item.setData(_KEY_ROLE, key)
        if tooltip:
            item.setToolTip(tooltip)
        return item

    @staticmethod
    def item_key(item: QListWidgetItem | None) -> tuple[str, str] | None:
        if item is None:
            return None
        key = item.data(_KEY_ROLE)
        return (str(key[0]), str(key[1])) if key else None

    # -- the fields ------------------------------------------------------------------------------

    def set_fields(self, specs: list[TemplateField], today: date) -> list[FieldInput]:
        """Replace the field rows with inputs for `specs` (defaults filled in)."""
        layout = self.ui.fieldsLayout
        while (item := layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        self.inputs = [self._input(spec, today) for spec in specs]
        for field_input in self.inputs:
            editor: QWidget = field_input.focus
            if isinstance(field_input, DateInput) and field_input.blank is not None:
                editor = QWidget(self.ui.fieldsArea)
                box = QHBoxLayout(editor)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(12)
                box.addWidget(field_input.edit, 1)
                box.addWidget(field_input.blank)
            layout.addWidget(field_input.label)
            layout.addWidget(editor)
            layout.addSpacing(6)
            # Shown now rather than on the next event-loop turn, so Enter in the find box can
            # move the focus into the new fields at once.
            for widget in (field_input.label, editor, *field_input.widgets()):
                widget.show()
        self.ui.fieldsTitleLabel.setText(
            "Fill in for this patient" if specs else "This handout has nothing to fill in."
        )
        chain: list[QWidget] = [self.ui.templateList]
        for field_input in self.inputs:
            chain += field_input.widgets()
        chain.append(self.ui.clinicianEdit)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        return self.inputs

    def _input(self, spec: TemplateField, today: date) -> FieldInput:
        parent = self.ui.fieldsArea
        words = f"{spec.label} (required)" if spec.required else spec.label
        label = QLabel(words, parent)
        label.setWordWrap(True)
        label.setObjectName(f"{spec.name}FieldLabel")
        accessible = f"{spec.label}, required" if spec.required else spec.label
        if spec.kind == "date":
            edit = QDateEdit(parent)
            edit.setObjectName(f"{spec.name}Edit")
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setMaximumDate(QDate(2199, 12, 31))
            edit.setDate(to_qdate(date.fromisoformat(spec.default) if spec.default else today))
            edit.setAccessibleName(accessible)
            edit.lineEdit().setAccessibleName(accessible)  # the text part takes the focus too
            label.setBuddy(edit)
            blank = None
            if not spec.required:
                blank = QCheckBox("Leave blank", parent)
                blank.setObjectName(f"{spec.name}BlankCheck")
                blank.setAccessibleName(f"Leave {spec.label} blank")
                blank.setToolTip("The sheet then has a line to write the date on by hand.")
                blank.setChecked(spec.default is None)
            return DateInput(spec, label, edit, blank)
        line = NumericLineEdit(parent) if spec.kind == "number" else QLineEdit(parent)
        if spec.kind != "number":
            line.setMaxLength(200)
        line.setObjectName(f"{spec.name}Edit")
        line.setAccessibleName(accessible)
        if spec.default is not None:
            line.setText(spec.default)
        if not spec.required:
            line.setPlaceholderText(BLANK_HINT)
        label.setBuddy(line)
        return TextInput(spec, label, line)

    # -- messages --------------------------------------------------------------------------------

    def show_message(self, text: str, *, problem: bool = False) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)
