# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patient_registration.ui'
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

from vitalsdesk.gui.widgets import NoWheelComboBox

class Ui_PatientRegistrationView(object):
    def setupUi(self, PatientRegistrationView):
        if not PatientRegistrationView.objectName():
            PatientRegistrationView.setObjectName(u"PatientRegistrationView")
        self.outerLayout = QVBoxLayout(PatientRegistrationView)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.centerRow = QHBoxLayout()
        self.centerRow.setObjectName(u"centerRow")
        self.leftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.leftSpacer)

        self.card = QFrame(PatientRegistrationView)
        self.card.setObjectName(u"card")
        self.card.setMinimumSize(QSize(560, 0))
        self.card.setMaximumSize(QSize(680, 16777215))
        self.cardLayout = QVBoxLayout(self.card)
        self.cardLayout.setSpacing(8)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(32, 20, 32, 20)
        self.titleLabel = QLabel(self.card)
        self.titleLabel.setObjectName(u"titleLabel")

        self.cardLayout.addWidget(self.titleLabel)

        self.fieldsLayout = QFormLayout()
        self.fieldsLayout.setObjectName(u"fieldsLayout")
        self.fieldsLayout.setHorizontalSpacing(16)
        self.fieldsLayout.setVerticalSpacing(6)
        self.familyNameLabel = QLabel(self.card)
        self.familyNameLabel.setObjectName(u"familyNameLabel")

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.familyNameLabel)

        self.familyNameEdit = QLineEdit(self.card)
        self.familyNameEdit.setObjectName(u"familyNameEdit")
        self.familyNameEdit.setMaxLength(120)

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.familyNameEdit)

        self.givenNameLabel = QLabel(self.card)
        self.givenNameLabel.setObjectName(u"givenNameLabel")

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.givenNameLabel)

        self.givenNameEdit = QLineEdit(self.card)
        self.givenNameEdit.setObjectName(u"givenNameEdit")
        self.givenNameEdit.setMaxLength(120)

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.givenNameEdit)

        self.birthDateLabel = QLabel(self.card)
        self.birthDateLabel.setObjectName(u"birthDateLabel")

        self.fieldsLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.birthDateLabel)

        self.birthDateEdit = QLineEdit(self.card)
        self.birthDateEdit.setObjectName(u"birthDateEdit")
        self.birthDateEdit.setMaxLength(10)

        self.fieldsLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.birthDateEdit)

        self.sexLabel = QLabel(self.card)
        self.sexLabel.setObjectName(u"sexLabel")

        self.fieldsLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.sexLabel)

        self.sexCombo = NoWheelComboBox(self.card)
        self.sexCombo.setObjectName(u"sexCombo")

        self.fieldsLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sexCombo)

        self.mrnLabel = QLabel(self.card)
        self.mrnLabel.setObjectName(u"mrnLabel")

        self.fieldsLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.mrnLabel)

        self.mrnEdit = QLineEdit(self.card)
        self.mrnEdit.setObjectName(u"mrnEdit")
        self.mrnEdit.setMaxLength(40)

        self.fieldsLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.mrnEdit)

        self.languageLabel = QLabel(self.card)
        self.languageLabel.setObjectName(u"languageLabel")

        self.fieldsLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = NoWheelComboBox(self.card)
        self.languageCombo.setObjectName(u"languageCombo")

        self.fieldsLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.languageCombo)


        self.cardLayout.addLayout(self.fieldsLayout)

        self.messageLabel = QLabel(self.card)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.messageLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setSpacing(12)
        self.buttonRow.setObjectName(u"buttonRow")
        self.cancelButton = QPushButton(self.card)
        self.cancelButton.setObjectName(u"cancelButton")

        self.buttonRow.addWidget(self.cancelButton)

        self.buttonSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.registerButton = QPushButton(self.card)
        self.registerButton.setObjectName(u"registerButton")
        self.registerButton.setAutoDefault(True)

        self.buttonRow.addWidget(self.registerButton)


        self.cardLayout.addLayout(self.buttonRow)


        self.centerRow.addWidget(self.card)

        self.rightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.centerRow.addItem(self.rightSpacer)


        self.outerLayout.addLayout(self.centerRow)

        self.bottomSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.familyNameLabel.setBuddy(self.familyNameEdit)
        self.givenNameLabel.setBuddy(self.givenNameEdit)
        self.birthDateLabel.setBuddy(self.birthDateEdit)
        self.sexLabel.setBuddy(self.sexCombo)
        self.mrnLabel.setBuddy(self.mrnEdit)
        self.languageLabel.setBuddy(self.languageCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.familyNameEdit, self.givenNameEdit)
        QWidget.setTabOrder(self.givenNameEdit, self.birthDateEdit)
        QWidget.setTabOrder(self.birthDateEdit, self.sexCombo)
        QWidget.setTabOrder(self.sexCombo, self.mrnEdit)
        QWidget.setTabOrder(self.mrnEdit, self.languageCombo)
        QWidget.setTabOrder(self.languageCombo, self.registerButton)
        QWidget.setTabOrder(self.registerButton, self.cancelButton)

        self.retranslateUi(PatientRegistrationView)

        QMetaObject.connectSlotsByName(PatientRegistrationView)
    # setupUi

    def retranslateUi(self, PatientRegistrationView):
#if QT_CONFIG(accessibility)
        PatientRegistrationView.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Patient registration page", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"Register a new patient", None))
        self.familyNameLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"&Family name", None))
#if QT_CONFIG(accessibility)
        self.familyNameEdit.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Family name", None))
#endif // QT_CONFIG(accessibility)
        self.givenNameLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"&Given name", None))
#if QT_CONFIG(accessibility)
        self.givenNameEdit.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Given name", None))
#endif // QT_CONFIG(accessibility)
        self.birthDateLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"&Birth date", None))
#if QT_CONFIG(accessibility)
        self.birthDateEdit.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Birth date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.birthDateEdit.setAccessibleDescription(QCoreApplication.translate("PatientRegistrationView", u"YYYY-MM-DD or MM/DD/YYYY", None))
#endif // QT_CONFIG(accessibility)
        self.birthDateEdit.setPlaceholderText(QCoreApplication.translate("PatientRegistrationView", u"YYYY-MM-DD or MM/DD/YYYY", None))
        self.sexLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"&Sex", None))
#if QT_CONFIG(accessibility)
        self.sexCombo.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Sex", None))
#endif // QT_CONFIG(accessibility)
        self.mrnLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"&MRN", None))
#if QT_CONFIG(accessibility)
        self.mrnEdit.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Medical record number", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.mrnEdit.setAccessibleDescription(QCoreApplication.translate("PatientRegistrationView", u"Letters, digits and dashes", None))
#endif // QT_CONFIG(accessibility)
        self.languageLabel.setText(QCoreApplication.translate("PatientRegistrationView", u"Preferred &language", None))
#if QT_CONFIG(accessibility)
        self.languageCombo.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Preferred language", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Registration message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.cancelButton.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Cancel registration", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.cancelButton.setToolTip(QCoreApplication.translate("PatientRegistrationView", u"Back to the patient search (Esc)", None))
#endif // QT_CONFIG(tooltip)
        self.cancelButton.setText(QCoreApplication.translate("PatientRegistrationView", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.registerButton.setAccessibleName(QCoreApplication.translate("PatientRegistrationView", u"Register patient", None))
#endif // QT_CONFIG(accessibility)
        self.registerButton.setText(QCoreApplication.translate("PatientRegistrationView", u"Register patient", None))
    # retranslateUi

