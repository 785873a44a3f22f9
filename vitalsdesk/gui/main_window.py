"""The main window: header (who is signed in, Lock), a stack of pages, and the status line.

The layout is ui/main_window.ui, compiled ahead of time into vitalsdesk.gui.forms. This view only
shows what it is given; ShellController decides which page is shown and when. It imports nothing
but Qt, so the first window appears before any database code is loaded.

At start-up the window is first built light (MainWindow(light=True)): a header with the app's
name, the page stack and the status line, by hand, without the compiled form, gui/widgets or
Qt's `Qt` namespace (PySide6 builds its enums on first use: about 20 ms of CPU). The sign-in
page is painted in it; finish() then builds the whole window around that same page, so what was
typed and where the keyboard is stay as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut  # no `Qt` enums needed: about 1.5 ms
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vitalsdesk import __version__

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from vitalsdesk.gui.forms.ui_main_window import Ui_MainWindow

READY_TEXT = "Ready. VitalsDesk works offline."


def __getattr__(name: str) -> Any:
    # Loaded when first named: it needs gui/widgets and the `Qt` namespace.
    if name == "ShortenedLabel":
        from vitalsdesk.gui.shortened_label import ShortenedLabel

        return ShortenedLabel
    raise AttributeError(name)


# The most room the signed-in name takes from the header at 1024 px before it is shortened.
SIGNED_IN_MAX_WIDTH = 260
# Between the header's parts: at 1024 px the clinician's header had no room for the range
# table's short name with the default 10 px.
HEADER_SPACING = 8


def short_ranges_text(version: str) -> str:
    """ "Ranges 2026.11.2" for "vitalsdesk-default 2026.11.2": the table's version without its
    name, what tells one table from the next on a narrow screen."""
    return f"Ranges {version.split()[-1]}" if version.strip() else ""


class MainWindow(QMainWindow):
    closing = Signal()
    lock_requested = Signal()
    sign_out_requested = Signal()
    audit_log_requested = Signal()
    export_requested = Signal()
    awaiting_requested = Signal()  # the clinician's "critical sets to acknowledge" button
    devices_requested = Signal()

    def __init__(
        self,
        reference_ranges_version: str = "",
        parent: QWidget | None = None,
        *,
        light: bool = False,
    ) -> None:
        super().__init__(parent)
        self._ui: Ui_MainWindow | None = None
        self._light_version = reference_ranges_version
        # Ctrl+Q is closing the window: the same draft rules (closeEvent, then `closing`). Made
        # here, on the window itself, so it works from the light window's first paint (about
        # 50 ms before finish() builds the whole window) and stays the one shortcut after.
        self.quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        if light:
            self._build_light()
        else:
            self._build(reference_ranges_version)

    @property
    def ui(self) -> Ui_MainWindow:
        """The whole window's parts: a light window is finished when they are first asked for."""
        if self._ui is None:
            self.finish()
        assert self._ui is not None
        return self._ui

    @property
    def finished(self) -> bool:
        """Whether the whole window is built (False while it is light: see finish)."""
        return self._ui is not None

    def _build_light(self) -> None:
        """What the sign-in page needs around it, as the whole window has it (object names for
        the stylesheet, accessible names), with no widget that needs the `Qt` namespace."""
        self.setObjectName("MainWindow")
        self.setWindowTitle("VitalsDesk")
        self.resize(1280, 720)
        self.setMinimumSize(800, 560)
        central = QWidget(self)
        central.setObjectName("centralWidget")
        root = QVBoxLayout(central)
        root.setSpacing(0)
        root.setContentsMargins(0, 0, 0, 0)
        header = QFrame(central)
        header.setObjectName("header")
        header.setAccessibleName("Header")
        row = QHBoxLayout(header)
        row.setSpacing(14)
        row.setContentsMargins(24, 8, 24, 8)
        name = QLabel("VitalsDesk", header)
        name.setObjectName("appNameLabel")
        name.setAccessibleName("Application name")
        row.addWidget(name)
        tagline = QLabel("Vital signs for rooming", header)
        tagline.setObjectName("taglineLabel")
        row.addWidget(tagline)
        row.addStretch(1)
        root.addWidget(header)
        self._stack = QStackedWidget(central)
        self._stack.setObjectName("pageStack")
        self._stack.setAccessibleName("Main area")
        root.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        status_bar = QStatusBar(self)
        status_bar.setObjectName("statusBar")
        self.setStatusBar(status_bar)
        self.status_label = self._new_status_label()
        status_bar.addWidget(self.status_label, 1)

    def finish(self) -> None:
        """Build the whole window around the light one's page: the same page widget moves into
        the whole window's stack, with its text, and the focus goes back where it was."""
        if self._ui is not None:
            return
        focus = QApplication.focusWidget()
        page = self._stack.currentWidget()
        self.setUpdatesEnabled(False)
        light = self.takeCentralWidget()
        # The form sizes the window (1280x720): a shown, maximized window must stay as it is.
        self.resize = _keep_size  # type: ignore[method-assign]
        try:
            self._build(self._light_version)
        finally:
            del self.resize
        if page is not None:
            self.show_page(page)
        self.ui.centralWidget.show()
        self.ui.statusBar.show()
        if light is not None:
            light.deleteLater()
        self.setUpdatesEnabled(True)
        if focus is not None and page is not None and page.isAncestorOf(focus):
            focus.setFocus()

    def _new_status_label(self) -> QLabel:
        # A label rather than showMessage(): it stays put and the stylesheet can pad it.
        label = QLabel(READY_TEXT)
        label.setObjectName("statusLabel")
        # As gui/widgets.show_info names it (not imported here: it needs the `Qt` namespace).
        label.setProperty("accessiblePurpose", "Status")
        label.setAccessibleName(f"Status: {READY_TEXT}")
        # A long message wraps onto a second line: cut to one line it pushed Devices out of the
        # window at 1024 px (and elided its words at 1280 px).
        label.setWordWrap(True)
        label.setMinimumWidth(0)
        return label

    def _build(self, reference_ranges_version: str) -> None:
        from vitalsdesk.gui.forms.ui_main_window import Ui_MainWindow
        from vitalsdesk.gui.shortened_label import ShortenedLabel
        from vitalsdesk.gui.widgets import keep_words, show_info

        self._ui = Ui_MainWindow()
        self._ui.setupUi(self)
        self._stack = self._ui.pageStack
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
        self.status_label = self._new_status_label()
        self.ui.statusBar.addWidget(self.status_label, 1)
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

    def set_reference_ranges(self, version: str) -> None:
        from vitalsdesk.gui.shortened_label import ShortenedLabel
        from vitalsdesk.gui.widgets import show_info

        show_info(self.ui.referenceRangesLabel, f"Reference ranges: {version}" if version else "")
        label = self.ui.referenceRangesLabel
        if isinstance(label, ShortenedLabel):
            label.set_short_text(short_ranges_text(version))
        self.ui.referenceRangesLabel.setVisible(bool(version))

    def set_signed_in(self, display_name: str | None, *, admin: bool = False) -> None:
        """Show who is signed in with Lock and Sign out (and Audit log for an administrator),
        or nothing of the kind."""
        from vitalsdesk.gui.widgets import show_info

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
        if self._stack.indexOf(page) < 0:
            self._stack.addWidget(page)
        self._stack.setCurrentWidget(page)

    def current_page(self) -> QWidget | None:
        return self._stack.currentWidget()

    def remove_page(self, page: QWidget) -> None:
        if self._stack.indexOf(page) >= 0:
            self._stack.removeWidget(page)

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
        from vitalsdesk.gui.widgets import show_info

        show_info(self.status_label, text)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The controller saves the open draft before the window goes away.
        self.closing.emit()
        super().closeEvent(event)


def _keep_size(*_args: object) -> None:
    """Stands in for resize() while a shown window is finished."""
