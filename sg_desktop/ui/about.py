"""The About dialog: what SG Desktop is, its version, and where its data lives."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sg_desktop import __version__
from sg_desktop.ui.help.sections import offer_help

__all__ = ["AboutDialog"]


class AboutDialog(QDialog):
    """Name, version, purpose, and the versions of what it runs on (for support calls)."""

    def __init__(self, vault_location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About SG Desktop")

        title = QLabel("SG Desktop", self)
        title.setProperty("role", "heading")
        version = QLabel(f"Version {__version__}", self)
        version.setObjectName("aboutVersion")
        blurb = QLabel(
            "The confidential early-alert log for the LGA, ADCS, the political group offices and councils: "
            "timetables of children's safeguarding cases that will reach the news, and the support offered.",
            self,
        )
        blurb.setWordWrap(True)
        where = QLabel(
            f"Alerts are kept only on this computer, in an encrypted vault:<br><tt>{escape(vault_location)}</tt>",
            self,
        )
        where.setTextFormat(Qt.TextFormat.RichText)  # our markup; the folder's name in it is escaped
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        stack = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}", self
        )
        stack.setProperty("role", "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("closeAboutButton")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 14)
        layout.setSpacing(8)
        for widget in (title, version, blurb, where, stack):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.setFixedWidth(480)
        offer_help(self, "getting-help", blurb)
