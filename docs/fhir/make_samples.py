"""Regenerate the sample bundles of docs/fhir/ from the SAMPLE clinic.

    .venv/bin/python docs/fhir/make_samples.py

1. `vitalsdesk demo --patients 3` into a temporary data folder (never your own);
2. `vitalsdesk export fhir --mrn DEMO-00002` -> sample-bundle.json (an adult: BP, BMI, ...);
3. the sample MA amends one set of the same patient and marks another entered in error, then
   `vitalsdesk export fhir --mrn DEMO-00002` -> sample-amendments-bundle.json.

The demo clinic is random but seeded; its dates follow today's date, and the times use this PC's
time zone (TZ=America/New_York is used here so the samples show a real offset).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The throw-away clinic gets a throw-away database key (no keyring or passphrase needed).
os.environ["VITALSDESK_DB_KEY"] = secrets.token_hex(32)
os.environ["TZ"] = "America/New_York"


def vitalsdesk(data: Path, *args: str, signed_in: bool = True) -> None:
    """The command on the sample clinic, signed in as its sample administrator."""
    from vitalsdesk.demo import DEMO_PASSWORD, DEMO_STAFF

    env = {**os.environ, "VITALSDESK_DATA_DIR": str(data), "VITALSDESK_USER": DEMO_STAFF[0][0]}
    env.pop("VITALSDESK_DATABASE_URL", None)
    extra, stdin = (["--password-stdin"], f"{DEMO_PASSWORD}\n") if signed_in else ([], "")
    command = [sys.executable, "-m", "vitalsdesk", *args, *extra]
    subprocess.run(command, env=env, input=stdin, text=True, check=True)


def amend_and_void(data: Path) -> None:
    """As the sample MA: amend the oldest set of DEMO-00002, void its newest one."""
    from vitalsdesk.clinic import open_clinic
    from vitalsdesk.clinical.measurements import VitalSignSet

    clinic = open_clinic(data)
    try:
        from vitalsdesk.demo import DEMO_PASSWORD

        ma = clinic.accounts.sign_in("ma.rivera", DEMO_PASSWORD)
        patient = clinic.patients.by_mrn("DEMO-00002")
        history = clinic.vitals.history(patient.id)
        oldest, newest = history[-1], history[0]
        measurements = {
            m.code: {"value": m.value_text, "unit": m.unit}
            | ({"method": m.method} if m.method else {})
            | ({"position": m.position} if m.position else {})
            for m in oldest.measurements
        }
        measurements["heart_rate"] = {"value": "72", "unit": "/min"}
        corrected = VitalSignSet.model_validate(
            {
                "birth_date": patient.birth_date.isoformat(),
                "sex": patient.sex,
                "taken_at": oldest.taken_at.isoformat(),
                "measurements": measurements,
            }
        )
        clinic.vitals.amend(
            oldest.id, oldest.version, corrected, "heart rate typed wrong", ma,
            clinician_notified=True,
        )  # fmt: skip
        if newest.id != oldest.id:
            clinic.vitals.mark_entered_in_error(
                newest.id, newest.version, "recorded for the wrong patient", ma
            )
    finally:
        clinic.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="vitalsdesk-sample-") as folder:
        data = Path(folder) / "data"
        vitalsdesk(data, "demo", "--patients", "3", signed_in=False)
        vitalsdesk(
            data, "export", "fhir", "--mrn", "DEMO-00002", "--out", str(HERE / "sample-bundle.json")
        )
        amend_and_void(data)
        out = HERE / "sample-amendments-bundle.json"
        vitalsdesk(data, "export", "fhir", "--mrn", "DEMO-00002", "--out", str(out))


if __name__ == "__main__":
    main()
