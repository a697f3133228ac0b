"""View ▸ Due for review…: the main window's way into retention review.

`install_retention_action(window)` adds the action to the View menu (after the dashboard) without the window
knowing the review window. What it needs of the window is public: `session`, `is_locked`, `refresh()` and `model`
(reset on every lock and unlock). When the vault locks, the review window forgets its rows and closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from sg_desktop.ui.retention.review_window import RetentionWindow

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["install_retention_action"]

_CONTROLLER = "retentionActions"


def install_retention_action(window: MainWindow) -> None:
    """Add View ▸ Due for review… to `window`."""
    if window.findChild(_RetentionActions, _CONTROLLER) is None:
        _RetentionActions(window)


class _RetentionActions(QObject):
    """Owns the action and the review window; lives as long as the main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName(_CONTROLLER)
        self._window = window
        self.review: RetentionWindow | None = None
        self.action = QAction("Due for &review…", window)
        self.action.setObjectName("actionDueForReview")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        tip = "Closed alerts past the retention period: delete each now, keep it longer or put it on legal hold"
        native = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.action.setToolTip(f"{tip} ({native})")
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.show_review)
        window.addAction(self.action)
        self._add_to_menu()
        window.model.modelReset.connect(self._vault_changed)
        self._vault_changed()

    def _add_to_menu(self) -> None:
        view = self._window.menuBar().findChild(QMenu, "menuView")
        if view is None:
            return
        actions = view.actions()
        names = [a.objectName() for a in actions]
        after = names.index("actionDashboard") + 1 if "actionDashboard" in names else len(actions)
        # Past the other windows of the vault (the dashboard, the audit trail), before the first separator.
        while after < len(actions) and not actions[after].isSeparator():
            after += 1
        if after < len(actions):
            view.insertAction(actions[after], self.action)
        else:
            view.addAction(self.action)

    def _vault_changed(self) -> None:
        locked = self._window.is_locked
        self.action.setEnabled(not locked)
        if locked and self.review is not None:
            self.review.clear()
            self.review.hide()
            self.review.deleteLater()
            self.review = None

    def show_review(self) -> None:
        """Open (or bring forward and read again) the review window."""
        session = self._window.session
        if session is None or session.is_locked or self._window.is_locked:
            return
        if self.review is None:
            self.review = RetentionWindow(session.retention, self._window)
            self.review.changed.connect(self._window.refresh)
        else:
            self.review.refresh()
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()
        self.review.due_list.setFocus(Qt.FocusReason.OtherFocusReason)
