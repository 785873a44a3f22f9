# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'clinician_view.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFormLayout, QFrame, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QScrollArea, QSizePolicy,
    QSpacerItem, QSplitter, QTableView, QVBoxLayout,
    QWidget)

class Ui_ClinicianView(object):
    def setupUi(self, ClinicianView):
        if not ClinicianView.objectName():
            ClinicianView.setObjectName(u"ClinicianView")
        self.pageLayout = QVBoxLayout(ClinicianView)
        self.pageLayout.setSpacing(6)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 8, 24, 8)
        self.awaitingLabel = QLabel(ClinicianView)
        self.awaitingLabel.setObjectName(u"awaitingLabel")
        self.awaitingLabel.setText(u"")
        self.awaitingLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.awaitingLabel)

        self.tableTitleLabel = QLabel(ClinicianView)
        self.tableTitleLabel.setObjectName(u"tableTitleLabel")

        self.pageLayout.addWidget(self.tableTitleLabel)

        self.splitter = QSplitter(ClinicianView)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.setsTable = QTableView(self.splitter)
        self.setsTable.setObjectName(u"setsTable")
        self.setsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setsTable.setAlternatingRowColors(True)
        self.setsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setsTable.setShowGrid(False)
        self.setsTable.setTabKeyNavigation(False)
        self.setsTable.setWordWrap(False)
        self.splitter.addWidget(self.setsTable)
        self.setsTable.horizontalHeader().setStretchLastSection(True)
        self.setsTable.verticalHeader().setVisible(False)
        self.detailScroll = QScrollArea(self.splitter)
        self.detailScroll.setObjectName(u"detailScroll")
        self.detailScroll.setWidgetResizable(True)
        self.detailScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detailPanel = QWidget()
        self.detailPanel.setObjectName(u"detailPanel")
        self.detailLayout = QVBoxLayout(self.detailPanel)
        self.detailLayout.setSpacing(8)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(12, 0, 4, 0)
        self.setTitleLabel = QLabel(self.detailPanel)
        self.setTitleLabel.setObjectName(u"setTitleLabel")
        self.setTitleLabel.setWordWrap(True)

        self.detailLayout.addWidget(self.setTitleLabel)

        self.detailColumns = QHBoxLayout()
        self.detailColumns.setSpacing(24)
        self.detailColumns.setObjectName(u"detailColumns")
        self.categoriesForm = QFormLayout()
        self.categoriesForm.setObjectName(u"categoriesForm")
        self.categoriesForm.setHorizontalSpacing(12)
        self.categoriesForm.setVerticalSpacing(6)
        self.bpCaption = QLabel(self.detailPanel)
        self.bpCaption.setObjectName(u"bpCaption")

        self.categoriesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.bpCaption)

        self.bpCategoryLabel = QLabel(self.detailPanel)
        self.bpCategoryLabel.setObjectName(u"bpCategoryLabel")
        self.bpCategoryLabel.setText(u"\u2014")
        self.bpCategoryLabel.setWordWrap(True)
        self.bpCategoryLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.categoriesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.bpCategoryLabel)

        self.bmiCaption = QLabel(self.detailPanel)
        self.bmiCaption.setObjectName(u"bmiCaption")

        self.categoriesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.bmiCaption)

        self.bmiCategoryLabel = QLabel(self.detailPanel)
        self.bmiCategoryLabel.setObjectName(u"bmiCategoryLabel")
        self.bmiCategoryLabel.setText(u"\u2014")
        self.bmiCategoryLabel.setWordWrap(True)
        self.bmiCategoryLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.categoriesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.bmiCategoryLabel)

        self.consciousnessCaption = QLabel(self.detailPanel)
        self.consciousnessCaption.setObjectName(u"consciousnessCaption")

        self.categoriesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.consciousnessCaption)

        self.consciousnessCombo = QComboBox(self.detailPanel)
        self.consciousnessCombo.setObjectName(u"consciousnessCombo")

        self.categoriesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.consciousnessCombo)

        self.scale2Check = QCheckBox(self.detailPanel)
        self.scale2Check.setObjectName(u"scale2Check")

        self.categoriesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.scale2Check)

        self.news2Caption = QLabel(self.detailPanel)
        self.news2Caption.setObjectName(u"news2Caption")

        self.categoriesForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.news2Caption)

        self.news2Label = QLabel(self.detailPanel)
        self.news2Label.setObjectName(u"news2Label")
        self.news2Label.setText(u"\u2014")
        self.news2Label.setWordWrap(True)
        self.news2Label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.categoriesForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.news2Label)


        self.detailColumns.addLayout(self.categoriesForm)

        self.rightColumn = QVBoxLayout()
        self.rightColumn.setSpacing(6)
        self.rightColumn.setObjectName(u"rightColumn")
        self.growthCaption = QLabel(self.detailPanel)
        self.growthCaption.setObjectName(u"growthCaption")

        self.rightColumn.addWidget(self.growthCaption)

        self.growthLabel = QLabel(self.detailPanel)
        self.growthLabel.setObjectName(u"growthLabel")
        self.growthLabel.setText(u"\u2014")
        self.growthLabel.setWordWrap(True)
        self.growthLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.rightColumn.addWidget(self.growthLabel)

        self.acknowledgementLabel = QLabel(self.detailPanel)
        self.acknowledgementLabel.setObjectName(u"acknowledgementLabel")
        self.acknowledgementLabel.setText(u"")
        self.acknowledgementLabel.setWordWrap(True)

        self.rightColumn.addWidget(self.acknowledgementLabel)

        self.acknowledgeRow = QHBoxLayout()
        self.acknowledgeRow.setObjectName(u"acknowledgeRow")
        self.acknowledgeButton = QPushButton(self.detailPanel)
        self.acknowledgeButton.setObjectName(u"acknowledgeButton")

        self.acknowledgeRow.addWidget(self.acknowledgeButton)

        self.acknowledgeSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.acknowledgeRow.addItem(self.acknowledgeSpacer)


        self.rightColumn.addLayout(self.acknowledgeRow)

        self.rightSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rightColumn.addItem(self.rightSpacer)


        self.detailColumns.addLayout(self.rightColumn)

        self.detailColumns.setStretch(0, 1)
        self.detailColumns.setStretch(1, 1)

        self.detailLayout.addLayout(self.detailColumns)

        self.detailSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.detailLayout.addItem(self.detailSpacer)

        self.detailScroll.setWidget(self.detailPanel)
        self.splitter.addWidget(self.detailScroll)

        self.pageLayout.addWidget(self.splitter)

        self.pageLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.tableTitleLabel.setBuddy(self.setsTable)
        self.consciousnessCaption.setBuddy(self.consciousnessCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.setsTable, self.consciousnessCombo)
        QWidget.setTabOrder(self.consciousnessCombo, self.scale2Check)
        QWidget.setTabOrder(self.scale2Check, self.acknowledgeButton)

        self.retranslateUi(ClinicianView)

        QMetaObject.connectSlotsByName(ClinicianView)
    # setupUi

    def retranslateUi(self, ClinicianView):
#if QT_CONFIG(accessibility)
        ClinicianView.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Clinician view", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.awaitingLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Critical sets awaiting acknowledgement", None))
#endif // QT_CONFIG(accessibility)
        self.tableTitleLabel.setText(QCoreApplication.translate("ClinicianView", u"&Sets by visit, newest first (categories, NEWS2 and percentiles are for clinicians)", None))
#if QT_CONFIG(accessibility)
        self.setsTable.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Sets for the clinician", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.detailScroll.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Selected set", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.setTitleLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Selected set", None))
#endif // QT_CONFIG(accessibility)
        self.setTitleLabel.setText(QCoreApplication.translate("ClinicianView", u"Choose a set on the left.", None))
        self.bpCaption.setText(QCoreApplication.translate("ClinicianView", u"BP category", None))
#if QT_CONFIG(accessibility)
        self.bpCategoryLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"BP category", None))
#endif // QT_CONFIG(accessibility)
        self.bmiCaption.setText(QCoreApplication.translate("ClinicianView", u"BMI category", None))
#if QT_CONFIG(accessibility)
        self.bmiCategoryLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"BMI category", None))
#endif // QT_CONFIG(accessibility)
        self.consciousnessCaption.setText(QCoreApplication.translate("ClinicianView", u"&Consciousness (ACVPU)", None))
#if QT_CONFIG(accessibility)
        self.consciousnessCombo.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Consciousness (ACVPU), your assessment", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.consciousnessCombo.setToolTip(QCoreApplication.translate("ClinicianView", u"Your own assessment now. NEWS2 needs it; the MA never records it.", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.scale2Check.setAccessibleName(QCoreApplication.translate("ClinicianView", u"SpO2 scale 2", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.scale2Check.setToolTip(QCoreApplication.translate("ClinicianView", u"Only for a patient with a documented SpO2 target of 88 to 92 %.", None))
#endif // QT_CONFIG(tooltip)
        self.scale2Check.setText(QCoreApplication.translate("ClinicianView", u"SpO\u2082 scale &2 (documented target 88\u201392 %)", None))
        self.news2Caption.setText(QCoreApplication.translate("ClinicianView", u"NEWS2", None))
#if QT_CONFIG(accessibility)
        self.news2Label.setAccessibleName(QCoreApplication.translate("ClinicianView", u"NEWS2", None))
#endif // QT_CONFIG(accessibility)
        self.growthCaption.setText(QCoreApplication.translate("ClinicianView", u"Growth percentiles", None))
#if QT_CONFIG(accessibility)
        self.growthLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Growth percentiles", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.acknowledgementLabel.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Acknowledgement", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.acknowledgeButton.setAccessibleName(QCoreApplication.translate("ClinicianView", u"Acknowledge critical set", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.acknowledgeButton.setToolTip(QCoreApplication.translate("ClinicianView", u"You have seen this critical set. Recorded with your name and the time.", None))
#endif // QT_CONFIG(tooltip)
        self.acknowledgeButton.setText(QCoreApplication.translate("ClinicianView", u"&Acknowledge critical set", None))
    # retranslateUi

