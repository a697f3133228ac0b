"""The lesson dialog's review of each support offer: taken up or not, how useful, and a sentence.

One row per offer of the alert, in the alert's order: what the offer was (its organisation, kind, for whom and
its status, as fixed words), a "Taken up" tick, a usefulness choice (only for an offer taken up) and a comment.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QWidget

from sg_desktop.domain.lessons import MAX_COMMENT, USEFULNESS_WORDS, OfferReview
from sg_desktop.domain.model import SupportOffer
from sg_desktop.ui.shared.widgets import label

__all__ = ["OfferReviews"]


class _Row:
    """The widgets of one offer's review."""

    def __init__(self, parent: QWidget, number: int, offer: SupportOffer | None, review: OfferReview) -> None:
        self.review = review
        what = (f"{offer.organisation.label}: {offer.kind.label} for {offer.offered_to.label.lower()} "
                f"({offer.status.label.lower()})" if offer is not None else
                f"{review.organisation.label}: {review.kind.label}")
        self.label = label(f"{number}. {what}", parent, "", f"lessonOffer{number}Label")
        self.accepted = QCheckBox("Taken up", parent)
        self.accepted.setObjectName(f"lessonOffer{number}Accepted")
        self.accepted.setAccessibleName(f"Support offer {number} taken up")
        self.accepted.setChecked(review.accepted)
        self.usefulness = QComboBox(parent)
        self.usefulness.setObjectName(f"lessonOffer{number}Usefulness")
        self.usefulness.setAccessibleName(f"How useful support offer {number} was")
        self.usefulness.addItem("Not rated", None)
        for rating, words in USEFULNESS_WORDS.items():
            self.usefulness.addItem(f"{rating} – {words}", rating)
        self.usefulness.setCurrentIndex(max(0, self.usefulness.findData(review.usefulness)))
        self.comment = QLineEdit(parent)
        self.comment.setObjectName(f"lessonOffer{number}Comment")
        self.comment.setAccessibleName(f"Comment on support offer {number}")
        self.comment.setPlaceholderText("A sentence: how it went")
        self.comment.setMaxLength(MAX_COMMENT)
        self.comment.setText(review.comment)
        self.comment.setCursorPosition(0)  # its start shows, as it was written
        self.usefulness.setEnabled(review.accepted)

    def value(self) -> OfferReview:
        taken = self.accepted.isChecked()
        rating = self.usefulness.currentData() if taken else None
        return replace(self.review, accepted=taken, usefulness=None if rating is None else int(rating),
                       comment=self.comment.text())


class OfferReviews(QWidget):
    """Every offer's review; `edited` fires on any change."""

    edited = Signal()

    def __init__(self, reviews: tuple[OfferReview, ...], offers: tuple[SupportOffer, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonOffers")
        by_id = {o.id: o for o in offers}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        self.rows: list[_Row] = []
        if not reviews:
            grid.addWidget(label("No support was offered on this alert.", self, "hint", "lessonNoOffers"), 0, 0)
        for i, review in enumerate(reviews, 1):
            row = _Row(self, i, by_id.get(review.offer_id), review)
            grid.addWidget(row.label, 2 * i - 2, 0, 1, 3)
            grid.addWidget(row.accepted, 2 * i - 1, 0)
            grid.addWidget(row.usefulness, 2 * i - 1, 1)
            grid.addWidget(row.comment, 2 * i - 1, 2)
            row.accepted.toggled.connect(lambda on, r=row: self._taken_up(r, on))
            row.usefulness.currentIndexChanged.connect(self.edited)
            row.comment.textEdited.connect(self.edited)
            self.rows.append(row)
        grid.setColumnStretch(2, 1)

    def reviews(self) -> tuple[OfferReview, ...]:
        """The reviews as the rows show them (an offer not taken up is never rated)."""
        return tuple(r.value() for r in self.rows)

    def focus_chain(self) -> list[QWidget]:
        """The rows' fields, in the order Tab visits them."""
        return [w for r in self.rows for w in (r.accepted, r.usefulness, r.comment)]

    def _taken_up(self, row: _Row, on: bool) -> None:
        row.usefulness.setEnabled(on)
        if not on:
            row.usefulness.setCurrentIndex(0)
        self.edited.emit()
