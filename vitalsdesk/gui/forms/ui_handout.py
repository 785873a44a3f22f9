# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'handout.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QFormLayout,
    QFrame, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from vitalsdesk.gui.pdf_pages import PdfPreview
from vitalsdesk.gui.widgets import NoWheelComboBox

class Ui_HandoutView(object):
    def setupUi(self, HandoutView):
        if not HandoutView.objectName():
            HandoutView.setObjectName(u"HandoutView")
        self.pageLayout = QHBoxLayout(HandoutView)
        self.pageLayout.setSpacing(16)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 8, 16, 8)
        self.controlsColumn = QVBoxLayout()
        self.controlsColumn.setSpacing(6)
        self.controlsColumn.setObjectName(u"controlsColumn")
        self.formScroll = QScrollArea(HandoutView)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setMinimumSize(QSize(440, 0))
        self.formScroll.setMaximumSize(QSize(500, 16777215))
        self.formScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.formScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.formScroll.setWidgetResizable(True)
        self.formContents = QWidget()
        self.formContents.setObjectName(u"formContents")
        self.formContentsLayout = QVBoxLayout(self.formContents)
        self.formContentsLayout.setSpacing(6)
        self.formContentsLayout.setObjectName(u"formContentsLayout")
        self.formContentsLayout.setContentsMargins(0, 0, 12, 0)
        self.findLabel = QLabel(self.formContents)
        self.findLabel.setObjectName(u"findLabel")

        self.formContentsLayout.addWidget(self.findLabel)

        self.filterEdit = QLineEdit(self.formContents)
        self.filterEdit.setObjectName(u"filterEdit")
        self.filterEdit.setClearButtonEnabled(True)
        self.filterEdit.setMaxLength(80)

        self.formContentsLayout.addWidget(self.filterEdit)

        self.templateList = QListWidget(self.formContents)
        self.templateList.setObjectName(u"templateList")
        self.templateList.setMinimumSize(QSize(0, 120))
        self.templateList.setMaximumSize(QSize(16777215, 130))
        self.templateList.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.templateList.setAlternatingRowColors(True)
        self.templateList.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.templateList.setUniformItemSizes(True)

        self.formContentsLayout.addWidget(self.templateList)

        self.hintLabel = QLabel(self.formContents)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setText(u"")
        self.hintLabel.setWordWrap(True)

        self.formContentsLayout.addWidget(self.hintLabel)

        self.fieldsTitleLabel = QLabel(self.formContents)
        self.fieldsTitleLabel.setObjectName(u"fieldsTitleLabel")

        self.formContentsLayout.addWidget(self.fieldsTitleLabel)

        self.fieldsArea = QWidget(self.formContents)
        self.fieldsArea.setObjectName(u"fieldsArea")
        self.fieldsLayout = QVBoxLayout(self.fieldsArea)
        self.fieldsLayout.setSpacing(4)
        self.fieldsLayout.setObjectName(u"fieldsLayout")
        self.fieldsLayout.setContentsMargins(0, 0, 0, 0)

        self.formContentsLayout.addWidget(self.fieldsArea)

        self.sheetTitleLabel = QLabel(self.formContents)
        self.sheetTitleLabel.setObjectName(u"sheetTitleLabel")

        self.formContentsLayout.addWidget(self.sheetTitleLabel)

        self.sheetLayout = QFormLayout()
        self.sheetLayout.setObjectName(u"sheetLayout")
        self.sheetLayout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sheetLayout.setHorizontalSpacing(12)
        self.sheetLayout.setVerticalSpacing(6)
        self.clinicianLabel = QLabel(self.formContents)
        self.clinicianLabel.setObjectName(u"clinicianLabel")

        self.sheetLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.clinicianLabel)

        self.clinicianEdit = QLineEdit(self.formContents)
        self.clinicianEdit.setObjectName(u"clinicianEdit")
        self.clinicianEdit.setMaxLength(120)

        self.sheetLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.clinicianEdit)

        self.pageSizeLabel = QLabel(self.formContents)
        self.pageSizeLabel.setObjectName(u"pageSizeLabel")

        self.sheetLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.pageSizeLabel)

        self.pageSizeCombo = NoWheelComboBox(self.formContents)
        self.pageSizeCombo.setObjectName(u"pageSizeCombo")

        self.sheetLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.pageSizeCombo)

        self.largePrintCheck = QCheckBox(self.formContents)
        self.largePrintCheck.setObjectName(u"largePrintCheck")

        self.sheetLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.largePrintCheck)


        self.formContentsLayout.addLayout(self.sheetLayout)

        self.templateErrorsLabel = QLabel(self.formContents)
        self.templateErrorsLabel.setObjectName(u"templateErrorsLabel")
        self.templateErrorsLabel.setText(u"")
        self.templateErrorsLabel.setWordWrap(True)
        self.templateErrorsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.formContentsLayout.addWidget(self.templateErrorsLabel)

        self.formSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.formContentsLayout.addItem(self.formSpacer)

        self.formScroll.setWidget(self.formContents)

        self.controlsColumn.addWidget(self.formScroll)

        self.messageLabel = QLabel(HandoutView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setMaximumSize(QSize(500, 16777215))
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.controlsColumn.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.printButton = QPushButton(HandoutView)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.printButton)

        self.savePdfButton = QPushButton(HandoutView)
        self.savePdfButton.setObjectName(u"savePdfButton")
        self.savePdfButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.savePdfButton)

        self.buttonSpacer = QSpacerItem(0, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)


        self.controlsColumn.addLayout(self.buttonRow)


        self.pageLayout.addLayout(self.controlsColumn)

        self.previewColumn = QVBoxLayout()
        self.previewColumn.setSpacing(4)
        self.previewColumn.setObjectName(u"previewColumn")
        self.previewTitleLabel = QLabel(HandoutView)
        self.previewTitleLabel.setObjectName(u"previewTitleLabel")
        self.previewTitleLabel.setText(u"")
        self.previewTitleLabel.setWordWrap(True)

        self.previewColumn.addWidget(self.previewTitleLabel)

        self.preview = PdfPreview(HandoutView)
        self.preview.setObjectName(u"preview")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.preview.sizePolicy().hasHeightForWidth())
        self.preview.setSizePolicy(sizePolicy)

        self.previewColumn.addWidget(self.preview)


        self.pageLayout.addLayout(self.previewColumn)

        self.pageLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.findLabel.setBuddy(self.filterEdit)
        self.clinicianLabel.setBuddy(self.clinicianEdit)
        self.pageSizeLabel.setBuddy(self.pageSizeCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.filterEdit, self.templateList)
        QWidget.setTabOrder(self.templateList, self.clinicianEdit)
        QWidget.setTabOrder(self.clinicianEdit, self.pageSizeCombo)
        QWidget.setTabOrder(self.pageSizeCombo, self.largePrintCheck)
        QWidget.setTabOrder(self.largePrintCheck, self.printButton)
        QWidget.setTabOrder(self.printButton, self.savePdfButton)
        QWidget.setTabOrder(self.savePdfButton, self.preview)

        self.retranslateUi(HandoutView)

        QMetaObject.connectSlotsByName(HandoutView)
    # setupUi

    def retranslateUi(self, HandoutView):
#if QT_CONFIG(accessibility)
        HandoutView.setAccessibleName(QCoreApplication.translate("HandoutView", u"After-care handout", None))
#endif // QT_CONFIG(accessibility)
        self.findLabel.setText(QCoreApplication.translate("HandoutView", u"&Find a handout", None))
#if QT_CONFIG(accessibility)
        self.filterEdit.setAccessibleName(QCoreApplication.translate("HandoutView", u"Find a handout", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.filterEdit.setAccessibleDescription(QCoreApplication.translate("HandoutView", u"Type part of a title; the down and up arrows choose in the list below.", None))
#endif // QT_CONFIG(accessibility)
        self.filterEdit.setPlaceholderText(QCoreApplication.translate("HandoutView", u"Type part of the title, e.g. wound", None))
#if QT_CONFIG(accessibility)
        self.templateList.setAccessibleName(QCoreApplication.translate("HandoutView", u"Handouts", None))
#endif // QT_CONFIG(accessibility)
        self.fieldsTitleLabel.setText(QCoreApplication.translate("HandoutView", u"Fill in for this patient", None))
        self.sheetTitleLabel.setText(QCoreApplication.translate("HandoutView", u"The sheet", None))
        self.clinicianLabel.setText(QCoreApplication.translate("HandoutView", u"&Clinician", None))
#if QT_CONFIG(accessibility)
        self.clinicianEdit.setAccessibleName(QCoreApplication.translate("HandoutView", u"Clinician's name printed on the sheet", None))
#endif // QT_CONFIG(accessibility)
        self.clinicianEdit.setPlaceholderText(QCoreApplication.translate("HandoutView", u"Optional: printed on the signature line", None))
        self.pageSizeLabel.setText(QCoreApplication.translate("HandoutView", u"Pap&er", None))
#if QT_CONFIG(accessibility)
        self.pageSizeCombo.setAccessibleName(QCoreApplication.translate("HandoutView", u"Paper size", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.largePrintCheck.setAccessibleName(QCoreApplication.translate("HandoutView", u"Large print", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.largePrintCheck.setToolTip(QCoreApplication.translate("HandoutView", u"Body text 16 pt or larger, for patients who read small print with difficulty.", None))
#endif // QT_CONFIG(tooltip)
        self.largePrintCheck.setText(QCoreApplication.translate("HandoutView", u"&Large print (16 pt text)", None))
#if QT_CONFIG(accessibility)
        self.templateErrorsLabel.setAccessibleName(QCoreApplication.translate("HandoutView", u"Handout files left out", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("HandoutView", u"Handout message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.printButton.setAccessibleName(QCoreApplication.translate("HandoutView", u"Print the handout", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.printButton.setToolTip(QCoreApplication.translate("HandoutView", u"Choose a printer and print (Ctrl+P). Each print is recorded in the patient's record.", None))
#endif // QT_CONFIG(tooltip)
        self.printButton.setText(QCoreApplication.translate("HandoutView", u"&Print\u2026", None))
#if QT_CONFIG(accessibility)
        self.savePdfButton.setAccessibleName(QCoreApplication.translate("HandoutView", u"Save the handout as PDF", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.savePdfButton.setToolTip(QCoreApplication.translate("HandoutView", u"Save the sheet as a PDF file where you choose. Each save is recorded in the patient's record.", None))
#endif // QT_CONFIG(tooltip)
        self.savePdfButton.setText(QCoreApplication.translate("HandoutView", u"Save as P&DF\u2026", None))
#if QT_CONFIG(accessibility)
        self.previewTitleLabel.setAccessibleName(QCoreApplication.translate("HandoutView", u"About the preview", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.preview.setAccessibleName(QCoreApplication.translate("HandoutView", u"Handout preview", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

