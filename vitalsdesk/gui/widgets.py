"""Small input widgets used by the Designer forms (promoted in ui/*.ui).

- NumericLineEdit: a QLineEdit for numbers. Not a spin box: a spin box changes its value under the
  mouse wheel and follows the OS locale's decimal mark (docs/platform.md, "Locale and the
  decimal mark"). This one accepts digits with "." or "," as the decimal mark, optionally "120/80"
  (blood pressure), and ignores the wheel so the page scrolls instead.
- NoWheelComboBox: a combo box whose value the mouse wheel never changes.
- ElidedLabel: a one-line label that ends in "…" when the window is narrow, instead of pushing
  the buttons beside it off the screen (header and patient banner at 1024x768).

And what screen readers need beyond Qt's defaults:
- show_info: a label that carries information says it, with its purpose ("Patient name: ...").
- install_accessibility: combo boxes say their purpose as their name (see ComboBoxAccessible).
- keep_focus_in_view: a field that gets the focus is scrolled into view, whatever gave it.
- ColumnFitter: a table's columns fit across it, so it never scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAction,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QRegularExpressionValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QApplication,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QToolButton,
    QWidget,
)

_NUMBER = r"\d{0,4}([.,]\d{0,3})?"
_PAIR = r"\d{0,3}([.,]\d{0,2})?(/\d{0,3}([.,]\d{0,2})?)?"


class NumericLineEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pair = False
        self._apply_validator()
        self.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.setMaxLength(12)

    def allow_pair(self, allowed: bool = True) -> None:
        """Accept "120/80": the part after the slash belongs to the next field."""
        self._pair = allowed
        self._apply_validator()

    def _apply_validator(self) -> None:
        pattern = QRegularExpression(f"^{_PAIR if self._pair else _NUMBER}$")
        self.setValidator(QRegularExpressionValidator(pattern, self))

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # let the scroll area have it


class NoWheelComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Focus by Tab or click only: the wheel passing over it must not even focus it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()

    def select_data(self, data: object) -> bool:
        """Select the item whose data is `data`; False (and no change) when there is none."""
        index = self.findData(data)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True


class ElidedLabel(QLabel):
    """A one-line label drawn with "…" at the end when it has less room than its text needs.

    text() stays the whole text (what a screen reader and the tests read); the tooltip shows it
    whole when it is cut. It asks for its whole width but can shrink to `min_chars` characters,
    so a layout gives the room to the buttons beside it first. With two lines allowed
    (allow_two_lines) a text of parts joined by " · " goes on a second line before it is cut."""

    SEPARATOR = " · "

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_chars = 6
        self.max_lines = 1
        self._flexible = False

    def make_flexible(self) -> None:
        """Ask for no more than the least room, and take whatever is left over: in a row with
        buttons, the buttons keep their words and this label gets the rest of the row."""
        self._flexible = True
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        self.setSizePolicy(policy)
        self.updateGeometry()

    def allow_two_lines(self) -> None:
        """Break the text at a " · " onto a second line when one line is too short (it asks
        for the height of two lines)."""
        self.max_lines = 2
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = self.minimumSizeHint() if self._flexible else super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._lines_height()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        least = metrics.averageCharWidth() * self.min_chars + metrics.horizontalAdvance("…")
        width = min(hint.width(), least + margins.left() + margins.right())
        return QSize(width, max(hint.height(), self._lines_height()))

    def _lines_height(self) -> int:
        if self.max_lines < 2:
            return 0
        margins = self.contentsMargins()
        extra = margins.top() + margins.bottom() + 2 * self.margin()
        return self.fontMetrics().lineSpacing() * self.max_lines + extra

    def _text_rect(self) -> QRect:
        rect = self.contentsRect()
        rect.adjust(self.margin(), self.margin(), -self.margin(), -self.margin())
        return rect

    def shown_lines(self) -> list[str]:
        """The lines as drawn at the label's present width (a cut one ends in "…")."""
        width = self._text_rect().width()
        metrics = self.fontMetrics()
        text = self.text()
        lines = [text]
        if self.max_lines > 1 and metrics.horizontalAdvance(text) > width:
            parts = text.split(self.SEPARATOR)
            first, taken = parts[0], 1
            while taken < len(parts):
                longer = first + self.SEPARATOR + parts[taken]
                if metrics.horizontalAdvance(longer) > width:
                    break
                first, taken = longer, taken + 1
            rest = self.SEPARATOR.join(parts[taken:])
            lines = [first, rest] if rest else [first]
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]

    def paintEvent(self, event: QPaintEvent) -> None:
        QFrame.paintEvent(self, event)  # the frame and background the stylesheet gives
        rect = self._text_rect()
        lines = self.shown_lines()
        whole = self.SEPARATOR.join(lines) == self.text() or "".join(lines) == self.text()
        tip = "" if whole else self.text()
        if self.toolTip() != tip:
            self.setToolTip(tip)
        painter = QPainter(self)
        height = self.fontMetrics().lineSpacing()
        top = rect.top() + (rect.height() - height * len(lines)) // 2
        horizontal = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        for number, line in enumerate(lines):
            line_rect = QRect(rect.left(), top + number * height, rect.width(), height)
            self.style().drawItemText(
                painter,
                line_rect if len(lines) > 1 else rect,
                int(horizontal | Qt.AlignmentFlag.AlignVCenter)
                if len(lines) > 1
                else int(self.alignment()),
                self.palette(),
                self.isEnabled(),
                line,
                self.foregroundRole(),
            )
        painter.end()


class _WholeWords(QObject):
    """See keep_words."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() in (
            QEvent.Type.Polish,
            QEvent.Type.Show,
            QEvent.Type.StyleChange,
        ):
            watched.setMinimumWidth(watched.sizeHint().width())
        return False


def keep_words(*widgets: QWidget) -> None:
    """Never narrower than their words. The stylesheet's min-width sets each button an explicit
    minimum below its size hint, and a row short of room takes the same share from every item:
    the buttons' words were cut ("rt this pati") while a label beside them could have given way.
    Set again after each polish, as polishing applies the stylesheet's min-width again."""
    for widget in widgets:
        keeper = _WholeWords(widget)
        widget.installEventFilter(keeper)
        widget.setMinimumWidth(widget.sizeHint().width())


PURPOSE_PROPERTY = "accessiblePurpose"


def show_info(label: QLabel, text: str) -> None:
    """Show `text` on an information label, and make it the label's accessible name after the
    label's purpose: a screen reader hears "Patient name: García, María", not only "Patient
    name". The purpose is the accessible name the label was given in its .ui form; a text that
    begins with it ("Locked by Ana Rivera") is said alone."""
    purpose = label.property(PURPOSE_PROPERTY)
    if purpose is None:
        purpose = label.accessibleName()
        label.setProperty(PURPOSE_PROPERTY, purpose)
    label.setText(text)
    spoken = " ".join(text.split())  # a line break is a pause, not a word
    if not spoken or spoken.startswith(purpose):
        label.setAccessibleName(spoken or purpose)
    else:
        label.setAccessibleName(f"{purpose}: {spoken}" if purpose else spoken)


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Give the clear button Qt draws in `edit` (clearButtonEnabled) a name and a tooltip: Qt
    leaves it nameless, so a screen reader says only "button"."""
    for action in edit.findChildren(QAction):
        if action.objectName() == "_q_qlineeditclearaction":
            action.setText(name)
            action.setToolTip(name)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)


class ComboBoxAccessible(QAccessibleWidget):
    """A combo box as screen readers should hear it: its purpose as the name ("Temperature
    method"), the chosen item as the value ("Oral").

    Qt's own combo-box interface answers the name with the current item on Linux (it expects
    the screen reader to find the label through relations), so Orca says "Oral" and never what
    is being chosen. The pop-up list stays the only child, so the items and which one is
    selected are read as before; Press and Show menu open it."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo, QAccessible.Role.ComboBox)
        self._combo = combo

    def text(self, kind: QAccessible.Text) -> str:
        combo = self._combo
        if kind == QAccessible.Text.Name:
            return combo.accessibleName() or combo.currentText()
        if kind == QAccessible.Text.Value:
            return combo.currentText()
        return super().text(kind)

    def childCount(self) -> int:
        return 1

    def child(self, index: int) -> QAccessibleInterface:
        if index == 0:
            return QAccessible.queryAccessibleInterface(self._combo.view())
        return super().child(index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return 0 if child is not None and child.object() is self._combo.view() else -1

    def actionNames(self) -> list[str]:
        return [
            QAccessibleActionInterface.pressAction(),
            QAccessibleActionInterface.showMenuAction(),
            *super().actionNames(),
        ]

    def doAction(self, name: str) -> None:
        if name in (
            QAccessibleActionInterface.pressAction(),
            QAccessibleActionInterface.showMenuAction(),
        ):
            self._combo.showPopup()
        else:
            super().doAction(name)


def _accessible_for(key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, QComboBox) and not obj.isEditable():
        return ComboBoxAccessible(obj)
    return None


_factory_installed = False


def install_accessibility() -> None:
    """Use ComboBoxAccessible for every (not editable) combo box. Call after the QApplication is
    made: Qt asks the factory installed last first, and QApplication installs Qt's own."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_accessible_for)
        _factory_installed = True


def scroll_into_view(widget: QWidget | None) -> None:
    """Scroll every scroll area that holds `widget` so that it shows (innermost first)."""
    if widget is None:
        return
    target = widget
    parent = widget.parentWidget()
    while parent is not None:
        contents = parent.widget() if isinstance(parent, QScrollArea) else None
        if (
            isinstance(parent, QScrollArea)
            and contents is not None
            and contents.isAncestorOf(target)
        ):
            # The whole widget, with a margin: ensureWidgetVisible would settle for a line
            # edit's text cursor and leave its lower edge cut off.
            center = target.mapTo(contents, target.rect().center())
            half_width, half_height = target.width() // 2, target.height() // 2
            parent.ensureVisible(center.x(), center.y(), half_width + 16, half_height + 16)
            target = parent
        parent = parent.parentWidget()


def keep_focus_in_view(app: QApplication) -> None:
    """Scroll a field into view whenever it gets the focus. Qt's scroll areas do it for Tab
    only: a mnemonic (Alt+C for "Clinician") or a controller's setFocus would leave the field
    out of sight at 1024x768. Once per application."""
    if app.property("focusKeptInView"):
        return
    app.setProperty("focusKeptInView", True)
    app.focusChanged.connect(_focus_changed)


def _focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
    if new is None:
        return
    # After this event-loop turn: the layout that showing the field may change is done by then.
    QTimer.singleShot(0, new, lambda: scroll_into_view(new))


def capped_widths(
    wanted: list[int], room: int, keep: tuple[int, ...] = (), least: int = 0
) -> list[int]:
    """Column widths that fit in `room`: each column as wide as it wants when all fit; else the
    widest give way to one common width, the narrow ones and those in `keep` keep theirs.
    `keep` is in order of need: when the kept columns leave the others less than `least` each,
    the last kept ones give way too (a flagged set's readings are wider at 1024 px)."""
    if sum(wanted) <= room or not wanted:
        return list(wanted)
    others_count = len(wanted) - len(keep)
    while keep and sum(wanted[i] for i in keep if i < len(wanted)) + least * others_count > room:
        keep = keep[:-1]
        others_count += 1
    if keep:
        kept = sum(wanted[i] for i in keep if i < len(wanted))
        others = [w for i, w in enumerate(wanted) if i not in keep]
        fitted = iter(capped_widths(others, max(room - kept, 0)))
        return [w if i in keep else next(fitted) for i, w in enumerate(wanted)]
    remaining = room
    ordered = sorted(wanted)
    cap = ordered[-1]
    for index, width in enumerate(ordered):
        share = remaining // (len(ordered) - index)
        if width > share:
            cap = share
            break
        remaining -= width
    return [min(width, cap) for width in wanted]


def wrapped_widths(wanted: list[int], least: list[int], room: int) -> list[int] | None:
    """Widths for a table whose columns may wrap onto more lines: a column whose `least` (its
    widest word) is below its `wanted` width can wrap; the others keep their width. The room
    left over goes to the wrapping columns, each given up to what it wants (the narrowest needs
    first). None when even the widest words do not fit."""
    if sum(wanted) <= room:
        return list(wanted)
    if sum(least) > room:
        return None
    needs = [w - m for w, m in zip(wanted, least, strict=True)]
    extra = capped_widths(needs, room - sum(least))
    return [m + e for m, e in zip(least, extra, strict=True)]


def widest_word(text: str, metrics: QFontMetrics) -> int:
    """The width of the widest part of `text` a line never breaks inside (split at spaces; a
    no-break space keeps "58 y" together)."""
    return max((metrics.horizontalAdvance(word) for word in text.split(" ")), default=0)


class ColumnFitter(QObject):
    """Keeps a table's columns as wide as their contents while they fit across the table, and
    when they do not: wraps the `wrap` columns onto more lines (rows grow), hides the `optional`
    ones that cannot be whole (columns_hidden says which: show them some other way), and only
    then narrows the widest ones (their text ends in "…"). At 1024x768 nothing needs a sideways
    scroll. Refits when the table is resized or its rows change."""

    columns_hidden = Signal(list)  # the optional columns hidden now (a list of ints)

    def __init__(
        self,
        table: QTableView,
        keep: tuple[int, ...] = (),
        least: int = 0,
        *,
        wrap: tuple[int, ...] = (),
        optional: tuple[int, ...] = (),
    ) -> None:
        """keep: the columns not narrowed (the date of a set, its blood pressure) while the
        others have `least` each (see capped_widths). wrap: columns whose text may take more
        lines (a long name). optional: columns hidden while they cannot be whole, the first
        given shown first when there is room for only some."""
        super().__init__(table)
        self._table = table
        self._keep = keep
        self._least = least
        self._wrap = wrap
        self._optional = optional
        self._hidden: list[int] = []
        self._pending = False
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if wrap:
            table.setWordWrap(True)
        table.installEventFilter(self)

    def hidden(self) -> list[int]:
        """The optional columns hidden at the table's present width."""
        return list(self._hidden)

    def watch_model(self) -> None:
        """Call after setModel: refit when the rows change."""
        model = self._table.model()
        if model is None:
            return
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self.refit)
        self.refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.refit()
        return False

    def refit(self, *_args: object) -> None:
        if not self._pending:  # once per event-loop turn, after the rows are laid out
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    def _wanted(self, column: int) -> int:
        table = self._table
        return max(
            table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column)
        )

    def _least_width(self, column: int) -> int:
        """The width of a wrapping column's widest word (and of its header)."""
        table = self._table
        model = table.model()
        if model is None:
            return self._wanted(column)
        metrics = table.fontMetrics()
        texts = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
        longest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        # What the cell adds around its text (margins, padding): the size hint less the text.
        padding = max(table.sizeHintForColumn(column) - longest, 0)
        word = max((widest_word(t, metrics) for t in texts), default=0)
        return max(word + padding, table.horizontalHeader().sectionSizeHint(column))

    def fit(self) -> None:
        self._pending = False
        table = self._table
        header = table.horizontalHeader()
        room = table.viewport().width()
        if table.verticalScrollBar().isHidden() and table.model() is not None:
            # The bar may appear once the rows are in: leave it its room now.
            room -= table.verticalScrollBar().sizeHint().width()
        room = max(room, 0)
        for column in self._optional:  # a hidden section has no size hint: measure them all
            if column < header.count():
                header.setSectionHidden(column, False)
        hidden = self._hide_optional(room)
        for column in hidden:
            header.setSectionHidden(column, True)
        # A column hidden by its view (not one of ours) stays hidden and takes no room.
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        wanted = [self._wanted(c) for c in columns]
        widths = None
        if self._wrap and sum(wanted) > room:
            least = [
                self._least_width(c) if c in self._wrap else w
                for c, w in zip(columns, wanted, strict=True)
            ]
            widths = wrapped_widths(wanted, least, room)
        if widths is None:
            widths = capped_widths(wanted, room, self._keep, self._least)
        for column, width in zip(columns, widths, strict=True):
            header.resizeSection(column, width)
        if self._wrap:
            self._fit_rows()
        if hidden != self._hidden:
            self._hidden = hidden
            self.columns_hidden.emit(list(hidden))

    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped text, and no less than a row of one line. (Qt's own
        resize-to-contents also takes the hidden row header's padded height: every row was
        two lines tall.)"""
        table = self._table
        model = table.model()
        rows = table.verticalHeader()
        least = rows.defaultSectionSize()
        for row in range(model.rowCount() if model is not None else 0):
            rows.resizeSection(row, max(least, table.sizeHintForRow(row)))

    def _hide_optional(self, room: int) -> list[int]:
        """The optional columns that cannot be whole beside the others, which come first."""
        header = self._table.horizontalHeader()
        if not self._optional:
            return []
        count = header.count()
        others = [
            c for c in range(count) if c not in self._optional and not header.isSectionHidden(c)
        ]
        left = room - sum(self._wanted(c) for c in others)
        hidden: list[int] = []
        for column in self._optional:
            if column >= count:
                continue
            width = self._wanted(column)
            if width <= left:
                left -= width
            else:
                hidden.append(column)
        return sorted(hidden)
