"""The fixed words printed on every handout, per language, and how dates are written.

English and Spanish ship here. A clinic's template in another language brings its own words in a
``[labels]`` table; any word it leaves out is printed in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from vitalsdesk.handouts.model import Labels


@dataclass(frozen=True)
class SheetLabels:
    patient: str
    date_of_birth: str
    visit_date: str
    mrn: str
    vitals_heading: str
    vitals_measurement: str
    vitals_value: str
    vitals_how: str  # the column with the temperature method, room air or oxygen
    vitals_taken: str  # "{time}" and "{date}" are replaced
    vitals_note: str  # unused; kept so a template's [labels] from an earlier version still loads
    no_vitals: str
    clinician_note: str
    call_us: str
    phone: str
    emergency: str
    clinician: str
    signature: str
    date: str
    page: str  # "{page}" and "{pages}" are replaced
    continued: str
    months: tuple[str, ...]
    date_format: str  # "{day}", "{month}" and "{year}" are replaced
    am: str
    pm: str

    def page_of(self, page: int, pages: int) -> str:
        return self.page.replace("{page}", str(page)).replace("{pages}", str(pages))

    # dt.date, not date: inside the class, `date` is the label field below.
    def format_date(self, value: dt.date) -> str:
        """A date nobody can misread: the month as a word, never 03/05 vs 05/03."""
        return (
            self.date_format.replace("{day}", str(value.day))
            .replace("{month}", self.months[value.month - 1])
            .replace("{year}", str(value.year))
        )

    def format_time(self, value: dt.time) -> str:
        """12-hour clock as on a US patient's own clock: "2:05 PM", never "14:05"."""
        hour = value.hour % 12 or 12
        half = self.am if value.hour < 12 else self.pm
        return f"{hour}:{value.minute:02d} {half}"

    def taken_at(self, when: dt.time, on: dt.date) -> str:
        return self.vitals_taken.replace("{time}", self.format_time(when)).replace(
            "{date}", self.format_date(on)
        )


ENGLISH = SheetLabels(
    patient="Patient",
    date_of_birth="Date of birth",
    visit_date="Visit date",
    mrn="MRN",
    vitals_heading="Your vital signs today",
    vitals_measurement="Measurement",
    vitals_value="Result",
    vitals_how="How it was taken",
    vitals_taken="Taken at {time} on {date}.",
    vitals_note="Note",
    no_vitals="No vital signs were recorded at this visit.",
    clinician_note="Note from your clinician",
    call_us="Call us if",
    phone="Phone",
    # Chest pain and stroke signs are on these lists: call 911, never "drive to the ER".
    emergency="Call 911 if",
    clinician="Clinician",
    signature="Signature",
    date="Date",
    page="Page {page} of {pages}",
    continued="continued",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_format="{month} {day}, {year}",
    am="AM",
    pm="PM",
)

SPANISH = SheetLabels(
    patient="Paciente",
    date_of_birth="Fecha de nacimiento",
    visit_date="Fecha de la visita",
    mrn="N.º de expediente",
    vitals_heading="Sus signos vitales de hoy",
    vitals_measurement="Medición",
    vitals_value="Resultado",
    vitals_how="Cómo se tomó",
    vitals_taken="Se tomaron a las {time} del {date}.",
    vitals_note="Nota",
    no_vitals="No se tomaron signos vitales en esta visita.",
    clinician_note="Nota de su profesional de salud",
    call_us="Llámenos si",
    phone="Teléfono",
    emergency="Llame al 911 si",
    clinician="Profesional de salud",
    signature="Firma",
    date="Fecha",
    page="Página {page} de {pages}",
    continued="continuación",
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date_format="{day} de {month} de {year}",
    am="a. m.",
    pm="p. m.",
)

BUILT_IN: dict[str, SheetLabels] = {"en": ENGLISH, "es": SPANISH}


def labels_for(language: str, overrides: Labels | None = None) -> SheetLabels:
    """The words for ``language`` ("es-MX" uses "es"), with the template's own words on top."""
    base = BUILT_IN.get(language) or BUILT_IN.get(language.split("-")[0]) or ENGLISH
    if overrides is None:
        return base
    changes: dict[str, Any] = {}  # each as the template's Labels holds it: text, or the months
    for spec in fields(SheetLabels):
        value = getattr(overrides, spec.name)
        if value is not None:
            changes[spec.name] = tuple(value) if spec.name == "months" else value
    return replace(base, **changes)
