"""The export dialog: who a protocol file is for, which alerts go, what is left out and why, then the file.

Two real vaults (a council and the LGA that trust each other, as in tests/unit/test_exchange_service.py):
what the dialog writes is read back by the receiving office's own services.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.query import AlertQuery
from sg_desktop.exchange import MergeKind
from sg_desktop.ui.exchange.export_dialog import ExportDialog, What
from tests.unit.test_exchange_service import (
    ADCS,
    COUNCIL,
    FILE_PASSPHRASE,
    LGA,
    Offices,
    alert,
    receive,
)

from .conftest import find
from .tab_order import app_theme, controls_hiding_focus, tab_order


def export_dialog(qtbot: QtBot, session: Session, **options: object) -> ExportDialog:
    """An export dialog on screen, its first preview shown."""
    dialog = ExportDialog(session, work_factor=10, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready):
        dialog.show()
    return dialog


def tick(qtbot: QtBot, dialog: ExportDialog, office: str, on: bool = True) -> None:
    """Tick (or untick) an office in the recipient list and wait for the preview."""
    offices = find(dialog, QListWidget, "recipientList")
    names = [offices.item(i).text() for i in range(offices.count())]
    row = next(i for i, text in enumerate(names) if text.startswith(office))
    with qtbot.waitSignal(dialog.preview_ready):
        offices.item(row).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def choose_what(qtbot: QtBot, dialog: ExportDialog, what: str) -> None:
    """Choose which alerts go and wait for the preview."""
    with qtbot.waitSignal(dialog.preview_ready):
        find(dialog, QRadioButton, what).click()


def save(qtbot: QtBot, dialog: ExportDialog, path: Path) -> object:
    """Press "Save file…", answer the file dialog with `path`, wait for the file; the ExportResult."""
    button = find(dialog, QPushButton, "saveExportButton")
    assert button.isEnabled()
    button.click()
    chooser = find(dialog, QFileDialog, "exportFileDialog")
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as written:
        chooser.selectFile(str(path))
        chooser.accept()
    return written.args[0]


def summary(dialog: ExportDialog) -> str:
    return find(dialog, QLabel, "exportSummary").text()


def test_the_preview_says_what_goes_and_what_is_left_out_and_why(qtbot: QtBot, pair: Offices) -> None:
    council = pair["council"]
    shared, private = council.alerts.add_many([alert("Review into agency practice"),
                                               alert("For ADCS only", frozenset({OrgType.ADCS}))])
    dialog = export_dialog(qtbot, council, query=AlertQuery())
    assert summary(dialog) == "Tick the offices the file is for."
    assert not find(dialog, QPushButton, "saveExportButton").isEnabled()
    tick(qtbot, dialog, LGA.name)
    assert summary(dialog).startswith("1 alert will go to Local Government Association.")
    assert "1 alert left out, as listed below." in summary(dialog)
    assert dialog.items.going_rows() == [shared.reference]
    assert dialog.items.left_out_rows() == [(private.reference, "its sharing scope leaves out LGA")]
    assert find(dialog, QPushButton, "saveExportButton").isEnabled()


def test_a_saved_file_holds_what_the_preview_showed_and_the_lga_imports_it(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    council = pair["council"]
    council.alerts.add_many([alert("Review"), alert("Trial listed", kind=AlertKind.TRIAL),
                             alert("For ADCS only", frozenset({OrgType.ADCS}))])
    dialog = export_dialog(qtbot, council)
    tick(qtbot, dialog, LGA.name)
    result = save(qtbot, dialog, tmp_path / "to-lga")
    assert result.path == tmp_path / "to-lga.sgp" and result.path.is_file()  # type: ignore[attr-defined]
    assert dialog.pages.currentWidget().objectName() == "exportDonePage"
    message = find(dialog, QLabel, "exportDoneMessage").text()
    assert "2 alerts for Local Government Association; file number 1" in message
    assert "1 alert left out" in message
    assert receive(pair["lga"], tmp_path / "to-lga.sgp")[MergeKind.NEW] == 2


def test_nothing_changed_since_the_last_file_means_nothing_to_save(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    council = pair["council"]
    council.alerts.add(alert("Review"))
    first = export_dialog(qtbot, council)
    assert find(first, QRadioButton, What.SINCE_LAST).isChecked()
    tick(qtbot, first, LGA.name)
    save(qtbot, first, tmp_path / "1.sgp")
    again = export_dialog(qtbot, council)
    tick(qtbot, again, LGA.name)
    assert summary(again) == "Nothing has changed since the last file sent to Local Government Association."
    assert not find(again, QPushButton, "saveExportButton").isEnabled()


def test_the_selected_alert_or_the_current_filter_chooses_what_goes(qtbot: QtBot, pair: Offices) -> None:
    council = pair["council"]
    review, trial = council.alerts.add_many([alert("Review"), alert("Trial", kind=AlertKind.TRIAL)])
    only_trials = AlertQuery(kinds=frozenset({AlertKind.TRIAL}))
    dialog = export_dialog(qtbot, council, selected=[review.reference], query=only_trials)
    assert find(dialog, QRadioButton, What.SELECTED).isChecked()
    assert find(dialog, QRadioButton, What.SELECTED).text() == f"The selected alert, {review.reference}"
    assert find(dialog, QRadioButton, What.FILTER).text() == "The 1 alert the log's current filter shows"
    tick(qtbot, dialog, LGA.name)
    assert dialog.items.going_rows() == [review.reference]
    choose_what(qtbot, dialog, What.FILTER)
    assert dialog.items.going_rows() == [trial.reference]
    nothing_selected = export_dialog(qtbot, council)
    assert not find(nothing_selected, QRadioButton, What.SELECTED).isEnabled()


def test_a_passphrase_file_needs_its_passphrase_twice_and_goes_to_one_organisation(
    qtbot: QtBot, offices: Offices, tmp_path: Path
) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    adcs.offices.add(council.offices.card(), trust=True)
    council.alerts.add_many([alert("For ADCS"), alert("Not for ADCS", frozenset({OrgType.LGA}))])
    dialog = export_dialog(qtbot, council, query=AlertQuery())
    assert find(dialog, QLabel, "recipientHint").text().startswith("No office is trusted yet")
    with qtbot.waitSignal(dialog.preview_ready):
        find(dialog, QRadioButton, "toPassphraseChoice").click()
    since_last = find(dialog, QRadioButton, What.SINCE_LAST)
    assert not since_last.isEnabled() and find(dialog, QRadioButton, What.FILTER).isChecked()
    org = find(dialog, QComboBox, "passphraseOrg")
    with qtbot.waitSignal(dialog.preview_ready):
        org.setCurrentIndex(org.findData(OrgType.ADCS))
    assert summary(dialog).startswith("1 alert will go to one ADCS office, by passphrase.")
    save_button = find(dialog, QPushButton, "saveExportButton")
    assert not save_button.isEnabled()  # no passphrase yet
    find(dialog, QLineEdit, "newPassphraseField").setText("too short")
    find(dialog, QLineEdit, "confirmPassphraseField").setText("too short")
    assert not save_button.isEnabled() and "at least 10 characters" in save_button.toolTip()
    find(dialog, QLineEdit, "newPassphraseField").setText(FILE_PASSPHRASE)
    assert not save_button.isEnabled()  # not typed twice
    find(dialog, QLineEdit, "confirmPassphraseField").setText(FILE_PASSPHRASE)
    assert save_button.isEnabled()
    save(qtbot, dialog, tmp_path / "for-adcs.sgp")
    assert find(dialog, QLineEdit, "newPassphraseField").text() == ""  # not kept once the file is written
    assert receive(adcs, tmp_path / "for-adcs.sgp", FILE_PASSPHRASE)[MergeKind.NEW] == 1


def test_untrusted_offices_cannot_be_chosen_and_a_write_failure_is_one_line(
    qtbot: QtBot, offices: Offices, tmp_path: Path
) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    adcs = offices.create("adcs", ADCS)
    council.offices.add(lga.offices.card(), trust=True)
    council.offices.add(adcs.offices.card())  # not verified
    council.alerts.add(alert("Review"))
    dialog = export_dialog(qtbot, council)
    recipients = find(dialog, QListWidget, "recipientList")
    assert [recipients.item(i).text() for i in range(recipients.count())] == [f"{LGA.name}  ·  LGA"]
    assert find(dialog, QLabel, "recipientHint").text() == f"Not verified yet, so not listed: {ADCS.name}."
    tick(qtbot, dialog, LGA.name)
    with qtbot.waitSignal(dialog.preview_ready):  # the failure re-reads the preview
        dialog.export_to(tmp_path / "no-such-folder" / "x.sgp")
    error = find(dialog, QLabel, "exportError")
    assert error.isVisible() and "\n" not in error.text()
    assert "does not exist; no file was written" in error.text()
    assert dialog.pages.currentWidget().objectName() == "exportChoosePage"


def test_force_close_closes_at_once_and_forgets_the_passphrase(qtbot: QtBot, pair: Offices) -> None:
    dialog = export_dialog(qtbot, pair["council"])
    find(dialog, QRadioButton, "toPassphraseChoice").click()
    find(dialog, QLineEdit, "newPassphraseField").setText(FILE_PASSPHRASE)
    dialog.force_close()
    assert not dialog.isVisible()
    assert find(dialog, QLineEdit, "newPassphraseField").text() == ""
    assert dialog.items.going_rows() == [] and dialog.preview is None


def test_the_council_an_alert_is_about_gets_it_back_and_other_councils_alerts_are_left_out_saying_why(
    qtbot: QtBot, pair: Offices, tmp_path: Path
) -> None:
    lga = pair["lga"]
    default_scope = frozenset({OrgType.LGA, OrgType.ADCS})
    own, elsewhere = lga.alerts.add_many([alert("Review into agency practice", default_scope),
                                          alert("Trial in Reading", default_scope, council="E06000038")])
    dialog = export_dialog(qtbot, lga, query=AlertQuery())
    tick(qtbot, dialog, COUNCIL.name)
    assert summary(dialog).startswith(f"1 alert will go to {COUNCIL.name}.")
    assert dialog.items.going_rows() == [own.reference]
    assert dialog.items.left_out_rows() == [(elsewhere.reference, "its sharing scope leaves out other councils")]
    save(qtbot, dialog, tmp_path / "to-council.sgp")
    assert receive(pair["council"], tmp_path / "to-council.sgp")[MergeKind.NEW] == 1


# -- the keyboard ------------------------------------------------------------------------------------------
# Tab reaches the chosen one of each set of round choices; the arrow keys move between them, as everywhere.


def walk_from(qtbot: QtBot, dialog: ExportDialog, first: str) -> list[str]:
    """The names Tab reaches, from the control named `first`; each also shows that it has the focus."""
    find(dialog, QWidget, first).setFocus()
    order = tab_order(qtbot, dialog)
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []
    return order


def test_tab_goes_down_who_and_what_then_the_preview_then_cancel_and_save(qtbot: QtBot, pair: Offices) -> None:
    council = pair["council"]
    council.alerts.add_many([alert("Review"), alert("For ADCS only", frozenset({OrgType.ADCS}))])
    dialog = export_dialog(qtbot, council, query=AlertQuery())
    tick(qtbot, dialog, LGA.name)
    assert walk_from(qtbot, dialog, "toOfficesChoice") == [
        "toOfficesChoice", "recipientList", What.SINCE_LAST, "exportItemsGoing", "exportItemsLeftOut",
        "cancelExportButton", "saveExportButton",
    ]


def test_by_passphrase_tab_goes_through_the_passphrase_twice_and_the_organisation(
    qtbot: QtBot, pair: Offices
) -> None:
    pair["council"].alerts.add(alert("Review"))
    dialog = export_dialog(qtbot, pair["council"], query=AlertQuery())
    with qtbot.waitSignal(dialog.preview_ready):
        find(dialog, QRadioButton, "toPassphraseChoice").click()
    org = find(dialog, QComboBox, "passphraseOrg")
    with qtbot.waitSignal(dialog.preview_ready):
        org.setCurrentIndex(org.findData(OrgType.LGA))
    qtbot.keyClicks(find(dialog, QLineEdit, "newPassphraseField"), FILE_PASSPHRASE)
    qtbot.keyClicks(find(dialog, QLineEdit, "confirmPassphraseField"), FILE_PASSPHRASE)
    assert walk_from(qtbot, dialog, "toPassphraseChoice") == [
        "toPassphraseChoice", "newPassphraseField", "confirmPassphraseField", "passphraseOrg", What.FILTER,
        "exportItemsGoing", "cancelExportButton", "saveExportButton",
    ]


def test_once_saved_tab_goes_from_what_went_to_close(qtbot: QtBot, pair: Offices, tmp_path: Path) -> None:
    pair["council"].alerts.add(alert("Review"))
    dialog = export_dialog(qtbot, pair["council"])
    tick(qtbot, dialog, LGA.name)
    save(qtbot, dialog, tmp_path / "to-lga.sgp")
    assert walk_from(qtbot, dialog, "exportDoneItemsGoing") == ["exportDoneItemsGoing", "closeExportButton"]
