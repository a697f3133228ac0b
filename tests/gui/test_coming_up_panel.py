"""The Coming up panel as an officer meets it (today is Tuesday 24 November 2026): on screen after unlocking,
weeks with dates in words, each line opening its alert from the keyboard, Escape to put it away, words when
nothing is coming up; and the tray notice, which says only how many."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.coming_up import OutlookCounts
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.forward.coming_up import ComingUpPanel
from sg_desktop.ui.forward.tray import ComingUpTray
from sg_desktop.ui.log.main_window import MainWindow

from .conftest import GUI_PASSPHRASE, KENT, LEEDS, find, unlock_with, visible


def panel_of(qtbot: QtBot) -> ComingUpPanel:
    qtbot.waitUntil(lambda: visible(QWidget, "comingUpPanel") is not None)
    panel = visible(QWidget, "comingUpPanel")
    assert isinstance(panel, ComingUpPanel)
    return panel


def test_the_panel_is_on_screen_after_unlocking_while_the_log_keeps_the_keyboard(qtbot: QtBot, log: MainWindow) -> None:
    panel = panel_of(qtbot)
    assert log.isActiveWindow()  # typing after the passphrase still goes to the log
    assert find(panel, QLabel, "comingUpHeading").text() == "Coming up in the next 30 days"
    assert find(panel, QLabel, "comingUpSummary").text() == (
        "From Tuesday 24 November 2026 to Thursday 24 December 2026.")
    lines = panel.lines()
    headings = [text for depth, text in lines if depth == 0]
    assert headings == [
        "Milestones in the next 30 days: 2",
        "Support offers due a follow-up: none",
        "Estimated dates in the next four weeks — ask for a confirmed date: none",
        "National media interest, no support offered yet: 1",
    ]
    weeks = [text for depth, text in lines if depth == 1][:2]
    assert weeks == ["Week of Monday 30 November 2026 (next week): 1 milestone",
                     "Week of Monday 14 December 2026: 1 milestone"]
    firsts = [text for depth, text in lines if depth == 2]
    assert firsts[0].startswith("Monday 30 November · Review completed, confirmed · ")
    assert firsts[0].endswith(" · Leeds · national — Practice review after neglect")
    assert firsts[1].startswith("Monday 14 December · Trial start, provisional · ")
    national = lines[-1]
    assert national[0] == 1 and "Leeds · Practice review · next milestone Monday 30 November 2026" in national[1]


def test_a_line_opens_its_alert_from_the_keyboard_and_escape_closes(qtbot: QtBot, log: MainWindow) -> None:
    panel_of(qtbot)
    log.action_coming_up.trigger()  # Ctrl+U: the panel comes to the keyboard
    panel = panel_of(qtbot)
    tree = find(panel, QTreeWidget, "comingUpList")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    assert "Review completed" in tree.currentItem().text(0)  # the first line, not a heading
    while "Trial start" not in tree.currentItem().text(0):  # down past the next week's heading
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1)
    editor = log.open_editors()[0]
    assert editor.draft().title == "Trial listed at the Crown Court"
    assert editor.tabs.currentWidget().isAncestorOf(editor.milestones)  # at the milestone the line is about
    chosen = editor.milestones.milestones()[editor.milestones.current_row()]
    assert (chosen.kind, chosen.date) == (MilestoneKind.TRIAL_START, date(2026, 12, 14))
    editor.force_close()
    qtbot.waitUntil(lambda: not log.open_editors())
    # The Open button does the same for the line chosen; Tab goes list → Open alert → Close.
    panel.activateWindow()
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is find(panel, QPushButton, "openComingUpButton")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is find(panel, QPushButton, "closeComingUpButton")
    find(panel, QPushButton, "openComingUpButton").click()
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1)
    log.open_editors()[0].force_close()
    qtbot.waitUntil(lambda: not log.open_editors())
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.isVisible())


def test_a_double_click_on_a_line_opens_its_alert(qtbot: QtBot, log: MainWindow) -> None:
    panel = panel_of(qtbot)
    tree = find(panel, QTreeWidget, "comingUpList")
    item = tree.currentItem()
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1)
    assert log.open_editors()[0].draft().title == "Practice review after neglect"
    log.open_editors()[0].force_close()


def test_locking_closes_the_panel_and_forgets_its_lines(qtbot: QtBot, log_app: Application) -> None:
    panel = panel_of(qtbot)
    log_app.lock()
    assert not panel.isVisible() and panel.lines() == []


def start_over(qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService,
               alerts: list[Alert]) -> Application:
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many(alerts, confirm_identifying=True)
    session.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    return application


def test_nothing_coming_up_says_so_and_is_not_pushed_on_unlock(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService
) -> None:
    application = start_over(qtbot, start_app, gui_service, [
        Alert(KENT, AlertKind.OFSTED, "<b>Judgement</b> letter", milestones=(
            Milestone(MilestoneKind.REPORT_PUBLISHED, date(2026, 10, 1)),)),
    ])
    window = application.window
    assert window is not None
    qtbot.wait(50)
    assert visible(QWidget, "comingUpPanel") is None  # nothing to say, so nothing shown on unlock
    window.action_coming_up.trigger()
    panel = panel_of(qtbot)
    empty = find(panel, QLabel, "comingUpEmpty")
    assert empty.isVisible() and empty.text().startswith("Nothing is coming up in the next 30 days: no milestone")
    assert not find(panel, QPushButton, "openComingUpButton").isEnabled()


def test_record_text_is_shown_as_plain_text(
    qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService
) -> None:
    start_over(qtbot, start_app, gui_service, [
        Alert(LEEDS, AlertKind.TRIAL, "<b>Trial</b> &amp; <i>more</i>", media_interest=MediaInterest.NATIONAL,
              milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 11, 26)),)),
    ])
    panel = panel_of(qtbot)
    assert any(text.endswith("— <b>Trial</b> &amp; <i>more</i>") for _depth, text in panel.lines())
    for name in ("comingUpHeading", "comingUpSummary", "comingUpEmpty"):
        assert find(panel, QLabel, name).textFormat() == Qt.TextFormat.PlainText


MARK = "QZMARK"


def test_the_tray_notice_names_no_record_only_counts(qtbot: QtBot, log: MainWindow) -> None:
    session = log.session
    assert session is not None
    tray = ComingUpTray(QIcon(), available=lambda: True)
    shown: list[tuple[str, str]] = []
    tray.announced.connect(lambda title, text: shown.append((title, text)))
    tray.start(lambda: (session.coming_up.attention_ids(30), session.coming_up.counts(30)))
    assert tray.is_running and tray.hourly.isActive() and tray.midnight.isActive()
    assert not tray.check() and shown == []  # what the panel showed at unlock counts as announced
    session.alerts.add(Alert(
        LEEDS, AlertKind.TRIAL, f"{MARK} title", summary=f"{MARK} summary", owner=f"{MARK} owner",
        media_interest=MediaInterest.NATIONAL,
        milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 11, 27), DateConfidence.ESTIMATED,
                              note=f"{MARK} note"),),
        offers=(SupportOffer(OfferingOrganisation.ADCS, OfferKind.OTHER, OfferedTo.DIRECTOR,
                             follow_up_on=date(2026, 11, 20), note=f"{MARK} offer note"),),
    ), confirm_identifying=True)
    assert tray.check()
    title, text = shown[0]
    assert text == ("1 milestone this week · 2 more in the next 30 days · 1 follow-up due · 1 date to confirm · "
                    "1 national alert without support")
    for words in (title, text, tray.last_message):
        assert MARK not in words and "Leeds" not in words and "LGA-" not in words
    assert not tray.check()  # nothing newer since
    tray.stop()
    assert not tray.is_running and not tray.hourly.isActive()


def test_without_a_system_tray_nothing_is_watched(qtbot: QtBot, log: MainWindow) -> None:
    tray = ComingUpTray(QIcon(), available=lambda: False)
    tray.start(lambda: (frozenset({"m:1"}), OutlookCounts(30, 1, 1, 0, 0, 0)))
    assert not tray.is_running and not tray.check()


def test_an_open_panel_and_dashboard_follow_what_is_saved(qtbot: QtBot, log: MainWindow) -> None:
    """Change an alert while Coming up is open: the panel (and an open dashboard) shows the saved truth, not the
    lines it read when it opened."""
    panel = panel_of(qtbot)
    log.outlook.show_dashboard()
    board = log.outlook.dashboard
    assert board is not None
    qtbot.waitUntil(board.isVisible)
    tree = find(panel, QTreeWidget, "comingUpList")
    assert any(text.endswith("— Practice review after neglect") for _depth, text in panel.lines())
    tree.setCurrentItem(tree.topLevelItem(0).child(0).child(0))  # Monday 30 November: the Leeds review
    find(panel, QPushButton, "openComingUpButton").click()
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1)
    editor = log.open_editors()[0]
    title = find(editor, QLineEdit, "titleEdit")
    title.selectAll()
    qtbot.keyClicks(title, "Review of multi-agency practice")
    find(editor, QPushButton, "saveButton").click()
    qtbot.waitUntil(lambda: not log.open_editors())
    assert any(text.endswith("— Review of multi-agency practice") for _depth, text in panel.lines())
    assert not any("Practice review after neglect" in text for _depth, text in panel.lines())

    before = {bar.label: bar.count for bar in board.chart("milestones").chart.bars}
    session = log.session
    assert session is not None
    session.alerts.add(Alert(KENT, AlertKind.TRIAL, "Trial of a carer", milestones=(
        Milestone(MilestoneKind.TRIAL_START, date(2026, 11, 27), DateConfidence.CONFIRMED),)))
    log.refresh()  # as after an import
    after = {bar.label: bar.count for bar in board.chart("milestones").chart.bars}
    assert after["In the next 7 days"] == before["In the next 7 days"] + 1
    assert headings_of(panel)[0] == "Milestones in the next 30 days: 3"


def headings_of(panel: ComingUpPanel) -> list[str]:
    return [text for depth, text in panel.lines() if depth == 0]
