"""A fast, strict check of the resource shapes an import reads, on the plain JSON dicts.

Building a fhir.resources model costs about a millisecond per resource, which is hours for a
whole clinic's million sets. The resources VitalsDesk writes (and most that other systems write
for vital signs) have a small, known shape: the elements listed here, each of a known type. A
resource that has exactly that shape is read from its dict here, some fifty times faster; anything
else (an element not listed, an empty list or object, a null, a partial date, a string with
characters a FHIR primitive does not allow) is not rejected here but handed back (None) to the
fhir.resources models, which give the full FHIR validation and its messages.

So this check only ever accepts less than the models do, never more: every element it accepts
is one the R4 models accept with the same meaning (tests/interop/test_fhir_shapes.py proves that
on a corpus of bad resources), and the values it hands on are those the models would give:
dates and times as `date`/`datetime`, decimals as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any


class NotRecognised(Exception):
    """The value is not of a shape this module knows: the fhir.resources models must judge it."""


class Node:
    """A checked FHIR element read like the fhir.resources model it stands for: an element that
    is absent reads as None."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not slots or methods: the FHIR element names.
        return self._fields.get(name)

    def __repr__(self) -> str:
        return f"Node({self._fields!r})"


Check = Callable[[Any], Any]

# The FHIR R4 primitive regular expressions (https://hl7.org/fhir/R4/datatypes.html), narrowed
# where the models would convert: a date and time is accepted only in full, with its offset.
_STRING = re.compile(r"[ \r\n\t\S]+")
_CODE = re.compile(r"[^\s]+( [^\s]+)*")
_URI = re.compile(r"\S+")
_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_OFFSET = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DATE_TIME = re.compile(
    r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?" + _OFFSET
)
_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
_INT32 = (-(2**31), 2**31 - 1)


# str.isprintable() (one C call) is true only when every character is printable or the ASCII
# space: such a non-empty string matches the patterns below, which are tried only otherwise.


def _string(value: Any) -> str:
    if type(value) is str and value and (value.isprintable() or _STRING.fullmatch(value)):
        return value
    raise NotRecognised


def _code(value: Any) -> str:
    if type(value) is str and value:
        if value.isprintable() and value.strip(" ") == value and "  " not in value:
            return value
        if _CODE.fullmatch(value):
            return value
    raise NotRecognised


def _uri(value: Any) -> str:
    if type(value) is str and value:
        if value.isprintable() and " " not in value:
            return value
        if _URI.fullmatch(value):
            return value
    raise NotRecognised


def _id(value: Any) -> str:
    if type(value) is str and _ID.fullmatch(value):
        return value
    raise NotRecognised


def _date_time(value: Any) -> datetime:
    if type(value) is str and _DATE_TIME.fullmatch(value):
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            raise NotRecognised from None
        if found.year >= 1:
            return found
    raise NotRecognised


def _date(value: Any) -> date:
    if type(value) is str and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise NotRecognised from None
    raise NotRecognised


def _decimal(value: Any) -> Decimal:
    # A JSON number as the import reads it: an int, or a Decimal exactly as written.
    if type(value) is int:
        return Decimal(value)
    if type(value) is Decimal and value.is_finite():
        return value
    raise NotRecognised


def _integer(value: Any) -> int:
    if type(value) is int and _INT32[0] <= value <= _INT32[1]:
        return value
    raise NotRecognised


def _boolean(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise NotRecognised


def _list(check: Check) -> Check:
    def each(value: Any) -> list[Any]:
        if type(value) is not list or not value:
            raise NotRecognised
        return [check(item) for item in value]

    return each


class _Shape:
    """An element with named children: every key must be one of them, with its type."""

    def __init__(
        self,
        fields: dict[str, Check],
        required: tuple[str, ...] = (),
        one_of: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        self.fields = fields
        self.required = required
        self.one_of = one_of

    def __call__(self, value: Any) -> Node:
        if type(value) is not dict or not value:
            raise NotRecognised
        fields = self.fields
        try:
            out = {key: fields[key](item) for key, item in value.items()}
        except KeyError:  # an element not listed here
            raise NotRecognised from None
        for key in self.required:
            if key not in out:
                raise NotRecognised
        for group in self.one_of:
            if sum(key in out for key in group) > 1:
                raise NotRecognised
        return Node(out)


def _constant(expected: str) -> Check:
    def check(value: Any) -> str:
        if value == expected and type(value) is str:
            return value
        raise NotRecognised

    return check


CODING = _Shape(
    {
        "system": _uri,
        "version": _string,
        "code": _code,
        "display": _string,
        "userSelected": _boolean,
    }
)
CODEABLE_CONCEPT = _Shape({"coding": _list(CODING), "text": _string})
IDENTIFIER = _Shape(
    {"use": _code, "type": CODEABLE_CONCEPT, "system": _uri, "value": _string},
)
REFERENCE = _Shape(
    {"reference": _string, "type": _uri, "identifier": IDENTIFIER, "display": _string},
)
QUANTITY = _Shape({"value": _decimal, "unit": _string, "system": _uri, "code": _code})
PERIOD = _Shape({"start": _date_time, "end": _date_time})
META = _Shape(
    {
        "versionId": _id,
        "lastUpdated": _date_time,
        "source": _uri,
        "profile": _list(_uri),
        "security": _list(CODING),
        "tag": _list(CODING),
    }
)
_EXTENSION_VALUES = (
    "valueBoolean",
    "valueString",
    "valueInteger",
    "valueDateTime",
    "valueCodeableConcept",
    "valueReference",
)
EXTENSION = _Shape(
    {
        "url": _uri,
        "valueBoolean": _boolean,
        "valueString": _string,
        "valueInteger": _integer,
        "valueDateTime": _date_time,
        "valueCodeableConcept": CODEABLE_CONCEPT,
        "valueReference": REFERENCE,
    },
    required=("url",),
    one_of=(_EXTENSION_VALUES,),
)
EXTENSION.fields["extension"] = _list(EXTENSION)  # an extension may have extensions
ANNOTATION = _Shape(
    {"authorReference": REFERENCE, "authorString": _string, "time": _date_time, "text": _string},
    required=("text",),
    one_of=(("authorReference", "authorString"),),
)
COMPONENT = _Shape(
    {
        "extension": _list(EXTENSION),
        "code": CODEABLE_CONCEPT,
        "valueQuantity": QUANTITY,
        "valueCodeableConcept": CODEABLE_CONCEPT,
        "valueInteger": _integer,
        "dataAbsentReason": CODEABLE_CONCEPT,
        "interpretation": _list(CODEABLE_CONCEPT),
    },
    required=("code",),
    one_of=(("valueQuantity", "valueCodeableConcept", "valueInteger"),),
)
HUMAN_NAME = _Shape(
    {
        "use": _code,
        "text": _string,
        "family": _string,
        "given": _list(_string),
        "prefix": _list(_string),
        "suffix": _list(_string),
    }
)

_RESOURCE_BASE: dict[str, Check] = {"id": _id, "meta": META, "extension": _list(EXTENSION)}

OBSERVATION = _Shape(
    {
        "resourceType": _constant("Observation"),
        **_RESOURCE_BASE,
        "identifier": _list(IDENTIFIER),
        "status": _code,
        "category": _list(CODEABLE_CONCEPT),
        "code": CODEABLE_CONCEPT,
        "subject": REFERENCE,
        "encounter": REFERENCE,
        "effectiveDateTime": _date_time,
        "effectivePeriod": PERIOD,
        "issued": _date_time,
        "performer": _list(REFERENCE),
        "valueQuantity": QUANTITY,
        "valueInteger": _integer,
        "dataAbsentReason": CODEABLE_CONCEPT,
        "interpretation": _list(CODEABLE_CONCEPT),
        "note": _list(ANNOTATION),
        "bodySite": CODEABLE_CONCEPT,
        "method": CODEABLE_CONCEPT,
        "device": REFERENCE,
        "hasMember": _list(REFERENCE),
        "derivedFrom": _list(REFERENCE),
        "component": _list(COMPONENT),
    },
    required=("resourceType", "status", "code"),
    one_of=(("effectiveDateTime", "effectivePeriod"), ("valueQuantity", "valueInteger")),
)
PATIENT = _Shape(
    {
        "resourceType": _constant("Patient"),
        **_RESOURCE_BASE,
        "identifier": _list(IDENTIFIER),
        "active": _boolean,
        "name": _list(HUMAN_NAME),
        "gender": _code,
        "birthDate": _date,
        "communication": _list(
            _Shape({"language": CODEABLE_CONCEPT, "preferred": _boolean}, required=("language",))
        ),
    },
    required=("resourceType",),
)
PRACTITIONER = _Shape(
    {
        "resourceType": _constant("Practitioner"),
        **_RESOURCE_BASE,
        "identifier": _list(IDENTIFIER),
        "active": _boolean,
        "name": _list(HUMAN_NAME),
    },
    required=("resourceType",),
)
DEVICE = _Shape(
    {
        "resourceType": _constant("Device"),
        **_RESOURCE_BASE,
        "identifier": _list(IDENTIFIER),
        "deviceName": _list(
            _Shape({"name": _string, "type": _code}, required=("name", "type")),
        ),
        "manufacturer": _string,
        "serialNumber": _string,
        "modelNumber": _string,
    },
    required=("resourceType",),
)

SHAPES: dict[str, _Shape] = {
    "Observation": OBSERVATION,
    "Patient": PATIENT,
    "Practitioner": PRACTITIONER,
    "Device": DEVICE,
}


def read_resource(kind: str, resource: Any) -> Node | None:
    """The resource as a Node when it has a shape checked here; None: let the models judge it."""
    shape = SHAPES.get(kind)
    if shape is None:
        return None
    try:
        return shape(resource)
    except NotRecognised:
        return None
    except RecursionError:  # extensions nested without end: the models say what is wrong
        return None


def read_entry(entry: dict[str, Any], kind: str) -> Node | None:
    """The resource of a Bundle entry (or of an NDJSON line, given as {"resource": ...}) as a
    Node; None when the entry or its resource is not of a shape checked here."""
    for key, value in entry.items():
        if key == "fullUrl":
            if type(value) is not str or not _URI.fullmatch(value):
                return None
        elif key != "resource":
            return None
    return read_resource(kind, entry.get("resource"))
