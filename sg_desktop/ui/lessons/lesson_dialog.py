"""Record lessons…: this office's lessons learned on one alert, in one dialog.

How the coverage compared with the alert's expected media interest, how each support offer went, what helped,
what did not, what the council would do differently, whether it may be quoted in the "what works" digest, and
whom the lesson may be sent to. As in the alert editor, text that looks like it could identify a child is named
where it is as it is typed, and saving asks first; a broken rule is shown instead of saving. Saving goes
through the LessonService, which records the lesson or changes this office's one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.lessons import LessonSaved, LessonService, lesson_findings
from sg_desktop.domain.enums import Coverage, OrgType
from sg_desktop.domain.errors import IdentifyingDataWarning, SgError
from sg_desktop.domain.identifying import FieldFinding
from sg_desktop.domain.lessons import Lesson, problems_in_lesson
from sg_desktop.domain.model import Alert
from sg_desktop.ui.lessons.offer_reviews import OfferReviews
from sg_desktop.ui.shared.prompts import SAVE_ANYWAY, ask_identifying
from sg_desktop.ui.shared.widgets import button, label, set_tab_order

__all__ = ["LessonDialog"]

_CHECK_DELAY_MS = 250
_TEXTS = (("helped", "lessonHelped", "What &helped", "What made the difference: advice, people, timing…"),
          ("did_not_help", "lessonDidNotHelp", "What did &not help", "What got in the way, or was not needed"),
          ("do_differently", "lessonDoDifferently", "What we would do &differently",
           "What the council would change next time"))


class LessonDialog(QDialog):
    """This office's lesson on `alert`; emits `saved(LessonSaved)` and accepts once stored."""

    saved = Signal(object)

    def __init__(self, service: LessonService, alert: Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonDialog")
        self._service = service
        self._alert = alert
        self._draft = service.draft(alert)
        self._baseline = self._draft
        self._prompt: QMessageBox | None = None
        self.setWindowTitle(f"Lessons learned — {alert.reference}")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_CHECK_DELAY_MS)
        self._timer.timeout.connect(self._check)
        self._build()
        self._check()

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        alert, draft = self._alert, self._draft
        council = self._service.alerts.councils.by_code(alert.council)
        own = self._service.own_lesson(alert.id) is not None
        heading = label(f"Lessons learned on {alert.reference}", self, "heading", "lessonHeading")
        where = label(f"{council.name if council else alert.council} · {alert.kind.label} · "
                      f"{alert.status.label.lower()}" + (" · editing this office's lesson" if own else ""),
                      self, "hint", "lessonWhere")
        intro = label("A short review that names no one: it helps the LGA and other councils learn what works. "
                      "Do not write anything that could identify a child or family.", self, "hint")
        self.coverage = QComboBox(self)
        self.coverage.setObjectName("lessonCoverage")
        self.coverage.setAccessibleName("Media coverage there was")
        for c in Coverage:
            self.coverage.addItem(c.label, c.value)
        self.coverage.setCurrentIndex(self.coverage.findData(draft.coverage.value))
        self.verdict = label("", self, "hint", "lessonVerdict")
        self.offers = OfferReviews(draft.offers, alert.offers, self)
        offers_box = QScrollArea(self)
        offers_box.setObjectName("lessonOffersScroll")
        offers_box.setWidgetResizable(True)
        offers_box.setWidget(self.offers)
        offers_box.setMinimumHeight(min(self.offers.sizeHint().height() + 2 * offers_box.frameWidth(), 230))
        offers_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.texts: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        coverage_row = QHBoxLayout()
        coverage_row.addWidget(self.coverage)
        coverage_row.addWidget(self.verdict, 1)
        # Fixed words of ours (no record text), so "&" may mark the shortcut key as in every form label.
        coverage_label = QLabel(f"Media &coverage (expected: {alert.media_interest.label.lower()}):", self)
        coverage_label.setBuddy(self.coverage)
        form.addRow(coverage_label, coverage_row)
        form.addRow("Support offered:", offers_box)
        for key, name, words, hint in _TEXTS:
            edit = QPlainTextEdit(self)
            edit.setObjectName(name)
            edit.setAccessibleName(words.replace("&", ""))
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            edit.setPlainText(getattr(draft, key))
            edit.setMinimumHeight(64)
            edit.textChanged.connect(self._edited)
            self.texts[key] = edit
            form.addRow(f"{words}:", edit)
        self.may_share = QCheckBox("May be &quoted in the “what works” digest (without naming anyone)", self)
        self.may_share.setObjectName("lessonMayShare")
        self.may_share.setChecked(draft.may_share)
        self.sharing: dict[OrgType, QCheckBox] = {}
        share_row = QHBoxLayout()
        for org in OrgType:
            box = QCheckBox(org.label, self)
            box.setObjectName(f"lessonShare_{org.value}")
            box.setChecked(org in draft.sharing)
            box.toggled.connect(self._edited)
            self.sharing[org] = box
            share_row.addWidget(box)
        share_row.addStretch(1)
        form.addRow("The digest:", self.may_share)
        form.addRow("May be sent to:", share_row)
        share_note = label("The office of the council it is about may always receive it. Its council is named in a "
                           "digest only when it may be sent to other councils.", self, "hint", "lessonShareNote")
        self.status = label("", self, "", "lessonStatus")
        self.cancel_button = button("Cancel", "lessonCancel", self, self.reject)
        self.save_button = button("&Save lesson", "lessonSave", self, self.save, "primary")
        for push in (self.cancel_button, self.save_button):
            push.setAutoDefault(False)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        for part in (heading, where, intro):
            layout.addWidget(part)
        layout.addLayout(form)
        layout.addWidget(share_note)
        layout.addLayout(footer)
        self.coverage.currentIndexChanged.connect(self._edited)
        self.offers.edited.connect(self._edited)
        self.may_share.toggled.connect(self._edited)
        set_tab_order(self.coverage, *self.offers.focus_chain(), *self.texts.values(), self.may_share,
                      *self.sharing.values(), self.cancel_button, self.save_button)
        self.resize(820, 720)

    # -- the lesson ------------------------------------------------------------------------------

    def lesson(self) -> Lesson:
        """The lesson as the dialog shows it (not yet saved)."""
        texts = self.texts
        return replace(self._draft, coverage=Coverage(self.coverage.currentData()), offers=self.offers.reviews(),
                       helped=texts["helped"].toPlainText(), did_not_help=texts["did_not_help"].toPlainText(),
                       do_differently=texts["do_differently"].toPlainText(), may_share=self.may_share.isChecked(),
                       sharing=frozenset(o for o, box in self.sharing.items() if box.isChecked()))

    def is_dirty(self) -> bool:
        """Whether anything differs from what was stored (or the new lesson's starting values)."""
        return not self.lesson().same_content(self._baseline)

    def _edited(self) -> None:
        self._timer.start()

    def _check(self) -> None:
        lesson = self.lesson()
        self.verdict.setText(lesson.verdict.label)
        problems = problems_in_lesson(lesson)
        findings = lesson_findings(lesson)
        if problems:
            self._say(problems[0].message, "error")
        elif findings:
            places = ", ".join(dict.fromkeys(f.field for f in findings))
            self._say(f"The text may identify a child — see the {places}.", "warning")
        else:
            self._say("Unsaved changes." if self.is_dirty() else "", "")

    def _say(self, text: str, kind: str) -> None:
        colour = {"error": "#b3261e", "warning": "#8a5300"}.get(kind, "palette(placeholder-text)")
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(text)

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Check the lesson and store it: problems are shown instead, and identifying text asks first."""
        if self._prompt is not None:
            return
        self._timer.stop()
        lesson = self.lesson()
        problems = problems_in_lesson(lesson)
        if problems:
            self._say("Nothing was saved: " + problems[0].message, "error")
            return
        findings = lesson_findings(lesson)
        if findings:
            self._ask(findings)
            return
        self._store(confirm=False)

    def _ask(self, findings: Sequence[FieldFinding]) -> None:
        box = ask_identifying(self, findings, self._answered, subject="lesson")
        self._prompt = box
        box.finished.connect(lambda _r: setattr(self, "_prompt", None))

    def _answered(self, answer: str) -> None:
        if answer == SAVE_ANYWAY:
            self._store(confirm=True)
        else:
            first = lesson_findings(self.lesson())
            if first:
                self._focus_field(first[0].field)

    def _focus_field(self, field: str) -> None:
        for (key, _n, words, _h) in _TEXTS:
            if words.replace("&", "") in field:
                self.texts[key].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        for i, row in enumerate(self.offers.rows, 1):
            if field.endswith(f"support offer {i}"):
                row.comment.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _store(self, *, confirm: bool) -> None:
        try:
            saved: LessonSaved = self._service.save(self.lesson(), confirm_identifying=confirm)
        except IdentifyingDataWarning:
            self._ask(lesson_findings(self.lesson()))
            return
        except SgError as error:  # the error tree's messages carry no record text
            self._say("Nothing was saved: " + str(error), "error")
            return
        self._baseline = saved.lesson
        self.saved.emit(saved)
        self.accept()

    def force_close(self) -> None:
        """Close at once, dropping what was typed (the vault is locking)."""
        self._timer.stop()
        if self._prompt is not None:
            self._prompt.blockSignals(True)
            self._prompt.done(0)
        for edit in self.texts.values():
            edit.clear()
        self.done(QDialog.DialogCode.Rejected)
