# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patient_search.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QTableView, QVBoxLayout, QWidget)

class Ui_PatientSearchView(object):
    def setupUi(self, PatientSearchView):
        if not PatientSearchView.objectName():
            PatientSearchView.setObjectName(u"PatientSearchView")
        self.pageLayout = QVBoxLayout(PatientSearchView)
        self.pageLayout.setSpacing(10)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 18, 24, 12)
        self.titleLabel = QLabel(PatientSearchView)
        self.titleLabel.setObjectName(u"titleLabel")

        self.pageLayout.addWidget(self.titleLabel)

        self.findEdit = QLineEdit(PatientSearchView)
        self.findEdit.setObjectName(u"findEdit")
        self.findEdit.setMaxLength(120)
        self.findEdit.setClearButtonEnabled(True)

        self.pageLayout.addWidget(self.findEdit)

        self.hintLabel = QLabel(PatientSearchView)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.hintLabel)

        self.listsRow = QHBoxLayout()
        self.listsRow.setSpacing(18)
        self.listsRow.setObjectName(u"listsRow")
        self.resultsColumn = QVBoxLayout()
        self.resultsColumn.setSpacing(4)
        self.resultsColumn.setObjectName(u"resultsColumn")
        self.resultsLabel = QLabel(PatientSearchView)
        self.resultsLabel.setObjectName(u"resultsLabel")

        self.resultsColumn.addWidget(self.resultsLabel)

        self.resultsView = QTableView(PatientSearchView)
        self.resultsView.setObjectName(u"resultsView")
        self.resultsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resultsView.setAlternatingRowColors(True)
        self.resultsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.resultsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.resultsView.setShowGrid(False)
        self.resultsView.setTabKeyNavigation(False)
        self.resultsView.setWordWrap(False)
        self.resultsView.horizontalHeader().setStretchLastSection(True)
        self.resultsView.verticalHeader().setVisible(False)

        self.resultsColumn.addWidget(self.resultsView)


        self.listsRow.addLayout(self.resultsColumn)

        self.recentColumn = QVBoxLayout()
        self.recentColumn.setSpacing(4)
        self.recentColumn.setObjectName(u"recentColumn")
        self.recentLabel = QLabel(PatientSearchView)
        self.recentLabel.setObjectName(u"recentLabel")

        self.recentColumn.addWidget(self.recentLabel)

        self.recentView = QTableView(PatientSearchView)
        self.recentView.setObjectName(u"recentView")
        self.recentView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recentView.setAlternatingRowColors(True)
        self.recentView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recentView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recentView.setShowGrid(False)
        self.recentView.setTabKeyNavigation(False)
        self.recentView.setWordWrap(False)
        self.recentView.horizontalHeader().setStretchLastSection(True)
        self.recentView.verticalHeader().setVisible(False)

        self.recentColumn.addWidget(self.recentView)


        self.listsRow.addLayout(self.recentColumn)


        self.pageLayout.addLayout(self.listsRow)

        self.bottomRow = QHBoxLayout()
        self.bottomRow.setSpacing(12)
        self.bottomRow.setObjectName(u"bottomRow")
        self.messageLabel = QLabel(PatientSearchView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.messageLabel.sizePolicy().hasHeightForWidth())
        self.messageLabel.setSizePolicy(sizePolicy)

        self.bottomRow.addWidget(self.messageLabel)

        self.registerButton = QPushButton(PatientSearchView)
        self.registerButton.setObjectName(u"registerButton")

        self.bottomRow.addWidget(self.registerButton)


        self.pageLayout.addLayout(self.bottomRow)

#if QT_CONFIG(shortcut)
        self.titleLabel.setBuddy(self.findEdit)
        self.resultsLabel.setBuddy(self.resultsView)
        self.recentLabel.setBuddy(self.recentView)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.findEdit, self.resultsView)
        QWidget.setTabOrder(self.resultsView, self.recentView)
        QWidget.setTabOrder(self.recentView, self.registerButton)

        self.retranslateUi(PatientSearchView)

        QMetaObject.connectSlotsByName(PatientSearchView)
    # setupUi

    def retranslateUi(self, PatientSearchView):
#if QT_CONFIG(accessibility)
        PatientSearchView.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Patient search page", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("PatientSearchView", u"&Find patient", None))
#if QT_CONFIG(accessibility)
        self.findEdit.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Find patient", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.findEdit.setAccessibleDescription(QCoreApplication.translate("PatientSearchView", u"Type a family name, \"family, given\", an MRN or a birth date, or scan the patient's barcode. Enter opens the patient.", None))
#endif // QT_CONFIG(accessibility)
        self.findEdit.setPlaceholderText(QCoreApplication.translate("PatientSearchView", u"Name, MRN or birth date \u2014 or scan the barcode", None))
        self.hintLabel.setText(QCoreApplication.translate("PatientSearchView", u"Family name (\"garcia\"), \"family, given\", MRN, or birth date (YYYY-MM-DD or MM/DD/YYYY). Enter opens the patient; \u2193 moves to the list.", None))
        self.resultsLabel.setText(QCoreApplication.translate("PatientSearchView", u"&Matches", None))
#if QT_CONFIG(accessibility)
        self.resultsView.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Matching patients", None))
#endif // QT_CONFIG(accessibility)
        self.recentLabel.setText(QCoreApplication.translate("PatientSearchView", u"Your patients &today", None))
#if QT_CONFIG(accessibility)
        self.recentView.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Your patients today", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Search message", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.registerButton.setAccessibleName(QCoreApplication.translate("PatientSearchView", u"Register new patient", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.registerButton.setToolTip(QCoreApplication.translate("PatientSearchView", u"Register a patient who is not found (Ctrl+N)", None))
#endif // QT_CONFIG(tooltip)
        self.registerButton.setText(QCoreApplication.translate("PatientSearchView", u"Register &new patient", None))
    # retranslateUi

