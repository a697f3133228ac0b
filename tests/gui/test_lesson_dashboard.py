"""The dashboard's programme measures, as the window shows them over the log's four alerts (one of national
interest with no offer, none with an offer made)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sg_desktop.ui.log.main_window import MainWindow

from .conftest import find
from .test_dashboard import open_dashboard


def test_the_dashboard_shows_the_programme_measures_in_words(qtbot: QtBot, log: MainWindow) -> None:
    board = open_dashboard(qtbot, log)
    measures = find(board, QLabel, "dashboardMeasures")
    assert measures.isVisible() and measures.accessibleName() == "Programme measures"
    assert measures.text() == (
        "Programme measures, every alert kept (closed ones too):\n"
        "• No alert has had a support offer made yet.\n"
        "• No support offer has been answered yet.\n"
        "• 1 alert of national interest never had an offer made (none, or proposals only).")
    board.clear()
    assert measures.text() == ""
