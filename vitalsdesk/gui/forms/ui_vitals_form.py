# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'vitals_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QFrame, QGridLayout,
    QHBoxLayout, QLabel, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from vitalsdesk.gui.widgets import (NoWheelComboBox, NumericLineEdit)

class Ui_VitalsFormView(object):
    def setupUi(self, VitalsFormView):
        if not VitalsFormView.objectName():
            VitalsFormView.setObjectName(u"VitalsFormView")
        self.pageLayout = QVBoxLayout(VitalsFormView)
        self.pageLayout.setSpacing(6)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 8, 24, 8)
        self.modeLabel = QLabel(VitalsFormView)
        self.modeLabel.setObjectName(u"modeLabel")
        self.modeLabel.setText(u"")
        self.modeLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.modeLabel)

        self.formScroll = QScrollArea(VitalsFormView)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formScroll.setWidgetResizable(True)
        self.formScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.formContents = QWidget()
        self.formContents.setObjectName(u"formContents")
        self.formContentsLayout = QVBoxLayout(self.formContents)
        self.formContentsLayout.setSpacing(0)
        self.formContentsLayout.setObjectName(u"formContentsLayout")
        self.formContentsLayout.setContentsMargins(0, 0, 4, 0)
        self.formColumns = QHBoxLayout()
        self.formColumns.setSpacing(40)
        self.formColumns.setObjectName(u"formColumns")
        self.formColumns.setContentsMargins(0, 0, 0, 0)
        self.vitalSignsColumn = QVBoxLayout()
        self.vitalSignsColumn.setSpacing(0)
        self.vitalSignsColumn.setObjectName(u"vitalSignsColumn")
        self.vitalSignsGrid = QGridLayout()
        self.vitalSignsGrid.setObjectName(u"vitalSignsGrid")
        self.vitalSignsGrid.setHorizontalSpacing(12)
        self.vitalSignsGrid.setVerticalSpacing(6)
        self.vitalSignsGrid.setContentsMargins(0, 0, 0, 0)
        self.bpLabel = QLabel(self.formContents)
        self.bpLabel.setObjectName(u"bpLabel")

        self.vitalSignsGrid.addWidget(self.bpLabel, 0, 0, 1, 1)

        self.bpInputs = QWidget(self.formContents)
        self.bpInputs.setObjectName(u"bpInputs")
        self.bpInputsLayout = QHBoxLayout(self.bpInputs)
        self.bpInputsLayout.setSpacing(8)
        self.bpInputsLayout.setObjectName(u"bpInputsLayout")
        self.bpInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.systolicEdit = NumericLineEdit(self.bpInputs)
        self.systolicEdit.setObjectName(u"systolicEdit")
        self.systolicEdit.setMinimumSize(QSize(92, 0))
        self.systolicEdit.setMaximumSize(QSize(92, 16777215))

        self.bpInputsLayout.addWidget(self.systolicEdit)

        self.bpSlashLabel = QLabel(self.bpInputs)
        self.bpSlashLabel.setObjectName(u"bpSlashLabel")

        self.bpInputsLayout.addWidget(self.bpSlashLabel)

        self.diastolicEdit = NumericLineEdit(self.bpInputs)
        self.diastolicEdit.setObjectName(u"diastolicEdit")
        self.diastolicEdit.setMinimumSize(QSize(92, 0))
        self.diastolicEdit.setMaximumSize(QSize(92, 16777215))

        self.bpInputsLayout.addWidget(self.diastolicEdit)

        self.bpUnitLabel = QLabel(self.bpInputs)
        self.bpUnitLabel.setObjectName(u"bpUnitLabel")

        self.bpInputsLayout.addWidget(self.bpUnitLabel)

        self.bpSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bpInputsLayout.addItem(self.bpSpacer)


        self.vitalSignsGrid.addWidget(self.bpInputs, 0, 1, 1, 1)

        self.bpLastLabel = QLabel(self.formContents)
        self.bpLastLabel.setObjectName(u"bpLastLabel")
        self.bpLastLabel.setText(u"")
        self.bpLastLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.bpLastLabel, 0, 2, 1, 1)

        self.bpDetailsInputs = QWidget(self.formContents)
        self.bpDetailsInputs.setObjectName(u"bpDetailsInputs")
        self.bpDetailsInputsLayout = QHBoxLayout(self.bpDetailsInputs)
        self.bpDetailsInputsLayout.setSpacing(8)
        self.bpDetailsInputsLayout.setObjectName(u"bpDetailsInputsLayout")
        self.bpDetailsInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.bpPositionCombo = NoWheelComboBox(self.bpDetailsInputs)
        self.bpPositionCombo.setObjectName(u"bpPositionCombo")
        self.bpPositionCombo.setMinimumSize(QSize(112, 0))

        self.bpDetailsInputsLayout.addWidget(self.bpPositionCombo)

        self.bpArmCombo = NoWheelComboBox(self.bpDetailsInputs)
        self.bpArmCombo.setObjectName(u"bpArmCombo")
        self.bpArmCombo.setMinimumSize(QSize(112, 0))

        self.bpDetailsInputsLayout.addWidget(self.bpArmCombo)

        self.bpCuffCombo = NoWheelComboBox(self.bpDetailsInputs)
        self.bpCuffCombo.setObjectName(u"bpCuffCombo")
        self.bpCuffCombo.setMinimumSize(QSize(176, 0))

        self.bpDetailsInputsLayout.addWidget(self.bpCuffCombo)

        self.bpDetailsSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bpDetailsInputsLayout.addItem(self.bpDetailsSpacer)


        self.vitalSignsGrid.addWidget(self.bpDetailsInputs, 1, 1, 1, 2)

        self.systolicFlagLabel = QLabel(self.formContents)
        self.systolicFlagLabel.setObjectName(u"systolicFlagLabel")
        self.systolicFlagLabel.setText(u"")
        self.systolicFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.systolicFlagLabel, 2, 0, 1, 3)

        self.diastolicFlagLabel = QLabel(self.formContents)
        self.diastolicFlagLabel.setObjectName(u"diastolicFlagLabel")
        self.diastolicFlagLabel.setText(u"")
        self.diastolicFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.diastolicFlagLabel, 3, 0, 1, 3)

        self.heartRateLabel = QLabel(self.formContents)
        self.heartRateLabel.setObjectName(u"heartRateLabel")

        self.vitalSignsGrid.addWidget(self.heartRateLabel, 4, 0, 1, 1)

        self.heartRateInputs = QWidget(self.formContents)
        self.heartRateInputs.setObjectName(u"heartRateInputs")
        self.heartRateInputsLayout = QHBoxLayout(self.heartRateInputs)
        self.heartRateInputsLayout.setSpacing(8)
        self.heartRateInputsLayout.setObjectName(u"heartRateInputsLayout")
        self.heartRateInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.heartRateEdit = NumericLineEdit(self.heartRateInputs)
        self.heartRateEdit.setObjectName(u"heartRateEdit")
        self.heartRateEdit.setMinimumSize(QSize(92, 0))
        self.heartRateEdit.setMaximumSize(QSize(92, 16777215))

        self.heartRateInputsLayout.addWidget(self.heartRateEdit)

        self.heartRateUnitLabel = QLabel(self.heartRateInputs)
        self.heartRateUnitLabel.setObjectName(u"heartRateUnitLabel")

        self.heartRateInputsLayout.addWidget(self.heartRateUnitLabel)

        self.heartRateSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.heartRateInputsLayout.addItem(self.heartRateSpacer)


        self.vitalSignsGrid.addWidget(self.heartRateInputs, 4, 1, 1, 1)

        self.heartRateLastLabel = QLabel(self.formContents)
        self.heartRateLastLabel.setObjectName(u"heartRateLastLabel")
        self.heartRateLastLabel.setText(u"")
        self.heartRateLastLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.heartRateLastLabel, 4, 2, 1, 1)

        self.heartRateFlagLabel = QLabel(self.formContents)
        self.heartRateFlagLabel.setObjectName(u"heartRateFlagLabel")
        self.heartRateFlagLabel.setText(u"")
        self.heartRateFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.heartRateFlagLabel, 5, 0, 1, 3)

        self.respiratoryRateLabel = QLabel(self.formContents)
        self.respiratoryRateLabel.setObjectName(u"respiratoryRateLabel")

        self.vitalSignsGrid.addWidget(self.respiratoryRateLabel, 6, 0, 1, 1)

        self.respiratoryRateInputs = QWidget(self.formContents)
        self.respiratoryRateInputs.setObjectName(u"respiratoryRateInputs")
        self.respiratoryRateInputsLayout = QHBoxLayout(self.respiratoryRateInputs)
        self.respiratoryRateInputsLayout.setSpacing(8)
        self.respiratoryRateInputsLayout.setObjectName(u"respiratoryRateInputsLayout")
        self.respiratoryRateInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.respiratoryRateEdit = NumericLineEdit(self.respiratoryRateInputs)
        self.respiratoryRateEdit.setObjectName(u"respiratoryRateEdit")
        self.respiratoryRateEdit.setMinimumSize(QSize(92, 0))
        self.respiratoryRateEdit.setMaximumSize(QSize(92, 16777215))

        self.respiratoryRateInputsLayout.addWidget(self.respiratoryRateEdit)

        self.respiratoryRateUnitLabel = QLabel(self.respiratoryRateInputs)
        self.respiratoryRateUnitLabel.setObjectName(u"respiratoryRateUnitLabel")

        self.respiratoryRateInputsLayout.addWidget(self.respiratoryRateUnitLabel)

        self.respiratoryRateSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.respiratoryRateInputsLayout.addItem(self.respiratoryRateSpacer)


        self.vitalSignsGrid.addWidget(self.respiratoryRateInputs, 6, 1, 1, 1)

        self.respiratoryRateLastLabel = QLabel(self.formContents)
        self.respiratoryRateLastLabel.setObjectName(u"respiratoryRateLastLabel")
        self.respiratoryRateLastLabel.setText(u"")
        self.respiratoryRateLastLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.respiratoryRateLastLabel, 6, 2, 1, 1)

        self.respiratoryRateFlagLabel = QLabel(self.formContents)
        self.respiratoryRateFlagLabel.setObjectName(u"respiratoryRateFlagLabel")
        self.respiratoryRateFlagLabel.setText(u"")
        self.respiratoryRateFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.respiratoryRateFlagLabel, 7, 0, 1, 3)

        self.temperatureLabel = QLabel(self.formContents)
        self.temperatureLabel.setObjectName(u"temperatureLabel")

        self.vitalSignsGrid.addWidget(self.temperatureLabel, 8, 0, 1, 1)

        self.temperatureInputs = QWidget(self.formContents)
        self.temperatureInputs.setObjectName(u"temperatureInputs")
        self.temperatureInputsLayout = QHBoxLayout(self.temperatureInputs)
        self.temperatureInputsLayout.setSpacing(8)
        self.temperatureInputsLayout.setObjectName(u"temperatureInputsLayout")
        self.temperatureInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.temperatureEdit = NumericLineEdit(self.temperatureInputs)
        self.temperatureEdit.setObjectName(u"temperatureEdit")
        self.temperatureEdit.setMinimumSize(QSize(92, 0))
        self.temperatureEdit.setMaximumSize(QSize(92, 16777215))

        self.temperatureInputsLayout.addWidget(self.temperatureEdit)

        self.temperatureUnitCombo = NoWheelComboBox(self.temperatureInputs)
        self.temperatureUnitCombo.setObjectName(u"temperatureUnitCombo")
        self.temperatureUnitCombo.setMinimumSize(QSize(72, 0))

        self.temperatureInputsLayout.addWidget(self.temperatureUnitCombo)

        self.temperatureMethodCombo = NoWheelComboBox(self.temperatureInputs)
        self.temperatureMethodCombo.setObjectName(u"temperatureMethodCombo")
        self.temperatureMethodCombo.setMinimumSize(QSize(150, 0))

        self.temperatureInputsLayout.addWidget(self.temperatureMethodCombo)

        self.temperatureSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.temperatureInputsLayout.addItem(self.temperatureSpacer)


        self.vitalSignsGrid.addWidget(self.temperatureInputs, 8, 1, 1, 1)

        self.temperatureLastLabel = QLabel(self.formContents)
        self.temperatureLastLabel.setObjectName(u"temperatureLastLabel")
        self.temperatureLastLabel.setText(u"")
        self.temperatureLastLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.temperatureLastLabel, 8, 2, 1, 1)

        self.temperatureFlagLabel = QLabel(self.formContents)
        self.temperatureFlagLabel.setObjectName(u"temperatureFlagLabel")
        self.temperatureFlagLabel.setText(u"")
        self.temperatureFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.temperatureFlagLabel, 9, 0, 1, 3)

        self.oxygenSaturationLabel = QLabel(self.formContents)
        self.oxygenSaturationLabel.setObjectName(u"oxygenSaturationLabel")

        self.vitalSignsGrid.addWidget(self.oxygenSaturationLabel, 10, 0, 1, 1)

        self.oxygenSaturationInputs = QWidget(self.formContents)
        self.oxygenSaturationInputs.setObjectName(u"oxygenSaturationInputs")
        self.oxygenSaturationInputsLayout = QHBoxLayout(self.oxygenSaturationInputs)
        self.oxygenSaturationInputsLayout.setSpacing(8)
        self.oxygenSaturationInputsLayout.setObjectName(u"oxygenSaturationInputsLayout")
        self.oxygenSaturationInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.oxygenSaturationEdit = NumericLineEdit(self.oxygenSaturationInputs)
        self.oxygenSaturationEdit.setObjectName(u"oxygenSaturationEdit")
        self.oxygenSaturationEdit.setMinimumSize(QSize(92, 0))
        self.oxygenSaturationEdit.setMaximumSize(QSize(92, 16777215))

        self.oxygenSaturationInputsLayout.addWidget(self.oxygenSaturationEdit)

        self.oxygenSaturationUnitLabel = QLabel(self.oxygenSaturationInputs)
        self.oxygenSaturationUnitLabel.setObjectName(u"oxygenSaturationUnitLabel")

        self.oxygenSaturationInputsLayout.addWidget(self.oxygenSaturationUnitLabel)

        self.onOxygenCheck = QCheckBox(self.oxygenSaturationInputs)
        self.onOxygenCheck.setObjectName(u"onOxygenCheck")

        self.oxygenSaturationInputsLayout.addWidget(self.onOxygenCheck)

        self.oxygenFlowEdit = NumericLineEdit(self.oxygenSaturationInputs)
        self.oxygenFlowEdit.setObjectName(u"oxygenFlowEdit")
        self.oxygenFlowEdit.setMinimumSize(QSize(72, 0))
        self.oxygenFlowEdit.setMaximumSize(QSize(72, 16777215))

        self.oxygenSaturationInputsLayout.addWidget(self.oxygenFlowEdit)

        self.oxygenFlowUnitLabel = QLabel(self.oxygenSaturationInputs)
        self.oxygenFlowUnitLabel.setObjectName(u"oxygenFlowUnitLabel")

        self.oxygenSaturationInputsLayout.addWidget(self.oxygenFlowUnitLabel)

        self.oxygenSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.oxygenSaturationInputsLayout.addItem(self.oxygenSpacer)


        self.vitalSignsGrid.addWidget(self.oxygenSaturationInputs, 10, 1, 1, 1)

        self.oxygenSaturationLastLabel = QLabel(self.formContents)
        self.oxygenSaturationLastLabel.setObjectName(u"oxygenSaturationLastLabel")
        self.oxygenSaturationLastLabel.setText(u"")
        self.oxygenSaturationLastLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.oxygenSaturationLastLabel, 10, 2, 1, 1)

        self.oxygenSaturationFlagLabel = QLabel(self.formContents)
        self.oxygenSaturationFlagLabel.setObjectName(u"oxygenSaturationFlagLabel")
        self.oxygenSaturationFlagLabel.setText(u"")
        self.oxygenSaturationFlagLabel.setWordWrap(True)

        self.vitalSignsGrid.addWidget(self.oxygenSaturationFlagLabel, 11, 0, 1, 3)

        self.vitalSignsGrid.setColumnStretch(1, 1)

        self.vitalSignsColumn.addLayout(self.vitalSignsGrid)

        self.vitalSignsColumnEnd = QSpacerItem(4, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.vitalSignsColumn.addItem(self.vitalSignsColumnEnd)


        self.formColumns.addLayout(self.vitalSignsColumn)

        self.bodyColumn = QVBoxLayout()
        self.bodyColumn.setSpacing(0)
        self.bodyColumn.setObjectName(u"bodyColumn")
        self.bodyGrid = QGridLayout()
        self.bodyGrid.setObjectName(u"bodyGrid")
        self.bodyGrid.setHorizontalSpacing(12)
        self.bodyGrid.setVerticalSpacing(6)
        self.bodyGrid.setContentsMargins(0, 0, 0, 0)
        self.heightLabel = QLabel(self.formContents)
        self.heightLabel.setObjectName(u"heightLabel")

        self.bodyGrid.addWidget(self.heightLabel, 0, 0, 1, 1)

        self.heightInputs = QWidget(self.formContents)
        self.heightInputs.setObjectName(u"heightInputs")
        self.heightInputsLayout = QHBoxLayout(self.heightInputs)
        self.heightInputsLayout.setSpacing(8)
        self.heightInputsLayout.setObjectName(u"heightInputsLayout")
        self.heightInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.heightEdit = NumericLineEdit(self.heightInputs)
        self.heightEdit.setObjectName(u"heightEdit")
        self.heightEdit.setMinimumSize(QSize(92, 0))
        self.heightEdit.setMaximumSize(QSize(92, 16777215))

        self.heightInputsLayout.addWidget(self.heightEdit)

        self.heightFeetLabel = QLabel(self.heightInputs)
        self.heightFeetLabel.setObjectName(u"heightFeetLabel")

        self.heightInputsLayout.addWidget(self.heightFeetLabel)

        self.heightInchesEdit = NumericLineEdit(self.heightInputs)
        self.heightInchesEdit.setObjectName(u"heightInchesEdit")
        self.heightInchesEdit.setMinimumSize(QSize(64, 0))
        self.heightInchesEdit.setMaximumSize(QSize(64, 16777215))

        self.heightInputsLayout.addWidget(self.heightInchesEdit)

        self.heightInchesLabel = QLabel(self.heightInputs)
        self.heightInchesLabel.setObjectName(u"heightInchesLabel")

        self.heightInputsLayout.addWidget(self.heightInchesLabel)

        self.heightUnitCombo = NoWheelComboBox(self.heightInputs)
        self.heightUnitCombo.setObjectName(u"heightUnitCombo")
        self.heightUnitCombo.setMinimumSize(QSize(116, 0))

        self.heightInputsLayout.addWidget(self.heightUnitCombo)

        self.heightSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.heightInputsLayout.addItem(self.heightSpacer)


        self.bodyGrid.addWidget(self.heightInputs, 0, 1, 1, 1)

        self.heightLastLabel = QLabel(self.formContents)
        self.heightLastLabel.setObjectName(u"heightLastLabel")
        self.heightLastLabel.setText(u"")
        self.heightLastLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.heightLastLabel, 0, 2, 1, 1)

        self.heightFlagLabel = QLabel(self.formContents)
        self.heightFlagLabel.setObjectName(u"heightFlagLabel")
        self.heightFlagLabel.setText(u"")
        self.heightFlagLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.heightFlagLabel, 1, 0, 1, 3)

        self.weightLabel = QLabel(self.formContents)
        self.weightLabel.setObjectName(u"weightLabel")

        self.bodyGrid.addWidget(self.weightLabel, 2, 0, 1, 1)

        self.weightInputs = QWidget(self.formContents)
        self.weightInputs.setObjectName(u"weightInputs")
        self.weightInputsLayout = QHBoxLayout(self.weightInputs)
        self.weightInputsLayout.setSpacing(8)
        self.weightInputsLayout.setObjectName(u"weightInputsLayout")
        self.weightInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.weightEdit = NumericLineEdit(self.weightInputs)
        self.weightEdit.setObjectName(u"weightEdit")
        self.weightEdit.setMinimumSize(QSize(92, 0))
        self.weightEdit.setMaximumSize(QSize(92, 16777215))

        self.weightInputsLayout.addWidget(self.weightEdit)

        self.weightPoundsLabel = QLabel(self.weightInputs)
        self.weightPoundsLabel.setObjectName(u"weightPoundsLabel")

        self.weightInputsLayout.addWidget(self.weightPoundsLabel)

        self.weightOuncesEdit = NumericLineEdit(self.weightInputs)
        self.weightOuncesEdit.setObjectName(u"weightOuncesEdit")
        self.weightOuncesEdit.setMinimumSize(QSize(64, 0))
        self.weightOuncesEdit.setMaximumSize(QSize(64, 16777215))

        self.weightInputsLayout.addWidget(self.weightOuncesEdit)

        self.weightOuncesLabel = QLabel(self.weightInputs)
        self.weightOuncesLabel.setObjectName(u"weightOuncesLabel")

        self.weightInputsLayout.addWidget(self.weightOuncesLabel)

        self.weightUnitCombo = NoWheelComboBox(self.weightInputs)
        self.weightUnitCombo.setObjectName(u"weightUnitCombo")
        self.weightUnitCombo.setMinimumSize(QSize(116, 0))

        self.weightInputsLayout.addWidget(self.weightUnitCombo)

        self.weightSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.weightInputsLayout.addItem(self.weightSpacer)


        self.bodyGrid.addWidget(self.weightInputs, 2, 1, 1, 1)

        self.weightLastLabel = QLabel(self.formContents)
        self.weightLastLabel.setObjectName(u"weightLastLabel")
        self.weightLastLabel.setText(u"")
        self.weightLastLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.weightLastLabel, 2, 2, 1, 1)

        self.weightFlagLabel = QLabel(self.formContents)
        self.weightFlagLabel.setObjectName(u"weightFlagLabel")
        self.weightFlagLabel.setText(u"")
        self.weightFlagLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.weightFlagLabel, 3, 0, 1, 3)

        self.bmiLabel = QLabel(self.formContents)
        self.bmiLabel.setObjectName(u"bmiLabel")

        self.bodyGrid.addWidget(self.bmiLabel, 4, 0, 1, 1)

        self.bmiInputs = QWidget(self.formContents)
        self.bmiInputs.setObjectName(u"bmiInputs")
        self.bmiInputsLayout = QHBoxLayout(self.bmiInputs)
        self.bmiInputsLayout.setSpacing(8)
        self.bmiInputsLayout.setObjectName(u"bmiInputsLayout")
        self.bmiInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.bmiValueLabel = QLabel(self.bmiInputs)
        self.bmiValueLabel.setObjectName(u"bmiValueLabel")

        self.bmiInputsLayout.addWidget(self.bmiValueLabel)

        self.bmiUnitLabel = QLabel(self.bmiInputs)
        self.bmiUnitLabel.setObjectName(u"bmiUnitLabel")

        self.bmiInputsLayout.addWidget(self.bmiUnitLabel)

        self.bmiSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bmiInputsLayout.addItem(self.bmiSpacer)


        self.bodyGrid.addWidget(self.bmiInputs, 4, 1, 1, 1)

        self.bmiLastLabel = QLabel(self.formContents)
        self.bmiLastLabel.setObjectName(u"bmiLastLabel")
        self.bmiLastLabel.setText(u"")
        self.bmiLastLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.bmiLastLabel, 4, 2, 1, 1)

        self.bmiFlagLabel = QLabel(self.formContents)
        self.bmiFlagLabel.setObjectName(u"bmiFlagLabel")
        self.bmiFlagLabel.setText(u"")
        self.bmiFlagLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.bmiFlagLabel, 5, 0, 1, 3)

        self.painLabel = QLabel(self.formContents)
        self.painLabel.setObjectName(u"painLabel")

        self.bodyGrid.addWidget(self.painLabel, 6, 0, 1, 1)

        self.painInputs = QWidget(self.formContents)
        self.painInputs.setObjectName(u"painInputs")
        self.painInputsLayout = QHBoxLayout(self.painInputs)
        self.painInputsLayout.setSpacing(8)
        self.painInputsLayout.setObjectName(u"painInputsLayout")
        self.painInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.painEdit = NumericLineEdit(self.painInputs)
        self.painEdit.setObjectName(u"painEdit")
        self.painEdit.setMinimumSize(QSize(92, 0))
        self.painEdit.setMaximumSize(QSize(92, 16777215))

        self.painInputsLayout.addWidget(self.painEdit)

        self.painHintLabel = QLabel(self.painInputs)
        self.painHintLabel.setObjectName(u"painHintLabel")

        self.painInputsLayout.addWidget(self.painHintLabel)

        self.painSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.painInputsLayout.addItem(self.painSpacer)


        self.bodyGrid.addWidget(self.painInputs, 6, 1, 1, 1)

        self.painLastLabel = QLabel(self.formContents)
        self.painLastLabel.setObjectName(u"painLastLabel")
        self.painLastLabel.setText(u"")
        self.painLastLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.painLastLabel, 6, 2, 1, 1)

        self.painFlagLabel = QLabel(self.formContents)
        self.painFlagLabel.setObjectName(u"painFlagLabel")
        self.painFlagLabel.setText(u"")
        self.painFlagLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.painFlagLabel, 7, 0, 1, 3)

        self.headLabel = QLabel(self.formContents)
        self.headLabel.setObjectName(u"headLabel")

        self.bodyGrid.addWidget(self.headLabel, 8, 0, 1, 1)

        self.headInputs = QWidget(self.formContents)
        self.headInputs.setObjectName(u"headInputs")
        self.headInputsLayout = QHBoxLayout(self.headInputs)
        self.headInputsLayout.setSpacing(8)
        self.headInputsLayout.setObjectName(u"headInputsLayout")
        self.headInputsLayout.setContentsMargins(0, 0, 0, 0)
        self.headEdit = NumericLineEdit(self.headInputs)
        self.headEdit.setObjectName(u"headEdit")
        self.headEdit.setMinimumSize(QSize(92, 0))
        self.headEdit.setMaximumSize(QSize(92, 16777215))

        self.headInputsLayout.addWidget(self.headEdit)

        self.headUnitCombo = NoWheelComboBox(self.headInputs)
        self.headUnitCombo.setObjectName(u"headUnitCombo")
        self.headUnitCombo.setMinimumSize(QSize(72, 0))

        self.headInputsLayout.addWidget(self.headUnitCombo)

        self.headSpacer = QSpacerItem(4, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headInputsLayout.addItem(self.headSpacer)


        self.bodyGrid.addWidget(self.headInputs, 8, 1, 1, 1)

        self.headLastLabel = QLabel(self.formContents)
        self.headLastLabel.setObjectName(u"headLastLabel")
        self.headLastLabel.setText(u"")
        self.headLastLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.headLastLabel, 8, 2, 1, 1)

        self.headFlagLabel = QLabel(self.formContents)
        self.headFlagLabel.setObjectName(u"headFlagLabel")
        self.headFlagLabel.setText(u"")
        self.headFlagLabel.setWordWrap(True)

        self.bodyGrid.addWidget(self.headFlagLabel, 9, 0, 1, 3)

        self.bodyGrid.setColumnStretch(1, 1)

        self.bodyColumn.addLayout(self.bodyGrid)

        self.bodyColumnEnd = QSpacerItem(4, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.bodyColumn.addItem(self.bodyColumnEnd)


        self.formColumns.addLayout(self.bodyColumn)


        self.formContentsLayout.addLayout(self.formColumns)

        self.formScroll.setWidget(self.formContents)

        self.pageLayout.addWidget(self.formScroll)

        self.bottomRow = QHBoxLayout()
        self.bottomRow.setSpacing(12)
        self.bottomRow.setObjectName(u"bottomRow")
        self.bottomRow.setContentsMargins(0, 0, 0, 0)
        self.takenAtLabel = QLabel(VitalsFormView)
        self.takenAtLabel.setObjectName(u"takenAtLabel")
        self.takenAtLabel.setText(u"")

        self.bottomRow.addWidget(self.takenAtLabel)

        self.formMessageLabel = QLabel(VitalsFormView)
        self.formMessageLabel.setObjectName(u"formMessageLabel")
        self.formMessageLabel.setText(u"")
        self.formMessageLabel.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.formMessageLabel.sizePolicy().hasHeightForWidth())
        self.formMessageLabel.setSizePolicy(sizePolicy)

        self.bottomRow.addWidget(self.formMessageLabel)

        self.bottomSpacer = QSpacerItem(20, 4, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomRow.addItem(self.bottomSpacer)

        self.clearButton = QPushButton(VitalsFormView)
        self.clearButton.setObjectName(u"clearButton")

        self.bottomRow.addWidget(self.clearButton)

        self.saveButton = QPushButton(VitalsFormView)
        self.saveButton.setObjectName(u"saveButton")
        self.saveButton.setAutoDefault(True)

        self.bottomRow.addWidget(self.saveButton)


        self.pageLayout.addLayout(self.bottomRow)

#if QT_CONFIG(shortcut)
        self.bpLabel.setBuddy(self.systolicEdit)
        self.heartRateLabel.setBuddy(self.heartRateEdit)
        self.respiratoryRateLabel.setBuddy(self.respiratoryRateEdit)
        self.temperatureLabel.setBuddy(self.temperatureEdit)
        self.oxygenSaturationLabel.setBuddy(self.oxygenSaturationEdit)
        self.heightLabel.setBuddy(self.heightEdit)
        self.weightLabel.setBuddy(self.weightEdit)
        self.painLabel.setBuddy(self.painEdit)
        self.headLabel.setBuddy(self.headEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.systolicEdit, self.diastolicEdit)
        QWidget.setTabOrder(self.diastolicEdit, self.bpPositionCombo)
        QWidget.setTabOrder(self.bpPositionCombo, self.bpArmCombo)
        QWidget.setTabOrder(self.bpArmCombo, self.bpCuffCombo)
        QWidget.setTabOrder(self.bpCuffCombo, self.heartRateEdit)
        QWidget.setTabOrder(self.heartRateEdit, self.respiratoryRateEdit)
        QWidget.setTabOrder(self.respiratoryRateEdit, self.temperatureEdit)
        QWidget.setTabOrder(self.temperatureEdit, self.temperatureUnitCombo)
        QWidget.setTabOrder(self.temperatureUnitCombo, self.temperatureMethodCombo)
        QWidget.setTabOrder(self.temperatureMethodCombo, self.oxygenSaturationEdit)
        QWidget.setTabOrder(self.oxygenSaturationEdit, self.onOxygenCheck)
        QWidget.setTabOrder(self.onOxygenCheck, self.oxygenFlowEdit)
        QWidget.setTabOrder(self.oxygenFlowEdit, self.heightEdit)
        QWidget.setTabOrder(self.heightEdit, self.heightInchesEdit)
        QWidget.setTabOrder(self.heightInchesEdit, self.heightUnitCombo)
        QWidget.setTabOrder(self.heightUnitCombo, self.weightEdit)
        QWidget.setTabOrder(self.weightEdit, self.weightOuncesEdit)
        QWidget.setTabOrder(self.weightOuncesEdit, self.weightUnitCombo)
        QWidget.setTabOrder(self.weightUnitCombo, self.painEdit)
        QWidget.setTabOrder(self.painEdit, self.headEdit)
        QWidget.setTabOrder(self.headEdit, self.headUnitCombo)
        QWidget.setTabOrder(self.headUnitCombo, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.clearButton)

        self.retranslateUi(VitalsFormView)

        QMetaObject.connectSlotsByName(VitalsFormView)
    # setupUi

    def retranslateUi(self, VitalsFormView):
#if QT_CONFIG(accessibility)
        VitalsFormView.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Vital signs form", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.modeLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Form notice", None))
#endif // QT_CONFIG(accessibility)
        self.bpLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Blood pressure", None))
#if QT_CONFIG(accessibility)
        self.systolicEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Systolic blood pressure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.systolicEdit.setAccessibleDescription(QCoreApplication.translate("VitalsFormView", u"Type \"120/80\" to fill both values", None))
#endif // QT_CONFIG(accessibility)
        self.systolicEdit.setPlaceholderText(QCoreApplication.translate("VitalsFormView", u"120/80", None))
        self.bpSlashLabel.setText(QCoreApplication.translate("VitalsFormView", u"/", None))
#if QT_CONFIG(accessibility)
        self.diastolicEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Diastolic blood pressure", None))
#endif // QT_CONFIG(accessibility)
        self.bpUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"mmHg", None))
#if QT_CONFIG(accessibility)
        self.bpLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last blood pressure", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.bpPositionCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Blood pressure position", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.bpArmCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Arm", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.bpCuffCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Cuff size", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.systolicFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Systolic blood pressure check", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.diastolicFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Diastolic blood pressure check", None))
#endif // QT_CONFIG(accessibility)
        self.heartRateLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Pulse", None))
#if QT_CONFIG(accessibility)
        self.heartRateEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Heart rate", None))
#endif // QT_CONFIG(accessibility)
        self.heartRateUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"/min", None))
#if QT_CONFIG(accessibility)
        self.heartRateLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last heart rate", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.heartRateFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Heart rate check", None))
#endif // QT_CONFIG(accessibility)
        self.respiratoryRateLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Respiration", None))
#if QT_CONFIG(accessibility)
        self.respiratoryRateEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Respiratory rate", None))
#endif // QT_CONFIG(accessibility)
        self.respiratoryRateUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"/min", None))
#if QT_CONFIG(accessibility)
        self.respiratoryRateLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last respiratory rate", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.respiratoryRateFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Respiratory rate check", None))
#endif // QT_CONFIG(accessibility)
        self.temperatureLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Temperature", None))
#if QT_CONFIG(accessibility)
        self.temperatureEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Temperature", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.temperatureUnitCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Temperature unit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.temperatureMethodCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Temperature method", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.temperatureLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last temperature", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.temperatureFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Temperature check", None))
#endif // QT_CONFIG(accessibility)
        self.oxygenSaturationLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Oxygen saturation", None))
#if QT_CONFIG(accessibility)
        self.oxygenSaturationEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Oxygen saturation", None))
#endif // QT_CONFIG(accessibility)
        self.oxygenSaturationUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"%", None))
#if QT_CONFIG(accessibility)
        self.onOxygenCheck.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"On supplemental oxygen", None))
#endif // QT_CONFIG(accessibility)
        self.onOxygenCheck.setText(QCoreApplication.translate("VitalsFormView", u"On o&xygen", None))
#if QT_CONFIG(accessibility)
        self.oxygenFlowEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Oxygen flow", None))
#endif // QT_CONFIG(accessibility)
        self.oxygenFlowUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"L/min", None))
#if QT_CONFIG(accessibility)
        self.oxygenSaturationLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last oxygen saturation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.oxygenSaturationFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Oxygen saturation check", None))
#endif // QT_CONFIG(accessibility)
        self.heightLabel.setText(QCoreApplication.translate("VitalsFormView", u"H&eight", None))
#if QT_CONFIG(accessibility)
        self.heightEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Height", None))
#endif // QT_CONFIG(accessibility)
        self.heightFeetLabel.setText(QCoreApplication.translate("VitalsFormView", u"ft", None))
#if QT_CONFIG(accessibility)
        self.heightInchesEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Height, inches part", None))
#endif // QT_CONFIG(accessibility)
        self.heightInchesLabel.setText(QCoreApplication.translate("VitalsFormView", u"in", None))
#if QT_CONFIG(accessibility)
        self.heightUnitCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Height unit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.heightLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last height", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.heightFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Height check", None))
#endif // QT_CONFIG(accessibility)
        self.weightLabel.setText(QCoreApplication.translate("VitalsFormView", u"&Weight", None))
#if QT_CONFIG(accessibility)
        self.weightEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Weight", None))
#endif // QT_CONFIG(accessibility)
        self.weightPoundsLabel.setText(QCoreApplication.translate("VitalsFormView", u"lb", None))
#if QT_CONFIG(accessibility)
        self.weightOuncesEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Weight, ounces part", None))
#endif // QT_CONFIG(accessibility)
        self.weightOuncesLabel.setText(QCoreApplication.translate("VitalsFormView", u"oz", None))
#if QT_CONFIG(accessibility)
        self.weightUnitCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Weight unit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.weightLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last weight", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.weightFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Weight check", None))
#endif // QT_CONFIG(accessibility)
        self.bmiLabel.setText(QCoreApplication.translate("VitalsFormView", u"BMI", None))
        self.bmiValueLabel.setText(QCoreApplication.translate("VitalsFormView", u"\u2014", None))
#if QT_CONFIG(accessibility)
        self.bmiValueLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"BMI", None))
#endif // QT_CONFIG(accessibility)
        self.bmiUnitLabel.setText(QCoreApplication.translate("VitalsFormView", u"kg/m\u00b2", None))
#if QT_CONFIG(accessibility)
        self.bmiLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last BMI", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.bmiFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"BMI check", None))
#endif // QT_CONFIG(accessibility)
        self.painLabel.setText(QCoreApplication.translate("VitalsFormView", u"P&ain score", None))
#if QT_CONFIG(accessibility)
        self.painEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Pain score", None))
#endif // QT_CONFIG(accessibility)
        self.painEdit.setPlaceholderText(QCoreApplication.translate("VitalsFormView", u"0\u201310", None))
        self.painHintLabel.setText(QCoreApplication.translate("VitalsFormView", u"0 none \u2013 10 worst", None))
#if QT_CONFIG(accessibility)
        self.painLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last pain score", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.painFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Pain score check", None))
#endif // QT_CONFIG(accessibility)
        self.headLabel.setText(QCoreApplication.translate("VitalsFormView", u"Head &circumference", None))
#if QT_CONFIG(accessibility)
        self.headEdit.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Head circumference", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.headUnitCombo.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Head circumference unit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.headLastLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Last head circumference", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.headFlagLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Head circumference check", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.takenAtLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Time of the reading", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.formMessageLabel.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Form message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.clearButton.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Clear form", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.clearButton.setToolTip(QCoreApplication.translate("VitalsFormView", u"Empty the form (what was typed is not saved)", None))
#endif // QT_CONFIG(tooltip)
        self.clearButton.setText(QCoreApplication.translate("VitalsFormView", u"C&lear form", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleName(QCoreApplication.translate("VitalsFormView", u"Save vital signs", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.saveButton.setToolTip(QCoreApplication.translate("VitalsFormView", u"Save (Ctrl+S)", None))
#endif // QT_CONFIG(tooltip)
        self.saveButton.setText(QCoreApplication.translate("VitalsFormView", u"&Save vital signs", None))
    # retranslateUi

