"""The alert editor's three pages as tabs, and where on them each check is shown.

A broken rule or an identifying-looking span has a place in the alert (a field, or a field of one milestone or
support offer): it is shown on that page, under that field or row, and the page's tab carries a warning icon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QTabWidget, QVBoxLayout, QWidget

from sg_desktop.domain.errors import Problem
from sg_desktop.domain.identifying import AlertFinding, Finding
from sg_desktop.domain.model import Alert
from sg_desktop.domain.places import FieldPath, ItemList
from sg_desktop.ui.editor.details_page import DetailsForm
from sg_desktop.ui.editor.history_page import HistoryPage
from sg_desktop.ui.editor.milestones_page import MilestonesEditor
from sg_desktop.ui.editor.offers_page import OffersEditor
from sg_desktop.ui.help.sections import set_help_section
from sg_desktop.ui.shared.date_field import DateField

__all__ = ["DETAILS_TAB", "HISTORY_TAB", "MILESTONES_TAB", "OFFERS_TAB", "EditorTabs", "form_field", "place_of"]

DETAILS_TAB, MILESTONES_TAB, OFFERS_TAB, HISTORY_TAB = 0, 1, 2, 3


def place_of(problem: Problem) -> FieldPath:
    """Where a broken rule is; a rule about no place of the alert in particular is about its details."""
    return problem.path if problem.path is not None else FieldPath(problem.field)


def form_field(path: FieldPath) -> str:
    """The name the editor's pages report an edit of this place under: the field, or its list."""
    return path.items.value if path.items is not None else path.field


def _tab_of(path: FieldPath) -> int:
    if path.items is ItemList.MILESTONES:
        return MILESTONES_TAB
    if path.items is ItemList.OFFERS:
        return OFFERS_TAB
    return DETAILS_TAB


class EditorTabs(QTabWidget):
    """The details, milestones and support-offers pages (object name `editorTabs`), Ctrl+1 to Ctrl+3."""

    def __init__(self, details: DetailsForm, milestones: MilestonesEditor, offers: OffersEditor,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("editorTabs")
        self.setDocumentMode(True)
        self.details = details
        self.milestones = milestones
        self.offers = offers
        self.addTab(self._padded(details), "Details")
        self.addTab(self._padded(milestones), "Milestones")
        self.addTab(self._padded(offers), "Support offers")
        self.history: HistoryPage | None = None
        for i in range(3):
            self.setTabToolTip(i, f"Ctrl+{i + 1}")
        for page, section in ((details, "adding-an-alert"), (milestones, "milestones"), (offers, "support-offers")):
            set_help_section(page, section)  # F1 opens the guide at the page shown

    def add_history(self, page: HistoryPage) -> None:
        """Add the History tab (a stored alert's audit entries), read when it is first shown."""
        self.history = page
        set_help_section(page, "alert-history")
        self.addTab(self._padded(page), "History")
        self.setTabToolTip(HISTORY_TAB, "This alert's own entries in the audit trail")
        self.currentChanged.connect(lambda index: page.ensure_loaded() if index == HISTORY_TAB else None)

    def _padded(self, page: QWidget) -> QWidget:
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(4, 12, 4, 4)
        layout.addWidget(page)
        return holder

    def show_counts(self, draft: Alert) -> None:
        """Say on the list tabs how many milestones and support offers the draft has."""
        self.setTabText(MILESTONES_TAB, f"Milestones ({len(draft.milestones)})")
        self.setTabText(OFFERS_TAB, f"Support offers ({len(draft.offers)})")

    def show_checks(self, problems: Sequence[Problem], findings: Sequence[AlertFinding]) -> None:
        """Show each problem and finding where it is, and mark the tabs of the pages that have any.

        The details tab is marked too while the council picker holds text that names no council.
        """
        by_field: dict[str, list[str]] = defaultdict(list)
        found_in: dict[str, list[Finding]] = defaultdict(list)
        for p in problems:
            by_field[p.field].append(p.message)
        for f in findings:
            if f.path.items is None:
                found_in[f.path.field].append(f.finding)
        self.details.show_checks(by_field, found_in)
        for page, items in ((self.milestones, ItemList.MILESTONES), (self.offers, ItemList.OFFERS)):
            page.show_checks([p for p in problems if place_of(p).items is items],
                             [f for f in findings if f.path.items is items])

        flagged = {DETAILS_TAB: False, MILESTONES_TAB: False, OFFERS_TAB: False}
        for path in [place_of(p) for p in problems] + [f.path for f in findings]:
            flagged[_tab_of(path)] = True
        if self.details.council.has_unmatched_text():
            flagged[DETAILS_TAB] = True
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for tab, on in flagged.items():
            self.setTabIcon(tab, warning if on else QIcon())

    def go_to_problem(self, problem: Problem) -> None:
        """Show the page of a broken rule and select its field or row."""
        path = place_of(problem)
        self.setCurrentIndex(_tab_of(path))
        page = self._list_page(path)
        if page is None:
            self.details.focus_field(path.field)
        elif path.index is not None:
            page.select_row(path.index)

    def go_to_finding(self, found: AlertFinding) -> None:
        """Show the page of an identifying-looking span and select the text."""
        path = found.path
        self.setCurrentIndex(_tab_of(path))
        page = self._list_page(path)
        if page is None:
            self.details.focus_field(path.field, found.finding)
        elif path.index is not None:
            page.focus_note(path.index, found)

    def unreadable_date(self) -> DateField | None:
        """The first switched-on date field whose text cannot be read as a date, if any."""
        return next((f for f in self.findChildren(DateField) if f.isEnabled() and not f.is_readable()), None)

    def go_to_field(self, field: QWidget) -> None:
        """Show the page holding `field` and put the cursor in it."""
        for index in range(self.count()):
            page = self.widget(index)
            if page is not None and page.isAncestorOf(field):
                self.setCurrentIndex(index)
        field.setFocus()

    def _list_page(self, path: FieldPath) -> MilestonesEditor | OffersEditor | None:
        """The page of the list the place is in, or None for the alert's own fields (the details page)."""
        if path.items is ItemList.MILESTONES:
            return self.milestones
        if path.items is ItemList.OFFERS:
            return self.offers
        return None
