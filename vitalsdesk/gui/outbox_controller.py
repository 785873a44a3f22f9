"""The EHR interface in the app: the background sender, the header line, and the failed messages.

The sender runs on a QThread of its own, woken by a QTimer on the UI thread: a send can wait a
long time for the EHR (the connect and ACK timeouts), and the MA must never feel it. The header
shows "3 sets waiting to send" or "EHR interface: last sent 09:42"; an administrator also gets an
"EHR messages" button that lists the messages the EHR did not accept, with its answer, and sends
one again once the cause is fixed (both audited by the service).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableWidgetItem, QWidget

from vitalsdesk.gui.forms.ui_outbox_dialog import Ui_OutboxDialog

if TYPE_CHECKING:
    from vitalsdesk.gui.main_window import MainWindow
    from vitalsdesk.services.outbox import OutboxMessageOut, OutboxService, OutboxStatus
    from vitalsdesk.services.schemas import StaffUserOut

log = logging.getLogger(__name__)

SEND_EVERY_MS = 15_000
# What the EHR was told about a set, in words (OBX-11).
SENT_AS = {"F": "New", "C": "Correction", "W": "Entered in error"}


def header_text(status: OutboxStatus, now: datetime | None = None) -> str:
    """The header's line: what is waiting, else when the last message went."""
    if status.pending:
        n = status.pending
        text = f"{n} set{'' if n == 1 else 's'} waiting to send"
    elif status.last_sent is not None:
        local = status.last_sent.astimezone()
        today = (now or datetime.now().astimezone()).date()
        when = f"{local:%H:%M}" if local.date() == today else f"{local:%b %d %H:%M}"
        text = f"EHR interface: last sent {when}"
    else:
        text = "EHR interface: nothing sent yet"
    if status.failed:
        text += f" · {status.failed} not accepted by the EHR"
    return text


class SenderWorker(QObject):
    """Lives on the sender thread: one pass of the outbox, then its counts."""

    done = Signal(object)  # OutboxStatus
    failed = Signal(str)

    def __init__(self, outbox: OutboxService) -> None:
        super().__init__()
        self.outbox = outbox

    @Slot()
    def work(self) -> None:
        from vitalsdesk.errors import ServiceError

        try:
            self.outbox.send_pending(None)
            status = self.outbox.status()
        except ServiceError as exc:  # the database is busy or unreachable: said, tried again
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug: logged without its message (it may hold PHI)
            log.error("the EHR sender stopped a pass: %s", type(exc).__name__)
            self.failed.emit("The EHR sender met an unexpected error; it tries again shortly.")
            return
        self.done.emit(status)


class OutboxDialog(QDialog):
    """The messages the EHR did not accept, with its answer; "Send again" retries one."""

    retry_requested = Signal(int)  # the message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_OutboxDialog()
        self.ui.setupUi(self)
        table = self.ui.messagesTable
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels(["Queued", "Message ID", "Sent as", "Tries", "EHR answer"])
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        self.ui.closeButton.clicked.connect(self.accept)
        self.ui.retryButton.clicked.connect(self._retry)
        self._ids: list[int] = []

    def show_messages(self, messages: list[OutboxMessageOut]) -> None:
        table = self.ui.messagesTable
        table.setRowCount(len(messages))
        self._ids = [m.id for m in messages]
        for row, m in enumerate(messages):
            answer = m.ack_text or m.last_error or ""
            if m.ack_code:
                answer = f"{m.ack_code}: {answer}" if answer else m.ack_code
            cells = (
                f"{m.created_at.astimezone():%Y-%m-%d %H:%M}",
                m.control_id,
                SENT_AS.get(m.result_status, m.result_status),
                str(m.attempts),
                answer,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        if messages:
            table.selectRow(0)
        self.ui.retryButton.setEnabled(bool(messages))
        if not messages:
            self.show_result("The EHR has accepted every message.")

    def show_result(self, text: str) -> None:
        self.ui.messageLabel.setText(text)

    def selected_id(self) -> int | None:
        row = self.ui.messagesTable.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _retry(self) -> None:
        message_id = self.selected_id()
        if message_id is not None:
            self.retry_requested.emit(message_id)


class OutboxController(QObject):
    """Owns the sender thread, the header line and the administrator's button."""

    status_changed = Signal(object)  # OutboxStatus, on the UI thread
    _wake = Signal()

    def __init__(
        self,
        outbox: OutboxService,
        window: MainWindow,
        *,
        interval_ms: int = SEND_EVERY_MS,
    ) -> None:
        super().__init__(window)
        self.outbox = outbox
        self.window = window
        self.user: StaffUserOut | None = None
        self.last_status: OutboxStatus | None = None
        self.dialog: OutboxDialog | None = None
        self._busy = False
        self._again = False  # woken during a pass: one more pass right after it

        self.label = QLabel("EHR interface: checking…")
        self.label.setObjectName("outboxLabel")
        self.label.setAccessibleName("EHR interface")
        self.button = QPushButton("EHR messages")
        self.button.setObjectName("outboxButton")
        self.button.setAccessibleName("EHR messages not accepted")
        self.button.setToolTip("Messages the EHR did not accept, and its answer")
        self.button.setVisible(False)
        self.button.clicked.connect(self.show_failed)
        window.add_header_widgets(self.label, self.button)

        self.sender_thread = QThread(self)
        self.sender_thread.setObjectName("ehr-sender")
        self.worker = SenderWorker(outbox)
        self.worker.moveToThread(self.sender_thread)
        self._wake.connect(self.worker.work)  # queued: it runs on the sender thread
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.sender_thread.finished.connect(self.worker.deleteLater)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.send_now)

    def start(self) -> None:
        self.sender_thread.start()
        self.timer.start()
        self.send_now()

    def send_now(self) -> None:
        """Wake the sender: one pass at a time, and a wake during a pass runs one more after it."""
        if not self.sender_thread.isRunning() or not self.timer.isActive():
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._wake.emit()

    def stop(self) -> None:
        """At close: no new pass; a pass under way ends within the interface's timeouts."""
        self.timer.stop()
        self.sender_thread.quit()
        interface = self.outbox.interface
        bound = (
            interface.connect_timeout_seconds + interface.ack_timeout_seconds + 5
            if interface is not None
            else 5
        )
        self.sender_thread.wait(int(bound * 1000))

    def set_user(self, user: StaffUserOut | None) -> None:
        """Who is signed in: an administrator gets the button."""
        self.user = user
        self.button.setVisible(user is not None and user.role == "admin")
        if user is None and self.dialog is not None:
            self.dialog.reject()

    def _done(self, status: OutboxStatus) -> None:
        self.last_status = status
        self.label.setText(header_text(status))
        self.label.setToolTip(status.last_error or "")
        self.status_changed.emit(status)
        self._pass_over()

    def _failed(self, message: str) -> None:
        self.label.setToolTip(message)
        self._pass_over()

    def _pass_over(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.send_now()

    # -- the administrator's list ----------------------------------------------------------------

    def show_failed(self) -> None:
        from vitalsdesk.errors import ServiceError

        if self.user is None or self.user.role != "admin":
            return
        dialog = self.dialog = OutboxDialog(self.window)
        dialog.retry_requested.connect(self._retry)
        try:
            dialog.show_messages(self.outbox.messages(self.user))  # audited as viewed
        except ServiceError as exc:
            dialog.show_messages([])
            dialog.show_result(str(exc))
        dialog.open()

    def _retry(self, message_id: int) -> None:
        from vitalsdesk.errors import ServiceError

        dialog = self.dialog
        if dialog is None or self.user is None:
            return
        try:
            row = self.outbox.retry(message_id, self.user)
            dialog.show_messages(self.outbox.messages(self.user))
        except ServiceError as exc:
            dialog.show_result(str(exc))
            return
        dialog.show_result(f"Message {row.control_id} goes to the EHR again with the next send.")
        self.send_now()
