"""How a flag looks on the MA's screen: a symbol and the neutral words, never colour alone.

The words are the clinical core's FLAG_TEXT (docs/clinical-basis.md, decision 6): a value, that it
is outside the reference range, and "tell the clinician". Never a diagnosis or a category name.
The `flag` value is the dynamic property the stylesheet (resources/style.qss) styles.
"""

from __future__ import annotations

from vitalsdesk.clinical.assessment import FLAG_TEXT

SYMBOL: dict[str, str] = {"N": "✓", "L": "▼", "H": "▲", "LL": "▼▼", "HH": "▲▲"}
REJECTED = "✖"
CONFIRM = "⚠"

STYLE: dict[str, str] = {
    "N": "normal",
    "L": "low",
    "H": "high",
    "LL": "critical",
    "HH": "critical",
}


def flag_line(interpretation: str | None, subject: str = "") -> str:
    """ "▲ Above the reference range — tell the clinician" ("▲ Systolic: Above ..." with a
    subject); "" when there is no range."""
    if interpretation is None or interpretation not in SYMBOL:
        return ""
    words = FLAG_TEXT[interpretation]
    if subject:
        words = f"{subject}: {words}"
    return f"{SYMBOL[interpretation]} {words}"


def rejected_line(message: str) -> str:
    return f"{REJECTED} {message}"


def confirm_line(message: str) -> str:
    return f"{CONFIRM} {message}"


def cell_suffix(interpretation: str | None) -> str:
    """The symbol after a value in a table cell ("182 ▲▲"); nothing for a value within range."""
    if interpretation in (None, "N"):
        return ""
    return " " + SYMBOL.get(interpretation or "", "")
