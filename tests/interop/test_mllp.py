"""The MLLP client against a real listener on 127.0.0.1 (tests/support/mllp_listener.py).

Every exchange is bounded: the client's timeouts are short, the listener holds a connection at
most a few seconds and serves a handful of connections, and it is closed by each test.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.interop.samples import PATIENT, full_set
from tests.support.mllp_listener import Behaviour, ack_for, free_port, mllp_listener
from vitalsdesk.interop.hl7_oru import Hl7Settings, build_oru
from vitalsdesk.interop.mllp import (
    AckError,
    MllpConnectionError,
    MllpFrameError,
    MllpTimeout,
    control_id_of,
    frame,
    parse_ack,
    send_message,
)

SETTINGS = Hl7Settings(
    sending_facility="NORTHSIDE",
    receiving_application="EHR",
    receiving_facility="NSC",
    assigning_authority="NSC-MRN",
)
MESSAGE = build_oru(
    PATIENT,
    full_set(),
    SETTINGS,
    control_id="VD00000042",
    message_time=datetime(2026, 11, 27, 14, 32, tzinfo=UTC),
)
HOST = "127.0.0.1"


def test_an_accepted_message_arrives_framed_and_whole() -> None:
    with mllp_listener(Behaviour.AA) as listener:
        ack = send_message(HOST, listener.port, MESSAGE, ack_timeout=5)
        frames = list(listener.frames)
    assert ack.accepted and ack.code == "AA"
    assert ack.control_id == "VD00000042"
    assert ack.text is None
    assert ack.raw.startswith("MSH|^~\\&|EHR|NSC|VITALSDESK|NORTHSIDE|")
    [received] = frames
    assert received == b"\x0b" + MESSAGE.encode("utf-8") + b"\x1c\x0d"
    assert "Peña".encode() in received  # UTF-8, as MSH-18 says


@pytest.mark.parametrize(
    ("behaviour", "text"),
    [
        (Behaviour.AE, "Unknown patient: MRN not found"),
        (Behaviour.AR, "Processing ID P not accepted | try T"),
    ],
)
def test_errors_and_rejections_come_back_typed(behaviour: Behaviour, text: str) -> None:
    with mllp_listener(behaviour) as listener:
        ack = send_message(HOST, listener.port, MESSAGE, ack_timeout=5)
    assert ack.code == behaviour.value
    assert not ack.accepted
    assert ack.control_id == "VD00000042"
    assert ack.text == text  # MSA-3, the | unescaped


def test_a_listener_closing_mid_frame_is_a_frame_error() -> None:
    with mllp_listener(Behaviour.CLOSE_MID_FRAME) as listener:
        with pytest.raises(MllpFrameError, match="middle of the acknowledgment"):
            send_message(HOST, listener.port, MESSAGE, ack_timeout=5)
        assert len(listener.frames) == 1


def test_a_listener_that_never_answers_times_out() -> None:
    with mllp_listener(Behaviour.SILENT, hold_seconds=5) as listener:
        started = time.monotonic()
        with pytest.raises(MllpTimeout, match="no acknowledgment"):
            send_message(HOST, listener.port, MESSAGE, ack_timeout=0.5)
        waited = time.monotonic() - started
        assert len(listener.frames) == 1
    # It waited for the ACK as long as it was told to (the listener would have closed at 5 s,
    # which is a frame error, not a timeout).
    assert waited >= 0.5


def test_an_answer_without_a_start_block_is_a_frame_error() -> None:
    with (
        mllp_listener(Behaviour.NO_START_BLOCK) as listener,
        pytest.raises(MllpFrameError, match="start block"),
    ):
        send_message(HOST, listener.port, MESSAGE, ack_timeout=5)


def test_an_ack_for_another_message_is_not_a_delivery() -> None:
    with (
        mllp_listener(Behaviour.OTHER_CONTROL_ID) as listener,
        pytest.raises(AckError, match="SOMETHING-ELSE"),
    ):
        send_message(HOST, listener.port, MESSAGE, ack_timeout=5)


def test_nobody_listening_is_a_connection_error() -> None:
    with pytest.raises(MllpConnectionError, match="cannot connect"):
        send_message(HOST, free_port(), MESSAGE, connect_timeout=2, ack_timeout=2)


def test_one_listener_serves_several_messages_in_turn() -> None:
    with mllp_listener(Behaviour.AA, max_connections=3) as listener:
        acks = [
            send_message(HOST, listener.port, MESSAGE.replace("VD00000042", f"VD0000004{i}"))
            for i in range(3)
        ]
    assert [a.control_id for a in acks] == ["VD00000040", "VD00000041", "VD00000042"]
    assert all(a.accepted for a in acks)


# -- framing and ACK parsing without a network ------------------------------------------------


def test_a_message_with_a_block_character_cannot_be_framed() -> None:
    assert frame("MSH|x\r") == b"\x0bMSH|x\r\x1c\x0d"
    with pytest.raises(ValueError, match="block character"):
        frame("MSH|\x1cx\r")


def test_the_control_id_is_read_from_msh_10() -> None:
    assert control_id_of(MESSAGE) == "VD00000042"
    with pytest.raises(ValueError, match="MSH-10"):
        control_id_of("MSH|^~\\&|A\r")


def test_acks_from_other_versions_and_delimiters_are_read() -> None:
    ack = parse_ack("MSH#^~\\&#EHR#NSC#VD#N#20261127##ACK#77#P#2.3\nMSA#AE#VD9#Bad \\F\\ data\n")
    assert (ack.code, ack.control_id, ack.text) == ("AE", "VD9", "Bad # data")
    built = parse_ack(ack_for(MESSAGE, "AR"))
    assert (built.code, built.control_id) == ("AR", "VD00000042")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("PID|1\r", "does not start with MSH"),
        ("MSH|^~\\&|EHR\r", "no MSA"),
        ("MSH|^~\\&|EHR\rMSA|CA|VD1\r", "unknown acknowledgment code"),
        ("MSH|^~\\&|EHR\rMSA|AA\r", "no control id"),
    ],
)
def test_an_unusable_ack_is_an_ack_error(text: str, problem: str) -> None:
    with pytest.raises(AckError, match=problem):
        parse_ack(text)
