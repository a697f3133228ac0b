"""The guide's text as the help window draws it: Markdown rendered by Qt, each heading a named anchor, the
pictures read from the guide's own folder and fitted to the window, and nothing fetched from anywhere else.

The guide is our own text, shipped with the application, so Qt may draw it as Markdown; no record text ever
reaches it. Links inside the guide (`#backups`) move to their section; any other link is reported by
`link_refused`, never opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QImage,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from sg_desktop.app.files import UnreadableFile, read_limited
from sg_desktop.ui.help.guide_text import GuideText

__all__ = ["MAX_IMAGE_WIDTH", "GuideBrowser"]

# Pictures are screenshots of whole windows; drawn this wide they are readable and leave room beside the
# contents list on a 1366-pixel screen.
MAX_IMAGE_WIDTH = 640
_MAX_IMAGE_BYTES = 8 * 1024 * 1024
_PICTURES = (".png", ".jpg", ".jpeg", ".svg")
_IMAGE = QTextDocument.ResourceType.ImageResource.value
# Space under the last line, so that every heading, the last one too, can be brought to the top.
_ROOM_BELOW = 1.0


class GuideBrowser(QTextBrowser):
    """Shows a `GuideText` (`show_guide`); `go_to(anchor)` brings a heading to the top of the view."""

    section_link = Signal(str)
    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideText")
        self.setAccessibleName("User guide")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self._folder: Path | None = None
        self._headings: list[tuple[str, QTextBlock]] = []
        # The heading last brought to the top, kept there while the text is laid out again (a new width, a
        # picture drawn) until the officer scrolls away from it.
        self._pinned = ""
        self._scrolling = False
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- content ---------------------------------------------------------------------------------------

    def show_guide(self, guide: GuideText, folder: Path) -> None:
        """Draw `guide`, whose pictures are in `folder` (and only there), and name each heading's anchor."""
        self._folder = folder.resolve()
        self.document().setMarkdown(guide.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        self.document().setDocumentMargin(14)
        blocks = [b for b in _blocks(self.document()) if b.blockFormat().headingLevel() > 0]
        self._headings = []
        for heading in guide.headings:
            # In order: the first heading block after the last one matched whose words are the heading's.
            found = next((i for i, b in enumerate(blocks) if b.text().strip() == heading.title), None)
            if found is None:
                continue
            block = blocks[found]
            blocks = blocks[found + 1:]
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            named = QTextCharFormat()
            named.setAnchor(True)
            named.setAnchorNames([heading.anchor])
            cursor.mergeCharFormat(named)
            self._headings.append((heading.anchor, block))
        self._make_room_below()

    def show_message(self, text: str) -> None:
        """Show `text` (plain) instead of a guide."""
        self._headings = []
        self.setPlainText(text)

    @property
    def anchors(self) -> list[str]:
        """The anchors of the headings drawn, in order."""
        return [anchor for anchor, _ in self._headings]

    def heading_text(self, anchor: str) -> str:
        """The words of the heading named `anchor`, as drawn ("" if there is none)."""
        return next((b.text() for a, b in self._headings if a == anchor), "")

    # -- moving ----------------------------------------------------------------------------------------

    def go_to(self, anchor: str) -> bool:
        """Bring the heading named `anchor` to the top, the cursor at its start; False if there is none."""
        block = next((b for a, b in self._headings if a == anchor), None)
        if block is None:
            return False
        self.setTextCursor(QTextCursor(block))
        self._pinned = anchor
        self._scroll_to_pinned()
        return True

    def _scroll_to_pinned(self) -> None:
        self._scrolling = True
        try:
            self.scrollToAnchor(self._pinned)
        finally:
            self._scrolling = False

    def _scrolled(self, _value: int) -> None:
        if not self._scrolling:
            self._pinned = ""

    def section_at_top(self) -> str:
        """The anchor of the section shown at the top of the view (the first one above the guide's start)."""
        if not self._headings:
            return ""
        layout = self.document().documentLayout()
        top = self.verticalScrollBar().value() + 4
        current = self._headings[0][0]
        for anchor, block in self._headings:
            if layout.blockBoundingRect(block).top() > top:
                break
            current = anchor
        return current

    def section_at(self, position: int) -> str:
        """The anchor of the section holding the character at `position` ("" before the first heading)."""
        current = ""
        for anchor, block in self._headings:
            if block.position() > position:
                break
            current = anchor
        return current

    def heading_on_screen(self, anchor: str) -> bool:
        """Whether the heading named `anchor` is within the view now."""
        block = next((b for a, b in self._headings if a == anchor), None)
        if block is None:
            return False
        rect = self.document().documentLayout().blockBoundingRect(block)
        top = rect.top() - self.verticalScrollBar().value()
        return top >= 0 and top + rect.height() <= self.viewport().height()

    # -- finding ---------------------------------------------------------------------------------------

    def matches(self, text: str) -> list[QTextCursor]:
        """Every place `text` is in the guide, in order (case does not matter)."""
        found: list[QTextCursor] = []
        if not text:
            return found
        cursor = self.document().find(text, 0)
        while not cursor.isNull():
            found.append(cursor)
            cursor = self.document().find(text, cursor)
        return found

    def mark(self, places: list[QTextCursor], current: QTextCursor | None) -> None:
        """Shade every place found and select the current one, scrolled into view."""
        shaded = []
        for place in places:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = place
            selection.format.setBackground(self.palette().alternateBase().color().darker(125))
            shaded.append(selection)
        self.setExtraSelections(shaded)
        if current is not None:
            self._pinned = ""
            self.setTextCursor(current)
            # A third of the way down, with the lines before it in sight, rather than at an edge.
            top, height = self.cursorRect().top(), self.viewport().height()
            if not height // 6 <= top <= height * 2 // 3:
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + top - height // 3)

    # -- what Qt asks for ------------------------------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """A picture from the guide's folder, fitted to `MAX_IMAGE_WIDTH`; nothing else, from nowhere else."""
        if getattr(type, "value", type) != _IMAGE:
            return b""
        path = self._picture(QUrl(name))
        if path is None:
            return QImage()
        try:
            image = QImage.fromData(read_limited(path, _MAX_IMAGE_BYTES))
        except UnreadableFile:  # missing, too large, not a regular file: the picture is left out
            return QImage()
        if image.isNull():
            return image
        ratio = self.devicePixelRatioF()
        if image.width() > MAX_IMAGE_WIDTH * ratio:
            image = image.scaledToWidth(round(MAX_IMAGE_WIDTH * ratio), Qt.TransformationMode.SmoothTransformation)
        image.setDevicePixelRatio(ratio)
        return image

    def _picture(self, name: QUrl) -> Path | None:
        """The file `name` names inside the guide's folder, if it is a picture there."""
        if self._folder is None or name.scheme() not in ("", "file") or name.host():
            return None
        raw = name.toLocalFile() if name.isLocalFile() else name.path()
        path = (self._folder / raw).resolve()
        if not path.is_relative_to(self._folder) or path.suffix.lower() not in _PICTURES:
            return None
        return path

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep room under the last line as tall as most of the view."""
        self._scrolling = True  # the scroll bar moves as the text is laid out again, not as the officer scrolls
        try:
            super().resizeEvent(event)
            self._make_room_below()
        finally:
            self._scrolling = False
        if self._pinned:
            self._scroll_to_pinned()

    def _make_room_below(self) -> None:
        root = self.document().rootFrame()
        frame: QTextFrameFormat = root.frameFormat()
        room = round(self.viewport().height() * _ROOM_BELOW)
        if self._headings and frame.bottomMargin() != room:
            frame.setBottomMargin(room)
            root.setFrameFormat(frame)

    def _clicked(self, url: QUrl) -> None:
        if not url.scheme() and not url.path() and url.fragment():
            self.section_link.emit(url.fragment())
        else:
            self.link_refused.emit(url.toString())


def _blocks(document: QTextDocument) -> list[QTextBlock]:
    blocks, block = [], document.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    return blocks
