"""After each unlock every page is checked in the background, on a connection of its own: a vault with a damaged
page gets a clear message and the offer of the newest good backup, and taking the offer restores it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.errors import VaultDamaged
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.shared.workers import wait_for_background_work
from sg_desktop.ui.vault.backup_keeper import DAMAGED_FOUND
from sg_desktop.ui.vault.backups_dialog import BackupsDialog

from .conftest import GUI_PASSPHRASE, LEEDS, find, unlock_with, visible

COUNT = 100


def damage_the_middle(path: Path) -> None:
    """Flip bytes in the middle of the file, as a failing disk would: that page no longer verifies."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def make_vault(service: VaultService) -> None:
    session, _ = service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many([Alert(LEEDS, AlertKind.CSPR, f"Practice review number {i}") for i in range(COUNT)])
    session.lock()


def unlock(qtbot: QtBot, application: Application) -> None:
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)


def unlock_damaged(qtbot: QtBot, application: Application) -> QMessageBox:
    """Unlock the damaged vault and wait for the check's message. The screens that read the damaged page on the
    way (Coming up, here) report it too: as the vault's damage, which the window shows as a message, never as
    SQLite's own error."""
    with qtbot.capture_exceptions() as raised:
        unlock(qtbot, application)
        box = damaged_message(qtbot)
    assert all(isinstance(exc, VaultDamaged) for _kind, exc, _tb in raised), raised
    return box


def damaged_message(qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: visible(QMessageBox, "vaultDamagedMessage") is not None, timeout=10_000)
    box = visible(QMessageBox, "vaultDamagedMessage")
    assert box is not None
    return box


@pytest.fixture
def backed_up_then_damaged(gui_service: VaultService, gui_vault_path: Path, clock: FixedClock) -> Path:
    """A vault of 100 alerts with a good backup, whose file was then damaged in the middle."""
    make_vault(gui_service)
    session = gui_service.unlock(GUI_PASSPHRASE)
    backup = BackupService(gui_vault_path, clock).back_up(session).path
    session.lock()
    damage_the_middle(gui_vault_path)
    return backup


def test_a_damaged_page_is_found_after_unlocking_and_the_backup_offered_restores(
        qtbot: QtBot, start_app: Callable[..., Application], backed_up_then_damaged: Path,
        gui_vault_path: Path, clock: FixedClock) -> None:
    application = start_app()
    box = unlock_damaged(qtbot, application)
    damaged = application.session
    assert box.text() == DAMAGED_FOUND and box.textFormat() == Qt.TextFormat.PlainText
    assert box.informativeText().startswith(
        "The newest good backup was made Tuesday 24 November 2026, 10:00. Restore it?")
    qtbot.mouseClick(find(box, QPushButton, "restoreNewestButton"), Qt.MouseButton.LeftButton)
    dialog = visible(BackupsDialog, "backupsDialog")
    assert dialog is not None
    assert dialog.selected() is not None and dialog.selected().path == backed_up_then_damaged
    field = find(dialog, QLineEdit, "restorePassphraseField")
    assert field.isVisible()
    assert "is replaced by this backup" in find(dialog, QLabel, "restoreWhatHappens").text()
    qtbot.keyClicks(field, GUI_PASSPHRASE)
    qtbot.mouseClick(find(dialog, QPushButton, "confirmRestoreButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: application.session is not None and application.session is not damaged,
                    timeout=10_000)
    restored = application.session
    assert restored is not None
    restored.check_integrity()  # every page and the audit chain
    assert restored.alerts.total() == COUNT
    assert application.window.model.total == COUNT
    kept = [b for b in BackupService(gui_vault_path, clock).backups() if b.kind == "replaced"]
    assert len(kept) == 1 and not kept[0].checked  # the damaged vault, kept as it was
    qtbot.wait(200)
    assert visible(QMessageBox, "vaultDamagedMessage") is None  # the restored vault checks clean


def test_a_damaged_vault_without_a_backup_says_so(qtbot: QtBot, start_app: Callable[..., Application],
                                                  gui_service: VaultService, gui_vault_path: Path) -> None:
    make_vault(gui_service)
    damage_the_middle(gui_vault_path)
    application = start_app()
    box = unlock_damaged(qtbot, application)
    assert "There is no good backup of this vault to restore." in box.informativeText()
    qtbot.mouseClick(find(box, QPushButton, "damagedCloseButton"), Qt.MouseButton.LeftButton)
    assert visible(BackupsDialog, "backupsDialog") is None


def test_a_sound_vault_gets_no_message(qtbot: QtBot, start_app: Callable[..., Application],
                                       gui_service: VaultService) -> None:
    make_vault(gui_service)
    application = start_app()
    unlock(qtbot, application)
    assert wait_for_background_work()
    qtbot.wait(50)
    assert visible(QMessageBox, "vaultDamagedMessage") is None
