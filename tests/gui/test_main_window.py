from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from vitalsdesk import __version__
from vitalsdesk.app import load_stylesheet
from vitalsdesk.gui.main_window import MainWindow


def test_main_window_shows_name_version_and_reference_table(qtbot: QtBot) -> None:
    window = MainWindow(reference_ranges_version="default 2026.1")
    qtbot.addWidget(window)

    assert window.windowTitle() == "VitalsDesk"
    assert window.ui.appNameLabel.text() == "VitalsDesk"
    assert __version__ in window.ui.versionLabel.text()
    assert window.ui.referenceRangesLabel.text() == "Reference ranges: default 2026.1"
    assert not window.ui.referenceRangesLabel.isHidden()
    assert window.status_label.text()
    assert window.status_label.parent() is window.statusBar()


def test_main_window_without_reference_table_text_hides_that_line(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)

    assert window.ui.referenceRangesLabel.isHidden()
    assert __version__ in window.ui.versionLabel.text()


def test_who_is_signed_in_and_lock_show_only_while_signed_in(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.ui.lockButton.isHidden() and window.ui.signOutButton.isHidden()
    window.set_signed_in("Ana Rivera")
    assert window.ui.signedInLabel.text() == "Ana Rivera"
    assert not window.ui.lockButton.isHidden()
    assert window.ui.lockButton.accessibleName() == "Lock the screen"
    window.set_signed_in(None)
    assert window.ui.signedInLabel.isHidden()


def test_stylesheet_applies_without_qt_warnings(qtbot: QtBot, qapp: QApplication) -> None:
    # Qt reports a stylesheet it cannot parse (or an icon it cannot find) only as a warning,
    # which qt_log_level_fail turns into a failure here.
    previous = qapp.styleSheet()
    qapp.setStyleSheet(load_stylesheet())
    try:
        window = MainWindow(reference_ranges_version="default 2026.1")
        qtbot.addWidget(window)
        for widget in [window, *window.findChildren(QWidget)]:
            widget.ensurePolished()
        assert (
            window.ui.appNameLabel.font().pointSizeF() > window.ui.versionLabel.font().pointSizeF()
        )
    finally:
        qapp.setStyleSheet(previous)
