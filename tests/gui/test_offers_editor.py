"""The support-offers page on its own: the pipeline, its next step, optional dates and problems."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from sg_desktop.domain.enums import AlertKind, OfferStatus
from sg_desktop.domain.model import Alert
from sg_desktop.domain.validation import problems_in_alert
from sg_desktop.ui.editor.offers_page import OffersEditor
from tests.gui.dates import type_date

TODAY = date(2026, 11, 24)


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[OffersEditor]:
    """The page with one new offer, wired as the dialog wires it: each edit is shown back."""
    page = OffersEditor(TODAY)
    page.edited.connect(lambda items, _text, _key: page.show_offers(items))
    page.show_offers(())
    qtbot.addWidget(page)
    page.show()
    page.add_button.click()
    yield page


def test_a_new_offer_starts_proposed_at_the_first_step(editor: OffersEditor) -> None:
    [offer] = editor.offers()
    assert offer.status == OfferStatus.PROPOSED
    assert editor.pipeline.description() == "Step 1 of 5: Proposed. Next: offered."
    assert editor.advance_button.text() == "Mark as offered"


def test_the_next_step_button_walks_the_pipeline_and_dates_the_offer_and_decision(
    editor: OffersEditor,
) -> None:
    seen = []
    while editor.advance_button.isVisible():
        editor.advance_button.click()
        seen.append(editor.offers()[0].status)
    assert seen == [OfferStatus.OFFERED, OfferStatus.ACCEPTED, OfferStatus.IN_PROGRESS, OfferStatus.COMPLETED]
    offer = editor.offers()[0]
    assert (offer.offered_on, offer.decided_on) == (TODAY, TODAY)
    assert editor.pipeline.description() == "Step 5 of 5: Completed. The support is complete."
    assert editor.table.item(0, 3).text() == "Completed"


def test_an_offer_date_already_set_is_kept_when_the_offer_moves_on(qtbot: QtBot, editor: OffersEditor) -> None:
    editor.offered_on.check.setChecked(True)
    type_date(qtbot, editor.offered_on.edit, "2/11/2026")
    editor.advance_button.click()
    assert editor.offers()[0].offered_on == date(2026, 11, 2)


def test_declining_ends_the_pipeline(editor: OffersEditor) -> None:
    editor.status.set_value(OfferStatus.DECLINED)
    assert editor.offers()[0].status == OfferStatus.DECLINED
    assert (
        editor.pipeline.description()
        == "Step 3 of 5: Declined. The offer was declined; the pipeline ends here."
    )
    assert not editor.advance_button.isVisible()


def test_an_optional_date_is_unset_until_ticked(qtbot: QtBot, editor: OffersEditor) -> None:
    assert editor.offers()[0].follow_up_on is None
    assert not editor.follow_up_on.edit.isEnabled()
    editor.follow_up_on.check.setChecked(True)
    assert editor.offers()[0].follow_up_on == TODAY
    type_date(qtbot, editor.follow_up_on.edit, "8 Dec 2026")
    assert editor.offers()[0].follow_up_on == date(2026, 12, 8)
    assert editor.table.item(0, 4).text() == "8 Dec 2026"
    editor.follow_up_on.check.setChecked(False)
    assert editor.offers()[0].follow_up_on is None


def test_a_decision_before_the_offer_is_reported_on_the_page_and_on_the_row(qtbot: QtBot, editor: OffersEditor) -> None:
    editor.offered_on.check.setChecked(True)
    type_date(qtbot, editor.offered_on.edit, "20/11/26")
    editor.decided_on.check.setChecked(True)
    type_date(qtbot, editor.decided_on.edit, "2026-11-10")
    alert = Alert(council="E08000035", kind=AlertKind.CSPR, title="t", offers=editor.offers())
    editor.show_checks(problems_in_alert(alert), [])
    message = "Support offer 1 was decided before it was offered."
    assert editor.problems.text() == message
    assert editor.row_problems.text() == message
    assert editor.table.item(0, 0).toolTip() == message


def test_removing_the_offer_empties_the_page(editor: OffersEditor) -> None:
    editor.remove_button.click()
    assert editor.offers() == ()
    assert editor.empty_hint.isVisible()
    assert not editor.detail.isEnabled()
