"""File ▸ Backups…: the vault's backups with their dates and sizes, Back up now, and Restore… with a page that
says what will happen and asks for the passphrase the vault had on the backup's day.

Checking the backup (its container, the passphrase, every page) runs on the thread pool while the vault stays
open; only once it passed does the window lock the vault and put the backup in its place (`BackupKeeper`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.backups import BackupInfo, BackupService, PreparedRestore
from sg_desktop.app.failures import calm_message
from sg_desktop.app.session import Session
from sg_desktop.domain.errors import WrongPassphrase
from sg_desktop.ui.help.sections import offer_help, set_help_section
from sg_desktop.ui.shared.formatting import long_day_text
from sg_desktop.ui.shared.widgets import (
    LIST_STYLE,
    busy_bar,
    button,
    button_row,
    label,
    page_column,
    password_field,
    primary_button,
    problem_label,
    set_tab_order,
    show_problem,
)
from sg_desktop.ui.shared.work_dialog import WorkDialog

__all__ = ["BackupsDialog", "size_text", "when_text"]

_PATH_ROLE = Qt.ItemDataRole.UserRole


def when_text(info: BackupInfo) -> str:
    """When a backup was made, in local time: "Tuesday 24 November 2026, 10:00"."""
    local = info.created.astimezone()
    return f"{long_day_text(local.date())}, {local:%H:%M}"


def size_text(n: int) -> str:
    """A file's size for people: "34.2 MB"."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


class BackupsDialog(WorkDialog):
    """The list of backups and the restore page. `restore_ready(prepared)` is called with a backup that passed
    every check; the caller puts it in place (and closes this dialog)."""

    def __init__(self, service: BackupService, session: Session, restore_ready: Callable[[PreparedRestore], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups — SG Desktop")
        self.setStyleSheet(LIST_STYLE)
        self._service = service
        self._session = session
        self._restore_ready = restore_ready
        self._chosen: BackupInfo | None = None
        self.list_page = self._list_page()
        self.restore_page = self._restore_page()
        self.restore_page.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.addWidget(self.list_page)
        layout.addWidget(self.restore_page)
        self.setMinimumSize(720, 420)
        self._backing_up = self.busy_work(self.list_busy, (self.back_up_button, self.restore_button,
                                                           self.close_button), blocks_close=False)
        self._checking = self.busy_work(self.restore_busy, (self.passphrase, self.back_button,
                                                            self.confirm_button))
        offer_help(self, "backups")  # F1: the guide's part on backups, and on restoring from the restore page
        set_help_section(self.restore_page, "restoring")
        self.refresh()

    # -- the list ------------------------------------------------------------------------------

    def _list_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("backupsListPage")
        keep = self._service.keep
        layout = page_column(
            page, "Backups of this vault",
            f"SG Desktop backs the vault up once a day, as it locks or closes, and keeps the newest {keep} of "
            "those (Preferences). Each backup is encrypted as the vault is, and opens with the passphrase the "
            "vault had that day, or with the recovery key.")
        self.folder_label = label(f"Folder: {self._service.folder}", page, "hint", "backupsFolder")
        self.tree = QTreeWidget(page)
        self.tree.setObjectName("backupsList")
        self.tree.setAccessibleName("Backups, newest first")
        self.tree.setHeaderLabels(["Made", "Kind", "Size", "Checked"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemDoubleClicked.connect(lambda *_: self.choose_restore())
        self.empty = label("No backups yet. The first is made when the vault next locks or SG Desktop closes; "
                           "or make one now.", page, "hint", "noBackups")
        self.status = label("", page, "", "backupsStatus")
        self.status.hide()
        self.list_busy = busy_bar("backupsBusy", "Backing up", page)
        self.back_up_button = button("&Back up now", "backUpNowButton", page, self.back_up_now)
        self.restore_button = button("&Restore…", "restoreBackupButton", page, self.choose_restore)
        self.close_button = primary_button("Close", "closeBackupsButton", page, self.reject)
        self.close_button.setDefault(True)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addWidget(self.list_busy)
        layout.addLayout(button_row(start=[self.back_up_button, self.restore_button], end=[self.close_button]))
        set_tab_order(self.tree, self.back_up_button, self.restore_button, self.close_button)
        return page

    def refresh(self) -> None:
        """Read the backup folder again, keeping the selection."""
        chosen = self.selected()
        self.tree.clear()
        for info in self._service.backups(self._session.vault_id):
            item = QTreeWidgetItem([when_text(info), info.kind_words, size_text(info.size),
                                    "Yes" if info.checked else "Not checked"])
            item.setData(0, _PATH_ROLE, info)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            if chosen is not None and info.path == chosen.path:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        """The backup selected in the list."""
        item = self.tree.currentItem()
        info = item.data(0, _PATH_ROLE) if item is not None else None
        return info if isinstance(info, BackupInfo) else None

    def select(self, path: Path) -> bool:
        """Select the backup at `path`; False when the list does not hold it."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            info = item.data(0, _PATH_ROLE) if item is not None else None
            if item is not None and isinstance(info, BackupInfo) and info.path == path:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self._backing_up.busy)

    def _say(self, text: str, role: str = "") -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.show()

    def back_up_now(self) -> None:
        """Back up the vault into the backup folder (audited now, copied and checked in the background)."""
        if self.busy:
            return
        try:
            pending = self._service.begin(self._session)
        except Exception as exc:
            self._say(calm_message(exc, doing="Backing up", outcome="No backup was made."), "error")
            return
        self._say("Backing up the vault: copying it and checking every page of the copy…", "hint")
        self._backing_up.start(pending.run, self._backed_up, self._backup_failed)

    def _backed_up(self, info: BackupInfo) -> None:
        if self.closed_by_force:
            return
        self.refresh()
        self.select(info.path)
        self._say(f"Backed up: {info.path.name} ({size_text(info.size)}), every page checked.")

    def _backup_failed(self, exc: BaseException) -> None:
        if not self.closed_by_force:
            self._say(calm_message(exc, doing="Backing up", outcome="No backup was made."), "error")

    # -- restoring -----------------------------------------------------------------------------

    def _restore_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("restoreBackupPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.restore_heading = label("", page, "heading", "restoreHeading")
        self.restore_what = label("", page, "", "restoreWhatHappens")
        self.restore_passphrase_hint = label("", page, "hint", "restorePassphraseHint")
        self.passphrase = password_field("restorePassphraseField", "Passphrase of the vault on the backup's day",
                                         page)
        self.passphrase.setMinimumWidth(300)
        form = QFormLayout()
        form.addRow("&Passphrase then", self.passphrase)
        self.restore_error = problem_label("restoreError", "What went wrong", page)
        self.restore_busy = busy_bar("restoreBusy", "Checking the backup", page)
        self.back_button = button("Back", "restoreBackButton", page, self.show_list)
        self.confirm_button = primary_button("Restore this backup", "confirmRestoreButton", page, self.confirm)
        for part in (self.restore_heading, self.restore_what, self.restore_passphrase_hint):
            layout.addWidget(part)
        layout.addLayout(form)
        layout.addWidget(self.restore_error)
        layout.addStretch(1)
        layout.addWidget(self.restore_busy)
        layout.addLayout(button_row(start=[self.back_button], end=[self.confirm_button]))
        set_tab_order(self.passphrase, self.back_button, self.confirm_button)
        return page

    def choose_restore(self) -> None:
        """Show what restoring the selected backup does, and ask for its passphrase."""
        info = self.selected()
        if info is None or self.busy:
            return
        self._chosen = info
        when = when_text(info)
        self.restore_heading.setText(f"Restore the backup made {when}?")
        self.restore_what.setText(
            "The vault is replaced by this backup: alerts, offices and changes made after it will not be in it. "
            "First, the vault as it is now is kept as a backup in this list, so you can go back to it. The "
            "window then shows the restored vault.")
        self.restore_passphrase_hint.setText(
            f"Type the passphrase the vault had on {long_day_text(info.created.astimezone().date())} (if it was "
            "never changed, the one you use today). From now on the vault opens with that passphrase; the "
            "recovery key still opens it.")
        self.restore_error.hide()
        self.passphrase.clear()
        self.list_page.hide()
        self.restore_page.show()
        self.confirm_button.setDefault(True)
        self.passphrase.setFocus()

    def show_list(self) -> None:
        """Back to the list, forgetting the passphrase typed."""
        if self._checking.busy:
            return
        self._wipe_fields()
        self.restore_page.hide()
        self.list_page.show()
        self.close_button.setDefault(True)
        self.tree.setFocus()

    def confirm(self) -> None:
        """Check the backup with the passphrase typed (in the background); then hand it over to be put in place."""
        info, passphrase = self._chosen, self.passphrase.text()
        if info is None or self.busy:
            return
        if not passphrase:
            show_problem(self.restore_error, "Type the passphrase the vault had when the backup was made.",
                         self.passphrase)
            return
        service, path = self._service, info.path
        self._checking.start(lambda: service.prepare_restore(path, passphrase=passphrase, probe=False),
                             self._checked, self._check_failed)

    def _checked(self, prepared: PreparedRestore) -> None:
        if self.closed_by_force:
            prepared.discard()
            return
        self._wipe_fields()
        self._restore_ready(prepared)

    def _check_failed(self, exc: BaseException) -> None:
        if self.closed_by_force:
            return
        if isinstance(exc, WrongPassphrase):
            show_problem(self.restore_error, str(exc), self.passphrase)
        else:
            show_problem(self.restore_error, calm_message(exc, doing="Checking the backup",
                                                          outcome="Nothing was changed."), self.passphrase)

    def _wipe_fields(self) -> None:
        """Forget the passphrase typed."""
        self.passphrase.clear()
