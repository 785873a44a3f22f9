"""The reference-range table is data: shipped default, clinic override, broken tables (decision 8
of docs/clinical-basis.md)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.ranges import RangeTableError, parse_range_table
from vitalsdesk.reference_ranges import load_reference_ranges, shipped_table

ADULT_HR_HIGH = "H = { above = 100 }"
CLINIC_VERSION = "clinic-test-1"
VERSION_LINE = re.compile(r'^version = "[^"]+"$', re.MULTILINE)


def _default_text(default_table: Path) -> str:
    text = default_table.read_text(encoding="utf-8")
    assert text.count(ADULT_HR_HIGH) == 1
    assert len(VERSION_LINE.findall(text)) == 1
    return text


@pytest.fixture
def default_text(default_table_path: Path) -> str:
    return _default_text(default_table_path)


@pytest.fixture
def clinic_text(default_text: str) -> str:
    """The shipped table with the adult heart-rate H limit moved from > 100 to > 110."""
    return VERSION_LINE.sub(
        f'version = "{CLINIC_VERSION}"',
        default_text.replace(ADULT_HR_HIGH, "H = { above = 110 }"),
    )


def test_shipped_table_loads_and_names_its_version(default_text, check_one):
    meta = tomllib.loads(default_text)["meta"]
    table = shipped_table()
    assert meta["version"] in table.version_label
    result = check_one("heart_rate", 72)
    assert meta["version"] in result.out["reference_ranges_version"]


def test_no_clinic_file_means_the_shipped_table(data_dir):
    assert load_reference_ranges(data_dir) == shipped_table()


def _hr_document(make_doc, make_quantity, value):
    return make_doc({"heart_rate": make_quantity("heart_rate", value)})


def test_clinic_table_overrides_the_shipped_one(data_dir, clinic_text, make_doc, make_quantity):
    (data_dir / "reference_ranges.toml").write_text(clinic_text, encoding="utf-8")
    table = load_reference_ranges(data_dir)
    assert CLINIC_VERSION in table.version_label
    for value, expected in ((100.5, "N"), (105, "N"), (110, "N"), (110.5, "H"), (131, "HH")):
        out = check_document(_hr_document(make_doc, make_quantity, value), table).to_json()
        assert out["measurements"]["heart_rate"]["interpretation"] == expected, value
        assert CLINIC_VERSION in out["reference_ranges_version"]


@pytest.mark.slow
def test_check_follows_the_clinic_table(data_dir, clinic_text, run_cli, make_doc, make_quantity):
    shipped = run_cli(_hr_document(make_doc, make_quantity, 105))
    assert shipped.returncode == 0
    assert shipped.json["measurements"]["heart_rate"]["interpretation"] == "H"
    assert CLINIC_VERSION not in shipped.json["reference_ranges_version"]

    (data_dir / "reference_ranges.toml").write_text(clinic_text, encoding="utf-8")
    clinic = run_cli(_hr_document(make_doc, make_quantity, 105))
    assert clinic.returncode == 0, clinic.stderr
    assert clinic.json["measurements"]["heart_rate"]["interpretation"] == "N"
    assert CLINIC_VERSION in clinic.json["reference_ranges_version"]


EXTRA_ROW = """
[[ranges]]
measurement = "{measurement}"
{body}
"""

BROKEN = {
    "bad-toml": (lambda t: t + "\n[[ranges]\nmeasurement = 'heart_rate'\n", "TOML"),
    "unknown-key": (
        lambda t: t.replace(ADULT_HR_HIGH, ADULT_HR_HIGH + '\ncolour = "red"'),
        "colour",
    ),
    "overlapping-age-bands": (
        lambda t: (
            t
            + EXTRA_ROW.format(
                measurement="heart_rate",
                body='age_from = "17y"\nage_to = "19y"\nH = { above = 120 }',
            )
        ),
        "overlap",
    ),
    "condition-with-two-limits": (
        lambda t: (
            t
            + EXTRA_ROW.format(
                measurement="head_circumference", body="H = { above = 50, at_or_above = 51 }"
            )
        ),
        "head_circumference",
    ),
    "unknown-measurement": (
        lambda t: t + EXTRA_ROW.format(measurement="blood_sugar", body="H = { above = 7 }"),
        "measurement",
    ),
    "age-band-reversed": (
        lambda t: (
            t
            + EXTRA_ROW.format(
                measurement="head_circumference",
                body='age_from = "3y"\nage_to = "1y"\nH = { above = 9 }',
            )
        ),
        "age_from",
    ),
    "condition-not-a-number": (
        lambda t: t.replace(ADULT_HR_HIGH, 'H = { above = "a hundred" }'),
        "heart_rate",
    ),
    "not-utf8": (None, "reference_ranges.toml"),
}


def _write_broken(folder: Path, default_text: str, kind: str) -> Path:
    path = folder / "reference_ranges.toml"
    mutate, _ = BROKEN[kind]
    if mutate is None:
        path.write_bytes(b"\xff\xfe\x00not utf-8")
    else:
        path.write_text(mutate(default_text), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_clinic_table_is_an_error_naming_the_file(data_dir, default_text, kind):
    path = _write_broken(data_dir, default_text, kind)
    with pytest.raises(RangeTableError) as caught:
        load_reference_ranges(data_dir)
    message = str(caught.value)
    assert str(path) in message
    assert BROKEN[kind][1] in message
    assert "\n" not in message.strip()


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind", ["bad-toml", "unknown-key", "overlapping-age-bands", "condition-with-two-limits"]
)
def test_check_with_a_broken_clinic_table(data_dir, default_text, run_cli, make_doc, kind):
    path = _write_broken(data_dir, default_text, kind)
    result = run_cli(make_doc({}))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr


def test_a_table_without_meta_is_refused():
    with pytest.raises(RangeTableError, match=r"clinic\.toml"):
        parse_range_table('[[ranges]]\nmeasurement = "heart_rate"\n', "clinic.toml")
