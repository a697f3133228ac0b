"""The offices dialog's pages about trusting an office: verify its fingerprint, and replace its pinned keys.

Trusting needs the 40 digits typed as the office reads them out by phone, or an explicit confirmation
that they were read aloud and match. Replacing keys is only done when the office said so by phone, so
the page warns and asks for that to be confirmed. Each page says what it did with a signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox, QFormLayout, QFrame, QLineEdit, QPushButton, QVBoxLayout, QWidget

from sg_desktop.app.offices import OfficeCard
from sg_desktop.app.session import Session
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.office import Office
from sg_desktop.ui.exchange.card_input import CardInput
from sg_desktop.ui.exchange.fingerprint_view import FingerprintView
from sg_desktop.ui.shared.widgets import buttons_row, exchange_column, label, primary_button, push_button

__all__ = ["ReplaceKeyPage", "VerifyPage"]

_DIGITS = 40


class VerifyPage(QWidget):
    """The office's fingerprint in groups, a field for the digits read out, and Trust.

    Emits `trusted(Office)` once trusted. `show` puts the page on screen; "Not now" calls `back`.
    """

    trusted = Signal(object)

    def __init__(self, parent: QWidget, session: Session, *, show: Callable[[QWidget], None],
                 back: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("verifyPage")
        self._session = session
        self._show = show
        self._subject: Office | None = None
        self.verify_note = label("", self, "warning", "verifyNote")
        self.verify_note.hide()
        layout, self.verify_heading, _ = exchange_column(
            self, "Verify the office",
            "Call the office on a number you already know — not one from the email or file that brought "
            "the card. Ask them to open Exchange → Offices and read out their fingerprint. It must match "
            "this, every digit:",
            before=self.verify_note,
        )
        self.verify_heading.setObjectName("verifyHeading")
        panel = QFrame(self)
        panel.setProperty("role", "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(18, 12, 18, 12)
        self.verify_fingerprint = FingerprintView(panel, name="verifyFingerprint")
        inner.addWidget(self.verify_fingerprint)
        layout.addWidget(panel)
        layout.addSpacing(6)
        self.digits_field = QLineEdit(self)
        self.digits_field.setObjectName("digitsField")
        self.digits_field.setAccessibleName("The digits the office read out")
        self.digits_field.setPlaceholderText("Type the 40 digits as they read them; spaces do not matter")
        self.digits_field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.digits_field.textChanged.connect(self._digits_edited)
        self.digits_count = label("", self, "hint", "digitsCount")
        form = QFormLayout()
        form.addRow("&Digits they read", self.digits_field)
        form.addRow("", self.digits_count)
        layout.addLayout(form)
        self.confirm_match = QCheckBox("Or: I read all eight groups aloud with them, and every digit matches",
                                       self)
        self.confirm_match.setObjectName("confirmMatch")
        self.confirm_match.toggled.connect(self._digits_edited)
        layout.addWidget(self.confirm_match)
        self.verify_error = label("", self, "error", "verifyError")
        self.verify_error.setAccessibleName("Problem")
        self.verify_error.hide()
        layout.addWidget(self.verify_error)
        layout.addStretch(1)
        later = QPushButton("Not now", self)
        later.setObjectName("verifyLater")
        later.setToolTip("Leave the office untrusted: nothing can be sent to it or accepted from it yet")
        later.clicked.connect(back)
        self.trust_button = primary_button("&Trust this office", "trustButton", self, self._trust)
        layout.addLayout(buttons_row(later, self.trust_button))

    def start(self, office: Office, note: str) -> None:
        """Show the page for `office`, with `note` saying why it shows (or none for "")."""
        self._subject = office
        self.verify_heading.setText(f"Verify {office.name}")
        self.verify_note.setText(note)
        self.verify_note.setVisible(bool(note))
        self.verify_fingerprint.set_digits(office.fingerprint_digits)
        self.digits_field.clear()
        self.confirm_match.setChecked(False)
        self.verify_error.hide()
        self._digits_edited()
        self._show(self)
        self.digits_field.setFocus()

    def forget(self) -> None:
        """Forget the office and the digits typed (the vault is locking)."""
        self.digits_field.clear()
        self.verify_fingerprint.set_digits("")
        self._subject = None

    def _digits_edited(self) -> None:
        typed = _digits_in(self.digits_field.text())
        self.digits_count.setText(f"{len(typed)} of {_DIGITS} digits typed")
        self.verify_error.hide()
        self.trust_button.setEnabled(len(typed) == _DIGITS or (not typed and self.confirm_match.isChecked()))

    def _trust(self) -> None:
        if self._subject is None:
            return
        typed = _digits_in(self.digits_field.text())
        try:
            office = self._session.offices.trust(self._subject.name, digits=typed or None)
        except SgError as exc:
            self.verify_error.setText(str(exc))
            self.verify_error.show()
            self.digits_field.setFocus()
            self.digits_field.selectAll()
            return
        self.trusted.emit(office)


class ReplaceKeyPage(QWidget):
    """The office's fingerprint now, its new card (or age recipient), a confirmation, and Replace keys.

    Emits `replaced(Office)` once the new keys are pinned. `show` puts the page on screen; `back` leaves it.
    """

    replaced = Signal(object)

    def __init__(self, parent: QWidget, session: Session, *, show: Callable[[QWidget], None],
                 back: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("replaceKeyPage")
        self._session = session
        self._show = show
        self._subject: Office | None = None
        layout, self.replace_heading, self.replace_warning = exchange_column(
            self, "Replace the office's keys", "", role="banner")
        self.replace_warning.setObjectName("replaceWarning")
        current = QFormLayout()
        self.replace_fingerprint = FingerprintView(self, name="replaceOldFingerprint")
        current.addRow("Fingerprint now", self.replace_fingerprint)
        layout.addLayout(current)
        layout.addSpacing(4)
        layout.addWidget(label(
            "The new card (or, for an office without SG Desktop, its new age1… recipient):", self))
        self.replace_input = CardInput(self, "replace", session.offices.read_card, allow_age=True)
        self.replace_input.changed.connect(self._replace_edited)
        layout.addWidget(self.replace_input)
        self.replace_new = label("", self, "hint", "replaceNewKey")
        layout.addWidget(self.replace_new)
        self.replace_confirm = QCheckBox(self)
        self.replace_confirm.setObjectName("replaceConfirm")
        self.replace_confirm.toggled.connect(self._replace_edited)
        layout.addWidget(self.replace_confirm)
        self.replace_error = label("", self, "error", "replaceError")
        self.replace_error.hide()
        layout.addWidget(self.replace_error)
        layout.addStretch(1)
        self.replace_confirm_button = primary_button("Replace keys", "replaceKeyConfirm", self, self._replace)
        layout.addLayout(buttons_row(push_button("Back", "replaceBack", self, back),
                                     self.replace_confirm_button))

    def start(self, office: Office) -> None:
        """Show the page for replacing the keys of `office`."""
        self._subject = office
        self.replace_heading.setText(f"Replace the keys of {office.name}")
        self.replace_warning.setText(
            f"⚠ Only do this when {office.name} has told you — by phone, on a number you already know — "
            "that it has new keys (a new computer, or a lost one). Files signed with its old keys will no "
            "longer be accepted, the next file to it sends everything again, and the change is recorded in "
            "the audit log."
        )
        self.replace_fingerprint.set_digits(office.fingerprint_digits)
        self.replace_confirm.setText(f"I have spoken to {office.name} and they confirmed their keys changed")
        self.replace_confirm.setChecked(False)
        self.replace_input.clear()
        self.replace_error.hide()
        self._replace_edited()
        self._show(self)
        self.replace_input.text.setFocus()

    def forget(self) -> None:
        """Forget the office and the new key typed (the vault is locking)."""
        self.replace_input.clear()
        self.replace_fingerprint.set_digits("")
        self._subject = None

    def _replace_edited(self) -> None:
        new = self.replace_input.value
        self.replace_error.hide()
        if isinstance(new, OfficeCard):
            self.replace_new.setText(f"New card: {new.name} ({new.org_type.label}), fingerprint "
                                     f"{new.fingerprint_digits}. You compare it by phone next.")
        elif isinstance(new, str):
            self.replace_new.setText("New age recipient: the office will receive files, not send them.")
        else:
            self.replace_new.setText("")
        self.replace_confirm_button.setEnabled(new is not None and self.replace_confirm.isChecked())

    def _replace(self) -> None:
        new = self.replace_input.value
        if self._subject is None or new is None or not self.replace_confirm.isChecked():
            return
        try:
            office = self._session.offices.replace_key(self._subject.name, new)
        except SgError as exc:
            self.replace_error.setText(str(exc))
            self.replace_error.show()
            return
        self.replace_input.clear()
        self.replaced.emit(office)


def _digits_in(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
