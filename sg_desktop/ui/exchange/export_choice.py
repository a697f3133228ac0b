"""The export dialog's left-hand side: who a protocol file is for (trusted offices, or one office by a
passphrase) and which alerts go in it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.export import AlertChoice, PassphraseTarget, Target
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import Office
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.shared.formatting import plural
from sg_desktop.ui.shared.passphrase import NewPassphraseFields
from sg_desktop.ui.shared.widgets import label, set_tab_order

__all__ = ["ExportChoice", "What"]

# The preview only checks a passphrase's rules and ignores its value, so it uses this stand-in while the
# officer is still typing; the real passphrase is checked (and used) when the file is saved.
_PREVIEW_PASSPHRASE = "stand-in used only to preview"
_DIFFER = "The two passphrases differ."


class What:
    """Which alerts to send: the names of the radio buttons, and what the tests choose."""

    SINCE_LAST = "sinceLastChoice"
    SELECTED = "selectedChoice"
    FILTER = "filterChoice"


class ExportChoice(QWidget):
    """"Send to" and "What to send": the trusted `offices` to tick, or a passphrase and the receiving kind of
    organisation; then everything changed since the last file, the `selected` alerts, or the alerts the log's
    `query` shows (`shown` of them).

    Emits `changed()` when what goes may have changed (the preview must be worked out again), and
    `passphrase_edited()` when the file passphrase is typed, which only decides whether the file can be saved.
    """

    changed = Signal()
    passphrase_edited = Signal()

    def __init__(self, parent: QWidget, offices: Sequence[Office], *, selected: tuple[str, ...],
                 query: AlertQuery | None, shown: int, work_factor: int) -> None:
        super().__init__(parent)
        self.setObjectName("exportChoice")
        self._selected = selected
        self._query = query
        self._work_factor = work_factor
        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(6)
        side.addWidget(label("Send to", self, "subheading"))
        self.to_offices = QRadioButton("&Trusted offices", self)
        self.to_offices.setObjectName("toOfficesChoice")
        self.to_passphrase = QRadioButton("One office, by a passphrase", self)
        self.to_passphrase.setObjectName("toPassphraseChoice")
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.to_offices)
        self._mode.addButton(self.to_passphrase)

        self.offices, self.offices_hint = self._recipient_list(offices)
        self.passphrase_box = self._passphrase_box()

        # Each choice only as wide as its words: the ring that shows the keyboard is on it then marks all of it.
        side.addWidget(self.to_offices, 0, Qt.AlignmentFlag.AlignLeft)
        offices_box = QVBoxLayout()
        offices_box.setContentsMargins(22, 0, 0, 0)
        offices_box.addWidget(self.offices)
        offices_box.addWidget(self.offices_hint)
        side.addLayout(offices_box)
        side.addWidget(self.to_passphrase, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(self.passphrase_box)
        side.addSpacing(8)

        side.addWidget(label("What to send", self, "subheading"))
        self.since_last = QRadioButton("Everything &changed since the last file to these offices", self)
        self.since_last.setObjectName(What.SINCE_LAST)
        if len(selected) == 1:
            selected_text = f"The selected alert, {selected[0]}"
        elif selected:
            selected_text = f"The {len(selected)} selected alerts"
        else:
            selected_text = "The selected alert (none is selected)"
        self.selected_choice = QRadioButton(selected_text, self)
        self.selected_choice.setObjectName(What.SELECTED)
        self.selected_choice.setEnabled(bool(selected))
        self.filter_choice = QRadioButton(
            f"The {plural(shown, 'alert')} the log's current filter shows" if query is not None
            else "The log's current filter (none is set)", self)
        self.filter_choice.setObjectName(What.FILTER)
        self.filter_choice.setEnabled(query is not None)
        self._what = QButtonGroup(self)
        for button in (self.since_last, self.selected_choice, self.filter_choice):
            self._what.addButton(button)
            side.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addStretch(1)
        set_tab_order(self.to_offices, self.offices, self.to_passphrase, self.passphrase.field,
                      self.passphrase.confirm, self.org, self.since_last, self.selected_choice, self.filter_choice)
        # Chosen before the groups report toggles: nothing listens yet, and nothing has changed.
        self.to_offices.setChecked(True)
        (self.selected_choice if selected else self.since_last).setChecked(True)
        self._show_mode()
        self._mode.buttonToggled.connect(lambda *_: self._mode_changed())
        self._what.buttonToggled.connect(lambda *_: self.changed.emit())

    def _recipient_list(self, offices: Sequence[Office]) -> tuple[QListWidget, QLabel]:
        """The trusted offices to tick, and a hint under them naming those not verified yet."""
        recipients = QListWidget(self)
        recipients.setObjectName("recipientList")
        recipients.setAccessibleName("Trusted offices to send to")
        recipients.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        untrusted = []
        for office in offices:
            if not office.is_trusted:
                untrusted.append(office.name)
                continue
            item = QListWidgetItem(f"{office.name}  ·  {office.org_type.label}", recipients)
            item.setData(Qt.ItemDataRole.UserRole, office.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
        recipients.itemChanged.connect(lambda _item: self.changed.emit())
        rows = max(2, min(recipients.count(), 5))
        recipients.setFixedHeight(rows * (recipients.fontMetrics().height() + 10) + 6)
        hints = []
        if recipients.count() == 0:
            hints.append("No office is trusted yet: add one and verify its fingerprint under "
                         "Exchange → Offices.")
        if untrusted:
            hints.append(f"Not verified yet, so not listed: {', '.join(untrusted)}.")
        hint = label(" ".join(hints), self, "hint", "recipientHint")
        hint.setVisible(bool(hints))
        return recipients, hint

    def _passphrase_box(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("passphraseBox")
        self.passphrase = NewPassphraseFields(box, "File passphrase", hint=True)
        # What goes does not depend on the passphrase: typing it only decides whether the file can be saved.
        self.passphrase.field.textChanged.connect(lambda _text: self.passphrase_edited.emit())
        self.passphrase.confirm.textChanged.connect(lambda _text: self.passphrase_edited.emit())
        self.org = QComboBox(box)
        self.org.setObjectName("passphraseOrg")
        self.org.setAccessibleName("The receiving office's kind of organisation")
        for org in OrgType:
            self.org.addItem(org.label, org)
        self.org.currentIndexChanged.connect(lambda _i: self.changed.emit())
        form = QFormLayout(box)
        form.setContentsMargins(22, 0, 0, 0)
        self.passphrase.add_rows(form, "&Passphrase")
        form.addRow("Their &organisation", self.org)
        form.addRow("", label("Tell them the passphrase by phone, never in the email that carries the file.",
                              box, "hint"))
        return box

    # -- choosing --------------------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        self._show_mode()
        self.changed.emit()

    def _show_mode(self) -> None:
        by_passphrase = self.to_passphrase.isChecked()
        self.offices.setEnabled(not by_passphrase)
        self.passphrase_box.setVisible(by_passphrase)
        # A passphrase file has no office to remember what it holds, so "changed since" means nothing.
        self.since_last.setEnabled(not by_passphrase)
        if by_passphrase and self.since_last.isChecked():
            (self.selected_choice if self._selected else self.filter_choice).setChecked(True)

    def _chosen_offices(self) -> list[str]:
        names = []
        for row in range(self.offices.count()):
            item = self.offices.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return names

    def request(self, *, for_saving: bool) -> tuple[Target | None, AlertChoice]:
        """What is chosen now; the target is None while it is not complete (the dialog says why).

        For the preview (`for_saving` False) a passphrase file gets a stand-in passphrase, so that what goes
        is worked out while the real one is still being typed.
        """
        if self.selected_choice.isChecked():
            choice = AlertChoice(references=self._selected)
        elif self.filter_choice.isChecked() and self._query is not None:
            choice = AlertChoice(query=self._query)
        else:
            choice = AlertChoice(since_last=True)
        if self.to_passphrase.isChecked():
            org = OrgType(self.org.currentData())  # Qt hands a StrEnum back as a plain str
            if not for_saving:
                return PassphraseTarget(_PREVIEW_PASSPHRASE, org, self._work_factor), choice
            if self.passphrase.problem(_DIFFER) is not None:
                return None, choice
            return PassphraseTarget(self.passphrase.field.text(), org, self._work_factor), choice
        names = self._chosen_offices()
        return (names or None), choice

    def passphrase_problem(self) -> tuple[str, QLineEdit] | None:
        """Why the file passphrase cannot be used yet, and the field to fix; None when it can or none is asked."""
        return self.passphrase.problem(_DIFFER) if self.to_passphrase.isChecked() else None
