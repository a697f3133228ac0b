"""The retention period in Preferences: months after closing before a closed alert comes up for review.

Unlike the other preferences it lives in the vault, not in this computer's settings: it decides when records about
children's cases are removed, so every officer (and every command) using the vault counts from the same one.
It can be changed only while the vault is unlocked; a change is audited (the numbers, nothing else).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QWidget

from sg_desktop.app.retention import RetentionService
from sg_desktop.domain.retention import DEFAULT_RETENTION_MONTHS, MAX_MONTHS, MIN_MONTHS

__all__ = ["RetentionPeriodField"]


class RetentionPeriodField:
    """The spin box and its hint, for a form; `save()` stores a changed period in the vault."""

    def __init__(self, retention: RetentionService | None, parent: QWidget) -> None:
        self._retention = retention
        self.box = QSpinBox(parent)
        self.box.setObjectName("retentionMonths")
        self.box.setAccessibleName("Review closed alerts this many months after closing")
        self.box.setRange(MIN_MONTHS, MAX_MONTHS)
        self.box.setSuffix(" months")
        self.box.setValue(retention.months if retention is not None else DEFAULT_RETENTION_MONTHS)
        self.box.setEnabled(retention is not None)
        if retention is not None:
            words = ("after closing, for all who use this vault: records about children's cases are kept no longer "
                     "than needed.")
        else:
            words = "after closing. Unlock the vault to change it: it is kept in the vault, for everyone using it."
        self.hint = QLabel(words, parent)
        self.hint.setObjectName("retentionMonthsHint")
        self.hint.setProperty("role", "hint")

    def add_to(self, form: QFormLayout) -> None:
        """Add the field and its hint as two rows of `form`."""
        form.addRow("&Review closed alerts", self.box)
        form.addRow("", self.hint)

    def save(self) -> None:
        """Store the period in the vault if it changed (ValidationError cannot come: the box keeps the range)."""
        if self._retention is not None and self.box.value() != self._retention.months:
            self._retention.set_months(self.box.value())
