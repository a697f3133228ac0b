"""The tick "Only the alerts the log shows now" and the note under it, for the files made from the forward look
(the briefing report, the calendar): the log's search and filters apply by default when it has any."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from sg_desktop.app.briefing import query_words
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.shared.widgets import label

__all__ = ["LogFilterChoice"]


class LogFilterChoice:
    """Whether the log's `query` applies to `what` ("the report"); `prefix` names the widgets
    (`<prefix>UseFilters`, `<prefix>FilterNote`). The dialog lays out `check` and `note` and calls `update`
    when the tick changes."""

    def __init__(self, query: AlertQuery, councils: CouncilDirectory, parent: QWidget, prefix: str,
                 what: str) -> None:
        self._query = query
        self._what = what
        self.words = query_words(query, councils)
        self.check = QCheckBox("Only the alerts the log shows now", parent)
        self.check.setObjectName(f"{prefix}UseFilters")
        self.check.setChecked(bool(self.words))
        self.check.setEnabled(bool(self.words))
        self.note: QLabel = label("", parent, "hint", f"{prefix}FilterNote")  # plain text: it quotes the search
        self.update()

    @property
    def query(self) -> AlertQuery:
        """The alerts chosen: the log's when ticked, else every alert."""
        return self._query if self.check.isChecked() else AlertQuery()

    @property
    def applied(self) -> list[str]:
        """The filters that apply, in words (none when unticked)."""
        return self.words if self.check.isChecked() else []

    def update(self) -> None:
        """Say under the tick which alerts the file will hold."""
        if not self.words:
            self.note.setText(f"The log shows every alert: {self._what} holds every alert with milestones "
                              "in these weeks.")
        elif self.check.isChecked():
            self.note.setText(f"The log's filters apply: {'; '.join(self.words)}.")
        else:
            self.note.setText("The log's filters do not apply: every alert with milestones in these weeks.")
