"""The offices dialog: this office's card and fingerprint, adding offices, verifying them by phone, new keys.

Real vaults for a council, the LGA and ADCS: the cards the dialog reads are the other vaults' own.
"""

from __future__ import annotations

from pathlib import Path

import pyrage
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.session import Session
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import OrgType
from sg_desktop.exchange import OfficeCard
from sg_desktop.store.offices import TrustMethod
from sg_desktop.ui.exchange.offices_dialog import FingerprintView, OfficesDialog
from tests.unit.test_exchange_service import ADCS, COUNCIL, LGA, Offices, introduce

from .conftest import find


def offices_dialog(qtbot: QtBot, session: Session) -> OfficesDialog:
    dialog = OfficesDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def listed(dialog: OfficesDialog) -> list[tuple[str, str, str]]:
    """(office, organisation, trust) of each row of the office list."""
    tree = find(dialog, QTreeWidget, "officeList")
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
            for i in range(tree.topLevelItemCount())]


def select(dialog: OfficesDialog, name: str) -> None:
    tree = find(dialog, QTreeWidget, "officeList")
    tree.setCurrentItem(next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                             if tree.topLevelItem(i).text(0) == name))


def page(dialog: OfficesDialog) -> str:
    return dialog.pages.currentWidget().objectName()


def click(dialog: OfficesDialog, name: str) -> None:
    button = find(dialog, QPushButton, name)
    assert button.isEnabled(), f"{name} is disabled"
    button.click()


def add_from_card(dialog: OfficesDialog, card_text: str) -> None:
    click(dialog, "addFromCardButton")
    find(dialog, QPlainTextEdit, "cardText").setPlainText(card_text)
    click(dialog, "addCardConfirm")


def test_this_offices_card_and_fingerprint_can_be_copied_and_saved(
    qtbot: QtBot, offices: Offices, tmp_path: Path
) -> None:
    council = offices.create("council", COUNCIL)
    card = council.offices.card()
    dialog = offices_dialog(qtbot, council)
    assert find(dialog, QLabel, "ownOfficeName").text() == COUNCIL.name
    assert find(dialog, FingerprintView, "ownFingerprint").digits() == card.fingerprint_digits
    assert find(dialog, QLabel, "noOfficesHint").isVisible()

    click(dialog, "copyCardButton")
    assert QGuiApplication.clipboard().text() == card.to_string()
    click(dialog, "saveCardButton")
    chooser = find(dialog, QFileDialog, "saveCardDialog")
    chooser.selectFile(str(tmp_path / "council-card"))
    chooser.accept()
    saved = tmp_path / "council-card.sgcard"
    assert council.offices.read_card(saved.read_bytes()) == card
    assert find(dialog, QLabel, "officesStatus").text().startswith(f"Card saved as {saved}.")


def test_an_office_added_from_its_card_stays_untrusted_until_the_digits_read_by_phone_match(
    qtbot: QtBot, offices: Offices
) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    digits = lga.offices.card().fingerprint_digits
    dialog = offices_dialog(qtbot, council)
    click(dialog, "addFromCardButton")
    text = find(dialog, QPlainTextEdit, "cardText")
    text.setPlainText("sgcard1:not-a-card")
    assert find(dialog, QLabel, "cardProblem").text() == \
        "The office card text is incomplete or mistyped; copy the whole card again."
    assert not find(dialog, QPushButton, "addCardConfirm").isEnabled()
    text.setPlainText(lga.offices.card().to_string())
    assert find(dialog, QLabel, "cardOfficeName").text() == LGA.name
    assert find(dialog, FingerprintView, "cardFingerprint").digits() == digits
    click(dialog, "addCardConfirm")

    assert page(dialog) == "verifyPage"
    assert find(dialog, FingerprintView, "verifyFingerprint").digits() == digits
    assert not council.offices.get(LGA.name).is_trusted
    field = find(dialog, QLineEdit, "digitsField")
    trust = find(dialog, QPushButton, "trustButton")
    field.setText(digits[:-1])
    assert not trust.isEnabled() and find(dialog, QLabel, "digitsCount").text() == "39 of 40 digits typed"
    field.setText("12345 " * 8)
    trust.click()
    error = find(dialog, QLabel, "verifyError")
    assert error.isVisible() and "do not match" in error.text()
    assert page(dialog) == "verifyPage" and not council.offices.get(LGA.name).is_trusted

    field.setText(digits.replace(" ", ""))
    trust.click()
    assert page(dialog) == "officesPage"
    office = council.offices.get(LGA.name)
    assert office.is_trusted and office.trust_method is TrustMethod.PHONE
    assert listed(dialog) == [(LGA.name, "LGA", "✓ Verified by phone, 24 Nov 2026")]


def test_an_office_verified_later_by_confirming_every_group_aloud(qtbot: QtBot, offices: Offices) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    council.offices.add(adcs.offices.card())
    dialog = offices_dialog(qtbot, council)
    assert listed(dialog) == [(ADCS.name, "ADCS", "⚠ Not verified — compare its fingerprint")]
    assert not find(dialog, QPushButton, "verifyButton").isEnabled()  # nothing selected
    select(dialog, ADCS.name)
    click(dialog, "verifyButton")
    assert not find(dialog, QPushButton, "trustButton").isEnabled()
    find(dialog, QCheckBox, "confirmMatch").setChecked(True)
    click(dialog, "trustButton")
    assert council.offices.get(ADCS.name).is_trusted
    select(dialog, ADCS.name)
    assert not find(dialog, QPushButton, "verifyButton").isEnabled()  # trusted already


def test_a_card_already_known_or_this_offices_own_is_refused_with_its_reason(
    qtbot: QtBot, offices: Offices
) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    introduce(council, lga)
    dialog = offices_dialog(qtbot, council)
    add_from_card(dialog, council.offices.card().to_string())
    assert find(dialog, QLabel, "addCardError").text() == "This is this office's own card."
    find(dialog, QPlainTextEdit, "cardText").setPlainText(lga.offices.card().to_string())
    click(dialog, "addCardConfirm")
    assert "already known" in find(dialog, QLabel, "addCardError").text()
    assert [o.name for o in council.offices.all()] == [LGA.name]


def test_an_office_without_sg_desktop_is_added_by_its_age_recipient(qtbot: QtBot, offices: Offices) -> None:
    council = offices.create("council", COUNCIL)
    dialog = offices_dialog(qtbot, council)
    click(dialog, "addAgeButton")
    find(dialog, QLineEdit, "ageOfficeName").setText("Labour Group office")
    org = find(dialog, QComboBox, "ageOfficeOrg")
    assert org.currentData() == OrgType.GROUP_OFFICE
    recipient = find(dialog, QLineEdit, "ageRecipient")
    recipient.setText("age1notarealkey")
    click(dialog, "addAgeConfirm")
    assert "age recipient" in find(dialog, QLabel, "addAgeError").text()
    assert council.offices.all() == []
    recipient.setText(str(pyrage.x25519.Identity.generate().to_public()))
    click(dialog, "addAgeConfirm")
    assert page(dialog) == "officesPage"
    assert listed(dialog) == [("Labour Group office", "Political group office",
                               "✓ Receives only (no SG Desktop)")]
    office = council.offices.get("Labour Group office")
    assert office.is_trusted and not office.can_send


def test_replacing_a_key_warns_needs_a_confirmation_and_the_new_key_is_verified_again(
    qtbot: QtBot, offices: Offices
) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    introduce(council, lga)
    old = council.offices.get(LGA.name)
    new_keys = OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate()))
    new_card = OfficeCard.issue(new_keys, LGA.name, OrgType.LGA)
    dialog = offices_dialog(qtbot, council)
    select(dialog, LGA.name)
    click(dialog, "replaceKeyButton")
    assert page(dialog) == "replaceKeyPage"
    warning = find(dialog, QLabel, "replaceWarning").text()
    assert warning.startswith(f"⚠ Only do this when {LGA.name} has told you") and "audit log" in warning
    assert find(dialog, FingerprintView, "replaceOldFingerprint").digits() == old.fingerprint_digits
    find(dialog, QPlainTextEdit, "replaceText").setPlainText(new_card.to_string())
    assert not find(dialog, QPushButton, "replaceKeyConfirm").isEnabled()  # not confirmed yet
    find(dialog, QCheckBox, "replaceConfirm").setChecked(True)
    click(dialog, "replaceKeyConfirm")

    assert page(dialog) == "verifyPage"
    assert find(dialog, FingerprintView, "verifyFingerprint").digits() == new_card.fingerprint_digits
    replaced = council.offices.get(LGA.name)
    assert replaced.fingerprint == new_card.fingerprint and not replaced.is_trusted
    last = council.vault.audit.entries(1)[0]
    assert (last.action, last.detail["old"]) == ("office.replace-key", old.fingerprint.hex())


def test_force_close_forgets_what_was_typed(qtbot: QtBot, offices: Offices) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    dialog = offices_dialog(qtbot, council)
    click(dialog, "addFromCardButton")
    find(dialog, QPlainTextEdit, "cardText").setPlainText(lga.offices.card().to_string())
    dialog.force_close()
    assert not dialog.isVisible()
    assert find(dialog, QPlainTextEdit, "cardText").toPlainText() == ""
    assert council.offices.all() == []
