"""What a new alert starts with: a council's own vault starts on its council, other offices choose one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog

WOKINGHAM = "E06000041"


def open_new(qtbot: QtBot, session: Session, clock: FixedClock) -> AlertEditorDialog:
    dialog = AlertEditorDialog(session.alerts, None, clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    return dialog


def test_a_new_alert_in_a_councils_vault_starts_with_that_council_and_the_title(
    qtbot: QtBot, new_session: Callable[..., Session], clock: FixedClock
) -> None:
    session = new_session(OfficeProfile("Wokingham Borough Council", OrgType.COUNCIL, council=WOKINGHAM,
                                        reference_prefix="WBC"))
    dialog = open_new(qtbot, session, clock)
    assert dialog.details.council.current_code() == WOKINGHAM
    assert dialog.details.council.currentText() == "Wokingham — South East"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.details.title)
    assert not dialog.is_dirty()
    qtbot.keyClicks(dialog.details.title, "Practice review into neglect")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.findChild(QPushButton, "saveButton").click()
    stored = session.alerts.get(saved.args[0].reference)
    assert (stored.council, stored.reference[:4]) == (WOKINGHAM, "WBC-")
    dialog.force_close()


def test_a_new_alert_at_the_lga_starts_with_no_council_and_the_cursor_there(
    qtbot: QtBot, session: Session, clock: FixedClock
) -> None:
    dialog = open_new(qtbot, session, clock)
    assert dialog.details.council.current_code() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (dialog.details.council, dialog.details.council.lineEdit()))
    assert dialog.details.council.currentText() == ""
    dialog.force_close()
