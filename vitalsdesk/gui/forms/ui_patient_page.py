# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patient_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QPushButton,
    QSizePolicy, QSpacerItem, QTabWidget, QVBoxLayout,
    QWidget)

from vitalsdesk.gui.widgets import ElidedLabel

class Ui_PatientPageView(object):
    def setupUi(self, PatientPageView):
        if not PatientPageView.objectName():
            PatientPageView.setObjectName(u"PatientPageView")
        self.pageLayout = QVBoxLayout(PatientPageView)
        self.pageLayout.setSpacing(0)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(0, 0, 0, 0)
        self.patientBanner = QFrame(PatientPageView)
        self.patientBanner.setObjectName(u"patientBanner")
        self.bannerLayout = QHBoxLayout(self.patientBanner)
        self.bannerLayout.setSpacing(18)
        self.bannerLayout.setObjectName(u"bannerLayout")
        self.bannerLayout.setContentsMargins(24, 6, 24, 6)
        self.nameLabel = ElidedLabel(self.patientBanner)
        self.nameLabel.setObjectName(u"nameLabel")
        self.nameLabel.setText(u"")
        self.nameLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.bannerLayout.addWidget(self.nameLabel)

        self.detailsLabel = ElidedLabel(self.patientBanner)
        self.detailsLabel.setObjectName(u"detailsLabel")
        self.detailsLabel.setText(u"")
        self.detailsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.bannerLayout.addWidget(self.detailsLabel)

        self.bannerSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bannerLayout.addItem(self.bannerSpacer)

        self.exportButton = QPushButton(self.patientBanner)
        self.exportButton.setObjectName(u"exportButton")

        self.bannerLayout.addWidget(self.exportButton)

        self.findPatientButton = QPushButton(self.patientBanner)
        self.findPatientButton.setObjectName(u"findPatientButton")

        self.bannerLayout.addWidget(self.findPatientButton)


        self.pageLayout.addWidget(self.patientBanner)

        self.tabs = QTabWidget(PatientPageView)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)
        self.vitalsTab = QWidget()
        self.vitalsTab.setObjectName(u"vitalsTab")
        self.vitalsTabLayout = QVBoxLayout(self.vitalsTab)
        self.vitalsTabLayout.setSpacing(0)
        self.vitalsTabLayout.setObjectName(u"vitalsTabLayout")
        self.vitalsTabLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.vitalsTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyTabLayout = QVBoxLayout(self.historyTab)
        self.historyTabLayout.setSpacing(0)
        self.historyTabLayout.setObjectName(u"historyTabLayout")
        self.historyTabLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.historyTab, "")
        self.handoutTab = QWidget()
        self.handoutTab.setObjectName(u"handoutTab")
        self.handoutTabLayout = QVBoxLayout(self.handoutTab)
        self.handoutTabLayout.setSpacing(0)
        self.handoutTabLayout.setObjectName(u"handoutTabLayout")
        self.handoutTabLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.handoutTab, "")

        self.pageLayout.addWidget(self.tabs)

        QWidget.setTabOrder(self.tabs, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.findPatientButton)

        self.retranslateUi(PatientPageView)

        QMetaObject.connectSlotsByName(PatientPageView)
    # setupUi

    def retranslateUi(self, PatientPageView):
#if QT_CONFIG(accessibility)
        PatientPageView.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Patient page", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.patientBanner.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Patient", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.nameLabel.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Patient name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.detailsLabel.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Patient details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.exportButton.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Export this patient's vital signs", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.exportButton.setToolTip(QCoreApplication.translate("PatientPageView", u"Save this patient's vital signs as a FHIR R4 file for the EHR, or as CSV.", None))
#endif // QT_CONFIG(tooltip)
        self.exportButton.setText(QCoreApplication.translate("PatientPageView", u"Export this patient\u2026", None))
#if QT_CONFIG(accessibility)
        self.findPatientButton.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Find another patient", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.findPatientButton.setToolTip(QCoreApplication.translate("PatientPageView", u"Back to the patient search (Ctrl+F). Unsaved values stay as a draft.", None))
#endif // QT_CONFIG(tooltip)
        self.findPatientButton.setText(QCoreApplication.translate("PatientPageView", u"Find patient", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("PatientPageView", u"Patient record", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.vitalsTab), QCoreApplication.translate("PatientPageView", u"&Vital signs", None))
        self.tabs.setTabText(self.tabs.indexOf(self.historyTab), QCoreApplication.translate("PatientPageView", u"&History and trends", None))
        self.tabs.setTabText(self.tabs.indexOf(self.handoutTab), QCoreApplication.translate("PatientPageView", u"After-care ha&ndout", None))
    # retranslateUi

