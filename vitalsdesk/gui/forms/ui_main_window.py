# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
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
    QMainWindow, QPushButton, QSizePolicy, QSpacerItem,
    QStackedWidget, QStatusBar, QVBoxLayout, QWidget)

from vitalsdesk.gui.widgets import ElidedLabel

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 720)
        MainWindow.setMinimumSize(QSize(800, 560))
        self.centralWidget = QWidget(MainWindow)
        self.centralWidget.setObjectName(u"centralWidget")
        self.rootLayout = QVBoxLayout(self.centralWidget)
        self.rootLayout.setSpacing(0)
        self.rootLayout.setObjectName(u"rootLayout")
        self.rootLayout.setContentsMargins(0, 0, 0, 0)
        self.header = QFrame(self.centralWidget)
        self.header.setObjectName(u"header")
        self.headerLayout = QHBoxLayout(self.header)
        self.headerLayout.setSpacing(10)
        self.headerLayout.setObjectName(u"headerLayout")
        self.headerLayout.setContentsMargins(24, 8, 24, 8)
        self.titleBlock = QHBoxLayout()
        self.titleBlock.setSpacing(14)
        self.titleBlock.setObjectName(u"titleBlock")
        self.appNameLabel = QLabel(self.header)
        self.appNameLabel.setObjectName(u"appNameLabel")

        self.titleBlock.addWidget(self.appNameLabel)

        self.taglineLabel = QLabel(self.header)
        self.taglineLabel.setObjectName(u"taglineLabel")

        self.titleBlock.addWidget(self.taglineLabel)


        self.headerLayout.addLayout(self.titleBlock)

        self.headerSpacer = QSpacerItem(0, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headerLayout.addItem(self.headerSpacer)

        self.aboutBlock = QVBoxLayout()
        self.aboutBlock.setSpacing(0)
        self.aboutBlock.setObjectName(u"aboutBlock")
        self.versionLabel = ElidedLabel(self.header)
        self.versionLabel.setObjectName(u"versionLabel")
        self.versionLabel.setText(u"")
        self.versionLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.versionLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.aboutBlock.addWidget(self.versionLabel)

        self.referenceRangesLabel = ElidedLabel(self.header)
        self.referenceRangesLabel.setObjectName(u"referenceRangesLabel")
        self.referenceRangesLabel.setText(u"")
        self.referenceRangesLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.referenceRangesLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.aboutBlock.addWidget(self.referenceRangesLabel)


        self.headerLayout.addLayout(self.aboutBlock)

        self.exportButton = QPushButton(self.header)
        self.exportButton.setObjectName(u"exportButton")

        self.headerLayout.addWidget(self.exportButton)

        self.signedInLabel = ElidedLabel(self.header)
        self.signedInLabel.setObjectName(u"signedInLabel")
        self.signedInLabel.setText(u"")
        self.signedInLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.headerLayout.addWidget(self.signedInLabel)

        self.auditLogButton = QPushButton(self.header)
        self.auditLogButton.setObjectName(u"auditLogButton")

        self.headerLayout.addWidget(self.auditLogButton)

        self.lockButton = QPushButton(self.header)
        self.lockButton.setObjectName(u"lockButton")

        self.headerLayout.addWidget(self.lockButton)

        self.signOutButton = QPushButton(self.header)
        self.signOutButton.setObjectName(u"signOutButton")

        self.headerLayout.addWidget(self.signOutButton)


        self.rootLayout.addWidget(self.header)

        self.pageStack = QStackedWidget(self.centralWidget)
        self.pageStack.setObjectName(u"pageStack")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.pageStack.sizePolicy().hasHeightForWidth())
        self.pageStack.setSizePolicy(sizePolicy)
        self.startingPage = QWidget()
        self.startingPage.setObjectName(u"startingPage")
        self.startingLayout = QVBoxLayout(self.startingPage)
        self.startingLayout.setObjectName(u"startingLayout")
        self.startingLayout.setContentsMargins(32, 32, 32, 32)
        self.startingLabel = QLabel(self.startingPage)
        self.startingLabel.setObjectName(u"startingLabel")
        self.startingLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.startingLabel.setWordWrap(True)

        self.startingLayout.addWidget(self.startingLabel)

        self.pageStack.addWidget(self.startingPage)

        self.rootLayout.addWidget(self.pageStack)

        MainWindow.setCentralWidget(self.centralWidget)
        self.statusBar = QStatusBar(MainWindow)
        self.statusBar.setObjectName(u"statusBar")
        MainWindow.setStatusBar(self.statusBar)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"VitalsDesk", None))
#if QT_CONFIG(accessibility)
        self.header.setAccessibleName(QCoreApplication.translate("MainWindow", u"Header", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.appNameLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Application name", None))
#endif // QT_CONFIG(accessibility)
        self.appNameLabel.setText(QCoreApplication.translate("MainWindow", u"VitalsDesk", None))
        self.taglineLabel.setText(QCoreApplication.translate("MainWindow", u"Vital signs for rooming", None))
#if QT_CONFIG(accessibility)
        self.versionLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Version", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.referenceRangesLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Reference-range table", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.exportButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Export vital signs", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.exportButton.setToolTip(QCoreApplication.translate("MainWindow", u"Export the vital signs of every patient seen since a date (or of the open patient) to FHIR R4 or CSV.", None))
#endif // QT_CONFIG(tooltip)
        self.exportButton.setText(QCoreApplication.translate("MainWindow", u"Export\u2026", None))
#if QT_CONFIG(accessibility)
        self.signedInLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Signed-in user", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.auditLogButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Audit log", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.auditLogButton.setToolTip(QCoreApplication.translate("MainWindow", u"Who did what, and when: the audit log (administrators only).", None))
#endif // QT_CONFIG(tooltip)
        self.auditLogButton.setText(QCoreApplication.translate("MainWindow", u"Aud&it log", None))
#if QT_CONFIG(accessibility)
        self.lockButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Lock the screen", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.lockButton.setToolTip(QCoreApplication.translate("MainWindow", u"Lock the screen now (Ctrl+L). Nothing you typed is lost.", None))
#endif // QT_CONFIG(tooltip)
        self.lockButton.setText(QCoreApplication.translate("MainWindow", u"Lock", None))
#if QT_CONFIG(accessibility)
        self.signOutButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Sign out", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.signOutButton.setToolTip(QCoreApplication.translate("MainWindow", u"Sign out. Unsaved values stay as a draft for your next sign-in.", None))
#endif // QT_CONFIG(tooltip)
        self.signOutButton.setText(QCoreApplication.translate("MainWindow", u"Sign out", None))
#if QT_CONFIG(accessibility)
        self.pageStack.setAccessibleName(QCoreApplication.translate("MainWindow", u"Main area", None))
#endif // QT_CONFIG(accessibility)
        self.startingLabel.setText(QCoreApplication.translate("MainWindow", u"Opening the clinic's records\u2026", None))
    # retranslateUi

