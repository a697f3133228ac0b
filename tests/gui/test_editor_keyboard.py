"""The alert editor from the keyboard alone: Tab follows what is on screen, page by page, with Delete, Cancel
and Save last, every control shows when it has the focus, and no key presses a button the officer did not
mean."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, MilestoneKind, OfferedTo, OfferingOrganisation, OfferKind
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from tests.gui.tab_order import app_theme, controls_hiding_focus, tab_order

from .conftest import LEEDS, visible

FOOTER = ["deleteButton", "cancelButton", "saveButton", "qt_tabwidget_tabbar"]


@pytest.fixture
def editor(qtbot: QtBot, session: Session, clock: FixedClock) -> Iterator[AlertEditorDialog]:
    """The editor open on a stored alert with a milestone and a support offer."""
    alert = session.alerts.add(Alert(
        council=LEEDS, kind=AlertKind.CSPR, title="Practice review, Leeds",
        milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 1, 30)),),
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER),),
    ))
    dialog = AlertEditorDialog(session.alerts, alert, clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    yield dialog
    dialog.force_close()


def test_tab_goes_down_the_details_page_then_delete_cancel_and_save(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    editor.details.council.setFocus()
    assert tab_order(qtbot, editor) == [
        "councilPicker", "kindCombo", "titleEdit", "summaryEdit", "mediaCombo", "handlingCombo", "statusCombo",
        "ownerEdit", "shareCouncil", "shareLga", "shareAdcs", "shareGroupOffice", "shareOther", "embargoCheck",
        "restrictionCheck", *FOOTER,
    ]
    with app_theme():
        assert controls_hiding_focus(qtbot, editor) == []


def test_tab_goes_from_the_milestones_list_through_its_form(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    editor.tabs.setCurrentIndex(1)
    table = editor.findChild(QTableWidget, "milestonesTable")
    table.selectRow(0)
    table.setFocus()
    order = tab_order(qtbot, editor)
    assert order[:4] == ["milestonesTable", "addMilestoneButton", "removeMilestoneButton", "milestoneKind"]
    assert order.index("milestoneDateText") < order.index("milestoneConfidence") < order.index("milestoneNote")
    assert order[-4:] == FOOTER
    with app_theme():
        assert controls_hiding_focus(qtbot, editor) == []


def test_tab_goes_from_the_offers_list_through_its_form(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    editor.tabs.setCurrentIndex(2)
    table = editor.findChild(QTableWidget, "offersTable")
    table.selectRow(0)
    table.setFocus()
    order = tab_order(qtbot, editor)
    assert order[:4] == ["offersTable", "addOfferButton", "removeOfferButton", "offerOrganisation"]
    assert order.index("offerOfferedOnCheck") < order.index("offerFollowUpCheck") < order.index("offerNote")
    assert order[-4:] == FOOTER
    with app_theme():
        assert controls_hiding_focus(qtbot, editor) == []


def test_shift_tab_goes_back_the_same_way(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    editor.details.title.setFocus()
    qtbot.keyClick(editor.details.title, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is editor.details.kind


def test_space_on_a_field_after_the_council_never_asks_about_unsaved_changes(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    # Tab from Council once went to Cancel, where Space opened "Unsaved changes".
    qtbot.keyClicks(editor.details.title, " more")
    editor.details.council.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.details.kind
    qtbot.keyClick(editor.details.kind, Qt.Key.Key_Space)
    assert visible(QMessageBox, "unsavedPrompt") is None
    assert editor.isVisible()
