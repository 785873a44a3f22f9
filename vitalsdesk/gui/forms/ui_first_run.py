# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_FirstRunView(object):
    def setupUi(self, FirstRunView):
        if not FirstRunView.objectName():
            FirstRunView.setObjectName(u"FirstRunView")
        self.outerLayout = QVBoxLayout(FirstRunView)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.centerRow = QHBoxLayout()
        self.centerRow.setObjectName(u"centerRow")
        self.leftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.leftSpacer)

        self.card = QFrame(FirstRunView)
        self.card.setObjectName(u"card")
        self.card.setMinimumSize(QSize(520, 0))
        self.card.setMaximumSize(QSize(640, 16777215))
        self.cardLayout = QVBoxLayout(self.card)
        self.cardLayout.setSpacing(8)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(32, 24, 32, 24)
        self.titleLabel = QLabel(self.card)
        self.titleLabel.setObjectName(u"titleLabel")

        self.cardLayout.addWidget(self.titleLabel)

        self.bodyLabel = QLabel(self.card)
        self.bodyLabel.setObjectName(u"bodyLabel")
        self.bodyLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.bodyLabel)

        self.fieldsLayout = QFormLayout()
        self.fieldsLayout.setObjectName(u"fieldsLayout")
        self.fieldsLayout.setHorizontalSpacing(16)
        self.fieldsLayout.setVerticalSpacing(8)
        self.displayNameLabel = QLabel(self.card)
        self.displayNameLabel.setObjectName(u"displayNameLabel")

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.displayNameLabel)

        self.displayNameEdit = QLineEdit(self.card)
        self.displayNameEdit.setObjectName(u"displayNameEdit")
        self.displayNameEdit.setMaxLength(120)

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.displayNameEdit)

        self.userNameLabel = QLabel(self.card)
        self.userNameLabel.setObjectName(u"userNameLabel")

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.userNameLabel)

        self.userNameEdit = QLineEdit(self.card)
        self.userNameEdit.setObjectName(u"userNameEdit")
        self.userNameEdit.setMaxLength(64)

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.userNameEdit)

        self.passwordLabel = QLabel(self.card)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.fieldsLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(self.card)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.fieldsLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.repeatPasswordLabel = QLabel(self.card)
        self.repeatPasswordLabel.setObjectName(u"repeatPasswordLabel")

        self.fieldsLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.repeatPasswordLabel)

        self.repeatPasswordEdit = QLineEdit(self.card)
        self.repeatPasswordEdit.setObjectName(u"repeatPasswordEdit")
        self.repeatPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.fieldsLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.repeatPasswordEdit)


        self.cardLayout.addLayout(self.fieldsLayout)

        self.rulesLabel = QLabel(self.card)
        self.rulesLabel.setObjectName(u"rulesLabel")
        self.rulesLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.rulesLabel)

        self.messageLabel = QLabel(self.card)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.messageLabel)

        self.createButton = QPushButton(self.card)
        self.createButton.setObjectName(u"createButton")
        self.createButton.setAutoDefault(True)

        self.cardLayout.addWidget(self.createButton)


        self.centerRow.addWidget(self.card)

        self.rightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.rightSpacer)


        self.outerLayout.addLayout(self.centerRow)

        self.bottomSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.displayNameLabel.setBuddy(self.displayNameEdit)
        self.userNameLabel.setBuddy(self.userNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.repeatPasswordLabel.setBuddy(self.repeatPasswordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.displayNameEdit, self.userNameEdit)
        QWidget.setTabOrder(self.userNameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.repeatPasswordEdit)
        QWidget.setTabOrder(self.repeatPasswordEdit, self.createButton)

        self.retranslateUi(FirstRunView)

        self.createButton.setDefault(True)


        QMetaObject.connectSlotsByName(FirstRunView)
    # setupUi

    def retranslateUi(self, FirstRunView):
#if QT_CONFIG(accessibility)
        FirstRunView.setAccessibleName(QCoreApplication.translate("FirstRunView", u"First-run setup page", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("FirstRunView", u"Welcome to VitalsDesk", None))
        self.bodyLabel.setText(QCoreApplication.translate("FirstRunView", u"No one can sign in yet. Create the first administrator account for this clinic. The administrator then adds an account for each member of staff.", None))
        self.displayNameLabel.setText(QCoreApplication.translate("FirstRunView", u"&Full name", None))
#if QT_CONFIG(accessibility)
        self.displayNameEdit.setAccessibleName(QCoreApplication.translate("FirstRunView", u"Full name", None))
#endif // QT_CONFIG(accessibility)
        self.userNameLabel.setText(QCoreApplication.translate("FirstRunView", u"&User name", None))
#if QT_CONFIG(accessibility)
        self.userNameEdit.setAccessibleName(QCoreApplication.translate("FirstRunView", u"User name", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("FirstRunView", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("FirstRunView", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.repeatPasswordLabel.setText(QCoreApplication.translate("FirstRunView", u"&Repeat password", None))
#if QT_CONFIG(accessibility)
        self.repeatPasswordEdit.setAccessibleName(QCoreApplication.translate("FirstRunView", u"Repeat password", None))
#endif // QT_CONFIG(accessibility)
        self.rulesLabel.setText(QCoreApplication.translate("FirstRunView", u"User name: letters, digits, dot, dash or underscore. Password: at least 8 characters.", None))
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("FirstRunView", u"Setup message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.createButton.setAccessibleName(QCoreApplication.translate("FirstRunView", u"Create administrator account", None))
#endif // QT_CONFIG(accessibility)
        self.createButton.setText(QCoreApplication.translate("FirstRunView", u"Create administrator account", None))
    # retranslateUi

