"""A clinic range table cannot switch safety off (docs/clinical-basis.md, decision 20).

A clinic's reference_ranges.toml must state every measurement's reject limits; it may make them
stricter than the built-in physical limits (docs/clinical-basis.md, "Plausibility") but never
looser. A table that is not TOML, or nested absurdly deep, is a clear error naming the file.
Every file here is a real file in a clinic data folder, read by the normal loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.ranges import RangeTable, RangeTableError, TableMeta
from vitalsdesk.reference_ranges import load_reference_ranges

META_ONLY = '[meta]\nid = "clinic"\nversion = "1"\n'

# The shipped reject rows, as written in the shipped table (checked present before each edit).
SBP_REJECT = "reject = [{ at_or_below = 0 }, { at_or_above = 400 }]"
HR = 'measurement = "heart_rate"\n'
HR_REJECT = HR + "reject = [{ at_or_below = 0 }, { at_or_above = 300 }]"
SPO2 = 'measurement = "oxygen_saturation"\n'
SPO2_REJECT = SPO2 + "reject = [{ at_or_below = 0 }, { above = 100 }]"
ADULT_RR_REJECT = "reject = [{ at_or_below = 0 }, { at_or_above = 70 }]"
CHILD_RR_REJECT = "reject = [{ at_or_below = 0 }, { at_or_above = 150 }]"


def _write(folder: Path, text: str) -> Path:
    path = folder / "reference_ranges.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture
def shipped_text(default_table_path: Path) -> str:
    return default_table_path.read_text(encoding="utf-8")


def _refused(folder: Path, text: str) -> str:
    path = _write(folder, text)
    with pytest.raises(RangeTableError) as caught:
        load_reference_ranges(folder)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message


def test_a_clinic_table_with_only_meta_is_refused(data_dir):
    """Regression: such a file used to load, and then pulse 5000 and SpO2 400 % were accepted."""
    message = _refused(data_dir, META_ONLY)
    assert "no reject limits" in message
    for measurement in (
        "systolic_bp",
        "diastolic_bp",
        "heart_rate",
        "respiratory_rate",
        "body_temperature",
        "oxygen_saturation",
        "body_height",
        "body_weight",
        "head_circumference",
        "pain_score",
    ):
        assert measurement in message


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        # Upper limits moved up.
        (SBP_REJECT, "reject = [{ at_or_below = 0 }, { at_or_above = 500 }]", "systolic_bp"),
        (
            SPO2_REJECT,
            SPO2 + "reject = [{ at_or_below = 0 }, { above = 400 }]",
            "oxygen_saturation",
        ),
        (
            ADULT_RR_REJECT,
            "reject = [{ at_or_below = 0 }, { at_or_above = 100 }]",
            "respiratory_rate",
        ),
        # Lower limit moved down.
        (HR_REJECT, HR + "reject = [{ at_or_below = -5 }, { at_or_above = 300 }]", "heart_rate"),
        # Same numbers, one step looser: "at or above 400" -> "above 400" accepts 400 itself.
        (SBP_REJECT, "reject = [{ at_or_below = 0 }, { above = 400 }]", "systolic_bp"),
        (HR_REJECT, HR + "reject = [{ below = 0 }, { at_or_above = 300 }]", "heart_rate"),
    ],
    ids=["sbp-500", "spo2-400", "adult-rr-100", "hr-below-minus-5", "sbp-above-400", "hr-below-0"],
)
def test_a_looser_reject_limit_is_refused(data_dir, shipped_text, old, new, named):
    message = _refused(data_dir, _edit(shipped_text, old, new))
    assert named in message
    assert "looser than the built-in limit" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (HR_REJECT, HR + "reject = [{ at_or_above = 300 }]", "heart_rate: no lower reject limit"),
        (HR_REJECT, HR + "reject = [{ at_or_below = 0 }]", "heart_rate: no upper reject limit"),
        # The children's respiratory-rate row gone: the adult row does not cover them.
        (
            CHILD_RR_REJECT,
            "confirm = [{ above = 200 }]",
            "respiratory_rate: no lower reject limit under 18y",
        ),
        # Limits for one sex only leave the others without them.
        (
            HR_REJECT,
            HR + 'sex = "female"\n' + HR_REJECT.removeprefix(HR),
            "for sex male, other, unknown",
        ),
    ],
    ids=["hr-no-lower", "hr-no-upper", "rr-children-none", "hr-female-only"],
)
def test_a_missing_reject_limit_is_refused(data_dir, shipped_text, old, new, expected):
    assert expected in _refused(data_dir, _edit(shipped_text, old, new))


def test_a_stricter_reject_limit_is_allowed_and_applies(data_dir, shipped_text, check_one):
    _write(
        data_dir,
        _edit(shipped_text, SBP_REJECT, "reject = [{ at_or_below = 50 }, { at_or_above = 300 }]"),
    )
    table = load_reference_ranges(data_dir)

    def status(value: int) -> tuple[str, list[str]]:
        doc = {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-06-15T09:30:00-05:00",
            "measurements": {"systolic_bp": {"value": value, "unit": "mm[Hg]"}},
        }
        out = check_document(doc, table).to_json()
        return out["status"], [e["message"] for e in out["errors"]]

    assert status(300)[0] == "rejected"
    assert "less than 300" in status(300)[1][0]
    assert status(299)[0] == "needs_confirmation"  # the shipped confirm limit (> 250) still holds
    assert status(50)[0] == "rejected"
    assert status(51)[0] == "needs_confirmation"  # < 70 asks to confirm for adults
    # The shipped table, for comparison: 300 is only unusual there.
    assert check_one("systolic_bp", 300).status == "needs_confirmation"


@pytest.mark.parametrize(
    ("key", "value", "unit"),
    [
        ("heart_rate", 5000, "/min"),
        ("heart_rate", 300, "/min"),
        ("heart_rate", 0, "/min"),
        ("oxygen_saturation", 400, "%"),
        ("oxygen_saturation", 100.1, "%"),
        ("systolic_bp", 400, "mm[Hg]"),
        ("body_temperature", 50, "Cel"),
        ("respiratory_rate", 70, "/min"),
        ("pain_score", 11, "{score}"),
    ],
)
def test_the_built_in_limits_apply_even_to_a_table_without_limits(key, value, unit):
    """The floor of safety is in the code: even a table that skipped the load-time checks (built
    in code, not from a file) cannot accept an impossible value."""
    bare = RangeTable.model_construct(meta=TableMeta(id="bare", version="1"))
    doc = {
        "birth_date": "1980-06-15",
        "sex": "male",
        "taken_at": "2026-06-15T09:30:00-05:00",
        "measurements": {key: {"value": value, "unit": unit}},
    }
    out = check_document(doc, bare).to_json()
    assert out["status"] == "rejected", out
    assert [e["field"] for e in out["errors"]] == [key]


NESTED = {
    "arrays-10000": "x = " + "[" * 10_000 + "]" * 10_000 + "\n",
    "inline-tables-10000": "x = " + "{ a = " * 10_000 + "1" + " }" * 10_000 + "\n",
    "table-header-10000": "[" + ".".join(["a"] * 10_000) + "]\n",
    "array-of-tables-10000": "[[" + ".".join(["a"] * 10_000) + "]]\n",
    "dotted-key-10000": ".".join(["a"] * 10_000) + " = 1\n",
    "integer-of-5000-digits": "x = " + "9" * 5000 + "\n",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
@pytest.mark.parametrize("after_shipped", [False, True], ids=["alone", "after-shipped-table"])
def test_a_deeply_nested_or_unreadable_table_is_a_clear_error(
    data_dir, shipped_text, kind, after_shipped
):
    text = NESTED[kind]
    if after_shipped:
        # The same junk inside an otherwise valid table, under a key of its own.
        text = shipped_text + "\n[junk]\n" + text
    message = _refused(data_dir, text)
    assert "Traceback" not in message
    assert len(message) < 2000


def test_nested_junk_inside_a_row_is_a_clear_error(data_dir, shipped_text):
    deep = "[" * 5000 + "]" * 5000
    message = _refused(
        data_dir,
        shipped_text + f'\n[[ranges]]\nmeasurement = "heart_rate"\nH = {deep}\n',
    )
    assert "nested too deeply" in message


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["meta-only", "arrays-10000", "looser"])
def test_check_with_an_unsafe_clinic_table_exits_2_with_one_line(
    data_dir, shipped_text, run_cli, make_doc, make_quantity, kind
):
    text = {
        "meta-only": META_ONLY,
        "arrays-10000": NESTED["arrays-10000"],
        "looser": _edit(
            shipped_text, HR_REJECT, HR + "reject = [{ at_or_below = 0 }, { above = 9000 }]"
        ),
    }[kind]
    path = _write(data_dir, text)
    result = run_cli(make_doc({"heart_rate": make_quantity("heart_rate", 5000)}))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr
