"""Load the shipped growth reference tables (resources/growth/) once per process."""

from __future__ import annotations

from functools import cache

from vitalsdesk.clinical.growth import TABLE_FILES, GrowthTables, parse_growth_tables
from vitalsdesk.paths import resource


@cache
def shipped_growth_tables() -> GrowthTables:
    """WHO 2006 and CDC 2000/2022 LMS tables and the growth rules, parsed and checked.

    Cached: the files are part of the installed package and do not change while it runs."""
    texts = {name: resource("growth", name).read_text(encoding="utf-8") for name in TABLE_FILES}
    return parse_growth_tables(texts)
