"""The tray notice: while the application runs and the vault is open, a notification when something new comes
into the coming-up horizon, in counts only.

A notification shows on a locked screen and in the desktop's notification history, outside the vault, so its
text is `tray_text(counts)`: numbers and fixed words, never a reference, council, title or note. It looks on
unlock (what the coming-up panel then shows counts as announced), every hour, and just after midnight when
the day turns; it announces only when an item is there that was not there at the last look. Where the desktop
has no system tray, it does nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QObject, QTime, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from sg_desktop.app.coming_up import OutlookCounts, tray_text

__all__ = ["CHECK_EVERY_MS", "ComingUpTray", "Look"]

CHECK_EVERY_MS = 60 * 60 * 1000

Look = Callable[[], tuple[frozenset[str], OutlookCounts]]
"""What is in the horizon now: an identifier for each item, and the counts."""


class ComingUpTray(QObject):
    """The tray icon and its notices; `announced(title, text)` fires with what was shown."""

    announced = Signal(str, str)
    activated = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None, *,
                 available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable) -> None:
        super().__init__(parent)
        self.setObjectName("comingUpTray")
        self._available = available
        self._icon_image = icon
        self._icon: QSystemTrayIcon | None = None
        self._look: Look | None = None
        self._seen: frozenset[str] = frozenset()
        self.last_message = ""
        self.hourly = QTimer(self)
        self.hourly.setObjectName("comingUpHourly")
        self.hourly.setInterval(CHECK_EVERY_MS)
        self.hourly.timeout.connect(self.check)
        self.midnight = QTimer(self)
        self.midnight.setObjectName("comingUpMidnight")
        self.midnight.setSingleShot(True)
        self.midnight.timeout.connect(self._day_changed)

    @property
    def is_running(self) -> bool:
        """Whether it is watching (a tray exists and a vault is open)."""
        return self._look is not None

    def start(self, look: Look) -> None:
        """Begin watching an unlocked vault; what is there now counts as seen (the panel shows it)."""
        if not self._available():
            return
        if self._icon is None:
            self._icon = QSystemTrayIcon(self._icon_image, self)
            self._icon.setToolTip("SG Desktop")
            self._icon.activated.connect(lambda _reason: self.activated.emit())
        self._icon.show()
        self._look = look
        self._seen, _counts = look()
        self.hourly.start()
        self._arm_midnight()

    def stop(self) -> None:
        """Stop watching and forget what was seen (on lock); the icon goes until the next unlock."""
        self._look = None
        self._seen = frozenset()
        self.hourly.stop()
        self.midnight.stop()
        if self._icon is not None:
            self._icon.hide()

    def check(self) -> bool:
        """Look again; show a notice when something is there that was not at the last look. True if shown."""
        if self._look is None:
            return False
        ids, counts = self._look()
        new = ids - self._seen
        self._seen = ids
        text = tray_text(counts)
        if not new or not text:
            return False
        title = "SG Desktop: something new is coming up"
        self.last_message = text
        if self._icon is not None:
            self._icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        self.announced.emit(title, text)
        return True

    def _day_changed(self) -> None:
        self.check()
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        now = QDateTime.currentDateTime()
        next_day = QDateTime(now.date().addDays(1), QTime(0, 1))
        self.midnight.start(max(60_000, now.msecsTo(next_day)))
