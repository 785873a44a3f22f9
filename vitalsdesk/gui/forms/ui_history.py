# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'history.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QGridLayout,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QSplitter, QTableView,
    QVBoxLayout, QWidget)

class Ui_HistoryView(object):
    def setupUi(self, HistoryView):
        if not HistoryView.objectName():
            HistoryView.setObjectName(u"HistoryView")
        self.pageLayout = QVBoxLayout(HistoryView)
        self.pageLayout.setSpacing(6)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(24, 8, 24, 8)
        self.changeLabel = QLabel(HistoryView)
        self.changeLabel.setObjectName(u"changeLabel")
        self.changeLabel.setText(u"")
        self.changeLabel.setWordWrap(True)
        self.changeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pageLayout.addWidget(self.changeLabel)

        self.actionsRow = QHBoxLayout()
        self.actionsRow.setSpacing(12)
        self.actionsRow.setObjectName(u"actionsRow")
        self.tableTitleLabel = QLabel(HistoryView)
        self.tableTitleLabel.setObjectName(u"tableTitleLabel")

        self.actionsRow.addWidget(self.tableTitleLabel)

        self.showEarlierCheck = QCheckBox(HistoryView)
        self.showEarlierCheck.setObjectName(u"showEarlierCheck")
        self.showEarlierCheck.setChecked(True)

        self.actionsRow.addWidget(self.showEarlierCheck)

        self.actionsSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionsRow.addItem(self.actionsSpacer)

        self.amendButton = QPushButton(HistoryView)
        self.amendButton.setObjectName(u"amendButton")

        self.actionsRow.addWidget(self.amendButton)

        self.enteredInErrorButton = QPushButton(HistoryView)
        self.enteredInErrorButton.setObjectName(u"enteredInErrorButton")

        self.actionsRow.addWidget(self.enteredInErrorButton)


        self.pageLayout.addLayout(self.actionsRow)

        self.splitter = QSplitter(HistoryView)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.historyTable = QTableView(self.splitter)
        self.historyTable.setObjectName(u"historyTable")
        self.historyTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.historyTable.setAlternatingRowColors(True)
        self.historyTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.historyTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.historyTable.setShowGrid(False)
        self.historyTable.setTabKeyNavigation(False)
        self.historyTable.setWordWrap(False)
        self.splitter.addWidget(self.historyTable)
        self.historyTable.horizontalHeader().setStretchLastSection(True)
        self.historyTable.verticalHeader().setVisible(False)
        self.trendsArea = QWidget(self.splitter)
        self.trendsArea.setObjectName(u"trendsArea")
        self.trendsGrid = QGridLayout(self.trendsArea)
        self.trendsGrid.setObjectName(u"trendsGrid")
        self.trendsGrid.setHorizontalSpacing(10)
        self.trendsGrid.setVerticalSpacing(6)
        self.trendsGrid.setContentsMargins(0, 4, 0, 0)
        self.trendsPlaceholderLabel = QLabel(self.trendsArea)
        self.trendsPlaceholderLabel.setObjectName(u"trendsPlaceholderLabel")
        self.trendsPlaceholderLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.trendsGrid.addWidget(self.trendsPlaceholderLabel, 0, 0, 1, 1)

        self.splitter.addWidget(self.trendsArea)

        self.pageLayout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.tableTitleLabel.setBuddy(self.historyTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.historyTable, self.showEarlierCheck)
        QWidget.setTabOrder(self.showEarlierCheck, self.amendButton)
        QWidget.setTabOrder(self.amendButton, self.enteredInErrorButton)

        self.retranslateUi(HistoryView)

        QMetaObject.connectSlotsByName(HistoryView)
    # setupUi

    def retranslateUi(self, HistoryView):
#if QT_CONFIG(accessibility)
        HistoryView.setAccessibleName(QCoreApplication.translate("HistoryView", u"History and trends", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.changeLabel.setAccessibleName(QCoreApplication.translate("HistoryView", u"Change since the last visit", None))
#endif // QT_CONFIG(accessibility)
        self.tableTitleLabel.setText(QCoreApplication.translate("HistoryView", u"Vital-sign &sets, newest first", None))
#if QT_CONFIG(accessibility)
        self.showEarlierCheck.setAccessibleName(QCoreApplication.translate("HistoryView", u"Show earlier versions", None))
#endif // QT_CONFIG(accessibility)
        self.showEarlierCheck.setText(QCoreApplication.translate("HistoryView", u"Show &earlier versions", None))
#if QT_CONFIG(accessibility)
        self.amendButton.setAccessibleName(QCoreApplication.translate("HistoryView", u"Amend selected set", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.amendButton.setToolTip(QCoreApplication.translate("HistoryView", u"Correct the selected set. The set as it was stays in the record.", None))
#endif // QT_CONFIG(tooltip)
        self.amendButton.setText(QCoreApplication.translate("HistoryView", u"A&mend\u2026", None))
#if QT_CONFIG(accessibility)
        self.enteredInErrorButton.setAccessibleName(QCoreApplication.translate("HistoryView", u"Mark selected set entered in error", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.enteredInErrorButton.setToolTip(QCoreApplication.translate("HistoryView", u"The selected set belongs to another patient or was never taken. It stays in the record, marked.", None))
#endif // QT_CONFIG(tooltip)
        self.enteredInErrorButton.setText(QCoreApplication.translate("HistoryView", u"Entered in e&rror\u2026", None))
#if QT_CONFIG(accessibility)
        self.historyTable.setAccessibleName(QCoreApplication.translate("HistoryView", u"Vital-sign history", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.trendsArea.setAccessibleName(QCoreApplication.translate("HistoryView", u"Trends", None))
#endif // QT_CONFIG(accessibility)
        self.trendsPlaceholderLabel.setText(QCoreApplication.translate("HistoryView", u"Loading the trend charts\u2026", None))
    # retranslateUi

