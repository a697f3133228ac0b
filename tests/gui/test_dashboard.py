"""The dashboard over the log's four alerts (today is 24 November 2026): View ▸ Dashboard (Ctrl+3), bars
painted with their numbers, and a bar, clicked or chosen from the keyboard, filtering the log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.domain.enums import AlertKind
from sg_desktop.ui.application import Application
from sg_desktop.ui.forward.bar_chart import BarChart
from sg_desktop.ui.forward.dashboard import DashboardWindow
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.log.table_model import Column
from sg_desktop.ui.shortcuts import ShortcutsDialog

from .conftest import find, visible


def open_dashboard(qtbot: QtBot, log: MainWindow) -> DashboardWindow:
    qtbot.waitUntil(lambda: visible(QWidget, "comingUpPanel") is not None)  # shown on unlock; set it aside
    log.activateWindow()
    qtbot.waitUntil(log.isActiveWindow)
    log.table.setFocus()
    qtbot.keyClick(log.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: visible(QWidget, "dashboardWindow") is not None)
    window = visible(QWidget, "dashboardWindow")
    assert isinstance(window, DashboardWindow)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def titles(log: MainWindow) -> list[str]:
    return [str(log.model.index(row, Column.TITLE).data()) for row in range(log.model.rowCount())]


def counts(chart: BarChart) -> dict[str, int]:
    return {bar.label: bar.count for bar in chart.chart.bars}


def test_ctrl_3_opens_the_charts_with_their_numbers(qtbot: QtBot, log: MainWindow) -> None:
    board = open_dashboard(qtbot, log)
    assert [c.chart.title for c in board.charts] == [
        "Open alerts by kind", "Open alerts by region", "Open alerts by status", "Milestones ahead",
        "Support offers by status", "Needs attention"]
    kinds = board.chart("byKind")
    assert counts(kinds)[AlertKind.TRIAL.label] == 1 and sum(counts(kinds).values()) == 4
    assert counts(board.chart("byRegion")) == {"Yorkshire and The Humber": 3, "South East": 1}
    assert counts(board.chart("byStatus")) == {"Draft": 1, "Active": 3, "Published": 0}
    assert counts(board.chart("milestones")) == {"In the next 7 days": 1, "In the next 30 days": 2}
    assert counts(board.chart("attention"))["National interest, no offer"] == 1
    region = board.chart("byRegion")
    assert region.accessibleName() == "Open alerts by region chart"
    assert "Yorkshire and The Humber: 3; South East: 1." in region.accessibleDescription()
    image = kinds.grab()  # painted, not blank
    assert image.width() > 0 and image.toImage().pixelColor(image.width() // 2, 40) != image.toImage().pixelColor(1, 1)


def test_clicking_a_bar_filters_the_log(qtbot: QtBot, log: MainWindow) -> None:
    board = open_dashboard(qtbot, log)
    kinds = board.chart("byKind")
    trial = [b.label for b in kinds.chart.bars].index(AlertKind.TRIAL.label)
    qtbot.mouseClick(kinds, Qt.MouseButton.LeftButton, pos=kinds.bar_rect(trial).center())
    qtbot.waitUntil(lambda: titles(log) == ["Trial listed at the Crown Court"])
    assert log.filters.kind.currentData() == AlertKind.TRIAL.value
    assert log.statusBar().currentMessage() == "The log shows Criminal trial."
    assert find(board, QLabel, "dashboardNote").text() == (
        "The log now shows open alerts by kind: criminal trial, in place of its search and filters. "
        "Clear filters (Ctrl+Shift+L) shows every alert again.")


def test_the_keyboard_reaches_every_chart_and_bar(qtbot: QtBot, log: MainWindow) -> None:
    board = open_dashboard(qtbot, log)
    kinds, region = board.chart("byKind"), board.chart("byRegion")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kinds)
    qtbot.keyClick(kinds, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is region
    qtbot.keyClick(region, Qt.Key.Key_Down)
    assert region.current == 1 and "Now on South East: 1" in region.accessibleDescription()
    qtbot.keyClick(region, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(log) == ["Inquest touching a teenager"])
    assert log.filters.region.currentData() == "South East"
    # The milestones bar sets "next milestone within"; the search is cleared with the other filters.
    log.filters.search.setText("neglect")
    ahead = board.chart("milestones")
    ahead.setFocus()
    qtbot.keyClick(ahead, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: titles(log) == ["Practice review after neglect"])
    assert log.filters.within.value() == 7 and log.filters.search.text() == ""
    assert log.filters.region.currentIndex() == 0


def test_a_bar_the_log_cannot_filter_by_says_so_and_follow_ups_open_coming_up(qtbot: QtBot, log: MainWindow) -> None:
    board = open_dashboard(qtbot, log)
    before = titles(log)
    offers = board.chart("offers")
    qtbot.mouseClick(offers, Qt.MouseButton.LeftButton, pos=offers.bar_rect(0).center())
    assert find(board, QLabel, "dashboardNote").text() == "Proposed: 0. The log has no filter for support offers."
    assert titles(log) == before
    attention = board.chart("attention")
    attention.setFocus()
    qtbot.keyClick(attention, Qt.Key.Key_Down)
    qtbot.keyClick(attention, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is visible(QWidget, "comingUpPanel"))


def test_the_dashboard_is_in_the_view_menu_and_the_list_of_keys(qtbot: QtBot, log: MainWindow) -> None:
    action = log.findChild(QAction, "actionDashboard")
    assert action is not None and action.shortcut().toString() == "Ctrl+3"
    view = log.menuBar().findChild(QWidget, "menuView")
    assert view is not None and action in view.actions()
    dialog = ShortcutsDialog([*log.actions(), *log.table.actions()], log)
    assert ("Dashboard", "Ctrl+3") in dialog.rows()
    dialog.deleteLater()


def test_locking_closes_the_dashboard_and_drops_its_charts(qtbot: QtBot, log_app: Application) -> None:
    window = log_app.window
    assert window is not None
    board = open_dashboard(qtbot, window)
    log_app.lock()
    assert not board.isVisible() and board.charts == []
