"""File ▸ Backups…: the list with dates and sizes, Back up now, and Restore… with its confirmation, driven through
the real dialog; the daily backup as the vault locks or SG Desktop quits, at most one a day, the newest N kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox, QTreeWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.preferences import PreferencesDialog
from sg_desktop.ui.shared.workers import wait_for_background_work
from sg_desktop.ui.vault.backups_dialog import BackupsDialog

from .conftest import GUI_PASSPHRASE, LEEDS, YORK, find, unlock_with, visible
from .test_demo import cheap_demo

LEFT = Qt.MouseButton.LeftButton
TITLES = ["Practice review after neglect", "Trial listed at the Crown Court"]


def folder_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def vault(gui_service: VaultService) -> VaultService:
    """A vault holding two alerts, locked."""
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many([Alert(LEEDS, AlertKind.CSPR, TITLES[0]), Alert(YORK, AlertKind.TRIAL, TITLES[1])])
    session.lock()
    return gui_service


def open_app(qtbot: QtBot, start_app: Callable[..., Application]) -> Application:
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    wait_for_background_work()  # the page check after unlocking
    return application


def open_backups(qtbot: QtBot, application: Application) -> BackupsDialog:
    action = application.window.findChild(type(application.window.action_lock), "actionBackups")
    assert action is not None and action.isEnabled()
    action.trigger()
    dialog = visible(BackupsDialog, "backupsDialog")
    assert dialog is not None
    return dialog


def rows(dialog: BackupsDialog) -> list[list[str]]:
    tree = find(dialog, QTreeWidget, "backupsList")
    return [[tree.topLevelItem(r).text(c) for c in range(4)] for r in range(tree.topLevelItemCount())]


def titles(application: Application) -> list[str]:
    assert application.session is not None
    return sorted(a.title for a in application.session.alerts.all() if not a.deleted)


def test_the_list_shows_each_backup_with_its_date_kind_and_size(qtbot: QtBot, vault: VaultService,
                                                                start_app: Callable[..., Application],
                                                                gui_vault_path: Path, clock: FixedClock) -> None:
    session = vault.unlock(GUI_PASSPHRASE)
    made = BackupService(gui_vault_path, clock).back_up(session)
    session.lock()
    application = open_app(qtbot, start_app)
    dialog = open_backups(qtbot, application)
    (row,) = rows(dialog)
    assert row[0] == "Tuesday 24 November 2026, 10:00"
    assert row[1] == "Made by hand" and row[3] == "Yes"
    assert row[2].endswith("KB") and f"{made.size / 1024:.1f} KB" == row[2]
    assert not find(dialog, QLabel, "noBackups").isVisible()


def test_back_up_now_writes_a_checked_backup_and_lists_it(qtbot: QtBot, vault: VaultService,
                                                          start_app: Callable[..., Application],
                                                          gui_vault_path: Path, clock: FixedClock) -> None:
    application = open_app(qtbot, start_app)
    dialog = open_backups(qtbot, application)
    assert rows(dialog) == [] and find(dialog, QLabel, "noBackups").isVisible()
    qtbot.mouseClick(find(dialog, QPushButton, "backUpNowButton"), LEFT)
    status = find(dialog, QLabel, "backupsStatus")
    qtbot.waitUntil(lambda: status.text().startswith("Backed up:"), timeout=10_000)
    (info,) = BackupService(gui_vault_path, clock).backups()
    assert info.kind == "manual" and info.checked and info.path.name in status.text()
    assert [r[1] for r in rows(dialog)] == ["Made by hand"]


def _restore_through_the_dialog(qtbot: QtBot, application: Application, dialog: BackupsDialog,
                                passphrase: str) -> None:
    qtbot.mouseClick(find(dialog, QPushButton, "restoreBackupButton"), LEFT)
    page = find(dialog, QLabel, "restoreWhatHappens")
    assert page.isVisible()
    assert "the vault as it is now is kept as a backup in this list" in page.text()
    assert find(dialog, QLabel, "restoreHeading").text() == \
        "Restore the backup made Tuesday 24 November 2026, 10:00?"
    field = find(dialog, QLineEdit, "restorePassphraseField")
    qtbot.keyClicks(field, passphrase)
    qtbot.mouseClick(find(dialog, QPushButton, "confirmRestoreButton"), LEFT)


def test_restore_puts_the_backup_back_keeps_the_vault_and_shows_it(qtbot: QtBot, vault: VaultService,
                                                                   start_app: Callable[..., Application],
                                                                   gui_vault_path: Path, clock: FixedClock) -> None:
    application = open_app(qtbot, start_app)
    dialog = open_backups(qtbot, application)
    qtbot.mouseClick(find(dialog, QPushButton, "backUpNowButton"), LEFT)
    qtbot.waitUntil(lambda: find(dialog, QLabel, "backupsStatus").text().startswith("Backed up:"), timeout=10_000)
    assert application.session is not None
    first = application.session
    first.alerts.add(Alert(LEEDS, AlertKind.INQUEST, "Added after the backup"))
    first.alerts.delete(sorted(a.reference for a in first.alerts.all())[0])
    _restore_through_the_dialog(qtbot, application, dialog, GUI_PASSPHRASE)
    qtbot.waitUntil(lambda: application.session is not None and application.session is not first, timeout=10_000)
    assert titles(application) == sorted(TITLES)
    window = application.window
    assert not window.is_locked and window.model.rowCount() == 2
    assert "Restored the backup made Tuesday 24 November 2026, 10:00." in window.statusBar().currentMessage()
    kinds = sorted(b.kind for b in BackupService(gui_vault_path, clock).backups())
    assert kinds == ["manual", "replaced"]
    assert application.unlock_dialog is None or not application.unlock_dialog.isVisible()
    assert application.session.audit_entries(1)[0].action == "vault.restore"


def test_a_wrong_passphrase_on_the_restore_page_changes_nothing(qtbot: QtBot, vault: VaultService,
                                                                start_app: Callable[..., Application],
                                                                gui_vault_path: Path, clock: FixedClock) -> None:
    session = vault.unlock(GUI_PASSPHRASE)
    BackupService(gui_vault_path, clock).back_up(session)
    session.lock()
    application = open_app(qtbot, start_app)
    before_session = application.session
    dialog = open_backups(qtbot, application)
    unchanged = folder_digest(gui_vault_path.parent)
    _restore_through_the_dialog(qtbot, application, dialog, "not the passphrase it had")
    error = find(dialog, QLabel, "restoreError")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text().startswith("That passphrase does not open this backup.")
    assert application.session is before_session and dialog.isVisible()
    assert folder_digest(gui_vault_path.parent) == unchanged


def test_locking_makes_the_daily_backup_once_a_day(qtbot: QtBot, vault: VaultService,
                                                   start_app: Callable[..., Application],
                                                   gui_vault_path: Path, clock: FixedClock) -> None:
    application = open_app(qtbot, start_app)
    backups = BackupService(gui_vault_path, clock)
    application.window.action_lock.trigger()
    wait_for_background_work()
    assert [b.kind for b in backups.backups()] == ["automatic"]
    for _again in range(2):
        with qtbot.waitSignal(application.unlocked, timeout=10_000):
            unlock_with(qtbot, application, GUI_PASSPHRASE)
        application.window.action_lock.trigger()
        wait_for_background_work()
    assert [b.kind for b in backups.backups()] == ["automatic"]


def test_quitting_makes_the_daily_backup_and_keeps_only_the_newest(qtbot: QtBot, vault: VaultService,
                                                                   start_app: Callable[..., Application],
                                                                   gui_vault_path: Path, clock: FixedClock) -> None:
    application = open_app(qtbot, start_app)
    application.preferences.backups_kept = 2
    for _day in range(3):
        application.window.action_lock.trigger()
        wait_for_background_work()
        clock.moment += timedelta(days=1)
        with qtbot.waitSignal(application.unlocked, timeout=10_000):
            unlock_with(qtbot, application, GUI_PASSPHRASE)
    application.quit()
    application.shutdown()
    made = BackupService(gui_vault_path, clock).backups()
    assert [b.kind for b in made] == ["automatic", "automatic"]
    assert made[0].created == clock.moment  # the one made as it quit, on the fourth day


def test_the_number_kept_is_set_in_preferences(qtbot: QtBot, vault: VaultService,
                                               start_app: Callable[..., Application]) -> None:
    application = open_app(qtbot, start_app)
    application.window.action_preferences.trigger()
    dialog = visible(PreferencesDialog, "preferencesDialog")
    assert dialog is not None
    box = find(dialog, QSpinBox, "backupsKept")
    assert box.value() == 7
    box.selectAll()
    qtbot.keyClicks(box, "12")
    qtbot.mouseClick(find(dialog, QPushButton, "savePreferencesButton"), LEFT)
    assert application.preferences.backups_kept == 12


def test_the_demo_has_no_backups(qtbot: QtBot, start_app: Callable[..., Application]) -> None:
    application = start_app(demo=True, demo_factory=cheap_demo)
    qtbot.waitUntil(lambda: application.window is not None and not application.window.is_locked, timeout=10_000)
    action = application.window.findChild(type(application.window.action_lock), "actionBackups")
    assert action is not None and not action.isEnabled()
    assert "not backed up" in action.toolTip()
