"""An office's fingerprint drawn so two people can read it to each other over the phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

__all__ = ["FingerprintView"]


class FingerprintView(QWidget):
    """A fingerprint as eight numbered groups of five digits, big enough to read aloud over the phone."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "fingerprintView") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._digits = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.45)
        mono.setWeight(QFont.Weight.DemiBold)
        self._groups: list[QLabel] = []
        for i in range(8):
            row, column = divmod(i, 4)
            number = QLabel(str(i + 1), self)
            number.setProperty("role", "hint")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            small = number.font()
            small.setPointSizeF(small.pointSizeF() * 0.8)
            number.setFont(small)
            group = QLabel("", self)
            group.setFont(mono)
            group.setAlignment(Qt.AlignmentFlag.AlignCenter)
            group.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(number, row * 2, column)
            grid.addWidget(group, row * 2 + 1, column)
            self._groups.append(group)
        grid.setColumnStretch(4, 1)

    def set_digits(self, digits: str) -> None:
        """Show these digits ("01234 56789 …"), or nothing for ""."""
        self._digits = digits
        groups = digits.split()
        for i, widget in enumerate(self._groups):
            widget.setText(groups[i] if i < len(groups) else "")
        self.setAccessibleName(f"Fingerprint {digits}" if digits else "No fingerprint")

    def digits(self) -> str:
        """The digits shown."""
        return self._digits
