"""View ▸ Due for review…: driven as an officer would, by clicks and typed reasons, then checked in the vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, AlertStatus, OrgType
from sg_desktop.domain.errors import NotFound
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.retention import add_months
from sg_desktop.ui.application import Application
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.retention.review_window import REFERENCE_ROLE, RetentionWindow
from tests.gui.conftest import GUI_PASSPHRASE, KENT, LEEDS, YORK, find, unlock_with, visible
from tests.gui.rich_text import MARK, Sweep

TODAY = date(2029, 3, 1)
TITLES = ("Practice review after neglect", "Trial listed at the Crown Court", "Inquest touching a teenager")


@pytest.fixture
def review_app(qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService,
               clock: FixedClock) -> Application:
    """Three alerts closed on 24 November 2026 (due since 24 November 2028), one live; today is 1 March 2029."""
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    for council, kind, title in zip((LEEDS, YORK, KENT), (AlertKind.CSPR, AlertKind.TRIAL, AlertKind.INQUEST),
                                    TITLES, strict=True):
        session.alerts.add(Alert(council, kind, title, status=AlertStatus.CLOSED))
    session.alerts.add(Alert(LEEDS, AlertKind.OFSTED, "Ofsted judgement letter"))
    session.lock()
    clock.moment = datetime(2029, 3, 1, 10, 0, tzinfo=UTC)
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    return application


def _session(application: Application) -> Session:
    session = application.window.session
    assert session is not None
    return session


def _open_review(window: MainWindow) -> RetentionWindow:
    action = find(window, QAction, "actionDueForReview")
    assert action.isEnabled()
    view = next(a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().objectName() == "menuView")
    assert action in view.actions()
    action.trigger()
    review = visible(RetentionWindow, "retentionWindow")
    assert review is not None
    return review


def _rows(tree: QTreeWidget) -> list[list[str]]:
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]


def _choose(tree: QTreeWidget, *references: str) -> None:
    tree.clearSelection()
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.data(0, REFERENCE_ROLE) in references:
            flag = QItemSelectionModel.SelectionFlag
            tree.setCurrentItem(item, 0, flag.Select | flag.Rows)


def test_the_window_lists_the_alerts_due_with_their_council_kind_and_days(review_app: Application) -> None:
    review = _open_review(review_app.window)
    assert _rows(find(review, QTreeWidget, "retentionDueList")) == [
        ["LGA-2026-0001", "Leeds", "Practice review", "24 Nov 2026", "24 Nov 2028"],
        ["LGA-2026-0002", "York", "Criminal trial", "24 Nov 2026", "24 Nov 2028"],
        ["LGA-2026-0003", "Kent", "Inquest", "24 Nov 2026", "24 Nov 2028"],
    ]
    assert find(review, QLabel, "retentionSummary").text() == "3 alerts due for review on Thursday 1 March 2029."
    assert "24 months after closing" in find(review, QLabel, "retentionIntro").text()
    assert find(review, QLabel, "retentionHeldHeading").text() == "On legal hold: none"
    # The first is chosen, for the keyboard; Keep and Legal hold act on one alert, Delete on any chosen.
    due = find(review, QTreeWidget, "retentionDueList")
    assert review.selected_due() == ["LGA-2026-0001"]
    assert find(review, QPushButton, "retentionKeepButton").isEnabled()
    _choose(due, "LGA-2026-0001", "LGA-2026-0002")
    assert find(review, QPushButton, "retentionDeleteButton").isEnabled()
    assert not find(review, QPushButton, "retentionKeepButton").isEnabled()
    due.clearSelection()
    assert not find(review, QPushButton, "retentionDeleteButton").isEnabled()


def test_keep_with_typed_months_and_reason_moves_the_alert_off_the_list(qtbot: QtBot,
                                                                        review_app: Application) -> None:
    review = _open_review(review_app.window)
    due = find(review, QTreeWidget, "retentionDueList")
    _choose(due, "LGA-2026-0002")
    find(review, QPushButton, "retentionKeepButton").click()
    dialog = visible(QWidget, "retentionKeepDialog")
    assert dialog is not None
    months = find(dialog, QSpinBox, "retentionKeepMonths")
    months.selectAll()
    qtbot.keyClicks(months, "18")
    qtbot.keyClicks(find(dialog, QLineEdit, "retentionReason"), "Appeal listed for the spring")
    find(dialog, QPushButton, "saveRetentionDecision").click()

    assert not dialog.isVisible()
    assert [row[0] for row in _rows(due)] == ["LGA-2026-0001", "LGA-2026-0003"]
    assert find(review, QLabel, "retentionStatus").text() == (
        "LGA-2026-0002 is kept; it is due for review again on Sunday 1 September 2030.")
    line = _session(review_app).retention.find("LGA-2026-0002")
    assert line.due_on == add_months(TODAY, 18)
    assert line.alert.decision is not None and line.alert.decision.reason == "Appeal listed for the spring"


def test_an_empty_reason_is_refused_in_the_dialog_and_nothing_is_saved(qtbot: QtBot, review_app: Application) -> None:
    review = _open_review(review_app.window)
    _choose(find(review, QTreeWidget, "retentionDueList"), "LGA-2026-0001")
    find(review, QPushButton, "retentionHoldButton").click()
    dialog = visible(QWidget, "retentionHoldDialog")
    assert dialog is not None
    qtbot.keyClicks(find(dialog, QLineEdit, "retentionReason"), "   ")
    find(dialog, QPushButton, "saveRetentionDecision").click()
    error = find(dialog, QLabel, "retentionDecisionError")
    assert dialog.isVisible() and error.isVisible()
    assert error.text().startswith("Give a reason")
    assert not _session(review_app).retention.find("LGA-2026-0001").alert.on_hold


def test_an_identifying_reason_is_warned_about_then_saved_only_on_save_anyway(
    qtbot: QtBot, review_app: Application
) -> None:
    review = _open_review(review_app.window)
    _choose(find(review, QTreeWidget, "retentionDueList"), "LGA-2026-0001")
    find(review, QPushButton, "retentionHoldButton").click()
    dialog = visible(QWidget, "retentionHoldDialog")
    assert dialog is not None
    qtbot.keyClicks(find(dialog, QLineEdit, "retentionReason"), "Solicitor on 0113 496 0000")
    save = find(dialog, QPushButton, "saveRetentionDecision")
    save.click()
    assert "may identify a child (what looks like a phone number in the Reason)" in find(
        dialog, QLabel, "retentionDecisionError").text()
    assert save.text() == "Save &anyway"
    assert not _session(review_app).retention.find("LGA-2026-0001").alert.on_hold
    save.click()
    assert not dialog.isVisible()
    assert _session(review_app).retention.find("LGA-2026-0001").alert.on_hold


def test_legal_hold_lists_the_alert_apart_and_release_brings_it_back(qtbot: QtBot, review_app: Application) -> None:
    review = _open_review(review_app.window)
    due, held = find(review, QTreeWidget, "retentionDueList"), find(review, QTreeWidget, "retentionHeldList")
    _choose(due, "LGA-2026-0003")
    find(review, QPushButton, "retentionHoldButton").click()
    dialog = visible(QWidget, "retentionHoldDialog")
    assert dialog is not None
    qtbot.keyClicks(find(dialog, QLineEdit, "retentionReason"), "Coroner asked for the records")
    find(dialog, QPushButton, "saveRetentionDecision").click()

    assert [row[0] for row in _rows(due)] == ["LGA-2026-0001", "LGA-2026-0002"]
    assert _rows(held) == [["LGA-2026-0003", "Kent", "Inquest", "24 Nov 2026", "1 Mar 2029",
                            "Coroner asked for the records"]]
    assert find(review, QLabel, "retentionHeldHeading").text() == "On legal hold (1)"
    assert _session(review_app).retention.review(date(2080, 1, 1)).held[0].reference == "LGA-2026-0003"

    release = find(review, QPushButton, "retentionReleaseButton")
    assert not release.isEnabled()
    _choose(held, "LGA-2026-0003")
    release.click()
    assert _rows(held) == []
    assert "LGA-2026-0003" in [row[0] for row in _rows(due)]
    assert find(review, QLabel, "retentionStatus").text() == (
        "The legal hold on LGA-2026-0003 is lifted; it is due for review since Friday 24 November 2028.")


def test_delete_now_asks_naming_the_references_and_cancel_keeps_them(review_app: Application) -> None:
    review = _open_review(review_app.window)
    due = find(review, QTreeWidget, "retentionDueList")
    _choose(due, "LGA-2026-0001", "LGA-2026-0002")
    find(review, QPushButton, "retentionDeleteButton").click()
    box = visible(QMessageBox, "retentionDeleteConfirm")
    assert box is not None
    assert box.text() == "Delete LGA-2026-0001, LGA-2026-0002 for good?"
    assert box.textFormat() == Qt.TextFormat.PlainText
    find(box, QPushButton, "cancelRetentionDelete").click()
    assert due.topLevelItemCount() == 3
    assert _session(review_app).retention.find("LGA-2026-0001").reference == "LGA-2026-0001"


def test_delete_now_removes_the_alerts_from_the_vault_and_the_log(review_app: Application) -> None:
    window = review_app.window
    assert window.model.rowCount() == 4
    review = _open_review(window)
    due = find(review, QTreeWidget, "retentionDueList")
    _choose(due, "LGA-2026-0001", "LGA-2026-0003")
    find(review, QPushButton, "retentionDeleteButton").click()
    box = visible(QMessageBox, "retentionDeleteConfirm")
    assert box is not None
    find(box, QPushButton, "confirmRetentionDelete").click()

    assert [row[0] for row in _rows(due)] == ["LGA-2026-0002"]
    assert find(review, QLabel, "retentionStatus").text().startswith("Deleted LGA-2026-0001, LGA-2026-0003 for good.")
    session = _session(review_app)
    for reference in ("LGA-2026-0001", "LGA-2026-0003"):
        with pytest.raises(NotFound):
            session.alerts.get(reference)
    assert window.model.rowCount() == 2  # the log read again: the two are gone from it
    assert [e.action for e in session.audit_entries(2)] == ["retention.delete", "retention.delete"]


def test_locking_closes_the_window_and_forgets_its_rows(qtbot: QtBot, review_app: Application) -> None:
    review = _open_review(review_app.window)
    review_app.window.lock_requested.emit("request")
    qtbot.waitUntil(lambda: review_app.window.is_locked, timeout=5_000)
    assert not review.isVisible() or review.findChild(QTreeWidget, "retentionDueList").topLevelItemCount() == 0
    assert visible(RetentionWindow, "retentionWindow") is None
    assert not find(review_app.window, QAction, "actionDueForReview").isEnabled()


def test_preferences_set_the_period_in_the_vault(qtbot: QtBot, review_app: Application) -> None:
    window = review_app.window
    window.action_preferences.trigger()
    dialog = visible(QWidget, "preferencesDialog")
    assert dialog is not None
    months = find(dialog, QSpinBox, "retentionMonths")
    assert months.isEnabled() and months.value() == 24
    assert "kept no longer than needed" in find(dialog, QLabel, "retentionMonthsHint").text()
    months.selectAll()
    qtbot.keyClicks(months, "36")
    find(dialog, QPushButton, "savePreferencesButton").click()
    session = _session(review_app)
    assert session.retention.months == 36
    assert session.retention.review().due == ()  # 36 months after 24 November 2026 is still ahead
    entry = session.audit_entries(1)[0]
    assert (entry.action, entry.detail) == ("retention.period", {"months": 36, "was": 24})
    review = _open_review(window)
    assert find(review, QLabel, "retentionSummary").text() == "Nothing is due for review on Thursday 1 March 2029."


def test_markup_in_a_reason_and_a_reference_is_shown_as_typed(qtbot: QtBot, review_app: Application) -> None:
    session = _session(review_app)
    session.retention.hold("LGA-2026-0001", f"Reason {MARK}")
    review = _open_review(review_app.window)
    sweep = Sweep()
    sweep(review, where="due for review, with a held alert")
    held = find(review, QTreeWidget, "retentionHeldList")
    assert held.topLevelItem(0).text(5) == f"Reason {MARK}"
    _choose(find(review, QTreeWidget, "retentionDueList"), "LGA-2026-0002")
    find(review, QPushButton, "retentionDeleteButton").click()
    box = visible(QMessageBox, "retentionDeleteConfirm")
    assert box is not None
    sweep(box, where="the delete question")
    find(box, QPushButton, "cancelRetentionDelete").click()
    sweep.assert_clean()
    assert sweep.texts >= 2  # the reason's cell and its tooltip were looked at
