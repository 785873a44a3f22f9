"""The house rules on dependencies (docs/architecture.md, "The rules on imports, and why"),
checked on the source.

- Only vitalsdesk/gui/ imports Qt (PySide6, shiboken6), at any level. vitalsdesk/app.py, the
  composition root, may import vitalsdesk.gui, but only inside a function, so that importing
  vitalsdesk.app stays cheap; nothing else outside gui/ imports vitalsdesk.gui.
- vitalsdesk/clinical/ is the pure core: it imports no other vitalsdesk layer and no I/O library.
- vitalsdesk/devices/ (the device decoders and transports) is pure the same way, but may import
  the clinical core.
- vitalsdesk/gui/ never imports vitalsdesk.db or the ORM: services hand it pydantic models. Nor
  does it reach back to what builds it (the composition root vitalsdesk.app, vitalsdesk.clinic,
  vitalsdesk.startup, the command line), directly or through any module other than the
  services, which are its one way to the database (docs/architecture.md).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import vitalsdesk

PACKAGE_DIR = Path(vitalsdesk.__file__).resolve().parent

QT = ("PySide6", "shiboken6")
CLINICAL_MAY_NOT_IMPORT = (
    "vitalsdesk.app",
    "vitalsdesk.cli",
    "vitalsdesk.db",
    "vitalsdesk.services",
    "vitalsdesk.gui",
    "vitalsdesk.handouts",
    "vitalsdesk.interop",
    "sqlite3",
    "sqlalchemy",
    "alembic",
    "reportlab",
    *QT,
)
# The clinical core is what devices/ builds on, never the other way.
CLINICAL_ONLY_MAY_NOT_IMPORT = ("vitalsdesk.devices",)
GUI_MAY_NOT_IMPORT = ("vitalsdesk.db", "sqlalchemy", "alembic")
# What builds the GUI: importing it back would make a circle (and reach the database around the
# services).
GUI_MAY_NOT_REACH = (
    "vitalsdesk.db",
    "vitalsdesk.app",
    "vitalsdesk.clinic",
    "vitalsdesk.startup",
    "vitalsdesk.cli",
)


@dataclass(frozen=True)
class Import:
    name: str  # absolute dotted name, e.g. "vitalsdesk.gui.main_window"
    line: int
    in_function: bool


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, target] if target else base)


def collect_imports(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every import in the source, at any depth, with absolute names.

    `from a import b` yields both "a" and "a.b" (b may be a submodule); importlib.import_module
    and __import__ with a literal name count too.
    """
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = (
                    _resolve_relative(module, is_package, child.level, child.module)
                    if child.level
                    else child.module or ""
                )
                found.append(Import(base, child.lineno, in_function))
                found.extend(
                    Import(f"{base}.{a.name}", child.lineno, in_function)
                    for a in child.names
                    if a.name != "*"
                )
            elif isinstance(child, ast.Call) and _is_dynamic_import(child):
                arg = child.args[0]
                assert isinstance(arg, ast.Constant)
                found.append(Import(str(arg.value), child.lineno, in_function))
            visit(child, nested)

    visit(ast.parse(source), in_function=False)
    return found


def _is_dynamic_import(call: ast.Call) -> bool:
    func = call.func
    named = (isinstance(func, ast.Name) and func.id in {"__import__", "import_module"}) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    return (
        named
        and bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    )


def check_module(source: str, module: str, is_package: bool = False) -> list[str]:
    """The rule violations in one module's source, as readable lines (empty when clean)."""
    problems: list[str] = []
    in_gui = _within(module, "vitalsdesk.gui")
    in_clinical = _within(module, "vitalsdesk.clinical")
    in_devices = _within(module, "vitalsdesk.devices")
    for imp in collect_imports(source, module, is_package):
        where = f"{module}:{imp.line} imports {imp.name}"
        if not in_gui and any(_within(imp.name, qt) for qt in QT):
            problems.append(f"{where}: only vitalsdesk.gui may import Qt")
        if not in_gui and _within(imp.name, "vitalsdesk.gui"):
            if module != "vitalsdesk.app":
                problems.append(f"{where}: only vitalsdesk.app may import the GUI")
            elif not imp.in_function:
                problems.append(f"{where}: vitalsdesk.app must import the GUI inside a function")
        if in_clinical and any(
            _within(imp.name, banned)
            for banned in (*CLINICAL_MAY_NOT_IMPORT, *CLINICAL_ONLY_MAY_NOT_IMPORT)
        ):
            problems.append(f"{where}: vitalsdesk.clinical is pure (no other layer, no I/O)")
        if in_devices and any(_within(imp.name, banned) for banned in CLINICAL_MAY_NOT_IMPORT):
            problems.append(f"{where}: vitalsdesk.devices is pure (clinical only, no I/O)")
        if in_gui and any(_within(imp.name, banned) for banned in GUI_MAY_NOT_IMPORT):
            problems.append(f"{where}: the GUI gets pydantic models from services, not the ORM")
        elif in_gui and any(_within(imp.name, banned) for banned in GUI_MAY_NOT_REACH):
            problems.append(f"{where}: the GUI is handed its services; it never imports back")
    return problems


def _package_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append((".".join(parts), path))
    return modules


def test_the_package_keeps_the_layering_rules() -> None:
    modules = _package_modules()
    assert len(modules) > 5, f"found too few modules under {PACKAGE_DIR}"
    problems = [
        problem
        for module, path in modules
        for problem in check_module(
            path.read_text(encoding="utf-8"), module, path.name == "__init__.py"
        )
    ]
    assert not problems, "\n".join(problems)


def back_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Paths from a GUI module to what builds it, through modules other than the services.

    graph: module -> the package modules it imports (at any depth)."""
    problems = []
    for start in sorted(m for m in graph if _within(m, "vitalsdesk.gui")):
        seen = {start}
        todo = [(start, [start])]
        while todo:
            module, path = todo.pop()
            for target in sorted(graph.get(module, ())):
                if target in seen or _within(target, "vitalsdesk.gui"):
                    continue
                seen.add(target)
                if any(_within(target, banned) for banned in GUI_MAY_NOT_REACH):
                    problems.append(" -> ".join([*path, target]))
                elif not _within(target, "vitalsdesk.services"):
                    todo.append((target, [*path, target]))
    return problems


def _import_graph() -> dict[str, set[str]]:
    modules = dict(_package_modules())
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        names = {
            imp.name
            for imp in collect_imports(
                path.read_text(encoding="utf-8"), module, path.name == "__init__.py"
            )
        }
        graph[module] = {name for name in names if name in modules and name != module}
    return graph


def test_the_gui_reaches_the_database_only_through_services() -> None:
    problems = back_arrows(_import_graph())
    assert not problems, "\n".join(problems)


def test_the_back_arrow_check_can_fail() -> None:
    graph = {
        "vitalsdesk.gui.window": {"vitalsdesk.logs", "vitalsdesk.services.vitals"},
        "vitalsdesk.logs": {"vitalsdesk.clinic"},
        "vitalsdesk.services.vitals": {"vitalsdesk.db.models"},
    }
    assert back_arrows(graph) == ["vitalsdesk.gui.window -> vitalsdesk.logs -> vitalsdesk.clinic"]


# The checker must be able to fail: each of these sources breaks exactly one rule.
VIOLATIONS = [
    ("vitalsdesk.services.patients", "from PySide6.QtCore import QObject\n", "Qt"),
    ("vitalsdesk.services.patients", "def f():\n    import shiboken6\n", "Qt"),
    ("vitalsdesk.cli", "def main():\n    from PySide6 import QtWidgets\n", "Qt"),
    ("vitalsdesk.db", "import importlib\nimportlib.import_module('PySide6.QtGui')\n", "Qt"),
    ("vitalsdesk.app", "from PySide6.QtWidgets import QApplication\n", "Qt"),
    ("vitalsdesk.app", "from vitalsdesk.gui import application\n", "inside a function"),
    ("vitalsdesk.app", "from . import gui\n", "inside a function"),
    (
        "vitalsdesk.cli",
        "def main():\n    import vitalsdesk.gui.main_window\n",
        "only vitalsdesk.app",
    ),
    ("vitalsdesk.clinical.ranges", "import sqlite3\n", "pure"),
    ("vitalsdesk.clinical.ranges", "from sqlalchemy.orm import Session\n", "pure"),
    ("vitalsdesk.clinical.ranges", "from vitalsdesk.db import models\n", "pure"),
    ("vitalsdesk.clinical.ranges", "from ..services import vitals_service\n", "pure"),
    ("vitalsdesk.clinical.ranges", "def f():\n    from vitalsdesk import interop\n", "pure"),
    ("vitalsdesk.clinical.ranges", "import vitalsdesk.handouts.render\n", "pure"),
    ("vitalsdesk.clinical.ranges", "from vitalsdesk.devices import gatt\n", "pure"),
    ("vitalsdesk.devices.gatt", "from vitalsdesk.db import models\n", "pure"),
    ("vitalsdesk.devices.gatt", "import sqlite3\n", "pure"),
    ("vitalsdesk.devices.transport", "def f():\n    from vitalsdesk.services import x\n", "pure"),
    ("vitalsdesk.devices.transport", "from ..cli import common\n", "pure"),
    ("vitalsdesk.devices.transport", "from vitalsdesk.interop import exact_json\n", "pure"),
    ("vitalsdesk.devices", "from PySide6.QtBluetooth import QLowEnergyController\n", "Qt"),
    ("vitalsdesk.gui.main_window", "from vitalsdesk.db.models import Patient\n", "ORM"),
    ("vitalsdesk.gui.main_window", "from ..db import engine\n", "ORM"),
    ("vitalsdesk.gui.application", "from vitalsdesk.app import launch_gui\n", "imports back"),
    ("vitalsdesk.gui.application", "from vitalsdesk.clinic import Clinic\n", "imports back"),
    ("vitalsdesk.gui.shell", "def f():\n    from vitalsdesk import startup\n", "imports back"),
]


@pytest.mark.parametrize(("module", "source", "rule"), VIOLATIONS)
def test_the_checker_reports_a_violation(module: str, source: str, rule: str) -> None:
    problems = check_module(source, module)
    assert problems, f"not reported: {source!r} in {module}"
    assert any(rule in p for p in problems), problems


ALLOWED = [
    ("vitalsdesk.gui.main_window", "from PySide6.QtWidgets import QMainWindow\n"),
    ("vitalsdesk.gui.forms.ui_main_window", "from PySide6.QtCore import Qt\n"),
    ("vitalsdesk.app", "def launch_gui(argv):\n    from vitalsdesk.gui import application\n"),
    ("vitalsdesk.app", "def launch_gui(argv):\n    from . import gui\n"),
    ("vitalsdesk.clinical.ranges", "import tomllib\nfrom vitalsdesk.clinical.age import Age\n"),
    ("vitalsdesk.clinical.ranges", "from .age import Age\n"),
    ("vitalsdesk.devices.gatt", "from vitalsdesk.clinical.measurements import MeasurementKey\n"),
    ("vitalsdesk.devices.transport", "import asyncio\nfrom .gatt import decode\n"),
    ("vitalsdesk.cli.devices", "def f():\n    from vitalsdesk.devices import gatt\n"),
    ("vitalsdesk.services.vitals_service", "from vitalsdesk.db import models\n"),
    ("vitalsdesk.gui.vitals_view", "from vitalsdesk.services import vitals_service\n"),
]


@pytest.mark.parametrize(("module", "source"), ALLOWED)
def test_the_checker_allows_what_the_rules_allow(module: str, source: str) -> None:
    assert check_module(source, module) == []


def test_relative_imports_resolve_from_packages_and_modules() -> None:
    [mod, sub] = collect_imports("from ..db import x\n", "vitalsdesk.gui.views")
    assert (mod.name, sub.name) == ("vitalsdesk.db", "vitalsdesk.db.x")
    [pkg, _] = collect_imports("from . import x\n", "vitalsdesk.gui", is_package=True)
    assert pkg.name == "vitalsdesk.gui"


@pytest.mark.slow
@pytest.mark.parametrize("module", ["vitalsdesk.app", "vitalsdesk.cli"])
def test_importing_the_entry_modules_loads_no_qt(module: str) -> None:
    # Checked in a fresh interpreter: in this one pytest-qt has already loaded Qt.
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"import {module} loaded Qt: {result.stdout}{result.stderr}"
