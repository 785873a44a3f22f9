"""Send one HL7 v2 message over MLLP and read its acknowledgment.

MLLP (the minimal lower layer protocol of HL7 v2) frames each message on a TCP stream as
0x0B <message> 0x1C 0x0D. `send_message` connects, sends one framed message, reads one framed
ACK and closes. Every wait has a deadline: a peer that never answers is an `MllpTimeout`, a peer
that closes early or sends something that is not one frame is an `MllpFrameError`; nothing here
waits forever and nothing retries (the outbox decides when to try again).

The ACK is read in original acknowledgment mode (MSH-15 and MSH-16 empty in what we send): MSA-1
is AA (accepted), AE (error) or AR (rejected), and MSA-2 must echo the control id (MSH-10) of the
message sent, or the ACK is for something else.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass
from typing import Literal, TypeGuard

START_BLOCK = b"\x0b"
END_BLOCK = b"\x1c"
CARRIAGE_RETURN = b"\x0d"
FRAME_END = END_BLOCK + CARRIAGE_RETURN

# An ACK is a few hundred bytes; a peer that sends more than this is not sending an ACK.
MAX_ACK_BYTES = 1 << 20

AckCode = Literal["AA", "AE", "AR"]
ACK_CODES: frozenset[str] = frozenset({"AA", "AE", "AR"})


def _is_ack_code(code: str) -> TypeGuard[AckCode]:
    return code in ACK_CODES


class MllpError(Exception):
    """The message may not have been delivered: the outbox keeps it and may try again."""


class MllpConnectionError(MllpError):
    """No connection (refused, unreachable, name not found) or it broke while sending."""


class MllpTimeout(MllpError):
    """The peer did not answer in time (connecting, sending or waiting for the ACK)."""


class MllpFrameError(MllpError):
    """What came back is not one MLLP frame: closed early, bytes outside the frame, too long."""


class AckError(MllpError):
    """A frame came back but it is not a usable ACK for the message sent."""


@dataclass(frozen=True)
class Ack:
    code: AckCode
    control_id: str  # MSA-2: the MSH-10 of the message acknowledged
    text: str | None  # MSA-3, the peer's words on an error (may be empty)
    raw: str  # the ACK as received, segments separated by carriage returns

    @property
    def accepted(self) -> bool:
        return self.code == "AA"


def frame(message: str, encoding: str = "utf-8") -> bytes:
    """The MLLP frame of one message (segments already end in a carriage return)."""
    data = message.encode(encoding)
    if START_BLOCK in data or END_BLOCK in data:
        raise ValueError("the message contains an MLLP block character (0x0B or 0x1C)")
    return START_BLOCK + data + FRAME_END


def send_message(
    host: str,
    port: int,
    message: str,
    *,
    connect_timeout: float = 10.0,
    ack_timeout: float = 30.0,
    encoding: str = "utf-8",
    tls: ssl.SSLContext | None = None,
    server_name: str | None = None,
) -> Ack:
    """Send one message and return its ACK; every failure is an `MllpError` subclass.

    ack_timeout bounds the whole exchange after connecting: sending the message and reading the
    ACK together. Raises AckError when the ACK names another control id. tls: MLLP inside TLS
    (the handshake is part of connecting); server_name: the name the peer's certificate is
    checked against (default: host).
    """
    control_id = control_id_of(message)
    data = frame(message, encoding)
    try:
        sock = socket.create_connection((host, port), timeout=connect_timeout)
    except TimeoutError as exc:
        raise MllpTimeout(f"no connection to {host}:{port} within {connect_timeout} s") from exc
    except OSError as exc:
        raise MllpConnectionError(f"cannot connect to {host}:{port}: {exc}") from exc
    if tls is not None:
        try:
            sock = tls.wrap_socket(sock, server_hostname=server_name or host)
        except TimeoutError as exc:
            sock.close()
            raise MllpTimeout(
                f"no TLS handshake with {host}:{port} within {connect_timeout} s"
            ) from exc
        except OSError as exc:  # ssl.SSLError included: a certificate refused, no common protocol
            sock.close()
            raise MllpConnectionError(f"no TLS connection to {host}:{port}: {exc}") from exc
    deadline = time.monotonic() + ack_timeout
    with sock:
        try:
            sock.settimeout(ack_timeout)
            sock.sendall(data)
            payload = _read_frame(sock, deadline, host, port)
        except TimeoutError as exc:
            raise MllpTimeout(
                f"no acknowledgment from {host}:{port} within {ack_timeout} s"
            ) from exc
        except OSError as exc:
            raise MllpConnectionError(f"connection to {host}:{port} failed: {exc}") from exc
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as exc:
        raise AckError(f"the acknowledgment is not {encoding} text") from exc
    ack = parse_ack(text)
    if ack.control_id != control_id:
        raise AckError(f"the acknowledgment is for message {ack.control_id!r}, not {control_id!r}")
    return ack


def _read_frame(sock: socket.socket, deadline: float, host: str, port: int) -> bytes:
    """The payload of one frame; raises TimeoutError past the deadline."""
    buffer = bytearray()
    while True:
        end = buffer.find(FRAME_END)
        if end != -1:
            return _payload(bytes(buffer[:end]))
        if len(buffer) > MAX_ACK_BYTES:
            raise MllpFrameError(
                f"{host}:{port} sent more than {MAX_ACK_BYTES} bytes without ending the frame"
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock.settimeout(remaining)
        chunk = sock.recv(65536)
        if not chunk:
            if not buffer:
                raise MllpFrameError(f"{host}:{port} closed the connection without answering")
            raise MllpFrameError(
                f"{host}:{port} closed the connection in the middle of the acknowledgment"
            )
        if not buffer and chunk[:1] != START_BLOCK:
            raise MllpFrameError(f"{host}:{port} answered without an MLLP start block")
        buffer += chunk


def _payload(framed: bytes) -> bytes:
    """framed: from the start block to just before 0x1C 0x0D."""
    payload = framed[1:]
    if START_BLOCK in payload or END_BLOCK in payload:
        raise MllpFrameError("the acknowledgment frame has a block character inside it")
    return payload


def control_id_of(message: str) -> str:
    """MSH-10 of an ER7 message."""
    fields = _msh_fields(message)
    if len(fields) < 10 or not fields[9]:
        raise ValueError("the message has no control id (MSH-10)")
    return fields[9]


def parse_ack(text: str) -> Ack:
    """MSA-1, MSA-2 and MSA-3 of an ACK, whatever its HL7 version and delimiters."""
    try:
        fields = _msh_fields(text)
    except ValueError as exc:
        raise AckError(f"the acknowledgment does not start with MSH: {exc}") from exc
    separator = text[3]
    encoding_chars = fields[1] if len(fields) > 1 else ""
    component = encoding_chars[:1] or "^"
    msa = next(
        (s for s in _segments(text) if s.startswith("MSA" + separator)),
        None,
    )
    if msa is None:
        raise AckError("the acknowledgment has no MSA segment")
    parts = msa.split(separator)
    code = parts[1].split(component)[0] if len(parts) > 1 else ""
    if not _is_ack_code(code):
        raise AckError(f"unknown acknowledgment code {code!r} (expected AA, AE or AR)")
    control_id = _unescape(parts[2], separator, encoding_chars) if len(parts) > 2 else ""
    if not control_id:
        raise AckError("the acknowledgment names no control id (MSA-2)")
    message = (
        _unescape(parts[3], separator, encoding_chars) if len(parts) > 3 and parts[3] else None
    )
    return Ack(code=code, control_id=control_id, text=message, raw=text)


def _segments(text: str) -> list[str]:
    # Peers differ: CR is the standard segment end, some send CR LF or LF.
    return [s for s in text.replace("\r\n", "\r").replace("\n", "\r").split("\r") if s]


def _msh_fields(text: str) -> list[str]:
    segments = _segments(text)
    if not segments or not segments[0].startswith("MSH") or len(segments[0]) < 8:
        raise ValueError("no MSH segment first")
    msh = segments[0]
    separator = msh[3]
    # MSH-1 is the separator itself: fields[0] is "MSH", fields[1] MSH-2, so MSH-n is fields[n-1].
    return msh.split(separator)


def _unescape(value: str, separator: str, encoding_chars: str) -> str:
    """Undo the escapes of the delimiters (\\F\\ \\S\\ \\T\\ \\R\\ \\E\\); others stay as sent."""
    if len(encoding_chars) < 4:
        return value
    component, repetition, escape, subcomponent = tuple(encoding_chars[:4])
    if escape not in value:
        return value
    replace = {"F": separator, "S": component, "R": repetition, "E": escape, "T": subcomponent}
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == escape:
            end = value.find(escape, i + 1)
            if end != -1:
                code = value[i + 1 : end]
                if code in replace:
                    out.append(replace[code])
                    i = end + 1
                    continue
        out.append(value[i])
        i += 1
    return "".join(out)
