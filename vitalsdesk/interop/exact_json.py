"""JSON text with numbers written exactly as entered.

FHIR decimals are significant as written (37.50 is not 37.5), and `json` cannot write a Decimal
without going through a float. A value wrapped in `Number` is written verbatim instead: `json`
writes it as a marker string holding a random nonce, and the marker is then replaced by the digits
(a nonce no input can know, so no text in the data can turn into a number).
"""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from typing import Any

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


class Number:
    """A JSON number kept as its text ("98.6", "154.0", "72")."""

    __slots__ = ("text",)

    def __init__(self, value: str | int | Decimal) -> None:
        text = value if isinstance(value, str) else format(Decimal(value), "f")
        if not _JSON_NUMBER.fullmatch(text):
            # Not a JSON number as written (e.g. "072", ".5"): the same value, canonically.
            try:
                text = format(Decimal(text), "f")
            except ArithmeticError:
                raise ValueError(f"{value!r} is not a number") from None
            if not _JSON_NUMBER.fullmatch(text):
                raise ValueError(f"{value!r} is not a finite number")
        self.text = text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Number):
            return self.text == other.text
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Number({self.text!r})"


def dumps(data: Any, indent: int | None = 2) -> str:
    """`json.dumps(data, indent=indent, ensure_ascii=False)` that writes `Number` verbatim.

    `indent=None` writes compact JSON with the C encoder (large exports)."""
    nonce = secrets.token_hex(8)

    def default(value: Any) -> Any:
        if isinstance(value, Number):
            return f"\x00{nonce}{value.text}\x00"
        if isinstance(value, Decimal):
            return f"\x00{nonce}{Number(value).text}\x00"
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    separators = (",", ": ") if indent is not None else (",", ":")
    encoder = json.JSONEncoder(
        ensure_ascii=False, indent=indent, separators=separators, default=default
    )
    text = encoder.encode(data)
    return _MARKER.sub(lambda m: m.group(2) if m.group(1) == nonce else m.group(0), text)


# One pattern for every nonce (compiling one per call cost more than the encoding itself).
_MARKER = re.compile(r'"\\u0000([0-9a-f]{16})([-+.0-9eE]+)\\u0000"')
