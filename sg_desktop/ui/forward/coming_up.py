"""The "Coming up" panel: what needs attention in the days ahead, from the tool bar (Ctrl+U) and after each
unlock (then only when something is coming up, and leaving the keyboard in the log: `ForwardLook`).

A non-modal dialog rather than a dock: it is read once at the start of a session and put away with Escape,
so it should not take width from the log at 1366×768 for the rest of the day, and it can stay open beside
the log while the officer opens one line after another.

Four parts under headings: the milestones within the horizon (Preferences), week by week; support offers
due a follow-up; estimated dates within four weeks; alerts of national interest without support. Dates are
in words. Every line holds its alert's id (and a milestone's line its milestone's); Enter or a double-click on it
emits `open_alert(alert id, milestone id or "")`. Record text
reaches the screen only as the plain text of item-view rows, never as rich text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.coming_up import ComingUp, FollowUp, MilestoneRow, UnsupportedAlert, Week
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.forward import week_of
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.formatting import KIND_SHORT, plural
from sg_desktop.ui.shared.widgets import LIST_STYLE, button, button_row, label, set_tab_order

__all__ = ["ALERT_ID_ROLE", "MILESTONE_ID_ROLE", "ComingUpPanel", "week_heading"]

ALERT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MILESTONE_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # on a milestone's line: the editor opens at it


def _day(d: date) -> str:
    """ "Thursday 26 November": the week heading above says the year."""
    return long_date(d).rsplit(" ", 1)[0]


def week_heading(week: Week, this_monday: date) -> str:
    """ "Week of Monday 23 November 2026 (this week): 3 milestones"."""
    days = (week.monday - this_monday).days
    when = " (this week)" if days == 0 else " (next week)" if days == 7 else ""
    return f"Week of {long_date(week.monday)}{when}: {plural(week.total, 'milestone')}"


class ComingUpPanel(QDialog):
    """The coming-up panel; `set_content` fills it, `open_alert(id)` asks the window to open an alert."""

    open_alert = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comingUpPanel")
        self.setWindowTitle("Coming up — SG Desktop")
        self.setModal(False)
        self.setStyleSheet(LIST_STYLE)
        self._councils: CouncilDirectory | None = None

        self.heading = label("Coming up", self, "heading", "comingUpHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = label("", self, "hint", "comingUpSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.purpose = label("What needs attention soon: the milestones week by week, follow-ups due, estimated "
                             "dates to confirm and national stories without support. Enter opens an alert.",
                             self, "hint", "comingUpPurpose")

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("comingUpList")
        self.tree.setAccessibleName("Coming up")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.activated.connect(lambda index: self._activate(self.tree.itemFromIndex(index)))
        self.tree.currentItemChanged.connect(lambda item, _old: self._current_changed(item))

        self.empty = QLabel(self)
        self.empty.setObjectName("comingUpEmpty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        self.open_button: QPushButton = button("&Open alert", "openComingUpButton", self, self._open_current)
        self.open_button.setEnabled(False)
        close: QPushButton = button("Close", "closeComingUpButton", self, self.reject)
        # Enter in the list opens the line; no button may take it as the dialog's default as well.
        for b in (self.open_button, close):
            b.setAutoDefault(False)
            b.setDefault(False)
        set_tab_order(self.tree, self.open_button, close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.purpose)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addLayout(button_row(start=[self.open_button], end=[close]))
        self.resize(900, 560)
        offer_help(self, "coming-up", self.purpose)

    # -- content -------------------------------------------------------------------------------

    def set_content(self, content: ComingUp, councils: CouncilDirectory) -> None:
        """Show `content` (the council names from `councils`)."""
        self._councils = councils
        days = plural(content.horizon_days, "day")
        self.heading.setText(f"Coming up in the next {days}")
        self.summary.setText(f"From {long_date(content.today)} to {long_date(content.last_day)}.")
        self.tree.clear()
        if content.is_empty:
            self.empty.setText(f"Nothing is coming up in the next {days}: no milestone, no follow-up due, no "
                               "estimated date to confirm, and no alert of national interest without support.")
            self.stack.setCurrentWidget(self.empty)
            self.open_button.setEnabled(False)
            return
        self.stack.setCurrentWidget(self.tree)
        self._milestones(content)
        self._part(f"Support offers due a follow-up: {content.follow_ups_total or 'none'}",
                   content.follow_ups, content.follow_ups_total, lambda f: self._follow_up(f, content))
        self._part(f"Estimated dates in the next four weeks — ask for a confirmed date: "
                   f"{content.to_confirm_total or 'none'}", content.to_confirm, content.to_confirm_total,
                   self._to_confirm)
        self._part(f"National media interest, no support offered yet: {content.unsupported_total or 'none'}",
                   content.unsupported, content.unsupported_total, self._unsupported)
        self.tree.expandAll()
        first = self._first_line() or self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def lines(self) -> list[tuple[int, str]]:
        """Every row as (depth, text), in order: headings at 0, weeks at 1 (for tests and screen readers)."""
        out: list[tuple[int, str]] = []

        def walk(item: QTreeWidgetItem, depth: int) -> None:
            out.append((depth, item.text(0)))
            for child in (item.child(i) for i in range(item.childCount())):
                if child is not None:
                    walk(child, depth + 1)

        for top in (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())):
            if top is not None:
                walk(top, 0)
        return out

    def clear(self) -> None:
        """Forget every line (on lock)."""
        self.tree.clear()
        self.empty.clear()
        self.summary.clear()

    # -- the parts -----------------------------------------------------------------------------

    def _milestones(self, content: ComingUp) -> None:
        total = content.milestones_total
        head = self._heading(None, f"Milestones in the next {plural(content.horizon_days, 'day')}: {total or 'none'}")
        this_monday = week_of(content.today)
        for week in content.weeks:
            group = self._heading(head, week_heading(week, this_monday))
            for row in week.milestones:
                line = self._line(group, self._milestone_text(row), row.alert_id)
                line.setData(0, MILESTONE_ID_ROLE, row.milestone_id)
            if week.total > len(week.milestones):
                self._note(group, f"… and {week.total - len(week.milestones):,} more this week: filter the log by "
                                  "“Next milestone within” to see them all")

    def _part(self, heading: str, items: Iterable[object], total: int,
              text: Callable[[object], tuple[str, str]]) -> None:
        head = self._heading(None, heading)
        shown = 0
        for item in items:
            words, alert_id = text(item)
            self._line(head, words, alert_id)
            shown += 1
        if total > shown:
            self._note(head, f"… and {total - shown:,} more")

    def _council(self, code: str) -> str:
        council = self._councils.by_code(code) if self._councils is not None else None
        return council.name if council is not None else code

    def _milestone_text(self, row: MilestoneRow) -> str:
        at = f" at {row.time:%H:%M}" if row.time is not None else ""
        return (f"{_day(row.date)}{at} · {row.kind.label}, {row.confidence.label.lower()} · {row.reference} · "
                f"{self._council(row.council)} · {row.media_interest.label.lower()} — {row.title}")

    def _follow_up(self, item: object, content: ComingUp) -> tuple[str, str]:
        f: FollowUp = item  # type: ignore[assignment]
        late = (content.today - f.follow_up_on).days
        when = "Due today" if late == 0 else f"Overdue since {long_date(f.follow_up_on)} ({plural(late, 'day')})"
        return (f"{when} · {f.organisation.label}: {f.kind.label} ({f.status.label.lower()}) · {f.reference} · "
                f"{self._council(f.council)} — {f.title}", f.alert_id)

    def _to_confirm(self, item: object) -> tuple[str, str]:
        row: MilestoneRow = item  # type: ignore[assignment]
        return (f"{long_date(row.date)} · {row.kind.label}, estimated · {row.reference} · {self._council(row.council)} "
                f"— {row.title}", row.alert_id)

    def _unsupported(self, item: object) -> tuple[str, str]:
        u: UnsupportedAlert = item  # type: ignore[assignment]
        nxt = f"next milestone {long_date(u.next_date)}" if u.next_date is not None else "no milestone ahead"
        return f"{u.reference} · {self._council(u.council)} · {KIND_SHORT[u.kind]} · {nxt} — {u.title}", u.alert_id

    # -- rows ----------------------------------------------------------------------------------

    def _heading(self, parent: QTreeWidgetItem | None, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text]) if parent is None else QTreeWidgetItem(parent, [text])
        if parent is None:
            self.tree.addTopLevelItem(item)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _line(self, parent: QTreeWidgetItem, text: str, alert_id: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, ALERT_ID_ROLE, alert_id)
        item.setToolTip(0, "Enter or double-click opens this alert")
        return item

    def _note(self, parent: QTreeWidgetItem, text: str) -> None:
        item = QTreeWidgetItem(parent, [text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _first_line(self) -> QTreeWidgetItem | None:
        it = self.tree.topLevelItem(0)
        while it is not None:
            if it.data(0, ALERT_ID_ROLE):
                return it
            it = self.tree.itemBelow(it)
        return None

    # -- opening -------------------------------------------------------------------------------

    def _current_changed(self, item: QTreeWidgetItem | None) -> None:
        self.open_button.setEnabled(item is not None and bool(item.data(0, ALERT_ID_ROLE)))

    def _activate(self, item: QTreeWidgetItem | None) -> None:
        alert_id = item.data(0, ALERT_ID_ROLE) if item is not None else None
        if alert_id:
            self.open_alert.emit(str(alert_id), str(item.data(0, MILESTONE_ID_ROLE) or "") if item else "")
        elif item is not None and item.childCount():
            item.setExpanded(not item.isExpanded())

    def _open_current(self) -> None:
        self._activate(self.tree.currentItem())
