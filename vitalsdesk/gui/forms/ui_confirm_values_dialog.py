# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'confirm_values_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_ConfirmValuesDialog(object):
    def setupUi(self, ConfirmValuesDialog):
        if not ConfirmValuesDialog.objectName():
            ConfirmValuesDialog.setObjectName(u"ConfirmValuesDialog")
        ConfirmValuesDialog.setMinimumSize(QSize(560, 0))
        ConfirmValuesDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(ConfirmValuesDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.dialogLayout.setContentsMargins(24, 20, 24, 20)
        self.introLabel = QLabel(ConfirmValuesDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.introLabel)

        self.valuesArea = QWidget(ConfirmValuesDialog)
        self.valuesArea.setObjectName(u"valuesArea")
        self.valuesLayout = QVBoxLayout(self.valuesArea)
        self.valuesLayout.setSpacing(6)
        self.valuesLayout.setObjectName(u"valuesLayout")
        self.valuesLayout.setContentsMargins(0, 0, 0, 0)

        self.dialogLayout.addWidget(self.valuesArea)

        self.messageLabel = QLabel(ConfirmValuesDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.remeasureButton = QPushButton(ConfirmValuesDialog)
        self.remeasureButton.setObjectName(u"remeasureButton")
        self.remeasureButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.remeasureButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.confirmButton = QPushButton(ConfirmValuesDialog)
        self.confirmButton.setObjectName(u"confirmButton")
        self.confirmButton.setEnabled(False)
        self.confirmButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.confirmButton)


        self.dialogLayout.addLayout(self.buttonRow)

        QWidget.setTabOrder(self.confirmButton, self.remeasureButton)

        self.retranslateUi(ConfirmValuesDialog)

        QMetaObject.connectSlotsByName(ConfirmValuesDialog)
    # setupUi

    def retranslateUi(self, ConfirmValuesDialog):
        ConfirmValuesDialog.setWindowTitle(QCoreApplication.translate("ConfirmValuesDialog", u"Unusual values: measure again or confirm", None))
#if QT_CONFIG(accessibility)
        ConfirmValuesDialog.setAccessibleName(QCoreApplication.translate("ConfirmValuesDialog", u"Unusual values", None))
#endif // QT_CONFIG(accessibility)
        self.introLabel.setText(QCoreApplication.translate("ConfirmValuesDialog", u"These values are unusual. Measure again, or confirm each one and say why (for example \"re-measured, same result\").", None))
#if QT_CONFIG(accessibility)
        self.valuesArea.setAccessibleName(QCoreApplication.translate("ConfirmValuesDialog", u"Values to confirm", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("ConfirmValuesDialog", u"Confirmation message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.remeasureButton.setAccessibleName(QCoreApplication.translate("ConfirmValuesDialog", u"Measure again", None))
#endif // QT_CONFIG(accessibility)
        self.remeasureButton.setText(QCoreApplication.translate("ConfirmValuesDialog", u"&Measure again", None))
#if QT_CONFIG(accessibility)
        self.confirmButton.setAccessibleName(QCoreApplication.translate("ConfirmValuesDialog", u"Confirm values", None))
#endif // QT_CONFIG(accessibility)
        self.confirmButton.setText(QCoreApplication.translate("ConfirmValuesDialog", u"&Confirm values", None))
    # retranslateUi

