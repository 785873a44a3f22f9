"""The self-contained bundle (`make bundle`, packaging/vitalsdesk.spec) runs on its own: with an
empty environment (no venv, no PYTHONPATH) it offers the installed command's commands and gives
the same answers, writes handouts with their fonts embedded, starts the app and creates an
encrypted database; on a shared exam-room PC, two OS accounts record into one clinic database
(docs/deploy.md).

Building the bundle takes 1.5 to 5 minutes on the 2-core CI machine, more than the suite's time
allows, so these tests run only with VITALSDESK_BUNDLE_TEST=1. VITALSDESK_BUNDLE_DIR may name a
bundle `make bundle` already built (its dist/vitalsdesk folder) instead of building one here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from vitalsdesk import __version__
from vitalsdesk.db.encryption import opens_with
from vitalsdesk.gui.single_instance import ALREADY_RUNNING
from vitalsdesk.paths import DATABASE_FILE_NAME

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("VITALSDESK_BUNDLE_TEST") != "1",
        reason="building the bundle takes 1.5-5 min on 2 cores, over CI's time for one test: "
        "set VITALSDESK_BUNDLE_TEST=1 to build and test it (or VITALSDESK_BUNDLE_DIR=dist/vitalsdesk "
        "after `make bundle`)",
    ),
]

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "sample-clinic"
KEY = "5a" * 32  # the test clinic's database key (no keyring under env -i)
CHECK_INPUT = {
    "birth_date": "1980-06-15",
    "sex": "female",
    "taken_at": "2026-11-27T09:30:00-05:00",
    "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
}


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    """The bundle's folder (holding the `vitalsdesk` program), in a folder every account can
    read (the two-account test runs it as other users)."""
    prebuilt = os.environ.get("VITALSDESK_BUNDLE_DIR")
    if prebuilt:
        yield Path(prebuilt).resolve()
        return
    out = Path(tempfile.mkdtemp(prefix="vitalsdesk-bundle-"))
    out.chmod(0o755)
    started = time.monotonic()
    built = subprocess.run(
        ["make", "--no-print-directory", "bundle", f"BUNDLE_DIST={out}", f"BUNDLE_BUILD={out}/b"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    print(f"\nbundle built in {time.monotonic() - started:.0f} s: {built.stdout.strip()[-60:]}")
    shutil.rmtree(out / "b", ignore_errors=True)
    yield out / "vitalsdesk"
    shutil.rmtree(out, ignore_errors=True)


def installed() -> list[str]:
    """The installed command beside this Python (the venv's console script)."""
    script = Path(sys.executable).with_name("vitalsdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vitalsdesk"]


def run_bundle(
    bundle: Path,
    args: Sequence[str],
    env: dict[str, str] | None = None,
    stdin: str = "",
    user: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The bundle's program with only `env` in its environment (env -i), as `user` if given."""
    command = [
        "env",
        "-i",
        *(f"{k}={v}" for k, v in (env or {}).items()),
        str(bundle / "vitalsdesk"),
    ]
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def clinic_env(data: Path, tmp: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp),
        "TMPDIR": str(tmp),
        "VITALSDESK_DATA_DIR": str(data),
        "VITALSDESK_DB_KEY": KEY,
    }


def test_bundle_runs_alone_and_offers_the_same_commands(bundle: Path) -> None:
    version = run_bundle(bundle, ["--version"])
    assert (version.returncode, version.stdout.strip()) == (0, f"VitalsDesk {__version__}")
    bundled = run_bundle(bundle, ["--help"])
    ours = subprocess.run([*installed(), "--help"], capture_output=True, text=True, check=False)
    assert bundled.returncode == 0 and bundled.stdout == ours.stdout
    for command in ("check", "record", "handout", "demo", "export", "import", "db", "audit"):
        assert f"\n    {command} " in bundled.stdout


def test_check_gives_the_installed_commands_json(bundle: Path) -> None:
    document = json.dumps(CHECK_INPUT)
    bundled = run_bundle(bundle, ["check", "-"], stdin=document)
    ours = subprocess.run(
        [*installed(), "check", "-"], input=document, capture_output=True, text=True, check=False
    )
    assert bundled.stderr == ours.stderr
    assert (bundled.returncode, bundled.stdout) == (ours.returncode, ours.stdout)
    assert json.loads(bundled.stdout)["status"] == "accepted"


def test_demo_then_handout_embeds_its_fonts(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "clinic"
    env = clinic_env(data, tmp_path)
    seeded = run_bundle(bundle, ["demo", "--patients", "2"], env)
    assert seeded.returncode == 0, seeded.stderr
    sheet = tmp_path / "sheet.pdf"
    made = run_bundle(
        bundle,
        [
            *("handout", "--user", "ma.rivera", "--password-stdin", "--mrn", "DEMO-00001"),
            *("--template", "wound-care", "--out", str(sheet)),
        ],
        env,
        stdin=DEMO_PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    fonts = subprocess.run(["pdffonts", str(sheet)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]  # after the heading and the dashes
    assert rows, fonts.stdout
    header = fonts.stdout.splitlines()[0]
    emb = header.index("emb")
    assert all(row[emb : emb + 3] == "yes" for row in rows), fonts.stdout


def test_app_paints_sign_in_a_second_start_brings_it_forward_and_the_database_is_encrypted(
    bundle: Path, tmp_path: Path
) -> None:
    data = tmp_path / "clinic"
    env = clinic_env(data, tmp_path)
    assert run_bundle(bundle, ["demo", "--patients", "1"], env).returncode == 0
    log = data / "logs" / "vitalsdesk.log"
    env_app = {**env, "QT_QPA_PLATFORM": "offscreen"}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env_app.items()), str(bundle / "vitalsdesk")]
    app = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(log, "records open: SignInView", app)
        assert "window painted: SignInView" in log.read_text(encoding="utf-8")
        again = run_bundle(bundle, [], env_app)
        assert (again.returncode, again.stdout) == (0, ALREADY_RUNNING + "\n"), again.stderr
        wait_for_line(log, "window brought to the front", app)
        assert app.poll() is None  # the first one still runs
    finally:
        app.send_signal(signal.SIGTERM)
        app.communicate(timeout=30)
    database = data / DATABASE_FILE_NAME
    assert database.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(database).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert opens_with(database, bytes.fromhex(KEY))


def wait_for_line(
    log: Path, text: str, process: subprocess.Popen[str], timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(encoding="utf-8"):
            return
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the app ended ({process.returncode}) before {text!r}: {out}{err}")
        time.sleep(0.05)
    pytest.fail(f"{text!r} not logged within {timeout} s")


def record_input() -> dict[str, object]:
    """A set taken a few minutes ago (a time in the future is refused)."""
    taken = datetime.now(UTC) - timedelta(minutes=5)
    return {
        "taken_at": taken.isoformat(timespec="seconds"),
        "measurements": {"body_temperature": {"value": 36.8, "unit": "Cel", "method": "oral"}},
    }


SETUP_SCRIPT = ROOT / "packaging" / "linux" / "setup-clinic-pc.sh"


def _accounts_problem() -> str | None:
    if os.geteuid() != 0:
        return "makes OS accounts and a group: needs root"
    if not os.environ.get("CI"):
        return "makes OS accounts and a group on this machine: only in CI (CI=1)"
    for tool in ("useradd", "userdel", "groupdel", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


class SharedPC(NamedTuple):
    base: Path  # every account can enter it
    etc: Path  # stands in for /etc/vitalsdesk
    data: Path  # the clinic's data folder
    accounts: list[str]  # two clinic accounts, then one outside the clinic's group


@pytest.fixture
def shared_pc() -> Iterator[SharedPC]:
    """A machine-wide clinic made by packaging/linux/setup-clinic-pc.sh, with two clinic OS
    accounts and one that is not in the clinic's group; all removed afterwards. The bundle runs
    as those accounts (this venv's Python lives under /root, which they cannot enter)."""
    problem = _accounts_problem()
    if problem is not None:
        pytest.skip(problem)
    tag = str(os.getpid())
    group = f"vdclinic{tag}"
    accounts = [f"vdma{tag}a", f"vdma{tag}b", f"vdout{tag}"]
    base = Path(tempfile.mkdtemp(prefix="vitalsdesk-shared-"))
    base.chmod(0o755)
    made: list[str] = []
    try:
        for account in accounts:
            subprocess.run(
                ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", account],
                check=True,
            )
            made.append(account)
            home = base / f"home-{account}"
            home.mkdir(mode=0o700)
            shutil.chown(home, account)
        etc = base / "etc"
        data = base / "clinic"
        setup = subprocess.run(
            [str(SETUP_SCRIPT), str(data), *accounts[:2]],
            env={**os.environ, "VITALSDESK_ETC": str(etc), "VITALSDESK_GROUP": group},
            capture_output=True,
            text=True,
            check=False,
        )
        assert setup.returncode == 0, setup.stderr
        yield SharedPC(base, etc, data, accounts)
    finally:
        for account in made:
            subprocess.run(["userdel", account], check=False)
        subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_two_os_accounts_record_into_one_machine_wide_clinic(
    bundle: Path, shared_pc: SharedPC
) -> None:
    base, etc, data = shared_pc.base, shared_pc.etc, shared_pc.data
    first, second, outsider = shared_pc.accounts
    key_file = etc / "database.key"
    assert (key_file.stat().st_mode & 0o777, key_file.stat().st_uid) == (0o640, 0)
    assert data.stat().st_mode & 0o7777 == 0o2770

    def env(account: str) -> dict[str, str]:
        home = base / f"home-{account}"
        settings = etc / "settings.toml"
        return {
            "HOME": str(home),
            "TMPDIR": str(home),
            "VITALSDESK_MACHINE_SETTINGS": str(settings),
        }

    seeded = run_bundle(bundle, ["demo", "--patients", "1"], env(first), user=first)
    assert seeded.returncode == 0, seeded.stderr
    set_ids = {}
    for account, staff in ((first, "ma.rivera"), (second, "dr.okafor")):
        recorded = run_bundle(
            bundle,
            ["record", "--user", staff, "--password-stdin", "--mrn", "DEMO-00001", "-"],
            env(account),
            stdin=DEMO_PASSWORD + "\n" + json.dumps(record_input()),
            user=account,
        )
        assert recorded.returncode == 0, recorded.stdout + recorded.stderr
        set_ids[json.loads(recorded.stdout)["set_id"]] = staff
    refused = run_bundle(bundle, ["demo", "--patients", "1"], env(outsider), user=outsider)
    assert refused.returncode == 1 and "clinic's group" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr

    database = data / DATABASE_FILE_NAME
    group_id = data.stat().st_gid
    for path in (database, data / "audit-witness"):
        assert (path.stat().st_mode & 0o777, path.stat().st_gid) == (0o660, group_id), path
    assert not (base / f"home-{first}" / ".local" / "share" / "VitalsDesk").exists()
    key = bytes.fromhex(key_file.read_text(encoding="ascii").strip())
    from vitalsdesk.db.encryption import dbapi, key_pragma

    connection = dbapi().connect(str(database))
    try:
        connection.execute(key_pragma(key))
        audited = dict(
            connection.execute(
                "SELECT entity_id, username FROM audit_event WHERE action = 'vitals_recorded'"
                " AND entity = 'vital_sign_set'"
            ).fetchall()
        )
        recorders = dict(
            connection.execute(
                "SELECT s.id, u.username FROM vital_sign_set s"
                " JOIN staff_user u ON u.id = s.recorded_by_id"
            ).fetchall()
        )
    finally:
        connection.close()
    assert {k: audited[k] for k in set_ids} == set_ids
    assert {k: recorders[k] for k in set_ids} == set_ids
