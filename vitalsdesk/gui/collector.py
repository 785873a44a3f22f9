"""Python's cycle collector held off while the app starts, until the clinic's records are open.

Nearly every object made then (modules, classes, Qt's wrappers, the window, the database layer)
lives as long as the app, yet the collector scanned them again and again while they were made:
about a sixth of the CPU of opening the clinic behind the sign-in page, and some of the CPU to
paint it. Once the records are open (or a start-up question is asked: no hurry then), the
objects made so far are frozen, never scanned again (the few cycles left unreachable meanwhile,
some hundreds of objects, stay), and the collector goes on as usual.

No Qt here: vitalsdesk.app starts the pause before it imports the GUI.
"""

from __future__ import annotations

import gc
import threading


class CollectorPause:
    """The collector off from now until `resume` (idempotent, any thread); `end` also lets the
    frozen objects be collected again (the app has ended: in a test run, the next test's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paused = gc.isenabled()  # a collector already off stays off, untouched
        self._frozen = False
        if self._paused:
            gc.disable()

    def resume(self) -> None:
        with self._lock:
            if self._paused:
                self._paused = False
                self._frozen = True
                gc.freeze()
                gc.enable()

    def end(self) -> None:
        self.resume()
        with self._lock:
            if self._frozen:
                self._frozen = False
                gc.unfreeze()
