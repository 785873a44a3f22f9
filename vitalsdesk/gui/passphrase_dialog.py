"""The clinic passphrase, asked at start on a PC with no usable keyring (ui/passphrase_dialog.ui).

A new clinic chooses one (typed twice, 12 characters or more); afterwards it is typed once at
each start. The key of the encrypted database is derived from it, so the dialog says what it is
for and where to keep it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from vitalsdesk.gui.account_views import show_message
from vitalsdesk.gui.forms.ui_passphrase_dialog import Ui_PassphraseDialog

# The database layer refuses shorter ones too (vitalsdesk.db.encryption.MIN_PASSPHRASE; a test
# checks the two agree): the dialog says so before the key is derived.
MIN_PASSPHRASE = 12

NEW_PROMPT = (
    "Choose a passphrase for this clinic's records (12 characters or more). You will type it "
    "each time VitalsDesk starts. Keep it with the clinic's recovery key."
)
EXISTING_PROMPT = "Type the clinic's passphrase."


class PassphraseDialog(QDialog):
    def __init__(self, new: bool, problem: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)
        self.new = new
        ui = self.ui
        ui.promptLabel.setText(NEW_PROMPT if new else EXISTING_PROMPT)
        ui.repeatLabel.setVisible(new)
        ui.repeatEdit.setVisible(new)
        if new:
            self.setWindowTitle("Choose the clinic's passphrase")
            ui.okButton.setText("Set passphrase")
            ui.okButton.setAccessibleName("Set the clinic's passphrase")
        show_message(ui.messageLabel, problem or "")
        ui.okButton.clicked.connect(self.accept)
        ui.cancelButton.clicked.connect(self.reject)
        ui.passphraseEdit.setFocus()

    def accept(self) -> None:
        """Enter in a field reaches here too: it goes on only with a usable answer."""
        ui = self.ui
        typed = ui.passphraseEdit.text()
        if not typed:
            show_message(ui.messageLabel, "Type the passphrase.")
            ui.passphraseEdit.setFocus()
            return
        if self.new:
            if len(typed) < MIN_PASSPHRASE:
                show_message(
                    ui.messageLabel,
                    f"The passphrase needs at least {MIN_PASSPHRASE} characters "
                    f"({len(typed)} typed).",
                )
                ui.passphraseEdit.selectAll()
                ui.passphraseEdit.setFocus()
                return
            if not ui.repeatEdit.text():
                ui.repeatEdit.setFocus()  # Enter after the first field: on to the second
                return
            if ui.repeatEdit.text() != typed:
                show_message(
                    ui.messageLabel, "The two passphrases are not the same. Type them again."
                )
                ui.repeatEdit.clear()
                ui.passphraseEdit.selectAll()
                ui.passphraseEdit.setFocus()
                return
        super().accept()

    def passphrase(self) -> str:
        return self.ui.passphraseEdit.text()
