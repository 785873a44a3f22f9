# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'critical_values_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QHBoxLayout,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_CriticalValuesDialog(object):
    def setupUi(self, CriticalValuesDialog):
        if not CriticalValuesDialog.objectName():
            CriticalValuesDialog.setObjectName(u"CriticalValuesDialog")
        CriticalValuesDialog.setMinimumSize(QSize(560, 0))
        CriticalValuesDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(CriticalValuesDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.dialogLayout.setContentsMargins(24, 20, 24, 20)
        self.titleLabel = QLabel(CriticalValuesDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.titleLabel)

        self.valuesLabel = QLabel(CriticalValuesDialog)
        self.valuesLabel.setObjectName(u"valuesLabel")
        self.valuesLabel.setText(u"")
        self.valuesLabel.setWordWrap(True)
        self.valuesLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.dialogLayout.addWidget(self.valuesLabel)

        self.explainLabel = QLabel(CriticalValuesDialog)
        self.explainLabel.setObjectName(u"explainLabel")
        self.explainLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.explainLabel)

        self.toldCheck = QCheckBox(CriticalValuesDialog)
        self.toldCheck.setObjectName(u"toldCheck")

        self.dialogLayout.addWidget(self.toldCheck)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.backButton = QPushButton(CriticalValuesDialog)
        self.backButton.setObjectName(u"backButton")
        self.backButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.backButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.saveButton = QPushButton(CriticalValuesDialog)
        self.saveButton.setObjectName(u"saveButton")
        self.saveButton.setEnabled(False)
        self.saveButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.saveButton)


        self.dialogLayout.addLayout(self.buttonRow)

        QWidget.setTabOrder(self.toldCheck, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.backButton)

        self.retranslateUi(CriticalValuesDialog)

        QMetaObject.connectSlotsByName(CriticalValuesDialog)
    # setupUi

    def retranslateUi(self, CriticalValuesDialog):
        CriticalValuesDialog.setWindowTitle(QCoreApplication.translate("CriticalValuesDialog", u"Tell the clinician now", None))
#if QT_CONFIG(accessibility)
        CriticalValuesDialog.setAccessibleName(QCoreApplication.translate("CriticalValuesDialog", u"Tell the clinician now", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("CriticalValuesDialog", u"Tell the clinician now about:", None))
#if QT_CONFIG(accessibility)
        self.valuesLabel.setAccessibleName(QCoreApplication.translate("CriticalValuesDialog", u"Values to tell the clinician about", None))
#endif // QT_CONFIG(accessibility)
        self.explainLabel.setText(QCoreApplication.translate("CriticalValuesDialog", u"The set is saved once you confirm that the clinician was told.", None))
#if QT_CONFIG(accessibility)
        self.toldCheck.setAccessibleName(QCoreApplication.translate("CriticalValuesDialog", u"I told the clinician", None))
#endif // QT_CONFIG(accessibility)
        self.toldCheck.setText(QCoreApplication.translate("CriticalValuesDialog", u"&I told the clinician about these values", None))
#if QT_CONFIG(accessibility)
        self.backButton.setAccessibleName(QCoreApplication.translate("CriticalValuesDialog", u"Go back without saving", None))
#endif // QT_CONFIG(accessibility)
        self.backButton.setText(QCoreApplication.translate("CriticalValuesDialog", u"&Go back", None))
#if QT_CONFIG(accessibility)
        self.saveButton.setAccessibleName(QCoreApplication.translate("CriticalValuesDialog", u"Save, clinician told", None))
#endif // QT_CONFIG(accessibility)
        self.saveButton.setText(QCoreApplication.translate("CriticalValuesDialog", u"&Save \u2014 clinician told", None))
    # retranslateUi

