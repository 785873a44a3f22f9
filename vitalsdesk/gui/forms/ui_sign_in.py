# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in.ui'
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

class Ui_SignInView(object):
    def setupUi(self, SignInView):
        if not SignInView.objectName():
            SignInView.setObjectName(u"SignInView")
        self.outerLayout = QVBoxLayout(SignInView)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.centerRow = QHBoxLayout()
        self.centerRow.setObjectName(u"centerRow")
        self.leftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.leftSpacer)

        self.card = QFrame(SignInView)
        self.card.setObjectName(u"card")
        self.card.setMinimumSize(QSize(440, 0))
        self.card.setMaximumSize(QSize(520, 16777215))
        self.cardLayout = QVBoxLayout(self.card)
        self.cardLayout.setSpacing(10)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(32, 28, 32, 28)
        self.titleLabel = QLabel(self.card)
        self.titleLabel.setObjectName(u"titleLabel")

        self.cardLayout.addWidget(self.titleLabel)

        self.hintLabel = QLabel(self.card)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.hintLabel)

        self.userNameLabel = QLabel(self.card)
        self.userNameLabel.setObjectName(u"userNameLabel")

        self.cardLayout.addWidget(self.userNameLabel)

        self.userNameEdit = QLineEdit(self.card)
        self.userNameEdit.setObjectName(u"userNameEdit")
        self.userNameEdit.setMaxLength(64)

        self.cardLayout.addWidget(self.userNameEdit)

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

        self.signInButton = QPushButton(self.card)
        self.signInButton.setObjectName(u"signInButton")
        self.signInButton.setAutoDefault(True)

        self.cardLayout.addWidget(self.signInButton)


        self.centerRow.addWidget(self.card)

        self.rightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.rightSpacer)


        self.outerLayout.addLayout(self.centerRow)

        self.bottomSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.userNameLabel.setBuddy(self.userNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.userNameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.signInButton)

        self.retranslateUi(SignInView)

        self.signInButton.setDefault(True)


        QMetaObject.connectSlotsByName(SignInView)
    # setupUi

    def retranslateUi(self, SignInView):
#if QT_CONFIG(accessibility)
        SignInView.setAccessibleName(QCoreApplication.translate("SignInView", u"Sign-in page", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("SignInView", u"Sign in", None))
        self.hintLabel.setText(QCoreApplication.translate("SignInView", u"Use your own account. The screen locks when it is left idle; nothing you type is lost.", None))
        self.userNameLabel.setText(QCoreApplication.translate("SignInView", u"&User name", None))
#if QT_CONFIG(accessibility)
        self.userNameEdit.setAccessibleName(QCoreApplication.translate("SignInView", u"User name", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("SignInView", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("SignInView", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("SignInView", u"Sign-in message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.signInButton.setAccessibleName(QCoreApplication.translate("SignInView", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
        self.signInButton.setText(QCoreApplication.translate("SignInView", u"Sign in", None))
    # retranslateUi

