"""View ▸ Dashboard: the vault counted, as bar charts painted with QPainter, two columns of them.

Open alerts by kind, by region and by status; milestones in the next 7 and 30 days; support offers by status;
and what needs attention (offers awaiting a reply, follow-ups due, national interest without an offer).
A bar that stands for a filter of the log sets the log's filter bar to it (`filter_chosen`); the follow-ups
bar opens Coming up (`coming_up_chosen`), and a bar the log cannot filter by says so beneath the charts.
Only counts and fixed words are drawn here, never record text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from sg_desktop.app.dashboard import Dashboard, LogFilter
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.forward.bar_chart import BarChart
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.widgets import button, button_row, label, set_tab_order

__all__ = ["DashboardWindow", "filter_words"]


class DashboardWindow(QDialog):
    """The dashboard; `set_dashboard` draws it. Emits `filter_chosen(LogFilter, words)`, `coming_up_chosen()`
    and `refresh_requested()`."""

    filter_chosen = Signal(object, str)
    coming_up_chosen = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardWindow")
        self.setWindowTitle("Dashboard — SG Desktop")
        self.setModal(False)
        self.charts: list[BarChart] = []

        self.heading = label("Dashboard", self, "heading", "dashboardHeading")
        self.summary = label("", self, "hint", "dashboardSummary")
        self.measures = label("", self, "", "dashboardMeasures")
        self.measures.setAccessibleName("Programme measures")
        self.purpose = label("The live alerts counted: by kind, region and status, the milestones ahead, the "
                             "support offers, and what needs attention.", self, "hint", "dashboardPurpose")
        self.note = label("Click a bar, or Tab to it and press Enter, to filter the log by it.", self, "hint",
                          "dashboardNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setHorizontalSpacing(28)
        self._grid.setVerticalSpacing(10)
        scroll = QScrollArea(self)
        scroll.setObjectName("dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.refresh_button: QPushButton = button("&Refresh", "refreshDashboardButton", self,
                                                  self.refresh_requested.emit)
        self.close_button: QPushButton = button("Close", "closeDashboardButton", self, self.reject)
        for b in (self.refresh_button, self.close_button):
            b.setAutoDefault(False)  # Enter on a chart chooses its bar, not a button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.purpose)
        layout.addWidget(self.summary)
        layout.addWidget(self.measures)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(button_row(start=[self.refresh_button], end=[self.close_button]))
        self.resize(980, 680)
        offer_help(self, "dashboard", self.purpose)

    def set_dashboard(self, board: Dashboard) -> None:
        """Draw `board`'s charts (again, keeping the keyboard's place when the charts are the same)."""
        self.summary.setText(f"Live alerts (not closed) on {long_date(board.today)}.")
        self.measures.setText("Programme measures, every alert kept (closed ones too):\n" + "\n".join(
            f"• {line}" for line in board.programme.sentences()))
        if [c.chart.name for c in self.charts] == [c.name for c in board.charts]:
            for widget, chart in zip(self.charts, board.charts, strict=True):
                widget.set_chart(chart)
            return
        for widget in self.charts:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.charts = []
        for i, chart in enumerate(board.charts):
            widget = BarChart(chart, self._grid_host)
            widget.bar_chosen.connect(lambda index, w=widget: self._chosen(w, index))
            self._grid.addWidget(widget, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
            self.charts.append(widget)
        self._grid.setRowStretch(len(board.charts) // 2 + 1, 1)
        set_tab_order(*self.charts, self.refresh_button, self.close_button)
        if self.charts:
            self.charts[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def chart(self, name: str) -> BarChart:
        """The chart widget called `name` (as in `Chart.name`)."""
        for widget in self.charts:
            if widget.chart.name == name:
                return widget
        raise KeyError(name)

    def clear(self) -> None:
        """Drop every chart (on lock)."""
        for widget in self.charts:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.charts = []
        self.summary.clear()
        self.measures.clear()

    def _chosen(self, widget: BarChart, index: int) -> None:
        bar = widget.chart.bars[index]
        if bar.filter is not None:
            words = f"{widget.chart.title}: {bar.label}"
            # The log's own search and filters give way, so that it shows what the bar counted; say how back.
            extra = f" {bar.note}." if bar.note else ""
            self.note.setText(f"The log now shows {words.lower()}, in place of its search and filters.{extra} "
                              f"Clear filters (Ctrl+Shift+L) shows every alert again.")
            self.filter_chosen.emit(bar.filter, words)
        elif bar.coming_up:
            self.note.setText("Coming up lists the follow-ups due, each with its alert.")
            self.coming_up_chosen.emit()
        else:
            self.note.setText(f"{bar.label}: {bar.count:,}. {bar.note or 'The log has no filter for this'}.")


def filter_words(log_filter: LogFilter) -> str:
    """What a filter keeps, in a few words (for the status bar)."""
    parts = [p for p in (log_filter.region, log_filter.kind.label if log_filter.kind else None,
                         log_filter.status.label if log_filter.status else None,
                         f"{log_filter.media.label.lower()} interest" if log_filter.media else None,
                         f"next milestone within {log_filter.within_days} days" if log_filter.within_days else None)
             if p]
    return ", ".join(parts) or "every alert"
