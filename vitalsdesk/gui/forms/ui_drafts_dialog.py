# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'drafts_dialog.ui'
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
    QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_DraftsDialog(object):
    def setupUi(self, DraftsDialog):
        if not DraftsDialog.objectName():
            DraftsDialog.setObjectName(u"DraftsDialog")
        DraftsDialog.setMinimumSize(QSize(560, 320))
        DraftsDialog.setModal(True)
        self.dialogLayout = QVBoxLayout(DraftsDialog)
        self.dialogLayout.setSpacing(10)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.dialogLayout.setContentsMargins(24, 20, 24, 20)
        self.introLabel = QLabel(DraftsDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.introLabel)

        self.draftsList = QListWidget(DraftsDialog)
        self.draftsList.setObjectName(u"draftsList")

        self.dialogLayout.addWidget(self.draftsList)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.laterButton = QPushButton(DraftsDialog)
        self.laterButton.setObjectName(u"laterButton")
        self.laterButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.laterButton)

        self.discardButton = QPushButton(DraftsDialog)
        self.discardButton.setObjectName(u"discardButton")
        self.discardButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.discardButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.restoreButton = QPushButton(DraftsDialog)
        self.restoreButton.setObjectName(u"restoreButton")
        self.restoreButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.restoreButton)


        self.dialogLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.introLabel.setBuddy(self.draftsList)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.draftsList, self.restoreButton)
        QWidget.setTabOrder(self.restoreButton, self.discardButton)
        QWidget.setTabOrder(self.discardButton, self.laterButton)

        self.retranslateUi(DraftsDialog)

        self.restoreButton.setDefault(True)


        QMetaObject.connectSlotsByName(DraftsDialog)
    # setupUi

    def retranslateUi(self, DraftsDialog):
        DraftsDialog.setWindowTitle(QCoreApplication.translate("DraftsDialog", u"Unsaved vital signs", None))
#if QT_CONFIG(accessibility)
        DraftsDialog.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Unsaved vital signs", None))
#endif // QT_CONFIG(accessibility)
        self.introLabel.setText(QCoreApplication.translate("DraftsDialog", u"You typed vital signs that were not saved (the screen was locked, the app closed, or the PC lost power). Open one to finish it.", None))
#if QT_CONFIG(accessibility)
        self.draftsList.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Unsaved drafts", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.laterButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Not now", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.laterButton.setToolTip(QCoreApplication.translate("DraftsDialog", u"Keep the drafts; opening the patient later restores them", None))
#endif // QT_CONFIG(tooltip)
        self.laterButton.setText(QCoreApplication.translate("DraftsDialog", u"&Not now", None))
#if QT_CONFIG(accessibility)
        self.discardButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Discard selected draft", None))
#endif // QT_CONFIG(accessibility)
        self.discardButton.setText(QCoreApplication.translate("DraftsDialog", u"&Discard", None))
#if QT_CONFIG(accessibility)
        self.restoreButton.setAccessibleName(QCoreApplication.translate("DraftsDialog", u"Restore selected draft", None))
#endif // QT_CONFIG(accessibility)
        self.restoreButton.setText(QCoreApplication.translate("DraftsDialog", u"&Restore", None))
    # retranslateUi

