"""The timeline in the main window: the session's alerts as marks, the keyboard, the filters, plain-text
tooltips, and one look at the pixels (today's line, a shaded clash week)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from sg_desktop.domain.enums import AlertKind, DateConfidence, MediaInterest, MilestoneKind
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.ui.application import Application
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from sg_desktop.ui.forward.timeline import TimelineView
from sg_desktop.ui.forward.timeline_marks import CLASH_SHADE, TODAY_COLOUR
from sg_desktop.ui.log.main_window import MainWindow
from tests.gui.conftest import GUI_PASSPHRASE, KENT, YORK, find, unlock_with

TODAY = date(2026, 11, 24)


def show_timeline(qtbot: QtBot, log: MainWindow) -> TimelineView:
    log.resize(1300, 760)
    log.show()
    log.action_show_timeline.trigger()
    timeline = find(log, TimelineView, "timelineView")
    qtbot.waitUntil(lambda: timeline.isVisible() and timeline.timeline is not None, timeout=5000)
    return timeline


def alert_lines(timeline: TimelineView) -> list[str]:
    layout = timeline.timeline
    assert layout is not None
    return [line.title for line in layout.lines if not line.is_heading]


def test_the_timeline_shows_the_alerts_with_milestones_in_the_next_12_weeks(qtbot: QtBot, log: MainWindow) -> None:
    timeline = show_timeline(qtbot, log)
    layout = timeline.timeline
    assert layout is not None
    assert layout.first == date(2026, 11, 23) and len(layout.columns) == 12
    # The inquest in April is beyond the 12 weeks; the Ofsted alert has no milestone.
    assert alert_lines(timeline) == ["Practice review after neglect", "Trial listed at the Crown Court"]
    assert timeline.range_label.text() == "23 Nov 2026 to 14 Feb 2027: 2 alerts, 3 milestones"
    timeline.later.click()
    timeline.later.click()
    assert timeline.first == date(2026, 12, 7)
    assert alert_lines(timeline) == ["Trial listed at the Crown Court", "Practice review after neglect"]
    log.action_show_log.trigger()
    assert log.table.isVisible() and not timeline.isVisible()


def test_the_keyboard_moves_between_marks_and_enter_opens_the_alert(qtbot: QtBot, log: MainWindow) -> None:
    timeline = show_timeline(qtbot, log)
    canvas = timeline.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)  # the first mark (the focus arriving makes it current too)
    layout = timeline.timeline
    assert layout is not None and canvas.current is not None
    assert layout.markers[canvas.current].row.date == date(2026, 11, 30)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert layout.markers[canvas.current].row.date == date(2027, 1, 12)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    york = layout.markers[canvas.current].row
    assert york.date == date(2026, 12, 14) and york.title == "Trial listed at the Crown Court"
    with qtbot.waitSignal(timeline.open_alert, timeout=2000) as opened:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == [york.alert_id, york.milestone_id]
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1, timeout=5000)
    editor = log.open_editors()[0]
    assert isinstance(editor, AlertEditorDialog) and editor.isVisible()
    assert log.selected_alert_id() == york.alert_id
    # The editor opens where the mark was: its Milestones tab, that milestone chosen.
    assert editor.tabs.currentWidget().isAncestorOf(editor.milestones)
    assert editor.milestones.milestones()[editor.milestones.current_row()].id == york.milestone_id
    editor.force_close()
    # Ctrl+Right moves the weeks, as the Later button does.
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert timeline.first == date(2026, 11, 30)


def test_the_search_box_narrows_the_timeline(qtbot: QtBot, log: MainWindow) -> None:
    timeline = show_timeline(qtbot, log)
    qtbot.keyClicks(log.filters.search, "Crown Court")
    qtbot.waitUntil(lambda: alert_lines(timeline) == ["Trial listed at the Crown Court"], timeout=5000)
    log.filters.search.clear()
    qtbot.keyClicks(log.filters.search, "nothing matches this")
    qtbot.waitUntil(lambda: alert_lines(timeline) == [], timeout=5000)
    assert "No milestones in these 12 weeks" in timeline.canvas.accessibleDescription()


def test_a_tooltip_shows_markup_in_a_title_as_written_and_a_double_click_opens_it(
    qtbot: QtBot, log: MainWindow
) -> None:
    assert log.service is not None
    log.service.add(Alert(KENT, AlertKind.OTHER, "<b>x</b> & more", media_interest=MediaInterest.REGIONAL,
                          milestones=(Milestone(MilestoneKind.OTHER, date(2026, 12, 2), DateConfidence.ESTIMATED),)))
    log.refresh()
    timeline = show_timeline(qtbot, log)
    layout = timeline.timeline
    assert layout is not None
    index = next(i for i, m in enumerate(layout.markers) if m.row.title.startswith("<b>"))
    canvas = timeline.canvas
    point = canvas.mark_point(index)
    QApplication.sendEvent(canvas.viewport(),
                           QHelpEvent(QEvent.Type.ToolTip, point, canvas.viewport().mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    shown = QTextDocument()
    shown.setHtml(QToolTip.text())
    text = shown.toPlainText()
    assert "<b>x</b> & more" in text
    assert "Other: Wednesday 2 December 2026" in text and "Estimated date" in text and "Regional" in text
    QToolTip.hideText()
    with qtbot.waitSignal(timeline.open_alert, timeout=2000) as opened:
        qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [layout.markers[index].row.alert_id, layout.markers[index].row.milestone_id]
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1, timeout=5000)
    log.open_editors()[0].force_close()


def test_the_painted_timeline_shows_today_and_shades_a_clash_week(qtbot: QtBot, log: MainWindow) -> None:
    assert log.service is not None
    log.service.add(Alert(YORK, AlertKind.CSPR, "A second national story", media_interest=MediaInterest.NATIONAL,
                          milestones=(Milestone(MilestoneKind.PUBLICATION, date(2026, 12, 3)),)))
    log.refresh()
    timeline = show_timeline(qtbot, log)
    layout = timeline.timeline
    assert layout is not None
    assert [(band.week, band.national) for band in layout.clashes] == [(date(2026, 11, 30), 2)]
    canvas = timeline.canvas
    image = canvas.viewport().grab().toImage()
    today_x = canvas.x_on_screen(TODAY)
    assert today_x is not None
    below_headings = layout.geometry.heading_height + layout.height + 20  # under the last line
    assert image.pixelColor(today_x, below_headings) == QColor(TODAY_COLOUR)
    clash_column = layout.columns[1]
    right_of_clash = canvas.x_on_screen(clash_column.last)
    assert right_of_clash is not None
    assert image.pixelColor(QPoint(right_of_clash + 3, 2)) == QColor(CLASH_SHADE)
    # A week without a clash keeps the plain heading.
    plain = canvas.x_on_screen(layout.columns[3].last)
    assert plain is not None and image.pixelColor(QPoint(plain + 3, 2)) != QColor(CLASH_SHADE)


def test_locking_forgets_the_timeline_and_unlocking_shows_it_again(
    qtbot: QtBot, log_app: Application
) -> None:
    log = log_app.window
    assert log is not None
    timeline = show_timeline(qtbot, log)
    log_app.lock()
    assert timeline.timeline is None and timeline.range_label.text() == ""
    with qtbot.waitSignal(log_app.unlocked, timeout=10_000):
        unlock_with(qtbot, log_app, GUI_PASSPHRASE)
    qtbot.waitUntil(lambda: timeline.timeline is not None, timeout=5000)
    assert alert_lines(timeline) == ["Practice review after neglect", "Trial listed at the Crown Court"]


def test_the_mark_chosen_makes_its_alert_the_one_edit_and_delete_act_on(qtbot: QtBot, log: MainWindow) -> None:
    timeline = show_timeline(qtbot, log)
    log.filters.search.setText("x")  # a search that empties the log drops its selection…
    log.filters.search.clear()
    log.table.clearSelection()
    log.table.setCurrentIndex(log.model.index(-1, 0))
    assert log.selected_alert_id() is None and not log.action_edit.isEnabled()
    canvas = timeline.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)  # …and the keyboard chooses the York trial's mark
    layout = timeline.timeline
    assert layout is not None and canvas.current is not None
    york = layout.markers[canvas.current].row
    assert york.title == "Trial listed at the Crown Court"
    assert log.selected_alert_id() == york.alert_id
    assert log.action_edit.isEnabled() and log.action_delete.isEnabled()
    log.action_edit.trigger()
    qtbot.waitUntil(lambda: len(log.open_editors()) == 1, timeout=5000)
    assert log.open_editors()[0].draft().title == "Trial listed at the Crown Court"
    log.open_editors()[0].force_close()


def test_a_clash_badge_and_a_cut_short_title_say_in_full_what_they_are(qtbot: QtBot, log: MainWindow) -> None:
    assert log.service is not None
    long_title = "<i>A second national story</i>, whose title is far too long for the labels beside the lines"
    log.service.add(Alert(YORK, AlertKind.CSPR, long_title, media_interest=MediaInterest.NATIONAL,
                          milestones=(Milestone(MilestoneKind.PUBLICATION, date(2026, 12, 3)),)))
    log.refresh()
    timeline = show_timeline(qtbot, log)
    layout, canvas = timeline.timeline, timeline.canvas
    assert layout is not None
    badge_x = canvas.x_on_screen(date(2026, 12, 2))
    assert badge_x is not None
    shown = QTextDocument()
    shown.setHtml(canvas.tooltip_at(QPoint(badge_x, layout.geometry.heading_height - 8)))
    assert shown.toPlainText() == ("A clash: 2 milestones of national interest in the week of Monday 30 November "
                                   "2026")
    line = next(i for i, shown_line in enumerate(layout.lines) if shown_line.title == long_title)
    label = QPoint(20, layout.geometry.heading_height + line * layout.geometry.line_height + 5)
    shown.setHtml(canvas.tooltip_at(label))
    assert shown.toPlainText().endswith("\n" + long_title)  # the markup as written, not drawn
    plain_week = canvas.x_on_screen(layout.columns[3].last)
    assert plain_week is not None and canvas.tooltip_at(QPoint(plain_week, 5)) == ""
