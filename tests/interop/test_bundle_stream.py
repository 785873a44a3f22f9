"""A bundle file is parsed as it is read (ijson): the same result as parsing its whole text, and
one clear problem for a file that is not a bundle."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.interop.samples import export_of, full_set
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.fhir_import import parse_bundle_file, parse_bundle_text
from vitalsdesk.reference_ranges import load_reference_ranges

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def table() -> RangeTable:
    return load_reference_ranges()


@pytest.mark.parametrize("pretty", [True, False])
def test_a_file_read_as_it_is_parsed_gives_what_its_whole_text_gives(
    table: RangeTable, tmp_path: Path, pretty: bool
) -> None:
    first = full_set()
    amended = full_set("22222222-2222-4222-8222-222222222222", status="amended",
                       replaces_uid=first.uid, amend_reason="typo")  # fmt: skip
    voided = full_set("33333333-3333-4333-8333-333333333333", status="entered-in-error")
    text = bundle_json(
        build_bundle(export_of(first, amended, voided), timestamp=NOW), pretty=pretty
    )
    bundle = json.loads(text)
    encounter = {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
    }
    bundle["entry"].append({"resource": encounter})
    bundle["entry"].append({"fullUrl": "urn:uuid:x", "resource": {"resourceType": "Nope"}})
    text = "\ufeff" + json.dumps(bundle, indent=2 if pretty else None)  # with a byte-order mark
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    streamed = parse_bundle_file(path, table, NOW)
    whole = parse_bundle_text(text.encode("utf-8"), table, NOW)
    assert streamed == whole
    assert streamed.set_count == 3 and streamed.ignored == {"Encounter": 1}
    assert [str(p) for p in streamed.problems] == [
        f'entry {len(bundle["entry"]) - 1} (urn:uuid:x): "Nope" is not a FHIR resource type'
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "bundle: not valid JSON"),
        (b"\xff\xfe\x00", "bundle: not valid JSON"),
        ("[1, 2]", "bundle: the file is not a FHIR resource"),
        ('{"resourceType": "Patient"}', 'bundle: resourceType is "Patient", expected "Bundle"'),
        ('{"resourceType": "Bundle"}', "bundle: not a valid FHIR Bundle: type:"),
        (
            '{"resourceType": "Bundle", "type": "collection", "entry": {}}',
            "bundle: Bundle.entry must be a list",
        ),
        (
            '{"resourceType": "Bundle", "type": "collection", "entry": 3}',
            "bundle: Bundle.entry must be a list",
        ),
        ('{"resourceType": "Bundle", "type": "collection", "total": NaN}', "bundle: not valid"),
        ('{"resourceType": "Bundle", "type": "collection", "entry": [', "bundle: not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_bundle_is_one_clear_problem(
    text: str | bytes, message: str, table: RangeTable, tmp_path: Path
) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    parsed = parse_bundle_file(path, table, NOW)
    assert parsed.patients == ()
    [problem] = parsed.problems
    assert str(problem).startswith(message), str(problem)
