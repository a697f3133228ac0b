"""The unlock dialog: passphrase (with a Caps Lock warning), or the recovery key and a new passphrase.

The key derivation takes most of a second, so it runs on the thread pool while the dialog shows that it
is busy; the dialog emits `unlocked(Session)` and closes when the vault is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.failures import calm_message
from sg_desktop.domain.errors import WrongPassphrase, WrongRecoveryKey
from sg_desktop.ui.help.sections import offer_help, set_help_section
from sg_desktop.ui.shared.passphrase import CapsLockGuess, NewPassphraseFields, caps_lock_warning
from sg_desktop.ui.shared.widgets import (
    busy_bar,
    button,
    button_row,
    focus_to_fix,
    label,
    page_column,
    password_field,
    primary_button,
    problem_label,
    set_tab_order,
    show_problem,
    show_problems,
)
from sg_desktop.ui.shared.work_dialog import WorkDialog

if TYPE_CHECKING:
    from sg_desktop.app.session import Session

__all__ = ["WRONG_PASSPHRASE", "UnlockDialog", "Unlocker"]

WRONG_PASSPHRASE = "That passphrase does not open this vault. Check Caps Lock and try again."
_NO_KEY = "Type the recovery key."


class Unlocker(Protocol):
    """What the dialog needs of the vault (VaultService provides it)."""

    def unlock(self, passphrase: str) -> Session:
        """Open with the passphrase."""
        ...

    def unlock_with_recovery(self, recovery_key: str) -> Session:
        """Open with the recovery key."""
        ...

    def recover(self, recovery_key: str, new: str) -> Session:
        """Open with the recovery key and set a new passphrase (one key derivation, one opening)."""
        ...


class UnlockDialog(WorkDialog):
    """Asks for the passphrase (or the recovery key) and opens the vault off the GUI thread.

    With `demo_unlock` (the demo vault), no passphrase is asked: Unlock reopens the demo.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        unlocker: Unlocker,
        *,
        vault_location: str,
        demo_unlock: Callable[[], Session] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle("Unlock — SG Desktop")
        self._unlocker = unlocker
        self._demo_unlock = demo_unlock
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._passphrase_page(vault_location))
        self.pages.addWidget(self._recovery_page())
        self.busy_bar = busy_bar("unlockBusy", "Unlocking", self)
        self._work = self.busy_work(self.busy_bar, (self.pages,))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages)
        layout.addWidget(self.busy_bar)
        self.setMinimumWidth(470)
        offer_help(self, "unlock")
        (self.unlock_button if demo_unlock is not None else self.passphrase).setFocus()

    # -- the passphrase page -------------------------------------------------------------------

    def _passphrase_page(self, vault_location: str) -> QWidget:
        page = QWidget(self)
        page.setObjectName("passphrasePage")
        demo = self._demo_unlock is not None
        layout = page_column(
            page, "Unlock the alert log",
            "This is the demo vault: fictional alerts, deleted when you quit. No passphrase is needed."
            if demo else "Type your vault passphrase. The vault stays encrypted until you do.",
        )
        where = label(f"Vault: {vault_location}", page, "hint", "vaultLocation")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase = password_field("passphraseField", "Passphrase", page)
        self.passphrase.setMinimumWidth(300)
        self.caps = CapsLockGuess(self)
        self.caps.watch(self.passphrase)
        self.caps_warning = caps_lock_warning(self.caps, page, "capsLockWarning")
        self.error = problem_label("unlockError", "Unlock problem", page)

        self.use_recovery = button("Use recovery key instead", "useRecoveryKey", page, self.show_recovery,
                                   "link")
        self.use_recovery.setAccessibleName("Use recovery key instead of the passphrase")
        self.use_recovery.setCursor(Qt.CursorShape.PointingHandCursor)
        quit_or_cancel = "Quit" if self.parent() is None else "Cancel"
        self.cancel_button = button(quit_or_cancel, "cancelUnlock", page, self.reject)
        self.unlock_button = primary_button("Unlock", "unlockButton", page, self.try_unlock)
        self.unlock_button.setDefault(True)

        field_row = QFormLayout()
        field_row.addRow("&Passphrase", self.passphrase)
        buttons = button_row([self.use_recovery], [self.cancel_button, self.unlock_button])
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
        set_tab_order(self.passphrase, self.use_recovery, self.cancel_button, self.unlock_button)
        return page

    # -- the recovery page ---------------------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("recoveryPage")
        set_help_section(page, "forgotten-passphrase")
        layout = page_column(
            page, "Unlock with the recovery key",
            "Type the recovery key you stored when the vault was made (dashes and case do not matter), "
            "then choose a new passphrase. The old passphrase stops working.",
        )
        self.recovery_key = QLineEdit(page)
        self.recovery_key.setObjectName("recoveryKeyField")
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.recovery_key.setMinimumWidth(360)
        self.recovery_key.textChanged.connect(self._recheck_key)
        self.new = NewPassphraseFields(page, "New passphrase", hint=True)
        self.new.watch_caps_lock(self.caps)
        self.recovery_caps = caps_lock_warning(self.caps, page)
        self.recovery_error = problem_label("recoveryError", "", page)

        self.back_button = button("Back to passphrase", "backToPassphrase", page, self.show_passphrase, "link")
        self.recover_button = primary_button("Unlock and set passphrase", "recoverButton", page,
                                             self.try_recover)

        form = QFormLayout()
        form.addRow("&Recovery key", self.recovery_key)
        self.new.add_rows(form, "&New passphrase")
        buttons = button_row([self.back_button], [self.recover_button])
        layout.addLayout(form)
        layout.addWidget(self.recovery_caps)
        layout.addWidget(self.recovery_error)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        set_tab_order(self.recovery_key, self.new.field, self.new.confirm, self.back_button, self.recover_button)
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
        if self.busy:
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
        if self.busy:
            return
        key, new = self.recovery_key.text(), self.new.field.text()
        no_key = not key.strip()
        show_problems(self.recovery_error, [_NO_KEY] if no_key else [])
        passphrase_field = self.new.insist("The two new passphrases differ; type them again.")
        to_fix = self.recovery_key if no_key else passphrase_field
        if to_fix is not None:
            focus_to_fix(to_fix)
            return
        unlocker = self._unlocker
        self._start(lambda: unlocker.recover(key, new))

    def _recheck_key(self) -> None:
        # "Type the recovery key" goes as soon as one is typed; what opening it said stays until the next try.
        if self.recovery_error.text() == _NO_KEY and self.recovery_key.text().strip():
            self.recovery_error.hide()

    def _start(self, work: Callable[[], Session]) -> None:
        self.error.hide()
        self.recovery_error.hide()
        self._work.start(work, self._succeeded, self._failed)

    def _succeeded(self, session: Session) -> None:
        self._wipe_fields()
        self.accept()
        self.unlocked.emit(session)

    def _failed(self, exc: BaseException) -> None:
        if self.pages.currentIndex() == 0:
            message = WRONG_PASSPHRASE if isinstance(exc, WrongPassphrase) else _message(exc)
            self._fail_passphrase(message)
        else:
            field = self.recovery_key if isinstance(exc, WrongRecoveryKey) else self.new.field
            show_problem(self.recovery_error, _message(exc), field)

    def _fail_passphrase(self, message: str) -> None:
        show_problem(self.error, message, self.passphrase)

    def _wipe_fields(self) -> None:
        """Forget the passphrase, recovery key and new passphrase typed."""
        self.passphrase.clear()
        self.recovery_key.clear()
        self.new.clear()


def _message(exc: BaseException) -> str:
    return calm_message(exc, doing="Opening the vault", outcome="The vault is still locked.")
