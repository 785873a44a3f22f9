"""One open patient: the banner, the vitals form tab, the history tab and the handout tab.

Built when the MA opens a patient and thrown away when they leave, so nothing of one patient is
ever left in a widget when the next one is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from vitalsdesk.gui.history_controller import HistoryController, HistoryView
from vitalsdesk.gui.patient_table_model import age_text
from vitalsdesk.gui.patient_views import LANGUAGES, PatientPageView
from vitalsdesk.gui.vitals_form_controller import VitalsFormController, _now
from vitalsdesk.gui.vitals_form_view import VitalsFormView
from vitalsdesk.presentation.clinician import vitals_cue_text

CLINICIAN_VIEW_ROLES = ("clinician", "admin")

if TYPE_CHECKING:
    from vitalsdesk.gui.clinician_view import ClinicianController
    from vitalsdesk.gui.export_controller import ExportController
    from vitalsdesk.gui.handout_controller import HandoutController
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut

VITALS_TAB, HISTORY_TAB, HANDOUT_TAB = 0, 1, 2


def patient_label(patient: PatientOut) -> str:
    return f"{patient.family_name}, {patient.given_name} — MRN {patient.mrn}"


class PatientPageController(QObject):
    saved = Signal(object)  # VitalSignSetOut
    find_requested = Signal()
    acknowledged = Signal(int)  # a critical set acknowledged here: the header count changes

    def __init__(
        self,
        clinic: ClinicServices,
        user: StaffUserOut,
        patient: PatientOut,
        prompter: Prompter,
        *,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self.view = PatientPageView()
        super().__init__(self.view)
        self.clinic = clinic
        self.user = user
        self.patient = patient
        self.prompter = prompter
        # Built when first shown: the sheet renderer and pdfium stay off the way to the form.
        self.handout: HandoutController | None = None
        self.export: ExportController | None = None

        self.form_view = VitalsFormView()
        self.view.put_in_tab(VITALS_TAB, self.form_view)
        self.form = VitalsFormController(
            self.form_view, clinic, user, patient, prompter, now=now, draft_extra=self._draft_extra
        )
        self.history_view = HistoryView()
        self.view.put_in_tab(HISTORY_TAB, self.history_view)
        self.history = HistoryController(
            self.history_view, clinic, user, patient, prompter, self.form.preferences
        )

        language = dict((v, t) for t, v in LANGUAGES).get(patient.preferred_language, "")
        sample = " · SAMPLE PATIENT" if patient.is_sample else ""
        self.view.show_patient(
            f"{patient.family_name}, {patient.given_name}",
            f"MRN {patient.mrn} · born {patient.birth_date.isoformat()} "
            f"({age_text(patient.birth_date, date.today())}) · {patient.sex} · "
            f"{language}{sample}",
        )
        self.view.find_requested.connect(self.find_requested)
        self.view.export_requested.connect(self.export_patient)
        self.view.tab_changed.connect(self._tab_changed)
        self.history.amend_requested.connect(self.amend)
        self.history_view.new_visit_requested.connect(self.start_new_visit)
        self.history.changed.connect(self.reload)
        self.form.saved.connect(self._saved)
        save = QShortcut(QKeySequence("Ctrl+S"), self.view, self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.clinician: ClinicianController | None = None
        self.clinician_tab = -1
        if user.role in CLINICIAN_VIEW_ROLES:
            self._add_clinician_view()
        self.reload()
        self.show_vitals_cue(now())

    def _add_clinician_view(self) -> None:
        """Clinicians (and administrators) only; the service refuses anyone else too."""
        from vitalsdesk.gui.clinician_view import ClinicianController, ClinicianView

        view = ClinicianView()
        self.clinician_tab = self.view.add_tab(view, "Clinician vie&w")
        self.clinician = ClinicianController(view, self.clinic, self.user, self.patient)
        self.clinician.acknowledged.connect(self._acknowledged)

    def _acknowledged(self, set_id: int) -> None:
        self.reload()
        self.acknowledged.emit(set_id)

    def start_new_visit(self) -> None:
        from vitalsdesk.services.errors import ServiceError

        try:
            visit = self.clinic.visits.start_new(self.patient.id, self.user)
        except ServiceError as exc:
            self.history_view.show_change(f"✖ No new visit. {exc}")
            return
        self.reload()
        self.history_view.show_change(
            f"A new visit started at {visit.started_at.astimezone():%H:%M}. Sets saved from now "
            "on belong to it."
        )

    def show_vitals_cue(self, moment: datetime) -> None:
        """Under the banner: when the last full set was taken, and "No vital signs in the last
        N hours" past the clinic's threshold. Facts only."""
        cue = self.clinic.visits.vitals_cue(self.patient.id, now=moment)
        self.view.show_cue(vitals_cue_text(cue, moment), overdue=cue.overdue)

    def _draft_extra(self) -> dict[str, Any]:
        # The draft list at sign-in names the patient without opening (and auditing) the record.
        return {"patient": {"label": patient_label(self.patient)}}

    def reload(self) -> None:
        sets = self.clinic.vitals.history(self.patient.id)
        visits = self.clinic.visits.visits(self.patient.id)
        set_visits = self.clinic.visits.set_visits(self.patient.id)
        acks = self.clinic.acknowledgements.acknowledgements(self.patient.id)
        awaiting = self.clinic.acknowledgements.awaiting_ids(self.patient.id)
        by_id = {v.id: v for v in visits}
        visit_of = {sid: by_id[vid] for sid, vid in set_visits.items() if vid in by_id}
        self.form.set_last_readings(sets)
        self.history.set_visit_info(visit_of, acks, awaiting)
        self.history.set_history(sets)
        if self.clinician is not None:
            self.clinician.set_data(sets, visits, set_visits, acks, awaiting)

    def show_clinician(self, set_id: int | None = None) -> ClinicianController | None:
        """The Clinician tab (for a clinician), with `set_id` chosen when given."""
        if self.clinician is None:
            return None
        self.view.show_tab(self.clinician_tab)
        self.clinician.want(set_id)
        self.clinician.focus()
        return self.clinician

    def _tab_changed(self, index: int) -> None:
        if index == HISTORY_TAB:
            self.history.show_charts()
            self.history.focus_table()
        elif index == HANDOUT_TAB:
            self.show_handout()

    def show_vitals(self) -> None:
        self.view.show_tab(VITALS_TAB)
        self.form_view.focus_field("systolic")

    def show_history(self) -> None:
        self.view.show_tab(HISTORY_TAB)
        self.history.focus_table()

    def show_handout(self) -> HandoutController:
        if self.handout is None:
            from vitalsdesk.gui.handout_controller import HandoutController
            from vitalsdesk.gui.handout_view import HandoutView

            view = HandoutView()
            self.view.put_in_tab(HANDOUT_TAB, view)
            view.show()  # now, not on the next event-loop turn: its Ctrl+P works at once
            self.handout = HandoutController(
                view, self.clinic, self.user, self.patient, self.prompter
            )
        if self.view.current_tab() != HANDOUT_TAB:
            self.view.show_tab(HANDOUT_TAB)  # comes back here through _tab_changed
        self.handout.focus()
        return self.handout

    def export_patient(self) -> None:
        """Export…: this patient's vital signs to a FHIR or CSV file (export_controller.py)."""
        from vitalsdesk.gui.export_controller import ExportController

        if self.export is None:
            self.export = ExportController(self.clinic, self.user, self.prompter, self.view)
        self.export.ask(self.patient, prefer_patient=True)

    def save(self) -> None:
        """Ctrl+S: save the form (from the History tab it first shows the form)."""
        if self.view.current_tab() != VITALS_TAB:
            self.show_vitals()
            return
        self.form.save()

    def amend(self, set_out: VitalSignSetOut) -> None:
        self.view.show_tab(VITALS_TAB)
        if not self.form.start_amend(set_out):
            self.form.show_message(
                "Save or clear the values you are typing before amending an earlier set."
            )

    def restore_draft(self, payload: dict[str, Any], saved_at: datetime) -> None:
        self.form.restore_draft(payload, saved_at, self.history.sets)

    def _saved(self, result: VitalSignSetOut) -> None:
        self.reload()
        self.saved.emit(result)
