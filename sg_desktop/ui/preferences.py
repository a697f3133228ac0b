"""Preferences: the idle time before the vault locks, how many days ahead "Coming up" looks and how many daily
backups are kept, in QSettings.

Only non-secret values live in QSettings (these three, and window geometry): never a path to a key, a
passphrase, a search, or anything read from the vault. The dialog also sets the retention period, which is the
vault's own setting and is stored there (`ui/retention/period_field.py` says why).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.retention import RetentionService
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.retention.period_field import RetentionPeriodField
from sg_desktop.ui.shared.widgets import button, button_row, primary_button, set_tab_order

__all__ = [
    "DEFAULT_BACKUPS_KEPT",
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_IDLE_MINUTES",
    "MAX_BACKUPS_KEPT",
    "Preferences",
    "PreferencesDialog",
]

DEFAULT_IDLE_MINUTES = 10
DEFAULT_HORIZON_DAYS = 30
_IDLE_KEY = "locking/idle_seconds"
_HORIZON_KEY = "log/horizon_days"
_BACKUPS_KEPT_KEY = "backups/kept"
DEFAULT_BACKUPS_KEPT = 7
MAX_BACKUPS_KEPT = 90
_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"
_SPLITTER_KEY = "window/splitter"
_COLUMNS_KEY = "log/columns"


class Preferences:
    """Typed access to the application's settings (a QSettings handed in, so tests use a scratch file)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @property
    def idle_seconds(self) -> float:
        """Seconds without activity before the vault locks (stored in seconds so tests can use a short one)."""
        value = _number(self._settings.value(_IDLE_KEY), DEFAULT_IDLE_MINUTES * 60.0)
        return value if value > 0 else DEFAULT_IDLE_MINUTES * 60.0

    @idle_seconds.setter
    def idle_seconds(self, seconds: float) -> None:
        self._settings.setValue(_IDLE_KEY, float(seconds))

    @property
    def horizon_days(self) -> int:
        """How far ahead "coming up" looks."""
        value = int(_number(self._settings.value(_HORIZON_KEY), DEFAULT_HORIZON_DAYS))
        return value if 1 <= value <= 730 else DEFAULT_HORIZON_DAYS

    @horizon_days.setter
    def horizon_days(self, days: int) -> None:
        self._settings.setValue(_HORIZON_KEY, int(days))

    @property
    def backups_kept(self) -> int:
        """How many automatic backups are kept (one a day; the oldest beyond these are deleted)."""
        value = int(_number(self._settings.value(_BACKUPS_KEPT_KEY), DEFAULT_BACKUPS_KEPT))
        return value if 1 <= value <= MAX_BACKUPS_KEPT else DEFAULT_BACKUPS_KEPT

    @backups_kept.setter
    def backups_kept(self, count: int) -> None:
        self._settings.setValue(_BACKUPS_KEPT_KEY, int(count))

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None, QByteArray | None]:
        """Saved geometry, tool bar state and splitter sizes of the main window (None if never saved)."""
        geometry, state, splitter = (self._settings.value(k) for k in (_GEOMETRY_KEY, _STATE_KEY, _SPLITTER_KEY))
        return _byte_array(geometry), _byte_array(state), _byte_array(splitter)

    def save_window_state(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray) -> None:
        """Remember the main window's geometry, tool bar state and splitter sizes."""
        self._settings.setValue(_GEOMETRY_KEY, geometry)
        self._settings.setValue(_STATE_KEY, state)
        self._settings.setValue(_SPLITTER_KEY, splitter)

    @property
    def log_columns(self) -> str | None:
        """The log's columns as the officer left them (the text `ColumnLayout` reads), or None."""
        value = self._settings.value(_COLUMNS_KEY)
        return value if isinstance(value, str) else None

    @log_columns.setter
    def log_columns(self, text: str) -> None:
        self._settings.setValue(_COLUMNS_KEY, text)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()


def _count_suffix(box: QSpinBox, unit: str) -> None:
    """Say "1 minute" but "10 minutes" after the number in `box`, as it changes."""

    def follow(value: int) -> None:
        box.setSuffix(f" {unit}" if value == 1 else f" {unit}s")

    box.valueChanged.connect(follow)
    follow(box.value())


def _byte_array(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) else None


def _number(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class PreferencesDialog(QDialog):
    """Edits the idle time, the horizon and the backups kept; `applied` fires after they are saved."""

    applied = Signal()

    def __init__(self, preferences: Preferences, lock_triggers: list[str], parent: QWidget | None = None, *,
                 retention: RetentionService | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences — SG Desktop")
        self._prefs = preferences

        self.idle = QSpinBox(self)
        self.idle.setObjectName("idleMinutes")
        self.idle.setAccessibleName("Lock after this many idle minutes")
        self.idle.setRange(1, 240)
        _count_suffix(self.idle, "minute")
        self.idle.setValue(max(1, round(preferences.idle_seconds / 60)))

        self.horizon = QSpinBox(self)
        self.horizon.setObjectName("horizonDays")
        self.horizon.setAccessibleName("How many days ahead Coming up looks")
        self.horizon.setRange(1, 365)
        _count_suffix(self.horizon, "day")
        self.horizon.setValue(preferences.horizon_days)

        self.backups_kept = QSpinBox(self)
        self.backups_kept.setObjectName("backupsKept")
        self.backups_kept.setAccessibleName("How many daily backups are kept")
        self.backups_kept.setRange(1, MAX_BACKUPS_KEPT)
        _count_suffix(self.backups_kept, "backup")
        self.backups_kept.setValue(preferences.backups_kept)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("&Lock the vault after", self.idle)
        form.addRow("", _hint("of no keyboard or mouse activity in SG Desktop.", self))
        form.addRow("“&Coming up” looks ahead", self.horizon)
        form.addRow("", _hint("How many days ahead View ▸ Coming up and the status bar look.", self))
        form.addRow("&Keep the last", self.backups_kept)
        form.addRow("", _hint("made automatically, at most one a day, as the vault locks or SG Desktop closes "
                              "(File ▸ Backups…).", self))
        self.retention = RetentionPeriodField(retention, self)
        self.retention.add_to(form)

        if lock_triggers:
            also_text = f"The vault also locks on Ctrl+L and on {', '.join(lock_triggers)}."
        else:
            also_text = ("The vault also locks on Ctrl+L. This computer does not tell SG Desktop when it sleeps "
                         "or the screen locks, so lock it yourself before you step away.")
        also = _hint(also_text, self)
        also.setObjectName("lockTriggers")
        also.setWordWrap(True)

        # Laid out as the other dialogs are, whatever the desktop's habit: Cancel, then Save last.
        cancel = button("Cancel", "cancelPreferencesButton", self, self.reject)
        save = primary_button("&Save", "savePreferencesButton", self, self.accept)
        save.setDefault(True)
        buttons = button_row(end=[cancel, save])
        set_tab_order(self.idle, self.horizon, self.backups_kept, self.retention.box, cancel, save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        purpose = _hint("How SG Desktop behaves: when the vault locks by itself, how far ahead it looks, how many "
                        "backups it keeps and when closed alerts come up for review.", self)
        purpose.setWordWrap(True)
        layout.addWidget(purpose)
        layout.addLayout(form)
        layout.addWidget(also)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        offer_help(self, "preferences", purpose)

    def accept(self) -> None:
        """Save the values, tell the window, close."""
        self._prefs.idle_seconds = self.idle.value() * 60.0
        self._prefs.horizon_days = self.horizon.value()
        self._prefs.backups_kept = self.backups_kept.value()
        self.retention.save()  # in the vault, not in QSettings (see period_field)
        self._prefs.sync()
        self.applied.emit()
        super().accept()


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "hint")
    return label
