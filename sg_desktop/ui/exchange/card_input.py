"""An office's card (or an age recipient) typed, pasted or read from a file, checked as it changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from sg_desktop.app.files import UnreadableFile, read_limited
from sg_desktop.app.offices import OfficeCard
from sg_desktop.domain.errors import SgError
from sg_desktop.ui.shared.widgets import label

__all__ = ["CardInput", "choose_card_file"]

_MAX_CARD_FILE = 64 * 1024
_CARD_FILTER = "Office cards (*.sgcard *.json);;All files (*)"


def choose_card_file(parent: QWidget, name: str, title: str, *, save: bool, default: str = "") -> QFileDialog:
    """A card file dialog to open window-modally (never `exec()`): the caller stays live; tests can answer."""
    dialog = QFileDialog(parent, title, default or QDir.homePath(), _CARD_FILTER)
    dialog.setObjectName(name)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sgcard")
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def _card_text_from(path: Path) -> str:
    """The card file's text (a card is a little JSON); ValueError, with a sentence, when it cannot be one."""
    try:
        return read_limited(path, _MAX_CARD_FILE).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not an SG Desktop office card.") from None
    except UnreadableFile as exc:
        raise ValueError(f"The card file {path.name} {exc.reason}.") from None


class CardInput(QWidget):
    """A card pasted (`sgcard1:…`) or read from a file, checked as it changes; optionally an `age1…` key."""

    changed = Signal()

    def __init__(self, parent: QWidget, prefix: str, read: Callable[[str], OfficeCard], *,
                 allow_age: bool) -> None:
        super().__init__(parent)
        self._read = read
        self._allow_age = allow_age
        self.value: OfficeCard | str | None = None
        self.problem = ""
        self.open_button = QPushButton("Open card file…", self)
        self.open_button.setObjectName(f"{prefix}OpenFile")
        self.open_button.clicked.connect(self._open_file)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName(f"{prefix}Text")
        self.text.setAccessibleName("Office card text")
        self.text.setPlaceholderText(
            "Paste the card here: one line starting sgcard1:"
            + (" — or an age1… recipient" if allow_age else "")
        )
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(74)
        self.text.textChanged.connect(self._parse)
        self.error = label("", self, "error", f"{prefix}Problem")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(label("or paste it below.", self, "hint"), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text)
        layout.addWidget(self.error)

    def clear(self) -> None:
        """Forget the text."""
        self.text.clear()

    def _open_file(self) -> None:
        dialog = choose_card_file(self, "cardFileDialog", "Open an office card", save=False)
        dialog.fileSelected.connect(self._file_chosen)
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        try:
            self.text.setPlainText(_card_text_from(Path(path)))
        except ValueError as exc:
            self.text.clear()
            self._show_problem(str(exc))

    def _parse(self) -> None:
        text = self.text.toPlainText().strip()
        self.value, self.problem = None, ""
        if text and self._allow_age and text.startswith("age1"):
            self.value = text
        elif text:
            try:
                self.value = self._read(text)
            except SgError as exc:
                self.problem = str(exc)
        self._show_problem(self.problem)
        self.changed.emit()

    def _show_problem(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
