"""Hypothesis at every door where outside text comes in: range tables, handout templates,
FHIR bundles, and what an MA types into a number field. No crash; every refusal says why."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vitalsdesk.clinical.ranges import RangeTableError, parse_range_table
from vitalsdesk.handouts.library import load_library
from vitalsdesk.interop.fhir_import import parse_bundle, parse_bundle_text
from vitalsdesk.paths import resource
from vitalsdesk.reference_ranges import shipped_table

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLE = shipped_table()
SHIPPED_RANGES = tomllib.loads(resource("reference_ranges", "default.toml").read_text("utf-8"))
SHIPPED_TEMPLATE = resource("handouts", "wound-care.en.toml").read_text("utf-8")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value))


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_as_a_range_table(text: str) -> None:
    try:
        parse_range_table(text, "clinic.toml")
    except RangeTableError as exc:
        assert str(exc).startswith("clinic.toml: ")


@FUZZ
@given(
    section=st.sampled_from(["limits", "ranges", "bp_category", "bmi_category"]),
    index=st.integers(0, 5),
    key=st.sampled_from(
        [
            "measurement",
            "age_from",
            "age_to",
            "sex",
            "method",
            "LL",
            "H",
            "reject",
            "categories",
            "default",
            "bogus",
        ]
    ),
    value=json_like,
)
def test_a_broken_row_in_the_shipped_table(section: str, index: int, key: str, value: Any) -> None:
    """One row of the real table changed to anything: a clear error naming the file, or a table."""
    data = json.loads(json.dumps(SHIPPED_RANGES, default=str))
    rows = data[section]
    rows[index % len(rows)][key] = value
    try:
        parse_range_table(_dump_toml(data), "clinic.toml")
    except RangeTableError as exc:
        assert "clinic.toml" in str(exc) and len(str(exc)) > len("clinic.toml: ")


def _dump_toml(data: dict[str, Any]) -> str:
    """A tiny TOML writer for this table's shape (inline tables for rows)."""

    def inline(value: Any) -> str:
        if value is None:
            return '""'
        if isinstance(value, dict):
            return (
                "{ " + ", ".join(f"{json.dumps(k)} = {inline(v)}" for k, v in value.items()) + " }"
            )
        if isinstance(value, list):
            return "[" + ", ".join(inline(v) for v in value) + "]"
        return _toml_value(value)

    lines = []
    for name, value in data.items():
        if isinstance(value, list):
            lines.append(f"{name} = {inline(value)}")
        else:
            lines.append(f"{name} = {inline(value)}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(cut=st.integers(0, len(SHIPPED_TEMPLATE)), junk=st.text(max_size=40))
def test_a_damaged_clinic_template_never_stops_the_library(
    tmp_path_factory: pytest.TempPathFactory, cut: int, junk: str
) -> None:
    folder = tmp_path_factory.mktemp("handouts")
    (folder / "wound-care.en.toml").write_text(
        SHIPPED_TEMPLATE[:cut] + junk + SHIPPED_TEMPLATE[cut:], encoding="utf-8"
    )
    library = load_library(folder)
    assert (
        library.get("wound-care", "en") is not None
    )  # the shipped one, or the clinic's if it parsed
    for problem in library.errors:
        assert "wound-care.en.toml" in str(problem) and problem.message


@FUZZ
@given(document=json_like)
def test_any_json_as_a_fhir_bundle(document: Any) -> None:
    parsed = parse_bundle(document, TABLE)
    for problem in parsed.problems:
        assert str(problem)


@FUZZ
@given(text=st.binary(max_size=300))
def test_any_bytes_as_a_fhir_bundle(text: bytes) -> None:
    parsed = parse_bundle_text(text, TABLE)
    assert parsed.set_count == 0 or not parsed.problems or all(str(p) for p in parsed.problems)


@FUZZ
@given(text=st.text(max_size=30))
def test_anything_typed_into_a_number_field(text: str) -> None:
    pytest.importorskip("PySide6", reason="the GUI's parser lives in vitalsdesk.gui")
    from vitalsdesk.presentation.vitals_entry import parse_decimal, split_pair

    value = parse_decimal(text)
    assert value is None or value.is_finite()
    first, second = split_pair(text)
    assert isinstance(first, str) and (second is None or isinstance(second, str))
