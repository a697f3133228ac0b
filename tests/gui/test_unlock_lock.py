"""Unlocking (passphrase, Caps Lock, recovery key, busy indication) and locking (request, idle, system)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import SLOT, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind, OrgType
from sg_desktop.domain.errors import WrongPassphrase
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.vault.unlock import WRONG_PASSPHRASE, UnlockDialog

from .conftest import GUI_PASSPHRASE, find, visible
from .tab_order import app_theme, controls_hiding_focus, tab_order
from .test_demo import cheap_demo

LEEDS, YORK = "E08000035", "E06000014"


@pytest.fixture
def recovery_key(gui_service: VaultService) -> str:
    """A vault with three alerts already made; its recovery key."""
    session, key = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many([
        Alert(LEEDS, AlertKind.CSPR, "Practice review, neglect",
              milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 1, 12), DateConfidence.CONFIRMED),)),
        Alert(YORK, AlertKind.TRIAL, "Trial listed at the Crown Court",
              milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 12, 1)),)),
        Alert(LEEDS, AlertKind.INQUEST, "Inquest touching a teenager"),
    ])
    session.lock()
    return key.formatted


def unlock_dialog(application: Application) -> UnlockDialog:
    dialog = application.unlock_dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    return dialog


def unlock(qtbot: QtBot, application: Application, passphrase: str = GUI_PASSPHRASE) -> None:
    """Type the passphrase, press Return, wait for the vault to open."""
    dialog = unlock_dialog(application)
    field = find(dialog, QLineEdit, "passphraseField")
    field.clear()
    qtbot.keyClicks(field, passphrase)
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_wrong_passphrase_is_refused_with_a_message_and_the_field_ready_to_retype(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app()
    dialog = unlock_dialog(application)
    assert application.window is None  # nothing of the log exists before the vault is open
    field = find(dialog, QLineEdit, "passphraseField")
    qtbot.keyClicks(field, "correct horse battery stable")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    error = find(dialog, QLabel, "unlockError")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == WRONG_PASSPHRASE
    assert application.session is None and dialog.isVisible()
    assert dialog.focusWidget() is field and field.selectedText() == "correct horse battery stable"

    unlock(qtbot, application)
    assert not dialog.isVisible()
    assert application.window.model.rowCount() == 3


def test_caps_lock_is_guessed_from_the_letters_typed(qtbot: QtBot, start_app: Callable[..., Application],
                                                     recovery_key: str) -> None:
    dialog = unlock_dialog(start_app())
    field = find(dialog, QLineEdit, "passphraseField")
    warning = find(dialog, QLabel, "capsLockWarning")
    qtbot.keyClicks(field, "c")
    assert not warning.isVisible()
    qtbot.keyClick(field, "O")  # a capital without Shift: Caps Lock is on
    assert warning.isVisible()
    qtbot.keyClick(field, "r", Qt.KeyboardModifier.ShiftModifier)  # Shift gives lower case: still on
    assert warning.isVisible()
    qtbot.keyClick(field, "r")
    assert not warning.isVisible()
    assert field.text() == "cOrr"


def test_the_dialog_shows_it_is_busy_while_the_key_is_derived(qtbot: QtBot, start_app: Callable[..., Application],
                                                              recovery_key: str) -> None:
    release = threading.Event()

    class SlowUnlocker:
        def unlock(self, passphrase: str) -> Any:
            release.wait(10)
            raise WrongPassphrase("no")

    application = start_app()
    dialog = UnlockDialog(SlowUnlocker(), vault_location="test")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(find(dialog, QLineEdit, "passphraseField"), "anything at all")
    find(dialog, QPushButton, "unlockButton").click()
    assert dialog.busy and find(dialog, QProgressBar, "unlockBusy").isVisible()
    assert not find(dialog, QLineEdit, "passphraseField").isEnabled()
    dialog.reject()  # cannot be closed while the derivation runs: its result must be taken
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    assert not find(dialog, QProgressBar, "unlockBusy").isVisible()
    assert find(dialog, QLabel, "unlockError").text() == WRONG_PASSPHRASE
    assert application.session is None


def test_the_recovery_key_opens_the_vault_and_sets_a_new_passphrase(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str, gui_service: VaultService
) -> None:
    application = start_app()
    dialog = unlock_dialog(application)
    find(dialog, QPushButton, "useRecoveryKey").click()
    key_field = find(dialog, QLineEdit, "recoveryKeyField")
    assert dialog.focusWidget() is key_field

    mistyped = ("0" if recovery_key[0] != "0" else "1") + recovery_key[1:]
    qtbot.keyClicks(key_field, mistyped)
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), "a brand new passphrase")
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), "a brand new passphrase")
    find(dialog, QPushButton, "recoverButton").click()
    error = find(dialog, QLabel, "recoveryError")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "group 1" in error.text().lower()
    assert application.session is None

    key_field.setText(recovery_key.lower())  # case and dashes do not matter
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        find(dialog, QPushButton, "recoverButton").click()
    assert application.window.model.rowCount() == 3
    application.lock()
    with pytest.raises(WrongPassphrase):
        gui_service.unlock(GUI_PASSPHRASE)
    gui_service.unlock("a brand new passphrase").lock()


def test_a_weak_new_passphrase_is_refused_before_the_key_is_used(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    dialog = unlock_dialog(start_app())
    find(dialog, QPushButton, "useRecoveryKey").click()
    find(dialog, QLineEdit, "recoveryKeyField").setText(recovery_key)
    field = find(dialog, QLineEdit, "newPassphraseField")
    qtbot.keyClicks(field, "short")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    hint = find(dialog, QLabel, "passphraseHint")
    assert "at least 10 characters" in hint.text() and hint.property("role") == "error"
    assert not find(dialog, QLabel, "recoveryError").isVisible()  # said once, under the meter
    assert dialog.focusWidget() is field and not dialog.busy
    qtbot.keyClicks(field, "a brand new passphrase")
    assert find(dialog, QLabel, "strengthWord").text() == "Very strong"
    assert "at least 10 characters" not in hint.text()


def test_a_missing_recovery_key_is_named_and_goes_once_one_is_typed(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app()
    dialog = unlock_dialog(application)
    find(dialog, QPushButton, "useRecoveryKey").click()
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), "a brand new passphrase")
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), "a brand new passphrase")
    find(dialog, QPushButton, "recoverButton").click()
    error = find(dialog, QLabel, "recoveryError")
    key_field = find(dialog, QLineEdit, "recoveryKeyField")
    assert error.isVisible() and error.text() == "Type the recovery key."
    assert dialog.focusWidget() is key_field and not dialog.busy
    qtbot.keyClicks(key_field, recovery_key[:5])
    assert not error.isVisible()
    assert application.session is None


def test_tab_goes_through_each_unlock_page_in_the_order_seen(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    dialog = unlock_dialog(start_app())
    assert tab_order(qtbot, dialog) == ["passphraseField", "useRecoveryKey", "cancelUnlock", "unlockButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []
    find(dialog, QPushButton, "useRecoveryKey").click()
    assert tab_order(qtbot, dialog) == ["recoveryKeyField", "newPassphraseField", "confirmPassphraseField",
                                        "backToPassphrase", "recoverButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_the_demo_unlock_starts_on_its_unlock_button(qtbot: QtBot, start_app: Callable[..., Application]) -> None:
    application = start_app(demo=True, demo_factory=cheap_demo)
    qtbot.waitUntil(lambda: application.session is not None, timeout=10_000)
    application.lock()
    dialog = unlock_dialog(application)
    # No passphrase to type, so nothing hidden takes the focus: Return unlocks the demo again.
    assert tab_order(qtbot, dialog) == ["unlockButton", "cancelUnlock"]


def assert_nothing_from_the_vault_is_shown(application: Application) -> None:
    window = application.window
    assert window.is_locked
    assert window.model.rowCount() == 0 and not window.model.has_service
    assert window.details.alert_id is None and window.details.plain_text() == ""
    assert window.details.view.toPlainText() == ""
    assert window.filters.search.text() == ""
    assert window.centralWidget().currentWidget().objectName() == "lockedPage"
    assert application.session is None


def test_ctrl_l_locks_everything_and_unlocking_restores_the_selection(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app()
    unlock(qtbot, application)
    window = application.window
    qtbot.waitExposed(window)
    qtbot.keyClicks(window.filters.search, "trial")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)  # the last keystrokes are searched once typing stops
    window.table.selectRow(0)
    chosen = window.selected_alert_id()
    assert "Trial listed" in window.details.plain_text()
    session = application.session

    with qtbot.waitSignal(application.locked) as locked:
        qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert locked.args == ["request"]
    assert session.is_locked
    assert_nothing_from_the_vault_is_shown(application)
    assert not window.action_new.isEnabled()
    assert "locked" in window.windowTitle()

    unlock(qtbot, application)
    assert window.selected_alert_id() == chosen
    assert "Trial listed" in window.details.plain_text()


def test_locking_force_closes_an_open_editor_and_questions(qtbot: QtBot, start_app: Callable[..., Application],
                                             recovery_key: str) -> None:
    application = start_app()
    unlock(qtbot, application)
    window = application.window
    window.table.selectRow(0)
    window.action_edit.trigger()
    [editor] = window.open_editors()
    assert editor.isVisible()
    window.action_delete.trigger()
    confirm = visible(QMessageBox, "deleteConfirm")
    assert confirm is not None and "LGA-2026-" in confirm.text()
    application.lock()
    assert not editor.isVisible() and not confirm.isVisible()
    assert window.open_editors() == []
    assert_nothing_from_the_vault_is_shown(application)


def test_idle_time_locks_the_vault_and_empties_every_view(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app(idle_seconds=0.4)
    unlock(qtbot, application)
    window = application.window
    window.table.selectRow(0)
    assert window.details.plain_text()
    assert application.idle.active
    with qtbot.waitSignal(application.locked, timeout=5000) as locked:
        pass
    assert locked.args == ["idle"]
    assert_nothing_from_the_vault_is_shown(application)
    assert not application.idle.active
    assert unlock_dialog(application).parent() is window


def test_activity_in_the_window_postpones_the_idle_lock(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app(idle_seconds=0.6)
    unlock(qtbot, application)
    window = application.window
    countdown = application.idle.findChild(QTimer, "idleTimer")
    assert countdown is not None
    # Each key is pressed once a third of the idle time has passed without activity, read off the countdown
    # itself (a fixed sleep on a loaded machine can stretch past the idle time), and must start it again.
    # Six rounds keep the vault open through at least twice the idle time.
    press_at_ms = countdown.interval() * 2 // 3
    for _ in range(6):
        qtbot.waitUntil(lambda: countdown.remainingTime() <= press_at_ms, timeout=5000)
        qtbot.keyClick(window.filters.search, Qt.Key.Key_A)
        assert countdown.remainingTime() > press_at_ms
    assert application.session is not None
    qtbot.waitUntil(lambda: application.session is None, timeout=5000)


_PROBE_PATH, _PROBE_INTERFACE = "/org/sgdesktop/tests/Probe", "org.sgdesktop.tests.Probe"


class _Probe(QObject):
    """Hears the test's own D-Bus `Ping` signal: proof that what the bus carried before it was delivered."""

    pinged = Signal()

    @Slot()
    def onPing(self) -> None:
        self.pinged.emit()


def test_the_screen_locker_starting_locks_the_vault(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    # A private D-Bus server stands in for the desktop's session bus.
    server = QDBusServer("unix:tmpdir=/tmp")
    peers: list[QDBusConnection] = []
    server.newConnection.connect(peers.append)
    bus = QDBusConnection.connectToPeer(server.address(), "sg-desktop-test-session-bus")
    qtbot.waitUntil(lambda: bool(peers), timeout=5000)
    try:
        application = start_app(system_buses=(QDBusConnection("sg-desktop-no-system-bus"), bus))
        assert "the screen locker starting" in application.system_lock.detected
        unlock(qtbot, application)
        signal = QDBusMessage.createSignal("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
                                           "ActiveChanged")
        probe = _Probe()
        assert bus.connect("", _PROBE_PATH, _PROBE_INTERFACE, "Ping", probe, SLOT("onPing()"))
        signal.setArguments([False])  # the locker stopping is no reason to lock
        peers[0].send(signal)
        # Nothing visible follows that signal, so wait for a second one sent after it: D-Bus delivers a
        # connection's messages in order, so when the second arrives the first has been handled.
        with qtbot.waitSignal(probe.pinged, timeout=5000):
            peers[0].send(QDBusMessage.createSignal(_PROBE_PATH, _PROBE_INTERFACE, "Ping"))
        assert application.session is not None
        signal.setArguments([True])
        with qtbot.waitSignal(application.locked, timeout=5000) as locked:
            peers[0].send(signal)
        assert locked.args == ["screen-locker"]
        assert_nothing_from_the_vault_is_shown(application)
    finally:
        QDBusConnection.disconnectFromPeer("sg-desktop-test-session-bus")


def test_an_application_suspended_by_the_platform_locks_but_one_merely_left_does_not(
    qtbot: QtBot, qapp: QApplication, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app()
    unlock(qtbot, application)
    QApplication.sendEvent(qapp, QEvent(QEvent.Type.ApplicationDeactivate))
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert application.session is not None
    with qtbot.waitSignal(application.locked) as locked:
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert locked.args == ["suspended"]


def test_cancelling_the_unlock_after_a_lock_leaves_the_window_locked_with_a_way_back(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    application = start_app()
    unlock(qtbot, application)
    application.lock()
    dialog = unlock_dialog(application)
    find(dialog, QPushButton, "cancelUnlock").click()
    assert not dialog.isVisible() and application.window.isVisible()
    find(application.window, QPushButton, "unlockAgain").click()
    unlock(qtbot, application)
    assert application.window.model.rowCount() == 3


def test_the_exchange_menu_works_on_the_unlocked_vault_and_locking_closes_its_dialogs(
    qtbot: QtBot, start_app: Callable[..., Application], recovery_key: str
) -> None:
    from sg_desktop.ui.exchange.actions import exchange_dialogs

    application = start_app()
    unlock(qtbot, application)
    window = application.window
    offices = find(window, QAction, "actionOffices")
    assert offices.isEnabled()
    offices.trigger()
    [dialog] = exchange_dialogs(window)
    assert dialog.objectName() == "officesDialog" and dialog.isVisible()
    own = application.session.offices.card().fingerprint_digits
    assert dialog.own_fingerprint.digits() == own

    application.lock()
    assert not dialog.isVisible() and exchange_dialogs(window) == []
    assert not offices.isEnabled()
    assert_nothing_from_the_vault_is_shown(application)
