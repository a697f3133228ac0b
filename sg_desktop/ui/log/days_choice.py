"""The "next milestone within" filter as a choice of spans ("Any date", "Next 7 days", …), not a number box
where 0 meant "any date"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

__all__ = ["SPANS", "DaysChoice"]

SPANS = (7, 14, 30, 60, 90, 180, 365)


def _words(days: int) -> str:
    if days == 0:
        return "Any date"
    if days == 1:
        return "Today or tomorrow"
    return f"Next {days} days"


class DaysChoice(QComboBox):
    """A span of days ahead, 0 for any date; `value()`, `setValue()` and `valueChanged(int)` as a spin box has.

    A span that is not on the list (the coming-up horizon set in Preferences, say) is added in its place.
    """

    valueChanged = Signal(int)  # named as a spin box's signal, which the window and tests use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for days in (0, *SPANS):
            self.addItem(_words(days), days)
        self.currentIndexChanged.connect(lambda _index: self.valueChanged.emit(self.value()))

    def value(self) -> int:
        """The span chosen, in days (0: any date)."""
        data = self.currentData()
        return int(data) if isinstance(data, int) else 0

    def setValue(self, days: int) -> None:
        """Choose the span of `days` days, adding it to the list if it is not there."""
        days = max(0, int(days))
        index = self.findData(days)
        if index < 0:
            index = next((i for i in range(self.count()) if int(self.itemData(i)) > days), self.count())
            self.insertItem(index, _words(days), days)
        self.setCurrentIndex(index)
