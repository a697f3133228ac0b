"""View ▸ What works digest: the lessons held, counted and quoted, with the log's filters; saved as a PDF or printed.

The filters are the log's (region, council, kind) and a day the lessons were recorded since; it opens with the
log's region, council and kind. The counts are tables; the texts that may be quoted are two lists of themes
(what helped, what would be done differently), each text's whole words shown below the list. A note says how
texts are grouped (by the words they contain). Save as PDF… and Print… draw the digest as the filters show it,
with the handling marking on every page. Every record string is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.digest import Digest, DigestChoice, Tally, ThemeGroup
from sg_desktop.app.failures import calm_message, is_expected
from sg_desktop.app.session import Session
from sg_desktop.domain.councils import REGIONS
from sg_desktop.domain.enums import AlertKind, Coverage, OfferKind, PlainFile
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.forward.digest_pdf import grouping_note, write_digest
from sg_desktop.ui.forward.digest_texts import DigestTextModel
from sg_desktop.ui.shared.date_field import DateField
from sg_desktop.ui.shared.formatting import KIND_SHORT
from sg_desktop.ui.shared.printing import ask_where_to_print
from sg_desktop.ui.shared.save_dialog import ask_where_to_save
from sg_desktop.ui.shared.widgets import LIST_STYLE, button, label

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = ["DigestWindow"]


def _platform_printer() -> QPrinter:
    from PySide6.QtPrintSupport import QPrinter

    return QPrinter(QPrinter.PrinterMode.HighResolution)


def _table(parent: QWidget, name: str, accessible: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(False)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], tips: Sequence[str] = ()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)  # an item's text is plain text
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            elif r < len(tips):
                item.setToolTip(tips[r])
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    height = table.horizontalHeader().sizeHint().height() + sum(table.rowHeight(r) for r in range(len(rows)))
    table.setFixedHeight(height + 2 * table.frameWidth())


# Short words for the kinds of support, as the log's KIND_SHORT has for the kinds of case (the full words are
# each row's tooltip).
_OFFER_SHORT = {OfferKind.PEER_MENTOR: "Peer mentor", OfferKind.MEDIA_ADVICE: "Media advice",
                OfferKind.COMMS_SUPPORT: "Communications", OfferKind.DIRECTOR_SUPPORT: "Director support",
                OfferKind.OTHER: "Other"}


_SHORT = {k.value: words for k, words in KIND_SHORT.items()} | {k.value: words for k, words in _OFFER_SHORT.items()}


def _short(t: Tally) -> str:
    return _SHORT.get(t.key, t.label)


def _tally_rows(rows: Sequence[Tally]) -> list[list[str]]:
    return [[_short(t), f"{t.lessons:,}", f"{t.offered:,}", f"{t.accepted:,} ({t.accepted_share})", f"{t.useful:,}"]
            for t in rows]


class DigestWindow(QDialog):
    """The digest over `session`'s lessons, starting with `choice`; `now` is when a PDF says it was produced."""

    def __init__(self, session: Session, choice: DigestChoice, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        super().__init__(parent)
        self.setObjectName("digestWindow")
        self.setWindowTitle("What works digest — SG Desktop")
        self.setModal(False)
        self._session: Session | None = session
        self._now = now
        self._digest: Digest | None = None
        self.printer_factory: Callable[[], QPrinter] = _platform_printer
        self._build(session)
        self.set_choice(choice)

    # -- building --------------------------------------------------------------------------------

    def _build(self, session: Session) -> None:
        self.heading = label("What works: lessons learned", self, "heading", "digestHeading")
        self.summary = label("", self, "hint", "digestSummary")
        self.region = self._combo("digestRegion", "Lessons from councils in this region", "All regions")
        present = {c.region for c in session.digest.councils}
        for region in REGIONS:
            if region in present:
                self.region.addItem(region, region)
        self.council = self._combo("digestCouncil", "Lessons about this council", "All councils")
        self.kind = self._combo("digestKind", "Lessons on cases of this kind", "Any kind")
        for kind in AlertKind:
            self.kind.addItem(KIND_SHORT[kind], kind.value)
        self.since_on = QCheckBox("Recorded since", self)
        self.since_on.setObjectName("digestSinceOn")
        self.since = DateField("digestSince", "Lessons recorded on or after this day", session.alerts.today(), self)
        self.since.setEnabled(False)
        self.by_kind = _table(self, "digestByKind", "By kind of case",
                              ("Kind of case", "Lessons", "Offers reviewed", "Taken up", "Found useful"))
        self.by_offer = _table(self, "digestByOffer", "By kind of support",
                               ("Kind of support", "Lessons", "Offered", "Taken up", "Found useful"))
        self.coverage = _table(self, "digestCoverage", "Coverage against expectation",
                               ("Expected", *(c.label for c in Coverage)))
        self.verdicts = label("", self, "", "digestVerdicts")
        self.helped_model, self.differently_model = DigestTextModel(self), DigestTextModel(self)
        self.helped = self._tree("digestHelped", "What helped", self.helped_model)
        self.differently = self._tree("digestDifferently", "What we would do differently", self.differently_model)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("digestTabs")
        self.tabs.addTab(self.helped, "What helped")
        self.tabs.addTab(self.differently, "What we would do differently")
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("digestText")
        self.detail.setAccessibleName("The chosen text in full")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Choose a text to read it in full.")
        self.detail.setMaximumHeight(120)
        self.status = label("", self, "hint", "digestStatus")
        self.save_button = button("&Save as PDF…", "saveDigestPdf", self, self.save_pdf)
        self.print_button = button("&Print…", "printDigest", self, self.print_digest)
        self.refresh_button = button("&Refresh", "refreshDigest", self, self.refresh)
        close = button("Close", "closeDigest", self, self.reject)
        for push in (self.save_button, self.print_button, self.refresh_button, close):
            push.setAutoDefault(False)

        filters = QHBoxLayout()
        for widget in (self.region, self.council, self.kind, self.since_on, self.since):
            filters.addWidget(widget)
        filters.addStretch(1)
        counts = QWidget(self)
        column = QVBoxLayout(counts)
        column.setContentsMargins(0, 0, 0, 0)
        for heading, table in (("By kind of case", self.by_kind), ("By kind of support", self.by_offer),
                               ("Coverage against expectation", self.coverage)):
            column.addWidget(label(heading, counts, "subheading"))
            column.addWidget(table)
        column.addWidget(self.verdicts)
        column.addWidget(label("Found useful: rated 4 or 5 of 5 by the office that recorded the lesson.", counts,
                               "hint"))
        column.addStretch(1)
        texts = QWidget(self)
        right = QVBoxLayout(texts)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.detail)
        right.addWidget(label(grouping_note("point at a theme to see its words"), texts, "hint",
                              "digestGroupingNote"))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(counts)
        splitter.addWidget(texts)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([500, 660])
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.status, 1)
        for push in (self.save_button, self.print_button, close):
            buttons.addWidget(push)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.region.currentIndexChanged.connect(self._region_changed)
        for combo in (self.council, self.kind):
            combo.currentIndexChanged.connect(self.refresh)
        self.since_on.toggled.connect(self._since_toggled)
        self.since.value_changed.connect(lambda _v: self.refresh() if self.since_on.isChecked() else None)
        self.resize(1180, 740)

    def _combo(self, name: str, accessible: str, any_text: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(any_text, None)
        return combo

    def _tree(self, name: str, accessible: str, model: DigestTextModel) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName(name)
        tree.setAccessibleName(accessible)
        tree.setModel(model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setStyleSheet(LIST_STYLE)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 120), (3, 95)):
            header.resizeSection(column, width)
        tree.selectionModel().currentChanged.connect(lambda current, _p, m=model: self._show_text(m, current))
        return tree

    # -- filters ---------------------------------------------------------------------------------

    def set_choice(self, choice: DigestChoice) -> None:
        """Set the filters to `choice` and count again."""
        for combo in (self.region, self.council, self.kind):
            combo.blockSignals(True)
        self.region.setCurrentIndex(max(0, self.region.findData(choice.region)))
        self._fill_councils()
        self.council.setCurrentIndex(max(0, self.council.findData(choice.council)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(choice.kind.value if choice.kind else None)))
        for combo in (self.region, self.council, self.kind):
            combo.blockSignals(False)
        self.since_on.blockSignals(True)
        self.since_on.setChecked(choice.since is not None)
        self.since_on.blockSignals(False)
        self.since.setEnabled(choice.since is not None)
        if choice.since is not None:
            self.since.set_value(choice.since)
        self.refresh()

    def set_session(self, session: Session, choice: DigestChoice) -> None:
        """Show the lessons of `session` (the vault unlocked again), from `choice`."""
        self._session = session
        self.set_choice(choice)

    def choice(self) -> DigestChoice:
        """The filters as set."""
        kind = self.kind.currentData()
        return DigestChoice(council=self.council.currentData(), region=self.region.currentData(),
                            kind=AlertKind(kind) if kind else None,
                            since=self.since.value() if self.since_on.isChecked() else None)

    def _region_changed(self) -> None:
        self.council.blockSignals(True)
        self._fill_councils()
        self.council.blockSignals(False)
        self.refresh()

    def _fill_councils(self) -> None:
        if self._session is None:
            return
        current, region = self.council.currentData(), self.region.currentData()
        self.council.clear()
        self.council.addItem("All councils", None)
        for council in self._session.digest.councils:
            if region is None or council.region == region:
                self.council.addItem(council.name, council.ons_code)
        self.council.setCurrentIndex(max(0, self.council.findData(current)))

    def _since_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------

    def digest(self) -> Digest | None:
        """The digest as shown (None while locked)."""
        return self._digest

    def refresh(self) -> None:
        """Count and quote the lessons the filters keep, again."""
        session = self._session
        if session is None or session.is_locked:
            return
        self.show_digest(session.digest.digest(self.choice(), self._now(), session.office.name))

    def show_digest(self, digest: Digest) -> None:
        """Draw `digest`."""
        self._digest = digest
        filters = f" ({'; '.join(digest.filters)})" if digest.filters else ""
        self.summary.setText(f"{digest.lessons:,} lesson{'s' if digest.lessons != 1 else ''} held{filters}; "
                             f"{digest.shared:,} may be quoted, giving {digest.texts:,} text"
                             f"{'s' if digest.texts != 1 else ''}.")
        _fill(self.by_kind, _tally_rows(digest.by_kind), [t.label for t in digest.by_kind])
        _fill(self.by_offer, _tally_rows(digest.by_offer), [t.label for t in digest.by_offer])
        _fill(self.coverage, [[m.label, *(f"{n:,}" for n in counts)] for m, counts in digest.coverage])
        self.verdicts.setText("; ".join(f"{v.label}: {n:,}" for v, n in digest.verdicts) + ".")
        self._show_groups(self.helped, self.helped_model, digest.helped, 0, "What helped")
        self._show_groups(self.differently, self.differently_model, digest.differently, 1,
                          "What we would do differently")
        self.detail.clear()

    def _show_groups(self, tree: QTreeView, model: DigestTextModel, groups: tuple[ThemeGroup, ...], tab: int,
                     title: str) -> None:
        model.set_groups(groups)
        count = sum(len(g.texts) for g in groups)
        if count <= 200:  # a few texts are read at once; thousands are opened theme by theme
            tree.expandAll()
        self.tabs.setTabText(tab, f"{title} ({count:,})")

    def _show_text(self, model: DigestTextModel, index: QModelIndex) -> None:
        text = model.text_at(index)
        if text is None:
            group = model.group_at(index)
            self.detail.setPlainText(f"{group.theme}: texts with any of the words {group.words}." if group and
                                     group.words else "")
            return
        when = f", recorded {long_date(text.recorded)}" if text.recorded else ""
        self.detail.setPlainText(f"{text.text}\n\n— {text.council}, {text.kind.label}{when}")

    def clear(self) -> None:
        """Forget every lesson shown (the vault is locking)."""
        self._session = None
        self._digest = None
        for model in (self.helped_model, self.differently_model):
            model.set_groups(())
        for table in (self.by_kind, self.by_offer, self.coverage):
            table.setRowCount(0)
        self.detail.clear()
        self.summary.clear()
        self.verdicts.clear()

    # -- saving and printing ---------------------------------------------------------------------

    def save_pdf(self) -> None:
        """Ask where to save the digest as a PDF file."""
        ask_where_to_save(self, "Save the digest", "saveDigestDialog", "PDF", "pdf",
                          f"What works {self._now():%Y-%m-%d}.pdf", self.write_pdf)

    def write_pdf(self, filename: str) -> None:
        """Write the digest at `filename` and say what happened."""
        if filename:
            self._write(Path(filename), f"Saved to {filename}.")

    def print_digest(self) -> None:
        """Ask, in the platform's print dialog, where to print the digest; without print support, save it."""
        ask_where_to_print(self, self.printer_factory, "printDigestDialog", self.print_to, self.save_pdf)

    def print_to(self, printer: QPrinter) -> None:
        """Print the digest on `printer` and say what happened."""
        name = printer.printerName()
        self._write(printer, f"Sent to the printer{f' “{name}”' if name else ''}. Collect the pages straight away.")

    def _write(self, target: Path | QPrinter, done: str) -> None:
        if self._session is None or self._session.is_locked or self._digest is None:
            self.status.setText("The vault is locked; unlock it to make the digest.")
            return
        try:
            write_digest(self._digest, target)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.status.setText(calm_message(exc))
            return
        self._session.record_plain_file(PlainFile.DIGEST, self._digest.lessons)
        self.status.setText(done)
