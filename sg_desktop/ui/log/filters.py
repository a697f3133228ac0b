"""The filter bar above the alert log: full-text search as you type, and region, council, kind, status,
media interest and "next milestone within N days" filters.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.domain.councils import REGIONS, CouncilDirectory
from sg_desktop.domain.enums import AlertKind, AlertStatus, MediaInterest
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.help.sections import set_help_section
from sg_desktop.ui.log.days_choice import DaysChoice
from sg_desktop.ui.shared.formatting import KIND_SHORT
from sg_desktop.ui.shared.theme import icon

__all__ = ["SEARCH_DEBOUNCE_MS", "FilterBar"]

# Long enough to swallow the keystrokes of a typed word, short enough to feel immediate.
SEARCH_DEBOUNCE_MS = 150


class FilterBar(QWidget):
    """Search box and filters; `changed` fires when the log should be re-queried with `query()`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        set_help_section(self, "finding-alerts")
        self._directory: CouncilDirectory | None = None
        self._pending_search = False
        self._debounce = QTimer(self)
        self._debounce.setObjectName("searchPauseTimer")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._debounce_ended)

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search references, councils, titles, summaries and notes   (Ctrl+F)")
        self.search.setAccessibleName("Search alerts")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMaxLength(200)
        self.search.textChanged.connect(self._search_edited)
        # Escape in the search box clears it, as in most search boxes (the clear button does the same).
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                          context=Qt.ShortcutContext.WidgetShortcut)
        clear.setObjectName("clearSearchShortcut")

        self.region = self._combo("regionFilter", "Filter by region", "All regions", notify=False)
        self.council = self._combo("councilFilter", "Filter by council", "All councils")
        self.kind = self._combo("kindFilter", "Filter by kind", "Any kind")
        for kind in AlertKind:
            self.kind.addItem(KIND_SHORT[kind], kind.value)
            self.kind.setItemData(self.kind.count() - 1, kind.label, Qt.ItemDataRole.ToolTipRole)
        self.status = self._combo("statusFilter", "Filter by status", "Any status")
        for status in AlertStatus:
            self.status.addItem(status.label, status.value)
        self.media = self._combo("mediaFilter", "Filter by media interest", "Any media interest")
        for media in MediaInterest:
            self.media.addItem(f"{media.label} interest", media.value)

        self.within = DaysChoice(self)
        self.within.setObjectName("withinFilter")
        self.within.setAccessibleName("Next milestone within")
        self.within.setToolTip("Only alerts whose next milestone falls within this many days")
        self.within.valueChanged.connect(self._filter_edited)
        within_label = QLabel("Next milestone within", self)
        within_label.setBuddy(self.within)

        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText("Clear filters")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.clicked.connect(self.reset)

        self.region.currentIndexChanged.connect(self._region_changed)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(6)
        for widget in (self.region, self.council, self.kind, self.status, self.media):
            bottom.addWidget(widget)
        bottom.addSpacing(8)
        bottom.addWidget(within_label)
        bottom.addWidget(self.within)
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(bottom)
        for a, b in zip(
            (self.search, self.region, self.council, self.kind, self.status, self.media, self.within),
            (self.region, self.council, self.kind, self.status, self.media, self.within, self.clear_button),
            strict=True,
        ):
            QWidget.setTabOrder(a, b)

    def _combo(self, name: str, accessible: str, any_text: str, *, notify: bool = True) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(any_text, None)
        if notify:
            combo.currentIndexChanged.connect(self._filter_edited)
        return combo

    # -- public --------------------------------------------------------------------------------

    def set_directory(self, directory: CouncilDirectory) -> None:
        """Offer the regions and councils of this vault (a demo vault has its own fictional ones)."""
        self._directory = directory
        present = {c.region for c in directory}
        self.blockSignals(True)
        try:
            with _quiet(self.region):
                current = self.region.currentData()
                self.region.clear()
                self.region.addItem("All regions", None)
                for region in REGIONS:
                    if region in present:
                        self.region.addItem(region, region)
                self.region.setCurrentIndex(max(0, self.region.findData(current)))
            self._fill_councils()
        finally:
            self.blockSignals(False)

    def query(self) -> AlertQuery:
        """The filter as an `AlertQuery` (the table model adds its sort order)."""
        councils: frozenset[str] = frozenset()
        code = self.council.currentData()
        region = self.region.currentData()
        if code:
            councils = frozenset({code})
        elif region and self._directory is not None:
            councils = frozenset(c.ons_code for c in self._directory if c.region == region)
        kind = self.kind.currentData()
        status = self.status.currentData()
        media = self.media.currentData()
        within = self.within.value()
        # Combo boxes hold the enums' stable values (Qt hands enum members back as plain strings).
        return AlertQuery(
            councils=councils,
            kinds=frozenset({AlertKind(kind)}) if kind else frozenset(),
            statuses=frozenset({AlertStatus(status)}) if status else frozenset(),
            media=frozenset({MediaInterest(media)}) if media else frozenset(),
            upcoming_days=within or None,
            text=_search_text(self.search.text()),
        )

    def is_filtered(self) -> bool:
        """Whether any search or filter narrows the log."""
        return self.query() != AlertQuery()

    def show_upcoming(self, days: int) -> None:
        """Narrow to alerts with a milestone in the next `days` days (0 lifts it)."""
        self.within.setValue(days)

    def show_only(self, *, region: str | None = None, kind: AlertKind | None = None, status: AlertStatus | None = None,
                  media: MediaInterest | None = None, within: int = 0) -> None:
        """Clear the search and every filter, then narrow to those given (a dashboard bar's), in one re-query."""
        self.blockSignals(True)
        try:
            self.search.clear()
            self.region.setCurrentIndex(max(0, self.region.findData(region)) if region else 0)
            for combo, value in ((self.council, None), (self.kind, kind), (self.status, status), (self.media, media)):
                combo.setCurrentIndex(max(0, combo.findData(value.value)) if value is not None else 0)
            self.within.setValue(within)
        finally:
            self.blockSignals(False)
        self._debounce.stop()
        self._pending_search = False
        self.changed.emit()

    def reset(self) -> None:
        """Clear the search and every filter, in one re-query."""
        self.blockSignals(True)
        try:
            self.search.clear()
            for combo in (self.region, self.council, self.kind, self.status, self.media):
                combo.setCurrentIndex(0)
            self.within.setValue(0)
        finally:
            self.blockSignals(False)
        self._debounce.stop()
        self._pending_search = False
        self.changed.emit()

    def set_search_pause(self, milliseconds: int) -> None:
        """How long typing must pause before gathered keystrokes are searched (default SEARCH_DEBOUNCE_MS)."""
        self._debounce.setInterval(milliseconds)

    def forget_search(self) -> None:
        """Empty the search box and its undo history (on lock: typed words may be names)."""
        self.blockSignals(True)
        try:
            self.search.clear()
            self.search.setText("")  # setText also drops the line edit's undo/redo history
        finally:
            self.blockSignals(False)
        self._debounce.stop()
        self._pending_search = False

    # -- inside --------------------------------------------------------------------------------

    def _search_edited(self) -> None:
        # Leading edge: a keystroke after a pause searches at once; keystrokes within the pause are
        # gathered and searched once when typing stops.
        if self._debounce.isActive():
            self._pending_search = True
        else:
            self._pending_search = False
            self.changed.emit()
        self._debounce.start()

    def _debounce_ended(self) -> None:
        if self._pending_search:
            self._pending_search = False
            self.changed.emit()

    def _filter_edited(self) -> None:
        self.changed.emit()

    def _region_changed(self) -> None:
        # The council list follows the region first, so one re-query sees both.
        with _quiet(self.council):
            self._fill_councils()
        self.changed.emit()

    def _fill_councils(self) -> None:
        current = self.council.currentData()
        region = self.region.currentData()
        self.council.clear()
        self.council.addItem("All councils", None)
        for council in self._directory or ():
            if region is None or council.region == region:
                self.council.addItem(council.name, council.ons_code)
        self.council.setCurrentIndex(max(0, self.council.findData(current)))


def _search_text(typed: str) -> str:
    """What to search for: a single character (a word barely begun, matching nearly everything) is not searched."""
    text = typed.strip()
    return text if len(text) >= 2 else ""


class _quiet:
    """Block a widget's signals for the length of a `with` block."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget

    def __enter__(self) -> None:
        self._was = self._widget.blockSignals(True)

    def __exit__(self, *exc: object) -> None:
        self._widget.blockSignals(self._was)
