"""The import's fast shape check (fhir_shapes) against the fhir.resources R4 models.

It must never accept what the models reject: every bad resource of a corpus made by damaging
each element of exported resources one way at a time is either refused by both or handed to the
models. And the resources VitalsDesk writes must all take the fast path, reading back exactly as
they do through the models."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.interop.samples import FULL, PATIENT, export_of, full_set, m
from vitalsdesk.interop import fhir_import, fhir_shapes
from vitalsdesk.interop.fhir_export import build_bundle, bundle_json
from vitalsdesk.interop.records import BpReadingRecord, DeviceRef, PatientRecord
from vitalsdesk.reference_ranges import shipped_table

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
CUFF = DeviceRef(
    uid="0b9c4c2e-0000-4000-8000-000000000001",
    name="Room 3 cuff",
    model="BP7000",
    serial="SN-1",
    manufacturer="Acme",
)


def _reading(sbp: str, dbp: str, at: str) -> BpReadingRecord:
    return BpReadingRecord(
        systolic_text=sbp,
        diastolic_text=dbp,
        unit="mm[Hg]",
        taken_at=datetime.fromisoformat(f"2026-11-27T{at}-05:00"),
        position="sitting",
    )


def _bundle() -> dict[str, Any]:
    """An export with every kind of resource VitalsDesk writes: a full set with a device, an
    amendment, a set entered in error, a guided BP, a sample patient."""
    from_cuff = tuple(
        x.model_copy(update={"device": CUFF}) if x.code in ("systolic_bp", "diastolic_bp") else x
        for x in FULL
    )
    first = full_set(measurements=from_cuff)
    amended = full_set(
        "22222222-2222-4222-8222-222222222222",
        status="amended",
        replaces_uid=first.uid,
        amend_reason="typo",
        taken_at=first.taken_at.replace(minute=31),
    )
    voided = full_set(
        "33333333-3333-4333-8333-333333333333",
        status="entered-in-error",
        error_reason="wrong patient",
        error_marked_at=NOW,
        taken_at=first.taken_at.replace(minute=32),
    )
    averaged = tuple(
        m("systolic_bp", "121", "mm[Hg]", "121", position="sitting", interpretation="H")
        if x.code == "systolic_bp"
        else m("diastolic_bp", "79", "mm[Hg]", "79", interpretation="N")
        if x.code == "diastolic_bp"
        else x
        for x in FULL
    )
    guided = full_set(
        "44444444-4444-4444-8444-444444444444",
        measurements=averaged,
        bp_category="elevated",
        bp_readings=(_reading("118", "78", "09:28:00"), _reading("123", "79", "09:29:10")),
        taken_at=first.taken_at.replace(minute=33),
    )
    sample = PatientRecord(**{**PATIENT.model_dump(), "mrn": "M-2", "is_sample": True})
    patients = [*export_of(first, amended, voided, guided), *export_of(patient=sample)]
    text = bundle_json(build_bundle(patients, timestamp=NOW))
    document: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return document


BUNDLE = _bundle()
RESOURCES = [e["resource"] for e in BUNDLE["entry"]]


def _model(kind: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(kind)


def _models_accept(resource: Any) -> bool:
    try:
        _model(resource["resourceType"]).model_validate(resource)
    except Exception:
        return False
    return True


def test_every_resource_vitalsdesk_writes_takes_the_fast_path() -> None:
    kinds = {r["resourceType"] for r in RESOURCES}
    assert {"Patient", "Practitioner", "Observation", "Device"} <= kinds
    assert [r for r in RESOURCES if fhir_shapes.read_resource(r["resourceType"], r) is None] == []


def test_the_fast_path_reads_a_bundle_exactly_as_the_models_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = shipped_table()
    fast = fhir_import.parse_bundle(copy.deepcopy(BUNDLE), table, NOW)
    monkeypatch.setattr(fhir_import, "FAST_SHAPES", False)
    slow = fhir_import.parse_bundle(copy.deepcopy(BUNDLE), table, NOW)
    assert fast.set_count == 4
    assert fast == slow


# -- a corpus of bad resources -----------------------------------------------------------------

_BAD_STRINGS: tuple[Any, ...] = (
    "",
    " ",
    "a  b",
    "2026-13-01",
    "2026-11-27T09:30:00",
    "2026-11",
    5,
    True,
    None,
)
_BAD_NUMBERS: tuple[Any, ...] = ("12", True, 1.5, 2**40, None, Decimal("NaN"))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _replaced(resource: Any, path: tuple[Any, ...], new: Any) -> Any:
    out = copy.deepcopy(resource)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def _damaged(resource: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The resource with one element damaged, each way that fits the element."""
    for path, value in _paths(resource):
        where = ".".join(str(p) for p in path) or "(resource)"
        if isinstance(value, dict):
            yield f"{where} +unknown", {**value, "unknownElement": 1} if not path else None
            if path:
                yield f"{where} +unknown", _replaced(resource, path, {**value, "zz": 1})
                yield f"{where} empty", _replaced(resource, path, {})
                yield f"{where} as list", _replaced(resource, path, [value])
        elif isinstance(value, list):
            yield f"{where} empty", _replaced(resource, path, [])
            yield f"{where} [null]", _replaced(resource, path, [None])
            yield f"{where} unlisted", _replaced(resource, path, value[0])
        elif isinstance(value, str):
            for text in _BAD_STRINGS:
                yield f"{where}={text!r}", _replaced(resource, path, text)
        elif isinstance(value, bool):
            yield f"{where}='true'", _replaced(resource, path, "true")
            yield f"{where}=1", _replaced(resource, path, 1)
        elif isinstance(value, int | Decimal):
            for number in _BAD_NUMBERS:
                yield f"{where}={number!r}", _replaced(resource, path, number)
    # Choices: two value[x] or effective[x] at once; an extension with no url.
    yield "two values", {**resource, "valueInteger": 1, "valueQuantity": {"value": 1}}
    yield "two effectives", {**resource, "effectivePeriod": {"start": "2026-11-27T09:30:00Z"}}
    yield "extension without url", {**resource, "extension": [{"valueString": "x"}]}
    two = {"url": "urn:x", "valueString": "x", "valueBoolean": True}
    yield "extension with two values", {**resource, "extension": [two]}


def _corpus() -> list[tuple[str, Any]]:
    # One resource of each shape: the panel, a BP with cuff and device, a temperature, SpO2 with
    # its flow, a BMI, the average BP, a patient, a practitioner, a device.
    wanted = ["85353-1", "85354-9", "8310-5", "59408-5", "39156-5", "96607-7"]
    picked: list[dict[str, Any]] = []
    for code in wanted:
        picked.append(
            next(
                r
                for r in RESOURCES
                if r["resourceType"] == "Observation"
                and code in {c["code"] for c in r["code"]["coding"]}
            )
        )
    for kind in ("Patient", "Practitioner", "Device"):
        picked.append(next(r for r in RESOURCES if r["resourceType"] == kind))
    return [
        (f"{r['resourceType']} {name}", bad)
        for r in picked
        for name, bad in _damaged(r)
        if bad is not None
    ]


def test_the_fast_check_accepts_nothing_the_fhir_models_reject() -> None:
    refused_by_models = 0
    wrongly_accepted = []
    for name, bad in _corpus():
        kind = bad.get("resourceType") if isinstance(bad, dict) else None
        if not isinstance(kind, str) or kind not in fhir_shapes.SHAPES:
            continue
        if _models_accept(bad):
            continue
        refused_by_models += 1
        if fhir_shapes.read_resource(kind, bad) is not None:
            wrongly_accepted.append(name)
    assert wrongly_accepted == []
    assert refused_by_models > 150  # the corpus really is bad


def test_a_bad_resource_is_still_reported_with_the_models_message() -> None:
    document = copy.deepcopy(BUNDLE)
    index = next(
        i for i, e in enumerate(document["entry"]) if e["resource"]["resourceType"] == "Patient"
    )
    document["entry"][index]["resource"]["birthDate"] = "1980-02-30"
    parsed = fhir_import.parse_bundle(document, shipped_table(), NOW)
    [problem] = [p for p in parsed.problems if p.entry == index]
    assert problem.message.startswith("not a valid Patient: birthDate")


def test_the_fast_string_checks_agree_with_the_fhir_patterns() -> None:
    # str.isprintable() is a shortcut for the FHIR string, code and uri patterns: it must never
    # accept a string the pattern refuses, whatever the characters.
    checks = (
        (fhir_shapes._string, fhir_shapes._STRING),
        (fhir_shapes._code, fhir_shapes._CODE),
        (fhir_shapes._uri, fhir_shapes._URI),
    )
    points = [*range(0x3100), 0xFEFF, 0x2028, 0x2029, 0x1680, 0x180E, 0x1D7CE, 0x10FFFF]
    for point in points:
        char = chr(point)
        for text in (char, f"a{char}b", f"{char}a", f"a {char}", f"{char}{char}"):
            for check, pattern in checks:
                try:
                    check(text)
                    accepted = True
                except fhir_shapes.NotRecognised:
                    accepted = False
                assert accepted == bool(pattern.fullmatch(text)), (check.__name__, text)
