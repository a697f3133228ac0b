"""What the main window shows while the vault is locked: a short panel saying so, and an Unlock… button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sg_desktop.ui.help.sections import set_help_section

__all__ = ["LockedPage"]


class LockedPage(QWidget):
    """The locked page (object name `lockedPage`); its `unlock_button` (`unlockAgain`) asks for the passphrase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedPage")
        set_help_section(self, "locking")
        panel = QFrame(self)
        panel.setProperty("role", "panel")
        title = QLabel("The vault is locked", panel)
        title.setProperty("role", "heading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("The vault is closed and the log cleared from this window. Unlock it to carry on.", panel)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton("Unlock…", panel)
        self.unlock_button.setObjectName("unlockAgain")
        self.unlock_button.setProperty("role", "primary")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(40, 30, 40, 30)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(hint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        inner.addLayout(row)
        panel.setMaximumWidth(460)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(panel)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
