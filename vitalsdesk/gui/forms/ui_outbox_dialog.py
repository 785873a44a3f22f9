# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'outbox_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_OutboxDialog(object):
    def setupUi(self, OutboxDialog):
        if not OutboxDialog.objectName():
            OutboxDialog.setObjectName(u"OutboxDialog")
        OutboxDialog.setMinimumSize(QSize(760, 360))
        OutboxDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(OutboxDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.dialogLayout.setContentsMargins(24, 20, 24, 20)
        self.introLabel = QLabel(OutboxDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.introLabel)

        self.messagesTable = QTableWidget(OutboxDialog)
        self.messagesTable.setObjectName(u"messagesTable")
        self.messagesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.messagesTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.messagesTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.messagesTable.setWordWrap(True)

        self.dialogLayout.addWidget(self.messagesTable)

        self.messageLabel = QLabel(OutboxDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.closeButton = QPushButton(OutboxDialog)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.closeButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.retryButton = QPushButton(OutboxDialog)
        self.retryButton.setObjectName(u"retryButton")
        self.retryButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.retryButton)


        self.dialogLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.introLabel.setBuddy(self.messagesTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.messagesTable, self.retryButton)
        QWidget.setTabOrder(self.retryButton, self.closeButton)

        self.retranslateUi(OutboxDialog)

        self.retryButton.setDefault(True)


        QMetaObject.connectSlotsByName(OutboxDialog)
    # setupUi

    def retranslateUi(self, OutboxDialog):
        OutboxDialog.setWindowTitle(QCoreApplication.translate("OutboxDialog", u"EHR messages not accepted", None))
#if QT_CONFIG(accessibility)
        OutboxDialog.setAccessibleName(QCoreApplication.translate("OutboxDialog", u"EHR messages not accepted", None))
#endif // QT_CONFIG(accessibility)
        self.introLabel.setText(QCoreApplication.translate("OutboxDialog", u"The EHR did not accept these messages. Its answer is in the last column. Fix the cause (for example, the patient's MRN in the EHR), then send the message again.", None))
#if QT_CONFIG(accessibility)
        self.messagesTable.setAccessibleName(QCoreApplication.translate("OutboxDialog", u"Messages the EHR did not accept", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("OutboxDialog", u"Result", None))
#endif // QT_CONFIG(accessibility)
        self.messageLabel.setText("")
#if QT_CONFIG(accessibility)
        self.closeButton.setAccessibleName(QCoreApplication.translate("OutboxDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.closeButton.setText(QCoreApplication.translate("OutboxDialog", u"&Close", None))
#if QT_CONFIG(accessibility)
        self.retryButton.setAccessibleName(QCoreApplication.translate("OutboxDialog", u"Send the selected message again", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.retryButton.setToolTip(QCoreApplication.translate("OutboxDialog", u"Send it again with the same message ID, once the cause is fixed", None))
#endif // QT_CONFIG(tooltip)
        self.retryButton.setText(QCoreApplication.translate("OutboxDialog", u"&Send again", None))
    # retranslateUi

