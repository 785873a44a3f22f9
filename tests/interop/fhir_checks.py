"""Check an exported Bundle against FHIR R4 and the R4 vital-signs profiles.

Independent of vitalsdesk.interop: the codes and rules are written out here again from the FHIR R4
vital-signs profile (as docs/fhir.md restates it for integrators), so a wrong code in the exporter
cannot also make its own check pass.
fhir.resources parses the whole Bundle (R4B models: the same elements as R4 for everything used);
the profile rules it does not know (vs-1, vs-2, vs-3, fixed codes, units, BP components) are
checked here.
"""

from __future__ import annotations

import json
import re
import uuid
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DAR = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
PROFILE = "http://hl7.org/fhir/StructureDefinition/"

# LOINC magic code -> (profile, LOINC display as in the R4 table, UCUM units allowed)
VITAL_SIGNS: dict[str, tuple[str, str, set[str]]] = {
    "85353-1": (
        "vitalspanel",
        "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
        set(),
    ),
    "9279-1": ("resprate", "Respiratory Rate", {"/min"}),
    "8867-4": ("heartrate", "Heart rate", {"/min"}),
    "2708-6": ("oxygensat", "Oxygen saturation in Arterial blood", {"%"}),
    "8310-5": ("bodytemp", "Body temperature", {"Cel", "[degF]"}),
    "8302-2": ("bodyheight", "Body height", {"cm", "[in_i]"}),
    "9843-4": ("headcircum", "Head Occipital-frontal circumference", {"cm", "[in_i]"}),
    "29463-7": ("bodyweight", "Body weight", {"g", "kg", "[lb_av]"}),
    "39156-5": ("bmi", "Body mass index (BMI) [Ratio]", {"kg/m2"}),
    "85354-9": ("bp", "Blood pressure panel with all children optional", set()),
    "72514-3": (
        "vitalsigns",
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        {"{score}"},
    ),
}
# Growth percentiles of a child (decision 17): LOINC code -> (display, the LOINC codes of the
# Observations it is derived from). 59576-9, 8289-1 and 77606-2 as in the US Core Vital Signs value
# set and its pediatric profiles; 8336-0 and 8303-0 as in gematik ISiK / MII ICU and KBV.
GROWTH_PERCENTILES: dict[str, tuple[str, set[str]]] = {
    "8336-0": ("Body weight [Percentile] Per age", {"29463-7"}),
    "8303-0": ("Body height [Percentile]", {"8302-2"}),
    "77606-2": ("Weight-for-length Per age and sex", {"29463-7", "8302-2"}),
    "59576-9": ("Body mass index (BMI) [Percentile] Per age and sex", {"39156-5"}),
    "8289-1": ("Head Occipital-frontal circumference Percentile", {"9843-4"}),
}
VITAL_SIGNS.update(
    {code: ("vitalsigns", display, {"%"}) for code, (display, _) in GROWTH_PERCENTILES.items()}
)
TEMPERATURE_METHODS = {
    "8331-1": "Oral temperature",
    "8328-7": "Axillary temperature",
    "8332-9": "Rectal temperature",
    "8333-7": "Tympanic membrane temperature",
    "75539-7": "Body temperature - Temporal artery",
}
INTERPRETATIONS = {
    "N": "Normal",
    "L": "Low",
    "H": "High",
    "LL": "Critical low",
    "HH": "Critical high",
    "A": "Abnormal",
    "AA": "Critical abnormal",
}
STATUSES = {"final", "amended", "entered-in-error"}
# A FHIR dateTime with a time (vs-1 wants at least the day; VitalsDesk always sends the zone).
DATETIME_WITH_ZONE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


class BundleProblem(AssertionError):
    pass


def load(text: str) -> tuple[dict[str, Any], Bundle]:
    """The raw JSON (decimals exact) and the fhir.resources model of a bundle."""
    raw = json.loads(text, parse_float=Decimal)
    model = Bundle.model_validate_json(text)
    return raw, model


def _loinc(code: dict[str, Any]) -> list[str]:
    return [c["code"] for c in code.get("coding", []) if c.get("system") == LOINC]


def _check(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise BundleProblem(f"{where}: {message}")


def check_bundle(text: str) -> dict[str, Any]:
    """Every rule, or a BundleProblem naming the entry; returns the raw bundle."""
    raw, model = load(text)
    _check(model.type == "collection", "Bundle", "type must be collection")
    entries = raw["entry"]
    urls = [e["fullUrl"] for e in entries]
    _check(len(set(urls)) == len(urls), "Bundle", "fullUrls must be unique")
    by_url: dict[str, dict[str, Any]] = {}
    for e in entries:
        url = e["fullUrl"]
        _check(url.startswith("urn:uuid:"), url, "fullUrl must be urn:uuid:")
        uuid.UUID(url.removeprefix("urn:uuid:"))
        by_url[url] = e["resource"]
    for url, resource in by_url.items():
        kind = resource["resourceType"]
        if kind == "Patient":
            _check_patient(url, resource)
        elif kind == "Observation":
            _check_observation(url, resource, by_url)
            _check_encounter_link(url, resource, by_url)
        elif kind == "Encounter":
            _check_encounter(url, resource, by_url)
        elif kind == "Device":
            _check_device(url, resource)
        else:
            _check(kind == "Practitioner", url, f"unexpected {kind}")
    return raw


ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


def _check_encounter(url: str, e: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> None:
    """A visit: an ambulatory (v3 ActCode AMB) Encounter of a Patient of the bundle."""
    _check(e["status"] in {"in-progress", "finished"}, url, f"status {e['status']}")
    _check(
        e["class"] == {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        url,
        "class must be v3 ActCode AMB",
    )
    subject = by_url.get(e["subject"]["reference"], {})
    _check(subject.get("resourceType") == "Patient", url, "subject must be a Patient")
    _check("start" in e["period"], url, "period.start")
    _check((e["status"] == "finished") == ("end" in e["period"]), url, "period.end iff finished")


def _check_encounter_link(url: str, o: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> None:
    if "encounter" not in o:
        return
    encounter = by_url.get(o["encounter"]["reference"], {})
    _check(encounter.get("resourceType") == "Encounter", url, "encounter must be in the bundle")
    _check(encounter["subject"] == o["subject"], url, "encounter of another patient")


def _check_device(url: str, d: dict[str, Any]) -> None:
    _check(bool(d.get("identifier")), url, "a Device needs its identifier")
    names = d.get("deviceName", [])
    _check(
        any(n.get("type") == "user-friendly-name" and n.get("name") for n in names),
        url,
        "a Device needs the clinic's name for it",
    )


def _check_patient(url: str, p: dict[str, Any]) -> None:
    ids = p.get("identifier", [])
    _check(
        any(
            i.get("value") and any(c["code"] == "MR" for c in i.get("type", {}).get("coding", []))
            for i in ids
        ),
        url,
        "Patient needs an MRN identifier (type MR)",
    )
    name = p["name"][0]
    _check(bool(name.get("family")) and bool(name.get("given")), url, "name")
    _check(bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.get("birthDate", ""))), url, "birthDate")
    _check(p.get("gender") in {"male", "female", "other", "unknown"}, url, "gender")


def _check_interpretation(where: str, element: dict[str, Any]) -> None:
    for concept in element.get("interpretation", []):
        for coding in concept.get("coding", []):
            if coding["system"] == V3:
                _check(
                    INTERPRETATIONS.get(coding["code"]) == coding.get("display"),
                    where,
                    f"interpretation {coding}",
                )


def _check_quantity(where: str, q: dict[str, Any], units: set[str]) -> None:
    _check(isinstance(q.get("value"), Decimal | int), where, "valueQuantity.value")
    _check(q.get("system") == UCUM, where, "valueQuantity.system must be UCUM")
    _check(q.get("code") in units, where, f"unit {q.get('code')} not in {sorted(units)}")
    _check(bool(q.get("unit")), where, "valueQuantity.unit (human-readable) is missing")


def _check_observation(url: str, o: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> None:
    codes = _loinc(o["code"])
    magic = [c for c in codes if c in VITAL_SIGNS]
    _check(len(magic) == 1, url, f"one vital-signs LOINC code expected, got {codes}")
    profile, display, units = VITAL_SIGNS[magic[0]]
    _check(o["meta"]["profile"] == [PROFILE + profile], url, f"meta.profile must be {profile}")
    coding = next(c for c in o["code"]["coding"] if c["code"] == magic[0])
    _check(coding.get("display") == display, url, f"display of {magic[0]}")
    _check(o["status"] in STATUSES, url, f"status {o['status']}")
    _check(
        any(
            c["system"] == CATEGORY and c["code"] == "vital-signs"
            for cat in o["category"]
            for c in cat["coding"]
        ),
        url,
        "category vital-signs",
    )
    subject = o["subject"]["reference"]
    _check(by_url.get(subject, {}).get("resourceType") == "Patient", url, "subject -> Patient")
    effective = o.get("effectiveDateTime", "")
    _check(bool(DATETIME_WITH_ZONE.fullmatch(effective)), url, f"effectiveDateTime {effective!r}")
    for performer in o.get("performer", []):
        target = by_url.get(performer["reference"], {})
        _check(target.get("resourceType") == "Practitioner", url, "performer -> Practitioner")
    _check(bool(o.get("performer")), url, "performer")
    has_value = any(k.startswith("value") for k in o)
    # vs-2; and the base rule: a dataAbsentReason only without a value.
    _check(
        bool(o.get("component") or o.get("hasMember") or has_value or o.get("dataAbsentReason")),
        url,
        "vs-2: value, dataAbsentReason, component or hasMember",
    )
    _check(not (has_value and o.get("dataAbsentReason")), url, "value and dataAbsentReason")
    for component in o.get("component", []):
        c_value = any(k.startswith("value") for k in component)
        _check(c_value != ("dataAbsentReason" in component), url, "vs-3 on a component")
        _check_interpretation(url, component)
    _check_interpretation(url, o)

    if profile == "vitalspanel":
        _check(not has_value and bool(o.get("hasMember")), url, "panel: hasMember, no value")
        for member in o["hasMember"]:
            found = by_url.get(member["reference"])
            _check(found is not None, url, f"hasMember {member['reference']} not in bundle")
            assert found is not None
            _check(found["subject"] == o["subject"], url, "member subject")
            _check(found["effectiveDateTime"] == effective, url, "member effective")
            _check(found["status"] == o["status"], url, "member status")
    elif profile == "bp":
        _check(not has_value, url, "BP has no value of its own")
        comps = [_loinc(c["code"]) for c in o["component"]]
        for code in ("8480-6", "8462-4"):
            _check(sum(code in c for c in comps) == 1, url, f"BP component {code} once")
        for component in o["component"]:
            if {"8480-6", "8462-4"} & set(_loinc(component["code"])) and (
                "valueQuantity" in component
            ):
                _check_quantity(url, component["valueQuantity"], {"mm[Hg]"})
    else:
        if "valueQuantity" in o:
            _check_quantity(url, o["valueQuantity"], units)
        else:
            _check("dataAbsentReason" in o, url, "value or dataAbsentReason")
    if "device" in o:
        device = by_url.get(o["device"]["reference"])
        _check(
            device is not None and device["resourceType"] == "Device",
            url,
            "Observation.device names a Device in the bundle",
        )
    if profile == "bodytemp":
        methods = [c for c in codes if c in TEMPERATURE_METHODS]
        _check(len(methods) == 1, url, "one method-specific temperature code beside 8310-5")
        method = next(c for c in o["code"]["coding"] if c["code"] == methods[0])
        _check(method["display"] == TEMPERATURE_METHODS[methods[0]], url, "method display")
    if profile == "oxygensat":
        _check("59408-5" in codes, url, "59408-5 beside 2708-6")
    if magic[0] in GROWTH_PERCENTILES:
        value = o["valueQuantity"]["value"]
        _check(0 <= value <= 100, url, f"a percentile is 0 to 100, not {value}")
        sources = [by_url[d["reference"]] for d in o.get("derivedFrom", [])]
        _check(
            {c for s in sources for c in _loinc(s["code"]) if c in VITAL_SIGNS}
            == GROWTH_PERCENTILES[magic[0]][1],
            url,
            "percentile derivedFrom its measurement",
        )
        _check(all(s["subject"] == o["subject"] for s in sources), url, "derivedFrom subject")
    if profile == "bmi":
        sources = [by_url[d["reference"]] for d in o.get("derivedFrom", [])]
        _check(
            sorted(c for s in sources for c in _loinc(s["code"])) == ["29463-7", "8302-2"],
            url,
            "BMI derivedFrom height and weight",
        )


def observations(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Observation"]


def by_code(raw: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [o for o in observations(raw) if code in _loinc(o["code"])]


def comparable(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The Observations with every urn:uuid replaced by what it points to, for comparing bundles
    written by different exports (the Patient's fullUrl is new in each)."""
    names: dict[str, str] = {}
    for e in raw["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Patient":
            names[e["fullUrl"]] = f"Patient|{r['identifier'][0]['value']}"
        elif r["resourceType"] == "Practitioner" and r.get("identifier"):
            names[e["fullUrl"]] = f"Practitioner|{r['identifier'][0]['value']}"
        elif r["resourceType"] == "Practitioner":  # known only by the source's text
            names[e["fullUrl"]] = f"Practitioner|source|{r['name'][0]['text']}"
        else:
            names[e["fullUrl"]] = "Observation|" + r["identifier"][0]["value"]

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, str) and value.startswith("urn:uuid:"):
            return names.get(value, "<unresolved>")
        return value

    return sorted((rename(o) for o in observations(raw)), key=lambda o: o["identifier"][0]["value"])
