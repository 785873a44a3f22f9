"""The sender against a real MLLP listener on 127.0.0.1 (tests/support/mllp_listener.py) that
validates every message with hl7apy and acknowledges AA, AE or AR as it is told."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.outbox.helpers import (
    hl7_table,
    obx_statuses,
    open_hl7_clinic,
    outbox_rows,
    patient,
    record,
    staff,
    vitals,
)
from tests.staff import clinic_admin
from tests.support.mllp_listener import ERROR_TEXT, Behaviour, free_port, mllp_listener
from vitalsdesk.clinic import Clinic
from vitalsdesk.db.models import utcnow
from vitalsdesk.services.errors import Conflict, Forbidden
from vitalsdesk.services.outbox import SendReport, backoff
from vitalsdesk.settings import Hl7Interface


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sqlite_hl7(tmp_path: Path, port: int) -> Iterator[Clinic]:
    clinic = open_hl7_clinic(tmp_path / "data", hl7_table(mllp=f"127.0.0.1:{port}"))
    try:
        yield clinic
    finally:
        clinic.close()


def _later(hours: float = 1) -> object:
    moment = utcnow() + timedelta(hours=hours)
    return lambda: moment


def test_listener_down_the_set_waits_listener_up_it_arrives_once(
    sqlite_hl7: Clinic, port: int
) -> None:
    clinic = sqlite_hl7
    outbox = clinic.outbox
    assert outbox is not None
    ma = staff(clinic)
    record(clinic, ma, patient(clinic, ma))
    down = outbox.send_pending()
    assert down.unreachable is not None and "cannot connect" in down.unreachable
    assert down.pending == 1 and down.sent == 0
    [row] = outbox_rows(clinic)
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at is not None
    assert "refused" in (row.last_error or "").lower()
    with mllp_listener(Behaviour.AA, validate=True, port=port) as listener:
        # The backoff is not over: the background sender does not knock yet.
        waiting = outbox.send_pending()
        assert waiting.waiting_until == row.next_attempt_at and listener.connections == 0
        up = outbox.send_pending(now=_later())  # type: ignore[arg-type]
        again = outbox.send_pending(now=_later(2))  # type: ignore[arg-type]
        received = listener.control_ids
        assert listener.invalid == []
    assert (up.sent, up.pending, again.sent) == (1, 0, 0)
    assert received == [row.control_id]
    [row] = outbox_rows(clinic)
    assert (row.status, row.ack_code, row.attempts, row.last_error) == ("sent", "AA", 2, None)
    status = outbox.status()
    assert (status.pending, status.sent, status.failed) == (0, 1, 0)
    assert status.last_sent == row.sent_at


@pytest.mark.parametrize("code", [Behaviour.AE, Behaviour.AR])
def test_an_error_or_reject_is_held_not_retried_until_an_admin_says(
    sqlite_hl7: Clinic, port: int, code: Behaviour
) -> None:
    clinic = sqlite_hl7
    outbox = clinic.outbox
    assert outbox is not None
    ma = staff(clinic)
    first, second = patient(clinic, ma, "M1"), patient(clinic, ma, "M2")
    refused = record(clinic, ma, first)
    record(clinic, ma, second)
    behind = clinic.vitals.amend(refused.id, refused.version, vitals(90), "re-measured", ma)
    with mllp_listener(code, validate=True, port=port, max_connections=10) as listener:
        report = outbox.send_pending()
        listener.behaviour = Behaviour.AA  # the other patient's message is accepted
        assert outbox.send_pending().sent == 0  # nothing goes again by itself
        after_first = listener.control_ids
        assert listener.invalid == []
        rows = outbox_rows(clinic)
        held = rows[0]
        assert (held.status, held.ack_code) == ("failed", code.value)
        assert held.ack_text == ERROR_TEXT[code]
        assert ERROR_TEXT[code] in (held.last_error or "")
        # The amendment of the refused set waits behind it: never a correction before its result.
        assert [r.status for r in rows] == ["failed", "failed", "pending"]
        assert rows[2].set_id == behind.id
        with pytest.raises(Forbidden):
            outbox.retry(held.id, ma)
        admin = clinic_admin(clinic)
        assert [m.ack_text for m in outbox.messages(admin)] == [ERROR_TEXT[code]] * 2
        retried = outbox.retry(held.id, admin)
        with pytest.raises(Conflict):
            outbox.retry(held.id, admin)
        outbox.retry(rows[1].id, admin)
        done = outbox.send_pending()
        received = listener.control_ids
    assert report.failed == 2 and report.sent == 0  # both patients' first messages: AE/AR
    assert after_first == [rows[0].control_id, rows[1].control_id]
    assert retried.control_id == held.control_id
    assert done.sent == 3 and done.pending == 0
    # In order per patient: the retried result, then its amendment, with their own ids.
    assert received[2:] == [rows[0].control_id, rows[1].control_id, rows[2].control_id]


def test_amendment_goes_as_C_and_entered_in_error_as_W(sqlite_hl7: Clinic, port: int) -> None:
    clinic = sqlite_hl7
    outbox = clinic.outbox
    assert outbox is not None
    ma = staff(clinic)
    saved = record(clinic, ma, patient(clinic, ma))
    amended = clinic.vitals.amend(saved.id, saved.version, vitals(84), "typo", ma)
    clinic.vitals.mark_entered_in_error(amended.id, amended.version, "wrong patient", ma)
    with mllp_listener(Behaviour.AA, validate=True, port=port) as listener:
        report = outbox.send_pending()
        messages = listener.messages
        assert listener.invalid == []
    assert report.sent == 3
    assert [obx_statuses(m) for m in messages] == [{"F"}, {"C"}, {"W"}]
    assert all(f"|{saved.uid}^VITALSDESK|" in m for m in messages)


def test_a_lost_ack_is_resent_with_the_same_control_id(sqlite_hl7: Clinic, port: int) -> None:
    clinic = sqlite_hl7
    outbox = clinic.outbox
    assert outbox is not None
    ma = staff(clinic)
    record(clinic, ma, patient(clinic, ma))
    with mllp_listener(Behaviour.HOLD_FIRST, validate=True, port=port, hold_seconds=5) as listener:
        lost = outbox.send_pending()  # the listener keeps the first copy and never answers
        resent = outbox.send_pending(now=_later())  # type: ignore[arg-type]
        frames = list(listener.frames)
        received = listener.control_ids
    assert lost.unreachable is not None and "no acknowledgment" in lost.unreachable
    assert resent.sent == 1
    [row] = outbox_rows(clinic)
    assert received == [row.control_id, row.control_id]
    assert frames[0] == frames[1]  # the same bytes: the EHR can drop the copy
    assert row.attempts == 2 and row.status == "sent"


def test_a_drop_folder_gets_one_whole_file_per_message(tmp_path: Path) -> None:
    folder = tmp_path / "inbound"
    folder.mkdir()
    clinic = open_hl7_clinic(tmp_path / "data", hl7_table(drop_folder=folder))
    try:
        outbox = clinic.outbox
        assert outbox is not None
        ma = staff(clinic)
        saved = record(clinic, ma, patient(clinic, ma))
        clinic.vitals.mark_entered_in_error(saved.id, saved.version, "wrong patient", ma)
        report = outbox.send_pending()
        rows = outbox_rows(clinic)
    finally:
        clinic.close()
    assert report.sent == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r.control_id}.hl7" for r in rows)
    for row in rows:
        assert (folder / f"{row.control_id}.hl7").read_bytes() == row.message.encode("utf-8")
        assert row.status == "sent" and row.ack_code is None


def test_the_backoff_doubles_up_to_its_most() -> None:
    interface = Hl7Interface(
        mllp="ehr:2575",
        sending_facility="A",
        receiving_application="B",
        receiving_facility="C",
        assigning_authority="D",
        retry_first_seconds=30,
        retry_most_seconds=300,
    )
    waits = [backoff(interface, n).total_seconds() for n in range(1, 7)]
    assert waits == [30, 60, 120, 240, 300, 300]


# -- one sender at a time --------------------------------------------------------------------


def _second_clinic(clinic: Clinic, tmp_path: Path, port: int) -> Clinic:
    """Another room: its own data folder and engine, the same database."""
    return open_hl7_clinic(
        tmp_path / "room2", hl7_table(mllp=f"127.0.0.1:{port}"), url=clinic.db.url
    )


def test_a_second_sender_stands_back_while_one_is_at_work(
    database_url: str, tmp_path: Path, port: int
) -> None:
    table = hl7_table(mllp=f"127.0.0.1:{port}", ack_timeout_seconds=1)
    room1 = open_hl7_clinic(tmp_path / "room1", table, url=database_url)
    room2 = open_hl7_clinic(tmp_path / "room2", table, url=database_url)
    try:
        assert room1.outbox is not None and room2.outbox is not None
        ma = staff(room1)
        record(room1, ma, patient(room1, ma))
        with mllp_listener(Behaviour.SILENT, validate=True, port=port, hold_seconds=3) as listener:
            results: list[object] = []
            first = threading.Thread(target=lambda: results.append(room1.outbox.send_pending()))  # type: ignore[union-attr]
            first.start()
            assert listener.wait_for_frames(1, timeout=10)
            second = room2.outbox.send_pending()
            first.join(timeout=10)
            frames = len(listener.frames)
        assert second.busy and second.sent == 0
        assert frames == 1
        # Once the first is done, the second may work.
        assert not room2.outbox.send_pending().busy
    finally:
        room1.close()
        room2.close()


def test_two_rooms_on_postgresql_never_send_a_message_twice(
    pg_url: str, tmp_path: Path, port: int
) -> None:
    table = hl7_table(mllp=f"127.0.0.1:{port}")
    rooms = [open_hl7_clinic(tmp_path / f"room{n}", table, url=pg_url) for n in (1, 2)]
    try:
        ma = staff(rooms[0])
        people = [patient(rooms[0], ma, f"M{n}") for n in range(4)]
        for n in range(12):
            record(rooms[n % 2], ma, people[n % 4], 60 + n)
        with mllp_listener(
            Behaviour.AA, validate=True, port=port, max_connections=40, ack_delay=0.02
        ) as listener:
            barrier = threading.Barrier(2)
            reports: list[SendReport] = []

            def sender(room: Clinic) -> None:
                # Each room's background sender: try, and try again while the other works.
                assert room.outbox is not None
                barrier.wait()
                for _ in range(500):
                    report = room.outbox.send_pending()
                    reports.append(report)
                    if report.pending == 0:
                        return
                    time.sleep(0.01)

            threads = [threading.Thread(target=sender, args=(room,)) for room in rooms]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            received = listener.control_ids
            assert listener.invalid == []
        rows = outbox_rows(rooms[0])
    finally:
        for room in rooms:
            room.close()
    assert len(received) == len(set(received)) == 12
    assert sorted(received) == sorted(r.control_id for r in rows)
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)
    assert sum(r.sent for r in reports) == 12
    assert any(r.busy for r in reports)  # they did run at the same time


# -- TLS -------------------------------------------------------------------------------------


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself, and its key (PEM files)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize("trusted", [True, False])
def test_mllp_inside_tls_checks_the_ehr_certificate(
    tmp_path: Path, port: int, trusted: bool
) -> None:
    import ssl

    ehr_cert, ehr_key = _self_signed(tmp_path, "ehr")
    stranger, _ = _self_signed(tmp_path, "stranger")
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(ehr_cert, ehr_key)
    ca = ehr_cert if trusted else stranger
    table = hl7_table(mllp=f"127.0.0.1:{port}") + f"[hl7.tls]\nca_file = '{ca}'\n"
    clinic = open_hl7_clinic(tmp_path / "data", table)
    try:
        assert clinic.outbox is not None
        ma = staff(clinic)
        record(clinic, ma, patient(clinic, ma))
        with mllp_listener(Behaviour.AA, validate=True, port=port, tls=server) as listener:
            report = clinic.outbox.send_pending()
            frames = len(listener.frames)
        [row] = outbox_rows(clinic)
    finally:
        clinic.close()
    if trusted:
        assert (report.sent, frames, row.status) == (1, 1, "sent")
    else:
        # Nothing reaches a listener whose certificate is not the one agreed; it stays pending.
        assert report.unreachable is not None and "certificate" in report.unreachable
        assert (frames, row.status) == (0, "pending")
