"""Edit ▸ Record lessons… and View ▸ What works digest in the main window, and the offer to record lessons when an
alert is closed.

`install_lesson_actions(window)` adds them to a main window without the window knowing the dialogs. What it needs
of the window is public: `session`, `selected_alert_id()`, `filters` (its region, council and kind), `table`,
`model` (reset on every lock and unlock), `alert_stored(before, stored)` (emitted when the editor saves), the
menus `menuEdit` and `menuView`, and the status bar. When the vault locks, the dialogs close without a prompt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from sg_desktop.app.digest import DigestChoice
from sg_desktop.app.lessons import LessonSaved
from sg_desktop.domain.enums import AlertKind, AlertStatus
from sg_desktop.domain.model import Alert
from sg_desktop.ui.forward.digest_window import DigestWindow
from sg_desktop.ui.lessons.lesson_dialog import LessonDialog

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["RECORD_NOW", "install_lesson_actions", "lesson_controller"]

_CONTROLLER = "lessonActions"
RECORD_NOW = "recordLessonsNow"
"""The object name of the button that records lessons now, in the question asked when an alert is closed."""


def install_lesson_actions(window: MainWindow) -> None:
    """Add Record lessons… (Edit menu) and What works digest (View menu) to `window`."""
    if window.findChild(_LessonActions, _CONTROLLER) is None:
        _LessonActions(window)


def lesson_controller(window: MainWindow) -> _LessonActions | None:
    """The controller of `window`'s lesson actions and dialogs (for tests and the window itself)."""
    return window.findChild(_LessonActions, _CONTROLLER)


class _LessonActions(QObject):
    """Owns the two actions and the dialogs they open; lives as long as the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName(_CONTROLLER)
        self._window = window
        self.dialog: LessonDialog | None = None
        self.digest: DigestWindow | None = None
        self.record = QAction("Record &lessons…", window)
        self.record.setObjectName("actionRecordLessons")
        tip = "This office's lessons learned on the selected alert, once it is closed or its last milestone passed"
        self.record.setToolTip(tip)
        self.record.setStatusTip(tip)
        self.record.triggered.connect(self.record_selected)
        self.show_digest = QAction("What &works digest", window)
        self.show_digest.setObjectName("actionDigest")
        tip = "The lessons held, counted and quoted by theme; as a PDF for the sector"
        self.show_digest.setToolTip(tip)
        self.show_digest.setStatusTip(tip)
        self.show_digest.triggered.connect(self.open_digest)
        window.addActions([self.record, self.show_digest])
        self._add_to_menu("menuEdit", self.record)
        self._add_to_menu("menuView", self.show_digest, after="actionDashboard")
        window.model.modelReset.connect(self._vault_changed)
        window.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        window.alert_stored.connect(self._alert_stored)
        self._vault_changed()

    def _add_to_menu(self, name: str, action: QAction, after: str = "") -> None:
        menu = self._window.menuBar().findChild(QMenu, name)
        if menu is None:
            return
        actions = menu.actions()
        names = [a.objectName() for a in actions]
        if after in names and names.index(after) + 1 < len(actions):
            menu.insertAction(actions[names.index(after) + 1], action)
        else:
            menu.addAction(action)

    def _enable(self) -> None:
        unlocked = self._window.session is not None
        self.record.setEnabled(unlocked and self._window.selected_alert_id() is not None)
        self.show_digest.setEnabled(unlocked)

    def _vault_changed(self) -> None:
        if self._window.session is None:
            if self.dialog is not None:
                self.dialog.force_close()
                self.dialog = None
            if self.digest is not None:
                self.digest.clear()
                self.digest.hide()
        self._enable()

    # -- commands --------------------------------------------------------------------------------

    def record_selected(self) -> None:
        """Open the lesson dialog on the selected alert (or say why lessons cannot be recorded on it yet)."""
        session, alert_id = self._window.session, self._window.selected_alert_id()
        alert = session.alerts.get_by_id(alert_id) if session is not None and alert_id else None
        if alert is not None and not alert.deleted:
            self.record_on(alert)

    def record_on(self, alert: Alert) -> LessonDialog | None:
        """Open the lesson dialog on `alert`; None (and a message) when lessons cannot be recorded on it yet."""
        session = self._window.session
        if session is None:
            return None
        refusal = session.lessons.refusal(alert)
        if refusal is not None:
            box = QMessageBox(QMessageBox.Icon.Information, "Record lessons", refusal, QMessageBox.StandardButton.Ok,
                              self._window)
            box.setObjectName("lessonsNotYet")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        if self.dialog is not None:
            self.dialog.force_close()
        self.dialog = LessonDialog(session.lessons, alert, self._window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.saved.connect(self._lesson_saved)
        self.dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog.open()
        return self.dialog

    def open_digest(self) -> DigestWindow | None:
        """Open (or bring forward and count again) the digest, with the log's region, council and kind."""
        session = self._window.session
        if session is None:
            return None
        bar = self._window.filters
        kind = bar.kind.currentData()
        choice = DigestChoice(council=bar.council.currentData(), region=bar.region.currentData(),
                              kind=AlertKind(kind) if kind else None)
        if self.digest is None:
            self.digest = DigestWindow(session, choice, self._window)
        else:
            self.digest.set_session(session, choice)
        self.digest.show()
        self.digest.raise_()
        self.digest.activateWindow()
        return self.digest

    # -- hooks -----------------------------------------------------------------------------------

    def _lesson_saved(self, saved: LessonSaved) -> None:
        words = {"recorded": "Recorded", "updated": "Updated", "unchanged": "Nothing changed in"}[saved.result]
        self._window.statusBar().showMessage(f"{words} this office's lesson on {saved.lesson.reference}.", 6000)
        if self.digest is not None and self.digest.isVisible():
            self.digest.refresh()

    def _alert_stored(self, before: Alert | None, stored: Alert) -> None:
        """An alert just became closed in the editor: offer to record its lessons now."""
        was_closed = before is not None and before.status is AlertStatus.CLOSED
        session = self._window.session
        if was_closed or stored.status is not AlertStatus.CLOSED or session is None:
            return
        if session.lessons.own_lesson(stored.id) is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Record lessons",
                          f"{stored.reference} is closed. Record this office's lessons learned now, while they are "
                          "fresh?", QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("recordLessonsPrompt")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("A short review that names no one: how the coverage compared with what was expected, "
                               "how each support offer went, what helped and what the council would do differently.")
        now = box.addButton("Record lessons…", QMessageBox.ButtonRole.AcceptRole)
        now.setObjectName(RECORD_NOW)
        later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        later.setObjectName("recordLessonsLater")
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        box.buttonClicked.connect(lambda b: self.record_on(stored) if b is now else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
