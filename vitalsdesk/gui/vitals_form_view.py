"""The vital-signs form (layout: ui/vitals_form.ui): inputs in clinical order, a check line per
measurement, the last reading beside it. A view: VitalsFormController holds the behaviour."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from vitalsdesk.gui.forms.ui_vitals_form import Ui_VitalsFormView
from vitalsdesk.gui.widgets import NoWheelComboBox, NumericLineEdit

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


class VitalsFormView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui = Ui_VitalsFormView()
        ui.setupUi(self)
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
        ui.systolicEdit.allow_pair()
        for name, items in CHOICE_ITEMS.items():
            combo = self.combos[name]
            for text, value in items:
                combo.addItem(text, value)
        for label in self.flag_labels.values():
            label.setProperty("flag", "")
            # Margins, not QSS padding: a word-wrapped label's height-for-width counts only these.
            label.setContentsMargins(10, 4, 10, 4)
            label.hide()
        for label in self.last_labels.values():
            label.setProperty("role", "last-reading")
        ui.modeLabel.hide()
        ui.formMessageLabel.hide()

    def head_row(self) -> tuple[QWidget, ...]:
        ui = self.ui
        return (ui.headLabel, ui.headInputs, ui.headFlagLabel, ui.headLastLabel)
