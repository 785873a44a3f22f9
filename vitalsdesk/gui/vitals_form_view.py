"""The vital-signs form (layout: ui/vitals_form.ui): inputs in clinical order, a check line per
measurement, the last reading beside it. A view: VitalsFormController holds the behaviour and
tells the view what to show through the methods below; the inputs are exposed by name (`edits`,
`combos`, `on_oxygen`) for it to read and wire."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QLabel, QWidget

from vitalsdesk.gui.forms.ui_vitals_form import Ui_VitalsFormView
from vitalsdesk.gui.widgets import NoWheelComboBox, NumericLineEdit, show_info

CHOICE_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "bp_position": (
        ("Position —", ""),
        ("Sitting", "sitting"),
        ("Standing", "standing"),
        ("Lying", "lying"),
    ),
    "bp_arm": (("Arm —", ""), ("Left arm", "left"), ("Right arm", "right")),
    "bp_cuff": (
        ("Cuff —", ""),
        ("Infant cuff", "infant"),
        ("Child cuff", "child"),
        ("Small adult cuff", "small-adult"),
        ("Adult cuff", "adult"),
        ("Large adult cuff", "large-adult"),
        ("Thigh cuff", "thigh"),
    ),
    "temperature_unit": (("°F", "[degF]"), ("°C", "Cel")),
    "temperature_method": (
        ("Oral", "oral"),
        ("Tympanic (ear)", "tympanic"),
        ("Temporal (forehead)", "temporal"),
        ("Axillary (armpit)", "axillary"),
        ("Rectal", "rectal"),
    ),
    "height_unit": (("in", "[in_i]"), ("ft + in", "ft_in"), ("cm", "cm")),
    "weight_unit": (("lb", "[lb_av]"), ("lb + oz", "lb_oz"), ("kg", "kg"), ("g", "g")),
    "head_unit": (("cm", "cm"), ("in", "[in_i]")),
}


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class VitalsFormView(QWidget):
    save_requested = Signal()
    clear_requested = Signal()  # "Clear form", or "Cancel amendment" while amending
    pair_finished = Signal()  # the systolic field was left: it may hold "120/80"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_VitalsFormView()
        ui.setupUi(self)
        self._map_inputs()
        self._fill_choices()
        self._prepare_labels()
        self._shown: dict[QLabel, tuple[str, str]] = {}  # the check line now shown: text, style
        self._invalid: dict[QWidget, bool] = {}
        # What a screen reader hears after a number field's name: its check line, its unit and,
        # while it is empty, the typing hint the .ui form gives it.
        self._hints = {name: edit.accessibleDescription() for name, edit in self.edits.items()}
        self._checks: dict[str, str] = {}
        for name, edit in self.edits.items():
            edit.textChanged.connect(partial(self._describe, name))
            self._describe(name)
        self._keep_room_for_second_inputs()
        self._column_spacing = ui.formColumns.spacing()
        # The room is the scroll area's, which is laid out after this view's own resize: reflow
        # when it changes too, or a form first shown on a small screen keeps two columns.
        ui.formScroll.installEventFilter(self)
        ui.saveButton.clicked.connect(self.save_requested)
        ui.clearButton.clicked.connect(self.clear_requested)
        ui.systolicEdit.editingFinished.connect(self.pair_finished)

    def _map_inputs(self) -> None:
        ui = self.ui
        self.edits: dict[str, NumericLineEdit] = {
            "systolic": ui.systolicEdit,
            "diastolic": ui.diastolicEdit,
            "heart_rate": ui.heartRateEdit,
            "respiratory_rate": ui.respiratoryRateEdit,
            "temperature": ui.temperatureEdit,
            "oxygen_saturation": ui.oxygenSaturationEdit,
            "oxygen_flow": ui.oxygenFlowEdit,
            "height": ui.heightEdit,
            "height_inches": ui.heightInchesEdit,
            "weight": ui.weightEdit,
            "weight_ounces": ui.weightOuncesEdit,
            "pain": ui.painEdit,
            "head": ui.headEdit,
        }
        self.combos: dict[str, NoWheelComboBox] = {
            "bp_position": ui.bpPositionCombo,
            "bp_arm": ui.bpArmCombo,
            "bp_cuff": ui.bpCuffCombo,
            "temperature_unit": ui.temperatureUnitCombo,
            "temperature_method": ui.temperatureMethodCombo,
            "height_unit": ui.heightUnitCombo,
            "weight_unit": ui.weightUnitCombo,
            "head_unit": ui.headUnitCombo,
        }
        self.on_oxygen: QCheckBox = ui.onOxygenCheck
        # The check line of each measurement (and of the computed BMI).
        self.flag_labels: dict[str, QLabel] = {
            "systolic_bp": ui.systolicFlagLabel,
            "diastolic_bp": ui.diastolicFlagLabel,
            "heart_rate": ui.heartRateFlagLabel,
            "respiratory_rate": ui.respiratoryRateFlagLabel,
            "body_temperature": ui.temperatureFlagLabel,
            "oxygen_saturation": ui.oxygenSaturationFlagLabel,
            "body_height": ui.heightFlagLabel,
            "body_weight": ui.weightFlagLabel,
            "bmi": ui.bmiFlagLabel,
            "pain_score": ui.painFlagLabel,
            "head_circumference": ui.headFlagLabel,
        }
        self.last_labels: dict[str, QLabel] = {
            "blood_pressure": ui.bpLastLabel,
            "heart_rate": ui.heartRateLastLabel,
            "respiratory_rate": ui.respiratoryRateLastLabel,
            "body_temperature": ui.temperatureLastLabel,
            "oxygen_saturation": ui.oxygenSaturationLastLabel,
            "body_height": ui.heightLastLabel,
            "body_weight": ui.weightLastLabel,
            "bmi": ui.bmiLastLabel,
            "pain_score": ui.painLastLabel,
            "head_circumference": ui.headLastLabel,
        }

    def _fill_choices(self) -> None:
        self.ui.systolicEdit.allow_pair()
        for name, items in CHOICE_ITEMS.items():
            combo = self.combos[name]
            for text, value in items:
                combo.addItem(text, value)

    def _prepare_labels(self) -> None:
        for label in self.flag_labels.values():
            label.setProperty("flag", "")
            # Margins, not QSS padding: a word-wrapped label's height-for-width counts only these.
            label.setContentsMargins(10, 4, 10, 4)
            label.hide()
        for label in self.last_labels.values():
            label.setProperty("role", "last-reading")
        self.ui.modeLabel.hide()
        self.ui.formMessageLabel.hide()

    # -- room: two columns or one ----------------------------------------------------------------

    def _keep_room_for_second_inputs(self) -> None:
        """The second input of "ft + in" and "lb + oz" keeps its room while hidden, so picking
        the unit does not move the unit box or the last reading beside it."""
        ui = self.ui
        for widget in (
            ui.heightFeetLabel,
            ui.heightInchesEdit,
            ui.heightInchesLabel,
            ui.weightPoundsLabel,
            ui.weightOuncesEdit,
            ui.weightOuncesLabel,
        ):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)

    def two_columns(self) -> bool:
        return self.ui.formColumns.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.formScroll and event.type() == QEvent.Type.Resize:
            self._reflow()
        return super().eventFilter(watched, event)

    def _reflow(self) -> None:
        """Vital signs beside body measurements when both fit across, else one under the other
        (1024x768): the form then scrolls down only, never sideways, and each last reading
        stays beside its field."""
        ui = self.ui
        columns = ui.formColumns
        # The least each column can take (a last reading may wrap onto one more line).
        needed = (
            ui.vitalSignsColumn.minimumSize().width()
            + self._column_spacing
            + ui.bodyColumn.minimumSize().width()
            + ui.formContentsLayout.contentsMargins().left()
            + ui.formContentsLayout.contentsMargins().right()
        )
        room = ui.formScroll.width() - ui.formScroll.verticalScrollBar().sizeHint().width()
        wanted = (
            QBoxLayout.Direction.LeftToRight if needed <= room else QBoxLayout.Direction.TopToBottom
        )
        if columns.direction() == wanted:
            return
        columns.setDirection(wanted)
        columns.setSpacing(
            self._column_spacing if wanted == QBoxLayout.Direction.LeftToRight else 12
        )
        # One column: both grids' labels line up, so the inputs form one straight edge.
        row_labels = (
            ui.bpLabel,
            ui.heartRateLabel,
            ui.respiratoryRateLabel,
            ui.temperatureLabel,
            ui.oxygenSaturationLabel,
            ui.heightLabel,
            ui.weightLabel,
            ui.bmiLabel,
            ui.painLabel,
            ui.headLabel,
        )
        one_column = wanted == QBoxLayout.Direction.TopToBottom
        label_width = max(label.sizeHint().width() for label in row_labels) if one_column else 0
        ui.vitalSignsGrid.setColumnMinimumWidth(0, label_width)
        ui.bodyGrid.setColumnMinimumWidth(0, label_width)

    # -- which inputs are shown ------------------------------------------------------------------

    def show_head_row(self, visible: bool) -> None:
        ui = self.ui
        for widget in (ui.headLabel, ui.headInputs, ui.headFlagLabel, ui.headLastLabel):
            widget.setVisible(visible)

    def show_unit_inputs(
        self, *, feet_and_inches: bool, pounds_and_ounces: bool, on_oxygen: bool
    ) -> None:
        """The second input of "ft + in" and "lb + oz", and the oxygen flow when on oxygen."""
        ui = self.ui
        for widget in (ui.heightFeetLabel, ui.heightInchesEdit, ui.heightInchesLabel):
            widget.setVisible(feet_and_inches)
        ui.heightEdit.setPlaceholderText("ft" if feet_and_inches else "")
        for widget in (ui.weightPoundsLabel, ui.weightOuncesEdit, ui.weightOuncesLabel):
            widget.setVisible(pounds_and_ounces)
        ui.weightEdit.setPlaceholderText("lb" if pounds_and_ounces else "")
        ui.oxygenFlowEdit.setVisible(on_oxygen)
        ui.oxygenFlowUnitLabel.setVisible(on_oxygen)
        for name in self.edits:
            self._describe(name)

    def unit_of(self, name: str) -> str:
        """The unit of number field `name` as the form shows it ("mmHg", "/min", "°F")."""
        ui = self.ui
        combos = self.combos
        feet = ui.heightInchesEdit.isVisibleTo(self)
        ounces = ui.weightOuncesEdit.isVisibleTo(self)
        units = {
            "systolic": ui.bpUnitLabel.text(),
            "diastolic": ui.bpUnitLabel.text(),
            "heart_rate": ui.heartRateUnitLabel.text(),
            "respiratory_rate": ui.respiratoryRateUnitLabel.text(),
            "temperature": combos["temperature_unit"].currentText(),
            "oxygen_saturation": ui.oxygenSaturationUnitLabel.text(),
            "oxygen_flow": ui.oxygenFlowUnitLabel.text(),
            "height": ui.heightFeetLabel.text() if feet else combos["height_unit"].currentText(),
            "height_inches": ui.heightInchesLabel.text(),
            "weight": ui.weightPoundsLabel.text()
            if ounces
            else combos["weight_unit"].currentText(),
            "weight_ounces": ui.weightOuncesLabel.text(),
            "head": combos["head_unit"].currentText(),
        }
        return units.get(name, "")

    def _describe(self, name: str, *_args: object) -> None:
        edit = self.edits[name]
        unit = self.unit_of(name)
        if name == "pain":
            unit_text = f"Scale {self.ui.painHintLabel.text()}."
        else:
            unit_text = f"Unit: {unit}." if unit else ""
        parts = [self._checks.get(name, ""), unit_text]
        if not edit.text():
            parts.append(self._hints.get(name, ""))
        # Each part a sentence, so a screen reader pauses between them.
        description = " ".join(p if p[-1] in ".!?" else f"{p}." for p in parts if p)
        if edit.accessibleDescription() != description:
            edit.setAccessibleDescription(description)

    # -- what the checks say ---------------------------------------------------------------------

    def show_check(self, key: str, text: str, style: str) -> None:
        """The check line of measurement `key`. A value within range ("normal") gets none: the
        screen stays calm and what needs attention stands out."""
        label = self.flag_labels[key]
        if self._shown.get(label) == (text, style):
            return
        previous_style = self._shown.get(label, ("", ""))[1]
        self._shown[label] = (text, style)
        show_info(label, text)
        label.setVisible(bool(text) and style != "normal")
        if style != previous_style:
            label.setProperty("flag", style)
            _repolish(label)

    def mark_field(self, name: str, *, invalid: bool, description: str) -> None:
        """Mark input `name` as holding a value that cannot be saved (or not); a screen reader
        reads `description`, the check line, even when it is not shown (before the unit)."""
        edit = self.edits[name]
        if self._invalid.get(edit) != invalid:
            self._invalid[edit] = invalid
            edit.setProperty("invalid", "true" if invalid else "false")
            _repolish(edit)
        self._checks[name] = description
        self._describe(name)

    def set_bmi(self, value: str | None) -> None:
        """The BMI worked out from height and weight (None: not both typed yet)."""
        self.ui.bmiValueLabel.setText("—" if value is None else value)
        self.ui.bmiValueLabel.setAccessibleDescription(
            "BMI appears when height and weight are typed" if value is None else f"BMI {value}"
        )

    def show_form_message(self, text: str, *, problem: bool = False) -> None:
        """The line under the form: "✖ ..." for a problem, plain for information."""
        label = self.ui.formMessageLabel
        shown = f"✖ {text}" if text and problem else text
        if label.text() != shown:
            show_info(label, shown)
            label.setProperty("tone", "problem" if problem else "info")
            _repolish(label)
        label.setVisible(bool(text))

    def show_taken(self, text: str) -> None:
        show_info(self.ui.takenAtLabel, text)

    def show_last_readings(self, texts: dict[str, str]) -> None:
        """The last reading beside each field (keys of `last_labels`; the others are emptied)."""
        for key, label in self.last_labels.items():
            show_info(label, texts.get(key, ""))

    # -- new set or amendment --------------------------------------------------------------------

    def show_note(self, text: str) -> None:
        """A note above the form (a restored draft) while it stays a new set."""
        show_info(self.ui.modeLabel, text)
        self.ui.modeLabel.setProperty("tone", "info")
        self.ui.modeLabel.show()

    def show_amend_mode(self, text: str) -> None:
        """The form holds a recorded set being corrected: say so; Clear becomes Cancel."""
        self.show_note(text)
        self.ui.clearButton.setText("Cancel amendment")
        self.ui.clearButton.setAccessibleName("Cancel amendment")

    def show_entry_mode(self) -> None:
        """A new set: no note, and Clear clears."""
        self.ui.modeLabel.hide()
        self.ui.clearButton.setText("C&lear form")
        self.ui.clearButton.setAccessibleName("Clear form")

    # -- focus -----------------------------------------------------------------------------------

    def focus_field(self, name: str, *, select: bool = False) -> None:
        self.edits[name].setFocus()
        if select:
            self.edits[name].selectAll()

    def focus_save(self) -> None:
        self.ui.saveButton.setFocus()
