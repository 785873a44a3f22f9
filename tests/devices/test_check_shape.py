"""A decoded reading's measurements are `vitalsdesk check` input as they stand."""

from __future__ import annotations

from typing import Any

import pytest

from tests.devices.payloads import BP, PLX, TEMPERATURE, WEIGHT, read
from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.devices.gatt import Characteristic
from vitalsdesk.reference_ranges import shipped_table

TABLE = shipped_table()


def _check(measurements: dict[str, Any]) -> Any:
    return check_document(
        {
            "birth_date": "1980-06-15",
            "sex": "female",
            "taken_at": "2026-11-27T09:30:00-05:00",
            "measurements": measurements,
        },
        TABLE,
    )


@pytest.mark.parametrize(
    ("characteristic", "payload", "keys"),
    [
        (BP, "04 7800 5000 5d00 4800", {"systolic_bp", "diastolic_bp", "heart_rate"}),
        (TEMPERATURE, "04 6e0100ff 06", {"body_temperature"}),  # oral
        (TEMPERATURE, "05 da0300ff 01", {"body_temperature"}),  # Fahrenheit, axillary
        (WEIGHT, "00 b036", {"body_weight"}),  # kg
        (WEIGHT, "09 483c 0001 b102", {"body_weight", "body_height"}),  # lb and in
        (PLX, "00 6100 4800", {"oxygen_saturation", "heart_rate"}),
    ],
)
def test_check_accepts_the_decoded_measurements(
    characteristic: Characteristic, payload: str, keys: set[str]
) -> None:
    measurements = read(characteristic, payload).to_json()["measurements"]
    assert set(measurements) == keys
    result = _check(measurements)
    assert result.status == "accepted", result.errors
    for key in keys:
        assert result.measurements[key].value == measurements[key]["value"]


def test_a_temperature_with_no_method_is_for_the_ma_to_complete() -> None:
    # The ear lobe names no method of ours: check asks for one rather than guessing.
    measurements = read(TEMPERATURE, "04 6e0100ff 03").to_json()["measurements"]
    assert measurements["body_temperature"]["method"] is None
    result = _check(measurements)
    assert result.status == "rejected"
    [problem] = result.errors
    assert problem.field == "body_temperature"
    assert "method" in problem.message
