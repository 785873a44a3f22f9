"""Reading rendered handouts back: text, font sizes, fonts, and the MRN barcode from the PDF.

Everything here reads the PDF with pypdf, the way any other PDF tool would, never our own objects.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject


def read_pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def squash(text: str) -> str:
    """Whitespace folded to single spaces, so a phrase broken across lines still matches."""
    return re.sub(r"\s+", " ", text).strip()


def all_text(reader: PdfReader) -> str:
    return squash(" ".join(page.extract_text() for page in reader.pages))


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: what, where (page), at what size in points, in which font."""

    page: int
    text: str
    size: float
    font: str


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    g, h, i, j, k, l_ = n
    return [
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + l_,
    ]


def text_runs(reader: PdfReader) -> list[Run]:
    """Every text run with its rendered size: font size times the vertical scale of the text
    matrix and the current transformation matrix."""
    runs: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: float, number: int = number
        ) -> None:
            if not text.strip():
                return
            a, b, c, d, _, _ = _multiply([float(x) for x in tm], [float(x) for x in cm])
            scale = abs(a * d - b * c) ** 0.5
            name = str(font["/BaseFont"]).split("+", 1)[-1] if font else ""
            runs.append(Run(number, text.strip(), round(float(size) * scale, 2), name))

        page.extract_text(visitor_text=visit)
    return runs


def fonts(reader: PdfReader) -> dict[str, dict[str, Any]]:
    """BaseFont -> facts about each font any page uses."""
    found: dict[str, dict[str, Any]] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        for font_ref in resources.get("/Font", {}).values():
            font = font_ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = {
                "subtype": str(font["/Subtype"]),
                "embedded_truetype": "/FontFile2" in descriptor,
                "to_unicode": "/ToUnicode" in font,
            }
    return found


# -- Code 128 ---------------------------------------------------------------------------------

# Widths of bar, space, bar, space, bar, space (stop: 4 bars) for values 0..106, from the
# Code 128 specification (ISO/IEC 15417, table 1).
_CODE128_TABLE = """
212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132
122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212
322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 231113 231311
112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 213311 213131 311123 311321
331121 312113 312311 332111 314111 221411 431111 111224 111422 121124 121421 141122 141221 112214
112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 111242 121142 121241 114212
124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 114311 411113
411311 113141 114131 311141 411131 211412 211214 211232 2331112
"""
_CODE128 = _CODE128_TABLE.split()
_VALUE_OF = {pattern: value for value, pattern in enumerate(_CODE128)}
START_A, START_B, START_C, STOP = 103, 104, 105, 106


def _bars(page: Any, reader: PdfReader) -> list[tuple[float, float, float, float]]:
    """Filled rectangles (x, y, w, h) in page coordinates."""
    out: list[tuple[float, float, float, float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    pending: list[tuple[float, float, float, float]] = []
    content = ContentStream(page.get_contents(), reader)
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply([float(x) for x in operands], ctm)
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            a, b, c, d, e, f = ctm
            pending.append((a * x + c * y + e, b * x + d * y + f, w * a, h * d))
        elif operator in (b"f", b"F", b"f*"):
            out.extend(pending)
            pending = []
        elif operator in (b"S", b"s", b"B", b"b", b"n"):
            pending = []
    return out


def decode_code128(page: Any, reader: PdfReader) -> str | None:
    """The value of the Code 128 barcode drawn on the page (the checksum verified), or None."""
    groups: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for x, y, w, h in _bars(page, reader):
        groups.setdefault((round(y, 2), round(h, 2)), []).append((x, w))
    candidates = [bars for bars in groups.values() if len(bars) >= 10]
    if not candidates:
        return None
    longest = max(candidates, key=len)
    bars = sorted(longest)
    module = min(w for _, w in bars)
    widths: list[int] = []
    for i, (x, w) in enumerate(bars):
        widths.append(round(w / module))
        if i + 1 < len(bars):
            widths.append(round((bars[i + 1][0] - x - w) / module))
    symbols = [widths[i : i + 6] for i in range(0, len(widths) - 7, 6)] + [widths[-7:]]
    looked_up = [_VALUE_OF.get("".join(map(str, s))) for s in symbols]
    values = [v for v in looked_up if v is not None]
    if (
        len(values) < len(looked_up)
        or values[-1] != STOP
        or values[0] not in (START_A, START_B, START_C)
    ):
        return None
    data = values[1:-2]
    check = (values[0] + sum(i * v for i, v in enumerate(data, start=1))) % 103
    if check != values[-2]:
        return None
    code_set = {START_A: "A", START_B: "B", START_C: "C"}[values[0]]
    text = ""
    for value in data:
        if code_set == "C" and value < 100:
            text += f"{value:02d}"
        elif (
            value in (99, 100, 101)
            and not (code_set == "A" and value == 101)
            and not (code_set == "B" and value == 100)
        ):
            code_set = {99: "C", 100: "B", 101: "A"}[value]
        elif code_set == "B":
            text += chr(value + 32)
        elif code_set == "A":
            text += chr(value + 32) if value < 64 else chr(value - 64)
    return text
