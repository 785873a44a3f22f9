"""`vitalsdesk device decode|replay` as processes: output contract, exit status, no sign-in."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.staff import cli_env, vd

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "devices" / "sample-replay.json"
READING_KEYS = {"characteristic", "measurements", "taken_at", "status", "other"}


def device(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result: subprocess.CompletedProcess[str] = vd(data_dir, "device", *args, stdin=stdin, user=None)
    return result


def test_decode_prints_one_json_object_and_needs_no_sign_in(tmp_path: Path) -> None:
    # Flags 0x1E: 128/82 mmHg, MAP 97, 2026-11-27 09:30:00, pulse 72, user 1, cuff too loose.
    done = device(tmp_path, "decode", "2A35", "1e 8000 5200 6100 ea07 0b1b091e00 4800 01 0200")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == READING_KEYS
    assert out["measurements"] == {
        "systolic_bp": {"value": 128, "unit": "mm[Hg]"},
        "diastolic_bp": {"value": 82, "unit": "mm[Hg]"},
        "heart_rate": {"value": 72, "unit": "/min"},
    }
    assert out["taken_at"] == "2026-11-27T09:30:00"
    assert out["status"] == ["cuff too loose"]
    assert not list(tmp_path.glob("*.sqlite3*"))  # no clinic was opened


def test_decode_writes_values_exactly_as_the_device_reported(tmp_path: Path) -> None:
    done = device(tmp_path, "decode", "2a9d", "08b0360001d606")
    assert done.returncode == 0, done.stderr
    assert '"value": 70.000' in done.stdout and '"value": 1.750' in done.stdout
    out = json.loads(done.stdout)
    assert out["measurements"]["body_height"]["unit"] == "m"
    assert out["other"] == {"bmi": {"value": 25.6, "unit": "kg/m2"}}


def test_decode_a_temperature_carries_its_method(tmp_path: Path) -> None:
    done = device(tmp_path, "decode", "0x2A1C", "04 6e0100ff 07")
    assert json.loads(done.stdout)["measurements"] == {
        "body_temperature": {"value": 36.6, "unit": "Cel", "method": "rectal"}
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2A35", "04720048005600"], "ends before the pulse rate"),
        (["2A35", "0072004800560000"], "1 byte after the last field"),
        (["2A37", "0048"], "'2A37' is not a characteristic VitalsDesk reads"),
        (["2A35", "nothex"], "not hexadecimal"),
    ],
)
def test_a_payload_that_cannot_be_decoded_exits_2_with_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    done = device(tmp_path, "decode", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert lines[0].startswith("vitalsdesk device: ")


def test_replay_prints_one_line_per_reading(tmp_path: Path) -> None:
    done = device(tmp_path, "replay", "--no-wait", str(SAMPLE))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["characteristic"] for line in lines] == ["2A35", "2A1C", "2A9D", "2A5E"]
    assert all(set(line) == READING_KEYS for line in lines)


def test_replay_reads_standard_input(tmp_path: Path) -> None:
    recording = [{"characteristic": "2A5E", "hex": "0061004800", "delay_s": 0}]
    done = device(tmp_path, "replay", "--no-wait", "-", stdin=json.dumps(recording))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["measurements"]["oxygen_saturation"]["value"] == 97


def test_replay_goes_on_past_a_bad_payload_and_exits_2(tmp_path: Path) -> None:
    recording: list[dict[str, Any]] = [
        {"characteristic": "2A5E", "hex": "0061004800"},
        {"characteristic": "2A5E", "hex": "00610048"},
        {"characteristic": "2A1C", "hex": "006e0100ff"},
    ]
    done = device(tmp_path, "replay", "--no-wait", "-", stdin=json.dumps(recording))
    assert done.returncode == 2
    assert [json.loads(x)["characteristic"] for x in done.stdout.splitlines()] == ["2A5E", "2A1C"]
    assert done.stderr.strip().startswith("vitalsdesk device: reading 2: PLX Spot-Check")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{nope", "not valid JSON"),
        ('{"characteristic": "2A35"}', "JSON list"),
        ('[{"characteristic": "2A35", "hex": "00", "delay_s": -2}]', "entry 1: delay_s"),
    ],
)
def test_an_unusable_replay_file_exits_2_before_playing(
    tmp_path: Path, text: str, message: str
) -> None:
    done = device(tmp_path, "replay", "-", stdin=text)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


def test_replay_prints_each_reading_as_it_arrives(tmp_path: Path) -> None:
    recording = tmp_path / "two.json"
    recording.write_text(
        json.dumps(
            [
                {"characteristic": "2A5E", "hex": "0061004800", "delay_s": 0},
                {"characteristic": "2A5E", "hex": "0062004900", "delay_s": 3},
            ]
        ),
        encoding="utf-8",
    )
    start = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "vitalsdesk", "device", "replay", str(recording)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path, user=None),
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        # The first reading is out while the replay still waits for the second.
        assert process.poll() is None
        assert json.loads(first)["measurements"]["oxygen_saturation"]["value"] == 97
        second = process.stdout.readline()
        assert process.wait(timeout=60) == 0
    assert json.loads(second)["measurements"]["oxygen_saturation"]["value"] == 98
    assert time.monotonic() - start >= 3
