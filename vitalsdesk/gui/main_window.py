"""The main window: header (who is signed in, Lock), a stack of pages, and the status line.

The layout is ui/main_window.ui, compiled ahead of time into vitalsdesk.gui.forms. This view only
shows what it is given; ShellController decides which page is shown and when. It imports nothing
but Qt and the compiled form, so the first window appears before any database code is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QToolButton, QWidget

from vitalsdesk import __version__
from vitalsdesk.gui.forms.ui_main_window import Ui_MainWindow
from vitalsdesk.gui.widgets import ElidedLabel, keep_words, show_info

# The most room the signed-in name takes from the header at 1024 px before it is shortened.
SIGNED_IN_MAX_WIDTH = 260
# Between the header's parts: at 1024 px the clinician's header had no room for the range
# table's short name with the default 10 px.
HEADER_SPACING = 8


def short_ranges_text(version: str) -> str:
    """ "Ranges 2026.11.2" for "vitalsdesk-default 2026.11.2": the table's version without its
    name, what tells one table from the next on a narrow screen."""
    return f"Ranges {version.split()[-1]}" if version.strip() else ""


class ShortenedLabel(ElidedLabel):
    """A one-line label that shows its whole text where it fits, else a short form of it that
    is never cut (its least width), with the whole text in its tooltip. text() stays the whole
    text, for a screen reader and the tests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.short_text = ""

    def set_short_text(self, text: str) -> None:
        self.short_text = text
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.short_text:
            return hint
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.short_text) + 2 * self.margin()
        return QSize(width + margins.left() + margins.right() + 1, hint.height())

    def shown_lines(self) -> list[str]:
        width = self._text_rect().width()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self.text()) <= width or not self.short_text:
            return super().shown_lines()
        return [metrics.elidedText(self.short_text, Qt.TextElideMode.ElideRight, width)]


class MainWindow(QMainWindow):
    closing = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()
    audit_log_requested = Signal()
    export_requested = Signal()
    awaiting_requested = Signal()  # the clinician's "critical sets to acknowledge" button
    devices_requested = Signal()

    def __init__(self, reference_ranges_version: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ui.lockButton.clicked.connect(self.lock_requested)
        self.ui.signOutButton.clicked.connect(self.sign_out_requested)
        self.ui.auditLogButton.clicked.connect(self.audit_log_requested)
        self.ui.exportButton.clicked.connect(self.export_requested)
        ui = self.ui
        keep_words(ui.exportButton, ui.auditLogButton, ui.lockButton, ui.signOutButton)
        show_info(self.ui.versionLabel, f"Version {__version__}")
        # The range table's name gives way to "Ranges 2026.11.2" where the header is narrow (a
        # clinician's at 1024 px): cut at the end it lost the version, the part that matters.
        old = ui.referenceRangesLabel
        ranges = ShortenedLabel(ui.header)
        ranges.setObjectName(old.objectName())
        ranges.setAccessibleName(old.accessibleName())
        ranges.setAlignment(old.alignment())
        ranges.setTextInteractionFlags(old.textInteractionFlags())
        ui.aboutBlock.replaceWidget(old, ranges)
        old.deleteLater()
        ui.referenceRangesLabel = ranges
        ui.headerLayout.setSpacing(HEADER_SPACING)
        self.set_reference_ranges(reference_ranges_version)
        # A label rather than showMessage(): it stays put and the stylesheet can pad it.
        self.status_label = QLabel("Ready. VitalsDesk works offline.")
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAccessibleName("Status")
        # A long message wraps onto a second line: cut to one line it pushed Devices out of the
        # window at 1024 px (and elided its words at 1280 px).
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumWidth(0)
        self.ui.statusBar.addWidget(self.status_label, 1)
        show_info(self.status_label, self.status_label.text())
        # Clinicians only: how many critical sets wait for acknowledgement (every patient).
        self.awaiting_button = QPushButton()
        self.awaiting_button.setObjectName("awaitingButton")
        self.awaiting_button.setAccessibleName("Critical sets awaiting acknowledgement")
        self.awaiting_button.clicked.connect(self.awaiting_requested)
        layout = self.ui.headerLayout
        layout.insertWidget(layout.indexOf(self.ui.signedInLabel), self.awaiting_button)
        # Devices (gui/devices_page.py), at the right of the status line: the header has no room
        # left at 1366 px, and the count of waiting readings belongs with the status.
        self.devices_button = QToolButton()
        self.devices_button.setText("Devices")
        # The status line is 32 px high: a 44 px button would be cut off. 28 px is still more
        # than the 24 px minimum target size (WCAG 2.2, 2.5.8).
        self.devices_button.setStyleSheet("min-height: 24px; padding: 0px 14px; margin: 1px 6px;")
        self.devices_button.setObjectName("devicesButton")
        self.devices_button.setAccessibleName("Devices")
        self.devices_button.clicked.connect(self.devices_requested)
        keep_words(self.devices_button)
        self.ui.statusBar.addPermanentWidget(self.devices_button)
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
        # Ctrl+Q is closing the window: the same draft rules (closeEvent, then `closing`).
        self.quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self, self.close)

    def set_reference_ranges(self, version: str) -> None:
        show_info(self.ui.referenceRangesLabel, f"Reference ranges: {version}" if version else "")
        label = self.ui.referenceRangesLabel
        if isinstance(label, ShortenedLabel):
            label.set_short_text(short_ranges_text(version))
        self.ui.referenceRangesLabel.setVisible(bool(version))

    def set_signed_in(self, display_name: str | None, *, admin: bool = False) -> None:
        """Show who is signed in with Lock and Sign out (and Audit log for an administrator),
        or nothing of the kind."""
        signed_in = display_name is not None
        show_info(self.ui.signedInLabel, display_name or "")
        # Who is signed in stays whole (a clinician checks it is their name before acknowledging);
        # the version and the range table's name give way first. A very long name still shortens.
        label = self.ui.signedInLabel
        label.setMinimumWidth(min(label.sizeHint().width(), SIGNED_IN_MAX_WIDTH))
        for widget in (
            self.devices_button,
            self.ui.exportButton,
            self.ui.signedInLabel,
            self.ui.lockButton,
            self.ui.signOutButton,
        ):
            widget.setVisible(signed_in)
        self.ui.auditLogButton.setVisible(signed_in and admin)
        if not signed_in:
            self.set_awaiting(None)
        # At 1366 px the header has no room for the tagline beside the signed-in buttons.
        self.ui.taglineLabel.setVisible(not signed_in)

    def add_header_widgets(self, *widgets: QWidget) -> None:
        """Put widgets in the header, just before the signed-in part (the EHR interface line)."""
        layout = self.ui.headerLayout
        at = layout.indexOf(self.ui.exportButton)
        for offset, widget in enumerate(widgets):
            layout.insertWidget(at + offset, widget)

    def set_awaiting(self, count: int | None) -> None:
        """The clinician's count of unacknowledged critical sets; None hides it (not a
        clinician, or nobody signed in)."""
        button = self.awaiting_button
        if count is None:
            button.hide()
            return
        button.setText(f"⚠ Critical: {count}" if count else "Critical: 0")
        button.setToolTip("Critical vital-sign sets awaiting your acknowledgement (every patient)")
        button.setProperty("awaiting", count > 0)
        button.setAccessibleDescription(
            f"{count} critical vital-sign set{'s' if count != 1 else ''} awaiting acknowledgement"
        )
        button.setEnabled(count > 0)
        # The header is tight at 1366 px: the count is never cut (the labels left of it give way).
        button.setMinimumWidth(button.sizeHint().width())
        button.show()

    def show_page(self, page: QWidget) -> None:
        if self.ui.pageStack.indexOf(page) < 0:
            self.ui.pageStack.addWidget(page)
        self.ui.pageStack.setCurrentWidget(page)

    def current_page(self) -> QWidget | None:
        return self.ui.pageStack.currentWidget()

    def remove_page(self, page: QWidget) -> None:
        if self.ui.pageStack.indexOf(page) >= 0:
            self.ui.pageStack.removeWidget(page)

    def set_waiting_readings(self, count: int) -> None:
        """The Devices button says when readings wait in the unassigned list."""
        text = f"Devices ({count} waiting)" if count else "Devices"
        self.devices_button.setText(text)
        self.devices_button.setAccessibleName(text)
        # The count is the point of the button: it is never cut ("Devices…aiting)").
        self.devices_button.setMinimumWidth(self.devices_button.sizeHint().width())

    def set_read_only(self, read_only: bool) -> None:
        """Show (or hide) "Read-only: nothing can be saved" beside the status line."""
        self.read_only_label.setVisible(read_only)

    def set_status(self, text: str) -> None:
        show_info(self.status_label, text)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The controller saves the open draft before the window goes away.
        self.closing.emit()
        super().closeEvent(event)
