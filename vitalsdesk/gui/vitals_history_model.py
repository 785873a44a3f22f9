"""Every version of every vital-sign set of a patient, newest first, for a QTableView.

A row is one version. An amendment and the set it replaced sit next to each other (same time of
reading); the replaced one says so. Values are shown as entered, with the flag symbol. Sets are
grouped by visit (newest visit first; the Visit column names it, and the rows of every other
visit are tinted), and a critical set says whether a clinician acknowledged it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from vitalsdesk.presentation import flags
from vitalsdesk.presentation.clinician import (
    acknowledgement_short,
    acknowledgement_text,
    group_by_visit,
    visit_label,
)
from vitalsdesk.presentation.display import METHOD_WORD, datetime_text, quantity_text

if TYPE_CHECKING:
    from vitalsdesk.services.acknowledgements import Acknowledgement
    from vitalsdesk.services.schemas import MeasurementOut, VitalSignSetOut
    from vitalsdesk.services.visits import VisitOut

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    "Taken",
    "BP (mmHg)",
    "Pulse",
    "Resp.",
    "Temp.",
    "SpO₂",
    "Height",
    "Weight",
    "BMI",
    "Pain",
    "Recorded by",
    "Status",
    "Visit",
)
VISIT_COLUMN = COLUMNS.index("Visit")
_GROUP_TINT = QColor("#f1f4f8")


def _value(m: MeasurementOut | None, *, unit: bool = True) -> str:
    if m is None:
        return ""
    text = quantity_text(m.value_text, m.unit) if unit else m.value_text
    return text + flags.cell_suffix(m.interpretation)


def version_numbers(sets: list[VitalSignSetOut]) -> dict[int, tuple[int, int]]:
    """(version, of how many) for each set id, following replaces_id back to the first version."""
    by_id = {s.id: s for s in sets}
    root_of: dict[int, int] = {}
    depth: dict[int, int] = {}
    for s in sets:
        node, steps = s, 0
        seen = {s.id}
        while node.replaces_id is not None and node.replaces_id in by_id:
            node = by_id[node.replaces_id]
            steps += 1
            if node.id in seen:  # never loop on bad data
                break
            seen.add(node.id)
        root_of[s.id] = node.id
        depth[s.id] = steps + 1
    sizes: dict[int, int] = {}
    for root in root_of.values():
        sizes[root] = sizes.get(root, 0) + 1
    return {sid: (depth[sid], sizes[root_of[sid]]) for sid in root_of}


def status_text(s: VitalSignSetOut, version: tuple[int, int]) -> str:
    number, total = version
    versions = f" (version {number} of {total})" if total > 1 else ""
    if s.status == "entered-in-error":
        return f"Entered in error: {s.error_reason or ''}{versions}".strip()
    if s.superseded:
        return f"Earlier version, replaced by an amendment{versions}"
    if s.status == "amended":
        return f"Amended: {s.amend_reason or ''}{versions}"
    return "Final" + versions


class VitalsHistoryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[VitalSignSetOut] = []
        self._rows: list[VitalSignSetOut] = []
        self._versions: dict[int, tuple[int, int]] = {}
        self._show_earlier = True
        self._visit_of: dict[int, VisitOut] = {}
        self._acks: dict[int, Acknowledgement] = {}
        self._awaiting: set[int] = set()
        self._tinted: set[int] = set()

    def set_visit_info(
        self,
        visit_of: dict[int, VisitOut],
        acks: dict[int, Acknowledgement],
        awaiting: set[int],
    ) -> None:
        """Which visit each set belongs to, and the acknowledgements (before set_sets)."""
        self._visit_of, self._acks, self._awaiting = visit_of, acks, awaiting

    def set_sets(self, sets: list[VitalSignSetOut]) -> None:
        self._all = list(sets)
        self._versions = version_numbers(self._all)
        self._rebuild()

    def set_show_earlier(self, show: bool) -> None:
        self._show_earlier = show
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        shown = [s for s in self._all if self._show_earlier or not s.superseded]
        self._rows = group_by_visit(shown, self._visit_of) if self._visit_of else shown
        # Every other visit tinted, so where one visit ends is seen at a glance.
        self._tinted = set()
        group: object = None
        tint = True
        for s in self._rows:
            visit = self._visit_of.get(s.id)
            key = visit.id if visit is not None else ("set", s.id)
            if key != group:
                group, tint = key, not tint
            if tint:
                self._tinted.add(s.id)
        self.endResetModel()

    def set_at(self, row: int) -> VitalSignSetOut | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def cell_text(self, s: VitalSignSetOut, column: int) -> str:
        m = s.measurement
        if column == 0:
            return datetime_text(s.taken_at)
        if column == 1:
            sbp, dbp = m("systolic_bp"), m("diastolic_bp")
            if sbp is None and dbp is None:
                return ""
            return f"{_value(sbp, unit=False) or '–'}/{_value(dbp, unit=False) or '–'}"
        if column == 2:
            return _value(m("heart_rate"))
        if column == 3:
            return _value(m("respiratory_rate"))
        if column == 4:
            temp = m("body_temperature")
            method = f" {METHOD_WORD.get(temp.method, temp.method)}" if temp and temp.method else ""
            return _value(temp) + method
        if column == 5:
            spo2 = m("oxygen_saturation")
            if spo2 is None:
                return ""
            return _value(spo2) + (" O₂" if spo2.on_supplemental_oxygen else "")
        if column == 6:
            return _value(m("body_height"))
        if column == 7:
            return _value(m("body_weight"))
        if column == 8:
            return s.bmi_value or ""
        if column == 9:
            return _value(m("pain_score"))
        if column == 10:
            return s.recorded_by_text
        if column == VISIT_COLUMN:
            return visit_label(self._visit_of.get(s.id)) if self._visit_of else ""
        status = status_text(s, self._versions.get(s.id, (1, 1)))
        acknowledged = acknowledgement_short(s.id, self._acks, self._awaiting)
        return f"{status} · {acknowledged}" if acknowledged else status

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(s, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == VISIT_COLUMN - 1:
            return acknowledgement_text(s.id, self._acks, self._awaiting) or None
        if role == Qt.ItemDataRole.ToolTipRole:
            # The visit first (its column is far to the right), then the flags.
            visit = [f"Visit: {visit_label(self._visit_of.get(s.id))}"] if self._visit_of else []
            messages = visit + [
                f"{m.code.replace('_', ' ')}: {m.flag_message}"
                for m in s.measurements
                if m.interpretation not in (None, "N")
            ]
            return "\n".join(messages) or None
        if role == Qt.ItemDataRole.FontRole and (s.superseded or s.status == "entered-in-error"):
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(s.status == "entered-in-error")
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (
            s.superseded or s.status == "entered-in-error"
        ):
            return QColor("#5f6b78")
        if role == Qt.ItemDataRole.BackgroundRole and s.id in self._tinted:
            return _GROUP_TINT
        return None
