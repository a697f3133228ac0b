"""Markup in every field is shown as typed, on every screen: nothing from a record, a card or a file is
drawn as rich text (a bold word, a link, a picture of a local file).

An office named with markup keeps an alert with markup in its title, summary, owner, milestone notes,
reasons and offer notes; a council named with markup sends it alerts whose references and text hold
markup, in files it signs itself (a hostile partner); an office nobody has trusted yet hands over a card
named with markup. Each screen is opened in turn (the log and its details, the editor on each tab and
row, the delete questions, the offices dialog on each page, the export and import dialogs on each page,
the audit window and an alert's history, first run and About) and every widget in it is looked at
(tests/gui/rich_text.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.offices import recipient_of
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import OfficeCard, Record, build
from sg_desktop.ui.application import Application
from sg_desktop.ui.audit.audit_window import AuditWindow
from sg_desktop.ui.editor.history_page import HistoryPage
from sg_desktop.ui.exchange.export_dialog import ExportDialog, What
from sg_desktop.ui.exchange.import_dialog import ImportDialog
from sg_desktop.ui.exchange.offices_dialog import OfficesDialog
from sg_desktop.ui.shared.prompts import ask_delete
from sg_desktop.ui.vault.first_run import FirstRunDialog
from tests.reported import report
from tests.unit.test_exchange_service import Offices, introduce

from .conftest import GUI_PASSPHRASE, find, unlock_with, visible
from .rich_text import MARK, PATH_MARK, Sweep
from .test_export_dialog import save, tick
from .test_import_dialog import open_file

WOKINGHAM, READING = "E06000041", "E06000038"
HERE = OfficeProfile(f"Association {MARK}", OrgType.LGA)
SENDER = OfficeProfile(f"Council {MARK}", OrgType.COUNCIL, council=WOKINGHAM)
STRANGER = OfficeProfile(f"Hall {MARK}", OrgType.COUNCIL, council=READING)
MOVED_AT = datetime(2026, 11, 20, 9, tzinfo=UTC)

_swept = Sweep()


@pytest.fixture(scope="module", autouse=True)
def count() -> Iterator[None]:
    """Say how many widgets the sweeps looked at, after the tests."""
    yield
    report(f"rich-text sweep: {_swept.widgets} widgets ({len(_swept.distinct)} different ones, {_swept.texts} texts "
          "holding markup)")


@pytest.fixture
def sweep() -> Iterator[Sweep]:
    """This test's sweep (it ends with `assert_clean()`); the widgets it looks at join the module's count."""
    mine = Sweep()
    yield mine
    _swept.widgets += mine.widgets
    _swept.texts += mine.texts
    _swept.distinct |= mine.distinct


@pytest.fixture
def gui_vault_path(tmp_path: Path) -> Path:
    """The vault the application opens, in a folder whose name is markup (About and first run show it)."""
    return tmp_path / PATH_MARK / "office.sgvault"


def marked_alert(council: str = WOKINGHAM, **changes: object) -> Alert:
    """An alert with markup in every field that holds text."""
    milestone = Milestone(MilestoneKind.TRIAL_START, date(2026, 12, 14), note=f"Note {MARK}").moved(
        date(2027, 1, 4), DateConfidence.CONFIRMED, MOVED_AT, f"Reason {MARK}")
    base = Alert(
        council, AlertKind.TRIAL, f"Title {MARK}", summary=f"Summary {MARK}\n<font color=red>BOLD</font>",
        owner=MARK[:40], sharing=frozenset(OrgType),
        milestones=(milestone, Milestone(MilestoneKind.VERDICT, date(2027, 2, 1), note=MARK)),
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                             note=f"Offer {MARK}"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


class World:
    """This office's vault (the one the application opens) and the offices around it."""

    def __init__(self, here: Session, offices: Offices, clock: FixedClock, folder: Path) -> None:
        self.here, self.offices, self.clock, self.folder = here, offices, clock, folder
        self.sender = offices.create("sender", SENDER)
        introduce(self.sender, here)
        self.stranger = offices.create("stranger", STRANGER)
        self.sequence = 0

    def hostile_file(self, *alerts: Alert) -> Path:
        """A file the sender signs itself, of alerts with any reference it likes (as a hostile office may)."""
        self.sequence += 1
        office = self.sender.offices.get(HERE.name)
        data = build([Record(a) for a in alerts], self.sender.offices.keys(), SENDER.name, SENDER.org_type,
                     [recipient_of(office)], self.sequence, self.clock.now())
        path = self.folder / f"hostile-{self.sequence}.sgp"
        path.write_bytes(data)
        return path

    def receive(self, path: Path) -> None:
        imports = self.here.imports
        imports.apply(imports.preview(imports.open(imports.read(path))))


def sent(reference: str, **changes: object) -> Alert:
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    return marked_alert(reference=reference, created_at=moment, updated_at=moment, revision=1,
                        origin_office=SENDER.name, **changes)


@pytest.fixture
def world(gui_service: VaultService, offices: Offices, clock: FixedClock, tmp_path: Path) -> Iterator[World]:
    here, _ = gui_service.create(GUI_PASSPHRASE, HERE)
    here.alerts.add(marked_alert(), confirm_identifying=True)
    made = World(here, offices, clock, tmp_path)
    made.receive(made.hostile_file(sent(f"WBC-{MARK}")))
    here.offices.add(made.stranger.offices.card())  # not trusted yet
    yield made
    here.lock()


# -- the log, its details, the editor and the delete questions --------------------------------------------


def test_the_log_its_details_and_the_editor_show_markup_as_typed(
    qtbot: QtBot, world: World, start_app: Callable[..., Application], sweep: Sweep
) -> None:
    world.here.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    log = application.window
    assert log is not None and log.model.rowCount() == 2
    for row in range(log.model.rowCount()):
        log.table.selectRow(row)
        assert "<b>BOLD</b>" in log.details.plain_text()
        sweep(log, where=f"log, row {row} selected")

        log.action_delete.trigger()
        box = visible(QMessageBox, "deleteConfirm")
        assert box is not None
        sweep(box, where=f"delete question from the log, row {row}")
        find(box, QPushButton, "cancelDeleteButton").click()

        log.edit_alert()
        [editor] = log.open_editors()
        for tab in range(editor.tabs.count()):
            editor.tabs.setCurrentIndex(tab)
            sweep(editor, where=f"editor of row {row}, tab {editor.tabs.tabText(tab)}")
            for table in editor.tabs.currentWidget().findChildren(QTableWidget):
                for item in range(table.rowCount()):
                    table.selectRow(item)
                    sweep(editor, where=f"editor of row {row}, tab {tab}, item {item}")
        editor.delete()
        question = next(b for b in editor.findChildren(QMessageBox, "deleteConfirm") if b.isVisible())
        sweep(question, where=f"delete question from the editor of row {row}")
        find(question, QPushButton, "cancelDeleteButton").click()
        editor.force_close()

    qtbot.keyClicks(log.filters.search, f"nothing {MARK}")
    qtbot.waitUntil(lambda: log.model.rowCount() == 0, timeout=5_000)
    sweep(log, where="log, a search that matches nothing")

    log.action_about.trigger()
    about = visible(QWidget, "aboutDialog")
    assert about is not None
    sweep(about, where="About")
    about.close()
    sweep.assert_clean()


def test_the_delete_question_shows_a_reference_from_a_file_as_typed(qtbot: QtBot, sweep: Sweep) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = ask_delete(parent, f"WBC-{MARK}", lambda _answer: None)
    sweep(box, where="delete question")
    assert f"WBC-{MARK}" in box.text()
    box.done(0)
    sweep.assert_clean()


# -- offices ---------------------------------------------------------------------------------------------


def offices_dialog(qtbot: QtBot, session: Session) -> OfficesDialog:
    dialog = OfficesDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog: OfficesDialog, name: str) -> None:
    tree = find(dialog, QTreeWidget, "officeList")
    tree.setCurrentItem(next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                             if tree.topLevelItem(i).text(0) == name))


def test_every_page_of_the_offices_dialog_shows_office_names_as_typed(
    qtbot: QtBot, world: World, sweep: Sweep, offices: Offices
) -> None:
    dialog = offices_dialog(qtbot, world.here)
    sweep(dialog, where="offices list")
    for name in (SENDER.name, STRANGER.name):
        select(dialog, name)
        sweep(dialog, where=f"offices list, {name[:8]} selected")

    select(dialog, STRANGER.name)
    find(dialog, QPushButton, "verifyButton").click()
    assert dialog.pages.currentWidget().objectName() != "officesPage"
    sweep(dialog, where="verify (trust) page")
    digits = world.stranger.offices.card().fingerprint_digits
    qtbot.keyClicks(find(dialog, QLineEdit, "digitsField"), digits.replace(" ", "")[:5])
    sweep(dialog, where="verify page, digits typed")
    dialog.reject()

    select(dialog, STRANGER.name)
    find(dialog, QPushButton, "setCouncilButton").click()
    sweep(dialog, where="council page")
    dialog.reject()

    select(dialog, SENDER.name)
    find(dialog, QPushButton, "replaceKeyButton").click()
    sweep(dialog, where="replace key page")
    new_card = OfficeCard.issue(OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate())),
                                SENDER.name, SENDER.org_type)
    card_text = next(t for t in dialog.pages.currentWidget().findChildren(QPlainTextEdit) if t.isVisible())
    card_text.setPlainText(new_card.to_string())
    sweep(dialog, where="replace key page, new card read")
    other_org = OfficeCard.issue(OfficeKeys(bytes(range(1, 33)), str(pyrage.x25519.Identity.generate())),
                                 SENDER.name, OrgType.ADCS)
    card_text.setPlainText(other_org.to_string())
    find(dialog, QCheckBox, "replaceConfirm").setChecked(True)
    find(dialog, QPushButton, "replaceKeyConfirm").click()
    assert SENDER.name in find(dialog, QLabel, "replaceError").text()  # refused, naming the office
    sweep(dialog, where="replace key page, a card of another organisation refused")
    dialog.reject()

    find(dialog, QPushButton, "addFromCardButton").click()
    find(dialog, QPlainTextEdit, "cardText").setPlainText(world.sender.offices.card().to_string())
    find(dialog, QPushButton, "addCardConfirm").click()
    sweep(dialog, where="add-card page, a known office's card refused")
    dialog.reject()

    newcomer = offices.create("newcomer", OfficeProfile(f"Newcomer {MARK}", OrgType.ADCS))
    find(dialog, QPushButton, "addFromCardButton").click()
    find(dialog, QPlainTextEdit, "cardText").setPlainText(newcomer.offices.card().to_string())
    sweep(dialog, where="add-card preview of a card nobody trusts yet")
    find(dialog, QPushButton, "addCardConfirm").click()
    sweep(dialog, where="verify page after adding")
    qtbot.keyClicks(find(dialog, QLineEdit, "digitsField"), "12345" * 8)  # not its digits
    find(dialog, QPushButton, "trustButton").click()
    assert find(dialog, QLabel, "verifyError").isVisible()
    sweep(dialog, where="verify page, digits that do not match")
    dialog.reject()

    select(dialog, SENDER.name)
    find(dialog, QPushButton, "removeOfficeButton").click()
    box = next(b for b in dialog.findChildren(QMessageBox, "confirmRemoveOffice") if b.isVisible())
    sweep(box, where="remove confirmation")
    assert SENDER.name in box.text()
    box.done(0)
    sweep.assert_clean()


# -- export and import -----------------------------------------------------------------------------------


def test_the_export_dialog_shows_names_references_and_titles_as_typed(
    qtbot: QtBot, world: World, sweep: Sweep, tmp_path: Path
) -> None:
    world.here.offices.trust(STRANGER.name, digits=world.stranger.offices.card().fingerprint_digits)
    received = next(a for a in world.here.alerts.all() if a.origin_office)
    dialog = ExportDialog(world.here, work_factor=10, selected=[received.reference])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready):
        dialog.show()
    sweep(dialog, where="export, nothing chosen")
    tick(qtbot, dialog, SENDER.name)
    sweep(dialog, where="export to the sender, the selected alert")
    tick(qtbot, dialog, STRANGER.name)  # a council's office: the other council's alerts are left out
    with qtbot.waitSignal(dialog.preview_ready):
        find(dialog, QRadioButton, What.SINCE_LAST).click()
    sweep(dialog, where="export of every alert, some left out")
    save(qtbot, dialog, tmp_path / "out.sgp")
    sweep(dialog, where="export summary")
    sweep.assert_clean()


def test_the_import_dialog_shows_the_sender_and_its_alerts_as_typed(
    qtbot: QtBot, world: World, sweep: Sweep, clock: FixedClock
) -> None:
    mine = next(a for a in world.here.alerts.all() if a.origin_office)
    clock.moment += timedelta(hours=1)
    world.here.alerts.save(replace(mine, title=f"Mine {MARK}"), confirm_identifying=True)
    clock.moment += timedelta(hours=1)
    theirs = replace(mine, title=f"Theirs {MARK}", revision=mine.revision + 1, updated_at=clock.now())
    flagged = sent(f"NEW-{MARK}", title=f"New {MARK}", summary=f"NHS number 943 476 5919 {MARK}")
    path = world.hostile_file(theirs, flagged)

    dialog = ImportDialog(world.here)
    qtbot.addWidget(dialog)
    dialog.show()
    open_file(qtbot, dialog, path)
    assert dialog.pages.currentWidget().objectName() == "importSummaryPage"
    assert find(dialog, QLabel, "identifyingNote").isVisible()  # it names the flagged alert's reference
    sweep(dialog, where="import summary")
    find(dialog, QPushButton, "resolveConflictsButton").click()
    assert dialog.pages.currentWidget().objectName() == "importConflictsPage"
    conflicts = find(dialog, QListWidget, "conflictList")
    for row in range(conflicts.count()):
        conflicts.setCurrentRow(row)
        sweep(dialog, where=f"import conflicts, conflict {row}")
    keep_both = next(b for b in dialog.findChildren(QRadioButton) if "both" in b.text().lower())
    keep_both.click()
    sweep(dialog, where="import conflicts, chosen")
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        find(dialog, QPushButton, "conflictsImportButton").click()
    sweep(dialog, where="import done")

    again = ImportDialog(world.here)
    qtbot.addWidget(again)
    again.show()
    open_file(qtbot, again, path)
    assert find(again, QLabel, "importRefused").isVisible()
    sweep(again, where="import summary of a file already imported")
    sweep.assert_clean()


# -- the audit trail -------------------------------------------------------------------------------------


def test_the_audit_window_and_the_history_tab_show_references_and_office_names_as_typed(
    qtbot: QtBot, world: World, sweep: Sweep, tmp_path: Path
) -> None:
    received = next(a for a in world.here.alerts.all() if a.origin_office)
    world.here.exports.export([SENDER.name], AlertChoice(), tmp_path / "back.sgp")  # sent to a marked office
    window = AuditWindow(world.here.audit, world.clock.today())
    qtbot.addWidget(window)
    window.show()
    table = find(window, QTableView, "auditTable")
    assert any(f"WBC-{MARK}" == table.model().index(r, 3).data() for r in range(table.model().rowCount()))
    sweep(window, where="audit window, every entry")
    for row in range(table.model().rowCount()):
        table.selectRow(row)
    sweep(window, where="audit window, rows selected")
    office = find(window, QComboBox, "auditOffice")
    for index in range(office.count()):
        office.setCurrentIndex(index)
        sweep(window, where=f"audit window, office filter {index}")
    office.setCurrentIndex(0)
    qtbot.keyClicks(find(window, QLineEdit, "auditAlert"), "<b>")
    window.reload()
    assert table.model().rowCount() > 0
    sweep(window, where="audit window, a reference with markup typed")
    with qtbot.waitSignal(window.verified, timeout=5_000):
        find(window, QPushButton, "auditVerifyButton").click()
    sweep(window, where="audit window, chain verified")

    page = HistoryPage(received.id, received.reference, world.here.audit.history)
    qtbot.addWidget(page)
    page.show()
    page.ensure_loaded()
    assert page.entries_shown()
    sweep(page, where="history of an alert from a marked office")
    sweep.assert_clean()


# -- first run -------------------------------------------------------------------------------------------


def test_first_run_shows_the_office_and_the_folder_as_typed(
    qtbot: QtBot, start_app: Callable[..., Application], sweep: Sweep
) -> None:
    application = start_app()
    dialog = application.first_run_dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    org = find(dialog, QComboBox, "orgType")
    org.setCurrentIndex(org.findData(OrgType.LGA.value))
    name = find(dialog, QLineEdit, "officeName")
    name.clear()
    qtbot.keyClicks(name, f"Office {MARK}")
    sweep(dialog, where="first run, office typed")
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), GUI_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), GUI_PASSPHRASE)
    find(dialog, QPushButton, "createVault").click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget().objectName() == "recoveryKeyPage", timeout=10_000)
    sweep(dialog, where="first run, recovery key page")
    sweep.assert_clean()
