"""The rules of entry, without Qt: numbers, "120/80", feet + inches, pounds + ounces, drafts."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.presentation.vitals_entry import (
    VitalsEntry,
    entry_from_measurements,
    feet_and_inches,
    parse_decimal,
    pounds_and_ounces,
    split_pair,
)
from vitalsdesk.reference_ranges import shipped_table

TAKEN = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def table() -> RangeTable:
    return shipped_table()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("98.6", "98.6"),
        ("37,5", "37.5"),
        ("37.50", "37.50"),
        ("72", "72"),
        ("72.", "72"),
        (",5", "0.5"),
        (" 120 ", "120"),
    ],
)
def test_numbers_take_a_dot_or_a_comma_and_keep_their_digits(text: str, value: str) -> None:
    parsed = parse_decimal(text)
    assert parsed is not None
    assert format(parsed, "f") == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12a", "-5", "1e3", "."])
def test_what_is_not_a_number_is_none(text: str) -> None:
    assert parse_decimal(text) is None


def test_a_slash_splits_blood_pressure() -> None:
    assert split_pair("120/80") == ("120", "80")
    assert split_pair("120/") == ("120", "")
    assert split_pair("120") == ("120", None)


def test_feet_and_inches_and_pounds_and_ounces_are_exact() -> None:
    assert feet_and_inches(Decimal(5), Decimal("6.5")) == Decimal("66.5")
    assert feet_and_inches(Decimal(5), None) == Decimal(60)
    assert feet_and_inches(None, None) is None
    assert pounds_and_ounces(Decimal(7), Decimal(6)) == Decimal("7.375")
    assert pounds_and_ounces(Decimal(7), Decimal("6.5")) == Decimal("7.40625")


def test_the_document_carries_units_methods_and_oxygen(table: RangeTable) -> None:
    entry = VitalsEntry(
        texts={
            "systolic": "120/80",
            "diastolic": "80",
            "temperature": "37,2",
            "oxygen_saturation": "93",
            "oxygen_flow": "2",
            "height": "5",
            "height_inches": "6",
            "weight": "150",
            "weight_ounces": "8",
            "pain": "0",
        }
    )
    entry.choices.update(
        temperature_unit="Cel",
        temperature_method="tympanic",
        height_unit="ft_in",
        weight_unit="lb_oz",
        bp_position="sitting",
        on_oxygen="yes",
    )
    document, problems = entry.document(date(1980, 6, 15), "female", TAKEN, include_head=False)
    m = document["measurements"]
    assert problems == {}
    assert m["systolic_bp"] == {"value": "120", "unit": "mm[Hg]", "position": "sitting"}
    assert m["diastolic_bp"]["value"] == "80"
    assert m["body_temperature"] == {"value": "37.2", "unit": "Cel", "method": "tympanic"}
    assert m["oxygen_saturation"] == {
        "value": "93",
        "unit": "%",
        "on_supplemental_oxygen": True,
        "oxygen_flow": "2",
    }
    assert m["body_height"] == {"value": "66", "unit": "[in_i]"}
    assert m["body_weight"] == {"value": "150.5", "unit": "[lb_av]"}
    assert m["pain_score"] == {"value": "0"}
    assert check_document(document, table).status == "accepted"


def test_head_circumference_counts_only_when_the_form_shows_it() -> None:
    entry = VitalsEntry(texts={"head": "45"})
    with_head, _ = entry.document(date(2025, 1, 1), "male", TAKEN, include_head=True)
    without, _ = entry.document(date(2025, 1, 1), "male", TAKEN, include_head=False)
    assert with_head["measurements"]["head_circumference"] == {"value": "45", "unit": "cm"}
    assert without["measurements"] == {}


def test_a_draft_payload_round_trips_and_ignores_junk() -> None:
    entry = VitalsEntry(texts={"heart_rate": "72", "pain": ""}, taken_at=TAKEN, amends=7)
    entry.choices["weight_unit"] = "kg"
    back = VitalsEntry.from_payload(entry.to_payload())
    assert back.texts == {"heart_rate": "72"}
    assert back.choices["weight_unit"] == "kg"
    assert back.taken_at == TAKEN
    assert back.amends == 7
    junk = VitalsEntry.from_payload(
        {"texts": {"evil": "1", "pain": 3}, "choices": {"weight_unit": "stone"}, "amends": True}
    )
    assert junk.texts == {}
    assert junk.choices["weight_unit"] == "[lb_av]"
    assert junk.amends is None
    assert junk.is_empty()


def test_an_amendment_starts_from_the_set_as_entered() -> None:
    entry = entry_from_measurements(
        [
            ("systolic_bp", "128", "mm[Hg]", {"position": "standing"}),
            ("body_temperature", "98.6", "[degF]", {"method": "temporal"}),
            (
                "oxygen_saturation",
                "95",
                "%",
                {"on_supplemental_oxygen": True, "oxygen_flow_text": "2"},
            ),
            ("body_weight", "70.5", "kg", {}),
        ]
    )
    assert entry.texts["systolic"] == "128"
    assert entry.texts["temperature"] == "98.6"
    assert entry.texts["oxygen_flow"] == "2"
    assert entry.choices["temperature_unit"] == "[degF]"
    assert entry.choices["temperature_method"] == "temporal"
    assert entry.choices["bp_position"] == "standing"
    assert entry.choices["on_oxygen"] == "yes"
    assert entry.choices["weight_unit"] == "kg"
