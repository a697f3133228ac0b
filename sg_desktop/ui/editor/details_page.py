"""The alert editor's first page: the case (council, kind, title, summary) and its handling and sharing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import AlertKind, AlertStatus, Handling, MediaInterest, OrgType
from sg_desktop.domain.identifying import Finding
from sg_desktop.domain.model import Alert
from sg_desktop.domain.places import FieldPath
from sg_desktop.domain.validation import MAX_SUMMARY, MAX_TITLE
from sg_desktop.ui.editor.fields import (
    CharCounter,
    EnumCombo,
    MessageStrip,
    column_of,
    highlight_line_edit,
    highlight_plain_text,
    utf16_span,
)
from sg_desktop.ui.shared.council_picker import CouncilPicker

__all__ = ["DetailsForm"]

_UNMATCHED_COUNCIL = "No council matches what is typed; choose one from the list."
_SUMMARY_HINT = (
    "Describe the case without anything that could identify a child: no names, dates of birth, "
    "addresses, NHS numbers or contact details."
)


class DetailsForm(QWidget):
    """Every single-valued field of an alert; `edited(field, value)` names the Alert field that changed."""

    edited = Signal(str, object)
    needs_check = Signal()

    def __init__(self, directory: CouncilDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPage")
        self._loading = False
        self._strips: dict[str, tuple[MessageStrip, MessageStrip]] = {}

        self.council = CouncilPicker(directory, self)
        self.kind = EnumCombo(AlertKind, "kindCombo", "Kind of case", self)
        self.title = QLineEdit(self)
        self.title.setObjectName("titleEdit")
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("A short, non-identifying title")
        self.title_counter = CharCounter(MAX_TITLE, "titleCounter", self)
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("summaryEdit")
        self.summary.setAccessibleName("Summary")
        self.summary.setPlaceholderText("What is happening and why it matters to the sector")
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(120)
        self.summary_counter = CharCounter(MAX_SUMMARY, "summaryCounter", self)

        self.media = EnumCombo(MediaInterest, "mediaCombo", "Expected media interest", self)
        self.handling = EnumCombo(Handling, "handlingCombo", "Handling marking", self)
        self.status = EnumCombo(AlertStatus, "statusCombo", "Status", self)
        self.owner = QLineEdit(self)
        self.owner.setObjectName("ownerEdit")
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("Who looks after this alert")
        self._directory = directory
        self.sharing: dict[OrgType, QCheckBox] = {}
        for org in OrgType:
            box = QCheckBox(org.label, self)
            box.setObjectName("share" + org.name.title().replace("_", ""))
            box.setAccessibleName(f"May be shared with: {org.label}")
            self.sharing[org] = box
        # Whatever the boxes say, the council's own office may always be sent its alerts (docs/protocol.md §7).
        self.own_council_hint = QLabel("", self)
        self.own_council_hint.setObjectName("ownCouncilHint")
        self.own_council_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.own_council_hint.setWordWrap(True)
        self.own_council_hint.setStyleSheet("color: palette(placeholder-text);")
        self.own_council_hint.hide()
        self.embargoed = QCheckBox("Under &embargo", self)
        self.embargoed.setObjectName("embargoCheck")
        self.embargoed.setAccessibleName("Under embargo")
        self.restricted = QCheckBox("&Reporting restriction in force", self)
        self.restricted.setObjectName("restrictionCheck")
        self.restricted.setAccessibleName("Reporting restriction in force")

        self._build_layout()
        self._connect()

    # -- layout -----------------------------------------------------------------------------------------

    def _strip_pair(self, key: str, label: str) -> tuple[MessageStrip, MessageStrip]:
        problem = MessageStrip(MessageStrip.PROBLEM, f"{key}Problems", f"{label}: problems", self)
        warning = MessageStrip(MessageStrip.WARNING, f"{key}Identifying", f"{label}: identifying data", self)
        self._strips[key] = (problem, warning)
        return problem, warning

    def _block(self, key: str, label: str, field: QWidget, *extra: QWidget) -> QWidget:
        """A field with its messages under it, as one row of a form."""
        block = QWidget(self)
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(field)
        for widget in (*extra, *self._strip_pair(key, label)):
            column.addWidget(widget)
        return block

    def _build_layout(self) -> None:
        case = QGroupBox("The case", self)
        case.setObjectName("caseGroup")
        form = QFormLayout(case)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(10)
        title_row = QWidget(self)
        row = QHBoxLayout(title_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title, 1)
        row.addWidget(self.title_counter)
        hint = QLabel(_SUMMARY_HINT, self)
        hint.setObjectName("summaryHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        summary_foot = QWidget(self)
        foot = QHBoxLayout(summary_foot)
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(hint, 1)
        foot.addWidget(self.summary_counter, 0, Qt.AlignmentFlag.AlignTop)
        self._add_row(form, "&Council", self.council, self._block("council", "Council", self.council))
        self._add_row(form, "&Kind", self.kind, self.kind)
        self._add_row(form, "&Title", self.title, self._block("title", "Title", title_row))
        self._add_row(
            form, "S&ummary", self.summary, self._block("summary", "Summary", self.summary, summary_foot)
        )

        handling = QGroupBox("Handling and sharing", self)
        handling.setObjectName("handlingGroup")
        side = QFormLayout(handling)
        side.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        side.setVerticalSpacing(10)
        self._add_row(side, "Media &interest", self.media, self.media)
        self._add_row(side, "&Handling", self.handling, self.handling)
        self._add_row(side, "St&atus", self.status, self.status)
        self._add_row(side, "O&wner", self.owner, self._block("owner", "Owner", self.owner))
        sharing = column_of(self, self.sharing.values(), 2)
        sharing.setObjectName("sharingBoxes")
        sharing.setAccessibleName("May be shared with")
        sharing_block = QWidget(self)
        sharing_column = QVBoxLayout(sharing_block)
        sharing_column.setContentsMargins(0, 0, 0, 0)
        sharing_column.setSpacing(4)
        sharing_column.addWidget(sharing)
        sharing_column.addWidget(self.own_council_hint)
        side.addRow("May be shared with", sharing_block)
        restrictions = column_of(self, (self.embargoed, self.restricted), 2)
        side.addRow("Restrictions", restrictions)
        # Each tick box only as wide as its words, so the ring that shows the keyboard is on it marks all of it.
        for column, boxes in ((sharing, self.sharing.values()), (restrictions, (self.embargoed, self.restricted))):
            layout = column.layout()
            assert layout is not None  # column_of lays its widgets out
            for box in boxes:
                layout.setAlignment(box, Qt.AlignmentFlag.AlignLeft)

        page = QHBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(12)
        page.addWidget(case, 3)
        page.addWidget(handling, 2)


    def focus_chain(self) -> list[QWidget]:
        """The page's controls in the order Tab reaches them: down the case, then down handling and sharing."""
        return [
            self.council,
            self.kind,
            self.title,
            self.summary,
            self.media,
            self.handling,
            self.status,
            self.owner,
            *self.sharing.values(),
            self.embargoed,
            self.restricted,
        ]

    def _add_row(self, form: QFormLayout, text: str, buddy: QWidget, field: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        # Line the label up with the text of the field, not the top of the messages under it.
        label.setContentsMargins(0, 4, 0, 0)
        form.addRow(label, field)

    def _connect(self) -> None:
        self.council.council_changed.connect(lambda code: self._emit("council", code))
        self.council.council_changed.connect(self._show_own_council)
        # Leaving the picker with text that names no council changes no field, yet deserves a message.
        self.council.editing_finished.connect(self.needs_check)
        self.kind.value_changed.connect(lambda v: self._emit("kind", v))
        self.title.textChanged.connect(self._title_changed)
        self.summary.textChanged.connect(self._summary_changed)
        self.media.value_changed.connect(lambda v: self._emit("media_interest", v))
        self.handling.value_changed.connect(lambda v: self._emit("handling", v))
        self.status.value_changed.connect(lambda v: self._emit("status", v))
        self.owner.textChanged.connect(lambda text: self._emit("owner", text))
        for box in self.sharing.values():
            box.toggled.connect(self._sharing_changed)
        self.embargoed.toggled.connect(lambda on: self._emit("embargoed", on))
        self.restricted.toggled.connect(lambda on: self._emit("reporting_restriction", on))

    # -- from the widgets --------------------------------------------------------------------------------

    def _emit(self, field: str, value: object) -> None:
        if not self._loading:
            self.edited.emit(field, value)

    def _title_changed(self, text: str) -> None:
        self.title_counter.count(len(text))
        self._emit("title", text)

    def _summary_changed(self) -> None:
        text = self.summary.toPlainText()
        self.summary_counter.count(len(text))
        self._emit("summary", text)

    def _show_own_council(self, code: str) -> None:
        council = self._directory.by_code(code) if code else None
        self.own_council_hint.setText(f"{council.name} always receives its own alerts" if council else "")
        self.own_council_hint.setVisible(council is not None)

    def _sharing_changed(self, _on: bool) -> None:
        self._emit("sharing", frozenset(org for org, box in self.sharing.items() if box.isChecked()))

    # -- to the widgets ----------------------------------------------------------------------------------

    def show_alert(self, alert: Alert) -> None:
        """Show the draft `alert`, touching only widgets whose value differs (so the cursor stays put)."""
        self._loading = True
        try:
            if self.council.current_code() != alert.council:
                self.council.set_code(alert.council)
            if self.kind.value() != alert.kind:
                self.kind.set_value(alert.kind)
            if self.title.text() != alert.title:
                self.title.setText(alert.title)
            if self.summary.toPlainText() != alert.summary:
                self.summary.setPlainText(alert.summary)
                self.summary.moveCursor(QTextCursor.MoveOperation.End)
            self.media.set_value_if_changed(alert.media_interest)
            self.handling.set_value_if_changed(alert.handling)
            self.status.set_value_if_changed(alert.status)
            if self.owner.text() != alert.owner:
                self.owner.setText(alert.owner)
            for org, box in self.sharing.items():
                box.setChecked(org in alert.sharing)
            self.embargoed.setChecked(alert.embargoed)
            self.restricted.setChecked(alert.reporting_restriction)
        finally:
            self._loading = False
        self.title_counter.count(len(alert.title))
        self.summary_counter.count(len(alert.summary))

    def show_checks(
        self, problems: Mapping[str, Sequence[str]], findings: Mapping[str, Sequence[Finding]]
    ) -> None:
        """Show each field's problems and identifying-data findings (both by field name: "title") under it, and
        mark the findings' text."""
        council_problems = list(problems.get("council", ()))
        # Not while the officer is still choosing from the matches.
        if self.council.has_unmatched_text() and not self.council.is_choosing():
            council_problems = [_UNMATCHED_COUNCIL]
        for key, messages in (
            ("council", council_problems),
            ("title", problems.get("title", ())),
            ("summary", problems.get("summary", ())),
            ("owner", problems.get("owner", ())),
        ):
            self._strips[key][0].set_messages(messages)
        for key in ("title", "summary", "owner"):
            place = FieldPath(key).label
            self._strips[key][1].set_messages(f"{place}: {f.label}" for f in findings.get(key, ()))
        spans = {key: [(f.start, f.end) for f in findings.get(key, ())] for key in ("title", "summary", "owner")}
        highlight_line_edit(self.title, spans["title"])
        highlight_line_edit(self.owner, spans["owner"])
        highlight_plain_text(self.summary, spans["summary"])

    def focus_field(self, field: str, finding: Finding | None = None) -> None:
        """Put the cursor in `field` ("council", "title", "summary", "owner", …), selecting `finding`."""
        widgets: dict[str, QWidget] = {
            "council": self.council,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "owner": self.owner,
        }
        widget = widgets.get(field)
        if widget is None:
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if finding is None:
            return
        if isinstance(widget, QLineEdit):
            position, length = utf16_span(widget.text(), finding.start, finding.end)
            # Selecting on the next turn of the event loop: focusing a line edit selects all of it first.
            QTimer.singleShot(0, widget, lambda: widget.setSelection(position, length))
        elif isinstance(widget, QPlainTextEdit):
            position, length = utf16_span(widget.toPlainText(), finding.start, finding.end)
            cursor = widget.textCursor()
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
            widget.ensureCursorVisible()
