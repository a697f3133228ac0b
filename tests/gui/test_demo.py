"""The demo: about 40 fictional alerts over the next three months, no passphrase asked, gone on exit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.demo import DEMO_ALERT_COUNT, DemoVault, demo_alerts
from sg_desktop.app.session import Session
from sg_desktop.domain.councils import DEMO_COUNCILS
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.application import Application

from .conftest import find, gui_cheap_kdf


def cheap_demo(clock: FixedClock) -> DemoVault:
    return DemoVault(clock, kdf=gui_cheap_kdf())


def test_demo_alerts_are_fictional_and_due_within_three_months(clock: FixedClock) -> None:
    alerts = demo_alerts(clock)
    assert len(alerts) == DEMO_ALERT_COUNT == 40
    fictional = {c.ons_code for c in DEMO_COUNCILS}
    assert {a.council for a in alerts} == fictional
    today = clock.today()
    for alert in alerts:
        assert "fictional" in alert.title
        upcoming = alert.next_milestone(today)
        assert upcoming is not None and upcoming.date <= today + timedelta(days=92)
    assert any(m.history for a in alerts for m in a.milestones)  # some show a slipped date
    assert any(a.offers for a in alerts)


def test_the_demo_vault_opens_again_after_a_lock_and_is_removed_on_close(clock: FixedClock) -> None:
    demo = cheap_demo(clock)
    folder = demo.folder
    session = demo.create()  # the identifying-data guard passes the demo text without confirmation
    assert session.demo and session.alerts.total() == 40
    assert session.alerts.count(AlertQuery(upcoming_days=92)) == 40
    session.lock()
    session = demo.unlock()
    assert session.alerts.total() == 40
    session.lock()
    demo.close()
    assert not folder.exists()


def test_demo_mode_opens_the_log_without_a_passphrase_and_says_demo(
    qtbot: QtBot, start_app: Callable[..., Application]
) -> None:
    application = start_app(demo=True, demo_factory=cheap_demo)
    qtbot.waitUntil(lambda: application.session is not None, timeout=10_000)
    window = application.window
    assert application.unlock_dialog is None and application.first_run_dialog is None
    assert "DEMO" in window.windowTitle()
    assert find(window, QLabel, "demoBanner").isVisible()
    assert window.model.rowCount() == 40
    assert all(window.model.index(row, 2).data().endswith("(fictional)") for row in range(40))
    folder = application.demo.folder
    assert folder.exists()

    # Locking still drops everything; unlocking the demo asks for nothing.
    application.lock()
    assert window.model.rowCount() == 0
    dialog = application.unlock_dialog
    assert dialog is not None and not find(dialog, QLineEdit, "passphraseField").isVisible()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        find(dialog, QPushButton, "unlockButton").click()
    assert window.model.rowCount() == 40

    application.shutdown()
    assert not folder.exists()


def test_a_demo_session_is_a_demo(qtbot: QtBot, start_app: Callable[..., Application]) -> None:
    application = start_app(demo=True, demo_factory=cheap_demo)
    qtbot.waitUntil(lambda: application.session is not None, timeout=10_000)
    session = application.session
    assert isinstance(session, Session) and session.demo
    assert session.office.name == "Demo office (fictional)"
