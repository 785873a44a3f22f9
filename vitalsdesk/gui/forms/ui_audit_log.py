# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_log.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QDateEdit,
    QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QTableView, QVBoxLayout, QWidget)

from vitalsdesk.gui.widgets import NoWheelComboBox

class Ui_AuditLogView(object):
    def setupUi(self, AuditLogView):
        if not AuditLogView.objectName():
            AuditLogView.setObjectName(u"AuditLogView")
        self.pageLayout = QVBoxLayout(AuditLogView)
        self.pageLayout.setSpacing(8)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 12, 24, 12)
        self.titleRow = QHBoxLayout()
        self.titleRow.setSpacing(12)
        self.titleRow.setObjectName(u"titleRow")
        self.titleLabel = QLabel(AuditLogView)
        self.titleLabel.setObjectName(u"titleLabel")

        self.titleRow.addWidget(self.titleLabel)

        self.titleSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.titleRow.addItem(self.titleSpacer)

        self.backButton = QPushButton(AuditLogView)
        self.backButton.setObjectName(u"backButton")
        self.backButton.setAutoDefault(False)

        self.titleRow.addWidget(self.backButton)


        self.pageLayout.addLayout(self.titleRow)

        self.introLabel = QLabel(AuditLogView)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.introLabel)

        self.filterGrid = QGridLayout()
        self.filterGrid.setObjectName(u"filterGrid")
        self.filterGrid.setHorizontalSpacing(12)
        self.filterGrid.setVerticalSpacing(8)
        self.mrnLabel = QLabel(AuditLogView)
        self.mrnLabel.setObjectName(u"mrnLabel")

        self.filterGrid.addWidget(self.mrnLabel, 0, 0, 1, 1)

        self.mrnEdit = QLineEdit(AuditLogView)
        self.mrnEdit.setObjectName(u"mrnEdit")
        self.mrnEdit.setMaxLength(40)
        self.mrnEdit.setClearButtonEnabled(True)

        self.filterGrid.addWidget(self.mrnEdit, 0, 1, 1, 1)

        self.userLabel = QLabel(AuditLogView)
        self.userLabel.setObjectName(u"userLabel")

        self.filterGrid.addWidget(self.userLabel, 0, 2, 1, 1)

        self.userEdit = QLineEdit(AuditLogView)
        self.userEdit.setObjectName(u"userEdit")
        self.userEdit.setMaxLength(64)
        self.userEdit.setClearButtonEnabled(True)

        self.filterGrid.addWidget(self.userEdit, 0, 3, 1, 1)

        self.actionLabel = QLabel(AuditLogView)
        self.actionLabel.setObjectName(u"actionLabel")

        self.filterGrid.addWidget(self.actionLabel, 0, 4, 1, 1)

        self.actionCombo = NoWheelComboBox(AuditLogView)
        self.actionCombo.setObjectName(u"actionCombo")

        self.filterGrid.addWidget(self.actionCombo, 0, 5, 1, 2)

        self.dateRangeCheck = QCheckBox(AuditLogView)
        self.dateRangeCheck.setObjectName(u"dateRangeCheck")

        self.filterGrid.addWidget(self.dateRangeCheck, 1, 0, 1, 1)

        self.fromDateEdit = QDateEdit(AuditLogView)
        self.fromDateEdit.setObjectName(u"fromDateEdit")
        self.fromDateEdit.setEnabled(False)
        self.fromDateEdit.setCalendarPopup(True)
        self.fromDateEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.filterGrid.addWidget(self.fromDateEdit, 1, 1, 1, 1)

        self.toLabel = QLabel(AuditLogView)
        self.toLabel.setObjectName(u"toLabel")

        self.filterGrid.addWidget(self.toLabel, 1, 2, 1, 1)

        self.toDateEdit = QDateEdit(AuditLogView)
        self.toDateEdit.setObjectName(u"toDateEdit")
        self.toDateEdit.setEnabled(False)
        self.toDateEdit.setCalendarPopup(True)
        self.toDateEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.filterGrid.addWidget(self.toDateEdit, 1, 3, 1, 1)

        self.showButton = QPushButton(AuditLogView)
        self.showButton.setObjectName(u"showButton")
        self.showButton.setAutoDefault(False)

        self.filterGrid.addWidget(self.showButton, 1, 5, 1, 1)

        self.clearButton = QPushButton(AuditLogView)
        self.clearButton.setObjectName(u"clearButton")
        self.clearButton.setAutoDefault(False)

        self.filterGrid.addWidget(self.clearButton, 1, 6, 1, 1)


        self.pageLayout.addLayout(self.filterGrid)

        self.countLabel = QLabel(AuditLogView)
        self.countLabel.setObjectName(u"countLabel")
        self.countLabel.setText(u"")

        self.pageLayout.addWidget(self.countLabel)

        self.eventsTable = QTableView(AuditLogView)
        self.eventsTable.setObjectName(u"eventsTable")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.eventsTable.sizePolicy().hasHeightForWidth())
        self.eventsTable.setSizePolicy(sizePolicy)
        self.eventsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.eventsTable.setAlternatingRowColors(True)
        self.eventsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.eventsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.eventsTable.setShowGrid(False)
        self.eventsTable.setTabKeyNavigation(False)
        self.eventsTable.setWordWrap(False)
        self.eventsTable.horizontalHeader().setStretchLastSection(True)
        self.eventsTable.verticalHeader().setVisible(False)

        self.pageLayout.addWidget(self.eventsTable)

        self.chainRow = QHBoxLayout()
        self.chainRow.setSpacing(12)
        self.chainRow.setObjectName(u"chainRow")
        self.verifyButton = QPushButton(AuditLogView)
        self.verifyButton.setObjectName(u"verifyButton")
        self.verifyButton.setAutoDefault(False)

        self.chainRow.addWidget(self.verifyButton)

        self.exportButton = QPushButton(AuditLogView)
        self.exportButton.setObjectName(u"exportButton")
        self.exportButton.setAutoDefault(False)

        self.chainRow.addWidget(self.exportButton)

        self.chainSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.chainRow.addItem(self.chainSpacer)


        self.pageLayout.addLayout(self.chainRow)

        self.verifyLabel = QLabel(AuditLogView)
        self.verifyLabel.setObjectName(u"verifyLabel")
        self.verifyLabel.setText(u"")
        self.verifyLabel.setWordWrap(True)
        self.verifyLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pageLayout.addWidget(self.verifyLabel)

        self.messageLabel = QLabel(AuditLogView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setText(u"")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pageLayout.addWidget(self.messageLabel)

#if QT_CONFIG(shortcut)
        self.mrnLabel.setBuddy(self.mrnEdit)
        self.userLabel.setBuddy(self.userEdit)
        self.actionLabel.setBuddy(self.actionCombo)
        self.toLabel.setBuddy(self.toDateEdit)
        self.countLabel.setBuddy(self.eventsTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.mrnEdit, self.userEdit)
        QWidget.setTabOrder(self.userEdit, self.actionCombo)
        QWidget.setTabOrder(self.actionCombo, self.dateRangeCheck)
        QWidget.setTabOrder(self.dateRangeCheck, self.fromDateEdit)
        QWidget.setTabOrder(self.fromDateEdit, self.toDateEdit)
        QWidget.setTabOrder(self.toDateEdit, self.showButton)
        QWidget.setTabOrder(self.showButton, self.clearButton)
        QWidget.setTabOrder(self.clearButton, self.eventsTable)
        QWidget.setTabOrder(self.eventsTable, self.verifyButton)
        QWidget.setTabOrder(self.verifyButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.backButton)

        self.retranslateUi(AuditLogView)

        QMetaObject.connectSlotsByName(AuditLogView)
    # setupUi

    def retranslateUi(self, AuditLogView):
#if QT_CONFIG(accessibility)
        AuditLogView.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Audit log page", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("AuditLogView", u"Audit log", None))
#if QT_CONFIG(accessibility)
        self.backButton.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Back to the patients", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.backButton.setToolTip(QCoreApplication.translate("AuditLogView", u"Back to finding patients (Ctrl+F).", None))
#endif // QT_CONFIG(tooltip)
        self.backButton.setText(QCoreApplication.translate("AuditLogView", u"Back to &patients", None))
        self.introLabel.setText(QCoreApplication.translate("AuditLogView", u"Every sign-in (and failed one), lock-out, patient view, record, amendment, print and export, newest first, in this PC's local time. Looking at the log is recorded in it too.", None))
        self.mrnLabel.setText(QCoreApplication.translate("AuditLogView", u"Patient &MRN", None))
#if QT_CONFIG(accessibility)
        self.mrnEdit.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Patient MRN", None))
#endif // QT_CONFIG(accessibility)
        self.mrnEdit.setPlaceholderText(QCoreApplication.translate("AuditLogView", u"Any patient", None))
        self.userLabel.setText(QCoreApplication.translate("AuditLogView", u"&User name", None))
#if QT_CONFIG(accessibility)
        self.userEdit.setAccessibleName(QCoreApplication.translate("AuditLogView", u"User name", None))
#endif // QT_CONFIG(accessibility)
        self.userEdit.setPlaceholderText(QCoreApplication.translate("AuditLogView", u"Any user", None))
        self.actionLabel.setText(QCoreApplication.translate("AuditLogView", u"A&ction", None))
#if QT_CONFIG(accessibility)
        self.actionCombo.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Action", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dateRangeCheck.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Only events between two dates", None))
#endif // QT_CONFIG(accessibility)
        self.dateRangeCheck.setText(QCoreApplication.translate("AuditLogView", u"&Between", None))
#if QT_CONFIG(accessibility)
        self.fromDateEdit.setAccessibleName(QCoreApplication.translate("AuditLogView", u"From date", None))
#endif // QT_CONFIG(accessibility)
        self.toLabel.setText(QCoreApplication.translate("AuditLogView", u"and", None))
#if QT_CONFIG(accessibility)
        self.toDateEdit.setAccessibleName(QCoreApplication.translate("AuditLogView", u"To date, included", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.showButton.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Show the events that match", None))
#endif // QT_CONFIG(accessibility)
        self.showButton.setText(QCoreApplication.translate("AuditLogView", u"&Show events", None))
#if QT_CONFIG(accessibility)
        self.clearButton.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Clear the filters", None))
#endif // QT_CONFIG(accessibility)
        self.clearButton.setText(QCoreApplication.translate("AuditLogView", u"C&lear filters", None))
#if QT_CONFIG(accessibility)
        self.countLabel.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Events shown", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.eventsTable.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Audit events", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.verifyButton.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Verify the audit chain", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.verifyButton.setToolTip(QCoreApplication.translate("AuditLogView", u"Check every link of the log, from the first event: an event changed or removed after it was written shows up here.", None))
#endif // QT_CONFIG(tooltip)
        self.verifyButton.setText(QCoreApplication.translate("AuditLogView", u"&Verify chain", None))
#if QT_CONFIG(accessibility)
        self.exportButton.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Export the events shown as CSV", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.exportButton.setToolTip(QCoreApplication.translate("AuditLogView", u"Save the events shown (same filters) as a CSV file.", None))
#endif // QT_CONFIG(tooltip)
        self.exportButton.setText(QCoreApplication.translate("AuditLogView", u"E&xport CSV\u2026", None))
#if QT_CONFIG(accessibility)
        self.verifyLabel.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Audit chain check", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageLabel.setAccessibleName(QCoreApplication.translate("AuditLogView", u"Audit log message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

