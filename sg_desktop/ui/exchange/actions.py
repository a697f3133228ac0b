"""The Exchange menu of the main window: Offices…, Export… and Import…, with their tool bar buttons.

`install_exchange_actions(window)` adds them to a main window without the window knowing the dialogs.
What it needs of the window is public: `session` (the unlocked vault's Session, or None), `is_locked`,
`selected_alert_id()`, `filters.query()`, `refresh()`, `model` (reset on every lock and unlock),
`action_coming_up` (the Export and Import buttons follow it) and the menu bar and tool bar named `menuHelp`
and `mainToolBar`. When the vault locks, every exchange dialog is closed without a prompt
(`close_exchange_dialogs(window)`; the window's model reset does it as well).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from sg_desktop.app.importing import MergeKind
from sg_desktop.ui.shared.theme import ACCENT
from sg_desktop.ui.shared.work_dialog import WorkDialog

if TYPE_CHECKING:
    from sg_desktop.app.export import ExportResult
    from sg_desktop.app.importing import ImportResult
    from sg_desktop.app.session import Session
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["close_exchange_dialogs", "exchange_dialogs", "install_exchange_actions"]

_CONTROLLER = "exchangeActions"


def install_exchange_actions(window: MainWindow) -> None:
    """Add the Exchange menu (before Help) and the Export and Import tool bar buttons to `window`."""
    if window.findChild(_ExchangeActions, _CONTROLLER) is None:
        _ExchangeActions(window)


def exchange_dialogs(window: QMainWindow) -> list[WorkDialog]:
    """The exchange dialogs open over `window` now."""
    controller = window.findChild(_ExchangeActions, _CONTROLLER)
    return controller.open_dialogs() if controller is not None else []


def close_exchange_dialogs(window: QMainWindow) -> None:
    """Close every exchange dialog at once, without a prompt, forgetting what they showed (on lock)."""
    for dialog in exchange_dialogs(window):
        dialog.force_close()


class _ExchangeActions(QObject):
    """Owns the three actions and the dialogs they open; lives as long as the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName(_CONTROLLER)
        self._window = window
        self._dialogs: list[WorkDialog] = []
        self.offices = self._action("actionOffices", "&Offices…", "Ctrl+Shift+O", self.show_offices,
                                    "This office's card (its name and public keys, which other offices need "
                                    "to send it files), and the offices you exchange files with", "offices")
        self.export = self._action("actionExport", "&Export alerts…", "Ctrl+Shift+E", self.show_export,
                                   "Make a protocol file: alerts signed by this office and encrypted so that "
                                   "only the offices you choose can open them", "export")
        self.import_ = self._action("actionImport", "&Import file…", "Ctrl+Shift+I", self.show_import,
                                    "Check and import a protocol file (the signed, encrypted file another "
                                    "office sends alerts in)", "import")
        self._add_menu()
        self._add_tool_buttons()
        self._window.model.modelReset.connect(self._vault_changed)
        self._vault_changed()

    # -- building --------------------------------------------------------------------------------------

    def _action(self, name: str, text: str, shortcut: str, slot: Callable[[], None], tip: str,
                icon_name: str) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        action.setIcon(_icon(icon_name))
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _add_menu(self) -> None:
        bar = self._window.menuBar()
        menu = QMenu("E&xchange", bar)
        menu.setObjectName("menuExchange")
        menu.addAction(self.offices)
        menu.addSeparator()
        menu.addActions([self.export, self.import_])
        help_menu = bar.findChild(QMenu, "menuHelp")
        if help_menu is not None:
            bar.insertMenu(help_menu.menuAction(), menu)
        else:
            bar.addMenu(menu)

    def _add_tool_buttons(self) -> None:
        tools = self._window.findChild(QToolBar, "mainToolBar")
        if tools is None:
            return
        actions = tools.actions()
        coming_up = self._window.action_coming_up
        # After "Coming up", before the spacer that pushes Lock to the right.
        after = actions.index(coming_up) + 1 if coming_up in actions else len(actions)
        before = actions[after] if after < len(actions) else None
        if before is None:
            tools.addSeparator()
            tools.addActions([self.export, self.import_])
        else:
            tools.insertSeparator(before)
            tools.insertActions(before, [self.export, self.import_])
        # Short words beside the icons, as the other tool bar buttons have.
        self.export.setIconText("Export")
        self.import_.setIconText("Import")

    # -- state -----------------------------------------------------------------------------------------

    def _session(self) -> Session | None:
        session = self._window.session
        if session is None or session.is_locked or self._window.is_locked:
            return None
        return session

    def _vault_changed(self) -> None:
        locked = self._window.is_locked
        for action in (self.offices, self.export, self.import_):
            action.setEnabled(not locked)
        if locked:
            self.close_all()

    def open_dialogs(self) -> list[WorkDialog]:
        """The dialogs open now."""
        return list(self._dialogs)

    def close_all(self) -> None:
        """Close every dialog without a prompt."""
        for dialog in list(self._dialogs):
            dialog.force_close()
        self._dialogs.clear()

    def _track(self, dialog: WorkDialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _code, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: WorkDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    def _already_open(self, name: str) -> bool:
        for dialog in self._dialogs:
            if dialog.objectName() == name:
                dialog.raise_()
                dialog.activateWindow()
                return True
        return False

    # -- the actions -----------------------------------------------------------------------------------

    def show_offices(self) -> None:
        """Open the offices dialog."""
        session = self._session()
        if session is None or self._already_open("officesDialog"):
            return
        from sg_desktop.ui.exchange.offices_dialog import OfficesDialog

        self._track(OfficesDialog(session, self._window))

    def show_export(self) -> None:
        """Open the export dialog over the log's selection and filter."""
        session = self._session()
        if session is None or self._already_open("exportDialog"):
            return
        from sg_desktop.ui.exchange.export_dialog import ExportDialog

        selected: list[str] = []
        alert_id = self._window.selected_alert_id()
        alert = session.alerts.get_by_id(alert_id) if alert_id else None
        if alert is not None and not alert.deleted:
            selected.append(alert.reference)
        query = self._window.filters.query()
        dialog = ExportDialog(session, selected=selected, query=query, parent=self._window)
        dialog.exported.connect(self._exported)
        self._track(dialog)

    def show_import(self) -> None:
        """Open the import dialog."""
        session = self._session()
        if session is None or self._already_open("importDialog"):
            return
        from sg_desktop.ui.exchange.import_dialog import ImportDialog

        dialog = ImportDialog(session, self._window)
        dialog.imported.connect(self._imported)
        self._track(dialog)

    def _exported(self, result: ExportResult) -> None:
        message = f"Saved {result.path.name}: file number {result.sequence}."
        self._window.statusBar().showMessage(message, 8000)

    def _imported(self, result: ImportResult) -> None:
        if self._window.is_locked:
            return
        self._window.refresh()
        changed = sum(result.counts[k] for k in (MergeKind.NEW, MergeKind.UPDATED, MergeKind.CONFLICT))
        message = f"Imported a protocol file: {changed} alert(s) added or changed."
        self._window.statusBar().showMessage(message, 8000)


# -- icons, drawn like the theme's: thin accent-coloured lines on a transparent square -----------------------

def _draw_tray(p: QPainter) -> None:
    p.drawPolyline(QPolygonF([QPointF(3, 12), QPointF(3, 17), QPointF(17, 17), QPointF(17, 12)]))


def _draw_export(p: QPainter) -> None:
    _draw_tray(p)
    p.drawLine(QLineF(10, 13, 10, 3))
    p.drawPolyline(QPolygonF([QPointF(6.5, 6.5), QPointF(10, 3), QPointF(13.5, 6.5)]))


def _draw_import(p: QPainter) -> None:
    _draw_tray(p)
    p.drawLine(QLineF(10, 3, 10, 13))
    p.drawPolyline(QPolygonF([QPointF(6.5, 9.5), QPointF(10, 13), QPointF(13.5, 9.5)]))


def _draw_offices(p: QPainter) -> None:
    p.drawRect(QRectF(3.5, 6.5, 7, 11))
    p.drawRect(QRectF(10.5, 3.5, 6, 14))
    for y in (9.5, 12.5):
        p.drawLine(QLineF(5.5, y, 8.5, y))
    for y in (6.5, 9.5, 12.5):
        p.drawLine(QLineF(12.5, y, 14.5, y))


_SHAPES: dict[str, Callable[[QPainter], None]] = {
    "export": _draw_export, "import": _draw_import, "offices": _draw_offices,
}


@cache
def _icon(name: str) -> QIcon:
    pix = QPixmap(20, 20)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(ACCENT), 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    _SHAPES[name](painter)
    painter.end()
    return QIcon(pix)
