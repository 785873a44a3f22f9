"""After-care handouts: pick a template, fill it from the record, render, and record each print.

The sheet shows today's vital signs as recorded: value and unit as entered, the temperature method,
room air or oxygen, and the time taken, in the sheet's language. It never shows a flag, a category
or a word saying a value is high or low: the clinician says so, and may add a note in their own
words (``clinician_note``), printed as theirs.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from vitalsdesk.clinical.units import Unit, with_unit
from vitalsdesk.db.engine import Database
from vitalsdesk.db.models import HandoutPrint, Patient
from vitalsdesk.db.models import VitalSignSet as SetRow
from vitalsdesk.handouts.library import HandoutLibrary, load_library
from vitalsdesk.handouts.model import HandoutTemplate
from vitalsdesk.handouts.request import (
    ClinicInfo,
    HandoutRequest,
    PageSize,
    PatientInfo,
    VitalRow,
)
from vitalsdesk.paths import DataFolder
from vitalsdesk.services.audit import audit
from vitalsdesk.services.context import acting_user, require_role
from vitalsdesk.services.errors import InvalidInput, NotFound
from vitalsdesk.services.output_files import check_destination, write_audited
from vitalsdesk.services.schemas import MeasurementOut, StaffUserOut, VitalSignSetOut
from vitalsdesk.services.vitals import VitalsService
from vitalsdesk.settings import Settings
from vitalsdesk.vocabulary import STAFF_ROLES

Output = Literal["print", "pdf"]

# Sheet wording per language: the measurement names and how each was taken. Deliberately no flag
# words here: a patient's sheet never interprets a value (the MA's screen has its own wording).
VITAL_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "blood_pressure": "Blood pressure",
        "heart_rate": "Pulse",
        "respiratory_rate": "Breathing rate",
        "body_temperature": "Temperature",
        "oxygen_saturation": "Oxygen level (SpO2)",
        "body_height": "Height",
        "body_weight": "Weight",
        "bmi": "BMI",
        "pain_score": "Pain (0 to 10)",
        "head_circumference": "Head size",
    },
    "es": {
        "blood_pressure": "Presión arterial",
        "heart_rate": "Pulso",
        "respiratory_rate": "Respiraciones",
        "body_temperature": "Temperatura",
        "oxygen_saturation": "Nivel de oxígeno (SpO2)",
        "body_height": "Estatura",
        "body_weight": "Peso",
        "bmi": "IMC",
        "pain_score": "Dolor (0 a 10)",
        "head_circumference": "Medida de la cabeza",
    },
}
# Where the temperature was taken, in words a patient uses (the method is recorded with every
# reading and a reading is never converted to another method).
METHOD_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "oral": "by mouth",
        "tympanic": "in the ear",
        "temporal": "on the forehead",
        "axillary": "in the armpit",
        "rectal": "in the bottom (rectal)",
    },
    "es": {
        "oral": "en la boca",
        "tympanic": "en el oído",
        "temporal": "en la frente",
        "axillary": "en la axila",
        "rectal": "en el recto",
    },
}
OXYGEN_WORDS: dict[str, dict[str, str]] = {
    "en": {"air": "on room air", "oxygen": "on oxygen", "flow": "on oxygen, {flow} L/min"},
    "es": {
        "air": "con aire ambiente",
        "oxygen": "con oxígeno",
        "flow": "con oxígeno, {flow} L/min",
    },
}


PER_MINUTE = {"en": "per minute", "es": "por minuto"}


def _value_text(value: str, unit: str, language: str) -> str:
    if unit == Unit.PER_MIN.value:
        return f"{value} {PER_MINUTE.get(language, PER_MINUTE['en'])}"
    try:
        return with_unit(value, Unit(unit))
    except ValueError:  # not a unit of ours (an imported oddity): print it as it came
        return f"{value} {unit}"


def _words(table: dict[str, dict[str, str]], language: str) -> dict[str, str]:
    return table.get(language) or table.get(language.split("-")[0]) or table["en"]


def _how_taken(m: MeasurementOut, language: str) -> str:
    if m.code == "body_temperature" and m.method:
        return _words(METHOD_WORDS, language).get(m.method, m.method)
    if m.code == "oxygen_saturation" and m.on_supplemental_oxygen is not None:
        words = _words(OXYGEN_WORDS, language)
        if not m.on_supplemental_oxygen:
            return words["air"]
        if m.oxygen_flow_text:
            return words["flow"].replace("{flow}", m.oxygen_flow_text)
        return words["oxygen"]
    return ""


def vital_rows(vitals: VitalSignSetOut | None, language: str) -> list[VitalRow]:
    """The vitals table of a sheet, in clinical order, BP as one "128/82 mmHg" row.

    Each row is the value as entered with its unit and how it was taken. The measurement's
    interpretation and flag message are deliberately not read here (docs/clinical-basis.md,
    decision 18: a patient's sheet never says a value is high or low)."""
    if vitals is None:
        return []
    words = _words(VITAL_LABELS, language)
    rows: list[VitalRow] = []
    by_code = {m.code: m for m in vitals.measurements}
    sbp, dbp = by_code.get("systolic_bp"), by_code.get("diastolic_bp")
    if sbp is not None or dbp is not None:
        text = f"{sbp.value_text if sbp else '—'}/{dbp.value_text if dbp else '—'} mmHg"
        rows.append(VitalRow(label=words["blood_pressure"], value=text))
    for m in vitals.measurements:
        if m.code in ("systolic_bp", "diastolic_bp"):
            continue
        rows.append(
            VitalRow(
                label=words.get(m.code, m.code),
                value=_value_text(m.value_text, m.unit, language)
                if m.code != "pain_score"
                else m.value_text,
                detail=_how_taken(m, language),
            )
        )
        if m.code == "body_weight" and vitals.bmi_value:
            rows.append(VitalRow(label=words["bmi"], value=vitals.bmi_value))
    return rows


def build_request(
    template: HandoutTemplate,
    *,
    clinic: ClinicInfo,
    patient: PatientInfo,
    visit_date: date,
    vitals: VitalSignSetOut | None,
    fields: dict[str, str] | None = None,
    page_size: PageSize = "letter",
    large_print: bool = False,
    clinician_name: str = "",
    clinician_note: str = "",
) -> HandoutRequest:
    """The one way a sheet's request is made from the record: the print, the app's preview and the
    documentation's preview images all come through here."""
    return HandoutRequest(
        clinic=clinic,
        patient=patient,
        visit_date=visit_date,
        vitals=vital_rows(vitals, template.language),
        vitals_taken_at=vitals.taken_at if vitals is not None else None,
        clinician_note=clinician_note,
        fields=fields or {},
        page_size=page_size,
        large_print=large_print,
        language=template.language,
        clinician_name=clinician_name,
    )


class HandoutService:
    def __init__(
        self, db: Database, vitals: VitalsService, settings: Settings, data_dir: Path
    ) -> None:
        self.db = db
        self.vitals = vitals
        self.settings = settings
        self.data_dir = data_dir
        self._library: HandoutLibrary | None = None

    def library(self, reload: bool = False) -> HandoutLibrary:
        """Shipped templates plus the clinic's own; bad files are in `.errors`, never raised."""
        if self._library is None or reload:
            self._library = load_library(DataFolder(self.data_dir).handouts)
        return self._library

    def template(self, template_id: str, language: str) -> HandoutTemplate:
        template = self.library().get(template_id, language)
        if template is None:
            have = self.library().languages(template_id)
            if have:
                raise NotFound(
                    f"The handout {template_id} has no {language} version (it has: {', '.join(have)})."
                )
            raise NotFound(
                f"There is no handout {template_id}. `vitalsdesk handout --list` lists them."
            )
        return template

    def todays_set(self, patient_id: int, on: date | None = None) -> VitalSignSetOut | None:
        """The newest valid set taken on the visit day (local date of the reading)."""
        sets = self.todays_sets(patient_id, on)
        return sets[0] if sets else None

    def todays_sets(self, patient_id: int, on: date | None = None) -> list[VitalSignSetOut]:
        """Every valid set taken on the visit day (local date of the reading), newest first:
        the MA picks which one goes on the sheet."""
        day = on or date.today()
        return [
            item
            for item in self.vitals.history(patient_id, limit=20)
            if not item.superseded
            and item.status != "entered-in-error"
            and item.taken_at.date() == day
        ]

    def request_for(
        self,
        patient_id: int,
        template: HandoutTemplate,
        *,
        fields: dict[str, str] | None = None,
        large_print: bool = False,
        page_size: str | None = None,
        clinician_name: str = "",
        clinician_note: str = "",
        vitals: VitalSignSetOut | None = None,
        visit_date: date | None = None,
    ) -> HandoutRequest:
        def work(s: Session) -> Patient:
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFound("This patient is not in the database.")
            return patient

        patient = self.db.read(work)
        day = visit_date or date.today()
        chosen = vitals if vitals is not None else self.todays_set(patient_id, day)
        clinic = self.settings.clinic
        return build_request(
            template,
            clinic=ClinicInfo(name=clinic.name, address=clinic.address, phone=clinic.phone),
            patient=PatientInfo(
                family_name=patient.family_name,
                given_name=patient.given_name,
                birth_date=patient.birth_date,
                mrn=patient.mrn,
            ),
            visit_date=day,
            vitals=chosen,
            fields=fields,
            # The GUI's choice as text: HandoutRequest takes only letter or a4.
            page_size=page_size or self.settings.page_size,  # type: ignore[arg-type]
            large_print=large_print,
            clinician_name=clinician_name,
            clinician_note=clinician_note,
        )

    def preview(self, template: HandoutTemplate, request: HandoutRequest) -> bytes:
        """The PDF for the screen; a preview is not a print and is not recorded."""
        from vitalsdesk.handouts.render import render_handout_bytes

        return render_handout_bytes(template, request)

    def produce(
        self,
        patient_id: int,
        template: HandoutTemplate,
        request: HandoutRequest,
        actor: StaffUserOut | None,
        output: Output,
        set_id: int | None = None,
    ) -> bytes:
        """Render the sheet and record the print (who, when, which template and language) with
        its audit event; the caller prints the bytes. A PDF for a file goes through save_pdf,
        which writes it the safe way."""
        data = self._render(template, request)
        self._record(patient_id, template, actor, output, set_id)
        return data

    def check_destination(self, destination: Path) -> Path:
        """The PDF's file as an absolute path; InvalidInput, in words, when it is one of the
        clinic's own files or folders (the database, its keys, its backups...) or a folder."""
        return check_destination(destination, self.db, DataFolder(self.data_dir))

    def save_pdf(
        self,
        patient_id: int,
        template: HandoutTemplate,
        request: HandoutRequest,
        actor: StaffUserOut | None,
        destination: Path,
        set_id: int | None = None,
    ) -> Path:
        """Render the sheet and write it to `destination` as a PDF (mode 0600), recorded and
        audited before its content reaches the disk (vitalsdesk.services.output_files). Returns
        the file written; raises InvalidInput, in words, when none was."""
        target = self.check_destination(destination)
        data = self._render(template, request)
        print_ids: list[int] = []

        def record() -> None:
            print_ids.append(self._record(patient_id, template, actor, "pdf", set_id))

        def not_written(why: str) -> None:
            def work(s: Session) -> None:
                audit(
                    s,
                    acting_user(s, actor),
                    "handout_not_written",
                    patient_id=patient_id,
                    entity="handout_print",
                    entity_id=print_ids[0] if print_ids else None,
                    template=template.id,
                    language=template.language,
                    why=why,
                )

            self.db.run(work)

        write_audited(target, data, record, not_written)
        return target

    @staticmethod
    def _render(template: HandoutTemplate, request: HandoutRequest) -> bytes:
        from vitalsdesk.handouts.render import HandoutError, render_handout_bytes

        try:
            return render_handout_bytes(template, request)
        except HandoutError as exc:
            raise InvalidInput(str(exc)) from None

    def _record(
        self,
        patient_id: int,
        template: HandoutTemplate,
        actor: StaffUserOut | None,
        output: Output,
        set_id: int | None,
    ) -> int:
        """The print's row and its audit event, committed; returns the row's id."""

        def work(s: Session) -> int:
            by = acting_user(s, actor)
            require_role(by, *STAFF_ROLES)
            if set_id is not None:
                chosen = s.get(SetRow, set_id)
                if chosen is None or chosen.patient_id != patient_id:
                    raise InvalidInput(
                        "The vital signs chosen for the sheet are not this patient's."
                    )
            record = HandoutPrint(
                patient_id=patient_id,
                set_id=set_id,
                template_id=template.id,
                language=template.language,
                template_version=template.version,
                output=output,
                printed_by_id=by.id,
            )
            s.add(record)
            s.flush()
            audit(
                s,
                by,
                "handout_printed" if output == "print" else "handout_saved",
                patient_id=patient_id,
                entity="handout_print",
                entity_id=record.id,
                template=template.id,
                language=template.language,
                set=set_id,
            )
            return record.id

        result: int = self.db.run(work)
        return result

    def prints(self, patient_id: int) -> list[tuple[str, str, str, datetime]]:
        """(template id, language, output, printed at) of a patient's handouts, newest first."""
        from sqlalchemy import select

        def work(s: Session) -> list[tuple[str, str, str, datetime]]:
            rows = s.execute(
                select(
                    HandoutPrint.template_id,
                    HandoutPrint.language,
                    HandoutPrint.output,
                    HandoutPrint.printed_at,
                )
                .where(HandoutPrint.patient_id == patient_id)
                .order_by(HandoutPrint.printed_at.desc(), HandoutPrint.id.desc())
            ).all()
            return [(tid, language, output, at) for tid, language, output, at in rows]

        return self.db.read(work)
