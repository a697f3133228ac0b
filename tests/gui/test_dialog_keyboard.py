"""Preferences, About and Help ▸ Keyboard shortcuts from the keyboard alone: Tab goes in the order seen, with
Cancel before Save and Close last, every control shows when it has the focus, and Enter and Esc answer as the
buttons say."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.ui.about import AboutDialog
from sg_desktop.ui.preferences import DEFAULT_HORIZON_DAYS, DEFAULT_IDLE_MINUTES, Preferences, PreferencesDialog
from sg_desktop.ui.shortcuts import ShortcutsDialog

from .conftest import find
from .tab_order import app_theme, controls_hiding_focus, tab_order


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return dialog


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def test_preferences_tab_down_the_numbers_then_cancel_and_save(qtbot: QtBot, preferences: Preferences) -> None:
    dialog = shown(qtbot, PreferencesDialog(preferences, []))
    assert dialog.focusWidget() is find(dialog, QSpinBox, "idleMinutes")
    assert tab_order(qtbot, dialog) == ["idleMinutes", "horizonDays", "backupsKept", "cancelPreferencesButton",
                                        "savePreferencesButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_preferences_save_on_enter_and_escape_changes_nothing(qtbot: QtBot, preferences: Preferences) -> None:
    dialog = shown(qtbot, PreferencesDialog(preferences, []))
    idle = find(dialog, QSpinBox, "idleMinutes")
    idle.selectAll()
    qtbot.keyClicks(idle, "25")
    qtbot.keyClick(idle, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert (preferences.idle_seconds, preferences.horizon_days) == (DEFAULT_IDLE_MINUTES * 60.0, DEFAULT_HORIZON_DAYS)

    again = shown(qtbot, PreferencesDialog(preferences, []))
    assert find(again, QPushButton, "savePreferencesButton").isDefault()
    idle = find(again, QSpinBox, "idleMinutes")
    idle.selectAll()
    qtbot.keyClicks(idle, "25")
    qtbot.keyClick(idle, Qt.Key.Key_Return)
    assert not again.isVisible() and preferences.idle_seconds == 25 * 60.0


def test_about_has_only_close_and_shows_when_it_has_the_focus(qtbot: QtBot) -> None:
    dialog = shown(qtbot, AboutDialog("/home/officer/vault.sgvault"))
    assert tab_order(qtbot, dialog) == ["closeAboutButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []


def test_the_shortcuts_list_tabs_to_close(qtbot: QtBot) -> None:
    dialog = shown(qtbot, ShortcutsDialog([]))
    assert dialog.focusWidget() is find(dialog, QWidget, "shortcutsList")
    assert tab_order(qtbot, dialog) == ["shortcutsList", "closeShortcutsButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []
