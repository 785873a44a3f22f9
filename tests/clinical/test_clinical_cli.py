"""`vitalsdesk check FILE|-` as a process: output contract and exit status."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow

CONTRACT_KEYS = {
    "status",
    "errors",
    "needs_confirmation",
    "measurements",
    "bmi",
    "bp_category",
    "reference_ranges_version",
}
MEASUREMENT_KEYS = {"value", "unit", "canonical", "interpretation", "message"}

EXAMPLE = {
    "birth_date": "1980-06-15",
    "sex": "female",
    "taken_at": "2026-11-27T09:30:00-05:00",
    "measurements": {
        "systolic_bp": {"value": 128, "unit": "mm[Hg]"},
        "diastolic_bp": {"value": 82, "unit": "mm[Hg]"},
        "heart_rate": {"value": 72, "unit": "/min"},
        "respiratory_rate": {"value": 16, "unit": "/min"},
        "body_temperature": {"value": 98.6, "unit": "[degF]", "method": "oral"},
        "oxygen_saturation": {"value": 97, "unit": "%", "on_supplemental_oxygen": False},
        "body_height": {"value": 65, "unit": "[in_i]"},
        "body_weight": {"value": 154, "unit": "[lb_av]"},
        "head_circumference": {"value": 45, "unit": "cm"},
        "pain_score": {"value": 3, "unit": "{score}"},
    },
    "confirmed": ["body_weight"],
}


def _assert_contract_shape(out: dict) -> None:
    assert set(out) == CONTRACT_KEYS
    assert out["status"] in ("accepted", "needs_confirmation", "rejected")
    for problem in [*out["errors"], *out["needs_confirmation"]]:
        assert set(problem) == {"field", "message"}
        assert problem["field"]
        assert problem["message"]
    for entry in out["measurements"].values():
        assert set(entry) >= MEASUREMENT_KEYS
        assert set(entry["canonical"]) == {"value", "unit"}
        assert isinstance(entry["canonical"]["value"], str)
        assert entry["interpretation"] in ("N", "L", "H", "LL", "HH", None)
    assert out["bmi"] is None or set(out["bmi"]) == {"value", "category"}
    assert out["bp_category"] in ("normal", "elevated", "stage-1", "stage-2", "crisis", None)
    assert isinstance(out["reference_ranges_version"], str)
    assert out["reference_ranges_version"]


def _assert_example_output(out: dict) -> None:
    _assert_contract_shape(out)
    assert out["status"] == "accepted"
    assert out["errors"] == []
    assert out["needs_confirmation"] == []
    assert out["bmi"] == {"value": "25.6", "category": "overweight"}
    assert out["bp_category"] == "stage-1"
    m = out["measurements"]
    assert set(m) == set(EXAMPLE["measurements"])
    temperature = m["body_temperature"]
    assert temperature["value"] == 98.6
    assert temperature["unit"] == "[degF]"
    assert temperature["canonical"] == {"value": "37.0", "unit": "Cel"}
    assert m["body_weight"]["canonical"] == {"value": "69.9", "unit": "kg"}
    assert m["body_height"]["canonical"] == {"value": "165.1", "unit": "cm"}
    interpretations = {key: entry["interpretation"] for key, entry in m.items()}
    assert interpretations == {
        "systolic_bp": "H",
        "diastolic_bp": "H",
        "heart_rate": "N",
        "respiratory_rate": "N",
        "body_temperature": "N",
        "oxygen_saturation": "N",
        "body_height": None,
        "body_weight": None,
        "head_circumference": None,
        "pain_score": "H",
    }


def test_contract_example_is_accepted(run_cli):
    result = run_cli(EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _assert_example_output(result.json)


def test_contract_example_from_stdin(run_cli):
    result = run_cli(json.dumps(EXAMPLE, indent=2), stdin=True)
    assert result.returncode == 0, result.stderr
    _assert_example_output(result.json)


def test_needs_confirmation_exits_3(run_cli):
    doc = json.loads(json.dumps(EXAMPLE))
    doc["measurements"]["heart_rate"]["value"] = 250
    result = run_cli(doc)
    assert result.returncode == 3, result.stderr
    out = result.json
    _assert_contract_shape(out)
    assert out["status"] == "needs_confirmation"
    assert [p["field"] for p in out["needs_confirmation"]] == ["heart_rate"]
    assert out["errors"] == []

    doc["confirmed"].append("heart_rate")
    confirmed = run_cli(doc)
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.json["status"] == "accepted"


def test_rejected_exits_2_and_lists_every_error(run_cli):
    doc = json.loads(json.dumps(EXAMPLE))
    doc["patient_name"] = "Jane"  # unknown top-level key
    doc["measurements"]["heart_rate"]["value"] = 0  # impossible
    doc["measurements"]["systolic_bp"]["unit"] = "mmHg"  # not UCUM
    del doc["measurements"]["body_temperature"]["method"]  # method required
    doc["measurements"]["glucose"] = {"value": 5, "unit": "mmol/L"}  # unknown measurement
    doc["measurements"]["pain_score"]["colour"] = "red"  # unknown key in a measurement
    doc["confirmed"].append("spleen")  # not a measurement
    result = run_cli(doc)
    assert result.returncode == 2
    out = result.json
    _assert_contract_shape(out)
    assert out["status"] == "rejected"
    fields = {e["field"] for e in out["errors"]}
    assert {
        "patient_name",
        "heart_rate",
        "systolic_bp",
        "body_temperature",
        "glucose",
        "pain_score",
        "confirmed",
    } <= fields
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"birth_date": "1980-06-15",', id="truncated"),
        pytest.param("not json at all", id="not-json"),
        pytest.param("", id="empty"),
        pytest.param('{"a": NaN}', id="NaN"),
        pytest.param('{"measurements": {"heart_rate": {"value": Infinity}}}', id="Infinity"),
        pytest.param("[1, 2, 3]", id="array"),
        pytest.param('"a string"', id="string"),
        pytest.param("42", id="number"),
        pytest.param("null", id="null"),
    ],
)
@pytest.mark.parametrize("via", ["file", "stdin"])
def test_unusable_input_exits_2_with_one_line(run_cli, text, via):
    result = run_cli(text, stdin=via == "stdin")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    if result.stdout:  # a JSON value that is not an object is a rejected document
        assert result.json["status"] == "rejected"


def test_missing_file_exits_2_with_one_line(run_cli, tmp_path):
    missing = tmp_path / "no-such-file.json"
    result = run_cli("", path=str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(missing) in lines[0]
    assert "Traceback" not in result.stderr


def test_file_that_is_not_utf8_exits_2(run_cli, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"sex": "f\xe9male"}'.encode("latin-1"))
    result = run_cli("", path=str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_huge_integer_exits_2_with_one_line(run_cli):
    result = run_cli('{"measurements": {"heart_rate": {"value": ' + "9" * 5000 + "}}}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
