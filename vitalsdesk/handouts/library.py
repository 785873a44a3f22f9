"""The handout template library: the templates we ship, plus the clinic's own.

Shipped templates live in resources/handouts/ (package ``vitalsdesk.resources``); a clinic drops
``<id>.<language>.toml`` files into ``<data folder>/handouts/``. A clinic file with the same id and
language replaces the shipped one; a new id is added. A file that cannot be used never stops the
app: it is left out of the library and reported in ``HandoutLibrary.errors`` with its file and line,
for the settings screen and ``vitalsdesk handout --list`` to show.

No ReportLab here (see render.py): listing templates must stay cheap.
"""

from __future__ import annotations

import builtins
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from vitalsdesk.handouts.model import HandoutTemplate
from vitalsdesk.paths import DataFolder

log = logging.getLogger(__name__)

FILE_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[^.]+)\.toml$")
# The largest shipped template is about 6 KB. A clinic file ten times that size is a mistake (a
# pasted document, a wrong file): it is refused before it is parsed, read or drawn.
MAX_TEMPLATE_BYTES = 64 * 1024
# A template is at most tables in a list in a table (sections -> table -> columns): anything
# deeper is not a handout, and very deep nesting would exhaust the TOML parser's recursion.
MAX_NESTING = 8

Origin = Literal["shipped", "clinic"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class TemplateError:
    """A template file that was left out of the library, and why."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    language: str
    title: str
    version: str
    origin: Origin
    file: str


@dataclass
class HandoutLibrary:
    templates: dict[tuple[str, str], HandoutTemplate] = field(default_factory=dict)
    entries: dict[tuple[str, str], LibraryEntry] = field(default_factory=dict)
    # builtins.list: this class has a method named list (the API the GUI and the CLI use).
    errors: builtins.list[TemplateError] = field(default_factory=builtins.list)

    def get(self, template_id: str, language: str) -> HandoutTemplate | None:
        return self.templates.get((template_id, language))

    def languages(self, template_id: str) -> builtins.list[str]:
        return sorted(lang for (tid, lang) in self.templates if tid == template_id)

    def list(self, prefer_language: str | None = None) -> builtins.list[LibraryEntry]:
        """One entry per template and language; the preferred language first, then by title."""
        return sorted(
            self.entries.values(),
            key=lambda e: (e.language != prefer_language, e.language, e.title.casefold(), e.id),
        )

    def _add(self, template: HandoutTemplate, origin: Origin, file: str) -> None:
        key = (template.id, template.language)
        self.templates[key] = template
        self.entries[key] = LibraryEntry(
            template.id, template.language, template.title, template.version, origin, file
        )


def clinic_handouts_dir(data_folder: Path) -> Path:
    """Where a clinic keeps its own templates: ``<data folder>/handouts``."""
    return DataFolder(data_folder).handouts


def shipped_folder() -> Traversable:
    return files("vitalsdesk.resources") / "handouts"


def load_library(clinic_dir: Path | None = None) -> HandoutLibrary:
    """The shipped templates, then the clinic's (``clinic_dir``, usually
    ``clinic_handouts_dir(paths.data_dir())``) on top. Never raises for a bad file."""
    library = HandoutLibrary()
    for node in _toml_files(shipped_folder().iterdir()):
        shown = f"vitalsdesk.resources/handouts/{node.name}"
        template = _load_one(node.name, shown, partial(_read_bounded, node), library.errors)
        if template is not None:
            library._add(template, "shipped", shown)
    if clinic_dir is not None:
        for path in _clinic_files(clinic_dir, library.errors):
            template = _load_one(path.name, str(path), partial(_read_bounded, path), library.errors)
            if template is not None:
                library._add(template, "clinic", str(path))
    for error in library.errors:
        # Template files hold no patient data: the file and the problem are safe to log.
        log.warning("handout template left out: %s", error)
    return library


def _toml_files(nodes: Iterable[Traversable]) -> list[Traversable]:
    # Editors leave ".#name.toml" locks and "name.toml~" backups: only real .toml files count.
    return sorted(
        (n for n in nodes if n.name.endswith(".toml") and not n.name.startswith(".")),
        key=lambda n: n.name,
    )


def _clinic_files(folder: Path, errors: list[TemplateError]) -> list[Path]:
    if not folder.exists():
        return []
    try:
        found = _toml_files(folder.iterdir())
    except OSError as exc:
        errors.append(TemplateError(str(folder), None, f"cannot read the folder: {exc.strerror}"))
        return []
    return [p for p in found if isinstance(p, Path) and p.is_file()]


def _read_bounded(node: Traversable | Path) -> bytes:
    """The file's bytes, reading at most one byte past the limit (a huge file is never loaded)."""
    with node.open("rb") as stream:
        return stream.read(MAX_TEMPLATE_BYTES + 1)


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


def _nesting(data: object) -> int:
    """How deep tables and lists go (iterative: the depth itself is what is being checked)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        if isinstance(item, dict):
            stack += [(value, depth + 1) for value in item.values()]
        elif isinstance(item, list):
            stack += [(value, depth + 1) for value in item]
    return deepest


def _load_one(
    name: str, shown: str, read: Callable[[], bytes], errors: list[TemplateError]
) -> HandoutTemplate | None:
    name_match = FILE_NAME.match(name)
    if name_match is None:
        errors.append(TemplateError(shown, None, "the file name must be <id>.<language>.toml"))
        return None
    text = _read_text(shown, read, errors)
    if text is None:
        return None
    data = _parse_toml(shown, text, errors)
    if data is None:
        return None
    try:
        template = HandoutTemplate.model_validate(data)
    except ValidationError as exc:
        index = TomlIndex(text)
        for problem in exc.errors(include_url=False):
            line, message = _describe(problem, index)
            errors.append(TemplateError(shown, line, message))
        return None
    for key in ("id", "language"):
        expected = name_match.group(key)
        if getattr(template, key) != expected:
            errors.append(
                TemplateError(
                    shown,
                    TomlIndex(text).line_of((key,)),
                    f"{key} is {getattr(template, key)!r} but the file name says {expected!r}",
                )
            )
            return None
    return template


def _read_text(shown: str, read: Callable[[], bytes], errors: list[TemplateError]) -> str | None:
    """The template's text, or None with the reason in `errors` (unreadable, too large, not
    UTF-8)."""
    try:
        raw: bytes = read()
    except OSError as exc:
        errors.append(TemplateError(shown, None, f"cannot be read: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_TEMPLATE_BYTES:
        size = _stat_size(shown, len(raw))
        errors.append(
            TemplateError(
                shown,
                None,
                f"the file is too large ({size}); a handout template may be at most "
                f"{_size(MAX_TEMPLATE_BYTES)}: shorten it or split it into two handouts",
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        errors.append(TemplateError(shown, line, "not UTF-8 text (save the file as UTF-8)"))
        return None


def _parse_toml(shown: str, text: str, errors: list[TemplateError]) -> dict[str, Any] | None:
    """The TOML tables, or None with the reason in `errors` (not TOML, nested too deeply)."""
    too_deep = (
        f"tables and lists are nested too deeply (more than {MAX_NESTING} levels); "
        "a handout template needs only a few"
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = _toml_error(exc, text)
        errors.append(TemplateError(shown, line, f"not valid TOML: {message}"))
        return None
    except RecursionError:
        errors.append(TemplateError(shown, None, too_deep))
        return None
    if _nesting(data) > MAX_NESTING:
        errors.append(TemplateError(shown, None, too_deep))
        return None
    return data


def _stat_size(shown: str, read: int) -> str:
    """The file's real size for the message (only the first bytes past the limit were read)."""
    try:
        return _size(Path(shown).stat().st_size)
    except OSError:
        return f"more than {_size(read - 1)}"


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    message = str(exc)
    lineno = getattr(exc, "lineno", None)  # Python 3.14+
    match = _TOML_POSITION.search(message)
    if match:
        message = message[: match.start()] + f" (column {match.group(2)})"
        lineno = lineno or int(match.group(1))
    elif message.endswith("(at end of document)"):
        message = message.removesuffix(" (at end of document)") + " (at the end of the file)"
        lineno = lineno or max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    return int(lineno or 1), message


def _where(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_WHERE_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _parse_where(where: str) -> Loc:
    return tuple(int(index) if index else key for key, index in _WHERE_PART.findall(where))


def _describe(problem: Any, index: TomlIndex) -> tuple[int, str]:
    """One pydantic error as (line, message an editor of the file can act on)."""
    loc: Loc = tuple(problem["loc"])
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    if "where" in ctx:  # our own checks say where the text is (model.py)
        loc = _parse_where(str(ctx["where"]))
        return index.line_of(loc), problem["msg"]
    where = _where(loc)
    if kind == "extra_forbidden":
        parent = _where(loc[:-1])
        return index.line_of(loc), f"unknown key {loc[-1]!r}" + (f" in {parent}" if parent else "")
    if kind == "missing":
        return index.line_of(loc), f"{where} is required but missing"
    message = problem["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return index.line_of(loc), f"{where}: {message}" if where else message


# -- finding the line of a key in TOML text -------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"))*)\s*="
)


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip('"') for part in dotted.split("."))


class TomlIndex:
    """Where each table and key of a TOML document starts, by the same path pydantic reports
    (``("sections", 2, "bullets")``). Best effort: enough to point at the right line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.places: dict[Loc, tuple[int, int]] = {}  # path -> (line index, column of value)
        aot: dict[tuple[str, ...], int] = {}
        current: Loc = ()
        in_multiline: str | None = None
        for number, line in enumerate(self.lines):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header:
                keys = _split_key(header.group(2))
                if header.group(1) == "[[":
                    aot[keys] = aot.get(keys, -1) + 1
                    for nested in [k for k in aot if k[: len(keys)] == keys and k != keys]:
                        del aot[nested]
                current = self._expand(keys, aot)
                self.places.setdefault(current, (number, 0))
                continue
            key = _KEY.match(line)
            if key:
                path = current + _split_key(key.group(1))
                self.places.setdefault(path, (number, key.end()))
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _expand(keys: tuple[str, ...], aot: dict[tuple[str, ...], int]) -> Loc:
        path: list[str | int] = []
        for i, key in enumerate(keys):
            path.append(key)
            if keys[: i + 1] in aot:
                path.append(aot[keys[: i + 1]])
        return tuple(path)

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the deepest part of ``loc`` found; line 1 if none is."""
        for depth in range(len(loc), 0, -1):
            place = self.places.get(loc[:depth])
            if place is None:
                continue
            line, column = place
            rest = loc[depth:]
            if rest and isinstance(rest[0], int) and column:
                item = self._array_item(line, column, rest[0])
                if item is not None:
                    return item + 1
            return line + 1
        return 1

    def _array_item(self, line: int, column: int, wanted: int) -> int | None:
        """The line where item ``wanted`` of the array starting at (line, column) begins."""
        depth = 0
        count = -1
        expecting = False
        for number, text in self._from(line, column):
            i = 0
            while i < len(text):
                char = text[i]
                if char == "#":
                    break
                if char in "\"'":
                    if depth == 1 and expecting:
                        count, expecting = count + 1, False
                        if count == wanted:
                            return number
                    triple = text[i : i + 3] == char * 3
                    end = self._string_end(text, i, char, triple)
                    if end is None:  # a multi-line string: the item started on this line
                        return None
                    i = end
                    continue
                if char in "[{":
                    depth += 1
                    if depth == 1:
                        expecting = True
                    elif depth == 2 and expecting:
                        count, expecting = count + 1, False
                        if count == wanted:
                            return number
                elif char in "]}":
                    depth -= 1
                    if depth == 0:
                        return None
                elif char == "," and depth == 1:
                    expecting = True
                elif depth == 1 and expecting and not char.isspace():
                    count, expecting = count + 1, False
                    if count == wanted:
                        return number
                i += 1
        return None

    def _from(self, line: int, column: int) -> Iterator[tuple[int, str]]:
        yield line, self.lines[line][column:]
        for number in range(line + 1, len(self.lines)):
            yield number, self.lines[number]

    @staticmethod
    def _string_end(text: str, start: int, quote: str, triple: bool) -> int | None:
        if triple:
            end = text.find(quote * 3, start + 3)
            return None if end < 0 else end + 3
        i = start + 1
        while i < len(text):
            if text[i] == "\\" and quote == '"':
                i += 2
                continue
            if text[i] == quote:
                return i + 1
            i += 1
        return len(text)
