"""The compiled forms in vitalsdesk/gui/forms/ must match a fresh pyside6-uic run on ui/*.ui.

Fix a failure with scripts/compile-ui.sh (or `make compile-ui`) and commit both files.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMS_SRC = ROOT / "ui"
FORMS_OUT = ROOT / "vitalsdesk" / "gui" / "forms"


def _uic() -> str:
    beside_python = Path(sys.executable).parent / "pyside6-uic"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("pyside6-uic")
    if found is None:
        pytest.fail("pyside6-uic not found beside the interpreter or on PATH")
    return found


def _without_uic_version(text: str) -> str:
    # The header names the uic version; a patch release of PySide6 should not fail the check.
    return "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith("## Created by: Qt User Interface")
    )


def test_there_are_forms() -> None:
    assert sorted(FORMS_SRC.glob("*.ui")), "no Designer forms in ui/"


@pytest.mark.parametrize("form", sorted(FORMS_SRC.glob("*.ui")), ids=lambda p: p.name)
def test_compiled_form_is_fresh(form: Path, tmp_path: Path) -> None:
    committed = FORMS_OUT / f"ui_{form.stem}.py"
    assert committed.exists(), f"{committed.relative_to(ROOT)} missing: run scripts/compile-ui.sh"

    fresh = tmp_path / committed.name
    subprocess.run(
        [_uic(), str(form.relative_to(ROOT)), "-o", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )

    assert _without_uic_version(committed.read_text(encoding="utf-8")) == _without_uic_version(
        fresh.read_text(encoding="utf-8")
    ), f"{committed.relative_to(ROOT)} is stale: run scripts/compile-ui.sh"


def test_no_compiled_form_without_a_source() -> None:
    sources = {p.stem for p in FORMS_SRC.glob("*.ui")}
    orphans = [
        p.name for p in FORMS_OUT.glob("ui_*.py") if p.stem.removeprefix("ui_") not in sources
    ]
    assert not orphans, f"compiled forms whose .ui is gone: {orphans}"
