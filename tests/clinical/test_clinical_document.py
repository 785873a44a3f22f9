"""The shape of a `check` document: known keys only, every problem listed with its field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vitalsdesk.clinical.assessment import check_document


def test_empty_set_is_accepted(check):
    result = check({})
    assert result.status == "accepted"
    assert result.out["measurements"] == {}
    assert result.out["bmi"] is None
    assert result.out["bp_category"] is None
    assert result.out["reference_ranges_version"]


@pytest.mark.parametrize("sex", ["female", "male", "other", "unknown"])
def test_every_administrative_sex_is_accepted(check_one, sex):
    assert check_one("heart_rate", 72, sex=sex).status == "accepted"


@pytest.mark.parametrize("sex", ["F", "Female", "", "intersex", None, 1])
def test_other_sex_values_are_errors(check_one, sex):
    result = check_one("heart_rate", 72, sex=sex)
    assert result.status == "rejected"
    assert "sex" in result.error_fields()


@pytest.mark.parametrize("missing", ["birth_date", "sex", "taken_at"])
def test_patient_envelope_is_required(table, make_doc, missing):
    doc = make_doc({})
    del doc[missing]
    out = check_document(doc, table).to_json()
    assert out["status"] == "rejected"
    assert missing in [e["field"] for e in out["errors"]]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(patient_name="Jane"), "patient_name"),
        (lambda d: d.update({"": 1}), None),
        (lambda d: d["measurements"].update(glucose={"value": 5, "unit": "mmol/L"}), "glucose"),
        (lambda d: d["measurements"].update({"": {"value": 5}}), None),
        (lambda d: d["measurements"]["heart_rate"].update(site="wrist"), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].pop("value"), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].pop("unit"), "heart_rate"),
        (lambda d: d["measurements"].update(heart_rate=72), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value=True), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value="fast"), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value=None), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value=float("nan")), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value=float("inf")), "heart_rate"),
        (lambda d: d["measurements"]["heart_rate"].update(value=Decimal("NaN")), "heart_rate"),
        (lambda d: d.update(measurements=[]), "measurements"),
        (lambda d: d.update(confirmed="body_weight"), "confirmed"),
        (lambda d: d.update(confirmed=["spleen"]), "confirmed"),
        (lambda d: d.update(confirmed=[1]), "confirmed"),
    ],
)
def test_malformed_parts_are_errors_with_a_field(table, make_doc, make_quantity, mutate, field):
    doc = make_doc({"heart_rate": make_quantity("heart_rate", 72)})
    mutate(doc)
    out = check_document(doc, table).to_json()
    assert out["status"] == "rejected"
    assert out["errors"]
    for error in out["errors"]:
        assert error["field"]
        assert error["message"]
    if field is not None:
        assert field in [e["field"] for e in out["errors"]]


@pytest.mark.parametrize(
    "value",
    [Decimal("1E-999999999"), Decimal("-1E-999999999"), Decimal("0E-5000000000")],
)
def test_absurd_precision_is_refused_not_written_out(table, make_doc, value):
    """A finite JSON number such as 1e-999999999 must not become a billion-digit "as entered"."""
    doc = make_doc({"heart_rate": {"value": value, "unit": "/min"}})
    out = check_document(doc, table).to_json()
    assert out["status"] == "rejected"
    assert [e["field"] for e in out["errors"]] == ["heart_rate"]
    assert len(out["errors"][0]["message"]) < 200


def test_every_error_is_listed_at_once(check, make_quantity):
    result = check(
        {
            "heart_rate": make_quantity("heart_rate", 0),
            "oxygen_saturation": make_quantity("oxygen_saturation", 101),
            "body_temperature": {"value": 37, "unit": "Cel"},
            "pain_score": make_quantity("pain_score", 12),
            "respiratory_rate": make_quantity("respiratory_rate", 16),
        },
        confirmed=["spleen"],
    )
    assert result.status == "rejected"
    assert sorted(result.error_fields()) == [
        "body_temperature",
        "confirmed",
        "heart_rate",
        "oxygen_saturation",
        "pain_score",
    ]
    # The valid value is still assessed beside the errors.
    assert result.interpretation("respiratory_rate") == "N"


def test_errors_and_confirmations_together_are_rejected(check, make_quantity):
    result = check(
        {
            "heart_rate": make_quantity("heart_rate", 250),
            "oxygen_saturation": make_quantity("oxygen_saturation", 101),
        }
    )
    assert result.status == "rejected"
    assert result.error_fields() == ["oxygen_saturation"]
