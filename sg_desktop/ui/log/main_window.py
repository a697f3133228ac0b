"""The main window: the alert log with its filters, the details pane, menus, tool bar and status bar.

Its parts are in this room too: the table view (`alert_table`), the commands with their menus and tool bar
(`window_actions`), the status bar and remembered geometry (`window_frame`) and the page shown while the
vault is locked (`locked_page`). View ▸ Timeline shows the forward look's timeline in the table's place,
following the same search and filters.

The window does not own the vault: the application hands it a session with `show_session` and takes
it away with `lock_view` (which drops every row, the details, open editors and the typed search), then
locks the session itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.alerts import AlertService
from sg_desktop.app.session import Session
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.about import AboutDialog
from sg_desktop.ui.exchange.actions import close_exchange_dialogs, install_exchange_actions
from sg_desktop.ui.forward.forward_look import ForwardLook
from sg_desktop.ui.forward.timeline import TimelineView
from sg_desktop.ui.lessons.actions import install_lesson_actions
from sg_desktop.ui.log.alert_table import alert_table
from sg_desktop.ui.log.columns import ColumnLayout, install_header_menu
from sg_desktop.ui.log.details_pane import DetailsPane
from sg_desktop.ui.log.empty_state import EmptyLog, EmptyReason
from sg_desktop.ui.log.filters import FilterBar
from sg_desktop.ui.log.locked_page import LockedPage
from sg_desktop.ui.log.table_model import ALERT_ID_ROLE, AlertTableModel, Column
from sg_desktop.ui.log.window_actions import WindowActions
from sg_desktop.ui.log.window_frame import add_status_labels, restore_window
from sg_desktop.ui.preferences import Preferences, PreferencesDialog
from sg_desktop.ui.retention.actions import install_retention_action
from sg_desktop.ui.shared.formatting import count_text
from sg_desktop.ui.shared.prompts import CONFIRM_DELETE, ask_delete
from sg_desktop.ui.shortcuts import ShortcutsDialog

if TYPE_CHECKING:
    from sg_desktop.ui.editor.alert_editor import AlertEditorDialog

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """The alert log. Emits `lock_requested(reason)`, `unlock_requested()`, `change_passphrase_requested()`,
    `quit_requested()` and `alert_stored(before or None, as stored)` when an editor saves."""

    lock_requested = Signal(str)
    unlock_requested = Signal()
    change_passphrase_requested = Signal()
    quit_requested = Signal()
    preferences_changed = Signal()
    alert_stored = Signal(object, object)

    def __init__(
        self,
        preferences: Preferences,
        *,
        vault_location: str,
        demo: bool = False,
        lock_triggers: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._prefs = preferences
        self._location = vault_location
        self._demo = demo
        self._lock_triggers = lock_triggers or []
        self._service: AlertService | None = None
        self._session: Session | None = None
        self._office = ""
        self._editors: list[AlertEditorDialog] = []
        self._dialogs: list[QDialog] = []
        self._remembered: tuple[str, int] | None = None
        self._coming_up_count = 0

        self.model = AlertTableModel(self)
        self.model.setObjectName("alertModel")
        self.filters = FilterBar(self)
        self.table = alert_table(self.model, self)
        # Tab leaves the log for the details, as everywhere else; the arrow keys move between rows and columns.
        self.table.setTabKeyNavigation(False)
        ColumnLayout.from_text(self._prefs.log_columns).apply(self.table)
        install_header_menu(self.table, self.remember_columns)
        self.empty = EmptyLog(self.table, self._empty_log_action)
        self.details = DetailsPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("logSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.details.setMinimumWidth(300)
        self.timeline = TimelineView(self)
        self.timeline.open_alert.connect(self.open_alert)
        self.timeline.alert_chosen.connect(self.select_alert)  # Edit and Delete act on the mark chosen
        self.views = QStackedWidget(self)
        self.views.setObjectName("logViews")
        self.views.addWidget(self.splitter)
        self.views.addWidget(self.timeline)

        content = QWidget(self)
        content.setObjectName("logPage")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if demo:
            banner = QLabel(
                "DEMO — invented alerts on fictional councils. This vault is deleted when you quit.", content
            )
            banner.setObjectName("demoBanner")
            banner.setProperty("role", "banner")
            layout.addWidget(banner)
        layout.addWidget(self.filters)
        layout.addWidget(self.views, 1)

        locked = LockedPage(self)
        self.unlock_button = locked.unlock_button
        self.unlock_button.clicked.connect(self.unlock_requested)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(content)
        self.pages.addWidget(locked)
        self.setCentralWidget(self.pages)

        self.outlook = ForwardLook(self, self._prefs)  # Coming up, the tray and the dashboard
        actions = WindowActions(self, self.table, demo=demo)
        actions.add_menus_and_tool_bar()
        # Public, for tests and for the Exchange menu (which puts its buttons after Coming up).
        self.action_new, self.action_edit, self.action_delete = actions.new, actions.edit, actions.delete
        self.action_lock, self.action_quit = actions.lock, actions.quit
        self.action_change_passphrase, self.action_preferences = actions.change_passphrase, actions.preferences
        self.action_find, self.action_refresh = actions.find, actions.refresh
        self.action_coming_up, self.action_clear_filters = actions.coming_up, actions.clear_filters
        self.action_details, self.action_about = actions.details, actions.about
        self.action_show_log, self.action_show_timeline = actions.show_log, actions.show_timeline
        self._vault_actions = actions.vault_actions
        install_exchange_actions(self)
        install_lesson_actions(self)
        install_retention_action(self)
        self.count_label, self.coming_label, self.office_label = add_status_labels(self)

        self.filters.changed.connect(self._filters_changed)
        self.model.counts_changed.connect(self._update_counts)
        self.model.modelReset.connect(self._model_reset)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_alert())

        restore_window(self, self.splitter, self._prefs)
        self._set_locked_look(True)

    # -- construction --------------------------------------------------------------------------

    # -- the session ---------------------------------------------------------------------------

    @property
    def service(self) -> AlertService | None:
        """The alert service of the unlocked vault, or None while locked."""
        return self._service

    @property
    def session(self) -> Session | None:
        """The unlocked vault's session (offices, exports, imports), or None while locked."""
        return self._session

    @property
    def is_locked(self) -> bool:
        """Whether the window shows the locked page."""
        return self._service is None

    def show_session(self, service: AlertService, office_name: str, session: Session | None = None) -> None:
        """Show the log of an unlocked vault, reselecting the alert selected before it locked."""
        self._service = service
        self._session = session
        self._office = office_name
        self.filters.set_directory(service.councils)
        self.model.set_filter(self.filters.query())
        self.model.set_service(service)
        self.timeline.set_source(session.forward if session is not None else None, self.filters.query())
        self.outlook.show_session(session)
        self._count_coming_up()
        self._set_locked_look(False)
        if self._remembered is not None:
            alert_id, row = self._remembered
            self._remembered = None
            self.select_alert(alert_id, hint=row)
        elif self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setFocus()

    def lock_view(self) -> None:
        """Forget everything read from the vault: editors, rows, details, typed search; show the locked page."""
        current = self.table.currentIndex()
        if current.isValid() and self._service is not None:
            alert_id = self.model.data(current, ALERT_ID_ROLE)
            if alert_id:
                self._remembered = (str(alert_id), current.row())
        for editor in list(self._editors):
            editor.force_close()
        self._editors.clear()
        close_exchange_dialogs(self)
        for dialog in list(self._dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
        self._dialogs.clear()
        self._service = None
        self._session = None
        self.model.clear()
        self.timeline.set_source(None)
        self.outlook.lock()
        self.details.clear()
        self.filters.forget_search()
        self._coming_up_count = 0
        self._set_locked_look(True)

    def _set_locked_look(self, locked: bool) -> None:
        self.pages.setCurrentIndex(1 if locked else 0)
        for action in self._vault_actions:
            action.setEnabled(not locked)
        self.unlock_button.setFocus()
        title = "SG Desktop"
        if self._demo:
            title += " — DEMO (fictional data)"
        elif self._office:
            title += f" — {self._office}"
        self.setWindowTitle(title + (" — locked" if locked else ""))
        self.office_label.setText("DEMO vault" if self._demo else self._office)
        self._update_counts()
        self._update_selection_actions()

    # -- the log -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the log again, keeping the selection."""
        if self._service is None:
            return
        selected = self.selected_alert_id()
        row = self.table.currentIndex().row()
        self.details.clear()  # re-read below: the alert itself may have changed
        self.model.refresh()
        self.timeline.refresh_if_shown()
        self._count_coming_up()
        if selected:
            self.select_alert(selected, hint=row)

    def selected_alert_id(self) -> str | None:
        """The id of the selected alert, or None."""
        index = self.table.currentIndex()
        return str(self.model.data(index, ALERT_ID_ROLE)) if index.isValid() else None

    def select_alert(self, alert_id: str, hint: int | None = None, *, cached_only: bool = False) -> bool:
        """Select the alert `alert_id` if the filter shows it; True when it was found."""
        row = self.model.row_of(alert_id, hint, cached_only=cached_only)
        if row is None:
            return False
        index = self.model.index(row, Column.TITLE)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _filters_changed(self) -> None:
        if self._service is None:
            return
        selected = self.details.alert_id
        row = self.table.currentIndex().row()
        self.model.set_filter(self.filters.query())
        self.timeline.set_query(self.filters.query())
        # Only among the rows just read: a search for the selection would slow every keystroke.
        if selected and not self.select_alert(selected, hint=row, cached_only=True):
            self.details.clear()

    def _model_reset(self) -> None:
        self._update_selection_actions()
        self._update_counts()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_selection_actions()
        if self._service is None or not current.isValid():
            return
        alert_id = self.model.data(current, ALERT_ID_ROLE)
        if not alert_id or alert_id == self.details.alert_id:
            return
        alert = self._service.get_by_id(str(alert_id))
        if alert is None or alert.deleted:
            self.details.clear()
            return
        council = self._service.councils.by_code(alert.council)
        receipt = self._session.imports.receipt(alert.id) if self._session is not None else None
        self.details.show_alert(alert, council.name if council else alert.council, self._service.today(), receipt)

    def _update_selection_actions(self) -> None:
        has = self._service is not None and self.table.currentIndex().isValid()
        self.action_edit.setEnabled(has)
        self.action_delete.setEnabled(has)

    def _count_coming_up(self) -> None:
        if self._service is None:
            return
        self._coming_up_count = self._service.count(AlertQuery(upcoming_days=self._prefs.horizon_days))
        self._update_counts()
        self.outlook.vault_changed()  # an open Coming up panel or dashboard follows what was saved

    def _update_counts(self) -> None:
        if self._service is None:
            self.count_label.setText("Locked")
            self.coming_label.setText("")
            self.empty.hide()
            return
        self.count_label.setText(count_text(self.model.rowCount(), self.model.total, self.model.count_is_exact))
        days = self._prefs.horizon_days
        self.coming_label.setText(f"·  {self._coming_up_count:,} with a milestone in the next {days} days")
        self.details.set_placeholder(self.empty.update_for(
            self.model.rowCount(), self.model.total, self.filters.query(), self.filters.search.text().strip(), days))

    def _empty_log_action(self, reason: EmptyReason, second: bool) -> None:
        if reason is EmptyReason.NO_ALERTS:
            action = self.findChild(QAction, "actionImport") if second else self.action_new
            if action is not None:
                action.trigger()
        elif reason is EmptyReason.NO_MATCH_SEARCH:
            self.filters.search.clear()
            self.focus_search()
        else:
            self.filters.reset()

    def show_view(self, timeline: bool) -> None:
        """Show the timeline (True) or the log's table and details (False) under the filter bar."""
        self.views.setCurrentWidget(self.timeline if timeline else self.splitter)
        (self.action_show_timeline if timeline else self.action_show_log).setChecked(True)
        (self.timeline if timeline else self.table).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_details(self, on: bool) -> None:
        """Show or hide the details pane."""
        self.details.setVisible(on)

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected."""
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # -- editing -------------------------------------------------------------------------------

    def new_alert(self) -> None:
        """Open the editor on a new alert."""
        self._open_editor(None)

    def edit_alert(self) -> None:
        """Open the editor on the selected alert."""
        if self._service is None:
            return
        alert_id = self.selected_alert_id()
        alert = self._service.get_by_id(alert_id) if alert_id else None
        if alert is not None and not alert.deleted:
            self._open_editor(alert)

    def open_alert(self, alert_id: str, milestone_id: str = "") -> None:
        """Select the alert `alert_id` in the log (when its filter shows it) and open the editor on it: on its
        Milestones tab with `milestone_id` chosen, when given (from a mark or a line of Coming up)."""
        if self._service is None:
            return
        self.select_alert(alert_id)
        alert = self._service.get_by_id(alert_id)
        if alert is not None and not alert.deleted:
            self._open_editor(alert)
            if milestone_id and (editor := self._editors[-1]).milestones.select_milestone(milestone_id):
                editor.tabs.go_to_field(editor.milestones.table)

    def _open_editor(self, alert: Alert | None) -> None:
        if self._service is None:
            return
        # Imported here: the editor is big, and the unlock dialog should not wait for it at start-up.
        from sg_desktop.ui.editor.alert_editor import AlertEditorDialog

        history = self._session.audit.history if self._session is not None else None
        editor = AlertEditorDialog(self._service, alert, parent=self, history=history)
        self._editors.append(editor)
        editor.saved.connect(self._alert_saved)
        editor.saved.connect(lambda stored, before=alert: self.alert_stored.emit(before, stored))
        editor.finished.connect(lambda _code, e=editor: self._editor_closed(e))
        editor.open()

    def _editor_closed(self, editor: AlertEditorDialog) -> None:
        if editor in self._editors:
            self._editors.remove(editor)
        editor.deleteLater()

    def open_editors(self) -> list[AlertEditorDialog]:
        """The alert editors currently open."""
        return list(self._editors)

    def _alert_saved(self, alert: Alert) -> None:
        if self._service is None:
            return
        self.model.refresh()
        self.timeline.refresh_if_shown()
        self._count_coming_up()
        self.details.clear()
        if not self.select_alert(alert.id):
            self.statusBar().showMessage(f"Saved {alert.reference}; the current filter hides it.", 6000)

    def delete_alert(self) -> None:
        """Ask, then delete the selected alert (a tombstone is kept so the deletion can be shared)."""
        if self._service is None:
            return
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        reference, current_row = row.reference, index.row()
        box = ask_delete(self, reference, lambda answer: self._delete_answered(box, answer == CONFIRM_DELETE,
                                                                               reference, current_row))
        self._dialogs.append(box)

    def _delete_answered(self, box: QMessageBox, confirmed: bool, reference: str, row: int) -> None:
        if box in self._dialogs:
            self._dialogs.remove(box)
        if not confirmed or self._service is None:
            return
        try:
            self._service.delete(reference)
        except SgError as exc:
            QMessageBox.warning(self, "Delete alert", str(exc))
            return
        self.details.clear()
        self.model.refresh()
        self.timeline.refresh_if_shown()
        self._count_coming_up()
        if self.model.rowCount():
            index = self.model.index(min(row, self.model.rowCount() - 1), Column.TITLE)
            self.table.setCurrentIndex(index)
        self.statusBar().showMessage(f"Deleted {reference}.", 5000)

    # -- dialogs -------------------------------------------------------------------------------

    def show_preferences(self) -> None:
        """Open the preferences."""
        dialog = PreferencesDialog(self._prefs, self._lock_triggers, self,
                                   retention=self._session.retention if self._session is not None else None)
        dialog.applied.connect(self._preferences_applied)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _preferences_applied(self) -> None:
        self._count_coming_up()
        self.preferences_changed.emit()

    def show_shortcuts(self) -> None:
        """List every key the application answers to."""
        dialog = ShortcutsDialog([*self.actions(), *self.table.actions()], self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_about(self) -> None:
        """Open the About box."""
        dialog = AboutDialog(self._location, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- geometry and closing ------------------------------------------------------------------

    def save_geometry(self) -> None:
        """Remember the window's size, place, splitter and columns (nothing else goes into the settings)."""
        self._prefs.save_window_state(self.saveGeometry(), self.saveState(), self.splitter.saveState())
        self.remember_columns()

    def remember_columns(self) -> None:
        """Remember which columns the log shows, in what order and how wide."""
        self._prefs.log_columns = ColumnLayout.of(self.table).to_text()
        self._prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window quits; an editor with unsaved changes may ask first and keep it open."""
        for editor in list(self._editors):
            editor.close()
            if editor.isVisible():
                event.ignore()
                return
        self.save_geometry()
        event.accept()
        self.quit_requested.emit()
