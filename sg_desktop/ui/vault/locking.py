"""When to lock the vault without being asked: after idle time, and when the machine sleeps or the session locks.

What SG Desktop can detect, platform by platform (Qt has no portable "the machine is going to sleep" or
"the screen was locked" signal, so each is reached where the platform publishes it):

- Everywhere: **idle time** — an event filter on the application sees every key press, mouse button,
  mouse move, wheel and touch in any of our windows; nothing for the set time locks. Activity in other
  applications does not count (Qt cannot see it, and a vault left open in the background should lock).
- Everywhere: Qt's application state `Qt.ApplicationSuspended` (sent on platforms that suspend apps).
  Merely losing focus (`ApplicationInactive`, `QEvent.ApplicationDeactivate`) is *not* a lock: officers
  switch to their e-mail all day.
- Linux and other D-Bus desktops: systemd-logind's `PrepareForSleep(true)` (suspend or hibernate) and
  its session `Lock` signal (`loginctl lock-session`, sent by most desktops' lock screens) on the system
  bus; `org.freedesktop.ScreenSaver` / `org.gnome.ScreenSaver` `ActiveChanged(true)` on the session bus.
- Windows: `WM_POWERBROADCAST` / `PBT_APMSUSPEND` (sleep) and `WM_WTSSESSION_CHANGE` / `WTS_SESSION_LOCK`
  (Win+L), through a native event filter, after registering the window for session notifications.
- macOS: sleep and screen-lock notifications are Cocoa-only (NSWorkspace); Qt does not relay them, so
  on macOS only idle time and the Lock action apply.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

__all__ = ["ACTIVITY_EVENTS", "IdleWatcher", "SystemLockWatcher"]

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
    QEvent.Type.ShortcutOverride,
})

_LOGIN1 = "org.freedesktop.login1"


class IdleWatcher(QObject):
    """Emits `idle` once after `timeout_seconds` without keyboard or mouse activity anywhere in the application."""

    idle = Signal()

    def __init__(self, app: QCoreApplication, timeout_seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setObjectName("idleTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self.set_timeout(timeout_seconds)
        app.installEventFilter(self)

    def set_timeout(self, seconds: float) -> None:
        """Change the idle time; a running countdown starts again with the new length."""
        self._timer.setInterval(max(1, round(seconds * 1000)))
        if self._timer.isActive():
            self._timer.start()

    @property
    def timeout_seconds(self) -> float:
        """The idle time after which `idle` is emitted."""
        return self._timer.interval() / 1000

    @property
    def active(self) -> bool:
        """Whether the countdown is running (it is stopped while the vault is locked)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start (or restart) the countdown."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (nothing to protect while locked)."""
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Restart the countdown on user activity; never consumes the event."""
        if self._timer.isActive() and event.type() in ACTIVITY_EVENTS:
            self._timer.start()
        return False

    def _expired(self) -> None:
        self.idle.emit()

    def uninstall(self) -> None:
        """Remove the application-wide event filter (on exit)."""
        self._timer.stop()
        self._app.removeEventFilter(self)


class SystemLockWatcher(QObject):
    """Emits `lock_requested(reason)` when the platform says the machine sleeps or the session locks.

    `system_bus` and `session_bus` default to the platform's D-Bus buses (tests hand in a private one);
    `detected` lists, in words, what this machine can actually report.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        app: QGuiApplication,
        *,
        system_bus: QDBusConnection | None = None,
        session_bus: QDBusConnection | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.detected: list[str] = []
        self._native_filter: _WindowsSessionFilter | None = None
        app.applicationStateChanged.connect(self._on_state)
        if sys.platform == "win32":
            self._native_filter = _WindowsSessionFilter(self._report)
            app.installNativeEventFilter(self._native_filter)
            self.detected += ["the computer going to sleep", "the session locking (Win+L)"]
        else:
            self._connect_dbus(system_bus, session_bus)

    def attach_window(self, window: QWidget) -> None:
        """Ask Windows to tell `window` when the session locks (other platforms need no window)."""
        if self._native_filter is not None:
            _register_session_notification(int(window.winId()))

    # -- D-Bus --------------------------------------------------------------------------------

    def _connect_dbus(self, system_bus: QDBusConnection | None, session_bus: QDBusConnection | None) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus: idle time and the Lock action still work
            return
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        # Keep the connections: a QDBusConnection copy going away would not end the subscription,
        # but holding them documents what this object listens to.
        self._buses = (system, session)
        if system.isConnected():
            if _listen(system, _LOGIN1, "/org/freedesktop/login1", f"{_LOGIN1}.Manager", "PrepareForSleep",
                       self, "onPrepareForSleep(bool)"):
                self.detected.append("the computer going to sleep")
            if _listen(system, _LOGIN1, _own_session_path(system), f"{_LOGIN1}.Session", "Lock",
                       self, "onSessionLock()"):
                self.detected.append("the session locking")
        if session.isConnected():
            hooked = False
            for name in ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"):
                hooked |= _listen(session, "", "", name, "ActiveChanged", self, "onScreenSaver(bool)")
            if hooked:
                self.detected.append("the screen locker starting")

    @Slot(bool)
    def onPrepareForSleep(self, going_to_sleep: bool) -> None:
        """logind: the machine is about to sleep (True) or has woken (False)."""
        if going_to_sleep:
            self._report("sleep")

    @Slot()
    def onSessionLock(self) -> None:
        """logind: this session was asked to lock."""
        self._report("session-lock")

    @Slot(bool)
    def onScreenSaver(self, active: bool) -> None:
        """The desktop's screen locker started (True) or stopped (False)."""
        if active:
            self._report("screen-locker")

    # -- everything else ----------------------------------------------------------------------

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self._report("suspended")

    def _report(self, reason: str) -> None:
        self.lock_requested.emit(reason)


def _listen(bus: QDBusConnection, service: str, path: str, interface: str, name: str, receiver: QObject,
            slot: str) -> bool:
    """Deliver the D-Bus signal `name` to `receiver`'s slot with this signature; True if the bus accepted."""
    # The stubs of PySide6 6.11 declare the slot as bytes, yet at run time connect() raises ValueError for
    # bytes and accepts only SLOT()'s str: the stubs are overruled here, in one place.
    return bool(bus.connect(service, path, interface, name, receiver, SLOT(slot)))  # type: ignore[call-overload]


def _own_session_path(system_bus: QDBusConnection) -> str:
    """The logind object of the session this process runs in, or "" (any session) if logind will not say."""
    from PySide6.QtDBus import QDBus, QDBusMessage

    call = QDBusMessage.createMethodCall(_LOGIN1, "/org/freedesktop/login1", f"{_LOGIN1}.Manager",
                                         "GetSessionByPID")
    call.setArguments([os.getpid()])
    reply = system_bus.call(call, QDBus.CallMode.Block, 500)
    if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
        path = reply.arguments()[0]
        return str(path.path()) if hasattr(path, "path") else str(path)
    # A process outside any login session (a service, a container): "" also catches other sessions'
    # locks, which errs on the side of locking.
    return ""


# -- Windows ----------------------------------------------------------------------------------------

_WM_POWERBROADCAST = 0x0218
_PBT_APMSUSPEND = 0x0004
_WM_WTSSESSION_CHANGE = 0x02B1
_WTS_SESSION_LOCK = 0x7
_NOTIFY_FOR_THIS_SESSION = 0


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    """Reads raw Windows messages for sleep and session lock (Qt turns neither into an event)."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__()
        self._report = report

    def nativeEventFilter(self, event_type: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> tuple[bool, int]:
        """Spot the two messages; never swallow them."""
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == _WM_POWERBROADCAST and msg.wParam == _PBT_APMSUSPEND:
                self._report("sleep")
            elif msg.message == _WM_WTSSESSION_CHANGE and msg.wParam == _WTS_SESSION_LOCK:
                self._report("session-lock")
        return False, 0


def _register_session_notification(hwnd: int) -> None:
    windll = getattr(ctypes, "windll", None)
    if windll is not None:
        windll.wtsapi32.WTSRegisterSessionNotification(hwnd, _NOTIFY_FOR_THIS_SESSION)
