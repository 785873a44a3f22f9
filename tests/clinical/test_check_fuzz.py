"""Random documents never break `check_document` or the measurement models.

Properties: no exception; status is one of the three; every error / needs_confirmation entry has a
non-empty field and message; rejected if and only if there are errors; the output is plain JSON.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.measurements import MODEL_OF, Measurements, VitalSignSet
from vitalsdesk.reference_ranges import shipped_table

# Module level, not a fixture: Hypothesis would print the whole table with every failing example.
TABLE = shipped_table()

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = sorted(MODEL_OF)
UNITS = ["mm[Hg]", "/min", "Cel", "[degF]", "%", "cm", "[in_i]", "kg", "g", "[lb_av]", "{score}"]
JUNK_UNITS: list[object] = [
    "L/min",
    "mmHg",
    "bpm",
    "C",
    "F",
    "lbs",
    "in",
    "",
    " kg",
    "KG",
    None,
    5,
    [],
    {},
]
METHODS = ["oral", "tympanic", "temporal", "axillary", "rectal"]
SEXES = ["female", "male", "other", "unknown"]
ODD_NUMBERS = [
    Decimal("1E-999999999"),
    Decimal("-1E-999999999"),
    Decimal("0E-5000000000"),
    Decimal("1E+999999"),
    Decimal("-0"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("999999.99"),
    Decimal("1000000"),
    Decimal("0.0000000001"),
    float("nan"),
    float("inf"),
    5e-324,
    1e308,
    10**40,
    -(10**40),
    "98.6",
    "37,5",
    " 72 ",
    "abc",
    "",
    True,
    False,
    None,
    [],
    {},
]

# -- random JSON-like trees ---------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.decimals(),
    st.text(max_size=12),
    st.sampled_from(ODD_NUMBERS),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from([*KEYS, "value", "unit", "method"]), st.text(max_size=8)),
            children,
            max_size=4,
        ),
    ),
    max_leaves=16,
)

# -- near-valid documents --------------------------------------------------------------------------

plausible_numbers = st.one_of(
    st.integers(min_value=-5, max_value=700),
    st.decimals(min_value=-5, max_value=700, places=2, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-5, max_value=700, allow_nan=False),
)
values = st.one_of(
    plausible_numbers, plausible_numbers, plausible_numbers, st.sampled_from(ODD_NUMBERS), trees
)
units = st.one_of(st.sampled_from(UNITS), st.sampled_from(JUNK_UNITS), st.text(max_size=6))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@st.composite
def quantities(draw: st.DrawFn, key: str) -> Any:
    if draw(st.integers(0, 30)) == 0:
        return draw(trees)
    q: dict[str, Any] = {}
    if draw(st.integers(0, 15)):
        q["value"] = draw(values)
    if draw(st.integers(0, 15)):
        q["unit"] = draw(units)
    if key == "body_temperature" and draw(st.integers(0, 8)):
        q["method"] = draw(st.one_of(st.sampled_from(METHODS), st.sampled_from(["", "ear", None])))
    if key == "oxygen_saturation" and draw(st.booleans()):
        q["on_supplemental_oxygen"] = draw(st.one_of(st.booleans(), scalars))
        if draw(st.booleans()):
            q["oxygen_flow"] = draw(values)
    if key in ("systolic_bp", "diastolic_bp") and draw(st.integers(0, 4)) == 0:
        q[draw(st.sampled_from(["position", "arm", "cuff_size"]))] = draw(
            st.sampled_from(["sitting", "left", "adult", "upside-down", 3, None])
        )
    if draw(st.integers(0, 20)) == 0:
        q[draw(st.text(max_size=6))] = draw(scalars)
    return q


@st.composite
def near_valid_documents(draw: st.DrawFn) -> Any:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
    after = draw(st.integers(min_value=-30, max_value=40000))
    taken_day = birth + timedelta(days=after) if after >= 0 else birth - timedelta(days=-after)
    taken_day = min(max(taken_day, date(1900, 1, 2)), date(2099, 12, 31))
    taken = datetime.combine(taken_day, datetime.min.time()) + timedelta(
        minutes=draw(st.integers(0, 24 * 60 - 1))
    )
    taken = taken.replace(tzinfo=draw(offsets))
    doc: dict[str, Any] = {
        "birth_date": birth.isoformat() if draw(st.integers(0, 20)) else draw(scalars),
        "sex": draw(st.sampled_from(SEXES)) if draw(st.integers(0, 20)) else draw(scalars),
        "taken_at": taken.isoformat() if draw(st.integers(0, 20)) else draw(scalars),
    }
    chosen = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=len(KEYS)))
    measurements: dict[str, Any] = {key: draw(quantities(key)) for key in chosen}
    if draw(st.integers(0, 15)) == 0:
        measurements[draw(st.text(max_size=8))] = draw(trees)
    doc["measurements"] = measurements if draw(st.integers(0, 30)) else draw(trees)
    doc["confirmed"] = (
        draw(st.lists(st.sampled_from([*KEYS, "bmi", "spleen", ""]), max_size=4))
        if draw(st.integers(0, 20))
        else draw(trees)
    )
    for key in ("birth_date", "sex", "taken_at", "measurements", "confirmed"):
        if draw(st.integers(0, 40)) == 0:
            del doc[key]
    if draw(st.integers(0, 20)) == 0:
        doc[draw(st.text(max_size=8))] = draw(scalars)
    return doc


def _assert_well_formed(document: Any) -> dict[str, Any]:
    result = check_document(document, TABLE)
    assert result.status in ("accepted", "needs_confirmation", "rejected")
    for problem in [*result.errors, *result.needs_confirmation]:
        assert isinstance(problem.field, str)
        assert problem.field
        assert isinstance(problem.message, str)
        assert problem.message.strip()
    assert (result.status == "rejected") == bool(result.errors)
    if result.status == "accepted":
        assert result.needs_confirmation == []
    if result.status == "needs_confirmation":
        assert result.needs_confirmation
    out = result.to_json()
    json.dumps(out, allow_nan=False)
    assert set(out["measurements"]) <= set(MODEL_OF)
    for entry in out["measurements"].values():
        assert entry["interpretation"] in ("N", "L", "H", "LL", "HH", None)
        assert entry["message"]
        assert len(entry["canonical"]["value"]) < 2000
    return out


@FUZZ
@given(document=trees)
def test_random_json_trees_never_break_check(document):
    out = _assert_well_formed(document)
    if not isinstance(document, dict):
        assert out["status"] == "rejected"


@FUZZ
@given(document=near_valid_documents())
def test_near_valid_documents_never_break_check(document):
    out = _assert_well_formed(document)
    if out["status"] != "rejected":
        assert set(out["measurements"]) == set(document.get("measurements", {}))


@FUZZ
@given(key=st.sampled_from(KEYS), data=st.data())
def test_measurement_models_only_raise_validation_errors(key, data):
    raw = data.draw(st.one_of(quantities(key), trees))
    try:
        model = MODEL_OF[key].model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            assert err["msg"]
        return
    assert model.value.is_finite()
    assert abs(model.value) < 1_000_000


@FUZZ
@given(document=near_valid_documents())
def test_set_models_only_raise_validation_errors(document):
    with contextlib.suppress(ValidationError):
        Measurements.model_validate(document.get("measurements"))
    with contextlib.suppress(ValidationError):
        VitalSignSet.model_validate(document)
