"""Audit events, newest first, for the administrator's audit log page (a QTableView).

Times in the PC's local time (stored in UTC); the patient by MRN (the event keeps only the id);
actions in words, with the code the CSV export and the command line use in the tooltip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from vitalsdesk.services.schemas import AuditEventOut

_Index = QModelIndex | QPersistentModelIndex

# Every action the services write (a test checks none is missing), in the words of the page.
ACTION_LABELS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_in_refused_locked": "Sign-in refused: account locked",
    "account_locked": "Account locked",
    "user_added": "User added",
    "password_reset": "Password reset",
    "user_deactivated": "Account turned off",
    "user_reactivated": "Account turned on again",
    "account_unlocked": "Account unlocked",
    "role_changed": "Role changed",
    "patient_registered": "Patient registered",
    "patient_viewed": "Patient record opened",
    "patient_updated": "Patient details changed",
    "vitals_recorded": "Vital signs recorded",
    "vitals_amended": "Vital signs amended",
    "vitals_entered_in_error": "Vital signs marked entered in error",
    "vitals_imported": "Vital signs imported",
    "clinician_view": "Clinician view shown",
    "critical_acknowledged": "Critical vital signs acknowledged by a clinician",
    "visit_started": "Visit started",
    "visit_ended": "Visit ended",
    "handout_printed": "Handout printed",
    "handout_saved": "Handout saved as PDF",
    "handout_not_written": "Handout PDF could not be written (no file)",
    "export": "Records exported",
    "export_not_written": "Export could not be written (no file)",
    "import": "Records imported",
    "audit_log_viewed": "Audit log viewed",
    "audit_log_exported": "Audit log exported",
    "audit_log_export_not_written": "Audit log export could not be written (no file)",
    "audit_key_shown": "Audit key shown (to copy to another PC)",
    "audit_chain_head_missing": "Audit log was tampered with: its last link was missing",
    "audit_key_imported": "Audit key kept on this PC",
    "db_upgraded": "Database upgraded",
    "db_backup_written": "Database backup written",
    "db_key_shown": "Database recovery key shown",
    "db_key_restored": "Database key restored on this PC",
    "db_passphrase_changed": "Database passphrase changed",
    "hl7_queued": "EHR message queued",
    "hl7_not_built": "EHR message could not be built",
    "hl7_sent": "EHR message sent and accepted",
    "hl7_refused": "EHR message refused by the EHR",
    "hl7_not_delivered": "EHR message not delivered yet (will try again)",
    "hl7_retried": "EHR message sent again by an administrator",
    "hl7_outbox_viewed": "EHR messages viewed",
    "device_added": "Device paired",
    "device_renamed": "Device renamed",
    "device_reading_received": "Device reading received",
    "device_reading_attached": "Device reading attached to a patient",
    "device_reading_discarded": "Device reading discarded",
    "device_reading_saved": "Device reading saved in a set",
    "device_reading_returned": "Device reading back in the unassigned list (form not saved)",
    "db_backup_restored": "Backup put back at start (the database file was damaged)",
    "audit_journal_merged": "Read-only journal added to the audit log",
    "audit_journal_tampered": "Audit log was tampered with: a read-only journal entry was changed",
}

COLUMNS = ("#", "Time", "User", "Action", "Patient MRN", "Record", "Details")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def detail_code_text(detail: dict[str, object]) -> str:
    """ "format=csv; sets=3": the ids and codes the event keeps (never a name or a value), as
    the CSV export and the command line show them (the cell's tooltip)."""
    return "; ".join(f"{key}={value}" for key, value in sorted(detail.items()))


_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def _words(value: object) -> str:
    text = str(value)
    return text.replace("_", " ") if _CODE.fullmatch(text) else text


def detail_text(detail: dict[str, object]) -> str:
    """ "reason: sign out; sets: 3": the same in words for the page ("reason=sign_out" read
    as code); a value that is not a code word (an id, a file name) is shown as kept."""
    return "; ".join(
        f"{key.replace('_', ' ')}: {_words(value)}" for key, value in sorted(detail.items())
    )


def record_text(entity: str | None, entity_id: int | None) -> str:
    if not entity:
        return ""
    name = entity.replace("_", " ")
    return f"{name} #{entity_id}" if entity_id is not None else name


def _mrn(patient_id: int | None, mrns: dict[int, str]) -> str:
    if patient_id is None:
        return ""
    return mrns.get(patient_id, f"(patient #{patient_id})")


@dataclass(frozen=True)
class AuditRow:
    seq: int
    time: str
    username: str
    action: str
    mrn: str
    record: str
    details: str
    detail_codes: str

    @classmethod
    def of(cls, event: AuditEventOut, mrn: str) -> AuditRow:
        local = event.at.astimezone()
        return cls(
            seq=event.seq,
            time=f"{local:%Y-%m-%d %H:%M:%S}",
            username=event.username,
            action=event.action,
            mrn=mrn,
            record=record_text(event.entity, event.entity_id),
            details=detail_text(event.detail),
            detail_codes=detail_code_text(event.detail),
        )

    def cells(self) -> tuple[str, ...]:
        return (
            str(self.seq),
            self.time,
            self.username,
            action_label(self.action),
            self.mrn,
            self.record,
            self.details,
        )


class AuditEventTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []

    def set_events(self, events: list[AuditEventOut], mrns: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = [AuditRow.of(e, _mrn(e.patient_id, mrns)) for e in events]
        self.endResetModel()

    def row_of_seq(self, seq: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.seq == seq), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if COLUMNS[index.column()] == "Action":
                return row.action
            if COLUMNS[index.column()] == "Details":
                return row.detail_codes or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
