"""Every control of every window has a name a screen reader can say, every menu command is reachable from the
keyboard, and every dialog says in one line what it is for.

Each window and dialog is opened in turn, as an officer would reach it (the log, its timeline, Coming up and
the dashboard, the editor on each page, its questions, Preferences, the list of keys, About, the briefing
report, the calendar and CSV exports, the user guide, locking and unlocking, first run and the recovery key,
changing the passphrase, the offices dialog on each page, export and import on each page), and every
control in it that takes the keyboard focus is looked at (tests/gui/accessibility.py). Run with -s to see
how many were checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertStatus, DateConfidence, MilestoneKind, OrgType
from sg_desktop.domain.follow_on import follow_ons
from sg_desktop.domain.model import Milestone
from sg_desktop.exchange import Resolution
from sg_desktop.ui.application import Application
from sg_desktop.ui.editor.follow_on_moves import FollowOnMovesDialog
from sg_desktop.ui.exchange.import_dialog import RESOLUTION_BUTTONS, ImportDialog
from sg_desktop.ui.exchange.offices_dialog import OfficesDialog
from sg_desktop.ui.forward.calendar_dialog import open_calendar, open_table_csv
from sg_desktop.ui.forward.report_dialog import open_briefing
from sg_desktop.ui.help.help_window import open_guide_window
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.vault.change_passphrase import ChangePassphraseDialog
from sg_desktop.ui.vault.first_run import FirstRunDialog
from tests.reported import report
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, alert, receive, send

from .accessibility import NameWalk
from .conftest import GUI_PASSPHRASE, find, visible
from .test_export_dialog import export_dialog, save, tick
from .test_import_dialog import open_file

_walked = NameWalk()


@pytest.fixture(scope="module", autouse=True)
def count() -> Iterator[None]:
    """Say how many controls the walks looked at, after the tests."""
    yield
    report(f"accessibility walk: {_walked.checked} controls checked ({len(_walked.distinct)} different ones) in "
          f"{_walked.windows} looks at windows; {len(_walked.faults())} without a name")


@pytest.fixture
def walk() -> Iterator[NameWalk]:
    """This test's walk; the controls it looks at join the module's count."""
    mine = NameWalk()
    yield mine
    _walked.checked += mine.checked
    _walked.windows += mine.windows
    _walked.distinct |= mine.distinct
    _walked.unnamed += mine.unnamed



def dialog_named(name: str) -> QDialog:
    dialog = visible(QDialog, name)
    assert dialog is not None, f"no {name} on screen"
    return dialog


def purpose_of(dialog: QWidget) -> str:
    """The one line saying what `dialog` is for: its accessible description, which a label in it shows."""
    description = dialog.accessibleDescription()
    shown = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    assert description and description in shown, f"{dialog.objectName()} says nothing of what it is for"
    return description


def test_the_walk_lists_a_control_a_screen_reader_could_not_name(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    form.addRow("&Title", QLineEdit(window))  # named by its label
    alone = QLineEdit(window)
    alone.setObjectName("aloneField")
    form.addRow(alone)
    icon_only = QToolButton(window)
    icon_only.setObjectName("iconOnly")
    form.addRow(icon_only)
    window.show()
    walk = NameWalk()
    walk(window, where="a test window")
    assert walk.checked == 3
    assert walk.faults() == ["a test window: QLineEdit#aloneField < QWidget#?",
                             "a test window: QToolButton#iconOnly < QWidget#?"]
    alone.setAccessibleName("Reference")
    icon_only.setText("Refresh")
    again = NameWalk()
    again(window, where="named")
    assert again.faults() == []


# -- the log and everything opened from it -------------------------------------------------------------------


def test_the_log_and_every_window_opened_from_it_name_every_control(
    qtbot: QtBot, log_app: Application, walk: NameWalk
) -> None:
    log = log_app.window
    assert isinstance(log, MainWindow)
    log.table.selectRow(0)
    walk(log, where="log, a row selected")
    log.show_view(True)
    walk(log, where="timeline")
    log.show_view(False)

    log.action_coming_up.trigger()
    panel = dialog_named("comingUpPanel")
    walk(panel, where="coming up")
    purpose_of(panel)
    panel.close()
    find(log, QAction, "actionDashboard").trigger()
    board = dialog_named("dashboardWindow")
    walk(board, where="dashboard")
    purpose_of(board)
    board.close()

    for trigger, name in ((log.action_preferences.trigger, "preferencesDialog"),
                          (find(log, QAction, "actionShortcuts").trigger, "shortcutsDialog"),
                          (log.action_about.trigger, "aboutDialog"),
                          (lambda: open_briefing(log), "briefingReportDialog"),
                          (lambda: open_calendar(log), "calendarDialog"),
                          (lambda: open_table_csv(log), "tableCsvDialog")):
        trigger()
        dialog = dialog_named(name)
        walk(dialog, where=name)
        purpose_of(dialog)
        dialog.close()

    for action, name in (("actionBackups", "backupsDialog"), ("actionAuditTrail", "auditWindow"),
                         ("actionDueForReview", "retentionWindow"), ("actionDigest", "digestWindow")):
        find(log, QAction, action).trigger()
        window = visible(QWidget, name)
        assert window is not None, f"{action} opened no {name}"
        walk(window, where=name)
        window.close()

    log.action_delete.trigger()
    box = visible(QMessageBox, "deleteConfirm")
    assert box is not None
    walk(box, where="delete question")
    find(box, QPushButton, "cancelDeleteButton").click()

    find(log, QAction, "actionUserGuide").trigger()
    guide = open_guide_window()
    assert guide is not None and guide.isVisible()
    walk(guide, where="user guide")
    purpose_of(guide)
    guide.close()

    log_app.lock()
    walk(log, where="log, locked")
    dialog = log_app.unlock_dialog
    assert dialog is not None
    walk(dialog, where="unlock")
    purpose_of(dialog)
    dialog.show_recovery()
    walk(dialog, where="unlock with the recovery key")
    assert walk.faults() == [], "controls without a name:\n" + "\n".join(walk.faults())


def test_the_editor_names_every_control_on_every_page_and_its_questions(
    qtbot: QtBot, log: MainWindow, walk: NameWalk
) -> None:
    log.table.selectRow(0)
    log.edit_alert()
    [editor] = log.open_editors()
    purpose_of(editor)
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        walk(editor, where=f"editor, {editor.tabs.tabText(tab)}")
        for table in editor.tabs.currentWidget().findChildren(QTableWidget):
            if table.rowCount():
                table.selectRow(0)
                walk(editor, where=f"editor, {editor.tabs.tabText(tab)}, first row")
    editor.force_close()
    log.action_new.trigger()
    [new] = log.open_editors()
    walk(new, where="editor, a new alert")
    new.add_milestone_action.trigger()
    walk(new, where="editor, a milestone added")
    new.add_offer_action.trigger()
    walk(new, where="editor, a support offer added")
    new.tabs.setCurrentIndex(0)
    qtbot.keyClicks(new.details.title, "Call 07700 900123 about it")
    qtbot.waitUntil(lambda: new.details.findChild(QWidget, "titleIdentifying").isVisible())
    walk(new, where="editor, identifying text in the title")
    new.force_close()

    moved = Milestone(MilestoneKind.TRIAL_START, date(2027, 2, 15), DateConfidence.PROVISIONAL)
    later = [Milestone(MilestoneKind.VERDICT, date(2027, 2, 20)),
             Milestone(MilestoneKind.SENTENCING, date(2027, 3, 20), DateConfidence.CONFIRMED)]
    question = FollowOnMovesDialog(moved, date(2027, 2, 1), follow_ons([moved, *later], moved, date(2027, 2, 1)))
    qtbot.addWidget(question)
    question.show()
    walk(question, where="move the later milestones too?")
    purpose_of(question)
    assert walk.faults() == [], "controls without a name:\n" + "\n".join(walk.faults())


def test_every_menu_command_has_a_key_or_a_letter(log: MainWindow) -> None:
    bar = log.menuBar()
    menus = [a.menu() for a in bar.actions() if isinstance(a.menu(), QMenu)]
    assert all("&" in a.text() for a in bar.actions() if a.menu() is not None), "a menu without a letter"
    unreachable = []
    for menu in menus:
        assert isinstance(menu, QMenu)
        letters: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text()
            has_key = not action.shortcut().isEmpty()
            letter = text[text.index("&") + 1].lower() if "&" in text else ""
            if not has_key and not letter:
                unreachable.append(f"{menu.title()} ▸ {text}")
            if letter:
                assert letter not in letters, f"{menu.title()}: {text!r} and {letters[letter]!r} share &{letter}"
                letters[letter] = text
    assert unreachable == []
    # What the tool bar offers the mouse, the menus offer the keyboard.
    in_menus = {a for menu in menus if isinstance(menu, QMenu) for a in menu.actions()}
    tools = log.findChild(QToolBar, "mainToolBar")
    assert tools is not None
    assert [a.text() for a in tools.actions() if a.text() and a not in in_menus] == []


# -- first run, the recovery key, changing the passphrase -------------------------------------------------


def test_first_run_the_recovery_key_and_changing_the_passphrase_name_every_control(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService, walk: NameWalk
) -> None:
    application = start_app()
    dialog = application.first_run_dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    walk(dialog, where="first run, a council's office")
    purpose_of(dialog)
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.LGA.value))
    walk(dialog, where="first run, the LGA")
    qtbot.keyClicks(find(dialog, QLineEdit, "officeName"), "Local Government Association")
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), GUI_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), GUI_PASSPHRASE)
    find(dialog, QPushButton, "createVault").click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget().objectName() == "recoveryKeyPage", timeout=10_000)
    walk(dialog, where="the recovery key")
    session = dialog.session
    assert session is not None

    change = ChangePassphraseDialog(gui_service)
    qtbot.addWidget(change)
    change.show()
    walk(change, where="change passphrase")
    purpose_of(change)
    assert walk.faults() == [], "controls without a name:\n" + "\n".join(walk.faults())


# -- offices, export and import ------------------------------------------------------------------------------


def test_every_page_of_the_offices_dialog_names_every_control(
    qtbot: QtBot, offices: Offices, walk: NameWalk
) -> None:
    here = offices.create("lga", LGA)
    other = offices.create("council", COUNCIL)
    here.offices.add(other.offices.card())
    dialog = OfficesDialog(here)
    qtbot.addWidget(dialog)
    dialog.show()
    purpose_of(dialog)
    walk(dialog, where="offices")
    tree = find(dialog, QTreeWidget, "officeList")
    tree.setCurrentItem(tree.topLevelItem(0))
    for button, where in (("verifyButton", "verify"), ("setCouncilButton", "council"),
                          ("replaceKeyButton", "replace key"), ("addFromCardButton", "add from card"),
                          ("addAgeButton", "add without SG Desktop")):
        find(dialog, QPushButton, button).click()
        walk(dialog, where=f"offices, {where}")
        dialog.pages.setCurrentWidget(dialog.list_page)
        tree.setCurrentItem(tree.topLevelItem(0))
    find(dialog, QPushButton, "removeOfficeButton").click()
    box = next(b for b in dialog.findChildren(QMessageBox) if b.isVisible())
    walk(box, where="remove an office")
    box.done(0)
    assert walk.faults() == [], "controls without a name:\n" + "\n".join(walk.faults())


def test_every_page_of_export_and_import_names_every_control(
    qtbot: QtBot, pair: Offices, tmp_path: Path, clock: FixedClock, walk: NameWalk
) -> None:
    council, lga = pair["council"], pair["lga"]
    original, _ = council.alerts.add_many([alert("Review"), alert("Unchanged alert")])
    dialog = export_dialog(qtbot, council)
    purpose_of(dialog)
    walk(dialog, where="export")
    find(dialog, QRadioButton, "toPassphraseChoice").click()
    walk(dialog, where="export by passphrase")
    find(dialog, QRadioButton, "toOfficesChoice").click()
    tick(qtbot, dialog, LGA.name)
    save(qtbot, dialog, tmp_path / "first.sgp")
    walk(dialog, where="export, saved")

    receive(lga, tmp_path / "first.sgp")
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Council's wording", status=AlertStatus.PUBLISHED))
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="LGA's wording"))
    path = send(council, LGA.name, tmp_path / "second.sgp")
    importer = ImportDialog(lga)
    qtbot.addWidget(importer)
    importer.show()
    purpose_of(importer)
    walk(importer, where="import, choose a file")
    open_file(qtbot, importer, path)
    walk(importer, where="import, summary")
    find(importer, QPushButton, "resolveConflictsButton").click()
    walk(importer, where="import, conflicts")
    find(importer, QRadioButton, RESOLUTION_BUTTONS[Resolution.KEEP_MINE]).click()
    with qtbot.waitSignal(importer.imported, timeout=10_000):
        find(importer, QPushButton, "conflictsImportButton").click()
    walk(importer, where="import, done")
    assert walk.faults() == [], "controls without a name:\n" + "\n".join(walk.faults())


