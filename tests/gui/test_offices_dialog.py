"""The offices dialog: this office's card and fingerprint, adding offices, verifying them by phone, new keys.

Real vaults for a council, the LGA and ADCS: the cards the dialog reads are the other vaults' own.
"""

from __future__ import annotations

from pathlib import Path

import pyrage
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.session import Session
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import OfficeCard
from sg_desktop.store.offices import TrustMethod
from sg_desktop.ui.exchange.offices_dialog import FingerprintView, OfficesDialog
from sg_desktop.ui.shared.council_picker import CouncilPicker
from tests.unit.test_exchange_service import (
    ADCS,
    COUNCIL,
    LGA,
    Offices,
    alert,
    everything,
    introduce,
    receive,
    send,
)

from .conftest import find
from .tab_order import app_theme, controls_hiding_focus, tab_order

WOKINGHAM, READING = "E06000041", "E06000038"
HALL = OfficeProfile("County Hall", OrgType.COUNCIL, council=READING)


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


# -- removing an office ------------------------------------------------------------------------------


def removal_box(dialog: OfficesDialog) -> QMessageBox:
    """Press Remove…; the confirmation it shows."""
    click(dialog, "removeOfficeButton")
    # An earlier box may linger, closed, until the event loop deletes it.
    shown = [box for box in dialog.findChildren(QMessageBox, "confirmRemoveOffice") if box.isVisible()]
    assert len(shown) == 1, "no confirmation on screen"
    return shown[0]


def test_removing_an_office_asks_first_and_keeps_the_alerts_received_from_it(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    lga.alerts.add(alert("Review into agency practice"))
    receive(council, send(lga, COUNCIL.name, tmp_path / "1.sgp"))
    received = everything(council)
    audit = council.vault.audit.entries()
    dialog = offices_dialog(qtbot, council)
    assert not find(dialog, QPushButton, "removeOfficeButton").isEnabled()  # nothing selected
    select(dialog, LGA.name)

    box = removal_box(dialog)
    assert box.text() == f"Remove {LGA.name}?" and box.textFormat() is Qt.TextFormat.PlainText
    assert box.informativeText().startswith("Alerts already received from it stay in this vault. It will no "
                                            "longer be able to send files here nor receive them")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert [o.name for o in council.offices.all()] == [LGA.name]
    assert council.vault.audit.entries() == audit and listed(dialog)[0][0] == LGA.name

    box = removal_box(dialog)
    find(box, QPushButton, "confirmRemoveOfficeButton").click()
    assert council.offices.all() == [] and listed(dialog) == []
    assert find(dialog, QLabel, "officesStatus").text() == (
        f"Removed {LGA.name}. Alerts already received from it stay in this vault.")
    assert find(dialog, QLabel, "noOfficesHint").isVisible()
    assert everything(council) == received
    assert council.vault.audit.entries(1)[0].action == "office.remove"


def test_a_removal_left_unanswered_when_the_vault_locks_changes_nothing(qtbot: QtBot, pair: Offices) -> None:
    council = pair["council"]
    dialog = offices_dialog(qtbot, council)
    select(dialog, LGA.name)
    box = removal_box(dialog)
    dialog.force_close()
    assert not box.isVisible()
    assert [o.name for o in council.offices.all()] == [LGA.name]


# -- the council a council's office belongs to --------------------------------------------------------


def type_council(qtbot: QtBot, picker: CouncilPicker, text: str) -> None:
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), text)
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)


def test_a_council_card_is_verified_with_the_council_it_belongs_to(qtbot: QtBot, offices: Offices) -> None:
    lga, council = offices.create("lga", LGA), offices.create("council", COUNCIL)
    dialog = offices_dialog(qtbot, lga)
    add_from_card(dialog, council.offices.card().to_string())
    assert page(dialog) == "verifyPage"
    picker = find(dialog, CouncilPicker, "verifyCouncil")
    assert picker.isVisible() and picker.current_code() == WOKINGHAM  # from the card's name
    type_council(qtbot, picker, "Nowhereshire")
    find(dialog, QCheckBox, "confirmMatch").setChecked(True)
    click(dialog, "trustButton")
    assert find(dialog, QLabel, "verifyError").text() == \
        "No council matches what is typed; choose one from the list."
    assert not lga.offices.get(COUNCIL.name).is_trusted
    type_council(qtbot, picker, "Wokingham")
    click(dialog, "trustButton")
    office = lga.offices.get(COUNCIL.name)
    assert office.is_trusted and office.council == WOKINGHAM
    assert listed(dialog) == [(COUNCIL.name, "Council · Wokingham", "✓ Verified by phone, 24 Nov 2026")]


def test_the_council_of_an_office_is_recorded_on_its_own_page(qtbot: QtBot, offices: Offices) -> None:
    lga, hall = offices.create("lga", LGA), offices.create("hall", HALL)
    introduce(lga, hall)
    dialog = offices_dialog(qtbot, lga)
    assert listed(dialog)[0][1] == "Council · council not recorded"
    select(dialog, HALL.name)
    click(dialog, "setCouncilButton")
    assert page(dialog) == "councilPage"
    assert find(dialog, QLabel, "councilHeading").text() == "Which council is County Hall the office of?"
    record = find(dialog, QPushButton, "recordCouncilButton")
    assert not record.isEnabled()  # no council chosen yet
    type_council(qtbot, find(dialog, CouncilPicker, "officeCouncil"), "readi")
    assert record.isEnabled()
    record.click()
    assert page(dialog) == "officesPage" and lga.offices.get(HALL.name).council == READING
    assert listed(dialog)[0][1] == "Council · Reading"
    assert find(dialog, QLabel, "officesStatus").text() == (
        "County Hall is recorded as the office of Reading: it always receives the alerts about that council.")
    select(dialog, HALL.name)
    click(dialog, "setCouncilButton")
    type_council(qtbot, find(dialog, CouncilPicker, "officeCouncil"), "Leeds")
    click(dialog, "councilBack")  # going back records nothing
    assert page(dialog) == "officesPage" and lga.offices.get(HALL.name).council == READING


def test_set_council_is_only_for_a_councils_office(qtbot: QtBot, pair: Offices) -> None:
    dialog = offices_dialog(qtbot, pair["council"])
    select(dialog, LGA.name)
    assert not find(dialog, QPushButton, "setCouncilButton").isEnabled()
    assert find(dialog, QPushButton, "removeOfficeButton").isEnabled()


def test_an_office_without_sg_desktop_can_be_a_councils_office(qtbot: QtBot, offices: Offices) -> None:
    lga = offices.create("lga", LGA)
    dialog = offices_dialog(qtbot, lga)
    click(dialog, "addAgeButton")
    picker = find(dialog, CouncilPicker, "ageOfficeCouncil")
    assert not picker.isVisible()  # a political group office belongs to no council
    org = find(dialog, QComboBox, "ageOfficeOrg")
    org.setCurrentIndex(org.findData(OrgType.COUNCIL))
    assert picker.isVisible()
    find(dialog, QLineEdit, "ageOfficeName").setText("Civic Centre")
    find(dialog, QLineEdit, "ageRecipient").setText(str(pyrage.x25519.Identity.generate().to_public()))
    type_council(qtbot, picker, "Leeds")
    click(dialog, "addAgeConfirm")
    assert lga.offices.get("Civic Centre").council == "E08000035"
    assert listed(dialog)[0][:2] == ("Civic Centre", "Council · Leeds")


# -- the keyboard ------------------------------------------------------------------------------------------


def walk_from(qtbot: QtBot, dialog: OfficesDialog, first: str) -> list[str]:
    """The names Tab reaches, from the control named `first`; each also shows that it has the focus."""
    find(dialog, QWidget, first).setFocus()
    order = tab_order(qtbot, dialog)
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []
    return order


def test_the_list_page_tabs_down_the_card_the_list_then_its_buttons_as_seen(qtbot: QtBot, offices: Offices) -> None:
    lga, council = offices.create("lga", LGA), offices.create("council", COUNCIL)
    dialog = offices_dialog(qtbot, lga)
    add_from_card(dialog, council.offices.card().to_string())
    click(dialog, "verifyLater")
    select(dialog, COUNCIL.name)  # untrusted and a council's: every button is on
    assert walk_from(qtbot, dialog, "copyCardButton") == [
        "copyCardButton", "saveCardButton", "officeList", "addFromCardButton", "addAgeButton", "verifyButton",
        "setCouncilButton", "replaceKeyButton", "removeOfficeButton", "closeOfficesButton",
    ]


def test_adding_from_a_card_tabs_from_open_to_the_text_then_back_and_add(qtbot: QtBot, offices: Offices) -> None:
    lga, council = offices.create("lga", LGA), offices.create("council", COUNCIL)
    dialog = offices_dialog(qtbot, lga)
    click(dialog, "addFromCardButton")
    assert dialog.focusWidget() is find(dialog, QPlainTextEdit, "cardText")
    find(dialog, QPlainTextEdit, "cardText").setPlainText(council.offices.card().to_string())
    assert walk_from(qtbot, dialog, "cardOpenFile") == ["cardOpenFile", "cardText", "addCardBack", "addCardConfirm"]


def test_adding_a_councils_office_without_sg_desktop_tabs_through_its_council_in_place(
    qtbot: QtBot, offices: Offices
) -> None:
    dialog = offices_dialog(qtbot, offices.create("lga", LGA))
    click(dialog, "addAgeButton")
    assert dialog.focusWidget() is find(dialog, QLineEdit, "ageOfficeName")
    org = find(dialog, QComboBox, "ageOfficeOrg")
    org.setCurrentIndex(org.findData(OrgType.COUNCIL))
    qtbot.keyClicks(find(dialog, QLineEdit, "ageOfficeName"), "Civic Centre")
    find(dialog, QLineEdit, "ageRecipient").setText(str(pyrage.x25519.Identity.generate().to_public()))
    assert walk_from(qtbot, dialog, "ageOfficeName") == [
        "ageOfficeName", "ageOfficeOrg", "ageOfficeCouncil", "ageRecipient", "addAgeBack", "addAgeConfirm"]


def test_verifying_a_councils_office_tabs_from_the_digits_to_its_council_then_not_now_and_trust(
    qtbot: QtBot, offices: Offices
) -> None:
    lga, council = offices.create("lga", LGA), offices.create("council", COUNCIL)
    dialog = offices_dialog(qtbot, lga)
    add_from_card(dialog, council.offices.card().to_string())
    assert dialog.focusWidget() is find(dialog, QLineEdit, "digitsField")
    qtbot.keyClicks(find(dialog, QLineEdit, "digitsField"), council.offices.card().fingerprint_digits)
    assert walk_from(qtbot, dialog, "digitsField") == [
        "digitsField", "confirmMatch", "verifyCouncil", "verifyLater", "trustButton"]


def test_replacing_a_key_tabs_from_open_to_the_confirmation_then_back_and_replace(
    qtbot: QtBot, pair: Offices
) -> None:
    dialog = offices_dialog(qtbot, pair["council"])
    select(dialog, LGA.name)
    click(dialog, "replaceKeyButton")
    assert dialog.focusWidget() is find(dialog, QPlainTextEdit, "replaceText")
    new_keys = OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate()))
    find(dialog, QPlainTextEdit, "replaceText").setPlainText(OfficeCard.issue(new_keys, LGA.name, OrgType.LGA)
                                                             .to_string())
    find(dialog, QCheckBox, "replaceConfirm").setChecked(True)
    assert walk_from(qtbot, dialog, "replaceOpenFile") == [
        "replaceOpenFile", "replaceText", "replaceConfirm", "replaceBack", "replaceKeyConfirm"]


def test_recording_a_council_tabs_from_the_council_to_back_then_record(qtbot: QtBot, offices: Offices) -> None:
    lga, hall = offices.create("lga", LGA), offices.create("hall", HALL)
    introduce(lga, hall)
    dialog = offices_dialog(qtbot, lga)
    select(dialog, HALL.name)
    click(dialog, "setCouncilButton")
    type_council(qtbot, find(dialog, CouncilPicker, "officeCouncil"), "readi")
    assert walk_from(qtbot, dialog, "officeCouncil") == ["officeCouncil", "councilBack", "recordCouncilButton"]
