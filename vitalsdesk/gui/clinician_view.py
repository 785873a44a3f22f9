"""The clinician view of one patient: every current set by visit with its BP and BMI categories,
and for the chosen set NEWS2 (from 16 years, with the clinician's own ACVPU), growth percentiles
and the acknowledgement of a critical set.

Shown as a tab of the patient page to clinicians (and administrators, who cannot acknowledge);
never built for an MA, and the services refuse an MA anyway (VitalsService.clinician_view,
AcknowledgementService). Each set the clinician chooses is opened through `clinician_view`, which
audits it: a critical set can only be acknowledged once opened.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.forms.ui_clinician_view import Ui_ClinicianView
from vitalsdesk.gui.widgets import ColumnFitter
from vitalsdesk.presentation.clinician import (
    CONSCIOUSNESS,
    acknowledgement_text,
    bmi_category_text,
    bp_category_text,
    group_by_visit,
    growth_text,
    news2_text,
    visit_label,
)
from vitalsdesk.presentation.display import datetime_text
from vitalsdesk.presentation.orthostatic import orthostatic_text
from vitalsdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from vitalsdesk.clinical.news2 import Consciousness
    from vitalsdesk.services.acknowledgements import Acknowledgement
    from vitalsdesk.services.clinic_services import ClinicServices
    from vitalsdesk.services.schemas import ClinicianView as ClinicianViewOut
    from vitalsdesk.services.schemas import PatientOut, StaffUserOut, VitalSignSetOut
    from vitalsdesk.services.visits import VisitOut

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex

CLINICIAN_VIEW_ROLES = ("clinician", "admin")
COLUMNS = ("Visit", "Taken", "BP (mmHg)", "BP category", "BMI", "Critical value")
AWAITING_COLOUR = QColor("#8a1c1c")


class ClinicianSetsModel(QAbstractTableModel):
    """The patient's current sets (no superseded version, nothing entered in error)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[VitalSignSetOut] = []
        self._visit_of: dict[int, VisitOut] = {}
        self._acks: dict[int, Acknowledgement] = {}
        self._awaiting: set[int] = set()

    def set_data(
        self,
        sets: list[VitalSignSetOut],
        visit_of: dict[int, VisitOut],
        acks: dict[int, Acknowledgement],
        awaiting: set[int],
    ) -> None:
        self.beginResetModel()
        current = [s for s in sets if not s.superseded and s.status != "entered-in-error"]
        self._rows = group_by_visit(current, visit_of)
        self._visit_of, self._acks, self._awaiting = visit_of, acks, awaiting
        self.endResetModel()

    def set_at(self, row: int) -> VitalSignSetOut | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, set_id: int) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == set_id), -1)

    def is_awaiting(self, set_id: int) -> bool:
        return set_id in self._awaiting

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
        if column == 0:
            return visit_label(self._visit_of.get(s.id))
        if column == 1:
            return datetime_text(s.taken_at)
        if column == 2:
            sbp, dbp = s.measurement("systolic_bp"), s.measurement("diastolic_bp")
            if sbp is None and dbp is None:
                return ""
            return f"{sbp.value_text if sbp else '–'}/{dbp.value_text if dbp else '–'}"
        if column == 3:
            return bp_category_text(s.bp_category) if s.bp_category else ""
        if column == 4:
            return bmi_category_text(s.bmi_value, s.bmi_category) if s.bmi_value else ""
        return acknowledgement_text(s.id, self._acks, self._awaiting)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(s, index.column())
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == 5
            and self.is_awaiting(s.id)
        ):
            return AWAITING_COLOUR
        return None


class ClinicianView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ClinicianView()
        self.ui.setupUi(self)
        self.ui.consciousnessCombo.addItem("Not assessed", None)
        for value, text in CONSCIOUSNESS:
            self.ui.consciousnessCombo.addItem(text, value)
        header = self.ui.setsTable.horizontalHeader()
        # Fitted across the table: sized to contents, the critical-value column was pushed out of
        # sight behind a sideways scroll at 1024 px. When taken and the BP stay whole; the
        # visit, the categories and the critical value wrap onto a second line, not cut.
        self.fitter = ColumnFitter(self.ui.setsTable, keep=(1, 2), wrap=(0, 3, 4, 5))
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for label in (self.ui.setTitleLabel, self.ui.awaitingLabel, self.ui.growthCaption):
            label.setStyleSheet("font-weight: 600;")
        # About seven sets above the chosen set's details at 1366x768; the divider can be dragged.
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([230, 280])

    def consciousness(self) -> Consciousness | None:
        return cast("Consciousness | None", self.ui.consciousnessCombo.currentData())

    def spo2_scale(self) -> Literal[1, 2]:
        return 2 if self.ui.scale2Check.isChecked() else 1


class ClinicianController(QObject):
    acknowledged = QtSignal(int)  # set id: the page reloads, the header count goes down

    def __init__(
        self,
        view: ClinicianView,
        clinic: ClinicServices,
        user: StaffUserOut,
        patient: PatientOut,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.clinic = clinic
        self.user = user
        self.patient = patient
        self.model = ClinicianSetsModel(self)
        self.shown: ClinicianViewOut | None = None
        self._wanted: int | None = None
        view.ui.setsTable.setModel(self.model)
        view.fitter.watch_model()
        view.ui.setsTable.selectionModel().selectionChanged.connect(self._selection_changed)
        view.ui.consciousnessCombo.currentIndexChanged.connect(self._assessment_changed)
        view.ui.scale2Check.toggled.connect(self._assessment_changed)
        view.ui.acknowledgeButton.clicked.connect(self.acknowledge)
        view.ui.acknowledgeButton.setVisible(user.role == "clinician")
        self._clear_detail()

    def can_acknowledge(self) -> bool:
        return self.user.role == "clinician"

    def set_data(
        self,
        sets: list[VitalSignSetOut],
        visits: list[VisitOut],
        set_visits: dict[int, int],
        acks: dict[int, Acknowledgement],
        awaiting: set[int],
    ) -> None:
        by_id = {v.id: v for v in visits}
        visit_of = {sid: by_id[vid] for sid, vid in set_visits.items() if vid in by_id}
        keep = self.selected().id if self.selected() is not None else None  # type: ignore[union-attr]
        self.model.set_data(sets, visit_of, acks, awaiting)
        count = len(awaiting)
        self.view.ui.awaitingLabel.setText(
            f"{count} critical set{'s' if count != 1 else ''} of this patient "
            f"{'are' if count != 1 else 'is'} awaiting acknowledgement."
            if count
            else "No critical set of this patient is awaiting acknowledgement."
        )
        wanted = self._wanted if self._wanted is not None else keep
        self._wanted = None
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0  # the newest set of the newest visit: the open set
        if row >= 0:
            self.view.ui.setsTable.selectRow(row)
        else:
            self._clear_detail()

    def want(self, set_id: int | None) -> None:
        """Choose this set when the data comes (the header's list of waiting sets)."""
        if set_id is None:
            return
        row = self.model.row_of(set_id)
        if row >= 0:
            self.view.ui.setsTable.selectRow(row)
        else:
            self._wanted = set_id

    def focus(self) -> None:
        self.view.ui.setsTable.setFocus()

    def selected(self) -> VitalSignSetOut | None:
        rows = self.view.ui.setsTable.selectionModel().selectedRows()
        return self.model.set_at(rows[0].row()) if rows else None

    def _clear_detail(self) -> None:
        ui = self.view.ui
        self.shown = None
        ui.setTitleLabel.setText("Choose a set on the left.")
        for label in (ui.bpCategoryLabel, ui.bmiCategoryLabel, ui.news2Label, ui.growthLabel):
            label.setText("—")
        ui.acknowledgementLabel.setText("")
        ui.acknowledgeButton.setEnabled(False)

    def _selection_changed(self, *_args: object) -> None:
        self.open_selected()

    def _assessment_changed(self, *_args: object) -> None:
        self.open_selected()

    def open_selected(self) -> None:
        """Open the chosen set through the service (audited as a clinician view)."""
        chosen = self.selected()
        if chosen is None:
            self._clear_detail()
            return
        ui = self.view.ui
        try:
            shown = self.clinic.vitals.clinician_view(
                chosen.id,
                self.user,
                consciousness=self.view.consciousness(),
                spo2_scale=self.view.spo2_scale(),
            )
        except ServiceError as exc:
            self._clear_detail()
            ui.setTitleLabel.setText(f"✖ {exc}")
            return
        self.shown = shown
        ui.setTitleLabel.setText(
            f"Set taken {datetime_text(chosen.taken_at)} by {chosen.recorded_by_text}"
        )
        ui.bpCategoryLabel.setText(
            "\n".join(
                t
                for t in (bp_category_text(shown.bp_category), orthostatic_text(shown.orthostatic))
                if t
            )
        )
        ui.bmiCategoryLabel.setText(bmi_category_text(shown.bmi_value, shown.bmi_category))
        ui.news2Label.setText(news2_text(shown.news2, shown.news2_note))
        ui.growthLabel.setText(growth_text(shown.growth, shown.growth_note))
        for label in (ui.bpCategoryLabel, ui.bmiCategoryLabel, ui.news2Label, ui.growthLabel):
            label.setAccessibleDescription(label.text())
        awaiting = self.model.is_awaiting(chosen.id)
        status = self.model.cell_text(chosen, 5)
        ui.acknowledgementLabel.setText(status)
        ui.acknowledgementLabel.setAccessibleDescription(status)
        ui.acknowledgeButton.setEnabled(awaiting and self.can_acknowledge())

    def acknowledge(self) -> None:
        chosen = self.selected()
        if chosen is None or self.shown is None or self.shown.set_id != chosen.id:
            return
        try:
            self.clinic.acknowledgements.acknowledge(chosen.id, self.user)
        except ServiceError as exc:
            self.view.ui.acknowledgementLabel.setText(f"✖ Not acknowledged. {exc}")
            return
        log.info("critical set %d acknowledged", chosen.id)
        self._wanted = chosen.id
        self.acknowledged.emit(chosen.id)
