"""Started with no display, VitalsDesk says so in one line and exits 1; Qt never aborts."""

import os
import subprocess
import sys

import pytest

from vitalsdesk import app

HEADLESS_ENV_REMOVED = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the display check is for Linux"
)


@linux_only
@pytest.mark.slow
def test_vitalsdesk_without_a_display_explains_and_exits_1() -> None:
    env = {k: v for k, v in os.environ.items() if k not in HEADLESS_ENV_REMOVED}
    result = subprocess.run(
        [sys.executable, "-m", "vitalsdesk"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert len(lines) == 1, result.stderr
    assert "xvfb-run" in lines[0]
    assert "Aborted" not in result.stderr
    assert "core dumped" not in result.stderr


@linux_only
def test_launch_gui_without_a_display_returns_1_before_touching_qt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in HEADLESS_ENV_REMOVED:
        monkeypatch.delenv(name, raising=False)

    assert app.launch_gui([]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == app.NO_DISPLAY_MESSAGE + "\n"


@pytest.mark.parametrize(
    ("environ", "argv", "expect_problem"),
    [
        ({}, [], True),
        ({"DISPLAY": ":0"}, [], False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, [], False),
        ({"QT_QPA_PLATFORM": "offscreen"}, [], False),
        ({}, ["-platform", "offscreen"], False),
        ({"DISPLAY": ""}, [], True),
    ],
)
def test_display_problem_on_linux(
    environ: dict[str, str], argv: list[str], expect_problem: bool
) -> None:
    problem = app.display_problem(environ, platform="linux", argv=argv)
    assert (problem is not None) == expect_problem


def test_display_problem_is_only_a_linux_question() -> None:
    assert app.display_problem({}, platform="win32") is None
    assert app.display_problem({}, platform="darwin") is None


@linux_only
@pytest.mark.slow
def test_qt_options_pass_through_to_the_app(tmp_path: object) -> None:
    """`vitalsdesk -platform offscreen` starts the app (it once failed with a usage error)."""
    env = {k: v for k, v in os.environ.items() if k not in HEADLESS_ENV_REMOVED}
    env["VITALSDESK_DATA_DIR"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vitalsdesk", "-platform", "offscreen"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        code = proc.wait(timeout=8)
    except subprocess.TimeoutExpired:
        code = None  # still running its window: what we want
    finally:
        proc.kill()
        _out, err = proc.communicate(timeout=30)
    assert code is None, (code, err)
    assert "unrecognized arguments" not in err and "usage:" not in err


@pytest.mark.parametrize(
    ("argv", "gui_args"),
    [
        ([], []),
        (["gui"], []),
        (["gui", "-platform", "offscreen"], ["-platform", "offscreen"]),
        (["-platform", "offscreen"], ["-platform", "offscreen"]),
        (["-style", "fusion", "-reverse"], ["-style", "fusion", "-reverse"]),
        (["--version"], None),
        (["check", "-"], None),
        (["-h"], None),
    ],
)
def test_the_app_gets_qts_options_and_commands_get_the_parser(
    argv: list[str], gui_args: list[str] | None
) -> None:
    from vitalsdesk.cli import _gui_arguments

    assert _gui_arguments(argv) == gui_args
