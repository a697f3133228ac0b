"""Offices: this office's card to hand out, and the offices this vault exchanges protocol files with.

An office added from its card is not trusted until an officer has compared its fingerprint with the
office by phone, on a number they already know; the dialog shows the digits in numbered groups so two
people can read them to each other, and trusting needs them typed or explicitly confirmed. Replacing a
pinned key is its own page, with a warning and a confirmation. Everything here is quick, so it runs on
the GUI thread; the service audits every change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.offices import Office
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.exchange import OfficeCard
from sg_desktop.store.files import write_atomic
from sg_desktop.store.offices import TrustMethod
from sg_desktop.ui.formatting import day_text
from sg_desktop.ui.key_dialog_parts import label, primary_button

__all__ = ["FingerprintView", "OfficesDialog", "trust_text"]

_MAX_CARD_FILE = 64 * 1024
_DIGITS = 40
_GOOD, _WAITING = "#2f7d4f", "#8a5300"
_CARD_FILTER = "Office cards (*.sgcard *.json);;All files (*)"
# Roomier rows and the log's light selection colour, for the lists and tables of this dialog.
_VIEWS = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""


def trust_text(office: Office) -> str:
    """Where the office stands, in words (never colour alone)."""
    if office.trust_method is TrustMethod.AGE_RECIPIENT:
        return "✓ Receives only (no SG Desktop)"
    if not office.is_trusted:
        return "⚠ Not verified — compare its fingerprint"
    when = day_text(office.trusted_at.date()) if office.trusted_at else ""
    if office.trust_method is TrustMethod.ON_ADD:
        return f"✓ Trusted when added, {when} (not compared)"
    return f"✓ Verified by phone, {when}"


def _message(exc: BaseException, doing: str) -> str:
    """One calm line for the officer: the error's own message, or what failed without any detail."""
    if isinstance(exc, SgError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{doing} failed: {exc.strerror or 'the system refused'}."
    return f"{doing} failed unexpectedly ({type(exc).__name__}); nothing was changed."


class FingerprintView(QWidget):
    """A fingerprint as eight numbered groups of five digits, big enough to read aloud over the phone."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "fingerprintView") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._digits = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.45)
        mono.setWeight(QFont.Weight.DemiBold)
        self._groups: list[QLabel] = []
        for i in range(8):
            row, column = divmod(i, 4)
            number = QLabel(str(i + 1), self)
            number.setProperty("role", "hint")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            small = number.font()
            small.setPointSizeF(small.pointSizeF() * 0.8)
            number.setFont(small)
            group = QLabel("", self)
            group.setFont(mono)
            group.setAlignment(Qt.AlignmentFlag.AlignCenter)
            group.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(number, row * 2, column)
            grid.addWidget(group, row * 2 + 1, column)
            self._groups.append(group)
        grid.setColumnStretch(4, 1)

    def set_digits(self, digits: str) -> None:
        """Show these digits ("01234 56789 …"), or nothing for ""."""
        self._digits = digits
        groups = digits.split()
        for i, widget in enumerate(self._groups):
            widget.setText(groups[i] if i < len(groups) else "")
        self.setAccessibleName(f"Fingerprint {digits}" if digits else "No fingerprint")

    def digits(self) -> str:
        """The digits shown."""
        return self._digits


def _choose_file(parent: QWidget, name: str, title: str, *, save: bool, default: str = "") -> QFileDialog:
    """A file dialog to open window-modally (never `exec()`): the caller stays live; tests can answer."""
    dialog = QFileDialog(parent, title, default or QDir.homePath(), _CARD_FILTER)
    dialog.setObjectName(name)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sgcard")
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def _card_text_from(path: Path) -> str:
    """The card file's text (a card is a little JSON); ValueError, with a sentence, when it cannot be one."""
    try:
        if path.stat().st_size > _MAX_CARD_FILE:
            raise ValueError(f"{path.name} is too large to be an office card.")
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not an SG Desktop office card.") from None
    except OSError as exc:
        raise ValueError(f"{path.name} cannot be read ({exc.strerror or 'system error'}).") from None


class _KeyInput(QWidget):
    """A card pasted (`sgcard1:…`) or read from a file, checked as it changes; optionally an `age1…` key."""

    changed = Signal()

    def __init__(self, parent: QWidget, prefix: str, read: Callable[[str], OfficeCard], *,
                 allow_age: bool) -> None:
        super().__init__(parent)
        self._read = read
        self._allow_age = allow_age
        self.value: OfficeCard | str | None = None
        self.problem = ""
        self.open_button = QPushButton("Open card file…", self)
        self.open_button.setObjectName(f"{prefix}OpenFile")
        self.open_button.clicked.connect(self._open_file)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(f"{prefix}Text")
        self.text.setAccessibleName("Office card text")
        self.text.setPlaceholderText(
            "Paste the card here: one line starting sgcard1:"
            + (" — or an age1… recipient" if allow_age else "")
        )
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(74)
        self.text.textChanged.connect(self._parse)
        self.error = label("", self, "error", f"{prefix}Problem")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(label("or paste it below.", self, "hint"), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text)
        layout.addWidget(self.error)

    def clear(self) -> None:
        """Forget the text."""
        self.text.clear()

    def _open_file(self) -> None:
        dialog = _choose_file(self, "cardFileDialog", "Open an office card", save=False)
        dialog.fileSelected.connect(self._file_chosen)
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        try:
            self.text.setPlainText(_card_text_from(Path(path)))
        except ValueError as exc:
            self.text.clear()
            self._show_problem(str(exc))

    def _parse(self) -> None:
        text = self.text.toPlainText().strip()
        self.value, self.problem = None, ""
        if text and self._allow_age and text.startswith("age1"):
            self.value = text
        elif text:
            try:
                self.value = self._read(text)
            except SgError as exc:
                self.problem = str(exc)
        self._show_problem(self.problem)
        self.changed.emit()

    def _show_problem(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.setVisible(bool(problem))


class OfficesDialog(QDialog):
    """This office's card, and the other offices with their trust; add, verify and replace their keys.

    Emits `changed()` after an office was added, trusted or given new keys. `force_close()` closes at
    once and forgets what was typed (for locking the vault). Open it with `open()` or `show()`.
    """

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officesDialog")
        self.setWindowTitle("Offices — SG Desktop")
        self.setStyleSheet(_VIEWS)
        self._session = session
        self._card = session.offices.card()
        self._subject: Office | None = None  # the office the verify or replace page is about
        self.pages = QStackedWidget(self)
        self.list_page = self._list_page()
        self.card_page = self._add_card_page()
        self.age_page = self._add_age_page()
        self.verify_page = self._verify_page()
        self.replace_page = self._replace_page()
        for page in (self.list_page, self.card_page, self.age_page, self.verify_page, self.replace_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages)
        self.resize(860, 640)
        self.setMinimumSize(760, 560)
        self.setSizeGripEnabled(True)
        self.reload()

    # -- the contract ----------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the offices again, selecting the one named `select` (or keeping the selection)."""
        current = select or self._selected_name()
        self.office_list.clear()
        for office in self._session.offices.all():
            item = QTreeWidgetItem([office.name, office.org_type.label, trust_text(office),
                                    day_text(office.added_at.date())])
            item.setData(0, Qt.ItemDataRole.UserRole, office.name)
            item.setForeground(2, QBrush(QColor(_GOOD if office.is_trusted else _WAITING)))
            item.setToolTip(2, f"Fingerprint {office.fingerprint_digits}")
            self.office_list.addTopLevelItem(item)
            if current and office.name.casefold() == current.casefold():
                self.office_list.setCurrentItem(item)
        self.empty_hint.setVisible(self.office_list.topLevelItemCount() == 0)
        self._selection_changed()

    def show_verify(self, name: str, note: str = "") -> None:
        """Show the page that compares the office's fingerprint and trusts it; `note` says why it shows."""
        office = self._session.offices.get(name)
        self._subject = office
        self.verify_heading.setText(f"Verify {office.name}")
        self.verify_note.setText(note)
        self.verify_note.setVisible(bool(note))
        self.verify_fingerprint.set_digits(office.fingerprint_digits)
        self.digits_field.clear()
        self.confirm_match.setChecked(False)
        self.verify_error.hide()
        self._digits_edited()
        self.pages.setCurrentWidget(self.verify_page)
        self.digits_field.setFocus()

    def force_close(self) -> None:
        """Close at once without asking and forget what was typed (the vault is locking)."""
        for child in self.findChildren(QFileDialog):
            child.blockSignals(True)
            child.done(0)
        self.done(QDialog.DialogCode.Rejected)
        self.card_input.clear()
        self.replace_input.clear()
        self.age_name.clear()
        self.age_recipient.clear()
        self.digits_field.clear()
        self.office_list.clear()
        self.verify_fingerprint.set_digits("")
        self.replace_fingerprint.set_digits("")
        self._subject = None

    # -- the list page ---------------------------------------------------------------------------------

    def _list_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("officesPage")
        layout, _, _ = _column(
            page, "Offices",
            "Protocol files go only to offices whose fingerprint you have compared by phone, and are "
            "accepted only from them.",
        )
        layout.addWidget(self._own_card_panel(page))
        layout.addSpacing(8)
        layout.addWidget(label("Other offices", page, "subheading"))
        self.office_list = QTreeWidget(page)
        self.office_list.setObjectName("officeList")
        self.office_list.setAccessibleName("Other offices")
        self.office_list.setHeaderLabels(["Office", "Organisation", "Trust", "Added"])
        self.office_list.setRootIsDecorated(False)
        self.office_list.setAlternatingRowColors(True)
        self.office_list.setUniformRowHeights(True)
        self.office_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.office_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 270), (3, 100)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.office_list.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.office_list.itemDoubleClicked.connect(lambda *_: self._verify_selected())
        layout.addWidget(self.office_list, 1)
        self.empty_hint = label(
            "No offices yet. Add an office from the card it sent you, then compare its fingerprint by phone.",
            page, "hint", "noOfficesHint",
        )
        layout.addWidget(self.empty_hint)

        self.add_card_button = self._button("&Add office from card…", "addFromCardButton", page,
                                            self._to_add_card)
        self.add_age_button = self._button("Add office &without SG Desktop…", "addAgeButton", page,
                                           self._to_add_age)
        self.verify_button = self._button("&Verify fingerprint…", "verifyButton", page,
                                          self._verify_selected)
        self.replace_button = self._button("&Replace key…", "replaceKeyButton", page,
                                           self._replace_selected)
        row = QHBoxLayout()
        for button in (self.add_card_button, self.add_age_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.verify_button, self.replace_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.status = label("", page, "hint", "officesStatus")
        self.status.setAccessibleName("What happened")
        layout.addWidget(self.status)
        close = QPushButton("Close", page)
        close.setObjectName("closeOfficesButton")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        return page

    def _own_card_panel(self, page: QWidget) -> QFrame:
        panel = QFrame(page)
        panel.setObjectName("ownCardPanel")
        panel.setProperty("role", "panel")
        profile = self._session.office
        name = label(profile.name, panel, "subheading", "ownOfficeName")
        org = label(f"This office · {profile.org_type.label}", panel, "hint", "ownOfficeOrg")
        self.own_fingerprint = FingerprintView(panel, name="ownFingerprint")
        self.own_fingerprint.set_digits(self._card.fingerprint_digits)
        advice = label(
            "Give your card to the other office (as a file or copied text). When they call to check it, "
            "read them these eight groups.", panel, "hint",
        )
        copy = self._button("&Copy card", "copyCardButton", panel, self._copy_card)
        save = self._button("&Save card as file…", "saveCardButton", panel, self._save_card)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(name)
        left.addWidget(org)
        left.addSpacing(6)
        left.addWidget(self.own_fingerprint)
        left.addSpacing(4)
        left.addWidget(advice)
        right = QVBoxLayout()
        right.addWidget(copy)
        right.addWidget(save)
        right.addStretch(1)
        outer = QHBoxLayout(panel)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(left, 1)
        outer.addSpacing(12)
        outer.addLayout(right)
        return panel

    def _button(self, text: str, name: str, parent: QWidget, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _selected(self) -> Office | None:
        name = self._selected_name()
        if not name:
            return None
        try:
            return self._session.offices.get(name)
        except SgError:
            return None

    def _selected_name(self) -> str | None:
        item = self.office_list.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selection_changed(self) -> None:
        office = self._selected()
        self.verify_button.setEnabled(office is not None and not office.is_trusted)
        self.replace_button.setEnabled(office is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "error" if error else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _copy_card(self) -> None:
        # The card is public (keys and a name); nothing secret goes to the clipboard.
        QGuiApplication.clipboard().setText(self._card.to_string())
        self._say("Card copied. Paste it into an email to the other office, then read them your fingerprint "
                  "by phone.")

    def _save_card(self) -> None:
        default = str(Path(QDir.homePath()) / f"{_file_stem(self._session.office.name)}.sgcard")
        dialog = _choose_file(self, "saveCardDialog", "Save this office's card", save=True, default=default)
        dialog.fileSelected.connect(self.save_card_to)
        dialog.open()

    def save_card_to(self, path: str | Path) -> None:
        """Write this office's card to `path` (atomically) and say where it went."""
        target = Path(path)
        try:
            write_atomic(target, self._card.to_bytes())
        except OSError as exc:
            self._say(_message(exc, f"Saving the card as {target.name}"), error=True)
            return
        self._say(f"Card saved as {target}. Send it to the other office, then read them your fingerprint by "
                  "phone.")

    # -- add from a card -------------------------------------------------------------------------------

    def _add_card_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("addCardPage")
        layout, _, _ = _column(
            page, "Add an office from its card",
            "The other office sends its card as a file or as a line of text starting sgcard1:. Adding it "
            "does not trust it yet: next you compare its fingerprint with the office by phone.",
        )
        self.card_input = _KeyInput(page, "card", self._session.offices.read_card, allow_age=False)
        self.card_input.changed.connect(self._card_edited)
        layout.addWidget(self.card_input)
        self.card_preview = QFrame(page)
        self.card_preview.setObjectName("cardPreview")
        self.card_preview.setProperty("role", "panel")
        form = QFormLayout(self.card_preview)
        form.setContentsMargins(16, 10, 16, 10)
        self.card_name = label("", self.card_preview, "", "cardOfficeName")
        self.card_org = label("", self.card_preview, "", "cardOfficeOrg")
        self.card_fingerprint = FingerprintView(self.card_preview, name="cardFingerprint")
        form.addRow("Office", self.card_name)
        form.addRow("Organisation", self.card_org)
        form.addRow("Fingerprint", self.card_fingerprint)
        self.card_preview.hide()
        layout.addWidget(self.card_preview)
        self.card_error = label("", page, "error", "addCardError")
        self.card_error.hide()
        layout.addWidget(self.card_error)
        layout.addStretch(1)
        self.add_card_confirm = primary_button("Add office", "addCardConfirm", page, self._add_card)
        layout.addLayout(_buttons(self._back_button(page, "addCardBack"), self.add_card_confirm))
        return page

    def _to_add_card(self) -> None:
        self.card_input.clear()
        self.card_error.hide()
        self._card_edited()
        self.pages.setCurrentWidget(self.card_page)
        self.card_input.text.setFocus()

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
        self.changed.emit()
        self.reload(select=office.name)
        self.show_verify(office.name, f"{office.name} was added. It is not trusted until you have compared "
                                      "its fingerprint with the office.")

    # -- add an office without SG Desktop --------------------------------------------------------------

    def _add_age_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("addAgePage")
        layout, _, _ = _column(
            page, "Add an office without SG Desktop",
            "For an office that does not run SG Desktop. It makes a key with age-keygen and sends you the "
            "public line starting age1. It can open the files you send with age -d, but cannot send files to "
            "you.",
        )
        self.age_name = QLineEdit(page)
        self.age_name.setObjectName("ageOfficeName")
        self.age_name.setAccessibleName("Office name")
        self.age_name.setMaxLength(120)
        self.age_org = QComboBox(page)
        self.age_org.setObjectName("ageOfficeOrg")
        self.age_org.setAccessibleName("Kind of organisation")
        for org in OrgType:
            self.age_org.addItem(org.label, org)
        self.age_org.setCurrentIndex(self.age_org.findData(OrgType.GROUP_OFFICE))
        self.age_recipient = QLineEdit(page)
        self.age_recipient.setObjectName("ageRecipient")
        self.age_recipient.setAccessibleName("Age recipient")
        self.age_recipient.setPlaceholderText("age1…")
        self.age_recipient.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        form = QFormLayout()
        form.addRow("Office &name", self.age_name)
        form.addRow("&Organisation", self.age_org)
        form.addRow("&Age recipient", self.age_recipient)
        layout.addLayout(form)
        layout.addWidget(label(
            "Its sharing checks use the organisation you choose here: an alert goes to it only if the "
            "alert's sharing scope includes that kind of organisation.", page, "hint",
        ))
        self.age_error = label("", page, "error", "addAgeError")
        self.age_error.hide()
        layout.addWidget(self.age_error)
        layout.addStretch(1)
        self.add_age_confirm = primary_button("Add office", "addAgeConfirm", page, self._add_age)
        for field in (self.age_name, self.age_recipient):
            field.textChanged.connect(self._age_edited)
        layout.addLayout(_buttons(self._back_button(page, "addAgeBack"), self.add_age_confirm))
        return page

    def _to_add_age(self) -> None:
        self.age_name.clear()
        self.age_recipient.clear()
        self.age_error.hide()
        self._age_edited()
        self.pages.setCurrentWidget(self.age_page)
        self.age_name.setFocus()

    def _age_edited(self) -> None:
        filled = self.age_name.text().strip() and self.age_recipient.text().strip()
        self.add_age_confirm.setEnabled(bool(filled))

    def _add_age(self) -> None:
        org = OrgType(self.age_org.currentData())  # Qt hands a StrEnum back as a plain str
        try:
            office = self._session.offices.add_age(self.age_name.text(), org, self.age_recipient.text())
        except SgError as exc:
            self.age_error.setText(str(exc))
            self.age_error.show()
            return
        self.changed.emit()
        self.reload(select=office.name)
        self.pages.setCurrentWidget(self.list_page)
        self._say(f"Added {office.name}. It can receive protocol files (and open them with age -d), but "
                  "cannot send any.")

    # -- verify ----------------------------------------------------------------------------------------

    def _verify_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("verifyPage")
        self.verify_note = label("", page, "warning", "verifyNote")
        self.verify_note.hide()
        layout, self.verify_heading, _ = _column(
            page, "Verify the office",
            "Call the office on a number you already know — not one from the email or file that brought "
            "the card. Ask them to open Exchange → Offices and read out their fingerprint. It must match "
            "this, every digit:",
            before=self.verify_note,
        )
        self.verify_heading.setObjectName("verifyHeading")
        panel = QFrame(page)
        panel.setProperty("role", "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(18, 12, 18, 12)
        self.verify_fingerprint = FingerprintView(panel, name="verifyFingerprint")
        inner.addWidget(self.verify_fingerprint)
        layout.addWidget(panel)
        layout.addSpacing(6)
        self.digits_field = QLineEdit(page)
        self.digits_field.setObjectName("digitsField")
        self.digits_field.setAccessibleName("The digits the office read out")
        self.digits_field.setPlaceholderText("Type the 40 digits as they read them; spaces do not matter")
        self.digits_field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.digits_field.textChanged.connect(self._digits_edited)
        self.digits_count = label("", page, "hint", "digitsCount")
        form = QFormLayout()
        form.addRow("&Digits they read", self.digits_field)
        form.addRow("", self.digits_count)
        layout.addLayout(form)
        self.confirm_match = QCheckBox("Or: I read all eight groups aloud with them, and every digit matches",
                                       page)
        self.confirm_match.setObjectName("confirmMatch")
        self.confirm_match.toggled.connect(self._digits_edited)
        layout.addWidget(self.confirm_match)
        self.verify_error = label("", page, "error", "verifyError")
        self.verify_error.setAccessibleName("Problem")
        self.verify_error.hide()
        layout.addWidget(self.verify_error)
        layout.addStretch(1)
        later = QPushButton("Not now", page)
        later.setObjectName("verifyLater")
        later.setToolTip("Leave the office untrusted: nothing can be sent to it or accepted from it yet")
        later.clicked.connect(self._back_to_list)
        self.trust_button = primary_button("&Trust this office", "trustButton", page, self._trust)
        layout.addLayout(_buttons(later, self.trust_button))
        return page

    def _verify_selected(self) -> None:
        office = self._selected()
        if office is not None and not office.is_trusted:
            self.show_verify(office.name)

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
        self.changed.emit()
        self.reload(select=office.name)
        self.pages.setCurrentWidget(self.list_page)
        self._say(f"{office.name} is trusted: files can be sent to it"
                  + (" and accepted from it." if office.can_send else "."))

    # -- replace a key ---------------------------------------------------------------------------------

    def _replace_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("replaceKeyPage")
        layout, self.replace_heading, self.replace_warning = _column(page, "Replace the office's keys", "",
                                                                     role="banner")
        self.replace_warning.setObjectName("replaceWarning")
        current = QFormLayout()
        self.replace_fingerprint = FingerprintView(page, name="replaceOldFingerprint")
        current.addRow("Fingerprint now", self.replace_fingerprint)
        layout.addLayout(current)
        layout.addSpacing(4)
        layout.addWidget(label(
            "The new card (or, for an office without SG Desktop, its new age1… recipient):", page))
        self.replace_input = _KeyInput(page, "replace", self._session.offices.read_card, allow_age=True)
        self.replace_input.changed.connect(self._replace_edited)
        layout.addWidget(self.replace_input)
        self.replace_new = label("", page, "hint", "replaceNewKey")
        layout.addWidget(self.replace_new)
        self.replace_confirm = QCheckBox(page)
        self.replace_confirm.setObjectName("replaceConfirm")
        self.replace_confirm.toggled.connect(self._replace_edited)
        layout.addWidget(self.replace_confirm)
        self.replace_error = label("", page, "error", "replaceError")
        self.replace_error.hide()
        layout.addWidget(self.replace_error)
        layout.addStretch(1)
        self.replace_confirm_button = primary_button("Replace keys", "replaceKeyConfirm", page, self._replace)
        layout.addLayout(_buttons(self._back_button(page, "replaceBack"), self.replace_confirm_button))
        return page

    def _replace_selected(self) -> None:
        office = self._selected()
        if office is None:
            return
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
        self.pages.setCurrentWidget(self.replace_page)
        self.replace_input.text.setFocus()

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
        self.changed.emit()
        self.reload(select=office.name)
        if office.is_trusted:
            self.pages.setCurrentWidget(self.list_page)
            self._say(f"New keys pinned for {office.name}.")
        else:
            self.show_verify(office.name, f"New keys pinned for {office.name}; they are not trusted until "
                                          "you have compared the new fingerprint.")

    # -- shared ----------------------------------------------------------------------------------------

    def _back_button(self, page: QWidget, name: str) -> QPushButton:
        back = QPushButton("Back", page)
        back.setObjectName(name)
        back.clicked.connect(self._back_to_list)
        return back

    def _back_to_list(self) -> None:
        self.pages.setCurrentWidget(self.list_page)
        self.office_list.setFocus()

    def reject(self) -> None:
        """Escape on a sub-page goes back to the list; on the list it closes."""
        if self.pages.currentWidget() is not self.list_page and self.isVisible():
            self._back_to_list()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button always closes (nothing here is half-saved)."""
        event.accept()
        self.done(QDialog.DialogCode.Rejected)


def _column(page: QWidget, heading: str, intro: str, *, role: str = "hint",
            before: QWidget | None = None) -> tuple[QVBoxLayout, QLabel, QLabel]:
    """A page's column: heading, (`before`,) a line saying what to do; the layout and both labels."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    title = label(heading, page, "heading")
    layout.addWidget(title)
    if before is not None:
        layout.addWidget(before)
    words = label(intro, page, role)
    layout.addWidget(words)
    layout.addSpacing(6)
    return layout, title, words


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def _digits_in(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _file_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return stem or "office"

