"""The reasons live in the repository: comments cite docs/ pages that exist, never notes kept
elsewhere.

- No tracked file outside docs/ names the team's private notes (the design notes, the clinical
  reference sheet, the platform notes, or their shared folder): a clone does not have them.
  docs/architecture.md, docs/clinical-basis.md and docs/platform.md give those reasons instead.
- Every `docs/<page>.md` that a file cites exists. When the citation names a section
  (`docs/platform.md, "SQLite"`), a heading of that page starts with that title.
- The pages' own links to each other (`[security.md](security.md)`) lead to pages that exist.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"

# The private notes, written so that this file does not name them itself: each pattern ends in a
# one-letter character class, which the plain name does not contain.
NOTES_OUTSIDE_THE_REPO = re.compile(
    r"DESIGN\.m[d]|clinical-referenc[e]|platform-note[s]|\.\./share[d]"
)

CITED_PAGE = re.compile(r"\bdocs/([A-Za-z0-9_-]+)\.md\b")
# A citation with its section: docs/<page>.md, "Title". Comments wrap, so this is looked for in
# text whose line breaks (and the comment marks that start the next line) are folded to spaces.
CITED_SECTION = re.compile(r"\bdocs/([A-Za-z0-9_-]+)\.md,\s+\"([^\"]+)\"")
PAGE_LINK = re.compile(r"\]\(([A-Za-z0-9_-]+\.md)(?:#[^)]*)?\)")
LINE_BREAK = re.compile(r"\s*\n\s*(?:#+|//|\*)?\s*")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def tracked_files() -> list[Path]:
    """The files git tracks in this checkout (else every file outside hidden and build folders)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
    except (OSError, subprocess.SubprocessError):
        skip = {".git", ".venv", "build", "dist", "__pycache__", ".ruff_cache", ".pytest_cache"}
        return sorted(
            p
            for p in REPO.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(REPO).parts)
        )
    return [REPO / name for name in listing.split("\0") if name and (REPO / name).is_file()]


def text_of(path: Path) -> str | None:
    """The file as text; None for a binary file (fonts, pictures)."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace")


@cache
def texts() -> dict[str, str]:
    """Every tracked text file, by its path relative to the checkout."""
    found = {}
    for path in tracked_files():
        text = text_of(path)
        if text is not None:
            found[path.relative_to(REPO).as_posix()] = text
    return found


def private_note_mentions(name: str, text: str) -> list[str]:
    """Lines of `text` that name a private note, as "name:line: text"."""
    return [
        f"{name}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        if NOTES_OUTSIDE_THE_REPO.search(line)
    ]


def headings(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [h.replace("`", "") for h in HEADING.findall(text)]


def broken_citations(name: str, text: str, pages: set[str]) -> list[str]:
    """Citations in `text` of a docs page that does not exist, or of a section it does not have."""
    problems = [
        f"{name}: cites docs/{page}.md, which does not exist"
        for page in sorted(set(CITED_PAGE.findall(text)))
        if f"{page}.md" not in pages
    ]
    folded = LINE_BREAK.sub(" ", text)
    for page, title in sorted(set(CITED_SECTION.findall(folded))):
        if f"{page}.md" not in pages:
            continue  # reported above
        if not any(h.startswith(title) for h in headings(f"{page}.md")):
            problems.append(f'{name}: cites docs/{page}.md, "{title}", which has no such section')
    return problems


def docs_pages() -> set[str]:
    return {p.name for p in DOCS.glob("*.md")}


def test_no_file_outside_docs_names_a_private_note() -> None:
    problems = [
        mention
        for name, text in texts().items()
        if not name.startswith("docs/")
        for mention in private_note_mentions(name, text)
    ]
    assert not problems, "point these at a docs/ page instead:\n" + "\n".join(problems)


def test_every_cited_docs_page_and_section_exists() -> None:
    pages = docs_pages()
    assert {"architecture.md", "clinical-basis.md", "platform.md"} <= pages
    problems = [
        problem for name, text in texts().items() for problem in broken_citations(name, text, pages)
    ]
    assert not problems, "\n".join(problems)


def test_the_pages_link_to_pages_that_exist() -> None:
    pages = docs_pages()
    problems = [
        f"docs/{page}: links to {target}, which does not exist"
        for page in sorted(pages)
        for target in PAGE_LINK.findall((DOCS / page).read_text(encoding="utf-8"))
        if target not in pages
    ]
    assert not problems, "\n".join(problems)


def test_clinical_basis_numbers_every_product_decision() -> None:
    """Code and tests cite "docs/clinical-basis.md, decision 15": decisions 1-20, each once, in
    order, under "Product decisions"."""
    text = (DOCS / "clinical-basis.md").read_text(encoding="utf-8")
    section = text.split("\n## Product decisions\n", 1)[1].split("\n## ", 1)[0]
    numbers = [int(n) for n in re.findall(r"^(\d+)\. \*\*", section, re.MULTILINE)]
    assert numbers == list(range(1, 21))


# The checks must be able to fail.


@pytest.mark.parametrize(
    "line",
    [
        "# the range rules (" + "DESIGN" + ".md)",
        '"""Units (' + "clinical-" + 'reference.md §2)."""',
        "# the decimal mark (" + "platform-" + "notes.md).",
        "see " + "../" + "shared/style.md",
    ],
)
def test_a_private_note_is_found(line: str) -> None:
    assert private_note_mentions("sample.py", f"x = 1\n{line}\n") == [f"sample.py:2: {line}"]


def test_a_docs_page_is_not_a_private_note() -> None:
    assert private_note_mentions("sample.py", '# (docs/platform.md, "SQLite")\n') == []


def test_a_citation_of_a_missing_page_or_section_is_found() -> None:
    pages = docs_pages()
    docs = "docs" + "/"  # split, so that this file does not cite the samples itself
    text = (
        f"# see {docs}nowhere.md\n"
        f'# SQLite is tuned for power cuts ({docs}platform.md, "No such\n'
        f'#   section") and so on; {docs}platform.md, "SQLite" exists.\n'
    )
    assert broken_citations("sample.py", text, pages) == [
        f"sample.py: cites {docs}nowhere.md, which does not exist",
        f'sample.py: cites {docs}platform.md, "No such section", which has no such section',
    ]
