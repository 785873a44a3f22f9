# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
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
    QMainWindow, QSizePolicy, QSpacerItem, QStatusBar,
    QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1024, 680)
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
        self.headerLayout.setSpacing(24)
        self.headerLayout.setObjectName(u"headerLayout")
        self.headerLayout.setContentsMargins(32, 18, 32, 18)
        self.titleBlock = QVBoxLayout()
        self.titleBlock.setSpacing(2)
        self.titleBlock.setObjectName(u"titleBlock")
        self.appNameLabel = QLabel(self.header)
        self.appNameLabel.setObjectName(u"appNameLabel")

        self.titleBlock.addWidget(self.appNameLabel)

        self.taglineLabel = QLabel(self.header)
        self.taglineLabel.setObjectName(u"taglineLabel")

        self.titleBlock.addWidget(self.taglineLabel)


        self.headerLayout.addLayout(self.titleBlock)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.headerLayout.addItem(self.headerSpacer)

        self.aboutBlock = QVBoxLayout()
        self.aboutBlock.setSpacing(2)
        self.aboutBlock.setObjectName(u"aboutBlock")
        self.versionLabel = QLabel(self.header)
        self.versionLabel.setObjectName(u"versionLabel")
        self.versionLabel.setText(u"")
        self.versionLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.versionLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.aboutBlock.addWidget(self.versionLabel)

        self.referenceRangesLabel = QLabel(self.header)
        self.referenceRangesLabel.setObjectName(u"referenceRangesLabel")
        self.referenceRangesLabel.setText(u"")
        self.referenceRangesLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.referenceRangesLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.aboutBlock.addWidget(self.referenceRangesLabel)


        self.headerLayout.addLayout(self.aboutBlock)


        self.rootLayout.addWidget(self.header)

        self.contentArea = QFrame(self.centralWidget)
        self.contentArea.setObjectName(u"contentArea")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.contentArea.sizePolicy().hasHeightForWidth())
        self.contentArea.setSizePolicy(sizePolicy)
        self.contentLayout = QVBoxLayout(self.contentArea)
        self.contentLayout.setSpacing(12)
        self.contentLayout.setObjectName(u"contentLayout")
        self.contentLayout.setContentsMargins(32, 32, 32, 32)
        self.welcomeCard = QFrame(self.contentArea)
        self.welcomeCard.setObjectName(u"welcomeCard")
        self.welcomeCardLayout = QVBoxLayout(self.welcomeCard)
        self.welcomeCardLayout.setSpacing(8)
        self.welcomeCardLayout.setObjectName(u"welcomeCardLayout")
        self.welcomeCardLayout.setContentsMargins(28, 24, 28, 24)
        self.welcomeTitleLabel = QLabel(self.welcomeCard)
        self.welcomeTitleLabel.setObjectName(u"welcomeTitleLabel")

        self.welcomeCardLayout.addWidget(self.welcomeTitleLabel)

        self.welcomeBodyLabel = QLabel(self.welcomeCard)
        self.welcomeBodyLabel.setObjectName(u"welcomeBodyLabel")
        self.welcomeBodyLabel.setWordWrap(True)

        self.welcomeCardLayout.addWidget(self.welcomeBodyLabel)


        self.contentLayout.addWidget(self.welcomeCard)

        self.contentSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contentLayout.addItem(self.contentSpacer)


        self.rootLayout.addWidget(self.contentArea)

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
        self.welcomeTitleLabel.setText(QCoreApplication.translate("MainWindow", u"Ready for rooming", None))
        self.welcomeBodyLabel.setText(QCoreApplication.translate("MainWindow", u"Sign-in, patient search and the vital-signs form will appear here. Values outside the reference range are marked with a word and a symbol, never by colour alone, and always say: tell the clinician.", None))
    # retranslateUi

