"""The EHR interface in the app: the sender works on its own thread (the screen never waits for
the EHR), the header says what is waiting or when the last message went, and an administrator
sees the messages the EHR refused, with its answer, and sends one again."""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ADULT_MRN, PASSWORD
from tests.gui.steps import sign_in
from tests.outbox.helpers import hl7_table, outbox_rows, vitals
from tests.support.mllp_listener import ERROR_TEXT, Behaviour, free_port, mllp_listener
from vitalsdesk.clinic import Clinic, open_clinic
from vitalsdesk.db.models import AuditEvent
from vitalsdesk.gui.main_window import MainWindow
from vitalsdesk.gui.outbox_controller import header_text
from vitalsdesk.gui.shell_controller import ShellController
from vitalsdesk.services.outbox import OutboxStatus

Shell = Callable[[Clinic], tuple[MainWindow, ShellController]]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def hl7_clinic(templates: dict[str, Path], tmp_path: Path, port: int) -> Iterator[Clinic]:
    """The staffed clinic (ana is its administrator) with an EHR interface on 127.0.0.1."""
    data = tmp_path / "data"
    shutil.copytree(templates["staffed"], data)
    # Short waits: a pass ends quickly when the EHR is silent, and a retry comes soon.
    (data / "settings.toml").write_text(
        hl7_table(mllp=f"127.0.0.1:{port}", ack_timeout_seconds=2, retry_first_seconds=0.2),
        encoding="utf-8",
    )
    clinic = open_clinic(data)
    try:
        yield clinic
    finally:
        clinic.close()


def _save_a_set(clinic: Clinic) -> None:
    ana = next(u for u in clinic.accounts.list_users() if u.username == "ana")
    patient = clinic.patients.by_mrn(ADULT_MRN)
    clinic.vitals.record(
        patient.id, vitals().model_copy(update={"birth_date": patient.birth_date}), ana
    )


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_the_header_line_in_words() -> None:
    now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert header_text(OutboxStatus(configured=True, pending=3)) == "3 sets waiting to send"
    assert header_text(OutboxStatus(configured=True, pending=1, failed=1)) == (
        "1 set waiting to send · 1 not accepted by the EHR"
    )
    sent = datetime(2026, 11, 27, 14, 42, tzinfo=UTC)
    local = sent.astimezone()
    assert header_text(OutboxStatus(configured=True, last_sent=sent), now.astimezone()) == (
        f"EHR interface: last sent {local:%H:%M}"
    )
    assert header_text(OutboxStatus(configured=True)) == "EHR interface: nothing sent yet"


def test_the_sender_never_blocks_the_screen_and_the_header_follows_it(
    qtbot: QtBot, make_shell: Shell, hl7_clinic: Clinic, port: int
) -> None:
    _save_a_set(hl7_clinic)
    with mllp_listener(Behaviour.SILENT, validate=True, port=port, hold_seconds=3) as listener:
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(20)
        window, shell = make_shell(hl7_clinic)
        outbox = shell.outbox
        assert outbox is not None
        assert outbox.sender_thread.isRunning()
        outbox.timer.setInterval(300)  # the app's pass every 15 s, sooner for the test
        # The EHR holds the message without answering: the UI thread goes on ticking meanwhile.
        qtbot.waitUntil(lambda: len(listener.frames) == 1, timeout=10_000)
        started = time.monotonic()
        qtbot.waitUntil(lambda: outbox.last_status is not None, timeout=10_000)
        timer.stop()
        during = [t for t in ticks if t >= started]
        gaps = [b - a for a, b in itertools.pairwise(during)]
        # Had the send run on the UI thread, the ticks would stop for the whole 2 s ACK wait.
        assert len(during) >= 5 and max(gaps) < 1.0
        assert outbox.label.text() == "1 set waiting to send"
        assert "no acknowledgment" in outbox.label.toolTip()
        assert listener.invalid == []
        listener.behaviour = Behaviour.AA
        qtbot.waitUntil(
            lambda: outbox.label.text().startswith("EHR interface: last sent "), timeout=10_000
        )
        window.close()
    [row] = outbox_rows(hl7_clinic)
    assert row.status == "sent" and row.sent_at is not None
    assert outbox.label.text() == f"EHR interface: last sent {row.sent_at.astimezone():%H:%M}"
    assert not outbox.sender_thread.isRunning()
    assert not outbox.button.isVisible()  # nobody signed in


def test_an_admin_sees_the_ehr_answer_and_sends_again(
    qtbot: QtBot, make_shell: Shell, hl7_clinic: Clinic, port: int
) -> None:
    _save_a_set(hl7_clinic)
    with mllp_listener(Behaviour.AE, validate=True, port=port, max_connections=10) as listener:
        window, shell = make_shell(hl7_clinic)
        outbox = shell.outbox
        assert outbox is not None
        outbox.timer.setInterval(300)
        qtbot.waitUntil(lambda: "1 not accepted by the EHR" in outbox.label.text(), timeout=10_000)
        sign_in(qtbot, shell, "ben", PASSWORD)  # an assistant: no button
        assert not outbox.button.isVisible()
        shell.sign_out()
        sign_in(qtbot, shell, "ana", PASSWORD)
        assert outbox.button.isVisible()
        outbox.button.click()
        dialog = outbox.dialog
        assert dialog is not None and dialog.isVisible()
        table = dialog.ui.messagesTable
        assert table.rowCount() == 1
        answer = _cell(table, 0, 4)
        assert answer == f"AE: {ERROR_TEXT[Behaviour.AE]}"
        [row] = outbox_rows(hl7_clinic)
        assert _cell(table, 0, 1) == row.control_id
        assert _cell(table, 0, 2) == "New"
        listener.behaviour = Behaviour.AA
        dialog.ui.retryButton.click()
        assert row.control_id in dialog.ui.messageLabel.text()
        assert table.rowCount() == 0
        qtbot.waitUntil(
            lambda: outbox.label.text().startswith("EHR interface: last sent "), timeout=10_000
        )
        received = listener.control_ids
        shell.lock()
        assert not outbox.button.isVisible() and not dialog.isVisible()
        window.close()  # the sender thread stops with the window, before the clinic closes
    assert received == [row.control_id, row.control_id]
    with hl7_clinic.db.transaction() as s:
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert {"hl7_queued", "hl7_refused", "hl7_outbox_viewed", "hl7_retried", "hl7_sent"} <= set(
        actions
    )
