"""F1 opens the user guide at the part about the window it is pressed in: each dialog, each page of a dialog
that has pages, each tab of the editor, and each part of the main window.

F1 is pressed in the control that has the keyboard focus, as an officer presses it; the guide must then show
that part's heading at its top, chosen in its contents list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QPushButton, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertStatus, DateConfidence, MilestoneKind, OrgType
from sg_desktop.domain.follow_on import follow_ons
from sg_desktop.domain.model import Milestone
from sg_desktop.ui.application import Application
from sg_desktop.ui.editor.follow_on_moves import FollowOnMovesDialog
from sg_desktop.ui.exchange.import_dialog import ImportDialog
from sg_desktop.ui.exchange.offices_dialog import OfficesDialog
from sg_desktop.ui.forward.calendar_dialog import open_calendar, open_table_csv
from sg_desktop.ui.forward.report_dialog import open_briefing
from sg_desktop.ui.help.help_window import ANCHOR_ROLE, open_guide_window, show_user_guide
from sg_desktop.ui.help.sections import HELP_ACTION
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.vault.change_passphrase import ChangePassphraseDialog
from sg_desktop.ui.vault.first_run import FirstRunDialog
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, alert, receive, send

from .conftest import GUI_PASSPHRASE, find, visible
from .test_export_dialog import export_dialog
from .test_import_dialog import open_file


def f1_lands_on(qtbot: QtBot, window: QWidget, section: str, at: QWidget | None = None) -> None:
    """Press F1 in `window` (in `at`, or where its focus is) and check the guide shows `section` at its top."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    if at is not None:
        at.setFocus(Qt.FocusReason.OtherFocusReason)
    focus = QApplication.focusWidget()
    target = focus if focus is not None and window.isAncestorOf(focus) else window
    qtbot.keyClick(target, Qt.Key.Key_F1)
    guide = open_guide_window()
    assert guide is not None and guide.isVisible(), f"F1 in {window.objectName()} opened no guide"
    where = f"F1 in {window.objectName()} ({target.objectName()})"
    assert guide.current_section() == section, where
    assert guide.text.heading_on_screen(section), where
    assert guide.contents.currentItem().data(0, ANCHOR_ROLE) == section, where
    guide.close()


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return dialog


# -- the main window and what opens from it ----------------------------------------------------------------


def test_f1_in_the_log_opens_the_part_about_what_has_the_focus(
    qtbot: QtBot, log_app: Application
) -> None:
    log = log_app.window
    assert isinstance(log, MainWindow)
    f1_lands_on(qtbot, log, "alert-log", at=log.table)
    f1_lands_on(qtbot, log, "finding-alerts", at=log.filters.search)
    log.action_show_timeline.trigger()
    f1_lands_on(qtbot, log, "timeline")
    log.action_show_log.trigger()
    log_app.lock()
    dialog = log_app.unlock_dialog
    assert dialog is not None
    f1_lands_on(qtbot, dialog, "unlock")
    dialog.show_recovery()
    f1_lands_on(qtbot, dialog, "forgotten-passphrase")
    dialog.reject()
    f1_lands_on(qtbot, log, "locking", at=log.unlock_button)


def test_f1_in_each_dialog_opened_from_the_log_opens_its_part(qtbot: QtBot, log: MainWindow) -> None:
    log.action_coming_up.trigger()
    f1_lands_on(qtbot, _visible_dialog("comingUpPanel"), "coming-up")
    _visible_dialog("comingUpPanel").close()
    find(log, QAction, "actionDashboard").trigger()
    f1_lands_on(qtbot, _visible_dialog("dashboardWindow"), "dashboard")
    _visible_dialog("dashboardWindow").close()
    for trigger, name, section in (
        (log.action_preferences.trigger, "preferencesDialog", "preferences"),
        (find(log, QAction, "actionShortcuts").trigger, "shortcutsDialog", "keyboard"),
        (log.action_about.trigger, "aboutDialog", "getting-help"),
        (lambda: open_briefing(log), "briefingReportDialog", "briefing-report"),
        (lambda: open_calendar(log), "calendarDialog", "calendar"),
        (lambda: open_table_csv(log), "tableCsvDialog", "spreadsheet"),
        (find(log, QAction, "actionAuditTrail").trigger, "auditWindow", "audit-trail"),
        (find(log, QAction, "actionBackups").trigger, "backupsDialog", "backups"),
    ):
        trigger()
        dialog = _visible_dialog(name)
        assert dialog.findChild(QAction, HELP_ACTION) is not None
        f1_lands_on(qtbot, dialog, section)
        dialog.close()


def test_f1_on_each_page_of_the_editor_and_in_its_question_opens_its_part(qtbot: QtBot, log: MainWindow) -> None:
    log.table.selectRow(0)
    log.edit_alert()
    [editor] = log.open_editors()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.details.title)
    f1_lands_on(qtbot, editor, "adding-an-alert")
    for tab, section in ((1, "milestones"), (2, "support-offers"), (3, "alert-history")):
        editor.tabs.setCurrentIndex(tab)
        f1_lands_on(qtbot, editor, section, at=editor.tabs.tabBar())
    editor.add_milestone_action.trigger()
    f1_lands_on(qtbot, editor, "milestones")
    editor.force_close()

    moved = Milestone(MilestoneKind.TRIAL_START, date(2027, 2, 15), DateConfidence.PROVISIONAL)
    later = [Milestone(MilestoneKind.VERDICT, date(2027, 2, 20))]
    question = FollowOnMovesDialog(moved, date(2027, 2, 1), follow_ons([moved, *later], moved, date(2027, 2, 1)))
    f1_lands_on(qtbot, shown(qtbot, question), "moving-dates")


def _visible_dialog(name: str) -> QDialog:
    dialog = visible(QDialog, name)
    assert dialog is not None, f"no {name} on screen"
    return dialog


# -- the vault's own dialogs -------------------------------------------------------------------------------


def test_f1_in_first_run_on_the_recovery_key_and_in_change_passphrase_opens_their_parts(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService
) -> None:
    application = start_app()
    dialog = application.first_run_dialog
    assert isinstance(dialog, FirstRunDialog)
    f1_lands_on(qtbot, dialog, "first-run")
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.LGA.value))
    qtbot.keyClicks(find(dialog, QLineEdit, "officeName"), "Local Government Association")
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), GUI_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), GUI_PASSPHRASE)
    find(dialog, QPushButton, "createVault").click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget().objectName() == "recoveryKeyPage", timeout=10_000)
    f1_lands_on(qtbot, dialog, "recovery-key")
    f1_lands_on(qtbot, shown(qtbot, ChangePassphraseDialog(gui_service)), "change-passphrase")


# -- offices, export and import ------------------------------------------------------------------------------


def test_f1_on_each_page_of_the_offices_dialog_opens_its_part(qtbot: QtBot, offices: Offices) -> None:
    here = offices.create("lga", LGA)
    here.offices.add(offices.create("council", COUNCIL).offices.card())
    dialog = shown(qtbot, OfficesDialog(here))
    tree = find(dialog, QTreeWidget, "officeList")
    tree.setCurrentItem(tree.topLevelItem(0))
    f1_lands_on(qtbot, dialog, "offices", at=tree)
    f1_lands_on(qtbot, dialog, "your-card", at=find(dialog, QPushButton, "copyCardButton"))
    for button, section in (("verifyButton", "checking-a-fingerprint"), ("setCouncilButton", "council-of-an-office"),
                            ("replaceKeyButton", "replacing-a-key"), ("addFromCardButton", "adding-an-office"),
                            ("addAgeButton", "office-without-sg-desktop")):
        find(dialog, QPushButton, button).click()
        f1_lands_on(qtbot, dialog, section)
        dialog.pages.setCurrentWidget(dialog.list_page)
        tree.setCurrentItem(tree.topLevelItem(0))


def test_f1_on_each_page_of_export_and_import_opens_its_part(
    qtbot: QtBot, pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    original, _ = council.alerts.add_many([alert("Review"), alert("Unchanged alert")])
    exporter = export_dialog(qtbot, council)
    f1_lands_on(qtbot, exporter, "sending")

    first = send(council, LGA.name, tmp_path / "first.sgp")
    receive(lga, first)
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Council's wording", status=AlertStatus.PUBLISHED))
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="LGA's wording"))
    second = send(council, LGA.name, tmp_path / "second.sgp")

    importer = shown(qtbot, ImportDialog(lga))
    assert isinstance(importer, ImportDialog)
    f1_lands_on(qtbot, importer, "receiving")
    open_file(qtbot, importer, second)
    f1_lands_on(qtbot, importer, "receiving")
    find(importer, QPushButton, "resolveConflictsButton").click()
    f1_lands_on(qtbot, importer, "conflicts")

    again = shown(qtbot, ImportDialog(lga))
    assert isinstance(again, ImportDialog)
    open_file(qtbot, again, first)  # already imported: refused
    f1_lands_on(qtbot, again, "refused-file")


def test_f1_in_the_guide_itself_opens_the_part_about_using_it(qtbot: QtBot) -> None:
    guide = show_user_guide("backups")
    qtbot.waitUntil(guide.isActiveWindow)
    guide.search.setFocus()
    qtbot.keyClick(guide.search, Qt.Key.Key_F1)
    assert open_guide_window() is guide and guide.current_section() == "using-the-guide"
