"""The main window: header (who is signed in, Lock), a stack of pages, and the status line.

The layout is ui/main_window.ui, compiled ahead of time into vitalsdesk.gui.forms. This view only
shows what it is given; ShellController decides which page is shown and when. It imports nothing
but Qt and the compiled form, so the first window appears before any database code is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from vitalsdesk import __version__
from vitalsdesk.gui.forms.ui_main_window import Ui_MainWindow


class MainWindow(QMainWindow):
    closing = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()
    audit_log_requested = Signal()
    export_requested = Signal()

    def __init__(self, reference_ranges_version: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ui.lockButton.clicked.connect(self.lock_requested)
        self.ui.signOutButton.clicked.connect(self.sign_out_requested)
        self.ui.auditLogButton.clicked.connect(self.audit_log_requested)
        self.ui.exportButton.clicked.connect(self.export_requested)
        self.ui.versionLabel.setText(f"Version {__version__}")
        self.set_reference_ranges(reference_ranges_version)
        # A label rather than showMessage(): it stays put and the stylesheet can pad it.
        self.status_label = QLabel("Ready. VitalsDesk works offline.")
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAccessibleName("Status")
        self.ui.statusBar.addWidget(self.status_label, 1)
        # Stays in view for as long as the database cannot be written (set_read_only).
        self.read_only_label = QLabel("⚠ Read-only: nothing can be saved")
        self.read_only_label.setObjectName("readOnlyLabel")
        bold = self.read_only_label.font()
        bold.setBold(True)
        self.read_only_label.setFont(bold)
        self.read_only_label.setProperty("tone", "problem")
        self.read_only_label.setAccessibleName("Read-only: nothing can be saved")
        self.read_only_label.setAccessibleDescription(
            "The database cannot be written on this PC. You can look records up; every look is "
            "still noted in the audit log. Call IT."
        )
        self.read_only_label.setToolTip(self.read_only_label.accessibleDescription())
        self.read_only_label.setVisible(False)
        self.ui.statusBar.addPermanentWidget(self.read_only_label)
        self.set_signed_in(None)

    def set_reference_ranges(self, version: str) -> None:
        self.ui.referenceRangesLabel.setText(f"Reference ranges: {version}" if version else "")
        self.ui.referenceRangesLabel.setVisible(bool(version))

    def set_signed_in(self, display_name: str | None, *, admin: bool = False) -> None:
        """Show who is signed in with Lock and Sign out (and Audit log for an administrator),
        or nothing of the kind."""
        signed_in = display_name is not None
        self.ui.signedInLabel.setText(display_name or "")
        for widget in (
            self.ui.exportButton,
            self.ui.signedInLabel,
            self.ui.lockButton,
            self.ui.signOutButton,
        ):
            widget.setVisible(signed_in)
        self.ui.auditLogButton.setVisible(signed_in and admin)
        # At 1366 px the header has no room for the tagline beside the signed-in buttons.
        self.ui.taglineLabel.setVisible(not signed_in)

    def show_page(self, page: QWidget) -> None:
        if self.ui.pageStack.indexOf(page) < 0:
            self.ui.pageStack.addWidget(page)
        self.ui.pageStack.setCurrentWidget(page)

    def current_page(self) -> QWidget | None:
        return self.ui.pageStack.currentWidget()

    def remove_page(self, page: QWidget) -> None:
        if self.ui.pageStack.indexOf(page) >= 0:
            self.ui.pageStack.removeWidget(page)

    def set_read_only(self, read_only: bool) -> None:
        """Show (or hide) "Read-only: nothing can be saved" beside the status line."""
        self.read_only_label.setVisible(read_only)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The controller saves the open draft before the window goes away.
        self.closing.emit()
        super().closeEvent(event)
