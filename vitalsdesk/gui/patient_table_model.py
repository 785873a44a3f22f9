"""A table of patients (search matches, today's list) for QTableView."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from vitalsdesk.services.schemas import PatientOut

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Born", "Sex", "MRN")
NO_BREAK = "\u00a0"


def age_text(birth_date: date, today: date | None = None) -> str:
    """Completed age for a list: "56 y", "14 mo", "20 d"."""
    on = today or date.today()
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    if months >= 24:
        return f"{months // 12} y"
    if months >= 1:
        return f"{months} mo"
    return f"{max(0, (on - birth_date).days)} d"


class PatientTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._patients: list[PatientOut] = []

    def set_patients(self, patients: list[PatientOut]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self.endResetModel()

    def patient(self, row: int) -> PatientOut | None:
        return self._patients[row] if 0 <= row < len(self._patients) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._patients)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self._patients[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                sample = " (sample)" if p.is_sample else ""
                return f"{p.family_name}, {p.given_name}{sample}"
            if column == 1:
                # A no-break space: a narrow column wraps before the age, never inside it.
                age = age_text(p.birth_date).replace(" ", NO_BREAK)
                return f"{p.birth_date.isoformat()} ({age})"
            if column == 2:
                return p.sex
            return p.mrn
        return None
