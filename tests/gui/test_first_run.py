"""First run: the office, a passphrase, and the recovery key shown once with copy, save and a required tick."""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import parse_recovery_key
from sg_desktop.domain.enums import OrgType
from sg_desktop.ui.application import Application
from sg_desktop.ui.shared.clipboard import copy_secret
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.shared.passphrase import PASSPHRASE_ADVICE
from sg_desktop.ui.vault.first_run import FirstRunDialog

from .conftest import GUI_PASSPHRASE, find
from .pdf_text import pdf_text
from .tab_order import app_theme, controls_hiding_focus, tab_order

LEEDS = "E08000035"
KEY_SHAPE = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){6}$")


def fill_setup(qtbot: QtBot, dialog: FirstRunDialog, *, passphrase: str = GUI_PASSPHRASE,
               again: str | None = None) -> None:
    """Choose "Council", Leeds, and type the passphrase twice."""
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.COUNCIL.value))
    picker = find(dialog, CouncilPicker, "councilPicker")
    qtbot.keyClicks(picker.lineEdit(), "leed")
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), passphrase)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), passphrase if again is None else again)


def create(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    """Press "Create vault" and wait for the recovery key page."""
    find(dialog, QPushButton, "createVault").click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget().objectName() == "recoveryKeyPage", timeout=10_000)


def times_shown(dialog: QWidget, words: str) -> int:
    """On how many lines of the labels on screen in `dialog` `words` appear."""
    return sum(words in line for label in dialog.findChildren(QLabel) if label.isVisible()
               for line in label.text().splitlines())


def pdf_printer(target: Path) -> QPrinter:
    """A printer that prints into a PDF file at `target`, as "Print to file" in a print dialog does."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def first_run(start_app: Callable[..., Application]) -> tuple[Application, FirstRunDialog]:
    application = start_app()
    dialog = application.first_run_dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    return application, dialog


def test_a_council_office_gets_a_vault_and_its_recovery_key_once(
    qtbot: QtBot, start_app: Callable[..., Application], gui_vault_path: Path, gui_service: VaultService
) -> None:
    application, dialog = first_run(start_app)
    assert not gui_vault_path.exists()
    fill_setup(qtbot, dialog)
    # Choosing the council names the office after it, unless the officer typed a name.
    assert find(dialog, QLineEdit, "officeName").text() == "Leeds"
    create(qtbot, dialog)
    assert gui_vault_path.exists()

    key = find(dialog, QLabel, "recoveryKeyText").text()
    assert KEY_SHAPE.match(key)
    parse_recovery_key(key)  # a well-formed key with valid check characters
    cont = find(dialog, QPushButton, "continueButton")
    assert not cont.isEnabled()
    find(dialog, QPushButton, "copyRecoveryKey").click()
    assert QApplication.clipboard().text() == key
    assert "cleared in 60 seconds" in find(dialog, QLabel, "recoveryKeyStatus").text()

    find(dialog, QCheckBox, "storedRecoveryKey").setChecked(True)
    assert cont.isEnabled()
    with qtbot.waitSignal(application.unlocked):
        cont.click()
    assert not dialog.isVisible()
    # Shown once: the dialog no longer holds it.
    assert find(dialog, QLabel, "recoveryKeyText").text() == ""
    window = application.window
    assert window is not None and window.isVisible() and not window.is_locked
    assert "Leeds" in window.windowTitle()
    assert application.session.office.council == LEEDS
    QApplication.clipboard().clear()

    # The recovery key opens the vault made.
    application.shutdown()
    gui_service.unlock_with_recovery(key).lock()


def test_the_key_page_cannot_be_left_before_the_key_is_stored(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    assert "Tick" in find(dialog, QLabel, "recoveryKeyStatus").text()


def test_the_recovery_key_saves_as_a_text_file_only_its_owner_can_read(
    qtbot: QtBot, start_app: Callable[..., Application], tmp_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    key = find(dialog, QLabel, "recoveryKeyText").text()

    find(dialog, QPushButton, "saveRecoveryKey").click()
    chooser = find(dialog, QFileDialog, "saveRecoveryKeyDialog")
    assert chooser.isVisible()
    target = tmp_path / "key.txt"
    chooser.fileSelected.emit(str(target))  # what choosing a file and pressing Save does
    chooser.reject()

    text = target.read_text(encoding="utf-8")
    assert key in text and "Leeds" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Saved to" in find(dialog, QLabel, "recoveryKeyStatus").text()


def test_problems_are_named_and_nothing_is_created(
    qtbot: QtBot, start_app: Callable[..., Application], gui_vault_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog, again="correct horse battery stapel")
    find(dialog, QPushButton, "createVault").click()
    hint = find(dialog, QLabel, "passphraseHint")
    assert "differ" in hint.text() and hint.property("role") == "error"
    assert not find(dialog, QLabel, "setupError").isVisible()  # the office is fine: nothing to say there
    assert dialog.focusWidget() is find(dialog, QLineEdit, "confirmPassphraseField")

    find(dialog, QLineEdit, "newPassphraseField").setText("short")
    assert "at least 10 characters" in hint.text()
    assert find(dialog, QLabel, "strengthWord").text() == "Too short"
    find(dialog, QPushButton, "createVault").click()
    assert times_shown(dialog, "at least 10 characters") == 1
    assert not gui_vault_path.exists()
    assert dialog.pages.currentWidget().objectName() == "setupPage"


def test_a_council_must_be_chosen_for_a_council_office(
    qtbot: QtBot, start_app: Callable[..., Application], gui_vault_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.COUNCIL.value))
    assert find(dialog, CouncilPicker, "councilPicker").isVisible()
    qtbot.keyClicks(find(dialog, QLineEdit, "officeName"), "Children's Services")
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), GUI_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), GUI_PASSPHRASE)
    find(dialog, QPushButton, "createVault").click()
    assert "Choose your council" in find(dialog, QLabel, "setupError").text()
    assert not gui_vault_path.exists()

    # Other organisations have no council to choose.
    org.setCurrentIndex(org.findData(OrgType.ADCS.value))
    assert not find(dialog, CouncilPicker, "councilPicker").isVisible()


def test_the_clipboard_forgets_the_key_after_the_timeout_unless_replaced(qtbot: QtBot, qapp: QApplication) -> None:
    board = QApplication.clipboard()
    copy_secret("7KX2M-Q9P4D", seconds=0.05)
    assert board.text() == "7KX2M-Q9P4D"
    qtbot.waitUntil(lambda: board.text() == "", timeout=2000)

    timer = copy_secret("7KX2M-Q9P4D", seconds=0.05)
    board.setText("something the officer copied since")
    # Wait for the clearing timer itself to have fired, so the check below is made after it had its chance.
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=2000)
    assert board.text() == "something the officer copied since"
    board.clear()


def test_quit_on_the_first_page_ends_without_a_vault(
    qtbot: QtBot, start_app: Callable[..., Application], gui_vault_path: Path
) -> None:
    application, dialog = first_run(start_app)
    with qtbot.waitSignal(application.finished):
        find(dialog, QPushButton, "cancelSetup").click()
    assert not gui_vault_path.exists()


def test_each_problem_is_said_once_in_its_place_and_goes_once_it_is_fixed(
    qtbot: QtBot, start_app: Callable[..., Application], gui_vault_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.ADCS.value))
    office, field = find(dialog, QLineEdit, "officeName"), find(dialog, QLineEdit, "newPassphraseField")
    confirm = find(dialog, QLineEdit, "confirmPassphraseField")
    hint, error = find(dialog, QLabel, "passphraseHint"), find(dialog, QLabel, "setupError")
    word = find(dialog, QLabel, "strengthWord")

    qtbot.keyClicks(field, "plum")
    assert word.text() == "Too short" and times_shown(dialog, "at least 10 characters") == 1
    assert hint.property("role") == "hint"  # said while typing; not an error yet
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # Return presses Create: the office's problem under the form, the passphrase's under its meter, once each.
    assert error.isVisible() and error.text() == "Give the office a name."
    assert times_shown(dialog, "at least 10 characters") == 1 and hint.property("role") == "error"
    assert dialog.focusWidget() is office
    qtbot.keyClicks(office, "ADCS Children's Services")
    assert not error.isVisible()

    qtbot.keyClicks(field, " kettle orbit lantern")
    assert word.text() == "Very strong"
    assert times_shown(dialog, "at least 10 characters") == 0
    assert hint.text() == PASSPHRASE_ADVICE and hint.property("role") == "hint"

    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert times_shown(dialog, "Type the passphrase again") == 1 and dialog.focusWidget() is confirm
    qtbot.keyClicks(confirm, "plum kettle")  # still being typed: not wrong yet
    assert hint.text() == PASSPHRASE_ADVICE and hint.property("role") == "hint"
    qtbot.keyClicks(confirm, " orbit lantren")
    assert times_shown(dialog, "differ") == 1
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    assert times_shown(dialog, "differ") == 1 and hint.property("role") == "error"
    assert not error.isVisible() and not gui_vault_path.exists()
    assert confirm.selectedText() == "plum kettle orbit lantren"  # ready to be typed again

    qtbot.keyClicks(confirm, "plum kettle orbit lantern")
    assert times_shown(dialog, "differ") == 0 and hint.property("role") == "hint"
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget().objectName() == "recoveryKeyPage", timeout=10_000)
    assert gui_vault_path.exists()


@pytest.mark.parametrize(("typed", "rating", "problem"), [
    ("Xy7$kQ2!p", "Too short", "at least 10 characters"),
    ("correct horse battery staple ", "Not usable", "starts or ends with a space"),
    ("abababababababab", "Not usable", "repeats too few characters"),
])
def test_the_meter_never_rates_a_passphrase_that_will_be_refused(
    qtbot: QtBot, start_app: Callable[..., Application], typed: str, rating: str, problem: str
) -> None:
    _application, dialog = first_run(start_app)
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), typed)
    assert find(dialog, QLabel, "strengthWord").text() == rating
    assert problem in find(dialog, QLabel, "passphraseHint").text()


def test_the_form_opens_on_its_first_field_and_tab_goes_in_the_order_seen(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    _application, dialog = first_run(start_app)
    assert dialog.focusWidget() is find(dialog, QComboBox, "orgType")
    fields = ["officeName", "newPassphraseField", "confirmPassphraseField", "cancelSetup", "createVault"]
    assert tab_order(qtbot, dialog) == ["orgType", "councilPicker", *fields]
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.LGA.value))
    assert tab_order(qtbot, dialog) == ["orgType", *fields]  # no council to choose, so none to pass
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_the_key_page_tabs_through_its_buttons_then_the_tick_and_continue(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    assert dialog.focusWidget() is find(dialog, QPushButton, "copyRecoveryKey")
    buttons = ["copyRecoveryKey", "saveRecoveryKey", "printRecoveryKey", "storedRecoveryKey"]
    assert tab_order(qtbot, dialog) == buttons  # Continue cannot be reached before the tick
    qtbot.keyClick(find(dialog, QCheckBox, "storedRecoveryKey"), Qt.Key.Key_Space)
    assert tab_order(qtbot, dialog) == [*buttons, "continueButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_print_puts_the_key_on_the_page_of_the_printer_chosen(
    qtbot: QtBot, start_app: Callable[..., Application], tmp_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    key = find(dialog, QLabel, "recoveryKeyText").text()
    target = tmp_path / "recovery key.pdf"
    dialog.printer_factory = lambda: pdf_printer(target)

    find(dialog, QPushButton, "printRecoveryKey").click()
    chooser = find(dialog, QPrintDialog, "printRecoveryKeyDialog")
    assert chooser.isVisible() and chooser.windowModality() == Qt.WindowModality.WindowModal
    chooser.accept()  # what pressing Print in it does

    assert find(dialog, QLabel, "recoveryKeyStatus").text() == (
        f"Saved as a PDF file to {target}. Print it on paper, then delete the file.")
    assert target.read_bytes().startswith(b"%PDF-")
    printed = pdf_text(target).splitlines()
    assert key in printed and "Office: Leeds" in printed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds the key, like the text file


def test_a_printer_that_cannot_print_is_said_and_leaves_nothing_behind(
    qtbot: QtBot, start_app: Callable[..., Application], tmp_path: Path
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    key = find(dialog, QLabel, "recoveryKeyText").text()
    target = tmp_path / "no such folder" / "recovery key.pdf"

    dialog.print_to(pdf_printer(target))
    assert find(dialog, QLabel, "recoveryKeyStatus").text() == (
        f"The key could not be written to {target}: No such file or directory. Nothing was saved there.")
    assert not target.parent.exists()
    assert find(dialog, QLabel, "recoveryKeyText").text() == key  # still shown, to print or copy again


def test_without_print_support_the_key_is_saved_as_a_pdf_to_print_elsewhere(
    qtbot: QtBot, start_app: Callable[..., Application], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _application, dialog = first_run(start_app)
    fill_setup(qtbot, dialog)
    create(qtbot, dialog)
    key = find(dialog, QLabel, "recoveryKeyText").text()
    monkeypatch.setitem(sys.modules, "PySide6.QtPrintSupport", None)  # as in a Qt built without it

    find(dialog, QPushButton, "printRecoveryKey").click()
    chooser = find(dialog, QFileDialog, "saveRecoveryKeyPdfDialog")
    assert chooser.isVisible()
    target = tmp_path / "key.pdf"
    chooser.fileSelected.emit(str(target))  # what choosing a file and pressing Save does
    chooser.reject()

    assert find(dialog, QLabel, "recoveryKeyStatus").text().startswith(
        f"Printing is not available here. Saved as a PDF file to {target}.")
    assert key in pdf_text(target).splitlines()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
