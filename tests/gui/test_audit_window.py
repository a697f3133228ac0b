"""View ▸ Audit trail and the editor's History tab, driven as an officer would.

The vault has alerts added and edited on different days; the application is unlocked (which the trail
records). The window is opened from the View menu; a reference typed into the alert filter, a kind chosen,
days ticked and typed each narrow the table; Verify chain says the trail is intact, and after an entry is
changed through a raw connection (as someone with the file and the key could) names that entry. Locking
closes the window. The History tab shows the edit just saved, and no text of the alert.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMenu, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.audit_view import AuditQuery
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind, OrgType
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.audit.audit_model import AuditTableModel
from sg_desktop.ui.audit.audit_window import AuditWindow
from sg_desktop.ui.editor.editor_tabs import HISTORY_TAB
from sg_desktop.ui.editor.history_page import HistoryPage
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.shared.formatting import moment_text
from sg_desktop.ui.vault.change_passphrase import ChangePassphraseDialog

from .conftest import GUI_PASSPHRASE, LEEDS, YORK, find, unlock_with, visible

MARK = "Qzmarker"
NEW_PASSPHRASE = "a brand new passphrase for the vault"
REFERENCES = ("LGA-2026-0001", "LGA-2026-0002", "LGA-2026-0003")


@pytest.fixture
def audited_app(qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService,
                clock: FixedClock) -> Application:
    """Three alerts, added on 21, 22 and 23 November and each edited the day it was added; then unlocked
    on the 24th (the clock stands at 24 November 2026, 10:00)."""
    today = clock.moment
    clock.moment = today - timedelta(days=3)
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    for days_ago, council in ((3, LEEDS), (2, YORK), (1, LEEDS)):
        clock.moment = today - timedelta(days=days_ago)
        stored = session.alerts.add(Alert(council, AlertKind.TRIAL, f"Trial {MARK}", summary=f"About {MARK}",
                                          milestones=(Milestone(MilestoneKind.TRIAL_START,
                                                                clock.today() + timedelta(days=40),
                                                                note=f"Note {MARK}"),)),
                                    confirm_identifying=True)
        session.alerts.save(replace(stored, title=f"Trial retitled {MARK}"), confirm_identifying=True)
    session.lock()
    clock.moment = today
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    return application


def open_from_menu(qtbot: QtBot, log: MainWindow) -> AuditWindow:
    view_menu = find(log.menuBar(), QMenu, "menuView")
    action = next(a for a in view_menu.actions() if a.objectName() == "actionAuditTrail")
    assert action.isEnabled() and action.text() == "&Audit trail…"
    action.trigger()
    window = visible(AuditWindow, "auditWindow")
    assert window is not None
    qtbot.waitExposed(window)
    return window


def column(window: AuditWindow, name: str) -> list[str]:
    table = find(window, QTableView, "auditTable")
    model = table.model()
    heading = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == name)
    return [model.index(row, heading).data() for row in range(model.rowCount())]


def count_text(window: AuditWindow) -> str:
    return find(window, QLabel, "auditCount").text()


def test_the_trail_opens_from_the_view_menu_newest_first_with_no_alert_text(
    qtbot: QtBot, audited_app: Application
) -> None:
    log = audited_app.window
    assert log is not None
    window = open_from_menu(qtbot, log)
    assert column(window, "Event") == ["Vault unlocked", *["Alert edited", "Alert added"] * 3, "Vault created"]
    assert column(window, "Alert") == ["", *[r for r in reversed(REFERENCES) for _ in (0, 1)], ""]
    assert column(window, "Details")[:2] == ["With the passphrase", "Changed title"]
    assert count_text(window) == "8 entries in the audit trail, newest first."
    shown = " ".join(label.text() for label in window.findChildren(QLabel))
    shown += " ".join(" ".join(column(window, c)) for c in ("When", "Event", "Alert", "Office", "Details"))
    assert MARK not in shown
    # Asking again raises the same window.
    action = log.findChild(QAction, "actionAuditTrail")
    assert action is not None
    action.trigger()
    assert len([w for w in log.findChildren(AuditWindow) if w.isVisible()]) == 1


def test_typing_a_reference_shows_only_that_alerts_entries(qtbot: QtBot, audited_app: Application) -> None:
    assert audited_app.window is not None
    window = open_from_menu(qtbot, audited_app.window)
    field = find(window, QLineEdit, "auditAlert")
    qtbot.keyClicks(field, REFERENCES[1].lower())
    qtbot.waitUntil(lambda: column(window, "Alert") == [REFERENCES[1]] * 2, timeout=3_000)
    assert column(window, "Event") == ["Alert edited", "Alert added"]
    assert count_text(window) == "2 entries match these filters, newest first."

    field.clear()
    qtbot.keyClicks(field, "LGA-2099")
    qtbot.waitUntil(lambda: column(window, "Alert") == [], timeout=3_000)
    assert count_text(window) == "No entry matches these filters."
    find(window, QPushButton, "auditClearFilters").click()
    assert len(column(window, "Event")) == 8 and field.text() == ""


def test_choosing_a_kind_and_days_narrows_the_trail(qtbot: QtBot, audited_app: Application) -> None:
    assert audited_app.window is not None
    window = open_from_menu(qtbot, audited_app.window)
    kind = find(window, QComboBox, "auditKind")
    kind.setCurrentIndex(kind.findText("Alerts edited"))
    assert column(window, "Event") == ["Alert edited"] * 3

    kind.setCurrentIndex(0)
    find(window, QCheckBox, "auditSinceOn").click()
    since = find(window, QLineEdit, "auditSinceText")
    assert since.isEnabled()
    since.selectAll()
    qtbot.keyClicks(since, "22/11/2026")
    assert column(window, "Alert") == ["", REFERENCES[2], REFERENCES[2], REFERENCES[1], REFERENCES[1]]
    find(window, QCheckBox, "auditUntilOn").click()
    until = find(window, QLineEdit, "auditUntilText")
    until.selectAll()
    qtbot.keyClicks(until, "22/11/2026")
    assert column(window, "Alert") == [REFERENCES[1], REFERENCES[1]]

    until.selectAll()
    qtbot.keyClicks(until, "21/11/2026")  # before the From day
    assert column(window, "Alert") == []
    assert count_text(window) == "The To day is before the From day: no entry can match."


def test_verify_chain_says_intact_then_names_the_entry_changed_outside(
    qtbot: QtBot, audited_app: Application
) -> None:
    assert audited_app.window is not None and audited_app.session is not None
    window = open_from_menu(qtbot, audited_app.window)
    verdict = find(window, QLabel, "auditVerifyResult")
    find(window, QPushButton, "auditVerifyButton").click()
    qtbot.waitUntil(lambda: "intact" in verdict.text(), timeout=5_000)
    assert verdict.text() == "✓ The audit trail is intact: 8 entries, each linked to the one before."

    tamper(audited_app, "UPDATE audit SET detail = '{\"reference\":\"LGA-2026-0009\"}' WHERE seq = 4")
    find(window, QPushButton, "auditRefresh").click()
    find(window, QPushButton, "auditVerifyButton").click()
    qtbot.waitUntil(lambda: "broken" in verdict.text(), timeout=5_000)
    assert verdict.text().startswith("⚠ The audit trail is broken at entry 4 (Alert added, recorded 22 Nov 2026")
    assert "entries 1 to 3 are intact" in verdict.text()
    table = find(window, QTableView, "auditTable")
    assert table.model().index(table.currentIndex().row(), 0).data() == "4"  # the broken entry is selected


def tamper(application: Application, sql: str) -> None:
    """Change the audit table through the open vault's raw connection, past its append-only triggers."""
    assert application.session is not None
    conn = application.session.vault.conn
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute(sql)


def test_locking_closes_the_window_and_unlocking_again_is_in_the_trail(
    qtbot: QtBot, audited_app: Application
) -> None:
    log = audited_app.window
    assert log is not None
    window = open_from_menu(qtbot, log)
    model = window.findChild(AuditTableModel)
    assert model is not None and model.rowCount() == 8
    audited_app.lock()
    assert visible(AuditWindow, "auditWindow") is None and model.rowCount() == 0
    assert not log.findChild(QAction, "actionAuditTrail").isEnabled()
    with qtbot.waitSignal(audited_app.unlocked, timeout=10_000):
        unlock_with(qtbot, audited_app, GUI_PASSPHRASE)
    window = open_from_menu(qtbot, log)
    kind = find(window, QComboBox, "auditKind")
    kind.setCurrentIndex(kind.findText("Vault unlocked and locked"))
    assert column(window, "Event") == ["Vault unlocked", "Vault locked", "Vault unlocked"]
    assert column(window, "Details") == ["With the passphrase", "Locked by the officer", "With the passphrase"]


def test_the_table_model_pages_and_keeps_qts_rules(qtbot: QtBot, audited_app: Application,
                                                    qtmodeltester: object) -> None:
    assert audited_app.session is not None
    view = audited_app.session.audit
    model = AuditTableModel(page=3)
    model.set_source(lambda before, limit: view.lines(AuditQuery(), before, limit))
    assert model.rowCount() == 3 and model.canFetchMore(model.index(-1, -1).parent())
    while model.canFetchMore(model.index(-1, -1).parent()):
        model.fetchMore(model.index(-1, -1).parent())
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [str(n) for n in range(8, 0, -1)]
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_history_tab_shows_the_edit_just_saved_and_no_text(qtbot: QtBot, audited_app: Application,
                                                               clock: FixedClock) -> None:
    log = audited_app.window
    assert log is not None
    log.select_alert(next(a.id for a in log.service.all() if a.reference == REFERENCES[0]))  # type: ignore[union-attr]
    log.edit_alert()
    [editor] = log.open_editors()
    title = find(editor, QLineEdit, "titleEdit")
    title.selectAll()
    qtbot.keyClicks(title, "Trial listed for March")
    find(editor, QPushButton, "saveButton").click()
    qtbot.waitUntil(lambda: not log.open_editors(), timeout=5_000)

    log.edit_alert()
    [editor] = log.open_editors()
    tabs = editor.tabs
    assert tabs.tabText(HISTORY_TAB) == "History"
    tabs.setCurrentIndex(HISTORY_TAB)
    page = find(editor, HistoryPage, "historyPage")
    rows = page.entries_shown()
    assert [(who, what, details) for _when, who, what, details in rows] == [
        ("This office", "Alert edited", "Changed title"),
        ("This office", "Alert edited", "Changed title"),
        ("This office", "Alert added", ""),
    ]
    assert rows[0][0] == moment_text(clock.now())
    assert MARK not in str(rows) and "March" not in str(rows)
    assert find(page, QLabel, "historyNote").text() == "3 entries in the audit trail."
    editor.force_close()
    assert page.entries_shown() == []


def test_a_milestone_moved_is_named_in_the_history(qtbot: QtBot, audited_app: Application,
                                                  clock: FixedClock) -> None:
    log = audited_app.window
    assert log is not None and log.service is not None
    alert = log.service.get(REFERENCES[2])
    moved = alert.milestones[0].moved(alert.milestones[0].date + timedelta(days=7), DateConfidence.CONFIRMED,
                                      clock.now(), f"Adjourned {MARK}")
    log.service.save(replace(alert, milestones=(moved,)), confirm_identifying=True)
    log.refresh()
    log.select_alert(alert.id)
    log.edit_alert()
    [editor] = log.open_editors()
    editor.tabs.setCurrentIndex(HISTORY_TAB)
    rows = find(editor, HistoryPage, "historyPage").entries_shown()
    assert rows[0][2:] == ["Alert edited", "Trial start moved"]
    editor.force_close()


def test_a_new_alert_has_no_history_tab(qtbot: QtBot, audited_app: Application) -> None:
    log = audited_app.window
    assert log is not None
    log.new_alert()
    [editor] = log.open_editors()
    assert editor.tabs.count() == 3 and editor.findChild(QWidget, "historyPage") is None
    editor.force_close()


def trail(application: Application, kind: str) -> list[tuple[str, str]]:
    assert application.session is not None
    return [(line.what, line.details) for line in application.session.audit.lines(AuditQuery(kind=kind))]


def test_a_passphrase_changed_in_the_window_is_in_the_trail(qtbot: QtBot, audited_app: Application) -> None:
    assert audited_app.window is not None
    audited_app.window.action_change_passphrase.trigger()
    dialog = visible(ChangePassphraseDialog, "changePassphraseDialog")
    assert dialog is not None
    for name, text in (("currentPassphraseField", GUI_PASSPHRASE), ("newPassphraseField", NEW_PASSPHRASE),
                       ("confirmPassphraseField", NEW_PASSPHRASE)):
        qtbot.keyClicks(find(dialog, QLineEdit, name), text)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        find(dialog, QPushButton, "changePassphraseButton").click()
    assert trail(audited_app, "passphrase") == [("Passphrase changed", "The old passphrase no longer opens the vault")]


def test_the_recovery_key_in_the_unlock_dialog_is_in_the_trail_and_a_wrong_passphrase_writes_nothing(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService, gui_vault_path: Path
) -> None:
    session, key = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.lock()
    application = start_app()
    before = snapshot(gui_vault_path.parent)
    unlock_with(qtbot, application, "not the passphrase at all")
    dialog = application.unlock_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: find(dialog, QLabel, "unlockError").isVisible(), timeout=10_000)
    # Without the key nothing can be written into the vault: a failed attempt leaves no entry, and no byte changed.
    assert snapshot(gui_vault_path.parent) == before

    find(dialog, QPushButton, "useRecoveryKey").click()
    qtbot.keyClicks(find(dialog, QLineEdit, "recoveryKeyField"), key.formatted)
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), NEW_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), NEW_PASSPHRASE)
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        find(dialog, QPushButton, "recoverButton").click()
    assert trail(application, "passphrase") == [("New passphrase set with the recovery key", "")]
    assert trail(application, "unlock-lock") == [("Vault unlocked", "With the recovery key")]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}
