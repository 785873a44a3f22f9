"""The first-run page (layout: ui/first_run.ui): the clinic creates its first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vitalsdesk.gui.forms.ui_first_run import Ui_FirstRunView


class FirstRunView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunView()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()
