"""The session: first run, sign in, lock (shortcut and idle), sign out, and which page is shown.

The window appears with the sign-in page before the database is open (start-up time is an import
problem: docs/platform.md); `attach_clinic` is called once the clinic is open. The patient pages
and their controllers are imported and built only after sign-in.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from vitalsdesk.gui.account_views import SignInView
from vitalsdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from datetime import datetime

    from vitalsdesk.gui.audit_log_controller import AuditLogController
    from vitalsdesk.gui.devices_capture import DeviceCapture, OpenForm
    from vitalsdesk.gui.devices_page import DevicesController
    from vitalsdesk.gui.export_controller import ExportController
    from vitalsdesk.gui.first_run_view import FirstRunView
    from vitalsdesk.gui.idle_lock import IdleWatcher
    from vitalsdesk.gui.lock_view import LockView
    from vitalsdesk.gui.outbox_controller import OutboxController
    from vitalsdesk.gui.patient_page_controller import PatientPageController
    from vitalsdesk.gui.patient_search_controller import PatientSearchController
    from vitalsdesk.gui.prompter import Prompter
    from vitalsdesk.gui.user_admin_controller import UserAdminController
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import StaffUserOut, VitalSignSetOut

log = logging.getLogger(__name__)

# How often a clinician's count of critical sets to acknowledge is read again (other rooms save).
AWAITING_REFRESH_MS = 60_000


class ShellController(QObject):
    def __init__(self, window: MainWindow, prompter: Prompter | None = None) -> None:
        super().__init__(window)
        self.window = window
        self._prompter = prompter
        self.clinic: ClinicServices | None = None
        self.user: StaffUserOut | None = None
        self.locked = False
        self.search: PatientSearchController | None = None
        self.page: PatientPageController | None = None
        self.idle: IdleWatcher | None = None
        self._before_lock: tuple[QWidget | None, QWidget | None] | None = None
        self._sign_in_waiting = False
        self._first_run_view: FirstRunView | None = None
        self._lock_view: LockView | None = None
        self.audit_log: AuditLogController | None = None  # built when an admin first opens it
        self._export: ExportController | None = None
        self.outbox: OutboxController | None = None  # only when the clinic has an EHR interface
        # "Switch user" keeps the open patient for whoever signs in next (the clinician after
        # the MA), so the patient is not looked up again; a sign-out forgets it.
        self._handover_patient: int | None = None
        self.awaiting_timer = QTimer(self)
        self.awaiting_timer.setInterval(AWAITING_REFRESH_MS)
        self.awaiting_timer.timeout.connect(self.refresh_awaiting)
        self.capture: DeviceCapture | None = None  # readings from the room's devices
        self.devices: DevicesController | None = None  # the Devices page, built when first shown
        self.user_admin: UserAdminController | None = None  # built when an admin first opens it

        # Only the sign-in page is built before the first paint; the rest when first needed.
        self.sign_in_view = SignInView()
        self.sign_in_view.sign_in_requested.connect(self.sign_in)
        window.lock_requested.connect(self.lock)
        window.sign_out_requested.connect(self.sign_out)
        window.audit_log_requested.connect(self.show_audit_log)
        window.export_requested.connect(self.export_records)
        window.awaiting_requested.connect(self.show_awaiting)
        window.devices_requested.connect(self.show_devices)
        window.closing.connect(self.shutdown)
        self._shortcuts: list[QShortcut] = []  # made at the first sign-in

        window.show_page(self.sign_in_view)
        self.sign_in_view.focus_user_name()

    @property
    def prompter(self) -> Prompter:
        if self._prompter is None:
            from vitalsdesk.gui.prompter import Prompter

            self._prompter = Prompter()
        return self._prompter

    @property
    def first_run_view(self) -> FirstRunView:
        if self._first_run_view is None:
            from vitalsdesk.gui.first_run_view import FirstRunView

            view = self._first_run_view = FirstRunView()
            view.create_requested.connect(self.create_first_admin)
        return self._first_run_view

    @property
    def lock_view(self) -> LockView:
        if self._lock_view is None:
            from vitalsdesk.gui.lock_view import LockView

            view = self._lock_view = LockView()
            view.unlock_requested.connect(self.unlock)
            view.switch_user_requested.connect(self.switch_user)
        return self._lock_view

    # -- start -----------------------------------------------------------------------------------

    def attach_clinic(self, clinic: ClinicServices) -> None:
        """The clinic is open: first run if nobody can sign in yet, else the sign-in page (and a
        sign-in the MA asked for while the records were still opening goes ahead)."""
        self.clinic = clinic
        if clinic.built("table"):  # else once read, just behind the sign-in page
            self.tables_read()
        self.window.set_read_only(clinic.read_only)
        if clinic.accounts.has_users():
            self.window.show_page(self.sign_in_view)
            if self._sign_in_waiting:
                self._sign_in_waiting = False
                self.sign_in()
        else:
            self.window.show_page(self.first_run_view)
            self.first_run_view.focus_display_name()

    def tables_read(self) -> None:
        """The clinic has read its range table: the status line names it, and the HL7 outbox,
        which checks each set against it, starts (never waiting for it, nor failing on it, on
        this thread)."""
        if self.clinic is not None:
            self.window.set_reference_ranges(self.clinic.table.version_label)
            self._start_outbox(self.clinic)

    def _start_outbox(self, clinic: ClinicServices) -> None:
        if clinic.settings.hl7 is None:
            return  # no EHR interface: the outbox service is not even built (nor its window)
        from vitalsdesk.gui.outbox_controller import OutboxController

        if self.outbox is None and clinic.outbox is not None and clinic.outbox.configured:
            self.outbox = OutboxController(clinic.outbox, self.window)
            self.outbox.start()

    def _outbox_user(self, user: StaffUserOut | None) -> None:
        if self.outbox is not None:
            self.outbox.set_user(user)

    def startup_failed(self, message: str) -> None:
        self.prompter.error(self.window, "VitalsDesk cannot open the clinic's records", message)

    # -- first run and sign-in -----------------------------------------------------------------

    def create_first_admin(self) -> None:
        from vitalsdesk.services.errors import ServiceError

        form = self.first_run_view
        if self.clinic is None:
            return
        if not form.passwords_match():
            form.show_message("The two passwords are not the same. Type them again.")
            form.retype_passwords()
            return
        if not form.display_name().strip():
            form.show_message("Type the administrator's full name.")
            form.focus_display_name()
            return
        try:
            self.clinic.accounts.create_first_admin(
                form.user_name(), form.password(), form.display_name()
            )
            user = self.clinic.accounts.sign_in(form.user_name(), form.password())
        except ServiceError as exc:
            form.show_message(str(exc))
            return
        form.clear()
        self._start_session(user)

    def sign_in(self) -> None:
        from vitalsdesk.services.errors import ServiceError, SignInFailed

        form = self.sign_in_view
        if self.clinic is None:
            form.show_message(
                "Opening the clinic's records… you are signed in in a moment.", problem=False
            )
            self._sign_in_waiting = True
            return
        name = form.user_name()
        if not name:
            form.show_message("Type your user name.")
            form.focus_user_name()
            return
        try:
            user = self.clinic.accounts.sign_in(name, form.password())
        except SignInFailed as exc:  # AccountLocked is one too
            form.show_message(str(exc))
            form.retry_password()
            return
        except ServiceError as exc:  # the PC's fault: a full disk, nowhere to audit the sign-in
            form.show_message(str(exc))
            return
        self._start_session(user)

    def _start_session(self, user: StaffUserOut) -> None:
        from vitalsdesk.gui.idle_lock import IdleWatcher
        from vitalsdesk.gui.patient_search_controller import PatientSearchController
        from vitalsdesk.gui.patient_views import PatientRegistrationView, PatientSearchView

        assert self.clinic is not None
        if not self._shortcuts:
            self._shortcuts = [
                QShortcut(QKeySequence("Ctrl+L"), self.window, self.lock),
                QShortcut(QKeySequence("Ctrl+F"), self.window, self.find_patient),
            ]
        self.user = user
        self.locked = False
        self.sign_in_view.reset()
        self.window.set_signed_in(user.display_name, admin=user.role == "admin")
        self._outbox_user(user)
        self.window.set_status(f"Signed in as {user.display_name}.")
        self.search = PatientSearchController(
            PatientSearchView(),
            PatientRegistrationView(),
            self.clinic,
            user,
            self.window.show_page,
        )
        self.search.open_requested.connect(self.open_patient)
        self.idle = IdleWatcher(self.clinic.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        self.search.show_search(clear=True)
        self.refresh_awaiting()
        self._start_devices()
        handover, self._handover_patient = self._handover_patient, None
        if handover is not None:
            self.open_patient(handover)
            if self.page is not None and self.page.clinician is not None:
                self.page.show_clinician()
            return
        self.offer_drafts()

    # -- the clinician's critical sets to acknowledge -------------------------------------------

    def refresh_awaiting(self) -> None:
        """The header's count, for a clinician (read again every minute while signed in)."""
        from vitalsdesk.services.errors import ServiceError

        if self.clinic is None or self.user is None or self.user.role != "clinician":
            self.window.set_awaiting(None)
            self.awaiting_timer.stop()
            return
        if self.locked:  # the locked screen shows nothing of the session; unlocking reads it
            return
        try:
            count = self.clinic.acknowledgements.awaiting_count(self.user)
        except ServiceError as exc:
            log.warning("awaiting count not read: %s", exc.__class__.__name__)
            return
        self.window.set_awaiting(count)
        if not self.awaiting_timer.isActive():
            self.awaiting_timer.start()

    def awaiting_menu(self) -> QMenu | None:
        """One entry per critical set that waits (oldest first): it opens the patient's
        Clinician tab with that set chosen."""
        from vitalsdesk.presentation.display import datetime_text

        if self.clinic is None or self.user is None or self.user.role != "clinician":
            return None
        menu = QMenu(self.window)
        menu.setAccessibleName("Critical sets awaiting acknowledgement")
        for item in self.clinic.acknowledgements.awaiting(self.user):
            action = menu.addAction(
                f"{item.patient_name} — MRN {item.mrn} — {datetime_text(item.taken_at)}"
            )
            action.triggered.connect(
                lambda _=False, p=item.patient_id, s=item.set_id: self.open_awaiting(p, s)
            )
        return menu

    def show_awaiting(self) -> None:
        menu = self.awaiting_menu()
        if menu is None or menu.isEmpty():
            self.refresh_awaiting()
            return
        button = self.window.awaiting_button
        menu.exec(button.mapToGlobal(button.rect().bottomLeft()))
        menu.deleteLater()

    def open_awaiting(self, patient_id: int, set_id: int) -> None:
        if self.page is None or self.page.patient.id != patient_id:
            self.open_patient(patient_id)
        if self.page is not None and self.page.patient.id == patient_id:
            self.page.show_clinician(set_id)

    def offer_drafts(self) -> None:
        """After sign-in: unsaved forms of this user (a lock, a crash, a power cut) come back."""
        from vitalsdesk.gui.dialogs import DraftOffer

        assert self.clinic is not None and self.user is not None
        drafts = self.clinic.vitals.drafts(self.user)
        while drafts:
            offers = [
                DraftOffer(patient_id, _draft_label(payload), saved_at)
                for patient_id, payload, saved_at in drafts
            ]
            choice = self.prompter.offer_drafts(self.window, offers)
            if choice is None:
                return
            if choice.action == "discard":
                self.clinic.vitals.discard_draft(self.user, choice.patient_id)
                drafts = [d for d in drafts if d[0] != choice.patient_id]
                continue
            chosen = next(d for d in drafts if d[0] == choice.patient_id)
            self.open_patient(choice.patient_id, draft=(chosen[1], chosen[2]))
            return

    # -- patients ------------------------------------------------------------------------------

    def open_patient(
        self, patient_id: int, draft: tuple[dict[str, Any], datetime] | None = None
    ) -> None:
        from vitalsdesk.gui.patient_page_controller import PatientPageController
        from vitalsdesk.services.errors import ServiceError

        if self.clinic is None or self.user is None or self.locked:
            return
        self._close_patient()
        try:
            patient = self.clinic.patients.open(patient_id, self.user)  # audited as a view
            if draft is None:
                draft = next(
                    (
                        (payload, at)
                        for pid, payload, at in self.clinic.vitals.drafts(self.user)
                        if pid == patient_id
                    ),
                    None,
                )
        except ServiceError as exc:
            if self.search is not None:
                self.search.search.show_message(str(exc), problem=True)
            return
        try:
            # An MA's opening starts the visit (or continues the open one).
            self.clinic.visits.on_open(patient_id, self.user)
        except ServiceError as exc:
            log.warning("visit not started: %s", exc.__class__.__name__)
        page = PatientPageController(self.clinic, self.user, patient, self.prompter)
        page.saved.connect(self._saved)
        page.acknowledged.connect(lambda _set_id: self.refresh_awaiting())
        page.find_requested.connect(self.find_patient)
        page.form.draft_failed.connect(
            lambda: self.window.set_status(
                "✖ Read-only: what you type is not kept as a draft, and cannot be saved."
                if self.clinic is not None and self.clinic.read_only
                else "✖ The draft could not be saved just now. Save the form as soon as you can."
            )
        )
        self.page = page
        self.window.show_page(page.view)
        self.window.set_status("")
        if draft is not None:
            page.restore_draft(*draft)
        page.show_vitals()

    def _close_patient(self) -> None:
        page, self.page = self.page, None
        if page is None:
            return
        page.form.flush_draft()
        page.form.give_back_device_readings("the patient was closed before saving")
        if self.capture is not None:
            self.capture.refresh_waiting()
        self.window.remove_page(page.view)
        page.view.deleteLater()

    def find_patient(self) -> None:
        """Ctrl+F or "Find patient": back to the search (what was typed stays as a draft)."""
        if self.user is None or self.locked or self.search is None:
            return
        self._close_patient()
        self.search.show_search()

    def export_records(self) -> None:
        """The header's Export…: every patient since a date (or the open patient), to a file."""
        from vitalsdesk.gui.export_controller import ExportController

        if self.clinic is None or self.user is None or self.locked:
            return
        if self._export is None or self._export.user is not self.user:
            self._export = ExportController(self.clinic, self.user, self.prompter, self.window)
        self._export.ask(self.page.patient if self.page else None, prefer_patient=False)

    def show_audit_log(self) -> None:
        """The header's Audit log (administrators only; the service refuses anyone else too)."""
        from vitalsdesk.gui.audit_log_controller import AuditLogController

        if self.clinic is None or self.user is None or self.locked or self.user.role != "admin":
            return
        self._close_patient()
        if self.audit_log is None:
            from vitalsdesk.gui.user_admin_view import add_staff_accounts_button

            self.audit_log = AuditLogController(self.clinic, self.user, self.prompter)
            self.audit_log.back_requested.connect(self.find_patient)
            # The header has no room for one more button at 1366 px: the administrator's
            # Staff accounts page is reached from the administrator's Audit log page.
            staff = add_staff_accounts_button(self.audit_log.view)
            staff.clicked.connect(self.show_user_admin)
        self.window.show_page(self.audit_log.view)
        self.window.set_status("")
        self.audit_log.refresh()
        self.audit_log.view.focus_filters()

    # -- devices (gui/devices_capture.py, gui/devices_page.py) ----------------------------------

    def _start_devices(self) -> None:
        from vitalsdesk.gui.devices_capture import DeviceCapture

        assert self.clinic is not None
        # Through a weak reference: the capture is the shell's attribute, and a closure over the
        # shell would make a cycle that keeps a closed window's wrapper alive until the next GC.
        shell = weakref.ref(self)

        def user() -> StaffUserOut | None:
            found = shell()
            return found.user if found is not None else None

        def open_form() -> OpenForm | None:
            found = shell()
            return found._open_form() if found is not None else None

        self.capture = DeviceCapture(self.clinic, user, open_form, parent=self)
        self.capture.waiting_changed.connect(self.window.set_waiting_readings)
        self.capture.message.connect(self.window.set_status)
        self.window.set_waiting_readings(len(self.clinic.devices.waiting()))
        for device in self.clinic.devices.devices():
            if device.transport == "bluetooth":  # untested against hardware (docs/devices.md)
                from vitalsdesk.devices.bluetooth import BluetoothTransport
                from vitalsdesk.devices.gatt import parse_characteristic

                codes = [parse_characteristic(c) for c in device.characteristics.split()]
                self.capture.start(device, BluetoothTransport(device.address, codes))

    def _open_form(self) -> OpenForm | None:
        """The patient whose form can take a reading now (none while locked)."""
        from vitalsdesk.gui.devices_capture import OpenForm

        if self.page is None or self.locked:
            return None
        return OpenForm(self.page.patient, self.page.form)

    def show_devices(self) -> None:
        """The header's Devices: paired devices and the unassigned readings. The open patient
        stays open (Back returns to the form; a reading can be added to it from here)."""
        from vitalsdesk.gui.devices_page import DevicesController

        if self.clinic is None or self.user is None or self.locked or self.capture is None:
            return
        if self.devices is None:
            self.devices = DevicesController(self.clinic, self.user, self.capture)
            self.devices.view.back_requested.connect(self._back_from_devices)
            self.devices.attached.connect(self._back_from_devices)
        self.window.show_page(self.devices.view)
        self.devices.refresh()

    def _back_from_devices(self) -> None:
        if self.page is not None:
            self.window.show_page(self.page.view)
        elif self.search is not None:
            self.search.show_search()

    def show_user_admin(self) -> None:
        """The header's Staff accounts (administrators only; the service refuses anyone else)."""
        from vitalsdesk.gui.user_admin_controller import UserAdminController

        if self.clinic is None or self.user is None or self.locked or self.user.role != "admin":
            return
        self._close_patient()
        if self.user_admin is None:
            self.user_admin = UserAdminController(self.clinic, self.user)
            self.user_admin.back_requested.connect(self.find_patient)
        self.window.show_page(self.user_admin.view)
        self.window.set_status("")
        self.user_admin.refresh()
        self.user_admin.view.focus_list()

    def _saved(self, result: VitalSignSetOut) -> None:
        page = self.page
        name = f"{page.patient.family_name}, {page.patient.given_name}" if page else "the patient"
        self._close_patient()
        if self.search is not None:
            self.search.show_search(clear=True)
        self.refresh_awaiting()
        what = "Amendment" if result.status == "amended" else "Vital signs"
        self.window.set_status(
            f"✓ {what} saved for {name} at {result.recorded_at.astimezone():%H:%M}. "
            "Ready for the next patient."
        )

    # -- lock, unlock, sign out ------------------------------------------------------------------

    def lock(self) -> None:
        """Ctrl+L, the Lock button or idle time: hide everything, keep everything."""
        if self.user is None or self.locked:
            return
        if self.page is not None:
            self.page.form.flush_draft()
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()  # a question left open must not show patient data on a locked screen
        self.locked = True
        if self.idle is not None:
            self.idle.stop()
        focus = QApplication.focusWidget()
        self._before_lock = (self.window.current_page(), focus)
        self.window.set_signed_in(None)
        self._outbox_user(None)
        self.window.set_status("Locked.")
        self.lock_view.show_for(self.user.display_name)
        self.window.show_page(self.lock_view)
        self.lock_view.focus_password()

    def unlock(self) -> None:
        if not self.locked or self.user is None or self.clinic is None:
            return
        lock = self.lock_view
        if not self.clinic.accounts.verify_password(self.user, lock.password()):
            lock.show_message(
                "That is not the password of this account. After 5 wrong tries the account "
                "is locked for 15 minutes."
            )
            lock.clear_password()
            lock.focus_password()
            return
        lock.clear_password()
        self.locked = False
        self.window.set_signed_in(self.user.display_name, admin=self.user.role == "admin")
        self._outbox_user(self.user)
        self.window.set_status(f"Signed in as {self.user.display_name}.")
        self.refresh_awaiting()
        page, focus = self._before_lock or (None, None)
        self._before_lock = None
        if page is not None:
            self.window.show_page(page)
        if focus is not None:
            focus.setFocus()
        if self.idle is not None:
            self.idle.start()

    def switch_user(self) -> None:
        """From the locked screen: someone else signs in; the draft stays in the database, the
        visit stays open, and the patient opens again for whoever signs in next (a clinician
        lands on the Clinician tab)."""
        page_patient = self.page.patient.id if self.page is not None else None
        self._end_session("Signed out. The unsaved values are kept as a draft.")
        self._handover_patient = page_patient

    def sign_out(self) -> None:
        """Signing out ends the visits this person started (services/visits.py)."""
        from vitalsdesk.services.errors import ServiceError

        if self.clinic is not None and self.user is not None:
            try:
                self.clinic.visits.end_at_sign_out(self.user)
            except ServiceError as exc:
                log.warning("visits not ended at sign-out: %s", exc.__class__.__name__)
        self._end_session("Signed out.")

    def _end_session(self, status: str) -> None:
        if self.user is None:
            return
        self._close_patient()
        if self.idle is not None:
            self.idle.stop()
            self.idle.deleteLater()
            self.idle = None
        if self.search is not None:
            for view in (self.search.search, self.search.registration):
                self.window.remove_page(view)
                view.deleteLater()
            self.search = None
        if self.audit_log is not None:
            self.window.remove_page(self.audit_log.view)
            self.audit_log.view.deleteLater()
            self.audit_log = None
        if self.capture is not None:
            self.capture.stop()
            self.capture.deleteLater()
            self.capture = None
        if self.devices is not None:
            self.window.remove_page(self.devices.view)
            self.devices.view.deleteLater()
            self.devices = None
        if self.user_admin is not None:
            self.window.remove_page(self.user_admin.view)
            self.user_admin.view.deleteLater()
            self.user_admin = None
        self.user = None
        self.locked = False
        self._before_lock = None
        self._handover_patient = None
        self.awaiting_timer.stop()
        self.window.set_signed_in(None)
        self._outbox_user(None)
        self.window.set_status(status)
        self.sign_in_view.reset()
        self.window.show_page(self.sign_in_view)
        self.sign_in_view.focus_user_name()

    def shutdown(self) -> None:
        """The window is closing: whatever is typed is saved as a draft first."""
        if self.page is not None:
            self.page.form.flush_draft()
        if self.capture is not None:
            self.capture.stop()
        if self.idle is not None:
            self.idle.stop()
        if self.outbox is not None:
            self.outbox.stop()


def _draft_label(payload: dict[str, Any]) -> str:
    patient = payload.get("patient")
    label = patient.get("label") if isinstance(patient, dict) else None
    return label if isinstance(label, str) and label else "A patient"
