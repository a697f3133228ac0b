"""Changing the vault passphrase while the vault is open: the current passphrase, then the new one twice.

`change_passphrase` derives a key twice (to check the current passphrase, then to wrap the data key under
the new one), so it runs on the thread pool while the dialog shows it is busy. Only the small key file is
rewritten, atomically: the alerts are not touched and the recovery key keeps working.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.failures import calm_message
from sg_desktop.domain.errors import ValidationError, WrongPassphrase
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.passphrase import CapsLockGuess, NewPassphraseFields, caps_lock_warning
from sg_desktop.ui.shared.widgets import (
    busy_bar,
    button,
    button_row,
    focus_to_fix,
    label,
    page_column,
    page_layout,
    password_field,
    primary_button,
    problem_label,
    set_tab_order,
    show_problem,
    show_problems,
)
from sg_desktop.ui.shared.work_dialog import WorkDialog

__all__ = [
    "CHANGED",
    "DEMO_HAS_NO_PASSPHRASE",
    "WRONG_CURRENT_PASSPHRASE",
    "ChangePassphraseDialog",
    "PassphraseChanger",
]

WRONG_CURRENT_PASSPHRASE = "That is not the vault's current passphrase. Check Caps Lock and try again."
CHANGED = "The old passphrase no longer opens the vault; the recovery key still does."
DEMO_HAS_NO_PASSPHRASE = (
    "The demo vault has no passphrase to change: it is made afresh with fictional alerts and deleted when "
    "you quit."
)
_SAME_AS_BEFORE = "The new passphrase is the same as the current one; choose a different one."
_NO_CURRENT = "Type the passphrase you unlock the vault with now."
_DIFFER = "The two new passphrases differ; type them again."


class PassphraseChanger(Protocol):
    """What the dialog needs of the vault (VaultService provides it)."""

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the vault's key under `new`; WrongPassphrase if `current` is not the passphrase."""
        ...


class ChangePassphraseDialog(WorkDialog):
    """Asks for the current passphrase and a new one, changes it off the GUI thread, then says what changed.

    Emits `changed()` once the new passphrase is in place.
    """

    changed = Signal()

    def __init__(self, changer: PassphraseChanger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle("Change passphrase — SG Desktop")
        self._changer = changer
        self._delete_when_done = False
        self._checked = False  # Change was pressed: problems named under the form go once fixed
        # Two pages, one shown: a hidden page takes no room, so the dialog fits the one on screen.
        self.form_page = self._form_page()
        self.done_page = self._done_page()
        self.done_page.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.form_page)
        layout.addWidget(self.done_page)
        self.setMinimumWidth(500)
        self._work = self.busy_work(self.busy_bar, (self.current, self.new.field, self.new.confirm,
                                                     self.change_button, self.cancel_button))
        self.finished.connect(self._closed)
        offer_help(self, "change-passphrase")
        self.current.setFocus()

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("changePassphrasePage")
        layout = page_column(
            page, "Change the vault passphrase",
            "Type the passphrase you unlock with now, then the new one twice. The vault stays open and its "
            "alerts are not touched: only the key that opens it is locked again under the new passphrase.",
        )
        self.current = password_field("currentPassphraseField", "Current passphrase", page)
        self.current.setMinimumWidth(300)
        self.new = NewPassphraseFields(page, "New passphrase", hint=True)
        self.caps = CapsLockGuess(self)
        self.caps.watch(self.current)
        self.new.watch_caps_lock(self.caps)
        self.caps_warning = caps_lock_warning(self.caps, page, "capsLockWarning")
        self.error = problem_label("changePassphraseError", "Problem to fix", page)
        self.busy_bar = busy_bar("changePassphraseBusy", "Changing the passphrase", page)

        self.cancel_button = button("Cancel", "cancelChangePassphrase", page, self.reject)
        self.change_button = primary_button("Change passphrase", "changePassphraseButton", page,
                                            self.try_change)
        self.change_button.setDefault(True)
        for field in (self.current, self.new.field, self.new.confirm):
            field.textChanged.connect(self._recheck)

        form = QFormLayout()
        form.addRow("&Current passphrase", self.current)
        self.new.add_rows(form, "&New passphrase")
        buttons = button_row(end=[self.cancel_button, self.change_button])
        layout.addLayout(form)
        layout.addWidget(self.caps_warning)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        set_tab_order(self.current, self.new.field, self.new.confirm, self.cancel_button, self.change_button)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("passphraseChangedPage")
        heading = label("Passphrase changed", page, "heading")
        message = label(CHANGED, page, "", "passphraseChangedMessage")
        advice = label(
            "Unlock with the new passphrase from now on. Nothing else has changed: the alerts, and the "
            "recovery key you stored when the vault was made, are as they were.",
            page, "hint",
        )
        self.close_button = primary_button("Close", "closeChangePassphrase", page, self.accept)
        page_layout(page, [heading, message, advice, None, button_row(end=[self.close_button])], spacing=10)
        return page

    # -- changing ------------------------------------------------------------------------------

    def try_change(self) -> None:
        """Check what was typed; then change the passphrase in the background."""
        if self.busy:
            return
        self._checked = True
        found = self._form_problems()
        show_problems(self.error, [message for message, _ in found])
        new_field = self.new.insist(_DIFFER)
        # A missing current passphrase is above the new one; "the same as before" only arises once the new
        # one is acceptable. Either way the first problem on the form is the one to fix first.
        to_fix = found[0][1] if found else new_field
        if to_fix is not None:
            focus_to_fix(to_fix)
            return
        current, new = self.current.text(), self.new.field.text()
        changer = self._changer
        self._work.start(lambda: changer.change_passphrase(current, new), self._succeeded, self._failed)

    def _form_problems(self) -> list[tuple[str, QLineEdit]]:
        """What is wrong besides the new passphrase itself (the line under its meter says that), in order."""
        current, new = self.current.text(), self.new.field.text()
        found: list[tuple[str, QLineEdit]] = []
        if not current:
            found.append((_NO_CURRENT, self.current))
        elif new == current and self.new.problem(_DIFFER) is None:
            found.append((_SAME_AS_BEFORE, self.new.field))
        return found

    def _recheck(self) -> None:
        if self._checked:
            show_problems(self.error, [message for message, _ in self._form_problems()])

    def _succeeded(self, _result: object) -> None:
        self._wipe_fields()
        self.form_page.hide()
        self.done_page.show()
        self.adjustSize()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.changed.emit()
        self._delete_if_closed()

    def _failed(self, exc: BaseException) -> None:
        self._checked = False  # what went wrong is the attempt's, not the form's: it stays until the next one
        if isinstance(exc, WrongPassphrase):
            show_problem(self.error, WRONG_CURRENT_PASSPHRASE, self.current)
        elif isinstance(exc, ValidationError):
            show_problem(self.error, str(exc), self.new.field)
        else:
            message = calm_message(exc, doing="Changing the passphrase", outcome="The passphrase was not changed.")
            show_problem(self.error, message, self.current)
        self._delete_if_closed()

    # -- closing -------------------------------------------------------------------------------

    def forget(self) -> None:
        """Close at once (the vault locked), wiping what was typed; a change under way still finishes."""
        self._wipe_fields()
        self.error.hide()
        QDialog.done(self, QDialog.DialogCode.Rejected)  # not self.reject(): that waits for the change

    def _closed(self) -> None:
        # The worker reports back to this dialog, so it must outlive a change it is waiting for.
        if self.busy:
            self._delete_when_done = True
        else:
            self.deleteLater()

    def _delete_if_closed(self) -> None:
        if self._delete_when_done:
            self.deleteLater()

    def _wipe_fields(self) -> None:
        """Forget the current and new passphrases typed."""
        self.current.clear()
        self.new.clear()
