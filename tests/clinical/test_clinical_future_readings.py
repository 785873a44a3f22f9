"""A reading taken in the future is refused (docs/clinical-basis.md, decision 19).

A `taken_at` more than 10 minutes after the moment of checking is rejected ("in the future");
exactly 10 minutes is accepted. The core reads the clock itself when the caller gives no `now`, so
check, record, the app and every import get the rule.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from vitalsdesk.clinical.assessment import assess, check_document
from vitalsdesk.clinical.measurements import VitalSignSet

NOW = datetime(2026, 6, 15, 14, 30, tzinfo=UTC)
EASTERN = timezone(timedelta(hours=-5))
KIRIBATI = timezone(timedelta(hours=14))


def _doc(taken: datetime) -> dict:
    return {
        "birth_date": "1980-06-15",
        "sex": "female",
        "taken_at": taken.isoformat(),
        "measurements": {"heart_rate": {"value": 72, "unit": "/min"}},
    }


@pytest.mark.parametrize(
    ("ahead", "status"),
    [
        (timedelta(days=-400), "accepted"),
        (timedelta(0), "accepted"),
        (timedelta(minutes=9, seconds=59), "accepted"),
        (timedelta(minutes=10), "accepted"),
        (timedelta(minutes=10, microseconds=1), "rejected"),
        (timedelta(minutes=10, seconds=1), "rejected"),
        (timedelta(minutes=11), "rejected"),
        (timedelta(days=1), "rejected"),
        (timedelta(days=365), "rejected"),
    ],
    ids=str,
)
@pytest.mark.parametrize("zone", [UTC, EASTERN, KIRIBATI], ids=["utc", "utc-5", "utc+14"])
def test_more_than_10_minutes_ahead_is_rejected(table, ahead, status, zone):
    out = check_document(_doc((NOW + ahead).astimezone(zone)), table, now=NOW).to_json()
    assert out["status"] == status, out
    if status == "rejected":
        assert [e["field"] for e in out["errors"]] == ["taken_at"]
        assert "in the future" in out["errors"][0]["message"]
    else:
        assert out["errors"] == []


def test_the_message_reads_well_for_an_ma(table):
    taken = datetime(2026, 6, 15, 9, 45, tzinfo=EASTERN)  # 14:45 UTC, 15 minutes ahead
    out = check_document(_doc(taken), table, now=NOW).to_json()
    message = out["errors"][0]["message"]
    assert message == (
        "The time taken (15 Jun 2026 09:45) is in the future. Check the date and the time."
    )
    for jargon in ("taken_at", "UTC", "ISO", "timestamp", "T09"):
        assert jargon not in message


def test_the_other_values_are_still_checked_and_listed(table):
    """The MA sees every problem at once: the date and an impossible value."""
    doc = _doc(NOW + timedelta(days=2))
    doc["measurements"]["oxygen_saturation"] = {"value": 101, "unit": "%"}
    out = check_document(doc, table, now=NOW).to_json()
    assert out["status"] == "rejected"
    assert [e["field"] for e in out["errors"]] == ["taken_at", "oxygen_saturation"]
    assert out["measurements"]["heart_rate"]["interpretation"] == "N"


def test_assess_applies_the_rule_too(table):
    """assess() is what recording and imports call with an already valid set."""
    vitals = VitalSignSet.model_validate(_doc(NOW + timedelta(hours=3)))
    assert assess(vitals, table, now=NOW).status == "rejected"
    assert assess(vitals, table, now=NOW + timedelta(hours=3)).status == "accepted"


def test_without_now_the_core_reads_the_clock(table):
    clock = datetime.now(UTC)
    tomorrow = check_document(_doc(clock + timedelta(days=1)), table).to_json()
    assert tomorrow["status"] == "rejected"
    assert "in the future" in tomorrow["errors"][0]["message"]
    # Well inside the margin, so a slow test run cannot push it over.
    soon = check_document(_doc(clock + timedelta(minutes=5)), table).to_json()
    assert soon["status"] == "accepted", soon
    vitals = VitalSignSet.model_validate(_doc(clock + timedelta(days=1)))
    assert assess(vitals, table).status == "rejected"


@pytest.mark.slow
def test_check_command_rejects_a_future_reading(run_cli):
    result = run_cli(_doc(datetime.now(UTC) + timedelta(days=1)))
    assert result.returncode == 2
    assert result.json["status"] == "rejected"
    assert "in the future" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
