"""The import dialog: a file from another office, who sent it and what it would do, conflicts settled side by
side, then one import; and the Exchange menu that opens the dialogs over the main window.

Two real vaults exchange files through the export and import dialogs (a council and the LGA that trust
each other, as in tests/unit/test_exchange_service.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertStatus, OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.exchange import Resolution
from sg_desktop.ui.exchange.actions import close_exchange_dialogs, exchange_dialogs, install_exchange_actions
from sg_desktop.ui.exchange.export_dialog import ExportDialog
from sg_desktop.ui.exchange.import_dialog import RESOLUTION_BUTTONS, ImportDialog
from sg_desktop.ui.exchange.offices_dialog import OfficesDialog
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.preferences import Preferences
from tests.unit.test_exchange_service import (
    ADCS,
    COUNCIL,
    FILE_PASSPHRASE,
    LGA,
    Offices,
    PassphraseTarget,
    alert,
    everything,
    receive,
    send,
)

from .conftest import W, find
from .tab_order import app_theme, controls_hiding_focus, tab_order
from .test_export_dialog import export_dialog, save, tick


def import_dialog(qtbot: QtBot, session: Session) -> ImportDialog:
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def open_file(qtbot: QtBot, dialog: ImportDialog, path: Path) -> None:
    """Press "Choose file…", answer the file dialog with `path`, and wait until the file is shown."""
    find(dialog, QPushButton, "chooseImportFile").click()
    chooser = find(dialog, QFileDialog, "importFileDialog")
    with qtbot.waitSignal(dialog.opened, timeout=10_000):
        chooser.selectFile(str(path))
        chooser.accept()


def text(dialog: ImportDialog, name: str) -> str:
    return find(dialog, QLabel, name).text()


def counts(dialog: ImportDialog) -> dict[str, str]:
    names = ("countNew", "countUpdated", "countUnchanged", "countConflicts", "countOlder")
    return {name: text(dialog, name) for name in names}


def page(dialog: ImportDialog) -> str:
    return dialog.pages.currentWidget().objectName()


def shown(window: MainWindow, kind: type[W], name: str) -> W | None:
    """The child of `window` of this type and name that is on screen now (other tests' windows ignored)."""
    return next((w for w in window.findChildren(kind, name) if w.isVisible()), None)


def state_of(session: Session) -> tuple[dict[str, Alert], int]:
    """Every alert (tombstones too) and the number of audit entries: what an import could change."""
    return everything(session), len(session.vault.audit.entries())


# -- the way an officer goes --------------------------------------------------------------------------


def test_a_file_exported_by_the_council_is_imported_by_the_lga_through_the_dialogs(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add_many([alert("Review into agency practice"), alert("Trial listed")])
    gone = council.alerts.add(alert("Withdrawn"))
    council.alerts.delete(gone.reference)
    exporter = export_dialog(qtbot, council)
    tick(qtbot, exporter, LGA.name)
    save(qtbot, exporter, tmp_path / "to-lga.sgp")

    dialog = import_dialog(qtbot, lga)
    open_file(qtbot, dialog, tmp_path / "to-lga.sgp")
    assert page(dialog) == "importSummaryPage"
    assert text(dialog, "importHeading") == f"Alerts from {COUNCIL.name}"
    assert "Genuine and intact" in text(dialog, "importChecked")
    assert text(dialog, "factFrom").startswith(f"{COUNCIL.name} (Council) · fingerprint "
                                               f"{council.offices.card().fingerprint_digits}")
    assert text(dialog, "factTo") == f"this office; {COUNCIL.name}"
    assert text(dialog, "factHolds") == "3 alerts (1 deletion) · file number 1 from this sender"
    assert counts(dialog) == {"countNew": "3", "countUpdated": "0", "countUnchanged": "0",
                              "countConflicts": "0", "countOlder": "0"}
    assert lga.alerts.total() == 0  # nothing changes before Import
    assert not find(dialog, QPushButton, "resolveConflictsButton").isVisible()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        find(dialog, QPushButton, "importButton").click()
    assert page(dialog) == "importDonePage"
    assert text(dialog, "importDoneMessage").startswith(f"From {COUNCIL.name}: 3 new.")
    assert everything(lga) == everything(council)


def test_a_conflict_is_settled_on_the_side_by_side_page(
    qtbot: QtBot, pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    original, calm = council.alerts.add_many([alert("Review"), alert("Unchanged alert")])
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Council's wording", status=AlertStatus.PUBLISHED))
    mine = lga.alerts.save(replace(lga.alerts.get(original.reference), title="LGA's wording"))
    path = send(council, LGA.name, tmp_path / "2.sgp")

    dialog = import_dialog(qtbot, lga)
    open_file(qtbot, dialog, path)
    assert counts(dialog)["countConflicts"] == "1" and counts(dialog)["countUnchanged"] == "1"
    import_button = find(dialog, QPushButton, "importButton")
    assert not import_button.isEnabled()
    assert "changed both here and by Wokingham Borough Council" in text(dialog, "conflictNote")

    find(dialog, QPushButton, "resolveConflictsButton").click()
    assert page(dialog) == "importConflictsPage"
    conflicts = find(dialog, QListWidget, "conflictList")
    assert conflicts.count() == 1 and conflicts.item(0).text() == f"{original.reference}\n○ not chosen yet"
    table = find(dialog, QTableWidget, "comparisonTable")
    assert table.horizontalHeaderItem(1).text() == "This office (mine)"
    assert table.horizontalHeaderItem(2).text() == f"{COUNCIL.name} (theirs)"
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert rows["≠ Title"] == ("LGA's wording", "Council's wording")
    assert rows["≠ Status"] == ("Active", "Published")
    assert rows["Council"][0] == rows["Council"][1]  # the same on both sides: not marked
    assert not find(dialog, QPushButton, "conflictsImportButton").isEnabled()

    find(dialog, QRadioButton, RESOLUTION_BUTTONS[Resolution.KEEP_BOTH]).click()
    assert conflicts.item(0).text() == f"{original.reference}\n✓ keep both"
    assert text(dialog, "chosenNote") == "1 of 1 chosen."
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as done:
        find(dialog, QPushButton, "conflictsImportButton").click()
    assert done.args[0].resolutions == {original.id: Resolution.KEEP_BOTH}
    assert lga.alerts.get(original.reference).title == mine.title
    copy = lga.alerts.get("LGA-2026-0001")
    assert copy.title == "Council's wording"
    assert text(dialog, "importDoneMessage") == (
        f"From {COUNCIL.name}: 1 unchanged, 1 conflict settled.\n"
        f"Their version of {original.reference} is now the separate alert LGA-2026-0001."
    )
    outcomes = dialog.outcomes
    assert [(outcomes.topLevelItem(i).text(0), outcomes.topLevelItem(i).text(1))
            for i in range(outcomes.topLevelItemCount())] == [
        ("Conflict: kept both (theirs is LGA-2026-0001)", original.reference), ("Unchanged", calm.reference)]
    assert lga.alerts.get(calm.reference) == council.alerts.get(calm.reference)


def test_a_tampered_file_shows_its_one_line_message_and_changes_nothing(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add_many([alert("One"), alert("Two")])
    receive(lga, send(council, LGA.name, tmp_path / "first.sgp"))
    council.alerts.add(alert("Three"))
    data = bytearray(send(council, LGA.name, tmp_path / "second.sgp").read_bytes())
    data[len(data) // 2] ^= 0x10
    tampered = tmp_path / "tampered.sgp"
    tampered.write_bytes(bytes(data))
    before = state_of(lga)

    dialog = import_dialog(qtbot, lga)
    find(dialog, QPushButton, "chooseImportFile").click()
    chooser = find(dialog, QFileDialog, "importFileDialog")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        chooser.selectFile(str(tampered))
        chooser.accept()
    message = failed.args[0]
    error = find(dialog, QLabel, "importError")
    assert error.isVisible() and error.text() == message
    assert message and "\n" not in message and "Traceback" not in message
    assert page(dialog) == "importChoosePage"
    assert state_of(lga) == before


def test_a_file_already_imported_is_refused_in_the_summary(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    pair["council"].alerts.add(alert("Review"))
    path = send(pair["council"], LGA.name, tmp_path / "f.sgp")
    receive(pair["lga"], path)
    before = state_of(pair["lga"])
    dialog = import_dialog(qtbot, pair["lga"])
    open_file(qtbot, dialog, path)
    assert text(dialog, "importRefused") == "⚠ This file was already imported. Nothing will be imported."
    assert not find(dialog, QPushButton, "importButton").isEnabled()
    assert state_of(pair["lga"]) == before


def test_a_passphrase_file_asks_for_its_passphrase_and_a_wrong_one_is_one_line(
    qtbot: QtBot, offices: Offices, tmp_path: Path
) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    adcs.offices.add(council.offices.card(), trust=True)
    council.alerts.add(alert("For ADCS"))
    path = send(council, PassphraseTarget(FILE_PASSPHRASE, OrgType.ADCS, work_factor=10), tmp_path / "p.sgp")
    dialog = import_dialog(qtbot, adcs)
    open_file(qtbot, dialog, path)
    assert page(dialog) == "importPassphrasePage"
    field = find(dialog, QLineEdit, "filePassphraseField")
    field.setText("not the passphrase")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        find(dialog, QPushButton, "openWithPassphrase").click()
    assert "passphrase does not open" in failed.args[0] and page(dialog) == "importPassphrasePage"
    field.setText(FILE_PASSPHRASE)
    with qtbot.waitSignal(dialog.opened, timeout=10_000):
        find(dialog, QPushButton, "openWithPassphrase").click()
    assert text(dialog, "factTo") == "whoever holds its passphrase"
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        find(dialog, QPushButton, "importButton").click()
    assert [a.title for a in adcs.alerts.all()] == ["For ADCS"]


def test_force_close_forgets_the_file(qtbot: QtBot, pair: Offices, tmp_path: Path) -> None:
    pair["council"].alerts.add(alert("Review"))
    dialog = import_dialog(qtbot, pair["lga"])
    open_file(qtbot, dialog, send(pair["council"], LGA.name, tmp_path / "f.sgp"))
    dialog.force_close()
    assert not dialog.isVisible() and dialog.preview is None
    assert dialog.items.topLevelItemCount() == 0 and text(dialog, "factFrom") == ""
    assert pair["lga"].alerts.total() == 0


def test_closing_for_a_lock_while_importing_lets_the_import_finish_first(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    pair["council"].alerts.add_many([alert(f"Alert {i}") for i in range(20)])
    dialog = import_dialog(qtbot, pair["lga"])
    open_file(qtbot, dialog, send(pair["council"], LGA.name, tmp_path / "f.sgp"))
    find(dialog, QPushButton, "importButton").click()
    dialog.force_close()  # as locking does, with the import running on the thread pool
    assert not dialog.isVisible() and QThreadPool.globalInstance().activeThreadCount() == 0
    assert pair["lga"].alerts.total() == 20  # one transaction, finished before the vault could close


# -- the Exchange menu over the main window ------------------------------------------------------------


class _Window(MainWindow):
    """The main window with the one accessor the exchange actions need (`session`)."""

    session: Session | None = None


@pytest.fixture
def window(qtbot: QtBot, pair: Offices, tmp_path: Path) -> _Window:
    preferences = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = _Window(preferences, vault_location=str(tmp_path))
    qtbot.addWidget(window)
    install_exchange_actions(window)
    window.session = pair["lga"]
    window.show_session(pair["lga"].alerts, LGA.name)
    window.show()
    return window


def test_the_exchange_menu_opens_the_dialogs_and_an_import_refreshes_the_log(
    qtbot: QtBot, pair: Offices, window: _Window, tmp_path: Path
) -> None:
    menus = [a.menu().objectName() for a in window.menuBar().actions() if a.menu() is not None]
    assert menus[-2:] == ["menuExchange", "menuHelp"]
    titles = [a.text() for a in find(window, QMenu, "menuExchange").actions() if not a.isSeparator()]
    assert titles == ["&Offices…", "&Export alerts…", "&Import file…"]
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.actions()
                 if a.objectName() in ("actionOffices", "actionExport", "actionImport")}
    assert shortcuts == {"actionOffices": "Ctrl+Shift+O", "actionExport": "Ctrl+Shift+E",
                         "actionImport": "Ctrl+Shift+I"}

    pair["council"].alerts.add(alert("Review into agency practice"))
    path = send(pair["council"], LGA.name, tmp_path / "f.sgp")
    assert window.model.rowCount() == 0
    find(window, QAction, "actionImport").trigger()
    dialog = shown(window, ImportDialog, "importDialog")
    assert dialog is not None and exchange_dialogs(window) == [dialog]
    open_file(qtbot, dialog, path)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        find(dialog, QPushButton, "importButton").click()
    assert window.model.rowCount() == 1  # the log was read again

    find(dialog, QPushButton, "closeImportButton").click()
    assert exchange_dialogs(window) == []
    [imported] = pair["lga"].alerts.all()
    assert window.select_alert(imported.id)
    find(window, QAction, "actionExport").trigger()
    exporter = shown(window, ExportDialog, "exportDialog")
    assert exporter is not None
    selected = find(exporter, QRadioButton, "selectedChoice")
    assert selected.isChecked() and selected.text() == f"The selected alert, {imported.reference}"
    assert find(exporter, QRadioButton, "filterChoice").text() == "The 1 alert the log's current filter shows"


def test_locking_closes_every_exchange_dialog_and_disables_the_actions(
    qtbot: QtBot, pair: Offices, window: _Window
) -> None:
    names = ("actionOffices", "actionExport", "actionImport")
    actions = {name: find(window, QAction, name) for name in names}
    for name in (*names, "actionExport"):
        actions[name].trigger()
    dialogs = {d.objectName() for d in exchange_dialogs(window)}
    assert dialogs == {"officesDialog", "exportDialog", "importDialog"}  # each once
    close_exchange_dialogs(window)
    assert exchange_dialogs(window) == [] and shown(window, ImportDialog, "importDialog") is None
    actions["actionExport"].trigger()
    actions["actionOffices"].trigger()
    offices_dialog = shown(window, OfficesDialog, "officesDialog")
    assert offices_dialog is not None and shown(window, ExportDialog, "exportDialog") is not None
    find(offices_dialog, QPushButton, "addFromCardButton").click()
    window.lock_view()
    assert exchange_dialogs(window) == []
    assert shown(window, ExportDialog, "exportDialog") is None
    assert shown(window, OfficesDialog, "officesDialog") is None
    assert not any(action.isEnabled() for action in actions.values())


def test_the_summary_marks_alerts_that_may_identify_a_child(qtbot: QtBot, pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    flagged = council.alerts.add(alert("Review", summary="NHS number 943 476 5919"), confirm_identifying=True)
    council.alerts.add(alert("Trial listed"))
    council.exports.export([LGA.name], AlertChoice(), tmp_path / "to-lga.sgp")
    dialog = import_dialog(qtbot, lga)
    open_file(qtbot, dialog, tmp_path / "to-lga.sgp")
    note = find(dialog, QLabel, "identifyingNote")
    assert note.isVisible() and f"1 alert in this file may identify a child ({flagged.reference})" in note.text()
    rows = find(dialog, QTreeWidget, "importItems")
    marked = [rows.topLevelItem(i) for i in range(rows.topLevelItemCount())
              if rows.topLevelItem(i).text(1).startswith("⚠ ")]
    assert [r.text(1) for r in marked] == [f"⚠ {flagged.reference}"]
    assert "May identify a child — what looks like an NHS number in the Summary" in marked[0].toolTip(2)
    assert "5919" not in note.text() and "5919" not in marked[0].toolTip(2).split("\n", 1)[1]


# -- the keyboard ------------------------------------------------------------------------------------------


def walk_from(qtbot: QtBot, dialog: ImportDialog, first: str) -> list[str]:
    """The names Tab reaches, from the control named `first`; each also shows that it has the focus."""
    find(dialog, QWidget, first).setFocus()
    order = tab_order(qtbot, dialog)
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []
    return order


def test_choosing_a_file_and_its_passphrase_tab_to_the_button_then_back_or_cancel(
    qtbot: QtBot, offices: Offices, tmp_path: Path
) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    adcs.offices.add(council.offices.card(), trust=True)
    council.alerts.add(alert("For ADCS"))
    path = send(council, PassphraseTarget(FILE_PASSPHRASE, OrgType.ADCS, work_factor=10), tmp_path / "p.sgp")
    dialog = import_dialog(qtbot, adcs)
    assert walk_from(qtbot, dialog, "chooseImportFile") == ["chooseImportFile", "cancelImportButton"]
    open_file(qtbot, dialog, path)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "filePassphraseField")
    qtbot.keyClicks(find(dialog, QLineEdit, "filePassphraseField"), FILE_PASSPHRASE)
    assert walk_from(qtbot, dialog, "filePassphraseField") == [
        "filePassphraseField", "passphraseBack", "openWithPassphrase"]


def test_a_file_with_a_conflict_tabs_through_the_summary_the_versions_and_the_result(
    qtbot: QtBot, pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    original = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Council's wording"))
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="LGA's wording"))
    dialog = import_dialog(qtbot, lga)
    open_file(qtbot, dialog, send(council, LGA.name, tmp_path / "2.sgp"))
    # Import is not reached until the conflict is settled: it is switched off.
    assert walk_from(qtbot, dialog, "importItems") == ["importItems", "cancelImportSummary", "resolveConflictsButton"]

    find(dialog, QPushButton, "resolveConflictsButton").click()
    assert dialog.focusWidget() is find(dialog, QListWidget, "conflictList")
    find(dialog, QRadioButton, RESOLUTION_BUTTONS[Resolution.KEEP_MINE]).click()
    assert walk_from(qtbot, dialog, "conflictList") == [
        "conflictList", "comparisonTable", "keepMineChoice", "conflictsBack", "conflictsImportButton"]

    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        find(dialog, QPushButton, "conflictsImportButton").click()
    assert walk_from(qtbot, dialog, "importOutcomes") == ["importOutcomes", "closeImportButton"]
