"""Shared fixtures of the clinical suite.

Every expected number in this suite is written from the RULES in docs/clinical-basis.md (and its
"Product decisions"), never read back from resources/reference_ranges/default.toml or the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vitalsdesk.clinical.assessment import check_document
from vitalsdesk.clinical.growth import GrowthTables
from vitalsdesk.clinical.ranges import RangeTable
from vitalsdesk.growth_tables import shipped_growth_tables
from vitalsdesk.reference_ranges import shipped_table

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TABLE = REPO / "resources" / "reference_ranges" / "default.toml"

# The day every reading in this suite is taken unless a test says otherwise.
TAKEN_ON = date(2026, 6, 15)

# A canonical unit for each measurement, for documents that only care about the number.
UNIT_OF: dict[str, str] = {
    "systolic_bp": "mm[Hg]",
    "diastolic_bp": "mm[Hg]",
    "heart_rate": "/min",
    "respiratory_rate": "/min",
    "body_temperature": "Cel",
    "oxygen_saturation": "%",
    "body_height": "cm",
    "body_weight": "kg",
    "head_circumference": "cm",
    "pain_score": "{score}",
}


def shift_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months (the day of month must exist in the target month)."""
    index = day.year * 12 + (day.month - 1) + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def birth_for_age(*, years: int = 0, months: int = 0, days: int = 0, on: date = TAKEN_ON) -> date:
    """The birth date of a patient exactly `years` y `months` mo old, `days` days before `on`.

    birth_for_age(years=18) is the 18th birthday on `on`; birth_for_age(years=18, days=-1) is a
    patient whose 18th birthday is tomorrow.
    """
    return shift_months(on, -(12 * years + months)) - timedelta(days=days)


def quantity(key: str, value: Any, unit: str | None = None, **extra: Any) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value, "unit": unit or UNIT_OF[key]}
    if key == "body_temperature":
        q.setdefault("method", "oral")
    q.update(extra)
    return q


def document(
    measurements: dict[str, Any] | None = None,
    *,
    birth: date | str = date(1980, 6, 15),
    taken: str | None = None,
    sex: str = "female",
    confirmed: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "birth_date": birth if isinstance(birth, str) else birth.isoformat(),
        "sex": sex,
        "taken_at": taken or f"{TAKEN_ON.isoformat()}T09:30:00-05:00",
        "measurements": measurements or {},
        "confirmed": confirmed or [],
    }


def as_json_input(doc: Any) -> Any:
    """The document the way `vitalsdesk check` reads it: JSON text, decimals as Decimal."""
    return json.loads(json.dumps(doc, default=str), parse_float=Decimal)


@dataclass
class Checked:
    """The JSON output of one check, with short-cuts for the assertions of this suite."""

    out: dict[str, Any]

    @property
    def status(self) -> str:
        return self.out["status"]

    def interpretation(self, key: str) -> str | None:
        assert key in self.out["measurements"], self.out
        return self.out["measurements"][key]["interpretation"]

    def error_fields(self) -> list[str]:
        return [e["field"] for e in self.out["errors"]]

    def confirm_fields(self) -> list[str]:
        return [p["field"] for p in self.out["needs_confirmation"]]

    def messages(self, field: str) -> list[str]:
        return [
            p["message"]
            for p in [*self.out["errors"], *self.out["needs_confirmation"]]
            if p["field"] == field
        ]


@pytest.fixture
def birth_for() -> Callable[..., date]:
    """birth_for(years=, months=, days=, on=TAKEN_ON): see `birth_for_age`."""
    return birth_for_age


@pytest.fixture
def make_doc() -> Callable[..., dict[str, Any]]:
    """make_doc(measurements, birth=, taken=, sex=, confirmed=): a `check` input document."""
    return document


@pytest.fixture
def make_quantity() -> Callable[..., dict[str, Any]]:
    """make_quantity(key, value, unit=None, **extra): {"value", "unit"} (+ method "oral")."""
    return quantity


@pytest.fixture(scope="session")
def default_table_path() -> Path:
    """resources/reference_ranges/default.toml (to copy and modify, never to read numbers from)."""
    return DEFAULT_TABLE


@pytest.fixture(scope="session")
def table() -> RangeTable:
    return shipped_table()


@pytest.fixture(scope="session")
def growth_tables() -> GrowthTables:
    return shipped_growth_tables()


@pytest.fixture
def check(table: RangeTable, growth_tables: GrowthTables) -> Callable[..., Checked]:
    """check(measurements, birth=..., taken=..., confirmed=...) -> Checked (in-process, with the
    growth tables, as `vitalsdesk check` runs)."""

    def run(measurements: dict[str, Any] | None = None, **kwargs: Any) -> Checked:
        doc = as_json_input(document(measurements, **kwargs))
        out = check_document(doc, table, growth_tables=growth_tables).to_json()
        json.dumps(out)  # the output is always plain JSON
        return Checked(out)

    return run


@pytest.fixture
def check_one(check: Callable[..., Checked]) -> Callable[..., Checked]:
    """check_one(key, value, unit=None, birth=..., **extra): one measurement on its own."""

    def run(key: str, value: Any, unit: str | None = None, **kwargs: Any) -> Checked:
        extra = {k: kwargs.pop(k) for k in ("method",) if k in kwargs}
        return check({key: quantity(key, value, unit, **extra)}, **kwargs)

    return run


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty clinic data folder (so no real clinic table on this machine is ever read)."""
    folder = tmp_path / "clinic-data"
    folder.mkdir()
    return folder


@pytest.fixture
def run_cli(data_dir: Path, tmp_path: Path) -> Callable[..., CliResult]:
    """run_cli(doc_or_text, stdin=False) -> CliResult: `python -m vitalsdesk check FILE|-`."""

    def run(payload: Any, *, stdin: bool = False, path: str | None = None) -> CliResult:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        env = {**os.environ, "VITALSDESK_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
        if stdin:
            args, input_text = "-", text
        elif path is not None:
            args, input_text = path, None
        else:
            file = tmp_path / "vitals.json"
            file.write_text(text, encoding="utf-8")
            args, input_text = str(file), None
        proc = subprocess.run(
            [sys.executable, "-m", "vitalsdesk", "check", args],
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run
