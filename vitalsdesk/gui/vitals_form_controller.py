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
from PySide6.QtWidgets import QLabel, QWidget

from vitalsdesk.clinical.age import age_on
from vitalsdesk.clinical.assessment import FLAG_TEXT, Assessment, check_document
from vitalsdesk.clinical.measurements import LABELS, VitalSignSet
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
from vitalsdesk.services.errors import (
    ClinicianNotNotified,
    Conflict,
    ServiceError,
    VitalsNotAccepted,
)

if TYPE_CHECKING:
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000
PREFERENCES_KEY = "vitals_form"
_SUBJECT = {"systolic_bp": "Systolic", "diastolic_bp": "Diastolic"}


def _now() -> datetime:
    return datetime.now().astimezone()


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


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
        self._shown: dict[QLabel, tuple[str, str]] = {}
        self._invalid: dict[QWidget, bool] = {}
        self._preferences = self._load_preferences()

        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.flush_draft)

        ui = view.ui
        for name, edit in view.edits.items():
            edit.textEdited.connect(partial(self._edited, name))
            edit.returnPressed.connect(partial(self._enter, name))
        ui.systolicEdit.editingFinished.connect(self._split_pair)
        for name, combo in view.combos.items():
            combo.activated.connect(partial(self._choice_changed, name))
        view.on_oxygen.clicked.connect(partial(self._choice_changed, "on_oxygen"))
        ui.saveButton.clicked.connect(self.save)
        ui.clearButton.clicked.connect(self.clear_by_user)
        for widget in view.head_row():
            widget.setVisible(self.include_head)

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
        ui = self.view.ui
        feet = ui.heightUnitCombo.currentData() == FEET_AND_INCHES
        for widget in (ui.heightFeetLabel, ui.heightInchesEdit, ui.heightInchesLabel):
            widget.setVisible(feet)
        ui.heightEdit.setPlaceholderText("ft" if feet else "")
        ounces = ui.weightUnitCombo.currentData() == POUNDS_AND_OUNCES
        for widget in (ui.weightPoundsLabel, ui.weightOuncesEdit, ui.weightOuncesLabel):
            widget.setVisible(ounces)
        ui.weightEdit.setPlaceholderText("lb" if ounces else "")
        on_oxygen = self.view.on_oxygen.isChecked()
        ui.oxygenFlowEdit.setVisible(on_oxygen)
        ui.oxygenFlowUnitLabel.setVisible(on_oxygen)

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
        if name == "systolic":
            _, second = split_pair(text)
            if second is not None:
                self.view.ui.diastolicEdit.setText(second)
        if self.taken_at is None and text.strip():
            self.taken_at = self._now()
            self._update_taken_label()
        self._changed()

    def _choice_changed(self, name: str, *_args: Any) -> None:
        self._update_visibility()
        if name in PREFERENCE_KEYS and self.amending is None:
            self._save_preferences()
        self._changed()

    def _changed(self) -> None:
        self._dirty = True
        self.draft_timer.start()
        self.refresh()

    def _split_pair(self) -> bool:
        """ "120/80" in the systolic field: 120 stays, 80 goes to the diastolic field."""
        edit = self.view.ui.systolicEdit
        first, second = split_pair(edit.text())
        if second is None:
            return False
        edit.setText(first.strip())
        if second.strip():
            self.view.ui.diastolicEdit.setText(second.strip())
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
            skip_diastolic = self._split_pair() and bool(self.view.ui.diastolicEdit.text())
        position = chain.index(name) if name in chain else -1
        following = chain[position + 1 :]
        if skip_diastolic and following and following[0] == "diastolic":
            following = following[1:]
        if following:
            self.view.edits[following[0]].setFocus()
        else:
            self.view.ui.saveButton.setFocus()

    # -- live checks -----------------------------------------------------------------------------

    def _document(
        self, entry: VitalsEntry, reasons: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        return entry.document(
            self.patient.birth_date,
            self.patient.sex,
            entry.taken_at or self._now(),
            include_head=self.include_head,
            confirmation_reasons=reasons,
        )

    def refresh(self) -> Assessment:
        """Check the form as it stands and show the result beside every field."""
        document, unreadable = self._document(self.entry())
        assessment = check_document(document, self.clinic.table)
        self.assessment = assessment
        errors: dict[str, list[str]] = {}
        for problem in assessment.errors:
            errors.setdefault(problem.field, []).append(problem.message)
        confirm = {p.field: p.message for p in assessment.needs_confirmation}
        other: list[str] = []
        for key in errors:
            if key not in self.view.flag_labels:
                other.extend(errors[key])

        for key, label in self.view.flag_labels.items():
            style = ""
            if key in unreadable:
                text, style = flags.rejected_line(unreadable[key]), "invalid"
            elif key in errors:
                text, style = flags.rejected_line(" ".join(errors[key])), "invalid"
            elif key in confirm:
                text, style = flags.confirm_line(confirm[key]), "confirm"
            elif key in assessment.measurements:
                interpretation = assessment.measurements[key].interpretation
                text = flags.flag_line(interpretation, _SUBJECT.get(key, ""))
                style = flags.STYLE.get(interpretation or "", "")
            else:
                text = ""
            self._show_flag(key, label, text, style)

        bmi = assessment.bmi.value if assessment.bmi else "—"
        self.view.ui.bmiValueLabel.setText(bmi)
        self.view.ui.bmiValueLabel.setAccessibleDescription(
            f"BMI {bmi}" if assessment.bmi else "BMI appears when height and weight are typed"
        )
        self._show_form_message(" ".join(other), problem=True)
        return assessment

    def _show_flag(self, key: str, label: QLabel, text: str, style: str) -> None:
        """Show a check line. A value within range gets none (the screen stays calm and what
        needs attention stands out); its field still says so to a screen reader."""
        if self._shown.get(label) != (text, style):
            previous_style = self._shown.get(label, ("", ""))[1]
            self._shown[label] = (text, style)
            label.setText(text)
            label.setVisible(bool(text) and style != "normal")
            if style != previous_style:
                label.setProperty("flag", style)
                _repolish(label)
        field = FIELD_OF.get(key)
        if field is None:
            return
        edit = self.view.edits[field]
        invalid = style == "invalid"
        if self._invalid.get(edit) != invalid:
            self._invalid[edit] = invalid
            edit.setProperty("invalid", "true" if invalid else "false")
            _repolish(edit)
        edit.setAccessibleDescription(text)

    def show_message(self, text: str) -> None:
        self._show_form_message(text, problem=True)

    def _show_form_message(self, text: str, *, problem: bool = False) -> None:
        label = self.view.ui.formMessageLabel
        shown = f"✖ {text}" if text and problem else text
        if label.text() != shown:
            label.setText(shown)
            label.setProperty("tone", "problem" if problem else "info")
            _repolish(label)
        label.setVisible(bool(text))

    def _update_taken_label(self) -> None:
        label = self.view.ui.takenAtLabel
        if self.amending is not None:
            label.setText(f"Reading taken {datetime_text(self.amending.taken_at)}")
        elif self.taken_at is not None:
            label.setText(f"Reading taken at {time_text(self.taken_at)}")
        else:
            label.setText("The time of the reading is set by the first value you type")

    # -- saving ----------------------------------------------------------------------------------

    def _focus_field_of(self, key: str) -> None:
        field = FIELD_OF.get(key, "height" if key == "bmi" else "systolic")
        self.view.edits[field].setFocus()
        self.view.edits[field].selectAll()

    def _critical_line(self, key: str, assessment: Assessment) -> str:
        result = assessment.measurements[key]
        value = quantity_text(format(result.value, "f"), result.unit)
        interpretation = result.interpretation
        symbol = flags.SYMBOL.get(interpretation or "", "")
        return f"{LABELS[key]} {value}: {symbol} {FLAG_TEXT[interpretation]}"

    def save(self) -> VitalSignSetOut | None:
        """Ctrl+S: confirm what needs confirming, ask about critical values, then record."""
        self._split_pair()
        entry = self.entry()
        if entry.is_empty():
            self._show_form_message("Type at least one value before saving.", problem=True)
            self.view.ui.systolicEdit.setFocus()
            return None
        entry.taken_at = entry.taken_at or self._now()
        document, unreadable = self._document(entry)
        assessment = check_document(document, self.clinic.table)
        self.refresh()
        if unreadable or assessment.status == "rejected":
            first = next(iter(unreadable), None) or assessment.errors[0].field
            self._show_form_message("Not saved: correct the values marked ✖ first.", problem=True)
            self._focus_field_of(first)
            return None

        reasons: dict[str, str] = {}
        if assessment.needs_confirmation:
            items = [
                (p.field, LABELS.get(p.field, p.field), p.message)
                for p in assessment.needs_confirmation
            ]
            answer = self.prompter.confirm_values(self.view, items)
            if answer is None:
                self._show_form_message(
                    "Not saved. Measure again, correct the value, and save again.", problem=True
                )
                self._focus_field_of(items[0][0])
                return None
            reasons = {field: answer.get(field, "").strip() for field, _, _ in items}
            document, _ = self._document(entry, reasons)
            assessment = check_document(document, self.clinic.table)
            if assessment.status != "accepted":
                self._show_form_message(
                    "Not saved: every unusual value needs a reason.", problem=True
                )
                return None

        try:
            vitals = VitalSignSet.model_validate(document)
        except ValidationError as exc:
            self._show_form_message(f"Not saved: {exc.errors()[0]['msg']}", problem=True)
            return None

        notified = False
        if assessment.critical:
            lines = [self._critical_line(key, assessment) for key in assessment.critical]
            if not self.prompter.confirm_clinician_told(self.view, lines):
                self._show_form_message(
                    "Not saved. Tell the clinician now, then save again.", problem=True
                )
                return None
            notified = True

        try:
            if self.amending is not None:
                reason = self.prompter.ask_reason(
                    self.view,
                    "Amend vital signs",
                    "Why is this set being corrected? (for example: weight typed in kg, was in lb)",
                    "Save amendment",
                )
                if reason is None:
                    self._show_form_message("The amendment was not saved.", problem=True)
                    return None
                result = self.clinic.vitals.amend(
                    self.amending.id,
                    self.amending.version,
                    vitals,
                    reason,
                    self.user,
                    clinician_notified=notified,
                )
                self.clinic.vitals.discard_draft(self.user, self.patient.id)
            else:
                result = self.clinic.vitals.record(
                    self.patient.id, vitals, self.user, clinician_notified=notified
                )
        except (ClinicianNotNotified, VitalsNotAccepted, Conflict) as exc:
            self._show_form_message(f"Not saved. {exc}", problem=True)
            return None
        except ServiceError as exc:
            self._show_form_message(f"Not saved. {exc}", problem=True)
            return None
        self.clear()
        self.saved.emit(result)
        return result

    # -- clearing, amending, drafts ------------------------------------------------------------

    def clear(self) -> None:
        """Empty the form for the next patient (the database is not touched)."""
        self.draft_timer.stop()
        self._dirty = False
        self.amending = None
        for edit in self.view.edits.values():
            edit.clear()
        self._apply_choices(self._preferences)
        self.taken_at = None
        self.view.ui.modeLabel.hide()
        self.view.ui.clearButton.setText("C&lear form")
        self.view.ui.clearButton.setAccessibleName("Clear form")
        self._update_taken_label()
        self._show_form_message("")
        self.refresh()

    def clear_by_user(self) -> None:
        """The Clear button: the typed values (and their draft) are thrown away."""
        self.clear()
        self._discard_draft()
        self.view.ui.systolicEdit.setFocus()

    def start_amend(self, set_out: VitalSignSetOut, entry: VitalsEntry | None = None) -> bool:
        """Fill the form with a recorded set to correct it; False if unsaved values are in it."""
        if self.amending is None and not self.entry().is_empty():
            return False
        if entry is None:
            entry = entry_from_measurements(
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
        self.clear()
        self.amending = set_out
        entry.taken_at = set_out.taken_at
        entry.amends = set_out.id
        self.load_entry(entry)
        ui = self.view.ui
        ui.modeLabel.setText(
            f"Amending the set taken {datetime_text(set_out.taken_at)}, recorded by "
            f"{set_out.recorded_by}. Correct what was wrong, then save: you will be asked why. "
            "The set as it was stays in the record."
        )
        ui.modeLabel.setProperty("tone", "info")
        ui.modeLabel.show()
        ui.clearButton.setText("Cancel amendment")
        ui.clearButton.setAccessibleName("Cancel amendment")
        ui.systolicEdit.setFocus()
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
            current = next(
                (
                    s
                    for s in sets
                    if s.id == entry.amends and not s.superseded and s.status != "entered-in-error"
                ),
                None,
            )
            if current is not None:
                self.start_amend(current, entry)
                self.view.ui.modeLabel.setText(f"{note} {self.view.ui.modeLabel.text()}")
                self._dirty = False
                return
            entry.amends = None
            note += " The set you were amending changed meanwhile: these values are a new set."
        self.load_entry(entry)
        self.view.ui.modeLabel.setText(note)
        self.view.ui.modeLabel.setProperty("tone", "info")
        self.view.ui.modeLabel.show()
        self._dirty = False

    def flush_draft(self) -> None:
        """Save what is typed now (debounced while typing; at once on lock, leave and close)."""
        self.draft_timer.stop()
        if not self._dirty:
            return
        entry = self.entry()
        try:
            if entry.is_empty():
                self.clinic.vitals.discard_draft(self.user, self.patient.id)
            else:
                payload = entry.to_payload()
                if self._draft_extra is not None:
                    payload.update(self._draft_extra())
                self.clinic.vitals.save_draft(self.user, self.patient.id, payload)
        except Exception as exc:  # the environment's fault (disk, server): say so, keep typing
            log.error("draft not saved: %s", type(exc).__name__)
            self.draft_failed.emit()
            return
        self._dirty = False

    def _discard_draft(self) -> None:
        try:
            self.clinic.vitals.discard_draft(self.user, self.patient.id)
        except Exception as exc:
            log.error("draft not discarded: %s", type(exc).__name__)

    def has_unsaved_values(self) -> bool:
        return not self.entry().is_empty()

    # -- last readings ---------------------------------------------------------------------------

    def set_last_readings(self, sets: list[VitalSignSetOut]) -> None:
        latest: dict[str, tuple[Any, datetime]] = {}
        bmi: tuple[str, datetime] | None = None
        for item in sets:  # newest first
            if item.superseded or item.status == "entered-in-error":
                continue
            for m in item.measurements:
                latest.setdefault(m.code, (m, item.taken_at))
            if bmi is None and item.bmi_value:
                bmi = (item.bmi_value, item.taken_at)

        def reading(code: str) -> str:
            m, when = latest[code]
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
            return f"Last, {date_text(when)}\n{text}"

        labels = self.view.last_labels
        for label in labels.values():
            label.setText("")
        if "systolic_bp" in latest or "diastolic_bp" in latest:
            sys_m = latest.get("systolic_bp")
            dia_m = latest.get("diastolic_bp")
            value = "/".join(
                (m[0].value_text + flags.cell_suffix(m[0].interpretation)) if m else "–"
                for m in (sys_m, dia_m)
            )
            when = (sys_m or dia_m)[1]  # type: ignore[index]  # one is there: the `if` above
            labels["blood_pressure"].setText(f"Last, {date_text(when)}\n{value} mmHg")
        for code in latest:
            if code in labels:
                labels[code].setText(reading(code))
        if bmi is not None:
            labels["bmi"].setText(f"Last, {date_text(bmi[1])}\n{bmi[0]}")
