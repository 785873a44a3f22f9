"""FHIR Bulk Data NDJSON of a whole clinic, written fast: the lines of `fhir_export`'s resources.

A whole clinic is millions of Observations, and building each one as nested dicts and encoding
it took most of an export's time. Here a set's usual resources (its panel and members) are written
as JSON text from pieces worked out once: the codes, profiles, categories, units and flags of each
kind of member are encoded once per export, and what the members of a set share (subject,
encounter, times, performer) once per set. A set that needs more (an amendment, entered in error,
an acknowledgement note, a guided BP's readings, a child's growth percentiles) and a member with
supplemental oxygen are built by `fhir_export` itself and encoded with orjson. The tests compare
every line with `fhir_export`'s resource, so both stay the same resources (docs/fhir.md).
"""

from __future__ import annotations

import functools
import hashlib
import operator
import re
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

import orjson

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.growth import ADULT_YEARS, GrowthTables
from vitalsdesk.interop import codes as c
from vitalsdesk.interop import fhir_export as fx
from vitalsdesk.interop.exact_json import Number
from vitalsdesk.interop.records import DeviceRef, MeasurementLike, PatientRecord, SetLike, StaffRef

KindOf = Callable[[str], str]

_URN = "urn:uuid:"
_REFERENCE = re.compile(r'"reference":"urn:uuid:([0-9a-f-]{36})"')
_NAMESPACE_SHA1 = hashlib.sha1(fx._NAMESPACE.bytes)


def _number(value: Any) -> Any:
    if isinstance(value, Number):
        return orjson.Fragment(value.text)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def encode(data: Any) -> str:
    """Compact JSON, as `exact_json.dumps(data, indent=None)` writes it (`Number`s verbatim)."""
    return orjson.dumps(data, default=_number).decode()


def ndjson_line(entry: dict[str, Any], kind_of: KindOf) -> str:
    """`fhir_export.ndjson_line`, encoded with orjson: the resource with the uuid of its fullUrl
    as its id and every urn:uuid reference made "Type/id"."""
    resource = entry["resource"]
    out = {"resourceType": resource["resourceType"], "id": entry["fullUrl"][len(_URN) :]}
    out.update(resource)
    return _REFERENCE.sub(
        lambda m: f'"reference":"{kind_of(_URN + m.group(1))}/{m.group(1)}"', encode(out)
    )


def uuid5(name: str) -> str:
    """`fhir_export._uuid5` with the namespace hashed once: str(uuid5(namespace, name))."""
    digest = _NAMESPACE_SHA1.copy()
    digest.update(name.encode("utf-8"))
    raw = digest.digest()
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[(raw[8] >> 4) & 3]}{h[17:20]}-{h[20:32]}"


def _js(text: str) -> str:
    """A JSON string."""
    return orjson.dumps(text).decode()


@functools.lru_cache(maxsize=8192)
def _quantity(value_text: str, unit: str) -> str:
    return encode(fx._quantity(value_text, unit))


def _measured(m: MeasurementLike) -> str:
    if m.unit in fx._PROFILE_CONVERTS:
        return _quantity(m.canonical_text, m.canonical_unit)
    return _quantity(m.value_text, m.unit)


@functools.lru_cache(maxsize=256)
def _meta(profile: str | None, sample: bool) -> str:
    return ',"meta":' + encode(fx._meta(profile, sample))


@functools.lru_cache(maxsize=64)
def _interpretation(code: str) -> str:
    return ',"interpretation":' + encode(fx._interpretation(code))


@functools.lru_cache(maxsize=256)
def _member_code(key: str, method: str | None) -> str:
    """The category and code of a measured member (fhir_export._member's)."""
    vital = c.MEMBER_BY_KEY[key]
    codings = [vital.concept.coding()]
    text = fx.LABELS[key]
    if key == "body_temperature" and method in c.TEMPERATURE_METHOD:
        codings.append(c.TEMPERATURE_METHOD[method].coding())
        text = f"{text} ({method})"
    if key == "oxygen_saturation":
        codings.append(c.PULSE_OXIMETRY.coding())
    return _category_and(encode({"coding": codings, "text": text}))


def _category_and(code: str) -> str:
    return ',"category":[' + encode(c.VITAL_SIGNS_CATEGORY) + '],"code":' + code


_PANEL_CODE = _category_and(encode({"coding": [c.PANEL.concept.coding()]}))
_BP_CODE = _category_and(encode({"coding": [c.BLOOD_PRESSURE.concept.coding()], "text": "Blood pressure"}))  # fmt: skip
_BMI_CODE = _category_and(encode({"coding": [c.MEMBER_BY_KEY["bmi"].concept.coding()], "text": "BMI"}))  # fmt: skip
_SYSTOLIC_CODE = '"code":' + encode({"coding": [c.SYSTOLIC.coding()]})
_DIASTOLIC_CODE = '"code":' + encode({"coding": [c.DIASTOLIC.coding()]})
_NOT_PERFORMED = ',"dataAbsentReason":' + encode(fx._data_absent("not-performed", "Not Performed"))


@functools.lru_cache(maxsize=256)
def _confirmed(reason: str | None) -> str:
    return encode({"url": c.EXT_CONFIRMED, "valueString": reason or "confirmed"})


@functools.lru_cache(maxsize=64)
def _position(position: str | None) -> str:
    extensions = fx._position_extension(position)
    return ',"extension":' + encode(extensions) if extensions else ""


@functools.lru_cache(maxsize=256)
def _bp_interpretation(combined: str | None, category: str | None) -> str:
    interpretation = fx._interpretation(combined)
    if category is not None:
        interpretation.append(
            fx._category_concept(c.BP_CATEGORY_SYSTEM, category, c.BP_CATEGORY_DISPLAY)
        )
    return ',"interpretation":' + encode(interpretation) if interpretation else ""


@functools.lru_cache(maxsize=64)
def _body_site(arm: str | None) -> str:
    if arm not in c.ARM_SITE:
        return ""
    return ',"bodySite":' + encode({"coding": [c.ARM_SITE[arm].coding()], "text": f"{arm} arm"})


@functools.lru_cache(maxsize=64)
def _cuff(cuff: str | None) -> str:
    if cuff is None:
        return ""
    display = c.CUFF_SIZE_DISPLAY.get(cuff, cuff)
    return "," + encode(
        {
            "code": {"coding": [c.CUFF_SIZE.coding()]},
            "valueCodeableConcept": {
                "coding": [{"system": c.CUFF_SIZE_SYSTEM, "code": cuff, "display": display}],
                "text": display,
            },
        }
    )


@functools.lru_cache(maxsize=256)
def _bmi_interpretation(category: str | None) -> str:
    if category is None:
        return ""
    concept = fx._category_concept(c.BMI_CATEGORY_SYSTEM, category, c.BMI_CATEGORY_DISPLAY)
    return ',"interpretation":[' + encode(concept) + "]"


@functools.lru_cache(maxsize=1024)
def _panel_extensions(
    amend_reason: str | None,
    clinician_notified: bool,
    source_clinician_notified: bool | None,
    reference_ranges_version: str,
) -> str:
    """The panel's extensions of a set not entered in error (those name no one)."""
    extensions: list[dict[str, Any]] = []
    if amend_reason:
        extensions.append({"url": c.EXT_AMEND_REASON, "valueString": amend_reason})
    extensions.append({"url": c.EXT_CLINICIAN_NOTIFIED, "valueBoolean": clinician_notified})
    if source_clinician_notified is not None:
        extensions.append(
            {"url": c.EXT_CLINICIAN_NOTIFIED_BY_SOURCE, "valueBoolean": source_clinician_notified}
        )
    extensions.append({"url": c.EXT_REFERENCE_RANGES, "valueString": reference_ranges_version})
    return ',"extension":' + encode(extensions)


@functools.lru_cache(maxsize=512)
def _performer(staff: StaffRef | None, source_text: str | None) -> str:
    reference = fx._person_reference(staff, source_text)
    url = reference["reference"]
    return encode(
        {"reference": "Practitioner/" + url[len(_URN) :], "display": reference["display"]}
    )


@functools.lru_cache(maxsize=512)
def _device(device: DeviceRef) -> str:
    url = fx.device_url(device.uid)
    return ',"device":' + encode(
        {"reference": "Device/" + url[len(_URN) :], "display": device.name}
    )


@functools.lru_cache(maxsize=4096)
def _encounter(visit_uid: str) -> str:
    return ',"encounter":{"reference":"Encounter/' + fx.encounter_url(visit_uid)[len(_URN) :] + '"}'


class NdjsonSets:
    """The Observation lines of sets, as `fhir_export.set_entries` gives them through
    `ndjson_line`."""

    def __init__(self, growth_tables: GrowthTables | None) -> None:
        self.growth_tables = growth_tables

    def lines(
        self,
        s: SetLike,
        patient: PatientRecord,
        patient_url: str,
        by_uid: Mapping[str, SetLike],
        kind_of: KindOf,
    ) -> list[str]:
        """The set's panel, then its members, one JSON text each (no line end)."""
        codes = tuple(m.code for m in s.measurements)
        keys = _member_keys(codes, s.bmi_value is not None)
        if (
            s.replaces_uid is not None
            or s.bp_readings
            or s.status == "entered-in-error"
            or s.acknowledged_by is not None
            or (self._may_chart(keys) and self._may_grow(s, patient))
        ):
            return [
                ndjson_line(entry, kind_of)
                for entry in fx.set_entries(s, patient, patient_url, by_uid, self.growth_tables)
            ]
        sample = patient.is_sample
        set_uid = s.uid
        members_seen = _MEMBERS_SEEN
        uid = _js(set_uid)[1:-1]
        status = _js(s.status)
        visit = _encounter(s.visit.uid) if s.visit is not None else ""
        # Subject to performer: what every resource of the set holds, in fhir_export's order.
        shared = (
            f',"subject":{{"reference":"Patient/{patient_url[9:]}"}}{visit}'
            f',"effectiveDateTime":"{s.taken_at.isoformat()}"'
            f',"issued":"{s.recorded_at.isoformat()}"'
            f',"performer":[{_performer(s.recorded_by, s.source_performer)}]'
        )
        by_code = {m.code: m for m in reversed(s.measurements)}
        ids = {key: uuid5(f"{set_uid}/{key}") for key in keys}
        members = ",".join(f'{{"reference":"Observation/{ids[key]}"}}' for key in keys)
        extensions = _panel_extensions(
            s.amend_reason,
            s.clinician_notified,
            s.source_clinician_notified,
            s.reference_ranges_version,
        )
        out = [
            f'{{"resourceType":"Observation","id":"{uuid5(f"{set_uid}/panel")}"'
            f"{_meta(c.PANEL.profile, sample)}{extensions}"
            f',"identifier":[{{"system":"{c.SET_SYSTEM}","value":"{uid}"}}],"status":{status}'
            f'{_PANEL_CODE}{shared},"hasMember":[{members}]}}'
        ]
        for key in keys:
            head = (
                f'{{"resourceType":"Observation","id":"{ids[key]}"'
                f"{_meta(c.MEMBER_BY_KEY[key].profile, sample)}"
            )
            identifier = (
                f',"identifier":[{{"system":"{c.OBSERVATION_SYSTEM}","value":"{uid}/{key}"}}]'
                f',"status":{status}'
            )
            if key == "bp":
                out.append(self._bp(s, by_code, head, identifier, shared))
            elif key == "bmi":
                out.append(self._bmi(s, ids, head, identifier, shared))
            else:
                m = by_code[key]
                if key == "oxygen_saturation" and m.on_supplemental_oxygen:
                    member = fx._member(s, key, patient_url, sample, by_uid)
                    entry = {"fullUrl": fx.observation_url(set_uid, key), "resource": member}
                    out.append(ndjson_line(entry, kind_of))
                    continue
                confirmed = f',"extension":[{_confirmed(m.confirm_reason)}]' if m.confirmed else ""
                parts = (key, *_MEMBER_PARTS(m))
                code, value = members_seen.get(parts) or _member_parts(parts)
                out.append(f"{head}{confirmed}{identifier}{code}{shared}{value}")
        return out

    def _may_chart(self, keys: tuple[str, ...]) -> bool:
        """Whether a growth percentile could be sent: its tables and a member it is read from
        (fhir_export sends one only with every member it is derived from)."""
        return self.growth_tables is not None and _charted(keys)

    def _may_grow(self, s: SetLike, patient: PatientRecord) -> bool:
        """Whether the set may give growth percentiles: a child's, with the growth tables (the
        adult test is growth_indicators' own, so nothing is computed for an adult)."""
        if self.growth_tables is None:
            return False
        try:
            if age_on(patient.birth_date, s.taken_at.date()).years >= ADULT_YEARS:
                return False
        except ValueError:  # taken before the birth date: no chart applies
            return False
        return bool(fx.set_growth(s, patient, self.growth_tables))

    @staticmethod
    def _bp(
        s: SetLike,
        by_code: Mapping[str, MeasurementLike],
        head: str,
        identifier: str,
        shared: str,
    ) -> str:
        sbp, dbp = by_code.get("systolic_bp"), by_code.get("diastolic_bp")
        # A set's BP is most often one seen before (120/80 N, sitting, no device): its pieces
        # around the set's shared part are a lookup.
        parts = (
            s.bp_category,
            _BP_PARTS(sbp) if sbp is not None else None,
            _BP_PARTS(dbp) if dbp is not None else None,
        )
        before, after = _BP_SEEN.get(parts) or _bp_parts(parts, s.bp_category, sbp, dbp)
        return f"{head}{before}{identifier}{_BP_CODE}{shared}{after}"

    @staticmethod
    def _bmi(s: SetLike, ids: Mapping[str, str], head: str, identifier: str, shared: str) -> str:
        assert s.bmi_value is not None
        reason = s.bmi_confirm_reason
        confirmed = f',"extension":[{_confirmed(reason)}]' if reason else ""
        height, weight = (uuid5(f"{s.uid}/{key}") for key in ("body_height", "body_weight"))
        return (
            f"{head}{confirmed}{identifier}{_BMI_CODE}{shared}"
            f',"valueQuantity":{_quantity(s.bmi_value, "kg/m2")}'
            f"{_bmi_interpretation(s.bmi_category)}"
            f',"derivedFrom":[{{"reference":"Observation/{height}"}}'
            f',{{"reference":"Observation/{weight}"}}]}}'
        )


# What a measured member holds around the set's shared part, by the value's own fields: a
# clinic's values repeat (72 /min N, 98.6 [degF] oral N), so most members are a lookup.
_MEMBER_PARTS = operator.attrgetter(
    "method", "value_text", "unit", "canonical_text", "canonical_unit", "interpretation", "device"
)
_MEMBERS_SEEN: dict[tuple[Any, ...], tuple[str, str]] = {}


def _member_parts(parts: tuple[Any, ...]) -> tuple[str, str]:
    """The code (with the category) and the value to the end of a measured member's line."""
    key, method, value_text, unit, canonical_text, canonical_unit, flag, device = parts
    if unit in fx._PROFILE_CONVERTS:
        quantity = _quantity(canonical_text, canonical_unit)
    else:
        quantity = _quantity(value_text, unit)
    value = (
        f',"valueQuantity":{quantity}{_device(device) if device is not None else ""}'
        f"{_interpretation(flag) if flag is not None else ''}}}"
    )
    pair = (_member_code(key, method), value)
    if len(_MEMBERS_SEEN) < 8192:  # about 400 bytes each
        _MEMBERS_SEEN[parts] = pair
    return pair


_BP_PARTS = operator.attrgetter(
    "value_text",
    "unit",
    "canonical_text",
    "canonical_unit",
    "interpretation",
    "confirmed",
    "confirm_reason",
    "position",
    "arm",
    "cuff_size",
    "device",
)
_BP_SEEN: dict[tuple[Any, ...], tuple[str, str]] = {}


def _bp_parts(
    parts: tuple[Any, ...],
    bp_category: str | None,
    sbp: MeasurementLike | None,
    dbp: MeasurementLike | None,
) -> tuple[str, str]:
    """A BP member's position extension, and everything after the set's shared part."""
    position = (sbp.position if sbp else None) or (dbp.position if dbp else None)
    arm = (sbp.arm if sbp else None) or (dbp.arm if dbp else None)
    cuff = (sbp.cuff_size if sbp else None) or (dbp.cuff_size if dbp else None)
    combined = fx.combined_interpretation([m.interpretation for m in (sbp, dbp) if m is not None])
    device = next((m.device for m in (sbp, dbp) if m is not None and m.device), None)
    after = (
        f"{_bp_interpretation(combined, bp_category)}{_body_site(arm)}"
        f',"component":[{_bp_component(_SYSTOLIC_CODE, sbp)},'
        f"{_bp_component(_DIASTOLIC_CODE, dbp)}{_cuff(cuff)}]"
        f"{_device(device) if device is not None else ''}}}"
    )
    pair = (_position(position), after)
    if len(_BP_SEEN) < 4096:  # about 1 KiB each: a few MiB at most
        _BP_SEEN[parts] = pair
    return pair


@functools.lru_cache(maxsize=1024)
def _member_keys(codes: tuple[str, ...], bmi: bool) -> tuple[str, ...]:
    """fhir_export._member_keys of a set with these measurements (and a BMI or not): a clinic's
    sets come in a few shapes."""

    shape = SimpleNamespace(
        measurements=[SimpleNamespace(code=code) for code in codes],
        bmi_value="bmi" if bmi else None,
    )
    return tuple(fx._member_keys(shape))


@functools.lru_cache(maxsize=1024)
def _charted(keys: tuple[str, ...]) -> bool:
    return any(all(k in keys for k in spec.derived_from) for spec in c.GROWTH_PERCENTILES)


def _bp_component(code: str, m: MeasurementLike | None) -> str:
    if m is None:
        return f"{{{code}{_NOT_PERFORMED}}}"
    confirmed = f'"extension":[{_confirmed(m.confirm_reason)}],' if m.confirmed else ""
    flag = _interpretation(m.interpretation) if m.interpretation is not None else ""
    return f'{{{confirmed}{code},"valueQuantity":{_measured(m)}{flag}}}'
