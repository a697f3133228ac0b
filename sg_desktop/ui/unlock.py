"""The unlock dialog: passphrase (with a Caps Lock warning), or the recovery key and a new passphrase.

The key derivation takes most of a second, so it runs on the thread pool while the dialog shows that it
is busy; the dialog emits `unlocked(Session)` and closes when the vault is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.domain.errors import SgError, WrongPassphrase, WrongRecoveryKey
from sg_desktop.domain.passphrase import passphrase_problem
from sg_desktop.ui.passphrase_meter import CapsLockGuess, PassphraseMeter
from sg_desktop.ui.workers import BackgroundTask, run_in_background

__all__ = ["UnlockDialog", "Unlocker", "label"]

WRONG_PASSPHRASE = "That passphrase does not open this vault. Check Caps Lock and try again."


class Unlocker(Protocol):
    """What the dialog needs of the vault (VaultService provides it)."""

    def unlock(self, passphrase: str) -> Any:
        """Open with the passphrase."""
        ...

    def unlock_with_recovery(self, recovery_key: str) -> Any:
        """Open with the recovery key."""
        ...

    def reset_passphrase(self, recovery_key: str, new: str) -> None:
        """Set a new passphrase using the recovery key."""
        ...


def label(text: str, parent: QWidget, role: str = "", name: str = "") -> QLabel:
    """A word-wrapped label with a style role ("heading", "hint", "error", …) and an object name."""
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key) and opens the vault off the GUI thread.

    With `demo_unlock` (the demo vault), no passphrase is asked: Unlock reopens the demo.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        unlocker: Unlocker,
        *,
        vault_location: str,
        demo_unlock: Callable[[], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle("Unlock — SG Desktop")
        self._unlocker = unlocker
        self._demo_unlock = demo_unlock
        self._task: BackgroundTask | None = None
        self._busy = False
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._passphrase_page(vault_location))
        self.pages.addWidget(self._recovery_page())
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("unlockBusy")
        self.busy_bar.setAccessibleName("Unlocking")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages)
        layout.addWidget(self.busy_bar)
        self.setMinimumWidth(470)
        self.passphrase.setFocus()

    # -- the passphrase page -------------------------------------------------------------------

    def _passphrase_page(self, vault_location: str) -> QWidget:
        page = QWidget(self)
        page.setObjectName("passphrasePage")
        heading = label("Unlock the alert log", page, "heading")
        demo = self._demo_unlock is not None
        intro = label(
            "This is the demo vault: fictional alerts, deleted when you quit. No passphrase is needed."
            if demo else "Type your vault passphrase. The vault stays encrypted until you do.",
            page, "hint",
        )
        where = label(f"Vault: {vault_location}", page, "hint", "vaultLocation")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase = QLineEdit(page)
        self.passphrase.setObjectName("passphraseField")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(300)
        self.caps = CapsLockGuess(self)
        self.caps.watch(self.passphrase)
        self.caps_warning = label("Caps Lock seems to be on.", page, "warning", "capsLockWarning")
        self.caps_warning.hide()
        self.caps.changed.connect(self.caps_warning.setVisible)
        self.error = label("", page, "error", "unlockError")
        self.error.hide()
        self.error.setAccessibleName("Unlock problem")

        self.use_recovery = QPushButton("Use recovery key instead", page)
        self.use_recovery.setObjectName("useRecoveryKey")
        self.use_recovery.setProperty("role", "link")
        self.use_recovery.setAccessibleName("Use recovery key instead of the passphrase")
        self.use_recovery.setCursor(Qt.CursorShape.PointingHandCursor)
        self.use_recovery.clicked.connect(self.show_recovery)
        self.cancel_button = QPushButton("Quit" if self.parent() is None else "Cancel", page)
        self.cancel_button.setObjectName("cancelUnlock")
        self.cancel_button.clicked.connect(self.reject)
        self.unlock_button = QPushButton("Unlock", page)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)

        field_row = QFormLayout()
        field_row.addRow("&Passphrase", self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_recovery)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(field_row)
        layout.addWidget(self.caps_warning)
        layout.addWidget(self.error)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        if demo:
            for widget in (self.passphrase, self.use_recovery):
                widget.hide()
            field_row.labelForField(self.passphrase).hide()
        QWidget.setTabOrder(self.passphrase, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.use_recovery)
        return page

    # -- the recovery page ---------------------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("recoveryPage")
        heading = label("Unlock with the recovery key", page, "heading")
        intro = label(
            "Type the recovery key you stored when the vault was made (dashes and case do not matter), "
            "then choose a new passphrase. The old passphrase stops working.",
            page, "hint",
        )
        self.recovery_key = QLineEdit(page)
        self.recovery_key.setObjectName("recoveryKeyField")
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.recovery_key.setMinimumWidth(360)
        self.new_passphrase = QLineEdit(page)
        self.new_passphrase.setObjectName("newPassphraseField")
        self.new_passphrase.setAccessibleName("New passphrase")
        self.new_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_passphrase = QLineEdit(page)
        self.confirm_passphrase.setObjectName("confirmPassphraseField")
        self.confirm_passphrase.setAccessibleName("New passphrase again")
        self.confirm_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = PassphraseMeter(page)
        self.new_passphrase.textChanged.connect(self.meter.set_passphrase)
        self.caps.watch(self.new_passphrase)
        self.caps.watch(self.confirm_passphrase)
        self.recovery_caps = label("Caps Lock seems to be on.", page, "warning")
        self.recovery_caps.hide()
        self.caps.changed.connect(self.recovery_caps.setVisible)
        self.recovery_error = label("", page, "error", "recoveryError")
        self.recovery_error.hide()

        back = QPushButton("Back to passphrase", page)
        back.setObjectName("backToPassphrase")
        back.setProperty("role", "link")
        back.clicked.connect(self.show_passphrase)
        self.recover_button = QPushButton("Unlock and set passphrase", page)
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.setProperty("role", "primary")
        self.recover_button.clicked.connect(self.try_recover)

        form = QFormLayout()
        form.addRow("&Recovery key", self.recovery_key)
        form.addRow("&New passphrase", self.new_passphrase)
        form.addRow("", self.meter)
        form.addRow("&Again", self.confirm_passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.recovery_caps)
        layout.addWidget(self.recovery_error)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        return page

    # -- actions -------------------------------------------------------------------------------

    def show_recovery(self) -> None:
        """Switch to the recovery key page."""
        self.pages.setCurrentIndex(1)
        self.recover_button.setDefault(True)
        self.recovery_key.setFocus()

    def show_passphrase(self) -> None:
        """Back to the passphrase page."""
        self.pages.setCurrentIndex(0)
        self.unlock_button.setDefault(True)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        """Derive the key from the typed passphrase in the background and open the vault."""
        if self._busy:
            return
        if self._demo_unlock is not None:
            self._start(self._demo_unlock)
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._fail_passphrase("Type your passphrase.")
            return
        unlocker = self._unlocker
        self._start(lambda: unlocker.unlock(passphrase))

    def try_recover(self) -> None:
        """Check the new passphrase, then reset it with the recovery key and open the vault, in the background."""
        if self._busy:
            return
        key, new, again = self.recovery_key.text(), self.new_passphrase.text(), self.confirm_passphrase.text()
        problem = None
        if not key.strip():
            problem, field = "Type the recovery key.", self.recovery_key
        elif passphrase_problem(new):
            problem, field = passphrase_problem(new), self.new_passphrase
        elif new != again:
            problem, field = "The two new passphrases differ; type them again.", self.confirm_passphrase
        if problem:
            self._fail_recovery(problem, field)
            return
        unlocker = self._unlocker

        def work() -> Any:
            unlocker.reset_passphrase(key, new)
            return unlocker.unlock_with_recovery(key)

        self._start(work)

    def _start(self, work: Callable[[], Any]) -> None:
        self._set_busy(True)
        self._task = run_in_background(work, self._succeeded, self._failed)

    def _succeeded(self, session: object) -> None:
        self._task = None
        self._set_busy(False)
        self._wipe_fields()
        self.accept()
        self.unlocked.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        if self.pages.currentIndex() == 0:
            if isinstance(exc, WrongPassphrase):
                self._fail_passphrase(WRONG_PASSPHRASE)
            else:
                self._fail_passphrase(_message(exc))
        else:
            field = self.recovery_key if isinstance(exc, WrongRecoveryKey) else self.new_passphrase
            self._fail_recovery(_message(exc), field)

    def _fail_passphrase(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def _fail_recovery(self, message: str, field: QLineEdit) -> None:
        self.recovery_error.setText(message)
        self.recovery_error.show()
        field.setFocus()
        field.selectAll()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.pages.setEnabled(not busy)
        if busy:
            self.error.hide()
            self.recovery_error.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    @property
    def busy(self) -> bool:
        """Whether a key derivation is running."""
        return self._busy

    def _wipe_fields(self) -> None:
        for field in (self.passphrase, self.recovery_key, self.new_passphrase, self.confirm_passphrase):
            field.clear()

    def reject(self) -> None:
        """Close without unlocking, unless a key derivation is running (its result must be taken)."""
        if self._busy:
            return
        self._wipe_fields()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while unlocking."""
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)


def _message(exc: BaseException) -> str:
    """The words for a failure: our errors carry a message for the user; anything else gets a generic one."""
    if isinstance(exc, SgError):
        return str(exc)
    # Unexpected errors may quote file contents or SQL; only their type is shown.
    return f"SG Desktop could not open the vault ({type(exc).__name__}). Please report this to your IT support."
