# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'export_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDateEdit, QDialog, QGroupBox,
    QHBoxLayout, QLabel, QPushButton, QRadioButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_ExportDialog(object):
    def setupUi(self, ExportDialog):
        if not ExportDialog.objectName():
            ExportDialog.setObjectName(u"ExportDialog")
        ExportDialog.setMinimumSize(QSize(600, 0))
        ExportDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(ExportDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.dialogLayout.setContentsMargins(24, 20, 24, 20)
        self.titleLabel = QLabel(ExportDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.dialogLayout.addWidget(self.titleLabel)

        self.scopeGroup = QGroupBox(ExportDialog)
        self.scopeGroup.setObjectName(u"scopeGroup")
        self.scopeLayout = QVBoxLayout(self.scopeGroup)
        self.scopeLayout.setSpacing(4)
        self.scopeLayout.setObjectName(u"scopeLayout")
        self.patientRadio = QRadioButton(self.scopeGroup)
        self.patientRadio.setObjectName(u"patientRadio")
        self.patientRadio.setText(u"")

        self.scopeLayout.addWidget(self.patientRadio)

        self.sinceRow = QHBoxLayout()
        self.sinceRow.setSpacing(12)
        self.sinceRow.setObjectName(u"sinceRow")
        self.sinceRadio = QRadioButton(self.scopeGroup)
        self.sinceRadio.setObjectName(u"sinceRadio")

        self.sinceRow.addWidget(self.sinceRadio)

        self.sinceEdit = QDateEdit(self.scopeGroup)
        self.sinceEdit.setObjectName(u"sinceEdit")
        self.sinceEdit.setDisplayFormat(u"yyyy-MM-dd")
        self.sinceEdit.setCalendarPopup(True)

        self.sinceRow.addWidget(self.sinceEdit)

        self.sinceSpacer = QSpacerItem(0, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sinceRow.addItem(self.sinceSpacer)


        self.scopeLayout.addLayout(self.sinceRow)

        self.allRadio = QRadioButton(self.scopeGroup)
        self.allRadio.setObjectName(u"allRadio")

        self.scopeLayout.addWidget(self.allRadio)


        self.dialogLayout.addWidget(self.scopeGroup)

        self.formatGroup = QGroupBox(ExportDialog)
        self.formatGroup.setObjectName(u"formatGroup")
        self.formatLayout = QVBoxLayout(self.formatGroup)
        self.formatLayout.setSpacing(4)
        self.formatLayout.setObjectName(u"formatLayout")
        self.fhirRadio = QRadioButton(self.formatGroup)
        self.fhirRadio.setObjectName(u"fhirRadio")
        self.fhirRadio.setChecked(True)

        self.formatLayout.addWidget(self.fhirRadio)

        self.csvRadio = QRadioButton(self.formatGroup)
        self.csvRadio.setObjectName(u"csvRadio")

        self.formatLayout.addWidget(self.csvRadio)


        self.dialogLayout.addWidget(self.formatGroup)

        self.hintLabel = QLabel(ExportDialog)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.hintLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.cancelButton = QPushButton(ExportDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.cancelButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.exportButton = QPushButton(ExportDialog)
        self.exportButton.setObjectName(u"exportButton")
        self.exportButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.exportButton)


        self.dialogLayout.addLayout(self.buttonRow)

        QWidget.setTabOrder(self.patientRadio, self.sinceRadio)
        QWidget.setTabOrder(self.sinceRadio, self.sinceEdit)
        QWidget.setTabOrder(self.sinceEdit, self.allRadio)
        QWidget.setTabOrder(self.allRadio, self.fhirRadio)
        QWidget.setTabOrder(self.fhirRadio, self.csvRadio)
        QWidget.setTabOrder(self.csvRadio, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.cancelButton)

        self.retranslateUi(ExportDialog)

        self.exportButton.setDefault(True)


        QMetaObject.connectSlotsByName(ExportDialog)
    # setupUi

    def retranslateUi(self, ExportDialog):
        ExportDialog.setWindowTitle(QCoreApplication.translate("ExportDialog", u"Export vital signs", None))
        self.titleLabel.setText(QCoreApplication.translate("ExportDialog", u"Export vital signs", None))
        self.scopeGroup.setTitle(QCoreApplication.translate("ExportDialog", u"What to export", None))
#if QT_CONFIG(accessibility)
        self.patientRadio.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Export this patient", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sinceRadio.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Export every patient seen since a date", None))
#endif // QT_CONFIG(accessibility)
        self.sinceRadio.setText(QCoreApplication.translate("ExportDialog", u"Every patient with vital signs taken or changed &since", None))
#if QT_CONFIG(accessibility)
        self.sinceEdit.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Since this date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.allRadio.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Export every patient and every set", None))
#endif // QT_CONFIG(accessibility)
        self.allRadio.setText(QCoreApplication.translate("ExportDialog", u"&Every patient, all vital signs (to move to another PC or EHR)", None))
        self.formatGroup.setTitle(QCoreApplication.translate("ExportDialog", u"Format", None))
#if QT_CONFIG(accessibility)
        self.fhirRadio.setAccessibleName(QCoreApplication.translate("ExportDialog", u"FHIR R4 bundle", None))
#endif // QT_CONFIG(accessibility)
        self.fhirRadio.setText(QCoreApplication.translate("ExportDialog", u"&FHIR R4 bundle (.json), for the EHR", None))
#if QT_CONFIG(accessibility)
        self.csvRadio.setAccessibleName(QCoreApplication.translate("ExportDialog", u"CSV file", None))
#endif // QT_CONFIG(accessibility)
        self.csvRadio.setText(QCoreApplication.translate("ExportDialog", u"&CSV (.csv), one row per measurement, for a spreadsheet", None))
        self.hintLabel.setText(QCoreApplication.translate("ExportDialog", u"The file holds patients' names, birth dates and vital signs. Save it only where the clinic allows, and delete it once the EHR has it. Every export is recorded in the audit log.", None))
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.cancelButton.setText(QCoreApplication.translate("ExportDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.exportButton.setAccessibleName(QCoreApplication.translate("ExportDialog", u"Choose the file and export", None))
#endif // QT_CONFIG(accessibility)
        self.exportButton.setText(QCoreApplication.translate("ExportDialog", u"Choose file and e&xport\u2026", None))
    # retranslateUi

