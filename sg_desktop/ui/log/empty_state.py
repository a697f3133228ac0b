"""What an empty log says, inside the table: why nothing shows and the one thing to do about it.

A new vault says how to add or import the first alert; a search with no match names the search and
offers to clear it; filters with no match offer to clear them; an empty "Coming up" says nothing is due
within the horizon and offers every alert. The details pane beside it says something that fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.shared.widgets import label

__all__ = ["EmptyLog", "EmptyReason", "EmptyWords", "empty_reason", "empty_words"]

_SEARCH_SHOWN = 60  # characters of the search repeated back; the box itself holds the rest


class EmptyReason(Enum):
    """Why the log shows no row."""

    NO_ALERTS = "no-alerts"
    NO_MATCH_SEARCH = "no-match-search"
    NO_MATCH_FILTERS = "no-match-filters"
    NOTHING_COMING_UP = "nothing-coming-up"


@dataclass(frozen=True)
class EmptyWords:
    """The sentence in the table, the button (or two) under it, and what the details pane says."""

    message: str
    button: str
    details: str
    second_button: str = ""


def empty_reason(total: int, query: AlertQuery, horizon_days: int) -> EmptyReason:
    """Why a log of `total` alerts shows nothing for `query`."""
    if total == 0:
        return EmptyReason.NO_ALERTS
    if query.text:
        return EmptyReason.NO_MATCH_SEARCH
    if query == AlertQuery(upcoming_days=horizon_days):
        return EmptyReason.NOTHING_COMING_UP
    return EmptyReason.NO_MATCH_FILTERS


def empty_words(reason: EmptyReason, search: str, horizon_days: int) -> EmptyWords:
    """The words for an empty log; `search` is the officer's own typed search, repeated back."""
    if reason is EmptyReason.NO_ALERTS:
        return EmptyWords(
            "No alerts yet: add one with Ctrl+N, or import a protocol file from a partner office.",
            "New alert…",
            "Alerts you add or import appear in the log; select one to see its timetable here.",
            "Import a protocol file…",
        )
    if reason is EmptyReason.NO_MATCH_SEARCH:
        shown = search if len(search) <= _SEARCH_SHOWN else search[:_SEARCH_SHOWN] + "…"
        return EmptyWords(
            f"No alert matches “{shown}”. The search looks at references, councils, titles, summaries and "
            "notes.",
            "Clear the search",
            "No alert is selected: nothing matches the search.",
        )
    if reason is EmptyReason.NOTHING_COMING_UP:
        return EmptyWords(
            f"Nothing is coming up: no alert has a milestone in the next {horizon_days} days.",
            "Show every alert",
            "No alert is selected: nothing is due within the coming days.",
        )
    return EmptyWords(
        "No alert matches these filters.",
        "Clear filters",
        "No alert is selected: nothing matches the filters.",
    )


class EmptyLog(QWidget):
    """The note laid over the table's empty viewport (object name `emptyLog`), with its buttons.

    `act(reason, second)` runs when a button is pressed (`second` for the second button).
    """

    def __init__(self, table: QAbstractScrollArea, act: Callable[[EmptyReason, bool], None]) -> None:
        super().__init__(table.viewport())
        self.setObjectName("emptyLog")
        self._table = table
        self._reason = EmptyReason.NO_ALERTS
        self.message = label("", self, "hint", "emptyLogMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it repeats the typed search
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self)
        self.button.setObjectName("emptyLogButton")
        self.button.clicked.connect(lambda: act(self._reason, False))
        self.second_button = QPushButton(self)
        self.second_button.setObjectName("emptyLogSecondButton")
        self.second_button.clicked.connect(lambda: act(self._reason, True))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addWidget(self.second_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(2)
        table.viewport().installEventFilter(self)
        self.hide()

    @property
    def reason(self) -> EmptyReason:
        """What the note last said."""
        return self._reason

    def update_for(self, rows: int, total: int, query: AlertQuery, search: str, horizon_days: int) -> str:
        """Show the note when the log has no row (hide it otherwise); return what the details pane says."""
        if rows:
            self.hide()
            return ""
        self._reason = empty_reason(total, query, horizon_days)
        words = empty_words(self._reason, search, horizon_days)
        self.message.setText(words.message)
        self.button.setText(words.button)
        self.second_button.setText(words.second_button)
        self.second_button.setVisible(bool(words.second_button))
        self._fit()
        self.show()
        self.raise_()
        return words.details

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the viewport's size."""
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        self.setGeometry(self._table.viewport().rect())
