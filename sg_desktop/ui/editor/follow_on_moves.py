"""The question asked when a milestone's date moves: move the alert's later milestones by as many days too?

When a trial is adjourned, its verdict and sentencing usually move with it. The box lists every later
milestone (its kind, its date now → the date it would move to, and how sure that date is) with a tick
each, ticked as `domain.follow_on` suggests. "Move ticked" (Return) moves the ticked ones; "Only this one"
(Escape) leaves them. Like the editor's other questions it is window-modal and opened with `open()`: the
answer comes back through a callback, and tests tick and click by object name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sg_desktop.domain.follow_on import FollowOn
from sg_desktop.domain.model import Milestone
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.formatting import day_text, plural

__all__ = ["MOVE_TICKED", "ONLY_THIS_ONE", "FollowOnMovesDialog", "offer_follow_on_moves"]

# Object names of the two answers, for tests and screen readers.
MOVE_TICKED = "moveTickedButton"
ONLY_THIS_ONE = "onlyThisOneButton"


def _shift_text(old: date, new: date) -> str:
    days = (new - old).days
    return f"{plural(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"


class FollowOnMovesDialog(QDialog):
    """A tick for each later milestone; accepted means "move the ticked ones", rejected "only this one"."""

    def __init__(
        self, moved: Milestone, old_date: date, offers: Sequence[FollowOn], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followOnMoves")
        self.setWindowTitle("Move the later milestones too?")
        self._offers = tuple(offers)
        shift = _shift_text(old_date, moved.date)
        heading = QLabel(
            f"{moved.kind.label} moved from {day_text(old_date)} to {day_text(moved.date)} ({shift}).", self
        )
        heading.setObjectName("followOnHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: 600;")
        detail = QLabel(
            f"Move the alert's later milestones by the same {plural(abs((moved.date - old_date).days), 'day')}? "
            "Each one moved keeps the move in its history, with the same reason. A confirmed date is not "
            "ticked: it stays unless you tick it.",
            self,
        )
        detail.setObjectName("followOnDetail")
        detail.setWordWrap(True)
        for label in (heading, detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.ticks: list[QCheckBox] = []
        for i, offer in enumerate(self._offers):
            m = offer.milestone
            tick = QCheckBox(
                f"{m.kind.label}: {day_text(m.date)} → {day_text(offer.new_date)} ({m.confidence.label.lower()})",
                self,
            )
            tick.setObjectName(f"followOn{i}")
            tick.setAccessibleName(f"Move {m.kind.label.lower()} to {day_text(offer.new_date)}")
            tick.setChecked(offer.ticked)
            self.ticks.append(tick)
        self.move_button = QPushButton("&Move ticked", self)
        self.move_button.setObjectName(MOVE_TICKED)
        self.move_button.setDefault(True)
        self.only_button = QPushButton("&Only this one", self)
        self.only_button.setObjectName(ONLY_THIS_ONE)
        self.move_button.clicked.connect(self.accept)
        self.only_button.clicked.connect(self.reject)  # Escape answers the same

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(detail)
        for tick in self.ticks:
            layout.addWidget(tick)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.only_button)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        # Tab goes down the ticks, then along the answers as they are seen (the one Return presses first).
        chain: list[QWidget] = [*self.ticks, self.move_button, self.only_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        chain[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(520)
        offer_help(self, "moving-dates", detail)

    def ticked(self) -> tuple[str, ...]:
        """The ids of the milestones ticked now."""
        return tuple(o.milestone.id for o, tick in zip(self._offers, self.ticks, strict=True) if tick.isChecked())


def offer_follow_on_moves(
    parent: QWidget,
    moved: Milestone,
    old_date: date,
    offers: Sequence[FollowOn],
    on_answer: Callable[[tuple[str, ...]], None],
) -> FollowOnMovesDialog:
    """Open the question; `on_answer` gets the ids to move (none for "Only this one" or Escape)."""
    dialog = FollowOnMovesDialog(moved, old_date, offers, parent)
    dialog.finished.connect(
        lambda result: on_answer(dialog.ticked() if result == QDialog.DialogCode.Accepted.value else ())
    )
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
