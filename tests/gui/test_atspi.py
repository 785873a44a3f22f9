"""What a screen reader on Linux hears, read through AT-SPI (pyatspi), not through Qt's objects.

VitalsDesk runs on the real xcb platform under Xvfb with Qt's AT-SPI bridge on, inside a private
D-Bus session with its accessibility bus (tests/gui/atspi_session.py); Debian's pyatspi reads its
tree at each screen. `make test` installs what this needs (scripts/system-deps.sh test): in CI a
missing part fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.gui.atspi_session import SYSTEM_PYTHON

Node = dict[str, Any]
Trees = dict[str, list[Node]]

SESSION = Path(__file__).with_name("atspi_session.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # starts D-Bus, Xvfb, the app and a reader per screen (~20 s)


def missing_part() -> str | None:
    """Why the accessibility bus cannot be read on this machine (None: it can)."""
    for tool, package in (
        ("dbus-run-session", "dbus"),
        ("dbus-send", "dbus"),
        ("xvfb-run", "xvfb"),
    ):
        if shutil.which(tool) is None:
            return f"{tool} not found (Debian package {package})"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "the accessibility bus is not installed (Debian package at-spi2-core)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (Debian package python3-pyatspi)"
    return None


@pytest.fixture(scope="module")
def trees(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Trees:
    problem = missing_part()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"AT-SPI tests cannot run: {problem}; `make test` installs it")
        pytest.skip(f"AT-SPI tests need the accessibility bus: {problem}")
    base = tmp_path_factory.mktemp("atspi")
    clinic = base / "clinic"
    shutil.copytree(templates["staffed"], clinic)
    out = base / "trees.json"
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(SESSION), str(clinic), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    read: Trees = json.loads(out.read_text(encoding="utf-8"))
    return read


def named(tree: list[Node], role: str) -> dict[str, Node]:
    return {node["name"]: node for node in tree if node["role"] == role}


def test_combo_boxes_say_their_purpose_with_the_value(trees: Trees) -> None:
    combos = named(trees["form"], "combo box")
    heard = {name: node["value"] for name, node in combos.items()}
    assert heard == {
        "Blood pressure position": "Position —",
        "Arm": "Arm —",
        "Cuff size": "Cuff —",
        "Temperature unit": "°F",
        "Temperature method": "Oral",
        "Height unit": "in",
        "Weight unit": "lb",
    }


def test_the_orthostatic_rows_are_read_in_place_of_the_bp_fields(trees: Trees) -> None:
    """The form's own BP fields, greyed out beside the set's rows, were read as well."""
    fields = named(trees["orthostatic"], "text")
    rows = [
        f"{step} {part}"
        for step in ("Lying down", "Standing 1 minute", "Standing 3 minutes")
        for part in ("blood pressure", "pulse")
    ]
    assert set(rows) <= set(fields)
    assert fields["Lying down blood pressure"]["description"] == 'Unit: mmHg. Type "120/80".'
    for gone in ("Systolic blood pressure", "Diastolic blood pressure"):
        assert gone not in fields
    combos = named(trees["orthostatic"], "combo box")
    assert "Blood pressure position" not in combos  # each row says its position
    assert {"Arm", "Cuff size"} <= set(combos)


def test_the_patient_banner_says_who_the_patient_is(trees: Trees) -> None:
    labels = named(trees["form"], "label")
    assert "Patient name: García, María" in labels
    [details] = [name for name in labels if name.startswith("Patient details: ")]
    assert "MRN-1001" in details
    assert re.search(r"\(\d+ y\)", details), details  # the age


def test_the_status_line_says_what_was_saved(trees: Trees) -> None:
    [status] = [n["name"] for n in trees["saved"] if n["name"].startswith("Status")]
    assert status.startswith("Status: ✓ Vital signs saved for García, María at ")


def test_last_readings_and_the_change_since_the_last_visit_are_read(trees: Trees) -> None:
    labels = named(trees["form"], "label")
    [pulse] = [name for name in labels if name.startswith("Last heart rate: ")]
    assert pulse.endswith("72 /min")
    [weight] = [name for name in labels if name.startswith("Last weight: ")]
    assert weight.endswith("150 lb")
    history = named(trees["history"], "label")
    [change] = [name for name in history if name.startswith("Change since the last visit: ")]
    assert "BP 124/78 → 131/84 mmHg" in change


def test_number_fields_name_their_unit_and_keep_the_typing_hint(trees: Trees) -> None:
    fields = named(trees["form"], "text")
    assert fields["Systolic blood pressure"]["description"] == (
        'Unit: mmHg. Type "120/80" to fill both values.'
    )
    assert fields["Heart rate"]["description"] == "Unit: /min."
    assert fields["Oxygen saturation"]["description"] == "Unit: %."
    assert fields["Temperature"]["description"] == "Unit: °F."
    # A critical value: the check line comes first, the unit stays.
    critical = named(trees["critical"], "text")["Heart rate"]["description"]
    assert critical.startswith("▲▲ Far above the reference range") and "Unit: /min." in critical


def test_the_critical_dialog_reads_the_values(trees: Trees) -> None:
    labels = named(trees["critical"], "label")
    [values] = [name for name in labels if name.startswith("Values to tell the clinician about: ")]
    assert "Heart rate 165 /min" in values
    assert "Save, clinician told" in named(trees["critical"], "push button")


def test_the_locked_screen_says_who_locked_it(trees: Trees) -> None:
    labels = named(trees["locked"], "label")
    assert any(name.startswith("Locked by Ana Rivera.") for name in labels), sorted(labels)


def test_the_handout_finder_clear_button_has_a_name(trees: Trees) -> None:
    assert "Clear the search" in named(trees["handout"], "push button")


def test_every_control_shown_has_a_name(trees: Trees) -> None:
    controls = {"push button", "text", "password text", "combo box", "check box", "spin button"}
    unnamed = [
        (screen, node["role"], node["path"])
        for screen, tree in trees.items()
        for node in tree
        if node["role"] in controls and not node["name"]
    ]
    assert unnamed == []
