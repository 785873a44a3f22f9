"""FHIR R4 export: a Bundle (type collection) of Patients, Practitioners and vital-sign Observations.

Pure: it works on the records of `interop.records` and returns plain JSON-ready dicts; the values
are `exact_json.Number`s so each one is written exactly as the MA entered it. docs/fhir.md describes
the shape for EHR integrators; `fhir_import.parse_bundle` reads it back.

Each vital-sign set becomes one vital-signs panel (85353-1) whose `hasMember` lists one Observation
per measurement: BP (85354-9 with systolic and diastolic components), heart rate, respiratory rate,
temperature (8310-5 plus the method's own code), SpO2 (2708-6 plus 59408-5), height, weight, BMI
(derived from height and weight), pain (72514-3) and head circumference; and for a child under 20,
with the growth tables, the growth percentiles (weight-for-age 8336-0, length/height-for-age 8303-0,
weight-for-length 77606-2, BMI-for-age 59576-9, head circumference-for-age 8289-1), each in %,
derived from the measurement it charts.

A set taken in a visit links each of its Observations to the visit's Encounter (`encounter`),
one Encounter per visit in the bundle. A critical set a clinician acknowledged carries, on its
panel, a note by that clinician (author and time): docs/fhir.md says why a note and not a
Provenance.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from vitalsdesk.clinical.growth import (
    BMI_FOR_AGE,
    GrowthResult,
    GrowthTables,
    growth_indicators,
)
from vitalsdesk.clinical.measurements import LABELS, AdministrativeSex
from vitalsdesk.clinical.orthostatic import ORTHOSTATIC_POSITIONS
from vitalsdesk.interop import codes as c
from vitalsdesk.interop.exact_json import Number, dumps
from vitalsdesk.interop.records import (
    BpReadingRecord,
    DeviceRef,
    MeasurementLike,
    PatientExport,
    PatientRecord,
    SetLike,
    StaffRef,
    VisitRecord,
)

Progress = Callable[[int, int], None]

# Observation fullUrls are derived from the set's uid, so exporting the same set twice gives the
# same urn:uuid (the uid itself is random: nothing about the patient can be read from it).
_NAMESPACE = uuid.UUID("c2d0b6ff-ee24-45cf-896f-41032b236601")

_SEVERITY = {"N": 0, "L": 1, "H": 1, "LL": 2, "HH": 2}


def _uuid5(name: str) -> str:
    """str(uuid.uuid5(_NAMESPACE, name)), without building UUID objects (a whole clinic's
    export makes millions)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE.bytes + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@functools.lru_cache(maxsize=256)  # a set's urls are asked for again by its panel and members
def observation_url(set_uid: str, key: str) -> str:
    """The fullUrl of the Observation `key` ("panel", "bp", "heart_rate", ...) of a set."""
    return f"urn:uuid:{_uuid5(f'{set_uid}/{key}')}"


def practitioner_url(username: str) -> str:
    return f"urn:uuid:{_uuid5(f'staff/{username}')}"


def encounter_url(visit_uid: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'visit/{visit_uid}')}"


def source_person_url(text: str) -> str:
    """The fullUrl of a person known only by the text of the system a set was imported from."""
    return f"urn:uuid:{_uuid5(f'source/{text}')}"


def device_url(uid: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'device/{uid}')}"


def observation_identifier(set_uid: str, key: str) -> str:
    return f"{set_uid}/{key}"


def count_sets(patients: Iterable[PatientExport]) -> int:
    return sum(len(p.sets) for p in patients)


def build_bundle(
    patients: Sequence[PatientExport],
    *,
    timestamp: datetime,
    mrn_system: str = c.MRN_SYSTEM,
    progress: Progress | None = None,
    growth_tables: GrowthTables | None = None,
) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict (write it with `bundle_json`). Without `growth_tables`
    no growth percentile is sent."""
    total = count_sets(patients)
    done = 0
    if progress is not None:
        progress(0, total)
    by_uid = {s.uid: s for p in patients for s in p.sets}
    staff: dict[str, StaffRef] = {}
    source_people: set[str] = set()
    devices: dict[str, DeviceRef] = {}
    for p in patients:
        for s in p.sets:
            for m in s.measurements:
                if m.device is not None:
                    devices.setdefault(m.device.uid, m.device)
            for ref in (s.recorded_by, s.error_marked_by, s.acknowledged_by):
                if ref is not None:
                    staff.setdefault(ref.username, ref)
            source_people.update(x for x in (s.source_performer, s.source_error_marked_by) if x)

    entries: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    for p in patients:
        patient_url = f"urn:uuid:{uuid.uuid4()}"
        entries.append(
            {"fullUrl": patient_url, "resource": patient_resource(p.patient, mrn_system)}
        )
        entries.extend(encounter_entries(p.sets, patient_url, p.patient.is_sample))
        for s in p.sets:
            growth = set_growth(s, p.patient, growth_tables) if growth_tables is not None else {}
            observations.extend(_set_entries(s, patient_url, p.patient.is_sample, by_uid, growth))
            done += 1
            if progress is not None:
                progress(done, total)
    for ref in sorted(staff.values(), key=lambda r: r.username):
        entries.append(
            {"fullUrl": practitioner_url(ref.username), "resource": practitioner_resource(ref)}
        )
    for text in sorted(source_people):
        entries.append(
            {"fullUrl": source_person_url(text), "resource": source_person_resource(text)}
        )
    entries.extend(device_entries(devices.values()))
    return {
        "resourceType": "Bundle",
        "meta": {"lastUpdated": timestamp.isoformat()},
        "type": "collection",
        "timestamp": timestamp.isoformat(),
        "entry": entries + observations,
    }


def people_entries(staff: Iterable[StaffRef], source_people: Iterable[str]) -> list[dict[str, Any]]:
    """The Practitioner entries: this clinic's staff, then the source systems' people."""
    return [
        *(
            {"fullUrl": practitioner_url(ref.username), "resource": practitioner_resource(ref)}
            for ref in staff
        ),
        *(
            {"fullUrl": source_person_url(text), "resource": source_person_resource(text)}
            for text in source_people
        ),
    ]


def encounter_entries(
    sets: Iterable[SetLike], patient_url: str, is_sample: bool
) -> list[dict[str, Any]]:
    """One Encounter per visit the patient's sets were taken in (oldest first)."""
    visits = {s.visit.uid: s.visit for s in sets if s.visit is not None}
    return [
        {
            "fullUrl": encounter_url(visit.uid),
            "resource": encounter_resource(visit, patient_url, is_sample),
        }
        for visit in sorted(visits.values(), key=lambda v: (v.started_at, v.uid))
    ]


def device_entries(devices: Iterable[DeviceRef]) -> list[dict[str, Any]]:
    """One Device per device a value of the export came from (in uid order)."""
    return [
        {"fullUrl": device_url(d.uid), "resource": device_resource(d)}
        for d in sorted({d.uid: d for d in devices}.values(), key=lambda d: d.uid)
    ]


def set_entries(
    s: SetLike,
    patient: PatientRecord,
    patient_url: str,
    by_uid: Mapping[str, SetLike],
    growth_tables: GrowthTables | None,
) -> list[dict[str, Any]]:
    """The entries of one set: its panel, then its members. `by_uid`: the other sets of the
    export that an amendment may replace (those of the same patient are enough)."""
    growth = set_growth(s, patient, growth_tables) if growth_tables is not None else {}
    return _set_entries(s, patient_url, patient.is_sample, by_uid, growth)


class BundleWriter:
    """Writes a Bundle entry by entry to a text stream, so a bundle of any size never has to be
    held in memory. `pretty`: indented as `bundle_json` indents a small bundle."""

    def __init__(self, out: Any, *, timestamp: datetime, pretty: bool) -> None:
        self.out = out
        self.pretty = pretty
        self.first = True
        head = {
            "resourceType": "Bundle",
            "meta": {"lastUpdated": timestamp.isoformat()},
            "type": "collection",
            "timestamp": timestamp.isoformat(),
        }
        text = dumps(head, indent=2 if pretty else None)
        # The head without its closing brace, then the entry list.
        out.write(text[:-1].rstrip() + (',\n  "entry": [' if pretty else ',"entry":['))

    def entry(self, entry: dict[str, Any]) -> None:
        if self.pretty:
            text = "\n".join("    " + line for line in dumps(entry, indent=2).split("\n"))
            self.out.write(("\n" if self.first else ",\n") + text)
        else:
            self.out.write(("" if self.first else ",") + dumps(entry, indent=None))
        self.first = False

    def close(self) -> None:
        if self.pretty:
            self.out.write("\n  ]\n}\n" if not self.first else "]\n}\n")
        else:
            self.out.write("]}\n")


def ndjson_line(entry: dict[str, Any], kind_of: Callable[[str], str]) -> str:
    """A bundle entry as one line of a FHIR Bulk Data NDJSON file: the resource with the uuid of
    its fullUrl as its id, and every urn:uuid reference made "Type/id" (`kind_of(url)` names
    the type), since the files have no fullUrls to resolve."""
    resource = entry["resource"]
    out = {"resourceType": resource["resourceType"], "id": entry["fullUrl"][len(_URN) :]}
    out.update(resource)
    text = dumps(out, indent=None)
    # In compact JSON a quote inside a string is escaped, so this matches only real references.
    return _REFERENCE.sub(
        lambda m: f'"reference":"{kind_of(_URN + m.group(1))}/{m.group(1)}"', text
    )


_URN = "urn:uuid:"
_REFERENCE = re.compile(r'"reference":"urn:uuid:([0-9a-f-]{36})"')


# Up to this many sets a bundle is indented for people to read; above, it is compact (the C
# encoder: a tenth of the time and half the size).
PRETTY_UP_TO = 200


def bundle_json(bundle: dict[str, Any], *, pretty: bool = True) -> str:
    return dumps(bundle, indent=2 if pretty else None) + "\n"


# -- resources -------------------------------------------------------------------------------------


def _meta(profile: str | None, sample: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if profile is not None:
        meta["profile"] = [c.profile_url(profile)]
    if sample:
        meta["security"] = [dict(c.TEST_DATA_LABEL)]
    return meta


def patient_resource(patient: PatientRecord, mrn_system: str = c.MRN_SYSTEM) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if patient.is_sample:
        resource["meta"] = _meta(None, True)
    resource["identifier"] = [
        {
            "use": "usual",
            "type": {
                "coding": [
                    {"system": c.IDENTIFIER_TYPE, "code": "MR", "display": "Medical record number"}
                ]
            },
            "system": mrn_system,
            "value": patient.mrn,
        }
    ]
    resource["name"] = [
        {"use": "official", "family": patient.family_name, "given": [patient.given_name]}
    ]
    resource["gender"] = patient.sex
    resource["birthDate"] = patient.birth_date.isoformat()
    resource["communication"] = [
        {
            "language": {"coding": [{"system": c.BCP47, "code": patient.preferred_language}]},
            "preferred": True,
        }
    ]
    return resource


def practitioner_resource(staff: StaffRef) -> dict[str, Any]:
    return {
        "resourceType": "Practitioner",
        "identifier": [{"system": c.STAFF_SYSTEM, "value": staff.username}],
        "name": [{"text": staff.display_name}],
    }


def encounter_resource(visit: VisitRecord, patient_url: str, sample: bool) -> dict[str, Any]:
    """A visit: an ambulatory Encounter of the patient, finished once the visit ended."""
    resource: dict[str, Any] = {"resourceType": "Encounter"}
    if sample:
        resource["meta"] = _meta(None, True)
    resource["identifier"] = [{"system": c.VISIT_SYSTEM, "value": visit.uid}]
    resource["status"] = "finished" if visit.ended_at is not None else "in-progress"
    resource["class"] = dict(c.AMBULATORY)
    resource["subject"] = {"reference": patient_url}
    period = {"start": visit.started_at.isoformat()}
    if visit.ended_at is not None:
        period["end"] = visit.ended_at.isoformat()
    resource["period"] = period
    return resource


def source_person_resource(text: str) -> dict[str, Any]:
    """Someone of the system a set was imported from: a name only, no identifier of this
    clinic's staff (they were never this clinic's account)."""
    return {"resourceType": "Practitioner", "name": [{"text": text}]}


def device_resource(device: DeviceRef) -> dict[str, Any]:
    """A device of the exam room a value came from: the clinic's name for it and what its
    Device Information service said (manufacturer, model, serial number)."""
    resource: dict[str, Any] = {
        "resourceType": "Device",
        "identifier": [{"system": c.DEVICE_SYSTEM, "value": device.uid}],
        "deviceName": [{"name": device.name, "type": "user-friendly-name"}],
    }
    if device.model:
        resource["deviceName"].append({"name": device.model, "type": "model-name"})
        resource["modelNumber"] = device.model
    if device.manufacturer:
        resource["manufacturer"] = device.manufacturer
    if device.serial:
        resource["serialNumber"] = device.serial
    return resource


def _device_reference(*measurements: MeasurementLike | None) -> dict[str, Any]:
    """Observation.device: the first of these values' devices (a BP's systolic, else diastolic)."""
    for m in measurements:
        if m is not None and m.device is not None:
            return {"device": {"reference": device_url(m.device.uid), "display": m.device.name}}
    return {}


def _staff_reference(staff: StaffRef) -> dict[str, Any]:
    return {"reference": practitioner_url(staff.username), "display": staff.display_name}


def _person_reference(staff: StaffRef | None, source_text: str | None) -> dict[str, Any]:
    if staff is not None:
        return _staff_reference(staff)
    assert source_text
    return {"reference": source_person_url(source_text), "display": source_text}


def _quantity(value_text: str, unit: str) -> dict[str, Any]:
    return {
        "value": Number(value_text),
        "unit": c.UNIT_TEXT.get(unit, unit),
        "system": c.UCUM,
        "code": unit,
    }


# The vital-signs profiles bind BP to mm[Hg] and lengths to cm or [in_i]: a value a device gave
# in kPa or m is exported as its exact canonical value (as stored); the device's own unit stays
# in VitalsDesk's record of the reading.
_PROFILE_CONVERTS = frozenset({"kPa", "m"})


def _measured_quantity(m: MeasurementLike) -> dict[str, Any]:
    if m.unit in _PROFILE_CONVERTS:
        return _quantity(m.canonical_text, m.canonical_unit)
    return _quantity(m.value_text, m.unit)


def _interpretation(code: str | None) -> list[dict[str, Any]]:
    if code is None:
        return []
    return [
        {
            "coding": [
                {
                    "system": c.INTERPRETATION,
                    "code": code,
                    "display": c.INTERPRETATION_DISPLAY[code],
                }
            ]
        }
    ]


def _category_concept(system: str, code: str, displays: dict[str, str]) -> dict[str, Any]:
    display = displays.get(code, code)
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def combined_interpretation(codes: Iterable[str | None]) -> str | None:
    """One flag for a reading with several values: the most severe; A/AA when they disagree."""
    present = [x for x in codes if x is not None]
    if not present:
        return None
    worst = max(_SEVERITY[x] for x in present)
    top = {x for x in present if _SEVERITY[x] == worst}
    if len(top) == 1:
        return top.pop()
    return "AA" if worst == 2 else "A"


def _data_absent(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": c.DATA_ABSENT_REASON, "code": code, "display": display}]}


def _confirmed_extension(m: MeasurementLike) -> list[dict[str, Any]]:
    if not m.confirmed:
        return []
    return [{"url": c.EXT_CONFIRMED, "valueString": m.confirm_reason or "confirmed"}]


def _replaces(s: SetLike, key: str, by_uid: Mapping[str, SetLike]) -> list[dict[str, Any]]:
    """observation-replaces: the panel always; a member when the replaced set had that member."""
    if s.replaces_uid is None:
        return []
    old = by_uid.get(s.replaces_uid)
    if key == "panel":
        ref: dict[str, Any] = {}
        if old is not None:
            ref["reference"] = observation_url(old.uid, "panel")
        ref["identifier"] = {"system": c.SET_SYSTEM, "value": s.replaces_uid}
        return [{"url": c.EXT_REPLACES, "valueReference": ref}]
    if old is None or key not in _member_keys(old):
        return []
    return [
        {
            "url": c.EXT_REPLACES,
            "valueReference": {
                "reference": observation_url(old.uid, key),
                "identifier": {
                    "system": c.OBSERVATION_SYSTEM,
                    "value": observation_identifier(old.uid, key),
                },
            },
        }
    ]


def _member_keys(s: SetLike) -> list[str]:
    """The member Observations a set gives, in order."""
    present = {m.code for m in s.measurements}
    keys = []
    for member in c.MEMBERS:
        if member.key == "bp":
            if present & {"systolic_bp", "diastolic_bp"}:
                keys.append("bp")
        elif member.key == "bmi":
            if s.bmi_value is not None:
                keys.append("bmi")
        elif member.key in present:
            keys.append(member.key)
    return keys


def set_growth(s: SetLike, patient: PatientRecord, tables: GrowthTables) -> dict[str, GrowthResult]:
    """The growth indicators of a set, from its stored values (empty from 20 years, and for a
    sex the WHO and CDC charts are not drawn for)."""
    try:
        sex = AdministrativeSex(patient.sex)
    except ValueError:
        return {}

    def canonical(code: str) -> str | None:
        m = s.measurement(code)
        return m.canonical_text if m is not None else None

    try:
        found = growth_indicators(
            tables,
            sex,
            patient.birth_date,
            s.taken_at,
            weight_kg=_decimal(canonical("body_weight")),
            height_cm=_decimal(canonical("body_height")),
            head_circumference_cm=_decimal(canonical("head_circumference")),
            bmi=_decimal(s.bmi_value),
        )
    except ValueError:  # a reading dated before the birth date, or a value no chart can take
        return {}
    if s.bmi_value is None:
        found.pop(BMI_FOR_AGE, None)
    return found


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def _set_entries(
    s: SetLike,
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
    growth: dict[str, GrowthResult],
) -> list[dict[str, Any]]:
    keys = _member_keys(s)
    members = [_member(s, key, patient_url, sample, by_uid) for key in keys]
    measured = set(keys)
    if s.bp_readings and "bp" in keys:
        _guided_bp(s, keys, members, patient_url, sample, by_uid)
    for spec in c.GROWTH_PERCENTILES:
        # After the measured members, and only with every member it is derived from.
        if spec.indicator in growth and measured.issuperset(spec.derived_from):
            keys.append(spec.vital.key)
            members.append(
                _percentile(s, spec, growth[spec.indicator], patient_url, sample, by_uid)
            )
    panel = _base(
        s, c.PANEL, "panel", patient_url, sample, by_uid, extra_extensions=_set_extensions(s)
    )
    panel["hasMember"] = [{"reference": observation_url(s.uid, key)} for key in keys]
    if s.acknowledged_by is not None and s.acknowledged_at is not None:
        panel["note"] = [
            {
                "authorReference": _staff_reference(s.acknowledged_by),
                "time": s.acknowledged_at.isoformat(),
                "text": c.ACKNOWLEDGED_NOTE,
            }
        ]
    return [
        {"fullUrl": observation_url(s.uid, "panel"), "resource": panel},
        *(
            {"fullUrl": observation_url(s.uid, key), "resource": resource}
            for key, resource in zip(keys, members, strict=True)
        ),
    ]


def _set_extensions(s: SetLike) -> list[dict[str, Any]]:
    extensions: list[dict[str, Any]] = []
    if s.amend_reason:
        extensions.append({"url": c.EXT_AMEND_REASON, "valueString": s.amend_reason})
    if s.status == "entered-in-error":
        parts: list[dict[str, Any]] = []
        if s.error_reason:
            parts.append({"url": "reason", "valueString": s.error_reason})
        if s.error_marked_at is not None:
            parts.append({"url": "at", "valueDateTime": s.error_marked_at.isoformat()})
        if s.error_marked_by is not None or s.source_error_marked_by:
            by = _person_reference(s.error_marked_by, s.source_error_marked_by)
            parts.append({"url": "by", "valueReference": by})
        if parts:
            extensions.append({"url": c.EXT_ENTERED_IN_ERROR, "extension": parts})
    # This clinic's own confirmation only; what an imported set's source reported stays apart.
    extensions.append({"url": c.EXT_CLINICIAN_NOTIFIED, "valueBoolean": s.clinician_notified})
    if s.source_clinician_notified is not None:
        extensions.append(
            {
                "url": c.EXT_CLINICIAN_NOTIFIED_BY_SOURCE,
                "valueBoolean": s.source_clinician_notified,
            }
        )
    extensions.append({"url": c.EXT_REFERENCE_RANGES, "valueString": s.reference_ranges_version})
    return extensions


def _base(
    s: SetLike,
    vital: c.VitalSign,
    key: str,
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
    *,
    codings: Sequence[c.Concept] = (),
    text: str | None = None,
    extra_extensions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": _meta(vital.profile, sample),
    }
    extensions = [*_replaces(s, key, by_uid), *extra_extensions]
    if extensions:
        resource["extension"] = extensions
    resource["identifier"] = [
        {"system": c.SET_SYSTEM, "value": s.uid}
        if key == "panel"
        else {"system": c.OBSERVATION_SYSTEM, "value": observation_identifier(s.uid, key)}
    ]
    resource["status"] = s.status
    resource["category"] = [c.VITAL_SIGNS_CATEGORY]
    code: dict[str, Any] = {"coding": [vital.concept.coding(), *(x.coding() for x in codings)]}
    if text:
        code["text"] = text
    resource["code"] = code
    resource["subject"] = {"reference": patient_url}
    if s.visit is not None:
        resource["encounter"] = {"reference": encounter_url(s.visit.uid)}
    resource["effectiveDateTime"] = s.taken_at.isoformat()
    resource["issued"] = s.recorded_at.isoformat()
    resource["performer"] = [_person_reference(s.recorded_by, s.source_performer)]
    return resource


def _member(
    s: SetLike, key: str, patient_url: str, sample: bool, by_uid: Mapping[str, SetLike]
) -> dict[str, Any]:
    vital = c.MEMBER_BY_KEY[key]
    if key == "bp":
        return _blood_pressure(s, patient_url, sample, by_uid)
    if key == "bmi":
        return _bmi(s, patient_url, sample, by_uid)
    m = s.measurement(key)
    assert m is not None
    codings: list[c.Concept] = []
    text = LABELS[key]
    if key == "body_temperature" and m.method in c.TEMPERATURE_METHOD:
        codings.append(c.TEMPERATURE_METHOD[m.method])
        text = f"{text} ({m.method})"
    if key == "oxygen_saturation":
        codings.append(c.PULSE_OXIMETRY)
    resource = _base(
        s,
        vital,
        key,
        patient_url,
        sample,
        by_uid,
        codings=codings,
        text=text,
        extra_extensions=_confirmed_extension(m),
    )
    resource["valueQuantity"] = _measured_quantity(m)
    resource.update(_device_reference(m))
    if m.interpretation is not None:
        resource["interpretation"] = _interpretation(m.interpretation)
    if key == "oxygen_saturation" and m.on_supplemental_oxygen:
        if m.oxygen_flow_text is not None:
            flow: dict[str, Any] = {"valueQuantity": _quantity(m.oxygen_flow_text, "L/min")}
        else:
            # On oxygen, flow not written down: the flow exists but is not known.
            flow = {"dataAbsentReason": _data_absent("unknown", "Unknown")}
        resource["component"] = [{"code": {"coding": [c.OXYGEN_FLOW.coding()]}, **flow}]
    return resource


def _blood_pressure(
    s: SetLike, patient_url: str, sample: bool, by_uid: Mapping[str, SetLike]
) -> dict[str, Any]:
    sbp, dbp = s.measurement("systolic_bp"), s.measurement("diastolic_bp")
    # Position, arm and cuff belong to the reading: the systolic value's, else the diastolic's.
    first = sbp or dbp
    assert first is not None
    position = (sbp.position if sbp else None) or (dbp.position if dbp else None)
    arm = (sbp.arm if sbp else None) or (dbp.arm if dbp else None)
    cuff = (sbp.cuff_size if sbp else None) or (dbp.cuff_size if dbp else None)
    extensions = []
    if position in c.BODY_POSITION:
        concept = c.BODY_POSITION[position]
        extensions.append(
            {
                "url": c.EXT_BODY_POSITION,
                "valueCodeableConcept": {"coding": [concept.coding()], "text": position},
            }
        )
    resource = _base(
        s,
        c.BLOOD_PRESSURE,
        "bp",
        patient_url,
        sample,
        by_uid,
        text="Blood pressure",
        extra_extensions=extensions,
    )
    interpretation = _interpretation(
        combined_interpretation([m.interpretation for m in (sbp, dbp) if m is not None])
    )
    if s.bp_category is not None:
        interpretation.append(
            _category_concept(c.BP_CATEGORY_SYSTEM, s.bp_category, c.BP_CATEGORY_DISPLAY)
        )
    if interpretation:
        resource["interpretation"] = interpretation
    if arm in c.ARM_SITE:
        resource["bodySite"] = {"coding": [c.ARM_SITE[arm].coding()], "text": f"{arm} arm"}
    components = [_bp_component(c.SYSTOLIC, sbp), _bp_component(c.DIASTOLIC, dbp)]
    if cuff is not None:
        display = c.CUFF_SIZE_DISPLAY.get(cuff, cuff)
        components.append(
            {
                "code": {"coding": [c.CUFF_SIZE.coding()]},
                "valueCodeableConcept": {
                    "coding": [{"system": c.CUFF_SIZE_SYSTEM, "code": cuff, "display": display}],
                    "text": display,
                },
            }
        )
    resource["component"] = components
    resource.update(_device_reference(sbp, dbp))
    return resource


def _guided_bp(
    s: SetLike,
    keys: list[str],
    members: list[dict[str, Any]],
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
) -> None:
    """A guided BP: each reading is a BP Observation of its own, at its own time and position,
    and the set's BP member ("bp", with the flags and the category) becomes the US Core Average
    Blood Pressure of those readings. Changes `keys` and `members` in place."""
    at = keys.index("bp")
    reading_keys = [f"bp-reading-{n}" for n in range(1, len(s.bp_readings) + 1)]
    readings = [
        _bp_reading(s, reading, key, patient_url, sample, by_uid)
        for reading, key in zip(s.bp_readings, reading_keys, strict=True)
    ]
    if tuple(r.position for r in s.bp_readings) == ORTHOSTATIC_POSITIONS:
        # An orthostatic set is never averaged: its BP member stays the lying reading with the
        # set's flags, and each reading's pulse is a heart rate Observation at its time and
        # position beside its BP.
        pulse_keys = [f"pulse-reading-{n}" for n in range(1, len(s.bp_readings) + 1)]
        pulses = [
            _pulse_reading(s, reading, key, patient_url, sample, by_uid)
            for reading, key in zip(s.bp_readings, pulse_keys, strict=True)
        ]
        pairs = [k for pair in zip(reading_keys, pulse_keys, strict=True) for k in pair]
        resources = [r for pair in zip(readings, pulses, strict=True) for r in pair]
        keys[at + 1 : at + 1] = pairs
        members[at + 1 : at + 1] = resources
        return
    average = _average_bp(s, members[at], reading_keys)
    keys[at : at + 1] = [*reading_keys, "bp"]
    members[at : at + 1] = [*readings, average]


def _position_extension(position: str | None) -> list[dict[str, Any]]:
    if position not in c.BODY_POSITION:
        return []
    concept = c.BODY_POSITION[position]
    return [
        {
            "url": c.EXT_BODY_POSITION,
            "valueCodeableConcept": {"coding": [concept.coding()], "text": position},
        }
    ]


def _bp_reading(
    s: SetLike,
    reading: BpReadingRecord,
    key: str,
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
) -> dict[str, Any]:
    """One reading: no flag of its own, since the set's flags are those of the average."""
    n = key.rsplit("-", 1)[-1]
    resource = _base(
        s,
        c.BLOOD_PRESSURE,
        key,
        patient_url,
        sample,
        by_uid,
        text=f"Blood pressure reading {n}",
        extra_extensions=_position_extension(reading.position),
    )
    resource["effectiveDateTime"] = reading.taken_at.isoformat()
    resource["component"] = [
        {
            "code": {"coding": [c.SYSTOLIC.coding()]},
            "valueQuantity": _quantity(reading.systolic_text, reading.unit),
        },
        {
            "code": {"coding": [c.DIASTOLIC.coding()]},
            "valueQuantity": _quantity(reading.diastolic_text, reading.unit),
        },
    ]
    return resource


def _pulse_reading(
    s: SetLike,
    reading: BpReadingRecord,
    key: str,
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
) -> dict[str, Any]:
    assert reading.heart_rate_text is not None
    n = key.rsplit("-", 1)[-1]
    resource = _base(
        s,
        c.MEMBER_BY_KEY["heart_rate"],
        key,
        patient_url,
        sample,
        by_uid,
        text=f"Heart rate with blood pressure reading {n}",
        extra_extensions=_position_extension(reading.position),
    )
    resource["effectiveDateTime"] = reading.taken_at.isoformat()
    resource["valueQuantity"] = _quantity(reading.heart_rate_text, "/min")
    return resource


def _average_bp(s: SetLike, bp: dict[str, Any], reading_keys: list[str]) -> dict[str, Any]:
    """The set's BP Observation recast as US Core Average Blood Pressure: mean components, the
    number of readings, the period from the first reading to the last, derived from the readings."""
    average = dict(bp)
    average["meta"] = {**bp["meta"], "profile": [c.AVERAGE_BP_PROFILE]}
    average["code"] = {"coding": [c.AVERAGE_BP.coding()], "text": "Average blood pressure"}
    del average["effectiveDateTime"]
    times = [r.taken_at for r in s.bp_readings]
    effective = {
        "effectivePeriod": {"start": min(times).isoformat(), "end": max(times).isoformat()}
    }
    # effective[x] where a FHIR writer puts it: after encounter, before issued.
    rebuilt: dict[str, Any] = {}
    for name, value in average.items():
        if name == "issued":
            rebuilt.update(effective)
        rebuilt[name] = value
    mean_code = {c.SYSTOLIC.code: c.AVERAGE_SYSTOLIC, c.DIASTOLIC.code: c.AVERAGE_DIASTOLIC}
    components = []
    for component in bp["component"]:
        code = component["code"]["coding"][0]["code"]
        if code in mean_code:
            component = {**component, "code": {"coding": [mean_code[code].coding()]}}
        components.append(component)
    components.append(
        {
            "code": {"coding": [c.NUMBER_OF_READINGS.coding()]},
            # A count, written as the US Core STU7 example writes it: a quantity in "#".
            "valueQuantity": {
                "value": Number(str(len(s.bp_readings))),
                "unit": "#",
                "system": c.UCUM,
                "code": "{#}",
            },
        }
    )
    rebuilt["component"] = components
    rebuilt["derivedFrom"] = [{"reference": observation_url(s.uid, key)} for key in reading_keys]
    return rebuilt


def _bp_component(concept: c.Concept, m: MeasurementLike | None) -> dict[str, Any]:
    component: dict[str, Any] = {}
    if m is not None and m.confirmed:
        component["extension"] = _confirmed_extension(m)
    component["code"] = {"coding": [concept.coding()]}
    if m is None:
        # The profile wants both components; a value not taken says so (vs-3).
        component["dataAbsentReason"] = _data_absent("not-performed", "Not Performed")
        return component
    component["valueQuantity"] = _measured_quantity(m)
    if m.interpretation is not None:
        component["interpretation"] = _interpretation(m.interpretation)
    return component


def _percentile(
    s: SetLike,
    spec: c.GrowthPercentile,
    result: GrowthResult,
    patient_url: str,
    sample: bool,
    by_uid: Mapping[str, SetLike],
) -> dict[str, Any]:
    """A growth percentile: the value in % (one decimal), the chart it was read from as the
    method, and the measurement(s) it comes from."""
    resource = _base(s, spec.vital, spec.vital.key, patient_url, sample, by_uid, text=spec.text)
    resource["valueQuantity"] = _quantity(format(result.percentile, "f"), "%")
    resource["method"] = {"text": result.reference}
    resource["derivedFrom"] = [
        {"reference": observation_url(s.uid, key)} for key in spec.derived_from
    ]
    return resource


def _bmi(
    s: SetLike, patient_url: str, sample: bool, by_uid: Mapping[str, SetLike]
) -> dict[str, Any]:
    assert s.bmi_value is not None
    confirmed = (
        [{"url": c.EXT_CONFIRMED, "valueString": s.bmi_confirm_reason}]
        if s.bmi_confirm_reason
        else []
    )
    resource = _base(
        s,
        c.MEMBER_BY_KEY["bmi"],
        "bmi",
        patient_url,
        sample,
        by_uid,
        text="BMI",
        extra_extensions=confirmed,
    )
    resource["valueQuantity"] = _quantity(s.bmi_value, "kg/m2")
    if s.bmi_category is not None:
        # The category only, for the clinician: a BMI is never flagged L/N/H (decision 20).
        resource["interpretation"] = [
            _category_concept(c.BMI_CATEGORY_SYSTEM, s.bmi_category, c.BMI_CATEGORY_DISPLAY),
        ]
    resource["derivedFrom"] = [
        {"reference": observation_url(s.uid, "body_height")},
        {"reference": observation_url(s.uid, "body_weight")},
    ]
    return resource
