"""Keep for another period, or put on legal hold: the reason (and, to keep, how many months) for one alert.

The reason is the office's own record text: checked as every free text is (one line, no control characters,
nothing that looks like it could identify a child without the officer saying so), kept in the vault with the
decision and never in the audit log. A problem is said under the form and nothing is saved; text that looks
identifying turns the button into "Save anyway", for the officer to press again once sure.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from sg_desktop.app.retention import RetentionService, ReviewLine
from sg_desktop.domain.errors import IdentifyingDataWarning, SgError
from sg_desktop.domain.retention import MAX_MONTHS, MIN_MONTHS
from sg_desktop.domain.validation import MAX_REASON
from sg_desktop.ui.shared.widgets import (
    button,
    button_row,
    focus_to_fix,
    label,
    primary_button,
    problem_label,
    set_tab_order,
    show_problems,
)

__all__ = ["DecisionDialog"]


class DecisionDialog(QDialog):
    """Asks why (and for `keeping`, how long) for the alert `line`; `on_saved` gets it as saved, then it closes."""

    def __init__(self, service: RetentionService, line: ReviewLine, *, keeping: bool,
                 on_saved: Callable[[ReviewLine], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionKeepDialog" if keeping else "retentionHoldDialog")
        reference = line.reference
        self.setWindowTitle(f"{'Keep' if keeping else 'Legal hold'}: {reference} — SG Desktop")
        self._service, self._reference, self._keeping, self._on_saved = service, reference, keeping, on_saved
        self._confirmed_text: str | None = None  # the reason the officer chose to save despite the warning

        if keeping:
            heading = f"Keep {reference} for another period"
            intro = ("It comes up for review again when these months have passed, counted from today. Say why it "
                     "is still needed: the reason stays in this vault.")
        else:
            heading = f"Put {reference} on legal hold"
            intro = ("It is not proposed for deletion again until the hold is lifted. Say why it must be kept (a "
                     "court, an inquiry or your legal team): the reason stays in this vault.")
        self.months = QSpinBox(self)
        self.months.setObjectName("retentionKeepMonths")
        self.months.setAccessibleName("Keep for this many months")
        self.months.setRange(MIN_MONTHS, MAX_MONTHS)
        self.months.setValue(12)
        self.months.setSuffix(" months")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("retentionReason")
        self.reason.setAccessibleName("Reason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText("For example: an appeal is listed for the spring")
        self.reason.textEdited.connect(self._edited)
        self.error = problem_label("retentionDecisionError", "What to fix", self)

        form = QFormLayout()
        if keeping:
            form.addRow("Keep for &another", self.months)
        else:
            self.months.hide()
        form.addRow("&Reason", self.reason)

        cancel = button("Cancel", "cancelRetentionDecision", self, self.reject)
        self.save_button = primary_button("&Keep" if keeping else "Put on &hold", "saveRetentionDecision", self,
                                          self.save)
        self.save_button.setDefault(True)
        set_tab_order(*((self.months,) if keeping else ()), self.reason, cancel, self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(label(heading, self, "heading", "retentionDecisionHeading"))
        layout.addWidget(label(intro, self, "hint"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(button_row(end=[cancel, self.save_button]))
        self.setMinimumWidth(580)
        self.reason.setFocus()

    def save(self) -> None:
        """Save the decision, or say what is wrong and keep the dialog open."""
        text = self.reason.text()
        confirmed = self._confirmed_text == text
        try:
            if self._keeping:
                saved = self._service.keep(self._reference, self.months.value(), text, confirm_identifying=confirmed)
            else:
                saved = self._service.hold(self._reference, text, confirm_identifying=confirmed)
        except IdentifyingDataWarning as exc:
            self._confirmed_text = text
            self.save_button.setText("Save &anyway")
            show_problems(self.error, [f"The reason may identify a child ({'; '.join(exc.findings)}). Change it, "
                                       "or press Save anyway if you are sure it identifies no one."])
            focus_to_fix(self.reason)
            return
        except SgError as exc:
            show_problems(self.error, [str(exc)])
            focus_to_fix(self.reason)
            return
        self._on_saved(saved)
        self.accept()

    def _edited(self) -> None:
        # Changed text is a new reason: it is checked again, and the warning (if any) goes.
        if self._confirmed_text is not None and self.reason.text() != self._confirmed_text:
            self._confirmed_text = None
            self.save_button.setText("&Keep" if self._keeping else "Put on &hold")
            show_problems(self.error, [])
