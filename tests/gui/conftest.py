"""Starting the whole desktop application in a test: scratch settings, a cheap KDF, a fixed clock.

`start_app()` builds an `Application` over the test's vault path (nothing on screen but offscreen
windows) and `find` / `visible` look widgets up by object name, the way an officer sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, MilestoneKind, OrgType
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application, GuiOptions
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, introduce

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

W = TypeVar("W", bound=QWidget)

GUI_PASSPHRASE = "correct horse battery staple"


def gui_cheap_kdf() -> Kdf:
    """Argon2id with test-only parameters (as in tests/conftest.py): fast, and the real code path."""
    return Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)


def find(parent: QWidget | None, kind: type[W], name: str) -> W:
    """The visible-or-not child of `parent` (or any top-level window) with this type and object name."""
    roots = [parent] if parent is not None else QApplication.topLevelWidgets()
    for root in roots:
        if isinstance(root, kind) and root.objectName() == name:
            return root
        found = root.findChild(kind, name)
        if found is not None:
            return found
    raise AssertionError(f"no {kind.__name__} named {name!r}")


def visible(kind: type[W], name: str) -> W | None:
    """The top-level window, or window's child, of this type and name that is on screen now."""
    for top in QApplication.topLevelWidgets():
        candidates = [top, *top.findChildren(kind, name)]
        for widget in candidates:
            if isinstance(widget, kind) and widget.objectName() == name and widget.isVisible():
                return widget
    return None


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a scratch INI file (never the developer's own)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def gui_vault_path(tmp_path: Path) -> Path:
    """The vault the application under test opens."""
    return tmp_path / "vault" / "office.sgvault"


@pytest.fixture
def gui_service(gui_vault_path: Path, clock: FixedClock) -> VaultService:
    """The same vault, for a test to prepare or inspect it directly."""
    return VaultService(gui_vault_path, clock=clock, councils=english_councils(), new_slot_kdf=gui_cheap_kdf)


@pytest.fixture
def start_app(
    qtbot: QtBot, qapp: QApplication, settings: QSettings, gui_vault_path: Path, clock: FixedClock
) -> Iterator[Callable[..., Application]]:
    """Make and start the application; everything is locked and closed again after the test."""
    made: list[Application] = []

    def start(*, demo: bool = False, idle_seconds: float | None = None, **extra: Any) -> Application:
        if idle_seconds is not None:
            settings.setValue("locking/idle_seconds", idle_seconds)
        extra.setdefault("vault_service_factory", lambda path: VaultService(
            path, clock=clock, councils=english_councils(), new_slot_kdf=gui_cheap_kdf))
        # No D-Bus in tests unless a test hands in its own (a developer's real session bus must not lock us).
        extra.setdefault("system_buses", (_no_bus(), _no_bus()))
        application = Application(qapp, GuiOptions(gui_vault_path, demo), settings=settings, clock=clock,
                                  **extra)
        made.append(application)
        application.start()
        return application

    yield start
    for application in made:
        application.shutdown()
        for widget in (application.window, application.unlock_dialog, application.first_run_dialog):
            if isinstance(widget, QWidget):
                widget.hide()
                widget.deleteLater()
        application.deleteLater()


@pytest.fixture(autouse=True)
def no_user_guide_left_open() -> Iterator[None]:
    """Close the user guide window after each test: it has no parent window, so nothing else would."""
    yield
    from sg_desktop.ui.help.help_window import open_guide_window

    guide = open_guide_window()
    if guide is not None:
        guide.close()
    # Nor does anything close a dialog, a file chooser or a question a test left on screen: the next test's
    # windows would then include it.
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and isinstance(window, QDialog):
            window.close()


def _no_bus() -> Any:
    from PySide6.QtDBus import QDBusConnection

    return QDBusConnection("sg-desktop-tests-no-bus")


@pytest.fixture
def offices(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    """Vaults for several offices, each in its own folder (locked again after the test)."""
    world = Offices(tmp_path / "offices", clock)
    yield world
    world.close()


@pytest.fixture
def pair(offices: Offices) -> Offices:
    """A council and the LGA that trust each other."""
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    return offices


LEEDS, YORK, KENT = "E08000035", "E06000014", "E10000016"


def unlock_with(qtbot: QtBot, application: Application, passphrase: str) -> None:
    dialog = application.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    field = find(dialog, QLineEdit, "passphraseField")
    field.setText(passphrase)
    find(dialog, QPushButton, "unlockButton").click()


@pytest.fixture
def log_app(qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService) -> Application:
    """The application unlocked over four alerts (today is 24 November 2026)."""
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many([
        Alert(LEEDS, AlertKind.CSPR, "Practice review after neglect", media_interest=MediaInterest.NATIONAL,
              milestones=(Milestone(MilestoneKind.REVIEW_COMPLETED, date(2026, 11, 30), DateConfidence.CONFIRMED),
                          Milestone(MilestoneKind.PUBLICATION, date(2027, 1, 12)))),
        Alert(YORK, AlertKind.TRIAL, "Trial listed at the Crown Court",
              milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 12, 14)),)),
        Alert(KENT, AlertKind.INQUEST, "Inquest touching a teenager", status=AlertStatus.DRAFT,
              milestones=(Milestone(MilestoneKind.INQUEST, date(2027, 4, 2), DateConfidence.ESTIMATED),)),
        Alert(LEEDS, AlertKind.OFSTED, "Ofsted judgement letter"),
    ])
    session.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    return application


@pytest.fixture
def log(log_app: Application) -> MainWindow:
    """The unlocked main window over the four alerts."""
    return log_app.window
