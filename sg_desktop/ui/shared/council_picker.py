"""A council chooser: an editable combo box that searches the councils as the officer types."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from sg_desktop.domain.councils import Council, CouncilDirectory

__all__ = ["CouncilPicker", "council_display"]

# Enough to fill the popup without making the officer scroll past councils that barely match.
_MAX_MATCHES = 15
_TAKE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


def council_display(council: Council) -> str:
    """How a council reads in the picker: "Leeds — Yorkshire and The Humber"."""
    return f"{council.name} — {council.region}"


class CouncilPicker(QComboBox):
    """Pick one council by typing part of its name, its region or its ONS code.

    `current_code()` is the chosen council's ONS code, or '' while the text names no single council.
    `council_changed` is emitted with that code each time it changes; `editing_finished` when the officer
    presses Enter or leaves the field, after a typed name has been settled on its council if it names one.
    """

    council_changed = Signal(str)
    editing_finished = Signal()

    def __init__(self, directory: CouncilDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._last_code = ""
        self.setObjectName("councilPicker")
        self.setAccessibleName("Council")
        self.setAccessibleDescription(
            "Type part of a council's name, region or ONS code, then choose it from the list"
        )
        self.setEditable(True)
        # A typed text must never become a new "council"; only the reference list is offered.
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.setMaxVisibleItems(15)
        for council in directory:
            self.addItem(council_display(council), council.ons_code)
            self.setItemData(
                self.count() - 1,
                f"{council.name}, {council.region} ({council.ons_code})",
                Qt.ItemDataRole.ToolTipRole,
            )

        self._matches = QStringListModel(self)
        self._completer = QCompleter(self._matches, self)
        # The directory ranks the matches (name start, word start, anywhere, code); the completer must show
        # them as they are instead of filtering them again by prefix.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(_MAX_MATCHES)
        self.setCompleter(self._completer)
        popup = self._completer.popup()
        assert popup is not None  # a completer always has one
        self._popup = popup
        popup.setObjectName("councilPickerPopup")
        popup.setAccessibleName("Matching councils")
        popup.installEventFilter(self)

        line = self.lineEdit()
        assert line is not None  # the combo box is editable
        self._line = line
        line.setPlaceholderText("Type a council's name, region or ONS code…")
        line.setAccessibleName("Council")
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._on_text_edited)
        line.textChanged.connect(self._emit_if_changed)
        line.editingFinished.connect(self._editing_finished)
        self.currentIndexChanged.connect(self._emit_if_changed)
        self.setCurrentIndex(-1)

    # -- the contract ----------------------------------------------------------------------------------

    def current_code(self) -> str:
        """The ONS code of the chosen council, or '' when the text names no single council."""
        index = self.currentIndex()
        if index < 0 or self.currentText() != self.itemText(index):
            return ""
        return str(self.itemData(index))

    def set_code(self, code: str) -> None:
        """Choose the council with this ONS code; an unknown or empty code clears the picker."""
        index = self.findData(code.strip().upper()) if code.strip() else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        self._emit_if_changed()

    def matches(self) -> list[str]:
        """The councils the popup offers for the text typed so far, best first, as displayed."""
        return list(self._matches.stringList())

    def directory(self) -> CouncilDirectory:
        """The councils this picker chooses from."""
        return self._directory

    # -- typing ----------------------------------------------------------------------------------------

    def search(self, text: str) -> list[Council]:
        """Councils for `text`: the directory's ranked matches, then the councils of a matching region."""
        found = self._directory.search(text)
        query = text.strip().casefold()
        if len(query) >= 3:
            seen = {c.ons_code for c in found}
            found += [c for c in self._directory if query in c.region.casefold() and c.ons_code not in seen]
        return found

    def _on_text_edited(self, text: str) -> None:
        if not text.strip():
            self._matches.setStringList([])
            self._popup.hide()
            return
        self._matches.setStringList([council_display(c) for c in self.search(text)[:_MAX_MATCHES]])
        if self._matches.rowCount() == 0:
            self._popup.hide()
            return
        self._completer.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Enter or Tab in the popup take the best match when none is highlighted."""
        if (
            watched is self._popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _TAKE_KEYS
        ):
            popup = self._popup
            if not popup.currentIndex().isValid() and self._matches.rowCount() > 0:
                # Current without selected: selecting would make the completer overwrite the typed text
                # before the completer's own handler (which runs next) takes the match.
                first = self._completer.completionModel().index(0, 0)
                popup.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        return super().eventFilter(watched, event)

    def is_choosing(self) -> bool:
        """Whether the list of matches is open (the officer is still choosing)."""
        return self._popup.isVisible()

    def _editing_finished(self) -> None:
        self._resolve_typed_text()
        self.editing_finished.emit()

    def _resolve_typed_text(self) -> None:
        """On Enter or leaving the field, settle a typed name, code or single match on its council."""
        text = self.currentText().strip()
        if not text or self.current_code():
            return
        council = self._directory.find(text)
        if council is None:
            for candidate in self._directory:
                if council_display(candidate).casefold() == text.casefold():
                    council = candidate
                    break
        if council is None:
            found = self.search(text)
            council = found[0] if len(found) == 1 else None
        if council is not None:
            self.setCurrentIndex(self.findData(council.ons_code))
            self._emit_if_changed()

    def _emit_if_changed(self, *_: object) -> None:
        code = self.current_code()
        if code != self._last_code:
            self._last_code = code
            self.council_changed.emit(code)

    def has_unmatched_text(self) -> bool:
        """Whether something is typed that names no council (so the form can say so)."""
        return bool(self.currentText().strip()) and not self.current_code()
