# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'lock_screen.ui'
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
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_LockView(object):
    def setupUi(self, LockView):
        if not LockView.objectName():
            LockView.setObjectName(u"LockView")
        self.outerLayout = QVBoxLayout(LockView)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.centerRow = QHBoxLayout()
        self.centerRow.setObjectName(u"centerRow")
        self.leftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.leftSpacer)

        self.card = QFrame(LockView)
        self.card.setObjectName(u"card")
        self.card.setMinimumSize(QSize(440, 0))
        self.card.setMaximumSize(QSize(560, 16777215))
        self.cardLayout = QVBoxLayout(self.card)
        self.cardLayout.setSpacing(10)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(32, 28, 32, 28)
        self.titleLabel = QLabel(self.card)
        self.titleLabel.setObjectName(u"titleLabel")

        self.cardLayout.addWidget(self.titleLabel)

        self.whoLabel = QLabel(self.card)
        self.whoLabel.setObjectName(u"whoLabel")
        self.whoLabel.setText(u"")
        self.whoLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.whoLabel)

        self.passwordLabel = QLabel(self.card)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.cardLayout.addWidget(self.passwordLabel)

        self.passwordEdit = QLineEdit(self.card)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.cardLayout.addWidget(self.passwordEdit)

        self.messageLabel = QLabel(self.card)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.switchUserButton = QPushButton(self.card)
        self.switchUserButton.setObjectName(u"switchUserButton")

        self.buttonRow.addWidget(self.switchUserButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.unlockButton = QPushButton(self.card)
        self.unlockButton.setObjectName(u"unlockButton")
        self.unlockButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.unlockButton)


        self.cardLayout.addLayout(self.buttonRow)


        self.centerRow.addWidget(self.card)

        self.rightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.rightSpacer)


        self.outerLayout.addLayout(self.centerRow)

        self.bottomSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.passwordEdit, self.unlockButton)
        QWidget.setTabOrder(self.unlockButton, self.switchUserButton)

        self.retranslateUi(LockView)

        self.unlockButton.setDefault(True)


        QMetaObject.connectSlotsByName(LockView)
    # setupUi

    def retranslateUi(self, LockView):
#if QT_CONFIG(accessibility)
        LockView.setAccessibleName(QCoreApplication.translate("LockView", u"Locked screen", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("LockView", u"Screen locked", None))
#if QT_CONFIG(accessibility)
        self.whoLabel.setAccessibleName(QCoreApplication.translate("LockView", u"Locked by", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("LockView", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("LockView", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("LockView", u"Unlock message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.switchUserButton.setAccessibleName(QCoreApplication.translate("LockView", u"Switch user", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.switchUserButton.setToolTip(QCoreApplication.translate("LockView", u"Sign in as someone else. Your unsaved values stay as a draft for your next sign-in.", None))
#endif // QT_CONFIG(tooltip)
        self.switchUserButton.setText(QCoreApplication.translate("LockView", u"Switch user", None))
#if QT_CONFIG(accessibility)
        self.unlockButton.setAccessibleName(QCoreApplication.translate("LockView", u"Unlock", None))
#endif // QT_CONFIG(accessibility)
        self.unlockButton.setText(QCoreApplication.translate("LockView", u"Unlock", None))
    # retranslateUi

