"""The handout tab's view (layout: ui/handout.ui) and the inputs made from a template's fields.

Layout only: HandoutController (handout_controller.py) picks the template, checks the fields,
renders the preview and prints; the view signals what the user asks for and shows what it is
told. A required field says so in its label, not only by colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
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
from vitalsdesk.gui.widgets import NoWheelComboBox, NumericLineEdit, name_clear_button
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


# In the find box: ↑/↓ step through the list, Page Up/Down jump, Enter goes on to the fields.
_FIND_BOX_STEPS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}


class HandoutView(QWidget):
    filter_changed = Signal(str)  # the find box's text
    move_requested = Signal(int)  # rows to move the choice by, from the find box (↑ is -1)
    fields_requested = Signal()  # Enter in the find box, or on a handout of the list
    template_changed = Signal(object)  # the chosen handout's key (id, language), or None
    options_changed = Signal()  # clinician, page size or large print
    print_requested = Signal()
    save_pdf_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_HandoutView()
        ui.setupUi(self)
        for text, value in PAGE_SIZES:
            ui.pageSizeCombo.addItem(text, value)
        ui.messageLabel.hide()
        ui.templateErrorsLabel.hide()
        self.inputs: list[FieldInput] = []
        ui.filterEdit.textChanged.connect(self.filter_changed)
        ui.filterEdit.installEventFilter(self)
        name_clear_button(ui.filterEdit, "Clear the search")
        ui.templateList.currentItemChanged.connect(
            lambda current, _previous: self.template_changed.emit(self.item_key(current))
        )
        ui.templateList.itemActivated.connect(lambda _item: self.fields_requested.emit())
        ui.clinicianEdit.textChanged.connect(self.options_changed)
        ui.pageSizeCombo.currentIndexChanged.connect(self.options_changed)
        ui.largePrintCheck.toggled.connect(self.options_changed)
        ui.printButton.clicked.connect(self.print_requested)
        ui.savePdfButton.clicked.connect(self.save_pdf_requested)
        # Which of today's sets goes on the sheet (the newest unless the MA picks another).
        self.sets_label = QLabel("Vital signs on the &sheet")
        self.sets_combo = NoWheelComboBox()
        self.sets_combo.setObjectName("setsCombo")
        self.sets_combo.setAccessibleName("Vital signs on the sheet")
        self.sets_label.setBuddy(self.sets_combo)
        ui.sheetLayout.insertRow(0, self.sets_label, self.sets_combo)
        self.sets_combo.currentIndexChanged.connect(self.options_changed)
        QWidget.setTabOrder(self.sets_combo, ui.clinicianEdit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The find box keeps the focus while ↑/↓ choose in the list; Enter goes to the fields.
        if watched is self.ui.filterEdit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _FIND_BOX_STEPS:
                self.move_requested.emit(_FIND_BOX_STEPS[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.fields_requested.emit()
                return True
        return super().eventFilter(watched, event)

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

    def _items(self) -> list[QListWidgetItem]:
        listed = self.ui.templateList
        return [listed.item(row) for row in range(listed.count())]

    def template_keys(self) -> list[tuple[str, str]]:
        return [key for item in self._items() if (key := self.item_key(item)) is not None]

    def show_only_templates(self, keys: set[tuple[str, str]]) -> None:
        """Hide every handout of the list but those of `keys`."""
        for item in self._items():
            item.setHidden(self.item_key(item) not in keys)

    def visible_templates(self) -> list[tuple[str, str]]:
        return [
            key
            for item in self._items()
            if not item.isHidden() and (key := self.item_key(item)) is not None
        ]

    def current_template(self) -> tuple[str, str] | None:
        item = self.ui.templateList.currentItem()
        return None if item is None or item.isHidden() else self.item_key(item)

    def choose_template(self, key: tuple[str, str] | None) -> None:
        """Make `key` the chosen handout, scrolled into view (None: none chosen)."""
        listed = self.ui.templateList
        item = next((i for i in self._items() if self.item_key(i) == key), None)
        listed.setCurrentItem(item)  # type: ignore[arg-type]
        if item is not None:
            listed.scrollToItem(item)

    def show_hint(self, text: str) -> None:
        self.ui.hintLabel.setText(text)

    def show_template_errors(self, text: str, details: str = "") -> None:
        """Handout files left out of the list, for an administrator (empty: none shown)."""
        label = self.ui.templateErrorsLabel
        label.setText(text)
        label.setToolTip(details)
        label.setVisible(bool(text))

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
        for first, second in pairwise([self.ui.templateList, *self.focus_chain()]):
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

    def show_template_chosen(self, chosen: bool) -> None:
        """The fields' title, Print and Save as PDF are there only when a handout is chosen."""
        self.ui.fieldsTitleLabel.setVisible(chosen)
        for widget in (self.ui.printButton, self.ui.savePdfButton):
            widget.setEnabled(chosen)

    def focus_chain(self) -> list[QWidget]:
        """The fields' inputs in tab order, then the clinician's name."""
        chain: list[QWidget] = []
        for field_input in self.inputs:
            chain += field_input.widgets()
        return [*chain, self.ui.clinicianEdit]

    def focus_filter(self) -> None:
        self.ui.filterEdit.setFocus()
        self.ui.filterEdit.selectAll()

    # -- the sheet's options -------------------------------------------------------------------

    def set_page_size(self, page_size: str) -> None:
        self.ui.pageSizeCombo.select_data(page_size)

    def page_size(self) -> str:
        return str(self.ui.pageSizeCombo.currentData())

    def large_print(self) -> bool:
        return self.ui.largePrintCheck.isChecked()

    def set_sets(self, choices: list[tuple[str, int | None]]) -> None:
        """Today's sets as (text, set id), newest first; (text, None) when there is none."""
        self.sets_combo.blockSignals(True)
        self.sets_combo.clear()
        for text, set_id in choices:
            self.sets_combo.addItem(text, set_id)
        self.sets_combo.setEnabled(len(choices) > 1)
        self.sets_combo.blockSignals(False)

    def chosen_set(self) -> int | None:
        data = self.sets_combo.currentData()
        return int(data) if data is not None else None

    def clinician_name(self) -> str:
        return self.ui.clinicianEdit.text().strip()

    # -- the preview -----------------------------------------------------------------------------

    def show_pdf(self, data: bytes) -> int:
        """Draw every page of `data` in the preview; returns how many there are."""
        self.ui.preview.set_pdf(data)
        return len(self.ui.preview.page_images())

    def clear_preview(self, title: str) -> None:
        self.ui.preview.clear()
        self.ui.previewTitleLabel.setText(title)

    def set_preview_title(self, text: str) -> None:
        self.ui.previewTitleLabel.setText(text)

    # -- messages --------------------------------------------------------------------------------

    def show_message(self, text: str, *, problem: bool = False) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)
