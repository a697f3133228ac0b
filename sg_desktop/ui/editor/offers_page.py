"""The alert editor's support-offers page: who offered what to whom, and where each offer stands."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QHeaderView, QPushButton, QWidget

from sg_desktop.domain.enums import OfferedTo, OfferingOrganisation, OfferKind, OfferStatus
from sg_desktop.domain.model import SupportOffer
from sg_desktop.ui.editor.fields import EnumCombo, OptionalDateEdit
from sg_desktop.ui.editor.list_page import ButtonWords, ListEditor, ListWords
from sg_desktop.ui.editor.milestones_page import short_day
from sg_desktop.ui.editor.offer_pipeline import NEXT_STATUS, OfferPipeline

__all__ = ["OffersEditor"]

_WORDS = ListWords(
    name="offer",
    long_name="Support offer",
    columns=("Organisation", "Support", "For", "Status", "Follow-up"),
    empty_hint=(
        "No support offered yet. Record each offer — a peer mentor, media-handling advice — and follow it "
        "through."
    ),
    add=ButtonWords("Add o&ffer", "addOfferButton", "Add support offer",
                    "Add a support offer (Ctrl+Shift+O)"),
    remove=ButtonWords("Re&move", "removeOfferButton", "Remove the selected support offer",
                       "Remove the selected offer (Delete in the table; it can be undone)"),
    note_placeholder="For example: who made the offer, what was agreed",
    note_height=64,
)
# The kinds of support and the people offered it have long labels; those columns share the width and
# elide, with the whole label in the tooltip.
_STRETCHED_COLUMNS = (1, 2)


class OffersEditor(ListEditor[SupportOffer]):
    """A table of support offers with a form for the selected one and its place in the pipeline.

    `edited(offers, description, merge_key)` carries the whole new tuple, as MilestonesEditor does.
    """

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(_WORDS, parent)
        self._today = today
        self._build()

    # -- the form --------------------------------------------------------------------------------------

    def _size_columns(self, header: QHeaderView) -> None:
        for column in range(len(_WORDS.columns)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in _STRETCHED_COLUMNS
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def _make_fields(self) -> None:
        self.organisation = EnumCombo(
            OfferingOrganisation, "offerOrganisation", "Offering organisation", self
        )
        self.kind = EnumCombo(OfferKind, "offerKind", "Kind of support", self)
        self.offered_to = EnumCombo(OfferedTo, "offerTo", "Offered to", self)
        self.status = EnumCombo(OfferStatus, "offerStatus", "Offer status", self)
        self.pipeline = OfferPipeline(self)
        self.advance_button = QPushButton(self)
        self.advance_button.setObjectName("offerAdvanceButton")
        self.advance_button.clicked.connect(self.advance)
        self.offered_on = OptionalDateEdit("offerOfferedOn", "Offered on", self._today, self)
        self.decided_on = OptionalDateEdit("offerDecidedOn", "Decided on", self._today, self)
        self.follow_up_on = OptionalDateEdit("offerFollowUp", "Follow up on", self._today, self)

    def _fill_form(self, form: QFormLayout) -> None:
        form.addRow(self._label("Or&ganisation", self.organisation), self.organisation)
        form.addRow(self._label("Support &kind", self.kind), self.kind)
        form.addRow(self._label("Offered &to", self.offered_to), self.offered_to)
        status_row = QWidget(self)
        status_layout = QHBoxLayout(status_row)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.addWidget(self.status, 1)
        status_layout.addWidget(self.advance_button)
        form.addRow(self._label("Stat&us", self.status), status_row)
        form.addRow("", self.pipeline)
        for text, field in (("Offered on", self.offered_on), ("Decided on", self.decided_on),
                            ("Follow up on", self.follow_up_on)):
            form.addRow(self._label(text, field), field)
        note_block = self._note_block()
        form.addRow(self._label("N&ote", self.note), note_block)

    def _tab_order(self) -> list[QWidget]:
        return [
            self.organisation,
            self.kind,
            self.offered_to,
            self.status,
            self.advance_button,
            self.offered_on.check,
            self.offered_on.edit.line,
            self.decided_on.check,
            self.decided_on.edit.line,
            self.follow_up_on.check,
            self.follow_up_on.edit.line,
        ]

    def _connect_fields(self) -> None:
        self.organisation.value_changed.connect(
            lambda v: self._edit_current("Change offering organisation", "", organisation=v)
        )
        self.kind.value_changed.connect(lambda v: self._edit_current("Change kind of support", "", kind=v))
        self.offered_to.value_changed.connect(
            lambda v: self._edit_current("Change who support is for", "", offered_to=v)
        )
        self.status.value_changed.connect(lambda v: self._edit_current("Change offer status", "", status=v))
        self.offered_on.value_changed.connect(
            lambda v: self._edit_current("Change offer date", "offered", offered_on=v)
        )
        self.decided_on.value_changed.connect(
            lambda v: self._edit_current("Change decision date", "decided", decided_on=v)
        )
        self.follow_up_on.value_changed.connect(
            lambda v: self._edit_current("Change follow-up date", "follow", follow_up_on=v)
        )

    # -- public ----------------------------------------------------------------------------------------

    def offers(self) -> tuple[SupportOffer, ...]:
        """The offers shown."""
        return self.items()

    def show_offers(self, offers: tuple[SupportOffer, ...]) -> None:
        """Show these offers, keeping the selection on the same offer where it still exists."""
        self.show_items(offers)

    def set_today(self, today: date) -> None:
        """The date a newly ticked date field starts from."""
        self._today = today
        for field in (self.offered_on, self.decided_on, self.follow_up_on):
            field.set_default(today)

    def add_item(self) -> None:
        """Append a proposed offer and select it."""
        new = SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER)
        self._append(new, "Add support offer", self.organisation)

    def advance(self) -> None:
        """Move the selected offer to its usual next step, dating the offer or decision if not yet dated."""
        row = self.current_row()
        if row < 0:
            return
        offer = self._items[row]
        following = NEXT_STATUS.get(offer.status)
        if following is None:
            return
        changes: dict[str, object] = {"status": following}
        if following == OfferStatus.OFFERED and offer.offered_on is None:
            changes["offered_on"] = self._today
        if following == OfferStatus.ACCEPTED and offer.decided_on is None:
            changes["decided_on"] = self._today
        self._edit_current(f"Mark offer as {following.label.lower()}", "", **changes)

    # -- editing ---------------------------------------------------------------------------------------

    def _remove_text(self, item: SupportOffer) -> str:
        return "Remove support offer"

    def _merge_key(self, merge_key: str, current: SupportOffer) -> str:
        return f"offer:{merge_key}:{current.id}"

    # -- showing ---------------------------------------------------------------------------------------

    def _cells(self, item: SupportOffer) -> tuple[str, ...]:
        follow = short_day(item.follow_up_on) if item.follow_up_on else ""
        return (item.organisation.label, item.kind.label, item.offered_to.label, item.status.label, follow)

    def _show_fields(self, item: SupportOffer) -> None:
        self.organisation.set_value_if_changed(item.organisation)
        self.kind.set_value_if_changed(item.kind)
        self.offered_to.set_value_if_changed(item.offered_to)
        self.status.set_value_if_changed(item.status)
        self.offered_on.set_value_if_changed(item.offered_on)
        self.decided_on.set_value_if_changed(item.decided_on)
        self.follow_up_on.set_value_if_changed(item.follow_up_on)
        self.pipeline.set_status(item.status)
        following = NEXT_STATUS.get(item.status)
        self.advance_button.setVisible(following is not None)
        if following is not None:
            self.advance_button.setText(f"Mark as {following.label.lower()}")
            self.advance_button.setAccessibleName(f"Mark the offer as {following.label.lower()}")

    def _clear_fields(self) -> None:
        self.advance_button.hide()
