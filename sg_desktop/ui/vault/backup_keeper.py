"""The window's backups: the daily backup as the vault locks (or SG Desktop closes), the check of every page after
each unlock with the offer of the newest good backup when it fails, File ▸ Backups…, and putting a restored
backup in place.

The daily backup is begun while the vault is still open (its connections opened, its audit entry written) and
finished on the thread pool after the vault locked, so neither locking nor closing waits for the copy: the
window is already locked or gone. It is not made when the machine goes to sleep (it may be gone before the copy
is whole), for the demo vault, or when a restore locks the vault.

After a restore the window shows the restored vault at once, opened with the key its backup was checked with;
from then on it unlocks with the passphrase it had on the backup's day.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sg_desktop.app.backups import BackupInfo, BackupService, PendingBackup, PreparedRestore, check_every_page
from sg_desktop.app.clock import Clock
from sg_desktop.app.failures import calm_message
from sg_desktop.app.session import Session
from sg_desktop.domain.councils import Council
from sg_desktop.domain.errors import VaultDamaged
from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shared.workers import BackgroundTask, run_in_background, wait_for_background_work
from sg_desktop.ui.vault.backups_dialog import BackupsDialog, when_text

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["DAMAGED_FOUND", "DEMO_HAS_NO_BACKUPS", "BackupKeeper", "KeeperHost", "open_backups"]

DAMAGED_FOUND = ("The vault file is damaged: some of its pages fail their integrity check (the disk, or something "
                 "outside SG Desktop, changed them). What the window shows may be incomplete, and saving may fail.")
DEMO_HAS_NO_BACKUPS = ("The demo vault is not backed up: it is made afresh with fictional alerts and deleted when "
                       "you quit.")
_NO_BACKUP_REASONS = frozenset({"sleep", "suspended", "restore"})


class KeeperHost(Protocol):
    """What the keeper needs of the application: its session, and to lock, show a session, or ask to unlock."""

    session: Session | None

    def lock(self, reason: str = "request", *, ask_again: bool = True) -> None:
        """Lock the vault (and, with `ask_again`, ask for the passphrase)."""
        ...

    def open_session(self, session: Session) -> None:
        """Show `session` in the window, as after unlocking."""
        ...

    def show_unlock(self) -> None:
        """Ask for the passphrase."""
        ...


def open_backups(window: QWidget) -> BackupsDialog | None:
    """File ▸ Backups… over `window`; None while locked (or for the demo, which has no backups)."""
    keeper = window.findChild(BackupKeeper, "backupKeeper")
    return keeper.show_dialog() if keeper is not None else None


class BackupKeeper(QObject):
    """Made by the application for its window, as the window's child (`open_backups` finds it there)."""

    def __init__(self, host: KeeperHost, window: MainWindow, vault_path: Path, clock: Clock,
                 preferences: Preferences, councils: Callable[[], tuple[Council, ...]]) -> None:
        super().__init__(window)
        self.setObjectName("backupKeeper")
        self._host = host
        self._window = window
        self._vault_path = vault_path
        self._clock = clock
        self._prefs = preferences
        self._councils = councils
        self._tasks: list[BackgroundTask] = []
        self.dialog: BackupsDialog | None = None
        self.damaged_message: QMessageBox | None = None
        self.last_daily: BackupInfo | None = None
        self.last_failure = ""

    def service(self) -> BackupService:
        """The backups of this vault, keeping as many automatic ones as the preferences say."""
        return BackupService(self._vault_path, self._clock, keep=self._prefs.backups_kept)

    # -- the daily backup ----------------------------------------------------------------------

    def before_lock(self, session: Session, reason: str) -> PendingBackup | None:
        """Close the dialog; begin today's backup if one is due (and the lock is not for sleep or a restore)."""
        self._close_dialogs()
        if session.demo or reason in _NO_BACKUP_REASONS:
            return None
        try:
            return self.service().begin_daily(session)
        except Exception as exc:  # the lock must happen whatever the backup does
            self._failed(exc)
            return None

    def after_lock(self, pending: PendingBackup | None) -> None:
        """Finish the backup begun by `before_lock` on the thread pool (the vault is locked now)."""
        if pending is not None:
            self._start(pending.run, self._backed_up, self._failed)

    def _backed_up(self, info: BackupInfo) -> None:
        self.last_daily, self.last_failure = info, ""

    def _failed(self, exc: BaseException) -> None:
        self.last_failure = calm_message(exc, doing="The daily backup", outcome="No backup was made today.")
        self._window.statusBar().showMessage(self.last_failure, 20_000)

    # -- the check after unlocking -------------------------------------------------------------

    def check_pages(self, session: Session) -> None:
        """Verify every page of the vault in the background, on a connection of its own; a fault is shown with
        the offer of the newest good backup."""
        if session.demo:
            return
        self._start(lambda: check_every_page(session), lambda _result: None,
                    lambda exc: self._check_failed(session, exc))

    def _check_failed(self, session: Session, exc: BaseException) -> None:
        if self._host.session is not session or not isinstance(exc, VaultDamaged):
            return  # locked meanwhile: the check stopped with the key
        newest = self.service().newest_good(session.vault_id)
        box = QMessageBox(QMessageBox.Icon.Critical, "The vault is damaged — SG Desktop", DAMAGED_FOUND,
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("vaultDamagedMessage")
        box.setTextFormat(Qt.TextFormat.PlainText)
        if newest is None:
            box.setInformativeText("There is no good backup of this vault to restore. Keep SG Desktop open, note "
                                   "what you need, and ask for help.")
            box.addButton("Close", QMessageBox.ButtonRole.RejectRole).setObjectName("damagedCloseButton")
        else:
            box.setInformativeText(f"The newest good backup was made {when_text(newest)}. Restore it? The vault as "
                                   "it is now is kept as a backup first.")
            offer = box.addButton("Restore this backup…", QMessageBox.ButtonRole.AcceptRole)
            offer.setObjectName("restoreNewestButton")
            later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
            later.setObjectName("damagedLaterButton")
            box.setDefaultButton(offer)
            path = newest.path
            offer.clicked.connect(lambda: self._offer_taken(path))
        box.finished.connect(box.deleteLater)
        self.damaged_message = box
        box.open()

    def _offer_taken(self, path: Path) -> None:
        dialog = self.show_dialog()
        if dialog is not None and dialog.select(path):
            dialog.choose_restore()

    # -- the dialog and restoring --------------------------------------------------------------

    def show_dialog(self) -> BackupsDialog | None:
        """Open File ▸ Backups… (one at a time); None while locked or for the demo vault."""
        session = self._host.session
        if session is None or session.is_locked or session.demo:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = BackupsDialog(self.service(), session, self.restore, self._window)
        dialog.finished.connect(lambda _code, d=dialog: self._dialog_closed(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: BackupsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def restore(self, prepared: PreparedRestore) -> None:
        """Lock the vault, let every background task that reads it finish, put the checked backup in its place and
        show it; on a failure nothing was replaced, and the passphrase is asked for again."""
        when = when_text(prepared.info)
        self._host.lock("restore", ask_again=False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            wait_for_background_work()
            done = prepared.apply()
            session = prepared.open_restored(self._clock, self._councils())
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            prepared.discard()
            failed = QMessageBox(QMessageBox.Icon.Warning, "Restore — SG Desktop",
                                 calm_message(exc, doing="Restoring the backup"), QMessageBox.StandardButton.Ok,
                                 self._window)
            failed.setObjectName("restoreFailedMessage")
            failed.setTextFormat(Qt.TextFormat.PlainText)
            failed.finished.connect(self._host.show_unlock)
            failed.open()
            return
        QApplication.restoreOverrideCursor()
        prepared.discard()
        self._host.open_session(session)
        passphrase = ("" if prepared.same_key_file else
                      " From now on it unlocks with the passphrase it had that day.")
        kept = " The vault as it was is kept as a backup (File ▸ Backups…)." if done.kept is not None else ""
        self._window.statusBar().showMessage(f"Restored the backup made {when}.{passphrase}{kept}", 30_000)

    # -- housekeeping --------------------------------------------------------------------------

    def _close_dialogs(self) -> None:
        if self.dialog is not None:
            self.dialog.force_close()
            self.dialog = None
        if self.damaged_message is not None:
            message, self.damaged_message = self.damaged_message, None
            with contextlib.suppress(RuntimeError):  # already deleted by Qt once it closed
                message.done(0)

    def _start(self, work: Callable[[], object], on_success: Callable[..., None],
               on_failure: Callable[[BaseException], None]) -> None:
        task: BackgroundTask | None = None

        def succeeded(result: object) -> None:
            self._forget(task)
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._forget(task)
            on_failure(exc)

        task = run_in_background(work, succeeded, failed)
        self._tasks.append(task)

    def _forget(self, task: BackgroundTask | None) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

