"""A streamed export: one read snapshot (a room saves while it runs, and the file holds what the
audit event counted), and a cancel half-way leaves no file and says so in the audit log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.services.test_exchange import NORMAL, _audit, exchange, register, vitals
from tests.staff import add_staff, clinic_admin
from vitalsdesk.clinic import Clinic


class Stop(Exception):
    """What the app's Cancel raises from the progress callback."""


def two_patients(clinic: Clinic) -> None:
    ma = add_staff(clinic, "ma1", "password-one", "assistant", "Ana MA")
    for mrn in ("M1", "M2"):
        patient = register(clinic, ma, mrn=mrn)
        for day in (1, 2):
            clinic.vitals.record(patient.id, vitals(f"2026-11-0{day}T09:00:00-05:00", **NORMAL), ma)


def test_a_save_during_an_export_is_not_blocked_and_not_in_the_file(
    clinic: Clinic, tmp_path: Path
) -> None:
    two_patients(clinic)
    admin = clinic_admin(clinic)
    ma = clinic.accounts.sign_in("ma1", "password-one")
    third = register(clinic, ma, mrn="M3")
    saved: list[str] = []

    def progress(done: int, total: int) -> None:
        if done == 2 and not saved:  # half-way: a room saves a set
            saved.append(clinic.vitals.record(third.id, vitals(**NORMAL), ma).uid)

    out = tmp_path / "all.csv"
    summary = exchange(clinic).export_csv(out, admin, progress=progress)
    assert saved, "the save went through while the export was reading"
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert saved[0] not in {r["set_uid"] for r in table}  # the export's snapshot is older
    assert (summary.patients, summary.sets, summary.rows) == (3, 4, len(table))
    [event] = _audit(clinic, "export")
    assert (event.detail["patients"], event.detail["sets"], event.detail["rows"]) == (
        3,
        4,
        len(table),
    )
    assert len(clinic.vitals.history(third.id)) == 1


@pytest.mark.parametrize("kind", ["csv", "fhir", "ndjson"])
def test_a_cancel_half_way_leaves_no_file_and_is_said_in_the_audit_log(
    sqlite_clinic: Clinic, tmp_path: Path, kind: str
) -> None:
    two_patients(sqlite_clinic)
    out = tmp_path / "out"
    out.mkdir()
    ticks: list[int] = []

    def progress(done: int, total: int) -> None:
        ticks.append(done)
        if done > 0:
            raise Stop

    service = exchange(sqlite_clinic)
    admin = clinic_admin(sqlite_clinic)
    with pytest.raises(Stop):
        if kind == "ndjson":
            service.export_ndjson(out, admin, progress=progress)
        else:
            getattr(service, f"export_{kind}")(out / f"all.{kind}", admin, progress=progress)
    assert ticks == [0, 2]  # stopped after the first patient's sets were written
    assert list(out.iterdir()) == []  # no file, no temporary file
    events = [(e.action, e.detail.get("why")) for e in _audit(sqlite_clinic, "export")]
    events += [(e.action, e.detail.get("why")) for e in _audit(sqlite_clinic, "export_not_written")]
    assert events == [("export", None), ("export_not_written", "it was cancelled")]


def test_a_cancel_before_the_first_set_records_nothing(
    sqlite_clinic: Clinic, tmp_path: Path
) -> None:
    two_patients(sqlite_clinic)

    def progress(done: int, total: int) -> None:
        raise Stop

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Stop):
        exchange(sqlite_clinic).export_csv(
            out / "all.csv", clinic_admin(sqlite_clinic), progress=progress
        )
    assert list(out.iterdir()) == []
    assert _audit(sqlite_clinic, "export") == []
