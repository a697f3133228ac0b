"""Help ▸ User guide: the officers' guide in a window of its own, offline, with its contents and a search.

The contents list holds every heading of the guide; choosing one (a click, or the arrow keys) brings it to the
top, and as the text scrolls the list follows. The search finds a word as it is typed, Enter (or F3) goes to
the next place and Shift+Enter (Shift+F3) back, and every place found is shaded while the current one is
selected and counted in words ("3 of 7"), so the shading is never the only sign.

There is one guide window for the whole application. It has no parent window on purpose: a dialog opened
with `open()` blocks the windows it sits over and their other child windows, and the guide must stay usable
beside the dialog it explains. Something must still own a window without a parent, so this module keeps it
(`show_user_guide`), until it is closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.files import UnreadableFile
from sg_desktop.ui.help.guide_browser import GuideBrowser
from sg_desktop.ui.help.guide_file import guide_file, read_guide
from sg_desktop.ui.help.guide_text import GuideText, parse_guide
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.widgets import button, label, push_button

__all__ = ["ANCHOR_ROLE", "UserGuideWindow", "open_guide_window", "show_user_guide"]

ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
_NOT_INSTALLED = ("The user guide is not in this copy of SG Desktop. Ask the IT team who installed it for the "
                  "guide, or reinstall the application.")

# The one guide window (see the module's docstring): kept here while it is open, forgotten when it closes.
_open: list[UserGuideWindow] = []


class UserGuideWindow(QDialog):
    """The guide read from `path` (None: the guide is missing, and the window says so)."""

    def __init__(self, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuideWindow")
        self.setWindowTitle("User guide — SG Desktop")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        self._guide = GuideText("", ())
        self._following = False

        hint = label("How to use SG Desktop, step by step. Choose a part on the left or find a word; F1 in any "
                     "window opens the part about it.", self, "hint", "guideHint")
        self.search = QLineEdit(self)
        self.search.setObjectName("guideSearch")
        self.search.setPlaceholderText("A word, such as fingerprint or backup")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textEdited.connect(lambda _text: self.find_words(from_match_start=True))
        self.search.returnPressed.connect(self.find_words)
        self.search.installEventFilter(self)
        find_label = QLabel("&Find in the guide", self)
        find_label.setBuddy(self.search)
        self.previous_button = push_button("Pre&vious", "guideFindPrevious", self,
                                           lambda: self.find_words(backward=True))
        self.next_button = push_button("&Next", "guideFindNext", self, self.find_words)
        self.find_status = label("", self, "hint", "guideFindStatus")
        self.find_status.setAccessibleName("What the search found")

        self.contents = QTreeWidget(self)
        self.contents.setObjectName("guideContents")
        self.contents.setAccessibleName("Contents")
        self.contents.setHeaderHidden(True)
        self.contents.setUniformRowHeights(True)
        self.contents.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.text = GuideBrowser(self)
        self.text.section_link.connect(self.show_section)
        self.text.link_refused.connect(self._refused)
        self.text.verticalScrollBar().valueChanged.connect(lambda _value: self._follow())
        contents_label = QLabel("&Contents", self)
        contents_label.setBuddy(self.contents)
        contents_label.setProperty("role", "subheading")
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(contents_label)
        column.addWidget(self.contents, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("guideSplitter")
        splitter.addWidget(side)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 760])
        splitter.setChildrenCollapsible(False)

        self.note = label("", self, "hint", "guideNote")
        close = button("Close", "closeGuideButton", self, self.reject)
        for push in (self.previous_button, self.next_button, close):
            push.setAutoDefault(False)  # Enter in the search finds the next place, never presses a button

        row = QHBoxLayout()
        for widget in (find_label, self.search, self.previous_button, self.next_button):
            row.addWidget(widget)
        row.addWidget(self.find_status, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.note, 1)
        foot.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addLayout(foot)
        QWidget.setTabOrder(self.search, self.previous_button)
        QWidget.setTabOrder(self.previous_button, self.next_button)
        QWidget.setTabOrder(self.next_button, self.contents)
        QWidget.setTabOrder(self.contents, self.text)
        QWidget.setTabOrder(self.text, close)

        self._keys()
        offer_help(self, "using-the-guide")
        self.resize(1060, 720)
        self._load(path)

    def _keys(self) -> None:
        for name, keys, slot in (
            ("guideFindAction", QKeySequence.StandardKey.Find, self.focus_search),
            ("guideFindNextAction", QKeySequence.StandardKey.FindNext, self.find_words),
            ("guideFindPreviousAction", QKeySequence.StandardKey.FindPrevious, lambda: self.find_words(backward=True)),
        ):
            action = QAction(self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)

    def _load(self, path: Path | None) -> None:
        if path is None:
            self.text.show_message(_NOT_INSTALLED)
            return
        try:
            self._guide = parse_guide(read_guide(path))
        except UnreadableFile as exc:
            self.text.show_message(f"The user guide at {path} {exc}. {_NOT_INSTALLED}")
            return
        self.text.show_guide(self._guide, path.parent)
        drawn = set(self.text.anchors)
        parents: dict[int, QTreeWidgetItem] = {}
        for heading in self._guide.headings:
            if heading.anchor not in drawn:
                continue
            depth = max(heading.level - 2, 0)  # the title and the parts at the left, their sections under them
            parent = parents.get(depth - 1)
            item = QTreeWidgetItem(parent, [heading.title]) if parent is not None and depth else \
                QTreeWidgetItem(self.contents, [heading.title])
            item.setData(0, ANCHOR_ROLE, heading.anchor)
            parents[depth] = item
        self.contents.expandAll()

    # -- the contract ----------------------------------------------------------------------------------

    def show_section(self, anchor: str) -> bool:
        """Bring the section `anchor` to the top and choose it in the contents; False (the guide's start
        shown) when the guide has no such section."""
        found = self.text.go_to(anchor)
        if not found and self.text.anchors:
            self.text.go_to(self.text.anchors[0])
        self._follow()
        self.note.clear()
        return found

    def current_section(self) -> str:
        """The anchor of the section at the top of the text."""
        return self.text.section_at_top()

    def contents_titles(self) -> list[str]:
        """Every line of the contents, in order."""
        titles: list[str] = []
        item = self.contents.topLevelItem(0)
        while item is not None:
            titles.append(item.text(0))
            item = self.contents.itemBelow(item)
        return titles

    def focus_search(self) -> None:
        """Put the cursor in the search field, its words selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def find_words(self, *, backward: bool = False, from_match_start: bool = False) -> bool:
        """Go to the next place (or the one before) the searched words are; False when they are nowhere."""
        words = self.search.text()
        places = self.text.matches(words)
        if not places:
            self.text.mark([], None)
            self.find_status.setText(f"“{words}” is not in the guide." if words else "")
            return False
        at = self.text.textCursor()
        here = at.selectionStart() if (from_match_start or backward) else at.selectionEnd()
        if backward:
            earlier = [i for i, p in enumerate(places) if p.selectionStart() < here]
            index = earlier[-1] if earlier else len(places) - 1
        else:
            index = next((i for i, p in enumerate(places) if p.selectionStart() >= here), 0)
        self.text.mark(places, places[index])
        self.find_status.setText(f"{index + 1} of {len(places)}")
        self._follow(self.text.section_at(places[index].selectionStart()))
        return True

    # -- inside ----------------------------------------------------------------------------------------

    def _chosen(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and not self._following:
            self.text.go_to(str(item.data(0, ANCHOR_ROLE)))
            self.note.clear()

    def _follow(self, anchor: str = "") -> None:
        """Choose, in the contents, the section `anchor` (by default the one the text shows at its top)."""
        anchor = anchor or self.text.section_at_top()
        item = self.contents.topLevelItem(0)
        while item is not None and item.data(0, ANCHOR_ROLE) != anchor:
            item = self.contents.itemBelow(item)
        if item is not None and item is not self.contents.currentItem():
            self._following = True
            try:
                self.contents.setCurrentItem(item)
                self.contents.scrollToItem(item)
            finally:
                self._following = False

    def _refused(self, url: str) -> None:
        self.note.setText(f"The guide does not open links to other places: {url}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Shift+Enter in the search goes back to the place found before."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if shifted and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find_words(backward=True)
                return True
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        """Close, and let the window go (the next F1 makes a new one)."""
        super().done(result)
        if self in _open:
            _open.remove(self)
        self.deleteLater()


def open_guide_window() -> UserGuideWindow | None:
    """The guide window on screen now, if there is one."""
    return _open[0] if _open else None


def show_user_guide(section: str = "") -> UserGuideWindow:
    """Show the guide window (made if needed) in front, at `section` when one is given."""
    window = open_guide_window()
    if window is None:
        window = UserGuideWindow(guide_file())
        _open.append(window)
    window.show()
    window.raise_()
    window.activateWindow()
    if section:
        window.show_section(section)
    return window

