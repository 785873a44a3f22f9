"""The sample bundles in docs/fhir/ (for EHR integrators) are valid and import cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.fhir_checks import by_code, check_bundle
from vitalsdesk.interop.fhir_import import parse_bundle_text
from vitalsdesk.reference_ranges import load_reference_ranges

DOCS = Path(__file__).resolve().parents[2] / "docs" / "fhir"


@pytest.mark.parametrize("name", ["sample-bundle.json", "sample-amendments-bundle.json"])
def test_a_sample_bundle_conforms_and_imports_cleanly(name: str) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    raw = check_bundle(text)
    assert by_code(raw, "85354-9") and by_code(raw, "39156-5")  # it shows BP and BMI
    parsed = parse_bundle_text(text, load_reference_ranges())
    assert parsed.problems == ()
    assert parsed.set_count == len(by_code(raw, "85353-1"))


def test_the_amendments_sample_shows_every_status_and_the_link() -> None:
    raw = check_bundle((DOCS / "sample-amendments-bundle.json").read_text(encoding="utf-8"))
    panels = by_code(raw, "85353-1")
    assert sorted(p["status"] for p in panels) == ["amended", "entered-in-error", "final"]
    amended = next(p for p in panels if p["status"] == "amended")
    original = next(p for p in panels if p["status"] == "final")
    [replaces] = [x for x in amended["extension"] if x["url"].endswith("/observation-replaces")]
    assert replaces["valueReference"]["identifier"]["value"] == original["identifier"][0]["value"]
