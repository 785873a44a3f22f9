"""A small MLLP listener on 127.0.0.1 for the HL7 tests: it plays the clinic's EHR interface.

Each connection gets one behaviour: acknowledge (AA, AE or AR, built with hl7apy as an EHR would),
close in the middle of the ACK frame, never answer, answer without a start block, acknowledge
another control id, or hold the first copy of each message unanswered and accept a resend (an EHR
that took the message, then lost the connection before its ACK went out). The behaviour may be
changed while it runs. With `validate`, every message is parsed strictly and validated with
hl7apy first; one that fails is answered AR and noted in `invalid`. It is bounded: it serves at most `max_connections` connections, waits at most
`hold_seconds` for anything, and closing it waits for its handlers (all end within those bounds).
"""

from __future__ import annotations

import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.parser import parse_message

START, END = b"\x0b", b"\x1c\x0d"


class Behaviour(StrEnum):
    AA = "AA"
    AE = "AE"
    AR = "AR"
    CLOSE_MID_FRAME = "close-mid-frame"
    SILENT = "silent"
    NO_START_BLOCK = "no-start-block"
    OTHER_CONTROL_ID = "other-control-id"
    HOLD_FIRST = "hold-first"


ERROR_TEXT = {
    Behaviour.AE: "Unknown patient: MRN not found",
    Behaviour.AR: "Processing ID P not accepted | try T",
}


@dataclass
class Listener:
    behaviour: Behaviour
    hold_seconds: float
    max_connections: int
    port: int = 0
    frames: list[bytes] = field(default_factory=list)  # every frame received, as sent
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    validate: bool = False
    invalid: list[str] = field(default_factory=list)  # why each invalid message was refused
    ack_delay: float = 0.0  # seconds between reading a message and answering it

    @property
    def messages(self) -> list[str]:
        with self.lock:
            return [f[1:-2].decode("utf-8") for f in self.frames]

    @property
    def control_ids(self) -> list[str]:
        """MSH-10 of every message received, in order (a resend shows up twice)."""
        return [m.split("\r", 1)[0].split("|")[9] for m in self.messages]

    def wait_for_frames(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.frames) >= n:
                    return True
            time.sleep(0.01)
        return False


def invalid_reason(message: str) -> str | None:
    """Why hl7apy refuses the message as a strict v2.5.1 ORU^R01 (None: it is valid)."""
    try:
        parsed = parse_message(
            message,
            validation_level=VALIDATION_LEVEL.STRICT,
            find_groups=True,
            force_validation=True,
        )
        parsed.validate()
    except Exception as exc:  # hl7apy raises several unrelated types
        return f"{exc.__class__.__name__}: {exc}"
    if parsed.name != "ORU_R01":
        return f"not an ORU^R01 but {parsed.name}"
    return None


def ack_for(message: str, code: str, control_id: str | None = None) -> str:
    """The ACK an EHR returns for `message` (ER7), built and filled with hl7apy."""
    incoming = parse_message(message, validation_level=VALIDATION_LEVEL.TOLERANT)
    ack = Message("ACK", version="2.5.1", validation_level=VALIDATION_LEVEL.STRICT)
    ack.msh.msh_3 = incoming.msh.msh_5.to_er7()
    ack.msh.msh_4 = incoming.msh.msh_6.to_er7()
    ack.msh.msh_5 = incoming.msh.msh_3.to_er7()
    ack.msh.msh_6 = incoming.msh.msh_4.to_er7()
    ack.msh.msh_7 = "20261127143300+0000"
    ack.msh.msh_9 = "ACK^R01^ACK"
    ack.msh.msh_10 = "EHR-ACK-1"
    ack.msh.msh_11 = incoming.msh.msh_11.to_er7()
    ack.msh.msh_12 = "2.5.1"
    ack.msa.msa_1 = code
    ack.msa.msa_2 = control_id or incoming.msh.msh_10.to_er7()
    text = ERROR_TEXT.get(Behaviour(code))
    if text is not None:
        ack.msa.msa_3.st = text  # a value: hl7apy escapes the | in it
    ack.validate()
    return ack.to_er7() + "\r"


def _read_frame(conn: socket.socket, deadline: float) -> bytes | None:
    buffer = bytearray()
    while END not in buffer:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        conn.settimeout(remaining)
        try:
            chunk = conn.recv(65536)
        except TimeoutError:
            return None
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer[: buffer.index(END) + len(END)])


def _wait_for_close(conn: socket.socket, deadline: float) -> None:
    """Never answer: hold the connection until the client gives up (or the bound passes)."""
    while (remaining := deadline - time.monotonic()) > 0:
        conn.settimeout(remaining)
        try:
            if not conn.recv(65536):
                return
        except (TimeoutError, OSError):
            return


def _handler(listener: Listener) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            conn: socket.socket = self.request
            with listener.lock:
                listener.connections += 1
                if listener.connections > listener.max_connections:
                    return
            deadline = time.monotonic() + listener.hold_seconds
            received = _read_frame(conn, deadline)
            if received is None:
                return
            message = received[1:-2].decode("utf-8")
            with listener.lock:
                seen = any(f == received for f in listener.frames)
                listener.frames.append(received)
                behaviour = listener.behaviour
            if listener.validate:
                problem = invalid_reason(message)
                if problem is not None:
                    with listener.lock:
                        listener.invalid.append(problem)
                    behaviour = Behaviour.AR
            if behaviour is Behaviour.HOLD_FIRST:
                behaviour = Behaviour.AA if seen else Behaviour.SILENT
            if listener.ack_delay:
                time.sleep(listener.ack_delay)
            if behaviour is Behaviour.SILENT:
                _wait_for_close(conn, deadline)
                return
            if behaviour is Behaviour.OTHER_CONTROL_ID:
                reply = START + ack_for(message, "AA", "SOMETHING-ELSE").encode() + END
            elif behaviour is Behaviour.NO_START_BLOCK:
                reply = ack_for(message, "AA").encode() + END
            else:
                code = "AA" if behaviour is Behaviour.CLOSE_MID_FRAME else behaviour.value
                reply = START + ack_for(message, code).encode() + END
            if behaviour is Behaviour.CLOSE_MID_FRAME:
                reply = reply[: len(reply) // 2]
            conn.sendall(reply)

    return Handler


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = False  # server_close() waits for the handlers: nothing outlives the test
    block_on_close = True
    tls: ssl.SSLContext | None = None

    def get_request(self) -> tuple[socket.socket, object]:
        conn, address = super().get_request()
        if self.tls is None:
            return conn, address
        conn.settimeout(5)  # a client that never finishes the handshake is dropped
        # A refused handshake raises OSError here: socketserver drops that connection.
        return self.tls.wrap_socket(conn, server_side=True), address


@contextmanager
def mllp_listener(
    behaviour: Behaviour,
    *,
    hold_seconds: float = 5.0,
    max_connections: int = 5,
    validate: bool = False,
    ack_delay: float = 0.0,
    port: int = 0,
    tls: ssl.SSLContext | None = None,
) -> Iterator[Listener]:
    """port: 0 for any free port, or the port a test already told a sender about. tls: MLLP
    inside TLS with this server context."""
    listener = Listener(
        behaviour, hold_seconds, max_connections, validate=validate, ack_delay=ack_delay
    )
    server = _Server(("127.0.0.1", port), _handler(listener))
    server.tls = tls
    listener.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield listener
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=hold_seconds + 5)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
