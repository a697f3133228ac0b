"""First run: who this office is, a passphrase, then the recovery key — shown once, with copy, save and print.

The vault is created on the thread pool (the key derivation takes most of a second). The recovery key
page cannot be left until the officer ticks "I have stored it"; the key is then dropped from memory.

A problem with the form is said once, in one place: the passphrase's on the line under its meter, the
office's under the form; after Create is pressed each goes as soon as it is fixed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.failures import calm_message
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ValidationError
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.help.sections import offer_help, set_help_section
from sg_desktop.ui.shared.clipboard import CLEAR_AFTER_SECONDS, copy_secret
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.shared.passphrase import CapsLockGuess, NewPassphraseFields, caps_lock_warning
from sg_desktop.ui.shared.printing import ask_where_to_print
from sg_desktop.ui.shared.save_dialog import ask_where_to_save
from sg_desktop.ui.shared.widgets import (
    busy_bar,
    button,
    button_row,
    focus_to_fix,
    label,
    page_column,
    page_layout,
    primary_button,
    problem_label,
    set_tab_order,
    show_problems,
)
from sg_desktop.ui.shared.work_dialog import WorkDialog
from sg_desktop.ui.vault.recovery_key import (
    KeySheet,
    platform_printer,
    print_sheet,
    recovery_key_text,
    write_owner_only,
    write_pdf,
)

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from sg_desktop.app.session import Session
    from sg_desktop.app.vaults import RecoveryKey

__all__ = ["FirstRunDialog", "VaultCreator", "vault_short"]

_DIFFER = "The two passphrases differ; type them again."


class VaultCreator(Protocol):
    """What the dialog needs to make a vault (VaultService provides it)."""

    def create(self, passphrase: str, office: OfficeProfile) -> tuple[Session, RecoveryKey]:
        """Make the vault; return (session, recovery key)."""
        ...


class FirstRunDialog(WorkDialog):
    """Sets up the office and its vault; `completed(Session)` fires when the officer has stored the key.

    `printer_factory` makes the printer that Print… offers in the print dialog (tests hand in one that
    prints into a PDF file).
    """

    completed = Signal(object)

    def __init__(
        self,
        creator: VaultCreator,
        directory: CouncilDirectory,
        *,
        vault_location: str,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle("Set up SG Desktop")
        self._creator = creator
        self._directory = directory
        self._location = vault_location
        self._today = today
        self._session: Session | None = None
        self._key: str | None = None
        self._office_name = ""
        self._checked = False  # Create was pressed: problems named under the form go once fixed
        self.printer_factory: Callable[[], QPrinter] = platform_printer
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._key_page())
        self._work = self.busy_work(self.busy_bar, (
            self.office_name, self.org_type, self.council, self.new.field, self.new.confirm,
            self.create_button, self.cancel_button,
        ))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(26, 22, 26, 18)
        layout.addWidget(self.pages)
        self.setMinimumWidth(560)
        offer_help(self, "first-run")
        self._org_changed()
        self.org_type.setFocus()

    # -- page 1: the office and the passphrase --------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("setupPage")
        layout = page_column(
            page, "Welcome to SG Desktop",
            "SG Desktop keeps your office's confidential early alerts in an encrypted vault on this computer. "
            "Tell it who you are and choose the passphrase that will open the vault.",
            gap=8,
        )
        self.office_name = QLineEdit(page)
        self.office_name.setObjectName("officeName")
        self.office_name.setAccessibleName("Office name")
        self.office_name.setPlaceholderText("e.g. Local Government Association, Children's Services")
        self.office_name.setMaxLength(120)
        self.org_type = QComboBox(page)
        self.org_type.setObjectName("orgType")
        self.org_type.setAccessibleName("Organisation type")
        for org in (OrgType.COUNCIL, OrgType.LGA, OrgType.ADCS, OrgType.GROUP_OFFICE, OrgType.OTHER):
            self.org_type.addItem(org.label, org.value)
        self.org_type.currentIndexChanged.connect(self._org_changed)
        self.council = CouncilPicker(self._directory, page)
        self.council.council_changed.connect(self._council_chosen)

        self.new = NewPassphraseFields(page, "Passphrase", hint=True)
        self.caps = CapsLockGuess(self)
        self.new.watch_caps_lock(self.caps)
        self.caps_warning = caps_lock_warning(self.caps, page, "capsLockWarning")
        self.error = problem_label("setupError", "Problems to fix", page)

        self.busy_bar = busy_bar("createBusy", "Creating the vault", page)

        self.cancel_button = button("Quit", "cancelSetup", page, self.reject)
        self.create_button = primary_button("Create vault", "createVault", page, self.create_vault)
        self.create_button.setDefault(True)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow("&Organisation", self.org_type)
        self.form.addRow("&Council", self.council)
        self.form.addRow("Office &name", self.office_name)
        self.new.add_rows(self.form, "&Passphrase")
        for edited in (self.office_name.textChanged, self.council.council_changed, self.org_type.currentIndexChanged):
            edited.connect(self._recheck)
        buttons = button_row(end=[self.cancel_button, self.create_button])
        layout.addLayout(self.form)
        layout.addWidget(self.caps_warning)
        layout.addWidget(self.error)
        layout.addWidget(label(f"The vault will be made at {vault_short(self._location)}.", page, "hint"))
        layout.addSpacing(6)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        set_tab_order(self.org_type, self.council, self.office_name, self.new.field, self.new.confirm,
                      self.cancel_button, self.create_button)
        return page

    def _org(self) -> OrgType:
        # Combo boxes hand enum members back as plain strings; the value is the stable key.
        return OrgType(self.org_type.currentData())

    def _org_changed(self) -> None:
        is_council = self._org() is OrgType.COUNCIL
        self.form.setRowVisible(self.council, is_council)

    def _council_chosen(self, code: str) -> None:
        # Most council offices are named after the council; fill it in unless the officer typed a name.
        council = self._directory.by_code(code) if code else None
        if council is not None and not self.office_name.isModified():
            self.office_name.setText(council.name)

    def _office(self) -> OfficeProfile:
        """The office as the form describes it; ValidationError when it breaks a rule."""
        org = self._org()
        council = self.council.current_code() if org is OrgType.COUNCIL else ""
        return OfficeProfile(self.office_name.text().strip(), org, council)

    def _office_problems(self) -> list[tuple[str, QWidget]]:
        """What stops the office being recorded, each with the control to fix, in the form's order."""
        found: list[tuple[str, QWidget]] = []
        if self._org() is OrgType.COUNCIL and not self.council.current_code():
            found.append(("Choose your council from the list.", self.council))
        if not self.office_name.text().strip():
            found.append(("Give the office a name.", self.office_name))
        if not found:
            try:
                self._office()
            except ValidationError as exc:
                found = [(p.message, self.council if p.field == "council" else self.office_name)
                         for p in exc.problems]
        return found

    def _recheck(self) -> None:
        if self._checked:
            show_problems(self.error, [message for message, _ in self._office_problems()])

    def create_vault(self) -> None:
        """Check the form; then make the vault in the background and show the recovery key."""
        if self._work.busy:
            return
        self._checked = True
        office_problems = self._office_problems()
        show_problems(self.error, [message for message, _ in office_problems])
        passphrase_field = self.new.insist(_DIFFER)
        to_fix = office_problems[0][1] if office_problems else passphrase_field
        if to_fix is not None:
            focus_to_fix(to_fix)
            return
        office = self._office()
        self._office_name = office.name
        creator, passphrase = self._creator, self.new.field.text()
        self._work.start(lambda: creator.create(passphrase, office), self._created, self._failed)

    def _created(self, result: tuple[Session, RecoveryKey]) -> None:
        self._session, key = result
        self._key = str(key.formatted)
        self.new.clear()
        self.key_label.setText(self._key)
        self.pages.setCurrentIndex(1)
        self.copy_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._checked = False  # what went wrong is the attempt's, not the form's: it stays until the next one
        show_problems(self.error, [calm_message(
            exc, doing="Creating the vault", outcome="No vault was made; check that the folder can be written to."
        )])

    # -- page 2: the recovery key ------------------------------------------------------------------

    def _key_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("recoveryKeyPage")
        set_help_section(page, "recovery-key")
        heading = label("Store your recovery key", page, "heading")
        intro = label(
            "If the passphrase is ever forgotten, this key is the only way back into the vault — nobody, "
            "including SG Desktop's support, can recover it otherwise. It is shown only now.",
            page,
        )
        advice = label(
            "Print it or write it down and keep it somewhere locked, away from this computer. "
            "Anyone who has both this key and the vault file can read every alert.",
            page, "hint",
        )
        # Sized for a whole key up front, so the dialog is wide enough before the key exists.
        self.key_label = label("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", page, "recovery-key", "recoveryKeyText")
        self.key_label.setWordWrap(False)
        self.key_label.ensurePolished()
        self.key_label.setMinimumWidth(self.key_label.sizeHint().width())
        self.key_label.clear()
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")

        self.copy_button = button("&Copy", "copyRecoveryKey", page, self.copy_key)
        self.copy_button.setToolTip(f"Copy the key; the clipboard is cleared after {CLEAR_AFTER_SECONDS} seconds")
        self.save_button = button("&Save as text file…", "saveRecoveryKey", page, self.save_key)
        self.print_button = button("&Print…", "printRecoveryKey", page, self.print_key)
        self.key_status = label("", page, "hint", "recoveryKeyStatus")

        self.stored = QCheckBox("I have stored the recovery key somewhere safe", page)
        self.stored.setObjectName("storedRecoveryKey")
        self.continue_button = primary_button("Continue", "continueButton", page, self.finish)
        self.continue_button.setEnabled(False)
        self.stored.toggled.connect(self.continue_button.setEnabled)

        actions = button_row([self.copy_button, self.save_button, self.print_button])
        bottom = button_row([self.stored], [self.continue_button])
        set_tab_order(self.copy_button, self.save_button, self.print_button, self.stored, self.continue_button)
        page_layout(page, [heading, intro, self.key_label, actions, self.key_status, advice, None, bottom],
                    spacing=10)
        return page

    def copy_key(self) -> None:
        """Copy the key, marked secret; the clipboard is cleared after a minute if it still holds it."""
        if self._key:
            copy_secret(self._key)
            self.key_status.setText(f"Copied. The clipboard will be cleared in {CLEAR_AFTER_SECONDS} seconds.")

    def save_key(self) -> None:
        """Ask where to save the key as a text file (readable only by this user)."""
        ask_where_to_save(self, "Save the recovery key", "saveRecoveryKeyDialog", "Text files", "txt",
                          "SG Desktop recovery key.txt", self._write_key)

    def _write_key(self, filename: str) -> None:
        if not self._key or not filename:
            return
        text = recovery_key_text(self._key, self._office_name, self._location, self._today())
        try:
            write_owner_only(filename, text)
        except OSError as exc:
            self.key_status.setText(f"Could not save the key there: {exc.strerror}.")
            return
        self.key_status.setText(f"Saved to {filename}. Move it off this computer once it is printed.")

    def print_key(self) -> None:
        """Ask, in the platform's print dialog, where to print the key; or, where Qt cannot print, where to
        save it as a PDF to print from elsewhere."""
        if self._key:
            ask_where_to_print(self, self.printer_factory, "printRecoveryKeyDialog", self.print_to,
                               self._choose_pdf)

    def print_to(self, printer: QPrinter) -> None:
        """Print the key on `printer` (as the print dialog set it up) and say on the page what happened."""
        if self._key:
            self.key_status.setText(print_sheet(self._sheet(), printer))

    def _choose_pdf(self) -> None:
        ask_where_to_save(self, "Save the recovery key as PDF", "saveRecoveryKeyPdfDialog", "PDF", "pdf",
                          "SG Desktop recovery key.pdf", self._write_pdf)

    def _write_pdf(self, filename: str) -> None:
        if self._key and filename:
            status = write_pdf(self._sheet(), filename)
            self.key_status.setText(f"Printing is not available here. {status}")

    def _sheet(self) -> KeySheet:
        return KeySheet(self._key or "", self._office_name, self._location, self._today())

    def finish(self) -> None:
        """Forget the key and hand the open vault on."""
        if not self.stored.isChecked() or self._session is None:
            return
        self._key = None
        self.key_label.clear()
        session, self._session = self._session, None
        # Closed first, so the main window that opens next becomes the active one.
        self.accept()
        self.completed.emit(session)

    @property
    def session(self) -> Session | None:
        """The vault created (until `completed` hands it on), or None."""
        return self._session

    # -- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        """Quit on the first page (not while the vault is being made); on the key page, insist the key is
        stored first."""
        if self.busy:
            return
        if self.pages.currentIndex() == 1:
            self.key_status.setText("Tick “I have stored the recovery key” first; it will not be shown again.")
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window is the same as Quit (refused on the key page and while the vault is made)."""
        if self.pages.currentIndex() == 1:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def _wipe_fields(self) -> None:
        """Forget the passphrase typed."""
        self.new.clear()


def vault_short(location: str) -> str:
    """The vault's location with the home folder shortened to ~."""
    home = str(Path.home())
    return "~" + location[len(home):] if location.startswith(home + os.sep) else location
