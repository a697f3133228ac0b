"""The desktop application: first run or unlock, the main window, and locking — wired together.

`run_gui(args)` is what `sg-desktop` runs without a subcommand. `Application` holds the one open
session (or none while locked); its collaborators come in through the constructor so tests pass a
cheap key derivation, a fixed clock and scratch settings.
"""

from __future__ import annotations

import argparse
import locale
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from sg_desktop.app.clock import Clock, SystemClock
from sg_desktop.app.failures import calm_message
from sg_desktop.app.paths import vault_path_from
from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shared.app_icon import application_icon
from sg_desktop.ui.shared.failures import install_failure_hook
from sg_desktop.ui.shared.theme import apply_theme
from sg_desktop.ui.shared.workers import BackgroundTask, run_in_background, wait_for_background_work
from sg_desktop.ui.vault.locking import IdleWatcher, SystemLockWatcher
from sg_desktop.ui.vault.unlock import UnlockDialog

if TYPE_CHECKING:
    # Only for annotations: at run time each is imported when first needed, to keep start-up quick.
    from PySide6.QtDBus import QDBusConnection

    from sg_desktop.app.demo import DemoVault
    from sg_desktop.app.session import Session
    from sg_desktop.app.vaults import VaultService
    from sg_desktop.domain.councils import Council
    from sg_desktop.ui.log.main_window import MainWindow
    from sg_desktop.ui.vault.backup_keeper import BackupKeeper
    from sg_desktop.ui.vault.change_passphrase import ChangePassphraseDialog
    from sg_desktop.ui.vault.first_run import FirstRunDialog

__all__ = ["Application", "GuiOptions", "parse_gui_args", "run_gui"]

_DAILY_BACKUP_WAIT_MS = 120_000
"""How long the process waits at exit for the daily backup begun as it locked (about a second at 10,000 alerts;
the window is gone by then)."""


@dataclass(frozen=True)
class GuiOptions:
    """What the command line chose: the vault, or the throw-away demo."""

    vault: Path
    demo: bool = False


def parse_gui_args(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[GuiOptions, list[str]]:
    """Read `--vault PATH` and `--demo`; the rest is left for Qt (e.g. `-platform`)."""
    parser = argparse.ArgumentParser(prog="sg-desktop", add_help=False)
    parser.add_argument("--vault", metavar="PATH")
    parser.add_argument("--demo", action="store_true")
    known, rest = parser.parse_known_args(list(args))
    return GuiOptions(vault_path_from(known.vault, env if env is not None else dict(os.environ)), known.demo), rest


class Application(QObject):
    """Runs the GUI's life: first run or unlock → main window ⇄ locked → quit.

    `vault_service_factory(path)` makes the VaultService (tests pass one with a cheap KDF);
    `system_buses` (system, session) lets tests hand the lock watcher a private D-Bus connection.
    """

    unlocked = Signal()
    locked = Signal(str)
    finished = Signal()

    def __init__(
        self,
        qt_app: QApplication,
        options: GuiOptions,
        *,
        settings: QSettings,
        clock: Clock | None = None,
        vault_service_factory: Callable[[Path], VaultService] | None = None,
        councils: tuple[Council, ...] | None = None,
        demo_factory: Callable[[Clock], DemoVault] | None = None,
        system_buses: tuple[QDBusConnection, QDBusConnection] | None = None,
    ) -> None:
        super().__init__(qt_app)
        self.setObjectName("sgApplication")
        self._qt = qt_app
        self.options = options
        self.preferences = Preferences(settings)
        self._clock = clock or SystemClock()
        self._councils = councils
        self._service_factory = vault_service_factory or self._default_service
        self._demo_factory = demo_factory
        self._service: VaultService | None = None
        self.demo: DemoVault | None = None
        self.session: Session | None = None
        self.window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.first_run_dialog: FirstRunDialog | None = None
        self.change_passphrase_dialog: ChangePassphraseDialog | None = None
        self._task: BackgroundTask | None = None
        self._quitting = False
        self.backups: BackupKeeper | None = None  # the daily backup, the page check, File ▸ Backups…

        self.idle = IdleWatcher(qt_app, self.preferences.idle_seconds, self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        system, session = system_buses if system_buses is not None else (None, None)
        self.system_lock = SystemLockWatcher(qt_app, system_bus=system, session_bus=session, parent=self)
        self.system_lock.lock_requested.connect(self.lock)

    # -- starting ------------------------------------------------------------------------------

    @property
    def vault_service(self) -> VaultService:
        """The VaultService of the chosen vault (made on first use: it imports the crypto and SQL layers)."""
        if self._service is None:
            self._service = self._service_factory(self.options.vault)
        return self._service

    @property
    def councils(self) -> tuple[Council, ...]:
        """The councils a vault may hold alerts about (the packaged reference list unless a test chose)."""
        if self._councils is None:
            from sg_desktop.app.reference import english_councils

            self._councils = english_councils()
        return self._councils

    def _default_service(self, path: Path) -> VaultService:
        from sg_desktop.app.vaults import VaultService, calibrated_kdf

        return VaultService(path, clock=self._clock, councils=self.councils, new_slot_kdf=calibrated_kdf)

    @property
    def vault_location(self) -> str:
        """Where the vault is, for people to read."""
        return self.demo.location if self.demo is not None else str(self.options.vault)

    def start(self) -> None:
        """Show what comes first: the demo, the first-run dialog or the unlock dialog."""
        if self.options.demo:
            self._start_demo()
        elif self.options.vault.exists():
            self.show_unlock()
            # Load the vault layers (crypto, SQLCipher: over 100 ms) and the main window's code while the
            # officer types the passphrase, not after Return, and not before the dialog is on screen either.
            if self.unlock_dialog is not None:
                _after_first_paint(self.unlock_dialog, self._preload)
        else:
            self.show_first_run()

    def _preload(self) -> None:
        self.vault_service  # noqa: B018 (made now, so that Unlock does not wait for its imports)
        import sg_desktop.ui.log.main_window  # noqa: F401 (imported now for the same reason)

    def _start_demo(self) -> None:
        if self._demo_factory is None:
            from sg_desktop.app.demo import DemoVault

            self.demo = DemoVault(self._clock)
        else:
            self.demo = self._demo_factory(self._clock)
        demo = self.demo
        self._task = run_in_background(demo.create, self._opened, self._demo_failed)

    def _demo_failed(self, exc: BaseException) -> None:
        self._task = None
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(self.window, "SG Desktop", calm_message(exc, doing="Making the demo vault"))
        self.quit()

    def show_first_run(self) -> None:
        """Set up a new vault."""
        from sg_desktop.domain.councils import CouncilDirectory
        from sg_desktop.ui.vault.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.vault_service, CouncilDirectory(self.councils),
                                vault_location=self.vault_location, today=self._clock.today)
        self.first_run_dialog = dialog
        dialog.completed.connect(self._opened)
        dialog.rejected.connect(self.quit)
        dialog.show()

    def show_unlock(self) -> None:
        """Ask for the passphrase (over the locked main window, if there is one)."""
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            self.unlock_dialog.raise_()
            self.unlock_dialog.activateWindow()
            return
        demo = self.demo
        demo_unlock = (lambda: _audited(demo.unlock(), "passphrase")) if demo is not None else None
        dialog = UnlockDialog(_LazyUnlocker(self), vault_location=self.vault_location, demo_unlock=demo_unlock,
                              parent=self.window)
        self.unlock_dialog = dialog
        dialog.unlocked.connect(self._opened)
        dialog.rejected.connect(self._unlock_cancelled)
        dialog.finished.connect(dialog.deleteLater)
        if self.window is None:
            dialog.show()
        else:
            dialog.open()

    def _unlock_cancelled(self) -> None:
        self.unlock_dialog = None
        if self.window is None:
            self.quit()

    # -- open and locked -----------------------------------------------------------------------

    def _ensure_window(self) -> MainWindow:
        if self.window is not None:
            return self.window
        from sg_desktop.ui.log.main_window import MainWindow

        self.window = MainWindow(self.preferences, vault_location=self.vault_location, demo=self.demo is not None,
                                 lock_triggers=self.system_lock.detected)
        self.window.lock_requested.connect(self.lock)
        self.window.unlock_requested.connect(self.show_unlock)
        self.window.change_passphrase_requested.connect(self.show_change_passphrase)
        self.window.quit_requested.connect(self.quit)
        self.window.preferences_changed.connect(self._preferences_changed)
        self.system_lock.attach_window(self.window)
        from sg_desktop.ui.vault.backup_keeper import BackupKeeper

        self.backups = BackupKeeper(self, self.window, self.options.vault, self._clock, self.preferences,
                                    lambda: self.councils)
        return self.window

    def _opened(self, session: Session) -> None:
        self._task = None
        self.unlock_dialog = None
        self.first_run_dialog = None
        if self._quitting:
            session.lock("quit")
            return
        self.session = session
        window = self._ensure_window()
        window.show_session(session.alerts, session.office.name, session=session)
        window.show()
        window.raise_()
        window.activateWindow()
        self.idle.set_timeout(self.preferences.idle_seconds)
        self.idle.start()
        if self.backups is not None:
            self.backups.check_pages(session)  # every page, in the background, on a connection of its own
        self.unlocked.emit()

    def open_session(self, session: Session) -> None:
        """Show `session` as after unlocking (a restored backup, opened with the key it was checked with)."""
        self._opened(session)

    def show_change_passphrase(self) -> None:
        """Ask for the current passphrase and a new one, over the open log (not for the demo vault)."""
        if self.session is None or self.demo is not None or self.window is None:
            return
        if self.change_passphrase_dialog is not None:
            self.change_passphrase_dialog.raise_()
            return
        from sg_desktop.ui.vault.change_passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.vault_service, parent=self.window)
        self.change_passphrase_dialog = dialog
        dialog.changed.connect(self._passphrase_changed)
        dialog.finished.connect(self._change_passphrase_closed)
        dialog.open()

    def _passphrase_changed(self) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage("The vault passphrase was changed.", 8000)

    def _change_passphrase_closed(self) -> None:
        self.change_passphrase_dialog = None

    def lock(self, reason: str = "request", *, ask_again: bool = True) -> None:
        """Lock now: close editors, clear every view, close the vault, ask for the passphrase again (unless not
        `ask_again`). Today's backup, when due, is begun before the vault closes and finished after."""
        if self.session is None:
            return
        self.idle.stop()
        if self.change_passphrase_dialog is not None:
            self.change_passphrase_dialog.forget()
        if self.window is not None:
            self.window.lock_view()
        session, self.session = self.session, None
        daily = self.backups.before_lock(session, reason) if self.backups is not None else None
        session.lock(reason)  # audited, then the key is dropped
        if self.backups is not None:
            self.backups.after_lock(daily)
        self.locked.emit(reason)
        if not self._quitting and ask_again:
            self.show_unlock()

    def _preferences_changed(self) -> None:
        self.idle.set_timeout(self.preferences.idle_seconds)

    # -- quitting ------------------------------------------------------------------------------

    def quit(self) -> None:
        """Lock, close every window, and end the event loop."""
        if self._quitting:
            return
        self._quitting = True
        if self.window is not None and self.window.isVisible():
            self.window.save_geometry()
        self.lock("quit")
        for widget in (self.unlock_dialog, self.first_run_dialog):
            if isinstance(widget, QWidget):
                widget.hide()
        if self.window is not None:
            self.window.hide()
        self.finished.emit()
        self._qt.quit()

    def shutdown(self) -> None:
        """After the event loop: wait for background work, lock, remove the demo vault, stop watching input."""
        self._quitting = True
        wait_for_background_work()
        self.lock("quit")
        wait_for_background_work(_DAILY_BACKUP_WAIT_MS)  # the daily backup that locking began finishes first
        self.idle.uninstall()
        if self.first_run_dialog is not None and self.first_run_dialog.session is not None:
            self.first_run_dialog.session.lock()
        if self.demo is not None:
            self.demo.close()


class _FirstPaint(QObject):
    """Calls `then` once, on the turn of the event loop after `widget` first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wait for the first paint; never consume an event."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False


def _after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    _FirstPaint(widget, then)


class _LazyUnlocker:
    """The VaultService, made only when the officer presses Unlock (on the worker thread)."""

    def __init__(self, application: Application) -> None:
        self._application = application

    def unlock(self, passphrase: str) -> Session:
        """Open with the passphrase."""
        return _audited(self._application.vault_service.unlock(passphrase), "passphrase")

    def unlock_with_recovery(self, recovery_key: str) -> Session:
        """Open with the recovery key."""
        return _audited(self._application.vault_service.unlock_with_recovery(recovery_key), "recovery-key")

    def recover(self, recovery_key: str, new: str) -> Session:
        """Open with the recovery key and set a new passphrase."""
        return _audited(self._application.vault_service.recover(recovery_key, new), "recovery-key")


def _audited(session: Session, with_: str) -> Session:
    """`session`, its unlocking recorded in the audit log (on the worker thread, before the log shows)."""
    try:
        session.record_unlock(with_)
    except BaseException:
        session.lock()
        raise
    return session


def run_gui(args: Sequence[str], *, on_started: Callable[[Application], None] | None = None) -> int:
    """Open the desktop application; return its exit status when it quits.

    `on_started` is called once the first window is up (the start-up benchmark uses it).
    """
    options, qt_args = parse_gui_args(args)
    qt_app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "sg-desktop", *qt_args])
    assert isinstance(qt_app, QApplication)
    # Qt sets the C library's locale from the desktop, which would turn Python's dates into the desktop's
    # language ("15 janv. 2027") where every screen, and the date fields that read them back, use English.
    locale.setlocale(locale.LC_TIME, "C")
    qt_app.setApplicationName("SG Desktop")
    qt_app.setOrganizationName("SG Desktop")
    # No setApplicationVersion: nothing reads it, and the version's lookup (importlib.metadata) costs start-up
    # 15 ms; About and `--version` read `sg_desktop.__version__` when asked.
    qt_app.setDesktopFileName("sg-desktop")
    qt_app.setWindowIcon(application_icon())  # every window's; the files load when first drawn
    apply_theme(qt_app)
    application = Application(qt_app, options, settings=QSettings())
    # Ctrl+C in the terminal, or the session ending, quits cleanly (locking and removing a demo vault);
    # the timer lets Python see the signal while Qt's event loop runs. The quit waits for the event loop: a
    # signal handled while the first window is still being set up would otherwise end a loop not yet running,
    # and every later signal would find the application already quitting.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: QTimer.singleShot(0, application.quit))
    wake = QTimer(application)
    wake.timeout.connect(lambda: None)
    wake.start(300)
    restore_hook = install_failure_hook(lambda: application.window)
    try:
        application.start()
        if on_started is not None:
            on_started(application)
        status = qt_app.exec()
    finally:
        restore_hook()
        application.shutdown()
    return int(status)
