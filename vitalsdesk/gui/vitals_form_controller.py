"""Behaviour of the vitals form: keyboard entry, live checks, drafts, saving and amending.

Every keystroke rebuilds the document from the form and asks the clinical core
(`check_document`, never raises) what it makes of it; each measurement's check line shows the
answer in words with a symbol. Saving goes through the VitalsService, which checks again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.assessment import FLAG_TEXT, Assessment, check_document
from vitalsdesk.clinical.measurements import LABELS, VitalSignSet
from vitalsdesk.gui.bp_readings_widget import BpReadingsController
from vitalsdesk.gui.devices_form import DeviceFields
from vitalsdesk.gui.vitals_form_view import VitalsFormView
from vitalsdesk.presentation import flags
from vitalsdesk.presentation.display import (
    METHOD_WORD,
    date_text,
    datetime_text,
    quantity_text,
    time_text,
)
from vitalsdesk.presentation.vitals_entry import (
    DEFAULT_CHOICES,
    FEET_AND_INCHES,
    FIELD_OF,
    POUNDS_AND_OUNCES,
    PREFERENCE_KEYS,
    TEXT_FIELDS,
    VitalsEntry,
    entry_from_measurements,
    split_pair,
)
from vitalsdesk.services.bp_readings import bp_readings_of
from vitalsdesk.services.errors import (
    ServiceError,
)
from vitalsdesk.validation_messages import describe

if TYPE_CHECKING:
    from vitalsdesk.devices.reading import DeviceReading
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.devices import DeviceReadingOut
    from vitalsdesk.services.schemas import (
        MeasurementOut,
        PatientOut,
        StaffUserOut,
        VitalSignSetOut,
    )

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000
PREFERENCES_KEY = "vitals_form"
_SUBJECT = {"systolic_bp": "Systolic", "diastolic_bp": "Diastolic"}


def _now() -> datetime:
    return datetime.now().astimezone()


def _is_current(item: VitalSignSetOut) -> bool:
    return not item.superseded and item.status != "entered-in-error"


def entry_of(set_out: VitalSignSetOut) -> VitalsEntry:
    """The form's entry for a recorded set, as the MA typed it (to amend it)."""
    return entry_from_measurements(
        [
            (
                m.code,
                m.value_text,
                m.unit,
                {
                    "method": m.method,
                    "position": m.position,
                    "arm": m.arm,
                    "cuff_size": m.cuff_size,
                    "on_supplemental_oxygen": m.on_supplemental_oxygen,
                    "oxygen_flow_text": m.oxygen_flow_text,
                },
            )
            for m in set_out.measurements
        ]
    )


def _reading_text(code: str, m: MeasurementOut) -> str:
    text = quantity_text(m.value_text, m.unit) + flags.cell_suffix(m.interpretation)
    if code == "body_temperature" and m.method:
        text += f" {METHOD_WORD.get(m.method, m.method)}"
    if code == "oxygen_saturation":
        if not m.on_supplemental_oxygen:
            text += " on air"
        elif m.oxygen_flow_text:
            text += f" on O₂ {m.oxygen_flow_text} L/min"
        else:
            text += " on oxygen"
    return text


def last_reading_texts(sets: list[VitalSignSetOut]) -> dict[str, str]:
    """ "Last, 3 Mar 2026\n98.6 °F oral" for each measurement (and BP, BMI) of `sets`, newest
    first: the last valid reading; replaced versions and sets entered in error are skipped."""
    latest: dict[str, tuple[MeasurementOut, datetime]] = {}
    bmi: tuple[str, datetime] | None = None
    for item in filter(_is_current, sets):
        for m in item.measurements:
            latest.setdefault(m.code, (m, item.taken_at))
        if bmi is None and item.bmi_value:
            bmi = (item.bmi_value, item.taken_at)
    texts = {
        code: f"Last, {date_text(when)}\n{_reading_text(code, m)}"
        for code, (m, when) in latest.items()
    }
    sys_m, dia_m = latest.get("systolic_bp"), latest.get("diastolic_bp")
    if sys_m or dia_m:
        value = "/".join(
            (m[0].value_text + flags.cell_suffix(m[0].interpretation)) if m else "–"
            for m in (sys_m, dia_m)
        )
        when = (sys_m or dia_m)[1]  # type: ignore[index]
        texts["blood_pressure"] = f"Last, {date_text(when)}\n{value} mmHg"
    if bmi is not None:
        texts["bmi"] = f"Last, {date_text(bmi[1])}\n{bmi[0]}"
    return texts


class VitalsFormController(QObject):
    saved = Signal(object)  # the VitalSignSetOut just recorded or amended
    draft_failed = Signal()

    def __init__(
        self,
        view: VitalsFormView,
        clinic: ClinicServices,
        user: StaffUserOut,
        patient: PatientOut,
        prompter: Prompter,
        *,
        now: Callable[[], datetime] = _now,
        draft_extra: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(view)
        self._draft_extra = draft_extra
        self.view = view
        self.clinic = clinic
        self.user = user
        self.patient = patient
        self.prompter = prompter
        self._now = now
        self.include_head = age_on(patient.birth_date, now().date()).years < 3
        self.taken_at: datetime | None = None
        self.amending: VitalSignSetOut | None = None
        self.assessment: Assessment | None = None
        self._dirty = False
        self._preferences = self._load_preferences()
        self.device_fields = DeviceFields()  # values from a device, until typed over or saved

        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.flush_draft)

        for name, edit in view.edits.items():
            edit.textEdited.connect(partial(self._edited, name))
            edit.returnPressed.connect(partial(self._enter, name))
        view.pair_finished.connect(self._split_pair)
        for name, combo in view.combos.items():
            combo.activated.connect(partial(self._choice_changed, name))
        view.on_oxygen.clicked.connect(partial(self._choice_changed, "on_oxygen"))
        view.save_requested.connect(self.save)
        view.clear_requested.connect(self.clear_by_user)
        view.show_head_row(self.include_head)
        self.bp_readings = BpReadingsController(
            view,
            now=self._now,
            current_document=lambda: self._document(self.entry())[0],
            changed=self._readings_changed,
        )

        self._apply_choices(self._preferences)
        self._update_taken_label()
        self.refresh()

    # -- reading and filling the form ----------------------------------------------------------

    def entry(self) -> VitalsEntry:
        view = self.view
        choices = {name: str(combo.currentData() or "") for name, combo in view.combos.items()}
        choices["on_oxygen"] = "yes" if view.on_oxygen.isChecked() else ""
        return VitalsEntry(
            texts={name: edit.text() for name, edit in view.edits.items()},
            choices=choices,
            taken_at=self.taken_at,
            amends=self.amending.id if self.amending else None,
        )

    def load_entry(self, entry: VitalsEntry) -> None:
        for name, edit in self.view.edits.items():
            edit.setText(entry.texts.get(name, ""))
        self._apply_choices(entry.choices)
        self.taken_at = entry.taken_at
        self._update_taken_label()
        self.refresh()

    def _apply_choices(self, choices: dict[str, str]) -> None:
        for name, combo in self.view.combos.items():
            combo.select_data(choices.get(name, DEFAULT_CHOICES.get(name, "")))
        self.view.on_oxygen.setChecked(choices.get("on_oxygen") == "yes")
        self._update_visibility()

    def _update_visibility(self) -> None:
        combos = self.view.combos
        self.view.show_unit_inputs(
            feet_and_inches=combos["height_unit"].currentData() == FEET_AND_INCHES,
            pounds_and_ounces=combos["weight_unit"].currentData() == POUNDS_AND_OUNCES,
            on_oxygen=self.view.on_oxygen.isChecked(),
        )

    # -- preferences (units remembered per user) -------------------------------------------------

    @property
    def preferences(self) -> dict[str, str]:
        """The user's remembered choices (kept up to date as they change a unit)."""
        return self._preferences

    def _load_preferences(self) -> dict[str, str]:
        try:
            stored = self.clinic.accounts.preferences(self.user).get(PREFERENCES_KEY)
        except ServiceError:
            stored = None
        choices = dict(DEFAULT_CHOICES)
        if isinstance(stored, dict):
            probe = VitalsEntry.from_payload({"choices": stored})
            choices.update({k: probe.choices[k] for k in PREFERENCE_KEYS if k in stored})
        return choices

    def _save_preferences(self) -> None:
        current = self.entry().choices
        wanted = {k: current[k] for k in PREFERENCE_KEYS}
        if wanted == {k: self._preferences.get(k) for k in PREFERENCE_KEYS}:
            return
        self._preferences.update(wanted)
        try:
            self.clinic.accounts.save_preferences(self.user, {PREFERENCES_KEY: wanted})
        except Exception as exc:  # a preference is not worth interrupting the MA
            log.warning("unit preferences not saved: %s", type(exc).__name__)

    # -- typing ----------------------------------------------------------------------------------

    def _edited(self, name: str, text: str) -> None:
        self.device_fields.typed(name)
        if name == "systolic":
            _, second = split_pair(text)
            if second is not None:
                self.view.edits["diastolic"].setText(second)
                self.device_fields.typed("diastolic")
        if self.taken_at is None and text.strip():
            self.taken_at = self._now()
            self._update_taken_label()
        self._changed()

    def _choice_changed(self, name: str, *_args: Any) -> None:
        self._update_visibility()
        if name in PREFERENCE_KEYS and self.amending is None:
            self._save_preferences()
        self._changed()

    def _readings_changed(self) -> None:
        """A reading kept or typed in the orthostatic rows: a change like any typed value."""
        if self.taken_at is None and self.bp_readings.has_values():
            self.taken_at = self._now()
            self._update_taken_label()
        self._changed()

    def is_empty(self) -> bool:
        """Nothing typed: no value in the fields and no reading kept or in the orthostatic rows."""
        return self.entry().is_empty() and not self.bp_readings.has_values()

    def _changed(self) -> None:
        self._dirty = True
        self.draft_timer.start()
        self.refresh()

    def _split_pair(self) -> bool:
        """ "120/80" in the systolic field: 120 stays, 80 goes to the diastolic field."""
        edit = self.view.edits["systolic"]
        first, second = split_pair(edit.text())
        if second is None:
            return False
        edit.setText(first.strip())
        if second.strip():
            self.view.edits["diastolic"].setText(second.strip())
        return True

    def enter_chain(self) -> list[str]:
        """The fields Enter visits, in clinical order (only those shown)."""
        return [
            name
            for name in TEXT_FIELDS
            if self.view.edits[name].isVisibleTo(self.view) and self.view.edits[name].isEnabled()
        ]

    def _enter(self, name: str) -> None:
        chain = self.enter_chain()
        skip_diastolic = False
        if name == "systolic":
            skip_diastolic = self._split_pair() and bool(self.view.edits["diastolic"].text())
        position = chain.index(name) if name in chain else -1
        following = chain[position + 1 :]
        if skip_diastolic and following and following[0] == "diastolic":
            following = following[1:]
        if following:
            self.view.focus_field(following[0])
        else:
            self.view.focus_save()

    # -- live checks -----------------------------------------------------------------------------

    def _document(
        self, entry: VitalsEntry, reasons: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        document, unreadable = entry.document(
            self.patient.birth_date,
            self.patient.sex,
            entry.taken_at or self._now(),
            include_head=self.include_head,
            confirmation_reasons=reasons,
        )
        self.device_fields.apply_units(document["measurements"])
        return self.bp_readings.apply(document), unreadable

    def refresh(self) -> Assessment:
        """Check the form as it stands and show the result beside every field."""
        document, unreadable = self._document(self.entry())
        assessment = check_document(
            document, self.clinic.table, growth_tables=self.clinic.growth_tables
        )
        self.assessment = assessment
        errors: dict[str, list[str]] = {}
        for problem in assessment.errors:
            errors.setdefault(problem.field, []).append(problem.message)
        confirm = {p.field: p.message for p in assessment.needs_confirmation}
        for key in self.view.flag_labels:
            if key in unreadable:
                text, style = flags.rejected_line(unreadable[key]), "invalid"
            elif key in errors:
                text, style = flags.rejected_line(" ".join(errors[key])), "invalid"
            elif key in confirm:
                text, style = flags.confirm_line(confirm[key]), "confirm"
            else:
                text, style = self._flag_of(key, assessment)
            self._show_check(key, text, style)
        self.view.set_bmi(assessment.bmi.value if assessment.bmi else None)
        self.bp_readings.show_assessment(assessment)
        # A problem that belongs to no field with a check line is shown under the form.
        other = [
            m
            for key, messages in errors.items()
            if key not in self.view.flag_labels
            for m in messages
        ]
        self.view.show_form_message(" ".join(other), problem=True)
        return assessment

    @staticmethod
    def _flag_of(key: str, assessment: Assessment) -> tuple[str, str]:
        """The check line of a measurement that can be saved as it is (none when not typed)."""
        if key not in assessment.measurements:
            return "", ""
        interpretation = assessment.measurements[key].interpretation
        text = flags.flag_line(interpretation, _SUBJECT.get(key, ""))
        return text, flags.STYLE.get(interpretation or "", "")

    def _show_check(self, key: str, text: str, style: str) -> None:
        text, style = self.device_fields.check_line(key, text, style)
        self.view.show_check(key, text, style)
        field = FIELD_OF.get(key)
        if field is not None:
            self.view.mark_field(field, invalid=style == "invalid", description=text)

    def show_message(self, text: str) -> None:
        self.view.show_form_message(text, problem=True)

    def _update_taken_label(self) -> None:
        if self.amending is not None:
            self.view.show_taken(f"Reading taken {datetime_text(self.amending.taken_at)}")
        elif self.taken_at is not None:
            self.view.show_taken(f"Reading taken at {time_text(self.taken_at)}")
        else:
            self.view.show_taken("The time of the reading is set by the first value you type")

    # -- saving ----------------------------------------------------------------------------------

    def _focus_field_of(self, key: str) -> None:
        self.view.focus_field(
            FIELD_OF.get(key, "height" if key == "bmi" else "systolic"), select=True
        )

    def _critical_line(self, key: str, assessment: Assessment) -> str:
        result = assessment.measurements[key]
        value = quantity_text(format(result.value, "f"), result.unit)
        interpretation = result.interpretation
        symbol = flags.SYMBOL.get(interpretation or "", "")
        return f"{LABELS[key]} {value}: {symbol} {FLAG_TEXT[interpretation]}"

    def _not_saved(self, text: str) -> None:
        self.view.show_form_message(text, problem=True)

    def save(self) -> VitalSignSetOut | None:
        """Ctrl+S: confirm what needs confirming, ask about critical values, then record."""
        self._split_pair()
        entry = self.entry()
        if self.is_empty():
            self._not_saved("Type at least one value before saving.")
            self.view.focus_field("systolic")
            return None
        problem = self.bp_readings.save_problem()
        if problem is not None:
            self._not_saved(problem)
            self.bp_readings.focus_first_missing()
            return None
        entry.taken_at = entry.taken_at or self._now()
        checked = self._accepted(entry)
        if checked is None:
            return None
        document, assessment = checked
        vitals = self._validated(document)
        if vitals is None:
            return None
        notified = self._clinician_told(assessment)
        if notified is None:
            return None
        result = self._store(vitals, notified)
        if result is None:
            return None
        self.give_back_device_readings("not used in the saved set", saved=True)
        self.clear()
        self.saved.emit(result)
        return result

    def _accepted(self, entry: VitalsEntry) -> tuple[dict[str, Any], Assessment] | None:
        """The document to save and its assessment, once every value can be saved and every
        unusual one is confirmed with a reason; None (with the reason shown) otherwise."""
        document, unreadable = self._document(entry)
        assessment = check_document(
            document, self.clinic.table, growth_tables=self.clinic.growth_tables
        )
        self.refresh()
        if unreadable or assessment.status == "rejected":
            first = next(iter(unreadable), None) or assessment.errors[0].field
            self._not_saved("Not saved: correct the values marked ✖ first.")
            self._focus_field_of(first)
            return None
        if not assessment.needs_confirmation:
            return document, assessment
        return self._confirmed(entry, assessment)

    def _confirmed(
        self, entry: VitalsEntry, assessment: Assessment
    ) -> tuple[dict[str, Any], Assessment] | None:
        """Unusual values: the MA measures again (not saved) or confirms each with a reason."""
        items = [
            (p.field, LABELS.get(p.field, p.field), p.message)
            for p in assessment.needs_confirmation
        ]
        answer = self.prompter.confirm_values(self.view, items)
        if answer is None:
            self._not_saved("Not saved. Measure again, correct the value, and save again.")
            self._focus_field_of(items[0][0])
            return None
        reasons = {field: answer.get(field, "").strip() for field, _, _ in items}
        document, _ = self._document(entry, reasons)
        assessment = check_document(
            document, self.clinic.table, growth_tables=self.clinic.growth_tables
        )
        if assessment.status != "accepted":
            typed = [p for p in assessment.errors if p.field == "confirmation_reasons"]
            self._not_saved(
                f"Not saved: {typed[0].message}."
                if typed
                else "Not saved: every unusual value needs a reason."
            )
            return None
        return document, assessment

    def _validated(self, document: dict[str, Any]) -> VitalSignSet | None:
        try:
            return VitalSignSet.model_validate(document)
        except ValidationError as exc:
            self._not_saved(f"Not saved: {describe(exc)}")
            return None

    def _clinician_told(self, assessment: Assessment) -> bool | None:
        """True once the MA says the clinician was told of the critical values; False when there
        are none; None (not saved) when the MA goes back to tell them first."""
        if not assessment.critical:
            return False
        lines = [self._critical_line(key, assessment) for key in assessment.critical]
        if not self.prompter.confirm_clinician_told(self.view, lines):
            self._not_saved("Not saved. Tell the clinician now, then save again.")
            return None
        return True

    def _store(self, vitals: VitalSignSet, notified: bool) -> VitalSignSetOut | None:
        """Record the new set, or the amendment with its reason. The service discards the draft
        in the same transaction, so what it returns is saved, draft and all."""
        try:
            if self.amending is None:
                return self.clinic.vitals.record(
                    self.patient.id,
                    vitals,
                    self.user,
                    clinician_notified=notified,
                    device_values=self.device_fields.values(),
                )
            reason = self.prompter.ask_reason(
                self.view,
                "Amend vital signs",
                "Why is this set being corrected? (for example: weight typed in kg, was in lb)",
                "Save amendment",
            )
            if reason is None:
                self._not_saved("The amendment was not saved.")
                return None
            return self.clinic.vitals.amend(
                self.amending.id,
                self.amending.version,
                vitals,
                reason,
                self.user,
                clinician_notified=notified,
            )
        except ServiceError as exc:  # not accepted, clinician not told, a conflict, the disk
            self._not_saved(f"Not saved. {exc}")
            return None

    # -- clearing, amending, drafts ------------------------------------------------------------

    def clear(self) -> None:
        """Empty the form for the next patient (the database is not touched)."""
        self.draft_timer.stop()
        self._dirty = False
        self.amending = None
        self.device_fields.clear()
        for edit in self.view.edits.values():
            edit.clear()
        self._apply_choices(self._preferences)
        self.taken_at = None
        self.bp_readings.reset()
        self.view.show_entry_mode()
        self._update_taken_label()
        self.view.show_form_message("")
        self.refresh()

    def clear_by_user(self) -> None:
        """The Clear button: the typed values (and their draft) are thrown away."""
        self.give_back_device_readings("the form was cleared")
        self.clear()
        self._discard_draft()
        self.view.focus_field("systolic")

    def start_amend(
        self,
        set_out: VitalSignSetOut,
        entry: VitalsEntry | None = None,
        *,
        note: str = "",
        draft: dict[str, Any] | None = None,
    ) -> bool:
        """Fill the form with a recorded set to correct it; False if unsaved values are in it.
        `note` goes before the explanation (a restored draft says so). The readings of a guided
        BP or an orthostatic set come back with it (from `draft` when restoring one), so the
        amendment keeps them unless the MA corrects them."""
        if self.amending is None and not self.is_empty():
            return False
        if entry is None:
            entry = entry_of(set_out)
        self.clear()
        self.amending = set_out
        entry.taken_at = set_out.taken_at
        entry.amends = set_out.id
        self.load_entry(entry)
        if draft is not None:
            self.bp_readings.load_payload(draft)
        else:
            self._load_stored_readings(set_out.id)
        self.refresh()
        explanation = (
            f"Amending the set taken {datetime_text(set_out.taken_at)}, recorded by "
            f"{set_out.recorded_by_text}. Correct what was wrong, then save: you will be asked why. "
            "The set as it was stays in the record."
        )
        self.view.show_amend_mode(f"{note} {explanation}" if note else explanation)
        self.view.focus_field("systolic")
        return True

    def restore_draft(
        self, payload: dict[str, Any], saved_at: datetime, sets: list[VitalSignSetOut]
    ) -> None:
        """Put back what was typed before a lock, a crash or a power cut."""
        entry = VitalsEntry.from_payload(payload)
        note = (
            f"Restored the values you typed at {datetime_text(saved_at)}. They are not saved yet."
        )
        if entry.amends is not None:
            current = next((s for s in sets if s.id == entry.amends and _is_current(s)), None)
            if current is not None:
                self.start_amend(current, entry, note=note, draft=payload)
                self._dirty = False
                return
            entry.amends = None
            note += " The set you were amending changed meanwhile: these values are a new set."
        self.load_entry(entry)
        self.bp_readings.load_payload(payload)
        self.refresh()
        self.view.show_note(note)
        self._dirty = False

    def flush_draft(self) -> None:
        """Save what is typed now (debounced while typing; at once on lock, leave and close)."""
        self.draft_timer.stop()
        if not self._dirty:
            return
        if self.clinic.read_only:
            # Nothing can be written: what is typed stays on the screen, and the window already
            # says "Read-only"; a draft that cannot be kept is not an error to report each time.
            self._dirty = False
            return
        entry = self.entry()
        try:
            if self.is_empty():
                self.clinic.vitals.discard_draft(self.user, self.patient.id)
            else:
                payload = entry.to_payload()
                payload.update(self.bp_readings.to_payload())
                if self._draft_extra is not None:
                    payload.update(self._draft_extra())
                self.clinic.vitals.save_draft(self.user, self.patient.id, payload)
        except Exception as exc:  # the environment's fault (disk, server): say so, keep typing
            log.error("draft not saved: %s", type(exc).__name__)
            self.draft_failed.emit()
            return
        self._dirty = False

    def _load_stored_readings(self, set_id: int) -> None:
        try:
            stored = bp_readings_of(self.clinic.vitals.db, set_id)
        except Exception as exc:  # the set's values are in the form; say its readings are not
            log.error("readings not read: %s", type(exc).__name__)
            self.view.show_form_message(
                "The readings of this set could not be read: its blood pressure is the average.",
            )
            return
        self.bp_readings.load_stored(stored)

    def _discard_draft(self) -> None:
        if self.clinic.read_only:
            return
        try:
            self.clinic.vitals.discard_draft(self.user, self.patient.id)
        except Exception as exc:
            log.error("draft not discarded: %s", type(exc).__name__)

    # -- device readings (gui/devices_form.py, gui/devices_capture.py) ---------------------------

    def can_take_device_reading(self, decoded: DeviceReading | None = None) -> bool:
        """An amendment corrects what was recorded: a new reading never goes into it. Nor does a
        blood pressure into an orthostatic set, whose readings are typed in its rows."""
        if self.amending is not None:
            return False
        if decoded is not None and self.bp_readings.orthostatic:
            return "systolic_bp" not in decoded.measurements
        return True

    def give_back_device_readings(self, reason: str, *, saved: bool = False) -> None:
        """Readings in the form that will not be saved with it go back to the unassigned list."""
        unused = self.device_fields.unused(saved)
        if not unused:
            return
        try:
            self.clinic.devices.give_back(self.user, unused, reason)
        except ServiceError as exc:  # the reading stays marked in the database; say so
            log.error("device readings not given back: %s", type(exc).__name__)
            self.view.show_form_message(f"A device reading could not be put back: {exc}")
        self.device_fields.filled.difference_update(unused)

    def fill_from_device(
        self, reading: DeviceReadingOut, decoded: DeviceReading, taken_at: datetime
    ) -> list[str]:
        """Fill and mark the reading's fields; the MA reviews and saves as usual."""
        from vitalsdesk.gui.devices_form import fill

        filled = fill(self, reading, decoded, taken_at)
        self._update_visibility()
        self._update_taken_label()
        self._changed()
        return filled

    # -- last readings ---------------------------------------------------------------------------

    def set_last_readings(self, sets: list[VitalSignSetOut]) -> None:
        """The last valid reading beside each field, from the patient's history (newest first)."""
        self.view.show_last_readings(last_reading_texts(sets))
