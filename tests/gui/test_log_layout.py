"""The log as it first appears: the timetable on a laptop screen, columns chosen and remembered, a window that
fits the screen, and empty tables that say what is happening and what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.log.columns import shown_titles
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.log.table_model import Column
from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shortcuts import EDITOR_KEYS, ShortcutsDialog

from .conftest import GUI_PASSPHRASE, find, unlock_with

TIMETABLE = ["Urgency", "Reference", "Council", "Title", "Next milestone", "Date", "Days to go"]


def header_menu(qtbot: QtBot, window: MainWindow, column: Column) -> QMenu:
    """Right-click the header over `column`, as an officer would, and give back the menu that opens."""
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + 10
    header.customContextMenuRequested.emit(QPoint(x, header.height() // 2))
    menu = header.findChild(QMenu, "columnsMenu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


def action(menu: QMenu, name: str) -> QAction:
    found = next((a for a in menu.actions() if a.objectName() == name), None)
    assert found is not None, f"no {name} in the menu"
    return found


# -- the timetable on a laptop screen ----------------------------------------------------------------------


def test_at_1366_by_768_the_timetable_columns_show_whole_without_scrolling(qtbot: QtBot, log: MainWindow) -> None:
    log.resize(1366, 740)  # a 1366×768 screen less its panel
    qtbot.waitUntil(lambda: log.table.viewport().width() > 700)
    assert shown_titles(log.table) == TIMETABLE
    header = log.table.horizontalHeader()
    viewport = log.table.viewport().width()
    for column in (Column.URGENCY, Column.REFERENCE, Column.COUNCIL, Column.TITLE, Column.NEXT, Column.DATE,
                   Column.DAYS):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport, column.name
    assert log.table.horizontalScrollBar().maximum() == 0
    # The date is never cut to "15 Fe", and the title takes the spare width.
    metrics = log.table.fontMetrics()
    assert header.sectionSize(Column.DATE) >= metrics.horizontalAdvance("30 Sep 2027") + 12
    assert header.sectionSize(Column.TITLE) >= 200


def test_columns_are_shown_hidden_and_moved_from_the_header_menu_and_remembered(
    qtbot: QtBot, log: MainWindow, settings: QSettings
) -> None:
    menu = header_menu(qtbot, log, Column.COUNCIL)
    assert not action(menu, "columnTitleAction").isEnabled()  # the title always shows
    action(menu, "columnStatusAction").trigger()
    assert "Status" in shown_titles(log.table)
    menu = header_menu(qtbot, log, Column.COUNCIL)
    action(menu, "moveColumnRightAction").trigger()
    menu = header_menu(qtbot, log, Column.REFERENCE)
    action(menu, "columnReferenceAction").trigger()
    expected = ["Urgency", "Title", "Council", "Next milestone", "Date", "Days to go", "Status"]
    assert shown_titles(log.table) == expected

    again = MainWindow(Preferences(settings), vault_location="elsewhere")
    qtbot.addWidget(again)
    assert shown_titles(again.table) == expected

    menu = header_menu(qtbot, log, Column.TITLE)
    action(menu, "resetColumnsAction").trigger()
    assert shown_titles(log.table) == TIMETABLE
    assert shown_titles(MainWindow(Preferences(settings), vault_location="elsewhere").table) == TIMETABLE


def test_the_view_menu_offers_the_same_columns_for_the_keyboard(log: MainWindow) -> None:
    columns = log.findChild(QMenu, "menuColumns")
    assert columns is not None
    columns.aboutToShow.emit()
    action(columns, "columnKindAction").trigger()
    assert shown_titles(log.table) == [*TIMETABLE, "Kind"]


def test_unreadable_remembered_columns_give_the_usual_ones(qtbot: QtBot, settings: QSettings) -> None:
    for text in ("", "nonsense", "council:9999999,urgency", "<b>title</b>"):
        settings.setValue("log/columns", text)
        window = MainWindow(Preferences(settings), vault_location="here")
        qtbot.addWidget(window)
        assert shown_titles(window.table) == TIMETABLE, text


# -- a window that fits the screen -------------------------------------------------------------------------


def test_the_first_window_fits_the_screens_free_area(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(Preferences(settings), vault_location="here")
    qtbot.addWidget(window)
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.geometry().topLeft())


def test_a_remembered_window_bigger_than_the_screen_is_pulled_back_inside_it(
    qtbot: QtBot, settings: QSettings
) -> None:
    first = MainWindow(Preferences(settings), vault_location="here")
    qtbot.addWidget(first)
    first.resize(3000, 2000)
    first.move(2500, 1800)
    first.save_geometry()
    window = MainWindow(Preferences(settings), vault_location="here")
    qtbot.addWidget(window)
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.geometry())


# -- empty tables ------------------------------------------------------------------------------------------


def empty_note(window: MainWindow) -> str:
    note = find(window, QLabel, "emptyLogMessage")
    return note.text() if note.isVisible() else ""


def details_placeholder(window: MainWindow) -> str:
    return find(window, QLabel, "detailsPlaceholder").text()


def test_a_new_vault_says_how_to_add_or_import_the_first_alert(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService
) -> None:
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    window = application.window
    qtbot.waitUntil(lambda: empty_note(window) != "")
    assert empty_note(window) == (
        "No alerts yet: add one with Ctrl+N, or import a protocol file from a partner office."
    )
    assert details_placeholder(window).startswith("Alerts you add or import appear in the log")
    assert find(window, QPushButton, "emptyLogSecondButton").text() == "Import a protocol file…"
    find(window, QPushButton, "emptyLogButton").click()
    qtbot.waitUntil(lambda: len(window.open_editors()) == 1)


def test_a_search_with_no_match_names_it_and_offers_to_clear_it(qtbot: QtBot, log: MainWindow) -> None:
    log.filters.set_search_pause(0)
    qtbot.keyClicks(log.filters.search, "xyz")
    qtbot.waitUntil(lambda: empty_note(log) != "")
    assert empty_note(log).startswith("No alert matches “xyz”.")
    assert details_placeholder(log) == "No alert is selected: nothing matches the search."
    button = find(log, QPushButton, "emptyLogButton")
    assert button.text() == "Clear the search"
    button.click()
    qtbot.waitUntil(lambda: log.model.rowCount() == 4)
    assert log.filters.search.text() == "" and empty_note(log) == ""


def test_filters_with_no_match_say_so_and_offer_to_clear_them(qtbot: QtBot, log: MainWindow) -> None:
    kind = log.filters.kind
    kind.setCurrentIndex(kind.findData(AlertKind.DHR.value))
    qtbot.waitUntil(lambda: empty_note(log) != "")
    assert empty_note(log) == "No alert matches these filters."
    find(log, QPushButton, "emptyLogButton").click()
    qtbot.waitUntil(lambda: log.model.rowCount() == 4)
    assert kind.currentIndex() == 0


def test_an_empty_coming_up_says_nothing_is_due_within_the_horizon(
    qtbot: QtBot, log: MainWindow, settings: QSettings
) -> None:
    settings.setValue("log/horizon_days", 3)  # the first milestone is in 6 days
    log.filters.show_upcoming(3)
    qtbot.waitUntil(lambda: empty_note(log) != "")
    assert empty_note(log) == "Nothing is coming up: no alert has a milestone in the next 3 days."
    find(log, QPushButton, "emptyLogButton").click()
    qtbot.waitUntil(lambda: log.model.rowCount() == 4)


# -- words ------------------------------------------------------------------------------------------------


def test_next_milestone_within_is_a_choice_of_spans_with_any_date_first(qtbot: QtBot, log: MainWindow) -> None:
    within = log.filters.within
    assert [within.itemText(i) for i in range(4)] == ["Any date", "Next 7 days", "Next 14 days", "Next 30 days"]
    within.setCurrentIndex(1)
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    assert log.model.query.upcoming_days == 7
    within.setValue(45)  # a horizon from Preferences that is not on the list takes its place in it
    assert within.currentText() == "Next 45 days" and within.value() == 45


# -- the keyboard ----------------------------------------------------------------------------------------


def test_help_lists_every_key_of_the_log_and_the_editor(qtbot: QtBot, log: MainWindow) -> None:
    qtbot.keyClick(log.table, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = log.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    rows = dict(dialog.rows())
    assert rows["New alert"] == "Ctrl+N"
    assert rows["Lock"] == "Ctrl+L"
    assert rows["Export alerts"] == "Ctrl+Shift+E"
    assert rows["Keyboard shortcuts"] == "Ctrl+/"
    assert rows["User guide"] == "F1"
    assert rows["Save the alert"] == "Ctrl+S"
    # Each key said for the editor is one the editor answers to.
    log.action_new.trigger()
    [editor] = log.open_editors()
    editor_keys = {k.toString() for a in editor.actions() for k in a.shortcuts()}
    for _what, keys in EDITOR_KEYS:
        if keys.startswith("Ctrl"):
            assert keys in editor_keys, keys


def test_tool_bar_tips_show_their_keys(log: MainWindow) -> None:
    for action in (log.action_new, log.action_edit, log.action_delete, log.action_coming_up, log.action_lock):
        assert action.toolTip().endswith(f"({action.shortcut().toString()})"), action.toolTip()


def test_typing_a_councils_name_in_the_search_finds_its_alerts(qtbot: QtBot, log: MainWindow) -> None:
    log.filters.set_search_pause(0)
    qtbot.keyClicks(log.filters.search, "Leeds")
    qtbot.waitUntil(lambda: log.model.rowCount() == 2)
    assert {log.model.index(r, Column.COUNCIL).data() for r in range(2)} == {"Leeds"}
    log.filters.search.clear()
    qtbot.keyClicks(log.filters.search, "Leeds ofsted")
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    assert log.model.index(0, Column.TITLE).data() == "Ofsted judgement letter"
