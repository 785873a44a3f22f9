"""Record vital-sign sets in a loop, printing each set's uid once `record` has returned.

Used by the durability tests: a line on stdout is an acknowledged save."""

from __future__ import annotations

import contextlib
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from vitalsdesk.clinic import open_clinic
from vitalsdesk.clinical.measurements import AdministrativeSex, VitalSignSet
from vitalsdesk.services.errors import AlreadyExists, Forbidden, InvalidInput
from vitalsdesk.services.schemas import PatientIn


def _signed_in(clinic: Any) -> Any:
    """The clinic's administrator (tests/staff.py's), added by whichever loop comes first."""
    if not clinic.accounts.has_users():
        # The other loop may add it first.
        with contextlib.suppress(AlreadyExists, Forbidden, InvalidInput):
            clinic.accounts.add_user("test-admin", "password-admin", "admin", "Test Admin")
    return clinic.accounts.sign_in("test-admin", "password-admin")


def main() -> None:
    data_dir, mrn, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    clinic = open_clinic(data_dir)
    staff = _signed_in(clinic)
    try:
        patient = clinic.patients.register(
            PatientIn(
                mrn=mrn,
                family_name="Loop",
                given_name="Test",
                birth_date=date(1970, 1, 1),
                sex=AdministrativeSex.MALE,
            ),
            staff,
        )
    except AlreadyExists:
        patient = clinic.patients.by_mrn(mrn)
    start = datetime(2026, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    for n in range(count):
        vitals = VitalSignSet.model_validate(
            {
                "birth_date": "1970-01-01",
                "sex": "male",
                "taken_at": (start + timedelta(minutes=n)).isoformat(),
                "measurements": {
                    "heart_rate": {"value": 60 + n % 30, "unit": "/min"},
                    "body_temperature": {"value": "98.6", "unit": "[degF]", "method": "oral"},
                },
            }
        )
        saved = clinic.vitals.record(patient.id, vitals, staff)
        print(saved.uid, flush=True)
    clinic.close()


if __name__ == "__main__":
    main()
