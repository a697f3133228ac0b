"""The main window's coming-up panel, tray notice and dashboard, opened and closed with the vault.

The window makes one `ForwardLook` and tells it of each unlock (`show_session`: the panel opens once the
window is up, and the tray starts watching) and each lock (`lock`: both windows close and forget their lines,
the tray stops). Its tool bar's Coming up and View ▸ Dashboard call `show_coming_up` and `show_dashboard`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from sg_desktop.app.coming_up import OutlookCounts
from sg_desktop.app.dashboard import LogFilter
from sg_desktop.app.session import Session
from sg_desktop.ui.forward.coming_up import ComingUpPanel
from sg_desktop.ui.forward.dashboard import DashboardWindow, filter_words
from sg_desktop.ui.forward.tray import ComingUpTray
from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shared.theme import icon

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["ForwardLook"]


class ForwardLook(QObject):
    """Coming up, the tray and the dashboard of `window`, over whatever session it shows."""

    def __init__(self, window: MainWindow, preferences: Preferences) -> None:
        super().__init__(window)
        self.setObjectName("forwardLook")
        self._window = window
        self._prefs = preferences
        self._session: Session | None = None
        self.panel: ComingUpPanel | None = None
        self.dashboard: DashboardWindow | None = None
        self.tray = ComingUpTray(icon("upcoming"), self)
        self.tray.activated.connect(self._tray_clicked)

    # -- the window's hooks --------------------------------------------------------------------

    def show_session(self, session: Session | None) -> None:
        """The vault was unlocked: watch it from the tray, and open Coming up once the window is on screen."""
        self._session = session
        if session is None:
            return
        self.tray.start(self._look)
        # After the application has shown and raised the window, so the panel is not left behind it.
        QTimer.singleShot(0, self._show_on_unlock)

    def lock(self) -> None:
        """The vault is locking: close both windows, forget their lines, stop the tray."""
        self._session = None
        self.tray.stop()
        for dialog in (self.panel, self.dashboard):
            if dialog is not None:
                dialog.clear()
                dialog.hide()

    def vault_changed(self) -> None:
        """Something in the vault changed (a save, a deletion, an import, the horizon): read an open Coming up
        panel and dashboard again, so neither shows what is no longer true."""
        session = self._session
        if session is None or session.is_locked:
            return
        if self.panel is not None and self.panel.isVisible():
            self.panel.set_content(session.coming_up.content(self._prefs.horizon_days), session.coming_up.councils)
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.set_dashboard(session.dashboard.dashboard())

    # -- commands ------------------------------------------------------------------------------

    def show_coming_up(self, *, quietly: bool = False) -> None:
        """Open (or bring forward and read again) the coming-up panel, with the keyboard in its list. `quietly`
        (on unlock): only when something is coming up, and leaving the keyboard in the log, where the officer's
        next keystrokes were meant to go; Coming up (Ctrl+U) then brings it to the keyboard."""
        session = self._session
        if session is None or session.is_locked:
            return
        content = session.coming_up.content(self._prefs.horizon_days)
        if quietly and content.is_empty:
            return
        if self.panel is None:
            self.panel = ComingUpPanel(self._window)
            self.panel.open_alert.connect(self._window.open_alert)
        self.panel.set_content(content, session.coming_up.councils)
        self.panel.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, quietly)
        if quietly:
            self.panel.show()
            # Some platforms activate a new window whatever it asks; the log keeps the keyboard regardless.
            # The panel is the log's own dialog, so the window manager keeps it above the log.
            self._window.activateWindow()
            return
        self._bring_up(self.panel)
        self.panel.tree.setFocus()

    def show_dashboard(self) -> None:
        """Open (or bring forward and count again) the dashboard."""
        session = self._session
        if session is None or session.is_locked:
            return
        if self.dashboard is None:
            self.dashboard = DashboardWindow(self._window)
            self.dashboard.filter_chosen.connect(self._filter_log)
            self.dashboard.coming_up_chosen.connect(self.show_coming_up)
            self.dashboard.refresh_requested.connect(self._recount)
        self.dashboard.set_dashboard(session.dashboard.dashboard())
        self._bring_up(self.dashboard)

    # -- inside --------------------------------------------------------------------------------

    def _look(self) -> tuple[frozenset[str], OutlookCounts]:
        session = self._session
        if session is None or session.is_locked:
            return frozenset(), OutlookCounts(self._prefs.horizon_days, 0, 0, 0, 0, 0)
        days = self._prefs.horizon_days
        return session.coming_up.attention_ids(days), session.coming_up.counts(days)

    def _show_on_unlock(self) -> None:
        if self._session is not None and not self._window.is_locked:
            self.show_coming_up(quietly=True)

    def _recount(self) -> None:
        if self.dashboard is not None and self._session is not None and not self._session.is_locked:
            self.dashboard.set_dashboard(self._session.dashboard.dashboard())

    def _filter_log(self, log_filter: LogFilter, _words: str) -> None:
        self._window.filters.show_only(region=log_filter.region, kind=log_filter.kind, status=log_filter.status,
                                       media=log_filter.media, within=log_filter.within_days)
        self._window.statusBar().showMessage(f"The log shows {filter_words(log_filter)}.", 8000)

    def _tray_clicked(self) -> None:
        self._window.show()
        self._window.raise_()
        self._window.activateWindow()
        self.show_coming_up()

    @staticmethod
    def _bring_up(dialog: ComingUpPanel | DashboardWindow) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
