"""`pip install .` gives a working app: the wheel carries every form, resource and entry point,
and the installed copy runs on its own, away from the checkout (docs/architecture.md, "Files that
ship with the code")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import vitalsdesk

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

EXPECTED_IN_WHEEL = [
    "vitalsdesk/__init__.py",
    "vitalsdesk/__main__.py",
    "vitalsdesk/cli/__init__.py",
    "vitalsdesk/app.py",
    "vitalsdesk/ui/main_window.ui",
    "vitalsdesk/resources/style.qss",
    "vitalsdesk/resources/reference_ranges/default.toml",
    "vitalsdesk/gui/forms/__init__.py",
    "vitalsdesk/gui/forms/ui_main_window.py",
    "vitalsdesk/gui/main_window.py",
]

CHECK_INPUT = {
    "birth_date": "1980-06-15",
    "sex": "female",
    "taken_at": "2026-11-27T09:30:00-05:00",
    "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
}

# Left out of the copy that is built: a stale build/ would put deleted modules into the wheel.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packaging")


@pytest.fixture(scope="module")
def wheel(workdir: Path) -> Path:
    # Built from a copy of the checkout, so the checkout gets no build/ and an old build/ cannot
    # leak into the wheel; the copy holds exactly the files `pip wheel .` would read.
    source = workdir / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = workdir / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = out.glob("vitalsdesk-*.whl")
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, workdir: Path) -> Path:
    target = workdir / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", target, wheel],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def run_installed(site: Path, workdir: Path) -> Runner:
    """Run the interpreter with only the installed copy of vitalsdesk importable first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VITALSDESK_")}
    env["PYTHONPATH"] = str(site)
    # A data folder of its own, so a clinic override on this machine cannot change the result.
    env["VITALSDESK_DATA_DIR"] = str(workdir / "data")

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=workdir,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def test_wheel_carries_forms_resources_and_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        missing = [name for name in EXPECTED_IN_WHEEL if name not in names]
        assert not missing, f"missing from {wheel.name}: {missing}"

        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    assert "[console_scripts]" in text
    assert "vitalsdesk = vitalsdesk.cli:main" in text


def _checkout_files() -> dict[str, Path]:
    """Every file of the checkout that belongs in the wheel, by its path inside the wheel."""
    roots = {"vitalsdesk": ROOT / "vitalsdesk", "vitalsdesk/ui": ROOT / "ui"}
    roots["vitalsdesk/resources"] = ROOT / "resources"
    wanted = {}
    for prefix, folder in roots.items():
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                wanted[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
    return wanted


def test_wheel_carries_every_module_form_and_resource_of_the_checkout(wheel: Path) -> None:
    # Catches a new subpackage missing from [tool.setuptools] packages, or a resource type
    # missing from package-data, the day it is added.
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = sorted(name for name in _checkout_files() if name not in names)
    assert not missing, f"in the checkout but not in {wheel.name}: {missing}"


def test_installed_copy_is_the_one_imported(run_installed: Runner, site: Path) -> None:
    result = run_installed(
        "-c",
        "import importlib.resources, vitalsdesk\n"
        "print(vitalsdesk.__file__)\n"
        "print(importlib.resources.files('vitalsdesk.resources').joinpath('style.qss'))\n",
    )
    assert result.returncode == 0, result.stderr
    module_file, stylesheet = (Path(line) for line in result.stdout.splitlines())
    assert module_file.resolve().is_relative_to(site.resolve()), module_file
    assert stylesheet.resolve().is_relative_to(site.resolve()), stylesheet
    assert not module_file.resolve().is_relative_to(ROOT)


def test_installed_gui_modules_import(run_installed: Runner) -> None:
    result = run_installed("-c", "import vitalsdesk.gui.application, vitalsdesk.gui.main_window")
    assert result.returncode == 0, result.stderr


def test_installed_version(run_installed: Runner) -> None:
    result = run_installed("-m", "vitalsdesk", "--version")
    assert result.returncode == 0, result.stderr
    assert vitalsdesk.__version__ in result.stdout


def test_installed_check_accepts_a_normal_heart_rate(run_installed: Runner) -> None:
    result = run_installed("-m", "vitalsdesk", "check", "-", stdin=json.dumps(CHECK_INPUT))
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert json.loads(result.stdout)["status"] == "accepted", result.stdout


def test_every_folder_the_wheel_ships_is_declared() -> None:
    """Each folder under resources/ and ui/ is a package in pyproject.toml, so setuptools ships
    it on purpose (an undeclared one is shipped with a warning today, and ignored tomorrow)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    expected = set()
    for top, package in (("resources", "vitalsdesk.resources"), ("ui", "vitalsdesk.ui")):
        for folder in [root / top, *(p for p in (root / top).rglob("*") if p.is_dir())]:
            if folder.name != "__pycache__":
                parts = folder.relative_to(root / top).parts
                expected.add(".".join([package, *parts]))
    assert expected - declared == set(), "add these to [tool.setuptools] packages"


@pytest.mark.slow
def test_the_build_gives_no_setuptools_warning(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(
        root,
        tmp_path / "src",
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__"),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "out"), str(tmp_path / "src")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    noise = [
        line
        for line in (built.stdout + built.stderr).splitlines()
        if "Warning" in line and "setuptools" in line.lower()
    ]
    assert noise == [], "\n".join(noise)
