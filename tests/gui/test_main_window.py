"""The alert log: the whole path a new user takes, search, filters, sorting, deleting, preferences."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop import __version__
from sg_desktop.app.importing import Receipt
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferingOrganisation,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.ui.application import Application
from sg_desktop.ui.log.details_pane import DetailsPane
from sg_desktop.ui.log.filters import FilterBar
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.log.table_model import Column
from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.shared.date_field import DateField
from sg_desktop.ui.vault.first_run import FirstRunDialog
from sg_desktop.ui.vault.unlock import WRONG_PASSPHRASE
from tests.gui.dates import type_date
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, introduce, receive, send

from .conftest import GUI_PASSPHRASE, KENT, YORK, find, unlock_with, visible
from .tab_order import app_theme, controls_hiding_focus, tab_order


def cell(window: MainWindow, row: int, column: Column) -> str:
    return str(window.model.index(row, column).data())


def column_text(window: MainWindow, column: Column) -> list[str]:
    return [cell(window, row, column) for row in range(window.model.rowCount())]


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} not offered"
    combo.setCurrentIndex(index)


# -- the path a new user takes -------------------------------------------------------------------------


def test_first_run_to_an_alert_with_milestones_and_an_offer_that_survives_a_lock(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    application = start_app()
    setup = application.first_run_dialog
    assert isinstance(setup, FirstRunDialog)
    choose(find(setup, QComboBox, "orgType"), OrgType.LGA.value)
    qtbot.keyClicks(find(setup, QLineEdit, "officeName"), "Local Government Association")
    qtbot.keyClicks(find(setup, QLineEdit, "newPassphraseField"), GUI_PASSPHRASE)
    qtbot.keyClicks(find(setup, QLineEdit, "confirmPassphraseField"), GUI_PASSPHRASE)
    find(setup, QPushButton, "createVault").click()
    qtbot.waitUntil(find(setup, QCheckBox, "storedRecoveryKey").isVisible, timeout=10_000)
    find(setup, QCheckBox, "storedRecoveryKey").setChecked(True)
    with qtbot.waitSignal(application.unlocked):
        find(setup, QPushButton, "continueButton").click()
    window = application.window
    assert window.model.rowCount() == 0
    assert find(window, QLabel, "countLabel").text() == "0 alerts"

    # New alert (Ctrl+N) in the editor: a trial in Leeds, two milestones, an offer from ADCS.
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [editor] = window.open_editors()
    picker = find(editor, CouncilPicker, "councilPicker")
    qtbot.keyClicks(picker.lineEdit(), "leed")
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)
    choose(find(editor, QComboBox, "kindCombo"), AlertKind.TRIAL.value)
    qtbot.keyClicks(find(editor, QLineEdit, "titleEdit"), "Trial of a former foster carer")
    editor.tabs.setCurrentIndex(1)
    add = find(editor, QPushButton, "addMilestoneButton")
    add.click()
    type_date(qtbot, find(editor, DateField, "milestoneDate"), "1/2/2027")
    choose(find(editor, QComboBox, "milestoneConfidence"), DateConfidence.CONFIRMED.value)
    add.click()
    choose(find(editor, QComboBox, "milestoneKind"), MilestoneKind.SENTENCING.value)
    type_date(qtbot, find(editor, DateField, "milestoneDate"), "15/3/2027")
    editor.tabs.setCurrentIndex(2)
    find(editor, QPushButton, "addOfferButton").click()
    choose(find(editor, QComboBox, "offerOrganisation"), OfferingOrganisation.ADCS.value)
    with qtbot.waitSignal(editor.saved):
        find(editor, QPushButton, "saveButton").click()

    # It is in the log, selected, with its details beside it.
    assert window.model.rowCount() == 1
    assert window.table.currentIndex().row() == 0
    assert cell(window, 0, Column.TITLE) == "Trial of a former foster carer"
    assert cell(window, 0, Column.COUNCIL) == "Leeds"
    assert cell(window, 0, Column.NEXT) == "Trial start"
    assert cell(window, 0, Column.DATE) == "1 Feb 2027"
    assert cell(window, 0, Column.OFFERS) == "1"
    details = window.details.plain_text()
    assert "1 Feb 2027" in details and "15 Mar 2027" in details and "ADCS" in details

    # Lock; a wrong passphrase is refused with a message; the right one brings it all back.
    window.action_lock.trigger()
    assert window.model.rowCount() == 0 and window.details.plain_text() == ""
    unlock_with(qtbot, application, "correct horse battery stable")
    error = find(application.unlock_dialog, QLabel, "unlockError")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == WRONG_PASSPHRASE
    assert application.session is None and window.model.rowCount() == 0
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    assert window.model.rowCount() == 1
    assert cell(window, 0, Column.TITLE) == "Trial of a former foster carer"
    stored = application.session.alerts.get(cell(window, 0, Column.REFERENCE))
    assert [(m.kind, m.date) for m in stored.milestones] == [
        (MilestoneKind.TRIAL_START, date(2027, 2, 1)), (MilestoneKind.SENTENCING, date(2027, 3, 15))]
    details = window.details.plain_text()
    assert "Trial start" in details and "Sentencing" in details


# -- a prepared log ------------------------------------------------------------------------------------


def test_the_log_lists_soonest_first_with_urgency_in_words(log: MainWindow) -> None:
    assert column_text(log, Column.TITLE) == [
        "Practice review after neglect", "Trial listed at the Crown Court", "Inquest touching a teenager",
        "Ofsted judgement letter"]
    assert column_text(log, Column.DAYS) == ["In 6 days", "In 20 days", "In 129 days", "—"]
    assert column_text(log, Column.URGENCY) == ["Critical", "Medium", "Low", "No date ahead"]
    for row in range(4):
        assert log.model.index(row, Column.URGENCY).data(Qt.ItemDataRole.DecorationRole) is not None
    assert find(log, QLabel, "countLabel").text() == "4 alerts"
    assert "2 with a milestone in the next 30 days" in find(log, QLabel, "comingUpLabel").text()


def search_pause(filters: FilterBar) -> QTimer:
    """The filter bar's timer that measures the pause in typing."""
    timer = filters.findChild(QTimer, "searchPauseTimer")
    assert timer is not None
    return timer


def test_typing_in_the_search_box_narrows_the_log_at_once(qtbot: QtBot, log: MainWindow) -> None:
    pause = search_pause(log.filters)
    qtbot.keyClick(log.filters.search, "t")
    assert log.model.rowCount() == 4  # one letter matches nearly everything: not a search yet
    assert pause.isActive()
    qtbot.waitUntil(lambda: not pause.isActive(), timeout=5000)  # typing has paused
    qtbot.keyClick(log.filters.search, "r")  # a keystroke after a pause is searched at once
    assert column_text(log, Column.TITLE) == ["Trial listed at the Crown Court"]
    assert find(log, QLabel, "countLabel").text() == "1 of 4 alerts"
    log.filters.set_search_pause(1000)  # "quick succession" must not depend on how loaded the machine is
    qtbot.keyClicks(log.filters.search, "ia")
    qtbot.keyClicks(log.filters.search, "x")  # keystrokes in quick succession are searched once, after them
    assert log.model.rowCount() == 1
    qtbot.waitUntil(lambda: log.model.rowCount() == 0, timeout=5000)
    log.action_clear_filters.trigger()
    assert log.model.rowCount() == 4 and log.filters.search.text() == ""


def test_filters_narrow_by_region_council_kind_status_and_days(log: MainWindow) -> None:
    f = log.filters
    choose(f.region, "Yorkshire and The Humber")
    assert sorted(column_text(log, Column.COUNCIL)) == ["Leeds", "Leeds", "York"]
    assert f.council.findData(KENT) < 0  # the council list follows the region
    choose(f.council, YORK)
    assert column_text(log, Column.COUNCIL) == ["York"]
    log.action_clear_filters.trigger()
    choose(f.kind, AlertKind.INQUEST.value)
    assert column_text(log, Column.TITLE) == ["Inquest touching a teenager"]
    f.kind.setCurrentIndex(0)
    choose(f.status, AlertStatus.DRAFT.value)
    assert log.model.rowCount() == 1
    f.status.setCurrentIndex(0)
    choose(f.media, MediaInterest.NATIONAL.value)
    assert column_text(log, Column.TITLE) == ["Practice review after neglect"]
    f.media.setCurrentIndex(0)
    f.within.setValue(10)
    assert column_text(log, Column.TITLE) == ["Practice review after neglect"]
    f.within.setValue(30)
    assert f.within.value() == 30 and log.model.rowCount() == 2
    assert find(log, QLabel, "countLabel").text() == "2 of 4 alerts"


def test_clicking_a_column_header_sorts_in_the_vault(qtbot: QtBot, log: MainWindow) -> None:
    header = log.table.horizontalHeader()

    def click(column: Column) -> None:
        x = header.sectionViewportPosition(column) + 10
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click(Column.TITLE)
    assert column_text(log, Column.TITLE) == sorted(column_text(log, Column.TITLE))
    click(Column.TITLE)
    assert column_text(log, Column.TITLE) == sorted(column_text(log, Column.TITLE), reverse=True)
    assert log.model.query.descending
    click(Column.COUNCIL)
    assert header.sortIndicatorSection() == Column.COUNCIL


def test_moving_a_milestone_updates_the_next_milestone_and_shows_the_move(
    qtbot: QtBot, log: MainWindow
) -> None:
    service = log.service
    assert service is not None
    log.table.selectRow(0)
    alert = service.get(cell(log, 0, Column.REFERENCE))
    review, publication = alert.milestones
    moved = replace(alert, milestones=(replace(review, date=date(2027, 1, 5)), publication))
    service.save(moved)
    qtbot.keyClick(log.table, Qt.Key.Key_F5)

    assert column_text(log, Column.TITLE)[0] == "Trial listed at the Crown Court"
    row = log.model.row_of(alert.id)
    assert row is not None
    assert (cell(log, row, Column.NEXT), cell(log, row, Column.DATE)) == ("Review completed", "5 Jan 2027")
    assert log.selected_alert_id() == alert.id  # the selection follows the alert, not the row
    assert "Review completed moved from 30 November 2026 to 5 January 2027" in log.details.plain_text()


def test_editing_from_the_log_updates_the_row_and_keeps_it_selected(qtbot: QtBot, log: MainWindow) -> None:
    log.table.setFocus()
    log.table.selectRow(1)
    qtbot.keyClick(log.table, Qt.Key.Key_Return)
    [editor] = log.open_editors()
    title = find(editor, QLineEdit, "titleEdit")
    title.selectAll()
    qtbot.keyClicks(title, "Trial adjourned to the new year")
    with qtbot.waitSignal(editor.saved):
        find(editor, QPushButton, "saveButton").click()
    assert cell(log, log.table.currentIndex().row(), Column.TITLE) == "Trial adjourned to the new year"
    assert "Trial adjourned to the new year" in log.details.plain_text()


def test_delete_asks_first_and_cancel_keeps_the_alert(qtbot: QtBot, log: MainWindow) -> None:
    log.table.setFocus()
    log.table.selectRow(1)
    reference = cell(log, 1, Column.REFERENCE)
    qtbot.keyClick(log.table, Qt.Key.Key_Delete)
    box = visible(QMessageBox, "deleteConfirm")
    assert box is not None and reference in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the safe answer
    assert log.model.rowCount() == 4

    log.action_delete.trigger()
    box = visible(QMessageBox, "deleteConfirm")
    assert box is not None
    find(box, QPushButton, "confirmDeleteButton").click()
    assert log.model.rowCount() == 3
    assert reference not in column_text(log, Column.REFERENCE)
    assert find(log, QLabel, "countLabel").text() == "3 alerts"


def test_the_delete_key_in_the_search_box_edits_the_text(qtbot: QtBot, log: MainWindow) -> None:
    log.table.selectRow(0)
    log.filters.search.setText("abc")
    log.filters.search.setFocus()
    log.filters.search.setCursorPosition(0)
    qtbot.keyClick(log.filters.search, Qt.Key.Key_Delete)
    assert log.filters.search.text() == "bc"
    assert visible(QMessageBox, "deleteConfirm") is None


def test_escape_in_the_search_box_clears_it_and_the_log_shows_every_alert(qtbot: QtBot, log: MainWindow) -> None:
    everything = log.model.rowCount()
    log.filters.search.setFocus()
    qtbot.keyClicks(log.filters.search, "Crown Court")
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    qtbot.keyClick(log.filters.search, Qt.Key.Key_Escape)
    assert log.filters.search.text() == ""
    qtbot.waitUntil(lambda: log.model.rowCount() == everything)


def test_preferences_set_the_idle_time_and_the_horizon(qtbot: QtBot, log_app: Application,
                                                       settings: QSettings) -> None:
    log = log_app.window
    log.action_preferences.trigger()
    dialog = visible(QWidget, "preferencesDialog")
    assert dialog is not None
    idle = find(dialog, QSpinBox, "idleMinutes")
    idle.setValue(1)
    assert idle.text() == "1 minute"  # not "1 minutes"
    idle.selectAll()
    qtbot.keyClicks(idle, "5")
    assert idle.text() == "5 minutes"
    find(dialog, QSpinBox, "horizonDays").setValue(7)
    dialog.accept()
    prefs = Preferences(settings)
    assert (prefs.idle_seconds, prefs.horizon_days) == (300.0, 7)
    assert log_app.idle.timeout_seconds == 300.0
    assert "1 with a milestone in the next 7 days" in find(log, QLabel, "comingUpLabel").text()
    log.action_coming_up.trigger()  # the panel looks as far ahead as Preferences now say
    panel = visible(QWidget, "comingUpPanel")
    assert panel is not None and find(panel, QLabel, "comingUpHeading").text() == "Coming up in the next 7 days"


def test_window_geometry_is_remembered_and_nothing_secret_is_in_the_settings(
    qtbot: QtBot, log: MainWindow, settings: QSettings
) -> None:
    log.resize(log.width(), 543)
    log.filters.search.setText("teenager")
    log.save_geometry()
    again = MainWindow(Preferences(settings), vault_location="x")
    qtbot.addWidget(again)
    # (The width is fitted to the offscreen test screen, 800 pixels wide; the height is not constrained.)
    assert again.height() == 543 and again.splitter.sizes()[1] > 0
    settings.sync()
    with open(settings.fileName(), encoding="utf-8") as ini:
        text = ini.read()
    for secret in ("teenager", GUI_PASSPHRASE, "Practice review", "Leeds"):
        assert secret not in text


def test_every_main_action_has_a_shortcut_and_every_control_a_name(log: MainWindow) -> None:
    for action in (log.action_new, log.action_edit, log.action_delete, log.action_lock, log.action_preferences,
                   log.action_quit, log.action_find, log.action_coming_up, log.action_refresh):
        assert not action.shortcut().isEmpty(), action.objectName()
    assert log.action_lock.shortcut().toString() == "Ctrl+L"
    assert log.action_new.shortcut().toString() == "Ctrl+N"
    for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QTableView):
        for widget in log.findChildren(kind):
            if widget.isVisibleTo(log) and widget.parent() is not None and not isinstance(
                    widget.parent(), (QComboBox, QAbstractSpinBox)):
                assert widget.accessibleName(), f"{kind.__name__} {widget.objectName()!r} has no accessible name"


def test_tab_goes_from_the_search_along_the_filters_to_the_log_and_the_details(qtbot: QtBot, log: MainWindow) -> None:
    log.action_find.trigger()
    assert log.details.plain_text()  # an alert is shown beside the log
    assert tab_order(qtbot, log) == [
        "searchBox", "regionFilter", "councilFilter", "kindFilter", "statusFilter", "mediaFilter", "withinFilter",
        "clearFilters", "alertTable", "detailsView",
    ]
    with app_theme():
        assert controls_hiding_focus(qtbot, log) == []


def test_every_tool_bar_button_says_its_keys_in_its_tip(log: MainWindow) -> None:
    buttons = [b for b in find(log, QToolBar, "mainToolBar").findChildren(QToolButton) if b.defaultAction()]
    tips = {b.defaultAction().objectName(): b.toolTip() for b in buttons}
    assert set(tips) == {"actionNewAlert", "actionEditAlert", "actionDeleteAlert", "actionComingUp", "actionExport",
                         "actionImport", "actionLock"}
    assert tips["actionNewAlert"] == "Log a new alert (Ctrl+N)"
    assert tips["actionDeleteAlert"] == "Delete the selected alert (Del)"
    for button in buttons:
        keys = button.defaultAction().shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys and button.toolTip().endswith(f"({keys})"), button.toolTip()


def test_about_shows_the_version(qtbot: QtBot, log: MainWindow) -> None:
    log.action_about.trigger()
    about = visible(QWidget, "aboutDialog")
    assert about is not None
    assert find(about, QLabel, "aboutVersion").text() == f"Version {__version__}"


# -- why a date moved, and where an alert came from -------------------------------------------------


def test_a_reason_given_in_the_editor_is_saved_and_shown_beside_the_move(qtbot: QtBot, log: MainWindow) -> None:
    row = column_text(log, Column.TITLE).index("Trial listed at the Crown Court")
    reference = cell(log, row, Column.REFERENCE)
    log.table.setFocus()
    log.table.selectRow(row)
    qtbot.keyClick(log.table, Qt.Key.Key_Return)
    [editor] = log.open_editors()
    editor.tabs.setCurrentIndex(1)
    reason = find(editor, QLineEdit, "milestoneReason")
    assert not reason.isEnabled()
    type_date(qtbot, find(editor, DateField, "milestoneDate"), "4/1/2027")
    assert reason.isEnabled()
    qtbot.keyClicks(reason, "Adjourned: a witness is unavailable")
    with qtbot.waitSignal(editor.saved):
        find(editor, QPushButton, "saveButton").click()

    assert log.service is not None
    [change] = log.service.get(reference).milestones[0].history
    assert (change.new_date, change.reason) == (date(2027, 1, 4), "Adjourned: a witness is unavailable")
    # (The editor stamps a move with the computer's clock, not the test's: the day recorded is not checked.)
    assert re.search(r"Trial start moved from 14 December 2026 to 4 January 2027 \(recorded [^)]+\): "
                     r"Adjourned: a witness is unavailable\n", log.details.plain_text())
    assert "Received from" not in log.details.plain_text()  # made here


def test_an_alert_from_another_office_says_who_sent_it_and_when_it_arrived(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService, offices: Offices,
    tmp_path: Path,
) -> None:
    here, _ = gui_service.create(GUI_PASSPHRASE, LGA)
    council = offices.create("council", COUNCIL)
    introduce(council, here)
    council.alerts.add(Alert(YORK, AlertKind.TRIAL, "Trial listed at the Crown Court", sharing=frozenset({OrgType.LGA}),
                             milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 12, 14)),)))
    receive(here, send(council, LGA.name, tmp_path / "to-lga.sgp"))
    arrived = offices.clock.now().astimezone()
    here.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    log = application.window
    log.table.selectRow(0)
    when = f"{arrived.day} {arrived:%B %Y} at {arrived:%H:%M}"
    assert f"Received from Wokingham Borough Council on {when}." in log.details.plain_text()

    assert log.service is not None
    alert = log.service.get(cell(log, 0, Column.REFERENCE))
    offices.clock.moment += timedelta(hours=3)
    log.service.save(replace(alert, title="Trial listed at the Crown Court (LGA notes)"))
    qtbot.keyClick(log.table, Qt.Key.Key_F5)
    later = offices.clock.now().astimezone()
    assert (f"Last changed here on {later.day} {later:%B %Y} at {later:%H:%M}; "
            f"received earlier from Wokingham Borough Council on {when}.") in log.details.plain_text()


def test_the_details_show_an_office_name_and_a_reason_as_plain_text(qtbot: QtBot) -> None:
    pane = DetailsPane()
    qtbot.addWidget(pane)
    moved = Milestone(MilestoneKind.VERDICT, date(2027, 1, 5)).moved(
        date(2027, 1, 19), DateConfidence.PROVISIONAL, datetime(2026, 11, 20, 9, tzinfo=UTC), "<b>Jury</b> discharged"
    )
    alert = Alert(YORK, AlertKind.TRIAL, "Trial", milestones=(moved,), updated_at=datetime(2026, 11, 20, tzinfo=UTC))
    received = datetime(2026, 11, 21, 10, 14, tzinfo=UTC)
    pane.show_alert(alert, "York", date(2026, 11, 24), Receipt("<i>Office</i>", b"\x01" * 32, received, True))
    local = received.astimezone()
    text = pane.plain_text()
    assert f"Received from <i>Office</i> on {local.day} {local:%B %Y} at {local:%H:%M}." in text
    assert "Verdict moved from 5 January 2027 to 19 January 2027 (recorded 20 Nov 2026): <b>Jury</b> discharged" in text
