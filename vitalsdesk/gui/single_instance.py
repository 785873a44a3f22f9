"""One VitalsDesk per OS account and clinic: starting it again brings the running window forward.

A second window on the same PC and account would be a second session on the same records (two
sign-ins, two idle locks), and an MA who clicked the Start-menu entry twice would not know which
one she typed into. The first start takes a lock file and listens on a local socket named for the
OS account and the clinic's data folder, both in the account's temporary folder (QDir.tempPath,
TMPDIR on Linux); a later start finds the lock taken, asks the first one through the socket to
come forward, says so in one line, and ends with status 0. A lock left by a crash is taken over
(QLockFile checks that its process is gone).

The lock is taken before the first window is painted; the socket (QtNetwork) may be opened just
after it (`claim(listen=False)`, then `listen()`): a later start meanwhile waits for it to listen.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QDir, QLockFile, QObject, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ALREADY_RUNNING = "VitalsDesk is already running for this user: its window is brought to the front."
NOT_ANSWERING = (
    "VitalsDesk is already running for this user but does not answer. Close it (or restart the "
    "PC) and start it again."
)
_SHOW = b"show\n"
# How long a second start waits for the first to listen (it may be starting at the same moment).
_CONNECT_TRIES = 20
_CONNECT_WAIT_MS = 150


def instance_name(data_folder: str) -> str:
    """The lock's and the socket's name: one per OS account and clinic data folder."""
    if hasattr(os, "getuid"):
        account = str(os.getuid())
    else:
        import getpass

        account = getpass.getuser()
    # SHA-256 through Qt, already loaded (hashlib costs the start a few ms); the same digest.
    digest = QCryptographicHash.hash(
        data_folder.encode("utf-8"), QCryptographicHash.Algorithm.Sha256
    )
    folder = bytes(digest.toHex().data()).decode("ascii")[:12]
    return f"vitalsdesk-{account}-{folder}"


class SingleInstance(QObject):
    """The first start's claim on this OS account; `activated` when a later start asks for the
    window."""

    activated = Signal()

    def __init__(self, data_folder: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = instance_name(data_folder)
        self._lock = QLockFile(QDir(QDir.tempPath()).filePath(self.name + ".lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
        self._server: QLocalServer | None = None

    def claim(self, *, listen: bool = True) -> bool:
        """True when this is the only VitalsDesk of the account; it then listens for later ones,
        at once or (listen=False) once `listen()` is called."""
        if not self._lock.tryLock(0):
            return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer later starts (after a successful claim)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None:
            return
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._answer)
        if not server.listen(self.name):
            # Still the only one (the lock says so); a later start will say it gets no answer.
            log.warning("single-instance socket not listening: %s", server.errorString())
        self._server = server

    def ask_running_to_show(self) -> bool:
        """Ask the VitalsDesk that holds the claim to bring its window forward; False when it
        does not answer."""
        from PySide6.QtNetwork import QLocalSocket

        for _ in range(_CONNECT_TRIES):
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(_CONNECT_WAIT_MS):
                socket.write(_SHOW)
                sent = socket.waitForBytesWritten(1000)
                socket.disconnectFromServer()
                return sent
            QThread.msleep(_CONNECT_WAIT_MS)  # the first may be about to listen
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _answer(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_SHOW.strip()):
            log.info("started again by this user: window brought to the front")
            self.activated.emit()


def bring_forward(window: QWidget) -> None:
    """Show the window un-minimized, on top, with the keyboard (as far as the desktop allows)."""
    from PySide6.QtCore import Qt

    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
