"""CSV rows for spreadsheets (pure): one row per measurement, formula injection neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from tests.interop.samples import FULL, PATIENT, export_of, full_set
from vitalsdesk.interop import csv_export
from vitalsdesk.interop.csv_export import COLUMNS, neutralise, rows, to_text
from vitalsdesk.interop.records import StaffRef


def table_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_measurement_and_one_for_bmi() -> None:
    s = full_set(superseded=True)
    text = to_text(rows(export_of(s)))
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    table = table_of(text)
    assert [r["code"] for r in table] == [
        "systolic_bp",
        "diastolic_bp",
        "heart_rate",
        "respiratory_rate",
        "body_temperature",
        "oxygen_saturation",
        "body_height",
        "body_weight",
        "pain_score",
        "bmi",
    ]
    temp = table[4]
    assert temp == {
        "mrn": "M-1",
        "set_uid": s.uid,
        "taken_at": "2026-11-27T09:30:00-05:00",
        "status": "final",
        "superseded": "yes",
        "replaces_set_uid": "",
        "code": "body_temperature",
        "loinc": "8310-5",
        "value": "98.6",
        "unit": "[degF]",
        "method": "oral",
        "canonical_value": "37",
        "canonical_unit": "Cel",
        "interpretation": "N",
        "recorded_by": "Ana MA",
        "imported": "no",
    }
    assert (table[0]["loinc"], table[1]["loinc"]) == ("8480-6", "8462-4")
    weight = table[7]
    assert (weight["value"], weight["unit"], weight["canonical_value"]) == (
        "154.0",
        "[lb_av]",
        "69.853225",
    )
    bmi = table[9]
    assert (bmi["loinc"], bmi["value"], bmi["unit"], bmi["interpretation"]) == (
        "39156-5",
        "25.6",
        "kg/m2",
        "",  # a BMI is never flagged (decision 20)
    )


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ana MA", "Ana MA"),
        ("2026-11-27T09:30:00-05:00", "2026-11-27T09:30:00-05:00"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_injection_through_names_and_mrns_is_neutralised() -> None:
    s = full_set(recorded_by=StaffRef(username="x", display_name="=cmd|' /C calc'!A0"))
    patient = PATIENT.model_copy(update={"mrn": "-12"})
    table = table_of(to_text(rows(export_of(s, patient=patient))))
    assert {r["recorded_by"] for r in table} == {"'=cmd|' /C calc'!A0"}
    assert {r["mrn"] for r in table} == {"'-12"}
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_progress_is_reported_per_set() -> None:
    calls: list[tuple[int, int]] = []
    list(rows(export_of(full_set(), full_set(uid="x2")), lambda d, t: calls.append((d, t))))
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_a_batch_of_sets_gives_the_rows_of_each_set() -> None:
    """The whole-clinic export's text (a patient's sets at a time) is `set_rows` of each set as
    csv.writer writes them, for every kind of set and unit, with formula-like text neutralised
    and commas, quotes and line breaks quoted in every column."""
    from tests.interop.test_ndjson_lines import every_kind_of_set

    sets = [s for _, s in every_kind_of_set()]
    odd = full_set(
        "=cmd",
        recorded_by=None,
        source_performer='+SUM(A1) "Dr, Bo"',
        replaces_uid="@x",
        measurements=tuple(
            x.model_copy(
                update={
                    "value_text": "-5",
                    "canonical_text": '=1,"2"',
                    "unit": "+u\nv",
                    "canonical_unit": "-c",
                    "method": "@m,\r",
                }
            )
            for x in FULL[:3]
        ),
    )
    sets.append(odd)
    for mrn in ("M-1", "-1", "=HYPERLINK()"):
        expected = [row for s in sets for row in csv_export.set_rows(mrn, s)]
        assert csv_export.sets_text(mrn, sets) == (to_text(expected), len(expected))
        assert len(expected) > 6 * len(sets)
    [row, *_] = csv.reader(io.StringIO(csv_export.sets_text("M", [odd])[0]))
    assert row[:3] == ["M", "'=cmd", odd.taken_at.isoformat()]
    assert row[8:12] == ["'-5", "'+u\nv", "'@m,\r", '\'=1,"2"']
