"""First run: the office, a passphrase, and the recovery key shown once with copy, save and a required tick."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFileDialog, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import parse_recovery_key
from sg_desktop.domain.enums import OrgType
from sg_desktop.ui.application import Application
from sg_desktop.ui.shared.clipboard import copy_secret
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.vault.first_run import FirstRunDialog

from .conftest import GUI_PASSPHRASE, find

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
    error = find(dialog, QLabel, "setupError")
    assert error.isVisible() and "differ" in error.text()

    find(dialog, QLineEdit, "newPassphraseField").setText("short")
    assert "at least 10 characters" in find(dialog, QLabel, "passphraseHint").text()
    assert find(dialog, QLabel, "strengthWord").text() == "Too weak"
    find(dialog, QPushButton, "createVault").click()
    assert "at least 10 characters" in error.text()
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
