"""Offices: this office's card to hand out, and the offices this vault exchanges protocol files with.

An office added from its card is not trusted until an officer has compared its fingerprint with the
office by phone, on a number they already know; the dialog shows the digits in numbered groups so two
people can read them to each other, and trusting needs them typed or explicitly confirmed. Replacing a
pinned key is its own page, with a warning and a confirmation. A council's office is shown with the
council it belongs to, which can be recorded or changed on its own page. Removing an office asks first,
saying that the alerts already received from it stay. Everything here is quick, so it runs on the GUI
thread; the service audits every change. The pages that add an office and that verify it, record its
council or replace its keys are their own modules (`office_add_pages`, `office_trust_pages`).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.failures import calm_message
from sg_desktop.app.files import save_file
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.office import Office, TrustMethod
from sg_desktop.ui.exchange.card_input import choose_card_file
from sg_desktop.ui.exchange.fingerprint_view import FingerprintView
from sg_desktop.ui.exchange.office_add_pages import AddAgePage, AddCardPage
from sg_desktop.ui.exchange.office_trust_pages import CouncilPage, ReplaceKeyPage, VerifyPage
from sg_desktop.ui.help.sections import offer_help, set_help_section
from sg_desktop.ui.shared.formatting import GOOD, day_text
from sg_desktop.ui.shared.widgets import LIST_STYLE, exchange_column, label, push_button, set_tab_order
from sg_desktop.ui.shared.work_dialog import WorkDialog

# FingerprintView lives in fingerprint_view; it is re-exported for older imports.
__all__ = ["FingerprintView", "OfficesDialog", "trust_text"]

_WAITING = "#8a5300"


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
    return calm_message(exc, doing=doing, outcome="Nothing was changed.")


class OfficesDialog(WorkDialog):
    """This office's card, and the other offices with their trust; add, verify and replace their keys.

    Emits `changed()` after an office was added, trusted, given new keys or a council, or removed.
    `force_close()` closes at once and forgets what was typed (for locking the vault). Open it with
    `open()` or `show()`.
    """

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officesDialog")
        self.setWindowTitle("Offices — SG Desktop")
        self.setStyleSheet(LIST_STYLE)
        self._session = session
        self._card = session.offices.card()
        self.pages = QStackedWidget(self)
        self.list_page = self._list_page()
        show, back = self.pages.setCurrentWidget, self._back_to_list
        self.card_page = AddCardPage(self, session, show=show, back=back)
        self.card_page.added.connect(self._card_added)
        self.age_page = AddAgePage(self, session, show=show, back=back)
        self.age_page.added.connect(self._age_added)
        self.verify_page = VerifyPage(self, session, show=show, back=back)
        self.verify_page.trusted.connect(self._trusted)
        self.replace_page = ReplaceKeyPage(self, session, show=show, back=back)
        self.replace_page.replaced.connect(self._replaced)
        self.council_page = CouncilPage(self, session, show=show, back=back)
        self.council_page.recorded.connect(self._council_recorded)
        for page in (self.list_page, self.card_page, self.age_page, self.verify_page, self.replace_page,
                     self.council_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages)
        self.resize(860, 640)
        self.setMinimumSize(760, 560)
        self.setSizeGripEnabled(True)
        for page, section in ((self.list_page, "offices"), (self.card_page, "adding-an-office"),
                              (self.age_page, "office-without-sg-desktop"),
                              (self.verify_page, "checking-a-fingerprint"), (self.replace_page, "replacing-a-key"),
                              (self.council_page, "council-of-an-office")):
            set_help_section(page, section)
        offer_help(self, "offices")
        self.reload()

    # -- the contract ----------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the offices again, selecting the one named `select` (or keeping the selection)."""
        current = select or self._selected_name()
        self.office_list.clear()
        for office in self._session.offices.all():
            item = QTreeWidgetItem([office.name, self._organisation_text(office), trust_text(office),
                                    day_text(office.added_at.date())])
            item.setData(0, Qt.ItemDataRole.UserRole, office.name)
            item.setForeground(2, QBrush(QColor(GOOD if office.is_trusted else _WAITING)))
            item.setToolTip(2, f"Fingerprint {office.fingerprint_digits}")
            self.office_list.addTopLevelItem(item)
            if current and office.name.casefold() == current.casefold():
                self.office_list.setCurrentItem(item)
        self.empty_hint.setVisible(self.office_list.topLevelItemCount() == 0)
        self._selection_changed()

    def show_verify(self, name: str, note: str = "") -> None:
        """Show the page that compares the office's fingerprint and trusts it; `note` says why it shows."""
        self.verify_page.start(self._session.offices.get(name), note)

    def _forget(self) -> None:
        """After a forced close (the vault is locking): forget what was typed and every office listed."""
        for box in self.findChildren(QMessageBox):
            box.blockSignals(True)  # closing an open confirmation must not answer it
            box.done(0)
        for page in (self.card_page, self.age_page, self.verify_page, self.replace_page, self.council_page):
            page.forget()
        self.office_list.clear()

    # -- the list page ---------------------------------------------------------------------------------

    def _list_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("officesPage")
        layout, _, _ = exchange_column(
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
        for column, width in ((1, 190), (2, 270), (3, 100)):
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

        self.add_card_button = push_button("&Add office from card…", "addFromCardButton", page,
                                           lambda: self.card_page.start())
        self.add_age_button = push_button("Add office &without SG Desktop…", "addAgeButton", page,
                                          lambda: self.age_page.start())
        self.verify_button = push_button("&Verify fingerprint…", "verifyButton", page, self._verify_selected)
        self.replace_button = push_button("&Replace key…", "replaceKeyButton", page, self._replace_selected)
        self.council_button = push_button("Set c&ouncil…", "setCouncilButton", page, self._council_selected)
        self.remove_button = push_button("Re&move…", "removeOfficeButton", page, self._remove_selected)
        row = QHBoxLayout()
        for button in (self.add_card_button, self.add_age_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.verify_button, self.council_button, self.replace_button, self.remove_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.status = label("", page, "hint", "officesStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names offices, from their cards
        self.status.setAccessibleName("What happened")
        layout.addWidget(self.status)
        close = QPushButton("Close", page)
        close.setObjectName("closeOfficesButton")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        set_tab_order(self.copy_card_button, self.save_card_button, self.office_list, self.add_card_button,
                      self.add_age_button, self.verify_button, self.council_button, self.replace_button,
                      self.remove_button, close)
        return page

    def _own_card_panel(self, page: QWidget) -> QFrame:
        panel = QFrame(page)
        panel.setObjectName("ownCardPanel")
        set_help_section(panel, "your-card")
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
        self.copy_card_button = push_button("&Copy card", "copyCardButton", panel, self._copy_card)
        self.save_card_button = push_button("&Save card as file…", "saveCardButton", panel, self._save_card)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(name)
        left.addWidget(org)
        left.addSpacing(6)
        left.addWidget(self.own_fingerprint)
        left.addSpacing(4)
        left.addWidget(advice)
        right = QVBoxLayout()
        right.addWidget(self.copy_card_button)
        right.addWidget(self.save_card_button)
        right.addStretch(1)
        outer = QHBoxLayout(panel)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(left, 1)
        outer.addSpacing(12)
        outer.addLayout(right)
        return panel

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
        self.council_button.setEnabled(office is not None and office.org_type is OrgType.COUNCIL)
        self.remove_button.setEnabled(office is not None)

    def _organisation_text(self, office: Office) -> str:
        """The office's kind, and for a council's office which council (or that it is not recorded)."""
        if office.org_type is not OrgType.COUNCIL:
            return office.org_type.label
        council = self._session.offices.council_of(office)
        return f"{office.org_type.label} · {council.name if council else 'council not recorded'}"

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
        dialog = choose_card_file(self, "saveCardDialog", "Save this office's card", save=True, default=default)
        dialog.fileSelected.connect(self.save_card_to)
        dialog.open()

    def save_card_to(self, path: str | Path) -> None:
        """Write this office's card to `path` (atomically) and say where it went."""
        target = Path(path)
        try:
            save_file(target, self._card.to_bytes())
        except SgError as exc:
            self._say(str(exc), error=True)
            return
        self._say(f"Card saved as {target}. Send it to the other office, then read them your fingerprint by "
                  "phone.")

    # -- the other pages: add an office, verify it, replace its keys --------------------------------------

    def _verify_selected(self) -> None:
        office = self._selected()
        if office is not None and not office.is_trusted:
            self.show_verify(office.name)

    def _replace_selected(self) -> None:
        office = self._selected()
        if office is not None:
            self.replace_page.start(office)

    def _council_selected(self) -> None:
        office = self._selected()
        if office is not None and office.org_type is OrgType.COUNCIL:
            self.council_page.start(office)

    def _remove_selected(self) -> None:
        office = self._selected()
        if office is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Remove office", f"Remove {office.name}?",
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmRemoveOffice")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name comes from the office's own card
        box.setInformativeText(
            "Alerts already received from it stay in this vault. It will no longer be able to send files "
            "here nor receive them; to exchange files with it again, add it and compare its fingerprint again."
        )
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmRemoveOfficeButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        name = office.name
        box.finished.connect(lambda _code: self._remove_answered(box, box.clickedButton() is remove, name))
        box.open()

    def _remove_answered(self, box: QMessageBox, confirmed: bool, name: str) -> None:
        box.deleteLater()
        if not confirmed or self.closed_by_force:
            return
        try:
            removed = self._session.offices.remove(name)
        except SgError as exc:
            self._say(_message(exc, "Removing the office"), error=True)
            return
        self.changed.emit()
        self.reload()
        self._say(f"Removed {removed.name}. Alerts already received from it stay in this vault.")

    def _council_recorded(self, office: Office) -> None:
        self.changed.emit()
        self.reload(select=office.name)
        self.pages.setCurrentWidget(self.list_page)
        council = self._session.offices.council_of(office)
        self._say(f"{office.name} is recorded as the office of {council.name if council else 'its council'}: "
                  "it always receives the alerts about that council.")

    def _card_added(self, name: str) -> None:
        self.changed.emit()
        self.reload(select=name)
        self.show_verify(name, f"{name} was added. It is not trusted until you have compared its fingerprint "
                               "with the office.")

    def _age_added(self, name: str) -> None:
        self.changed.emit()
        self.reload(select=name)
        self.pages.setCurrentWidget(self.list_page)
        self._say(f"Added {name}. It can receive protocol files (and open them with age -d), but cannot send "
                  "any.")

    def _trusted(self, office: Office) -> None:
        self.changed.emit()
        self.reload(select=office.name)
        self.pages.setCurrentWidget(self.list_page)
        self._say(f"{office.name} is trusted: files can be sent to it"
                  + (" and accepted from it." if office.can_send else "."))

    def _replaced(self, office: Office) -> None:
        self.changed.emit()
        self.reload(select=office.name)
        if office.is_trusted:
            self.pages.setCurrentWidget(self.list_page)
            self._say(f"New keys pinned for {office.name}.")
        else:
            self.show_verify(office.name, f"New keys pinned for {office.name}; they are not trusted until "
                                          "you have compared the new fingerprint.")

    # -- shared ----------------------------------------------------------------------------------------

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


def _file_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return stem or "office"

