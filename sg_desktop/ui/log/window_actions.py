"""The main window's commands: each action with its keys, tip and icon, and the menus and tool bar showing them.

The actions belong to the window, so their shortcuts work anywhere in it, except the keys that must act on
the alert table only (Enter, Return and Del: in the search box they keep editing the text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QSizePolicy, QTableView, QWidget

from sg_desktop.ui.audit.audit_window import open_audit
from sg_desktop.ui.forward.calendar_dialog import open_calendar, open_table_csv
from sg_desktop.ui.forward.report_dialog import open_briefing
from sg_desktop.ui.help.sections import open_user_guide, section_here, set_help_section
from sg_desktop.ui.log.columns import add_columns_submenu
from sg_desktop.ui.shared.theme import icon
from sg_desktop.ui.vault.backup_keeper import DEMO_HAS_NO_BACKUPS, open_backups
from sg_desktop.ui.vault.change_passphrase import DEMO_HAS_NO_PASSPHRASE

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["WindowActions"]

# What an action may be connected to: `triggered(bool)` passes the checked state only to a slot that takes it.
_Slot = Callable[[], object] | Callable[[bool], object]


class WindowActions:
    """The actions of `window`, each triggering one of its public methods or signals, and its menus and tool bar.

    `vault_actions` are the ones that need an unlocked vault (the window disables them while it is locked);
    in the demo, changing the passphrase is never enabled and its tip says why.
    """

    def __init__(self, window: MainWindow, table: QTableView, *, demo: bool) -> None:
        self._window = window
        self._table = table
        self.new = self._action("actionNewAlert", "&New alert…", "Ctrl+N", window.new_alert,
                                "Log a new alert", "new")
        self.edit = self._action("actionEditAlert", "&Edit alert…", "Ctrl+E", window.edit_alert,
                                 "Edit the selected alert", "edit")
        self.delete = self._action("actionDeleteAlert", "&Delete alert…", None, window.delete_alert,
                                   "Delete the selected alert", "delete")
        self.delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete.setToolTip("Delete the selected alert (Del)")
        # Enter and Del act on the table only: in the search box they must keep editing the text.
        for key, action in ((Qt.Key.Key_Return, self.edit), (Qt.Key.Key_Enter, self.edit)):
            extra = QAction(action.text(), table)
            extra.setShortcut(QKeySequence(key))
            extra.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            extra.triggered.connect(action.trigger)
            table.addAction(extra)
        self.delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.removeAction(self.delete)
        table.addAction(self.delete)
        self.lock = self._action("actionLock", "&Lock", "Ctrl+L", lambda: window.lock_requested.emit("request"),
                                 "Lock the vault now", "lock")
        self.change_passphrase = self._action(
            "actionChangePassphrase", "Change pa&ssphrase…", "Ctrl+Shift+P",
            lambda: window.change_passphrase_requested.emit(), "Choose a new passphrase for this vault", "key")
        self.preferences = self._action("actionPreferences", "&Preferences…", "Ctrl+,",
                                        window.show_preferences,
                                        "When the vault locks, and how many days ahead “Coming up” looks")
        self.quit = self._action("actionQuit", "&Quit", "Ctrl+Q", window.close, "Lock the vault and quit")
        self.briefing = self._action("actionBriefingReport", "&Briefing report…", "Ctrl+P",
                                     lambda: open_briefing(window),
                                     "The weeks ahead as a PDF or on paper, for briefing leaders")
        self.find = self._action("actionFind", "&Find…", "Ctrl+F", window.focus_search,
                                 "Search the alert log", "search")
        self.coming_up = self._action("actionComingUp", "&Coming up", "Ctrl+U", window.outlook.show_coming_up,
                                      "Milestones, follow-ups and dates to confirm in the days ahead (how many: "
                                      "Preferences)", "upcoming")
        self.dashboard = self._action("actionDashboard", "Dash&board", "Ctrl+3", window.outlook.show_dashboard,
                                      "Open alerts, milestones ahead and support offers, counted")
        self.clear_filters = self._action("actionClearFilters", "Cl&ear filters", "Ctrl+Shift+L",
                                          window.filters.reset, "Show every alert")
        self.refresh = self._action("actionRefresh", "Re&fresh", "F5", window.refresh, "Read the log again")
        self.details = self._action("actionShowDetails", "&Details pane", "F9", window.show_details,
                                    "Show or hide the details pane")
        self.details.setCheckable(True)
        self.details.setChecked(True)
        self.about = self._action("actionAbout", "&About SG Desktop", None, window.show_about,
                                  "Version and where the vault is")
        # F1 is the user guide, as in most applications, at the part about what has the focus; the list of
        # keys moves to Ctrl+/, the key many applications give it.
        self.user_guide = self._action("actionUserGuide", "&User guide", QKeySequence.StandardKey.HelpContents,
                                       lambda: open_user_guide(section_here(window)),
                                       "How to use SG Desktop, step by step, at the part about where you are")
        self.shortcuts = self._action("actionShortcuts", "&Keyboard shortcuts", "Ctrl+/", window.show_shortcuts,
                                      "Every key SG Desktop answers to")
        set_help_section(window, "alert-log")
        set_help_section(table, "alert-log")
        # The log's two views, one checked at a time.
        self.show_log = self._action("actionShowLog", "&Log", "Ctrl+1", lambda: window.show_view(False),
                                     "The alert log as a table")
        self.show_timeline = self._action("actionShowTimeline", "&Timeline", "Ctrl+2",
                                          lambda: window.show_view(True), "The weeks ahead, milestone by milestone")
        views = QActionGroup(window)
        for view in (self.show_log, self.show_timeline):
            view.setCheckable(True)
            views.addAction(view)
        self.show_log.setChecked(True)
        self.vault_actions: tuple[QAction, ...] = (
            self.new, self.edit, self.delete, self.lock, self.find, self.coming_up, self.clear_filters,
            self.refresh,
        )
        if demo:
            self.change_passphrase.setEnabled(False)
            self.change_passphrase.setToolTip(DEMO_HAS_NO_PASSPHRASE)
            self.change_passphrase.setStatusTip(DEMO_HAS_NO_PASSPHRASE)
        else:
            self.vault_actions += (self.change_passphrase,)
        self.vault_actions += (self.show_log, self.show_timeline, self.dashboard)
        self.vault_actions += (self.briefing,)
        self.export_calendar = self._action("actionExportCalendar", "Export &calendar…", None,
                                            lambda: open_calendar(window),
                                            "The milestones of the weeks ahead as a calendar file (not encrypted)")
        self.export_csv = self._action("actionExportCsv", "Export &table as CSV…", None,
                                       lambda: open_table_csv(window),
                                       "The log as it shows now, as a spreadsheet file (not encrypted)")
        self.vault_actions += (self.export_calendar, self.export_csv)
        self.audit_trail = self._action("actionAuditTrail", "&Audit trail…", "Ctrl+Shift+A", lambda: open_audit(window),
                                        "Every change, file sent or received, unlock and lock; and the chain checked")
        self.vault_actions += (self.audit_trail,)
        self.backups = self._action("actionBackups", "Bac&kups…", None, lambda: open_backups(window),
                                    "The vault's backups: make one now, or restore one")
        if demo:
            self.backups.setEnabled(False)
            self.backups.setToolTip(DEMO_HAS_NO_BACKUPS)
            self.backups.setStatusTip(DEMO_HAS_NO_BACKUPS)
        else:
            self.vault_actions += (self.backups,)

    def _action(self, name: str, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: _Slot,
                tip: str, icon_name: str = "") -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if shortcut is not None else tip)
        action.setStatusTip(tip)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def add_menus_and_tool_bar(self) -> None:
        """Fill the window's menu bar (File, Edit, View, Help) and add its main tool bar (`mainToolBar`)."""
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("menuFile")
        file_menu.addActions([self.new, self.lock])
        file_menu.addSeparator()
        file_menu.addAction(self.briefing)
        file_menu.addActions([self.export_calendar, self.export_csv])
        file_menu.addSeparator()
        file_menu.addActions([self.change_passphrase, self.backups, self.preferences])
        file_menu.setToolTipsVisible(True)  # so the demo can say why it cannot change a passphrase
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.setObjectName("menuEdit")
        edit_menu.addActions([self.edit, self.delete])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)
        view_menu = bar.addMenu("&View")
        view_menu.setObjectName("menuView")
        view_menu.addActions([self.show_log, self.show_timeline, self.dashboard])
        view_menu.addAction(self.audit_trail)
        view_menu.addSeparator()
        view_menu.addActions([self.coming_up, self.clear_filters])
        view_menu.addSeparator()
        add_columns_submenu(view_menu, self._table, self._window.remember_columns)
        view_menu.addActions([self.details, self.refresh])
        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("menuHelp")
        help_menu.addActions([self.user_guide, self.shortcuts])
        help_menu.addSeparator()
        help_menu.addAction(self.about)

        tools = self._window.addToolBar("Main")
        tools.setObjectName("mainToolBar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addActions([self.new, self.edit, self.delete])
        tools.addSeparator()
        tools.addAction(self.coming_up)
        spacer = QWidget(tools)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tools.addWidget(spacer)
        tools.addAction(self.lock)
