"""The Audit window's filter bar: from and to days, the kind of event, the office, and an alert's reference.

Each day is a date field switched on by its box (off: no bound); the kind and the office are lists; the
reference is typed (entries of alerts whose reference holds the text, in any case). `changed` is emitted
at once for a list or a day, and when typing pauses for the reference.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from sg_desktop.app.audit_view import AuditQuery, EventKind
from sg_desktop.ui.shared.date_field import DateField

__all__ = ["ANY_KIND", "ANY_OFFICE", "AuditFilterBar"]

ANY_KIND = "Every kind of event"
ANY_OFFICE = "Any office"
_TYPING_PAUSE_MS = 250


class AuditFilterBar(QWidget):
    """The filters; `query()` is what they say now."""

    changed = Signal()

    def __init__(self, kinds: tuple[EventKind, ...], offices: list[str], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilters")
        self.since_on = QCheckBox("&From", self)
        self.since_on.setObjectName("auditSinceOn")
        self.since_on.setToolTip("Only entries on or after this day")
        self.since = DateField("auditSince", "From day", today, self)
        self.since.set_value(today - timedelta(days=30))
        self.until_on = QCheckBox("&To", self)
        self.until_on.setObjectName("auditUntilOn")
        self.until_on.setToolTip("Only entries on or before this day")
        self.until = DateField("auditUntil", "To day", today, self)
        for field in (self.since, self.until):
            field.setEnabled(False)

        self.kind = QComboBox(self)
        self.kind.setObjectName("auditKind")
        self.kind.setAccessibleName("Kind of event")
        self.kind.addItem(ANY_KIND, "")
        for kind in kinds:
            self.kind.addItem(kind.label, kind.key)
        self.office = QComboBox(self)
        self.office.setObjectName("auditOffice")
        self.office.setAccessibleName("Office")
        self.office.addItem(ANY_OFFICE, "")
        for name in offices:
            self.office.addItem(name, name)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("auditAlert")
        self.reference.setAccessibleName("Alert reference")
        self.reference.setPlaceholderText("Reference, e.g. LGA-2026-0042")
        self.reference.setClearButtonEnabled(True)
        self.reference.setMaxLength(80)
        self.clear_button = QPushButton("C&lear filters", self)
        self.clear_button.setObjectName("auditClearFilters")
        self.clear_button.setAutoDefault(False)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(_TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self._build()
        self.since_on.toggled.connect(self._since_toggled)
        self.until_on.toggled.connect(self._until_toggled)
        self.since.value_changed.connect(lambda _d: self._day_changed(self.since_on))
        self.until.value_changed.connect(lambda _d: self._day_changed(self.until_on))
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.office.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.reference.textChanged.connect(lambda _t: self._typing.start())
        self.clear_button.clicked.connect(self.reset)

    def _build(self) -> None:
        # Two rows: what the entries are about (kind, office, alert), then the days; each date field says the
        # day it understood under it, so the days have a row of their own.
        kind_label, office_label, alert_label = (QLabel(text, self) for text in ("&Kind", "&Office", "&Alert"))
        for caption, buddy in ((kind_label, self.kind), (office_label, self.office), (alert_label, self.reference)):
            caption.setBuddy(buddy)
        for combo in (self.kind, self.office):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self.reference.setMinimumWidth(220)
        about = QHBoxLayout()
        about.setSpacing(8)
        for widget in (kind_label, self.kind, office_label, self.office, alert_label):
            about.addWidget(widget)
        about.addWidget(self.reference, 1)
        about.addWidget(self.clear_button)
        days = QHBoxLayout()
        days.setSpacing(8)
        for day_part in (self.since_on, self.since, self.until_on, self.until):
            days.addWidget(day_part, 0, Qt.AlignmentFlag.AlignTop)
        days.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(about)
        layout.addLayout(days)

    # -- the contract ----------------------------------------------------------------------------------

    def query(self) -> AuditQuery:
        """What the filters say now."""
        return AuditQuery(
            since=self.since.value() if self.since_on.isChecked() else None,
            until=self.until.value() if self.until_on.isChecked() else None,
            kind=str(self.kind.currentData() or ""),
            office=str(self.office.currentData() or ""),
            reference=self.reference.text().strip(),
        )

    def problem(self) -> str:
        """Why the filters cannot match anything ("" when they can)."""
        q = self.query()
        if q.since is not None and q.until is not None and q.until < q.since:
            return "The To day is before the From day: no entry can match."
        return ""

    def reset(self) -> None:
        """Every entry: no days, any kind, any office, no reference."""
        for box in (self.since_on, self.until_on):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        for field in (self.since, self.until):
            field.setEnabled(False)
        for combo in (self.kind, self.office):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reference.blockSignals(True)
        self.reference.clear()
        self.reference.blockSignals(False)
        self._typing.stop()
        self.changed.emit()

    def flush(self) -> None:
        """Apply a reference still being typed now, not after the pause."""
        if self._typing.isActive():
            self._typing.stop()
            self.changed.emit()

    # -- reacting --------------------------------------------------------------------------------------

    def _since_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.changed.emit()

    def _until_toggled(self, on: bool) -> None:
        self.until.setEnabled(on)
        self.changed.emit()

    def _day_changed(self, box: QCheckBox) -> None:
        if box.isChecked():
            self.changed.emit()
