"""The administrator's audit log page (layout: ui/audit_log.ui). View only: AuditLogController
holds the behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_audit_log import Ui_AuditLogView


class AuditLogView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AuditLogView()
        self.ui.setupUi(self)
        title = self.ui.titleLabel.font()
        title.setBold(True)
        self.ui.titleLabel.setFont(title)
        header = self.ui.eventsTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for date_edit in (self.ui.fromDateEdit, self.ui.toDateEdit):
            # The field inside the date edit takes the focus: a screen reader names it too.
            inner = date_edit.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(date_edit.accessibleName())
        self.show_verdict("", problem=False)
        self.show_message("")

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.ui.messageLabel, text, problem=problem)

    def show_verdict(self, text: str, *, problem: bool) -> None:
        """The chain check's result: "✓ intact" as information, a broken link as a problem."""
        show_message(self.ui.verifyLabel, text, problem=problem)
