"""Changing the passphrase from the File menu: the old one stops working, the alerts and recovery key stay."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.errors import WrongPassphrase
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.query import AlertQuery
from sg_desktop.store.vault import key_file_path
from sg_desktop.ui.application import Application
from sg_desktop.ui.shared.passphrase import PASSPHRASE_ADVICE
from sg_desktop.ui.vault.change_passphrase import CHANGED, WRONG_CURRENT_PASSPHRASE, ChangePassphraseDialog

from .conftest import GUI_PASSPHRASE, find, gui_cheap_kdf, visible
from .tab_order import app_theme, controls_hiding_focus, tab_order
from .test_demo import cheap_demo

NEW_PASSPHRASE = "plum kettle orbit lantern"
LEEDS, YORK = "E08000035", "E06000014"


@pytest.fixture
def recovery_key(gui_service: VaultService) -> str:
    """A vault holding two alerts; its recovery key."""
    office = OfficeProfile("Local Government Association", OrgType.LGA)
    session, key = gui_service.create(GUI_PASSPHRASE, office)
    session.alerts.add_many([Alert(LEEDS, AlertKind.CSPR, "Practice review, neglect"),
                             Alert(YORK, AlertKind.TRIAL, "Trial listed at the Crown Court")])
    session.lock()
    return key.formatted


def unlocked(qtbot: QtBot, application: Application) -> Application:
    """`application`, unlocked with the passphrase."""
    dialog = application.unlock_dialog
    assert dialog is not None
    find(dialog, QLineEdit, "passphraseField").setText(GUI_PASSPHRASE)
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        find(dialog, QPushButton, "unlockButton").click()
    return application


@pytest.fixture
def application(qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str) -> Application:
    """The application unlocked over the two alerts."""
    return unlocked(qtbot, start_app())


def open_dialog(qtbot: QtBot, application: Application) -> ChangePassphraseDialog:
    """Choose File → Change passphrase… and return the dialog it opens, as the active window."""
    application.window.action_change_passphrase.trigger()
    dialog = visible(ChangePassphraseDialog, "changePassphraseDialog")
    assert dialog is not None
    # The offscreen platform does not activate new windows; keys must not go to the log's shortcuts.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def fill(qtbot: QtBot, dialog: ChangePassphraseDialog, current: str, new: str, again: str) -> None:
    qtbot.keyClicks(find(dialog, QLineEdit, "currentPassphraseField"), current)
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), new)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), again)


def alerts_in(service: VaultService, passphrase: str) -> list[Alert]:
    """Every alert in the vault, opened with `passphrase`."""
    session = service.unlock(passphrase)
    try:
        return session.alerts.find(AlertQuery())
    finally:
        session.lock()


def test_the_new_passphrase_opens_the_vault_and_the_old_one_no_longer_does(
    qtbot: QtBot, application: Application, gui_service: VaultService, recovery_key: str
) -> None:
    window = application.window
    before = application.session.alerts.find(AlertQuery())
    assert window.action_change_passphrase.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert window.action_change_passphrase in find(window, QMenu, "menuFile").actions()
    dialog = open_dialog(qtbot, application)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "currentPassphraseField")
    fill(qtbot, dialog, GUI_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(find(dialog, QLineEdit, "confirmPassphraseField"), Qt.Key.Key_Return)
    assert find(dialog, QLabel, "passphraseChangedMessage").text() == CHANGED
    assert find(dialog, QLabel, "passphraseChangedMessage").isVisible()
    # Nothing typed is kept once it is done.
    assert all(not field.text() for field in dialog.findChildren(QLineEdit))
    # The vault stayed open throughout.
    assert application.session is not None and window.model.rowCount() == 2
    find(dialog, QPushButton, "closeChangePassphrase").click()
    assert not dialog.isVisible()

    application.lock()
    with pytest.raises(WrongPassphrase):
        gui_service.unlock(GUI_PASSPHRASE)
    assert alerts_in(gui_service, NEW_PASSPHRASE) == before
    gui_service.unlock_with_recovery(recovery_key).lock()


def test_a_wrong_current_passphrase_is_refused_and_nothing_changes(
    qtbot: QtBot, application: Application, gui_service: VaultService, gui_vault_path: Path
) -> None:
    key_file = key_file_path(gui_vault_path).read_bytes()
    before = application.session.alerts.find(AlertQuery())
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, "correct horse battery stable", NEW_PASSPHRASE, NEW_PASSPHRASE)
    find(dialog, QPushButton, "changePassphraseButton").click()
    assert dialog.busy and find(dialog, QLineEdit, "currentPassphraseField").isEnabled() is False
    error = find(dialog, QLabel, "changePassphraseError")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert error.isVisible() and error.text() == WRONG_CURRENT_PASSPHRASE
    current = find(dialog, QLineEdit, "currentPassphraseField")
    assert dialog.focusWidget() is current and current.selectedText() == "correct horse battery stable"
    assert dialog.isVisible()
    assert key_file_path(gui_vault_path).read_bytes() == key_file
    application.lock()
    assert alerts_in(gui_service, GUI_PASSPHRASE) == before


def test_a_mismatched_confirmation_is_refused_before_any_key_is_derived(
    qtbot: QtBot, application: Application, gui_vault_path: Path
) -> None:
    key_file = key_file_path(gui_vault_path).read_bytes()
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, GUI_PASSPHRASE, NEW_PASSPHRASE, "plum kettle orbit lanterns")
    find(dialog, QPushButton, "changePassphraseButton").click()
    assert not dialog.busy
    hint = find(dialog, QLabel, "passphraseHint")
    assert "differ" in hint.text() and hint.property("role") == "error"
    assert not find(dialog, QLabel, "changePassphraseError").isVisible()  # said once, under the meter
    assert dialog.focusWidget() is find(dialog, QLineEdit, "confirmPassphraseField")
    assert key_file_path(gui_vault_path).read_bytes() == key_file


def test_a_weak_new_passphrase_is_named_as_it_is_typed_and_refused(
    qtbot: QtBot, application: Application, gui_vault_path: Path
) -> None:
    key_file = key_file_path(gui_vault_path).read_bytes()
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, GUI_PASSPHRASE, "short", "short")
    hint = find(dialog, QLabel, "passphraseHint")
    assert "at least 10 characters" in hint.text() and hint.property("role") == "hint"
    assert find(dialog, QLabel, "strengthWord").text() == "Too short"
    find(dialog, QPushButton, "changePassphraseButton").click()
    assert not dialog.busy
    assert "at least 10 characters" in hint.text() and hint.property("role") == "error"
    assert not find(dialog, QLabel, "changePassphraseError").isVisible()
    field = find(dialog, QLineEdit, "newPassphraseField")
    assert dialog.focusWidget() is field
    assert key_file_path(gui_vault_path).read_bytes() == key_file

    qtbot.keyClicks(field, NEW_PASSPHRASE)  # replaces the selected text
    assert find(dialog, QLabel, "strengthWord").text() == "Very strong"
    assert hint.text() == "The two passphrases differ."  # the confirmation is still "short"
    confirm = find(dialog, QLineEdit, "confirmPassphraseField")
    confirm.clear()
    qtbot.keyClicks(confirm, NEW_PASSPHRASE)
    assert hint.text() == PASSPHRASE_ADVICE and hint.property("role") == "hint"


def test_a_missing_current_passphrase_is_named_and_goes_once_it_is_typed(
    qtbot: QtBot, application: Application, gui_vault_path: Path
) -> None:
    key_file = key_file_path(gui_vault_path).read_bytes()
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, "", NEW_PASSPHRASE, NEW_PASSPHRASE)
    current = find(dialog, QLineEdit, "currentPassphraseField")
    qtbot.keyClick(find(dialog, QLineEdit, "confirmPassphraseField"), Qt.Key.Key_Return)
    error = find(dialog, QLabel, "changePassphraseError")
    assert error.isVisible() and error.text() == "Type the passphrase you unlock the vault with now."
    assert dialog.focusWidget() is current and not dialog.busy
    qtbot.keyClicks(current, NEW_PASSPHRASE)
    # The same as the new one: that is the problem now, and the first one has gone.
    assert error.text() == "The new passphrase is the same as the current one; choose a different one."
    current.clear()
    qtbot.keyClicks(current, GUI_PASSPHRASE)
    assert not error.isVisible()
    assert key_file_path(gui_vault_path).read_bytes() == key_file


def test_tab_goes_through_the_fields_in_the_order_seen_then_cancel_and_change(
    qtbot: QtBot, application: Application
) -> None:
    dialog = open_dialog(qtbot, application)
    assert tab_order(qtbot, dialog) == ["currentPassphraseField", "newPassphraseField", "confirmPassphraseField",
                                        "cancelChangePassphrase", "changePassphraseButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_locking_closes_the_dialog_and_forgets_what_was_typed(qtbot: QtBot, application: Application) -> None:
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, GUI_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    application.lock()
    assert not dialog.isVisible()
    assert all(not field.text() for field in dialog.findChildren(QLineEdit))
    assert application.change_passphrase_dialog is None
    assert not application.window.action_change_passphrase.isEnabled()


def test_a_change_under_way_when_the_vault_locks_still_finishes(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str, gui_service: VaultService,
    clock: FixedClock,
) -> None:
    release = threading.Event()

    class SlowService(VaultService):
        def change_passphrase(self, current: str, new: str) -> None:
            release.wait(10)
            super().change_passphrase(current, new)

    application = unlocked(qtbot, start_app(vault_service_factory=lambda path: SlowService(
        path, clock=clock, councils=english_councils(), new_slot_kdf=gui_cheap_kdf)))
    dialog = open_dialog(qtbot, application)
    fill(qtbot, dialog, GUI_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    find(dialog, QPushButton, "changePassphraseButton").click()
    assert dialog.busy
    application.lock()
    assert not dialog.isVisible()
    assert all(not field.text() for field in dialog.findChildren(QLineEdit))
    with qtbot.waitSignal(dialog.destroyed, timeout=10_000):
        release.set()
    assert application.window.statusBar().currentMessage() == "The vault passphrase was changed."
    with pytest.raises(WrongPassphrase):
        gui_service.unlock(GUI_PASSPHRASE)
    gui_service.unlock(NEW_PASSPHRASE).lock()


def test_the_demo_vault_explains_it_has_no_passphrase_to_change(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    application = start_app(demo=True, demo_factory=cheap_demo)
    qtbot.waitUntil(lambda: application.session is not None, timeout=10_000)
    action = application.window.action_change_passphrase
    assert not action.isEnabled()
    assert "demo vault has no passphrase" in action.toolTip()
    action.trigger()
    assert visible(ChangePassphraseDialog, "changePassphraseDialog") is None
