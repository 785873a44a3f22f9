"""The main window: the frame that later screens (sign-in, patient search, vitals) live in.

The layout is ui/main_window.ui, compiled ahead of time into vitalsdesk.gui.forms. This view only
fills in the texts it is given; it reads no files and knows nothing of services.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from vitalsdesk import __version__
from vitalsdesk.gui.forms.ui_main_window import Ui_MainWindow


class MainWindow(QMainWindow):
    def __init__(self, reference_ranges_version: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ui.versionLabel.setText(f"Version {__version__}")
        if reference_ranges_version:
            self.ui.referenceRangesLabel.setText(f"Reference ranges: {reference_ranges_version}")
        else:
            self.ui.referenceRangesLabel.hide()
        # A label rather than showMessage(): it stays put and the stylesheet can pad it.
        self.status_label = QLabel("Ready. VitalsDesk works offline.")
        self.status_label.setObjectName("statusLabel")
        self.ui.statusBar.addWidget(self.status_label, 1)
