"""The offices dialog's two ways to add an office: from the card it sent, or (without SG Desktop) its age key.

Each page checks what is typed as it changes, adds through the offices service, and says so with a
signal; the dialog then moves on (to verifying a card's fingerprint, or back to the list).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLineEdit, QWidget

from sg_desktop.app.offices import OfficeCard
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.ui.exchange.card_input import CardInput
from sg_desktop.ui.exchange.fingerprint_view import FingerprintView
from sg_desktop.ui.exchange.office_trust_pages import council_picker
from sg_desktop.ui.shared.widgets import (
    buttons_row,
    exchange_column,
    label,
    primary_button,
    push_button,
    set_tab_order,
)

__all__ = ["AddAgePage", "AddCardPage"]


class AddCardPage(QWidget):
    """Paste or open another office's card, see whose it is, and add it (untrusted).

    Emits `added(name)` once the office is added. `show` puts the page on screen; `back` leaves it.
    """

    added = Signal(str)

    def __init__(self, parent: QWidget, session: Session, *, show: Callable[[QWidget], None],
                 back: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("addCardPage")
        self._session = session
        self._show = show
        layout, _, _ = exchange_column(
            self, "Add an office from its card",
            "The other office sends its card as a file or as a line of text starting sgcard1:. Adding it "
            "does not trust it yet: next you compare its fingerprint with the office by phone.",
        )
        self.card_input = CardInput(self, "card", session.offices.read_card, allow_age=False)
        self.card_input.changed.connect(self._card_edited)
        layout.addWidget(self.card_input)
        self.card_preview = QFrame(self)
        self.card_preview.setObjectName("cardPreview")
        self.card_preview.setProperty("role", "panel")
        form = QFormLayout(self.card_preview)
        form.setContentsMargins(16, 10, 16, 10)
        self.card_name = label("", self.card_preview, "", "cardOfficeName")
        self.card_name.setTextFormat(Qt.TextFormat.PlainText)  # from a card another office made
        self.card_org = label("", self.card_preview, "", "cardOfficeOrg")
        self.card_fingerprint = FingerprintView(self.card_preview, name="cardFingerprint")
        form.addRow("Office", self.card_name)
        form.addRow("Organisation", self.card_org)
        form.addRow("Fingerprint", self.card_fingerprint)
        self.card_preview.hide()
        layout.addWidget(self.card_preview)
        self.card_error = label("", self, "error", "addCardError")
        self.card_error.hide()
        layout.addWidget(self.card_error)
        layout.addStretch(1)
        self.add_card_confirm = primary_button("Add office", "addCardConfirm", self, self._add_card)
        back_button = push_button("Back", "addCardBack", self, back)
        layout.addLayout(buttons_row(back_button, self.add_card_confirm))
        set_tab_order(self.card_input.open_button, self.card_input.text, back_button, self.add_card_confirm)

    def start(self) -> None:
        """Show the page empty, ready for a card."""
        self.card_input.clear()
        self.card_error.hide()
        self._card_edited()
        self._show(self)
        self.card_input.text.setFocus()

    def forget(self) -> None:
        """Forget the card typed (the vault is locking)."""
        self.card_input.clear()

    def _card_edited(self) -> None:
        card = self.card_input.value
        self.card_error.hide()
        if isinstance(card, OfficeCard):
            self.card_name.setText(card.name)
            self.card_org.setText(card.org_type.label)
            self.card_fingerprint.set_digits(card.fingerprint_digits)
        self.card_preview.setVisible(isinstance(card, OfficeCard))
        self.add_card_confirm.setEnabled(isinstance(card, OfficeCard))

    def _add_card(self) -> None:
        card = self.card_input.value
        if not isinstance(card, OfficeCard):
            return
        try:
            office = self._session.offices.add(card)
        except SgError as exc:
            self.card_error.setText(str(exc))
            self.card_error.show()
            return
        self.card_input.clear()
        self.added.emit(office.name)


class AddAgePage(QWidget):
    """Name an office without SG Desktop, choose its kind, paste its `age1…` recipient, and add it.

    Emits `added(name)` once the office is added. `show` puts the page on screen; `back` leaves it.
    """

    added = Signal(str)

    def __init__(self, parent: QWidget, session: Session, *, show: Callable[[QWidget], None],
                 back: Callable[[], object]) -> None:
        super().__init__(parent)
        self.setObjectName("addAgePage")
        self._session = session
        self._show = show
        layout, _, _ = exchange_column(
            self, "Add an office without SG Desktop",
            "For an office that does not run SG Desktop. It makes a key with age-keygen and sends you the "
            "public line starting age1. It can open the files you send with age -d, but cannot send files to "
            "you.",
        )
        self.age_name = QLineEdit(self)
        self.age_name.setObjectName("ageOfficeName")
        self.age_name.setAccessibleName("Office name")
        self.age_name.setMaxLength(120)
        self.age_org = QComboBox(self)
        self.age_org.setObjectName("ageOfficeOrg")
        self.age_org.setAccessibleName("Kind of organisation")
        for org in OrgType:
            self.age_org.addItem(org.label, org)
        self.age_org.setCurrentIndex(self.age_org.findData(OrgType.GROUP_OFFICE))
        self.age_recipient = QLineEdit(self)
        self.age_recipient.setObjectName("ageRecipient")
        self.age_recipient.setAccessibleName("Age recipient")
        self.age_recipient.setPlaceholderText("age1…")
        self.age_recipient.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.age_council = council_picker(self, session, "ageOfficeCouncil")
        form = QFormLayout()
        form.addRow("Office &name", self.age_name)
        form.addRow("&Organisation", self.age_org)
        form.addRow("&Council", self.age_council)
        form.addRow("&Age recipient", self.age_recipient)
        layout.addLayout(form)
        self._council_label = form.labelForField(self.age_council)
        self.age_org.currentIndexChanged.connect(lambda _i: self._org_changed())
        layout.addWidget(label(
            "Its sharing checks use the organisation you choose here: an alert goes to it only if the "
            "alert's sharing scope includes that kind of organisation. A council's office also always "
            "receives the alerts about its own council (left empty, the council its name names).", self, "hint",
        ))
        self.age_error = label("", self, "error", "addAgeError")
        self.age_error.hide()
        layout.addWidget(self.age_error)
        layout.addStretch(1)
        self.add_age_confirm = primary_button("Add office", "addAgeConfirm", self, self._add_age)
        for field in (self.age_name, self.age_recipient):
            field.textChanged.connect(self._age_edited)
        back_button = push_button("Back", "addAgeBack", self, back)
        layout.addLayout(buttons_row(back_button, self.add_age_confirm))
        set_tab_order(self.age_name, self.age_org, self.age_council, self.age_recipient, back_button,
                      self.add_age_confirm)

    def start(self) -> None:
        """Show the page empty, ready for a name."""
        self.age_name.clear()
        self.age_recipient.clear()
        self.age_council.set_code("")
        self.age_error.hide()
        self._org_changed()
        self._age_edited()
        self._show(self)
        self.age_name.setFocus()

    def forget(self) -> None:
        """Forget what was typed (the vault is locking)."""
        self.age_name.clear()
        self.age_recipient.clear()

    def _org_changed(self) -> None:
        is_council = self.age_org.currentData() == OrgType.COUNCIL
        self.age_council.setVisible(is_council)
        if self._council_label is not None:
            self._council_label.setVisible(is_council)

    def _age_edited(self) -> None:
        filled = self.age_name.text().strip() and self.age_recipient.text().strip()
        self.add_age_confirm.setEnabled(bool(filled))

    def _add_age(self) -> None:
        org = OrgType(self.age_org.currentData())  # Qt hands a StrEnum back as a plain str
        council = self.age_council.current_code() if org is OrgType.COUNCIL else ""
        if org is OrgType.COUNCIL and self.age_council.has_unmatched_text():
            self.age_error.setText("No council matches what is typed; choose one from the list.")
            self.age_error.show()
            return
        try:
            office = self._session.offices.add_age(self.age_name.text(), org, self.age_recipient.text(),
                                                   council=council or None)
        except SgError as exc:
            self.age_error.setText(str(exc))
            self.age_error.show()
            return
        self.added.emit(office.name)
