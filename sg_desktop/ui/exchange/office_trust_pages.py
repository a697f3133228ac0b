"""The offices dialog's pages about trusting an office: verify its fingerprint, record its council, and
replace its pinned keys.

Trusting needs the 40 digits typed as the office reads them out by phone, or an explicit confirmation
that they were read aloud and match; for a council's office the same call confirms which council it is,
as that office always receives the alerts about its council. Replacing keys is only done when the office
said so by phone, so the page warns and asks for that to be confirmed. Each page says what it did with a
signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.offices import OfficeCard
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.office import Office
from sg_desktop.ui.exchange.card_input import CardInput
from sg_desktop.ui.exchange.fingerprint_view import FingerprintView
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.shared.widgets import (
    buttons_row,
    exchange_column,
    label,
    primary_button,
    push_button,
    set_tab_order,
)

__all__ = ["CouncilPage", "ReplaceKeyPage", "VerifyPage", "council_picker"]

_DIGITS = 40
_UNMATCHED = "No council matches what is typed; choose one from the list."
_WHY_COUNCIL = ("It always receives the alerts about its own council; alerts about other councils go to it only "
                "when their sharing scope includes councils.")


def council_picker(parent: QWidget, session: Session, name: str) -> CouncilPicker:
    """A picker of the councils this vault knows, named `name`, for saying which council an office belongs to."""
    picker = CouncilPicker(session.alerts.councils, parent)
    picker.setObjectName(name)
    picker.setAccessibleName("Which council it is the office of")
    return picker


def _plain(widget: QLabel) -> QLabel:
    # Office names come from cards other offices made: never let Qt read them as markup.
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


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
        _plain(self.verify_heading).setObjectName("verifyHeading")
        _plain(self.verify_note)
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
        layout.addWidget(self.confirm_match, 0, Qt.AlignmentFlag.AlignLeft)  # only as wide as its words
        self.council_row = QWidget(self)
        self.council_row.setObjectName("verifyCouncilRow")
        council_form = QFormLayout(self.council_row)
        council_form.setContentsMargins(0, 6, 0, 0)
        self.council = council_picker(self.council_row, session, "verifyCouncil")
        council_form.addRow("&Council it is the office of", self.council)
        council_form.addRow("", label(f"Ask them this on the same call. {_WHY_COUNCIL}", self.council_row, "hint"))
        layout.addWidget(self.council_row)
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
        set_tab_order(self.digits_field, self.confirm_match, self.council, later, self.trust_button)

    def start(self, office: Office, note: str) -> None:
        """Show the page for `office`, with `note` saying why it shows (or none for "")."""
        self._subject = office
        self.verify_heading.setText(f"Verify {office.name}")
        self.verify_note.setText(note)
        self.verify_note.setVisible(bool(note))
        self.verify_fingerprint.set_digits(office.fingerprint_digits)
        self.digits_field.clear()
        self.confirm_match.setChecked(False)
        self.council_row.setVisible(office.org_type is OrgType.COUNCIL)
        self.council.set_code(office.own_council)
        self.verify_error.hide()
        self._digits_edited()
        self._show(self)
        self.digits_field.setFocus()

    def forget(self) -> None:
        """Forget the office and the digits typed (the vault is locking)."""
        self.digits_field.clear()
        self.verify_fingerprint.set_digits("")
        self.council.set_code("")
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
        council: str | None = None
        if self._subject.org_type is OrgType.COUNCIL:
            if self.council.has_unmatched_text():
                self.verify_error.setText(_UNMATCHED)
                self.verify_error.show()
                self.council.setFocus()
                return
            council = self.council.current_code() or None
        try:
            office = self._session.offices.trust(self._subject.name, digits=typed or None, council=council)
        except SgError as exc:
            self.verify_error.setText(str(exc))
            self.verify_error.show()
            self.digits_field.setFocus()
            self.digits_field.selectAll()
            return
        self.trusted.emit(office)


class CouncilPage(QWidget):
    """Which council a council's office belongs to: a picker of councils, and Record.

    Emits `recorded(Office)` once the council is recorded. `show` puts the page on screen; `back` leaves it.
    """

    recorded = Signal(object)

    def __init__(self, parent: QWidget, session: Session, *, show: Callable[[QWidget], None],
                 back: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("councilPage")
        self._session = session
        self._show = show
        self._subject: Office | None = None
        layout, self.council_heading, _ = exchange_column(self, "Which council is it the office of?",
                                                          _WHY_COUNCIL)
        _plain(self.council_heading).setObjectName("councilHeading")
        self.council = council_picker(self, session, "officeCouncil")
        self.council.council_changed.connect(lambda _code: self._edited())
        form = QFormLayout()
        form.addRow("&Council", self.council)
        layout.addLayout(form)
        self.council_error = label("", self, "error", "councilError")
        self.council_error.hide()
        layout.addWidget(self.council_error)
        layout.addStretch(1)
        self.record_button = primary_button("&Record council", "recordCouncilButton", self, self._record)
        back_button = push_button("Back", "councilBack", self, back)
        layout.addLayout(buttons_row(back_button, self.record_button))
        set_tab_order(self.council, back_button, self.record_button)

    def start(self, office: Office) -> None:
        """Show the page for the council's office `office`, its council as recorded chosen."""
        self._subject = office
        self.council_heading.setText(f"Which council is {office.name} the office of?")
        self.council.set_code(office.own_council)
        self.council_error.hide()
        self._edited()
        self._show(self)
        self.council.setFocus()

    def forget(self) -> None:
        """Forget the office (the vault is locking)."""
        self.council.set_code("")
        self._subject = None

    def _edited(self) -> None:
        self.council_error.hide()
        self.record_button.setEnabled(bool(self.council.current_code()))

    def _record(self) -> None:
        code = self.council.current_code()
        if self._subject is None or not code:
            return
        try:
            office = self._session.offices.set_council(self._subject.name, code)
        except SgError as exc:
            self.council_error.setText(str(exc))
            self.council_error.show()
            return
        self.recorded.emit(office)


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
        _plain(self.replace_warning).setObjectName("replaceWarning")
        _plain(self.replace_heading)
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
        self.replace_new = _plain(label("", self, "hint", "replaceNewKey"))
        layout.addWidget(self.replace_new)
        self.replace_confirm = QCheckBox(self)
        self.replace_confirm.setObjectName("replaceConfirm")
        self.replace_confirm.toggled.connect(self._replace_edited)
        layout.addWidget(self.replace_confirm, 0, Qt.AlignmentFlag.AlignLeft)
        self.replace_error = label("", self, "error", "replaceError")
        self.replace_error.hide()
        layout.addWidget(self.replace_error)
        layout.addStretch(1)
        self.replace_confirm_button = primary_button("Replace keys", "replaceKeyConfirm", self, self._replace)
        back_button = push_button("Back", "replaceBack", self, back)
        layout.addLayout(buttons_row(back_button, self.replace_confirm_button))
        set_tab_order(self.replace_input.open_button, self.replace_input.text, self.replace_confirm, back_button,
                      self.replace_confirm_button)

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
