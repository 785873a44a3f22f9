"""CSV export for spreadsheets: one row per measurement (and one per computed BMI).

UTF-8 with a byte-order mark (so Excel reads accented names right) and a header row. Every text
cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return) is prefixed with an apostrophe, the OWASP "CSV injection" defence: the cell then shows the
text as typed and is never evaluated.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from vitalsdesk.interop import codes as c
from vitalsdesk.interop.records import MeasurementLike, PatientExport, SetLike

Progress = Callable[[int, int], None]

COLUMNS = (
    "mrn",
    "set_uid",
    "taken_at",
    "status",
    "superseded",
    "replaces_set_uid",
    "code",
    "loinc",
    "value",
    "unit",
    "method",
    "canonical_value",
    "canonical_unit",
    "interpretation",
    "recorded_by",
    "imported",  # yes: recorded_by is the source system's text, not one of this clinic's staff
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)

# The LOINC code of each measurement as a row: the component codes for BP, the generic code for
# temperature (the method has its own column).
ROW_LOINC = {
    "systolic_bp": c.SYSTOLIC.code,
    "diastolic_bp": c.DIASTOLIC.code,
    **{m.key: m.concept.code for m in c.MEMBERS if m.key not in ("bp",)},
}


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell[:1] in _FORMULA_FIRST else cell


def rows(
    patients: Sequence[PatientExport], progress: Progress | None = None
) -> Iterator[list[str]]:
    """The header, then one row per measurement, every cell neutralised."""
    total = sum(len(p.sets) for p in patients)
    done = 0
    if progress is not None:
        progress(0, total)
    yield list(COLUMNS)
    for p in patients:
        for s in p.sets:
            yield from set_rows(p.patient.mrn, s)
            done += 1
            if progress is not None:
                progress(done, total)


def set_rows(mrn: str, s: SetLike) -> list[list[str]]:
    """The rows of one set: one per measurement, then its BMI; every cell neutralised. What the
    rows share is worked out once per set (a whole clinic is millions of rows)."""
    head = [neutralise(x) for x in _common(mrn, s)]
    tail = [neutralise(x) for x in _recorder(s)]
    out = [head + [neutralise(x) for x in _cells(m)] + tail for m in s.measurements]
    if s.bmi_value is not None:
        out.append(_bmi_row(mrn, s))
    return out


def sets_text(mrn: str, sets: Iterable[SetLike]) -> tuple[str, int]:
    """The CSV text (as `to_text` writes it) of `set_rows` of each of a patient's sets, and the
    number of rows: what a whole-clinic export writes a batch at a time. The cells a set's rows
    share are worked out once per set, and a value's own cells (code to flag) once per distinct
    value: a clinic's values repeat (72 /min, 98.6 [degF] oral, N), so a row of millions is
    mostly three strings joined."""
    out: list[str] = []
    append = out.append
    mrn_cell = _field(neutralise(mrn)) + ","
    middles = _MIDDLES
    tails = _TAILS
    small = _SMALL
    row_key = _ROW_KEY
    for s in sets:
        replaces = s.replaces_uid
        # taken_at: an ISO time starts with a digit and holds no comma or quote, so it is its
        # own cell.
        head = (
            mrn_cell
            + _field(neutralise(s.uid))
            + ","
            + s.taken_at.isoformat()
            + ","
            + (small.get(s.status) or _small(s.status))
            + (",yes," if s.superseded else ",no,")
            + (_field(neutralise(replaces)) if replaces else "")
            + ","
        )
        recorder = (
            (s.recorded_by.display_name, "no")
            if s.recorded_by is not None
            else (s.source_performer or "", "yes")
        )
        tail = tails.get(recorder) or _tail(recorder)
        for m in s.measurements:
            key = row_key(m)
            append(head + (middles.get(key) or _middle(key)) + tail)
        if s.bmi_value is not None:
            append(",".join(_field(x) for x in _bmi_row(mrn, s)) + "\r\n")
    return "".join(out), len(out)


# A value's cells from code to flag: (code, value, unit, method, canonical, canonical unit, flag).
_ROW_KEY = operator.attrgetter(
    "code", "value_text", "unit", "method", "canonical_text", "canonical_unit", "interpretation"
)
_MIDDLES: dict[tuple[str, ...], str] = {}
_TAILS: dict[tuple[str, str], str] = {}


def _middle(key: tuple[str, ...]) -> str:
    code, value, unit, method, canonical, canonical_unit, flag = key
    cells = [code, ROW_LOINC.get(code, ""), value, unit, method or "", canonical, canonical_unit]
    text = ",".join(_field(neutralise(x)) if x else "" for x in [*cells, flag or ""])
    if len(_MIDDLES) < 16384:  # about 200 bytes each
        _MIDDLES[key] = text
    return text


def _tail(recorder: tuple[str, str]) -> str:
    text = "," + ",".join(_field(neutralise(x)) for x in recorder) + "\r\n"
    if len(_TAILS) < 1024:
        _TAILS[recorder] = text
    return text


# A cell written as csv.writer writes it (QUOTE_MINIMAL, RFC 4180 doubled quotes).
_PLAIN = re.compile(r'[^,"\r\n]*\Z').match


def _field(cell: str) -> str:
    return cell if _PLAIN(cell) else '"' + cell.replace('"', '""') + '"'


# Neutralised, quoted cells of the few distinct statuses (filled as they come).
_SMALL: dict[str, str] = {}


def _small(text: str) -> str:
    cell = _field(neutralise(text))
    if len(_SMALL) < 1024:
        _SMALL[text] = cell
    return cell


def _cells(m: MeasurementLike) -> tuple[str, ...]:
    return (
        m.code,
        ROW_LOINC.get(m.code, ""),
        m.value_text,
        m.unit,
        m.method or "",
        m.canonical_text,
        m.canonical_unit,
        m.interpretation or "",
    )


def _recorder(s: SetLike) -> list[str]:
    if s.recorded_by is not None:
        return [s.recorded_by.display_name, "no"]
    return [s.source_performer or "", "yes"]


def _common(mrn: str, s: SetLike) -> list[str]:
    return [
        mrn,
        s.uid,
        s.taken_at.isoformat(),
        s.status,
        "yes" if s.superseded else "no",
        s.replaces_uid or "",
    ]


def _bmi_row(mrn: str, s: SetLike) -> list[str]:
    assert s.bmi_value is not None
    flag = ""  # a BMI is never flagged L/N/H (decision 20): the category is the clinician's
    cells = [
        *_common(mrn, s),
        "bmi",
        ROW_LOINC["bmi"],
        s.bmi_value,
        "kg/m2",
        "",
        s.bmi_value,
        "kg/m2",
        flag,
        *_recorder(s),
    ]
    return [neutralise(x) for x in cells]


def to_text(table: Sequence[Sequence[str]] | Iterator[list[str]]) -> str:
    """CSV text (RFC 4180 quoting, CRLF line ends) without the byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table:
        writer.writerow(row)
    return out.getvalue()


ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark
