"""Two costs of starting the app that no one needs, left out from before the first window is
built until the app ends (vitalsdesk.app starts this; gui/application.run otherwise).

- Python's cycle collector is held off until the clinic's records are open. Nearly every object
  made until then (modules, classes, Qt's wrappers, the window, the database layer) lives as
  long as the app, yet the collector scanned them again and again while they were made: about a
  sixth of the CPU of opening the clinic behind the sign-in page. Once the records are open (or
  a start-up question is asked: no hurry then), the objects made so far are frozen, never
  scanned again (the few cycles left unreachable meanwhile, some hundreds of objects, stay), and
  the collector goes on as usual.
- PySide6's import hook is stepped around. For its opt-in `from __feature__ import
  snake_case, true_property`, PySide6 puts its own function in builtins.__import__, and after
  each import it reads the whole source of every module imported for the first time, to see
  whether it names PySide6 (shibokensupport/feature.py, `_mod_uses_pyside`): some 350 modules
  (SQLAlchemy, pydantic, ...) while the clinic opens, about 60 ms of CPU, their text then kept
  in memory. VitalsDesk uses no `__feature__` (a test checks), so imports go straight to the
  function PySide6's own calls (`__orig_import__`: its lazy loading of Qt's classes stays).
  Modules imported meanwhile are left as if imported before Qt: should anything ever ask for a
  `__feature__`, PySide6 looks at them then.
"""

from __future__ import annotations

import builtins
import gc
import threading
from typing import Any

import PySide6.QtCore  # noqa: F401 (loaded first: it is what puts the import hook in place)


class LeanStart:
    """From now: the collector off until `resume` (idempotent, any thread), and imports past
    PySide6's hook; `end` (the app has ended) puts both back as they were, the frozen objects
    collectable again (in a test run, the next test's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paused = gc.isenabled()  # a collector already off stays off, untouched
        self._frozen = False
        if self._paused:
            gc.disable()
        self._hook: Any = None
        hook = getattr(builtins, "__feature_import__", None)
        plain = getattr(builtins, "__orig_import__", None)
        # (Plain already: PySide6's hook puts it in place itself while it reads a module.)
        if hook is not None and plain is not None and builtins.__import__ in (hook, plain):
            self._hook = hook
            builtins.__import__ = plain

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
            if self._hook is not None:
                if builtins.__import__ is getattr(builtins, "__orig_import__", None):
                    builtins.__import__ = self._hook
                self._hook = None
