"""The administrator's Staff accounts page: the accounts in a table, what can be done to the one
picked, and a form to add one. View only: UserAdminController holds the behaviour.

Built in code rather than Designer: a plain grid of labelled fields. Every control has an
accessible name; each field's label is its buddy, so Alt+the underlined letter reaches it; the
keyboard order follows the page from top to bottom.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.widgets import keep_words

ROLE_WORDS = {"assistant": "Medical assistant", "clinician": "Clinician", "admin": "Administrator"}
COLUMNS = ("User name", "Name", "Role", "Status")


def _named(widget: QWidget, name: str, description: str = "") -> None:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)


def _role_combo(name: str) -> QComboBox:
    combo = QComboBox()
    for role, words in ROLE_WORDS.items():
        combo.addItem(words, role)
    _named(combo, name)
    return combo


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    _named(edit, name, "At least 8 characters.")
    return edit


def add_staff_accounts_button(audit_log_view: QWidget) -> QPushButton:
    """The way to this page: a button after "Back to patients" on the Audit log page (both are
    an administrator's), last in the keyboard order."""
    button = QPushButton("Staff acc&ounts", audit_log_view)
    button.setObjectName("staffAccountsButton")
    button.setAutoDefault(False)
    _named(
        button,
        "Staff accounts",
        "Add, turn off, unlock and reset staff accounts, and change their roles.",
    )
    ui = getattr(audit_log_view, "ui", None)
    row = getattr(ui, "titleRow", None)
    back = getattr(ui, "backButton", None)
    if isinstance(row, QHBoxLayout) and isinstance(back, QWidget):
        row.insertWidget(row.indexOf(back) + 1, button)
        QWidget.setTabOrder(back, button)
    return button


class UserAdminView(QWidget):
    back_requested = Signal()
    selection_changed = Signal()
    change_role_requested = Signal()
    unlock_requested = Signal()
    turn_off_requested = Signal()  # deactivate, or turn back on (the button says which)
    reset_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UserAdminView")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        self._outer, self._page, self._scroll = outer, layout, scroll

        top = QHBoxLayout()
        self.title_label = QLabel("Staff accounts")
        self.title_label.setObjectName("titleLabel")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 4)
        self.title_label.setFont(font)
        top.addWidget(self.title_label)
        # The message after an action sits in the title's row, beside it: on its own line it
        # made the page 13 px too tall at 1280x720, and the page scrolled.
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        _named(self.message_label, "Message")
        top.addWidget(self.message_label, 1)
        self.back_button = QPushButton("&Back to patients")
        _named(self.back_button, "Back to patients")
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        layout.addLayout(top)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The list gives way first on a short screen, down to four whole rows (the minimum
        # heights are only known once the table has its font and style: _keep_four_rows).
        _named(
            self.table,
            "Staff accounts",
            "Pick an account with the arrow keys; what can be done to it is below the list.",
        )
        self.table.itemSelectionChanged.connect(self.selection_changed)
        layout.addWidget(self.table, 1)
        # The two boxes side by side where they fit across (they do at 1024 px): one under the
        # other, the page needed scrolling at 768 px high to reach "Add account". In a narrower
        # window they stack again and the page scrolls down. The keyboard goes through the first
        # box, then the second, either way.
        self._boxes = boxes = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        layout.addLayout(boxes)

        picked = QGroupBox("The account picked")
        _named(picked, "The account picked")
        form = QFormLayout(picked)
        self.picked_label = QLabel("No account picked.")
        # A long summary ("… locked until …") wraps rather than widen its box past the page.
        self.picked_label.setWordWrap(True)
        _named(self.picked_label, "The account picked")
        form.addRow(self.picked_label)
        role_row = QHBoxLayout()
        self.role_combo = _role_combo("New role")
        self.role_combo.setPlaceholderText("Pick an account first")
        self.change_role_button = QPushButton("C&hange role")
        _named(self.change_role_button, "Change role")
        self.change_role_button.clicked.connect(self.change_role_requested)
        role_row.addWidget(self.role_combo, 1)
        role_row.addWidget(self.change_role_button)
        role_label = QLabel("&Role:")
        role_label.setBuddy(self.role_combo)
        form.addRow(role_label, role_row)
        self.new_password_edit = _password_edit("New password")
        self.new_password_again_edit = _password_edit("New password, again")
        new_label = QLabel("&New password:")
        new_label.setBuddy(self.new_password_edit)
        form.addRow(new_label, self.new_password_edit)
        again_label = QLabel("Type it a&gain:")
        again_label.setBuddy(self.new_password_again_edit)
        form.addRow(again_label, self.new_password_again_edit)
        buttons = QHBoxLayout()
        self.reset_button = QPushButton("&Set new password")
        _named(self.reset_button, "Set new password")
        self.reset_button.clicked.connect(self.reset_requested)
        self.new_password_again_edit.returnPressed.connect(self.reset_requested)
        self.unlock_button = QPushButton("&Unlock")
        _named(
            self.unlock_button,
            "Unlock",
            "End a lock-out after too many wrong passwords.",
        )
        self.unlock_button.clicked.connect(self.unlock_requested)
        self.turn_off_button = QPushButton("&Turn off")
        _named(
            self.turn_off_button,
            "Turn off the account",
            "A turned-off account cannot sign in. Its name stays on what it recorded.",
        )
        self.turn_off_button.clicked.connect(self.turn_off_requested)
        for button in (self.reset_button, self.unlock_button, self.turn_off_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self._picked_box = picked
        boxes.addWidget(picked, 1)

        add = QGroupBox("Add an account")
        _named(add, "Add an account")
        add_form = QFormLayout(add)
        self.user_name_edit = QLineEdit()
        _named(self.user_name_edit, "User name of the new account")
        self.full_name_edit = QLineEdit()
        _named(self.full_name_edit, "Full name of the new account")
        self.add_role_combo = _role_combo("Role of the new account")
        self.add_password_edit = _password_edit("Password of the new account")
        self.add_password_again_edit = _password_edit("Password of the new account, again")
        self.add_button = QPushButton("A&dd account")
        _named(self.add_button, "Add account")
        self.add_button.clicked.connect(self.add_requested)
        self.add_password_again_edit.returnPressed.connect(self.add_requested)
        # The button on the last field's line (Enter there adds, too): a line of its own made
        # this box the taller of the two.
        last_row = QHBoxLayout()
        last_row.addWidget(self.add_password_again_edit, 1)
        last_row.addWidget(self.add_button)
        for text, widget, field in (
            ("Us&er name:", self.user_name_edit, self.user_name_edit),
            ("&Full name:", self.full_name_edit, self.full_name_edit),
            ("Ro&le:", self.add_role_combo, self.add_role_combo),
            ("&Password:", self.add_password_edit, self.add_password_edit),
            ("Type it &again:", self.add_password_again_edit, last_row),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            add_form.addRow(label, field)
        self._add_box = add
        boxes.addWidget(add, 1)
        # Side by side, a box short of room took it from its buttons' words first.
        keep_words(
            self.back_button,
            self.change_role_button,
            self.reset_button,
            self.unlock_button,
            self.turn_off_button,
            self.add_button,
        )
        self.show_message("")
        self.set_picked(None)

    def showEvent(self, event: QShowEvent) -> None:
        self._keep_four_rows()
        self._fit_boxes()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_boxes()
        super().resizeEvent(event)

    def _fit_boxes(self) -> None:
        """Side by side when both boxes fit across at their least width, else one above the
        other."""
        boxes = self._boxes
        # Room across: the window's less both layouts' margins and a scroll bar's width, so the
        # choice does not flip when the bar comes or goes.
        margins = self._outer.contentsMargins() + self._page.contentsMargins()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        page = self.width() - margins.left() - margins.right() - bar
        needed = (
            self._picked_box.minimumSizeHint().width()
            + self._add_box.minimumSizeHint().width()
            + boxes.spacing()
        )
        wanted = (
            QBoxLayout.Direction.LeftToRight if needed <= page else QBoxLayout.Direction.TopToBottom
        )
        if boxes.direction() != wanted:
            boxes.setDirection(wanted)

    def _keep_four_rows(self) -> None:
        """The table is never shorter than its header and four whole rows."""
        table = self.table
        table.ensurePolished()
        rows = 4 * table.verticalHeader().defaultSectionSize()
        header = table.horizontalHeader().sizeHint().height()
        table.setMinimumHeight(header + rows + 2 * table.frameWidth())
        # Its own preferred height (Qt's 192 px for any list) is left out, so a scrolled page
        # is never asked for to show more rows: the list takes the room that is left.
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

    # -- the list --------------------------------------------------------------------------------

    def set_accounts(self, rows: list[tuple[str, str, str, str]]) -> None:
        """(user name, full name, role in words, status in words) for each account."""
        keep = self.picked()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                self.table.setItem(r, c, item)
        names = [row[0] for row in rows]
        if keep in names:
            self.pick(keep)
        else:
            self.table.clearSelection()
            self.selection_changed.emit()

    def pick(self, username: str | None) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.text() == username:
                self.table.setCurrentCell(
                    r,
                    0,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    def picked(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def set_picked(self, summary: str | None, *, role: str = "", active: bool = True) -> None:
        """What the picked account is, in words, and the buttons that fit it."""
        self.picked_label.setText(summary or "No account picked.")
        self.picked_label.setAccessibleName(summary or "No account picked.")
        for widget in (
            self.role_combo,
            self.change_role_button,
            self.new_password_edit,
            self.new_password_again_edit,
            self.reset_button,
            self.unlock_button,
            self.turn_off_button,
        ):
            widget.setEnabled(summary is not None)
        if role:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(role)))
        elif summary is None:
            # With no account picked the box showed "Medical assistant", read as that account's
            # role: it is blank and says what to do first.
            self.role_combo.setCurrentIndex(-1)
        self.turn_off_button.setText("&Turn off" if active else "&Turn on")
        self.turn_off_button.setAccessibleName(
            "Turn off the account" if active else "Turn the account on again"
        )

    # -- reading the fields ------------------------------------------------------------------------

    def new_role(self) -> str:
        return str(self.role_combo.currentData())

    def new_passwords(self) -> tuple[str, str]:
        return self.new_password_edit.text(), self.new_password_again_edit.text()

    def clear_new_passwords(self) -> None:
        self.new_password_edit.clear()
        self.new_password_again_edit.clear()

    def new_account(self) -> tuple[str, str, str, str, str]:
        """User name, full name, role, password, password again."""
        return (
            self.user_name_edit.text().strip(),
            self.full_name_edit.text().strip(),
            str(self.add_role_combo.currentData()),
            self.add_password_edit.text(),
            self.add_password_again_edit.text(),
        )

    def clear_new_account(self) -> None:
        for edit in (
            self.user_name_edit,
            self.full_name_edit,
            self.add_password_edit,
            self.add_password_again_edit,
        ):
            edit.clear()
        self.add_role_combo.setCurrentIndex(0)

    def show_message(self, text: str, *, problem: bool = True) -> None:
        show_message(self.message_label, text, problem=problem)
        self.message_label.setAccessibleName(text or "Message")

    def focus_list(self) -> None:
        self.table.setFocus()
