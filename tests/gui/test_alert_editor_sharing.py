"""The alert editor's sharing boxes say that the council an alert is about always receives it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from sg_desktop.ui.shared.council_picker import CouncilPicker

from .conftest import find


@pytest.fixture
def editors() -> Iterator[list[AlertEditorDialog]]:
    """Editors opened by a test, closed again after it."""
    opened: list[AlertEditorDialog] = []
    yield opened
    for dialog in opened:
        dialog.force_close()


def open_editor(qtbot: QtBot, session: Session, clock: FixedClock, opened: list[AlertEditorDialog],
                alert: Alert | None = None) -> AlertEditorDialog:
    dialog = AlertEditorDialog(session.alerts, alert, clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    opened.append(dialog)
    return dialog


def pick_council(qtbot: QtBot, dialog: AlertEditorDialog, text: str) -> None:
    picker = find(dialog, CouncilPicker, "councilPicker")
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), text)
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)


def test_the_hint_beside_the_scope_names_the_council_and_follows_it(
    qtbot: QtBot, session: Session, clock: FixedClock, editors: list[AlertEditorDialog]
) -> None:
    dialog = open_editor(qtbot, session, clock, editors)
    hint = find(dialog, QLabel, "ownCouncilHint")
    assert hint.isHidden() and hint.textFormat() is Qt.TextFormat.PlainText  # no council chosen yet
    pick_council(qtbot, dialog, "wokin")
    assert hint.isVisible() and hint.text() == "Wokingham always receives its own alerts"
    pick_council(qtbot, dialog, "leeds")
    assert hint.text() == "Leeds always receives its own alerts"

    # Unticking every box keeps the hint: the council's own office still receives the alert.
    for box in dialog.findChildren(QCheckBox):
        if box.objectName().startswith("share"):
            box.setChecked(False)
    qtbot.keyClicks(find(dialog, QLineEdit, "titleEdit"), "Inquest listed")
    with qtbot.waitSignal(dialog.saved) as saved:
        find(dialog, QPushButton, "saveButton").click()
    stored = session.alerts.get(saved.args[0].reference)
    assert (stored.council, stored.sharing) == ("E08000035", frozenset())


def test_an_existing_alert_shows_the_hint_for_its_council(
    qtbot: QtBot, session: Session, clock: FixedClock, editors: list[AlertEditorDialog]
) -> None:
    stored = session.alerts.add(Alert(council="E06000041", kind=AlertKind.TRIAL, title="Trial listed",
                                      sharing=frozenset({OrgType.LGA})))
    dialog = open_editor(qtbot, session, clock, editors, stored)
    hint = find(dialog, QLabel, "ownCouncilHint")
    assert hint.isVisible() and hint.text() == "Wokingham always receives its own alerts"
    find(dialog, CouncilPicker, "councilPicker").lineEdit().clear()  # names no council: nothing to say
    assert hint.isHidden()
