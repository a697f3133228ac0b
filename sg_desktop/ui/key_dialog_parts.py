"""What the dialogs that take a passphrase are built from: pages of labels, buttons and password fields, a
new passphrase typed twice under the strength meter, and the key derivation run off the GUI thread while the
dialog shows it is busy and refuses to close.

First run, unlock (with its recovery page) and "Change passphrase…" all use these, so a passphrase is
checked, confirmed and waited for the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.domain.passphrase import passphrase_problem
from sg_desktop.ui.passphrase_meter import CapsLockGuess, PassphraseMeter
from sg_desktop.ui.workers import BackgroundTask, run_in_background

__all__ = [
    "PASSPHRASE_ADVICE",
    "BusyWork",
    "KeyDialog",
    "NewPassphraseFields",
    "busy_bar",
    "button",
    "button_row",
    "caps_lock_warning",
    "label",
    "page_column",
    "page_layout",
    "password_field",
    "primary_button",
    "problem_label",
    "show_problem",
]

PASSPHRASE_ADVICE = "At least 10 characters. Four or five unrelated words are strong and easy to type."


def label(text: str, parent: QWidget, role: str = "", name: str = "") -> QLabel:
    """A word-wrapped label with a style role ("heading", "hint", "error", …) and an object name."""
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def page_layout(page: QWidget, parts: Sequence[QWidget | QLayout | None], *, spacing: int) -> QVBoxLayout:
    """Lay `parts` out down `page`, flush with its edges; None is the space that pushes the rest down."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for part in parts:
        if part is None:
            layout.addStretch(1)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def page_column(page: QWidget, heading: str, intro: str, *, gap: int = 6) -> QVBoxLayout:
    """The column a dialog page is laid out in, begun with its heading and a hint saying what to do."""
    layout = page_layout(page, [label(heading, page, "heading"), label(intro, page, "hint")], spacing=8)
    layout.addSpacing(gap)
    return layout


def button(
    text: str, object_name: str, parent: QWidget, slot: Callable[[], None], role: str = ""
) -> QPushButton:
    """A push button; with `role` "link" it looks like a link."""
    widget = QPushButton(text, parent)
    widget.setObjectName(object_name)
    if role:
        widget.setProperty("role", role)
    widget.clicked.connect(slot)
    return widget


def primary_button(text: str, object_name: str, parent: QWidget, slot: Callable[[], None]) -> QPushButton:
    """The button that does what the page is for, drawn in the accent colour."""
    return button(text, object_name, parent, slot, "primary")


def button_row(start: Sequence[QWidget] = (), end: Sequence[QWidget] = ()) -> QHBoxLayout:
    """A row of buttons (or a tick box): `start` at the left, `end` at the right, space between."""
    row = QHBoxLayout()
    for widget in start:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in end:
        row.addWidget(widget)
    return row


def password_field(object_name: str, accessible_name: str, parent: QWidget) -> QLineEdit:
    """A line edit that shows dots instead of what is typed."""
    field = QLineEdit(parent)
    field.setObjectName(object_name)
    field.setAccessibleName(accessible_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def caps_lock_warning(guess: CapsLockGuess, parent: QWidget, name: str = "") -> QLabel:
    """A warning shown while `guess` believes Caps Lock is on."""
    warning = label("Caps Lock seems to be on.", parent, "warning", name)
    warning.hide()
    guess.changed.connect(warning.setVisible)
    return warning


def busy_bar(object_name: str, accessible_name: str, parent: QWidget) -> QProgressBar:
    """A thin bar that moves without measuring anything, hidden until work starts."""
    bar = QProgressBar(parent)
    bar.setObjectName(object_name)
    bar.setAccessibleName(accessible_name)
    bar.setRange(0, 0)
    bar.setFixedHeight(6)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def problem_label(object_name: str, accessible_name: str, parent: QWidget) -> QLabel:
    """The line under a form that says what to fix, hidden until there is something to say."""
    error = label("", parent, "error", object_name)
    if accessible_name:
        error.setAccessibleName(accessible_name)
    error.hide()
    return error


def show_problem(error: QLabel, message: str, field: QLineEdit) -> None:
    """Say what is wrong under the form and put the cursor back in `field`, its text selected for retyping."""
    error.setText(message)
    error.show()
    field.setFocus()
    field.selectAll()


class NewPassphraseFields:
    """A new passphrase and its confirmation under the strength meter; with `hint`, a line naming the problem
    as it is typed (object names `newPassphraseField`, `confirmPassphraseField`, `passphraseHint`)."""

    def __init__(self, parent: QWidget, accessible_name: str, *, hint: bool = False) -> None:
        self.field = password_field("newPassphraseField", accessible_name, parent)
        self.confirm = password_field("confirmPassphraseField", f"{accessible_name} again", parent)
        self.meter = PassphraseMeter(parent)
        self.hint: QLabel | None = None
        if hint:
            self.hint = label(PASSPHRASE_ADVICE, parent, "hint", "passphraseHint")
            self.field.textChanged.connect(self._edited)
            self.confirm.textChanged.connect(self._edited)
        else:
            self.field.textChanged.connect(self.meter.set_passphrase)

    def add_rows(self, form: QFormLayout, field_label: str) -> None:
        """Put the field, the meter (and hint) and the confirmation into `form`."""
        form.addRow(field_label, self.field)
        form.addRow("", self.meter)
        if self.hint is not None:
            form.addRow("", self.hint)
        form.addRow("&Again", self.confirm)

    def watch_caps_lock(self, guess: CapsLockGuess) -> None:
        """Let `guess` read the keys typed into both fields."""
        guess.watch(self.field)
        guess.watch(self.confirm)

    def problem(self, differ: str) -> tuple[str, QLineEdit] | None:
        """Why the new passphrase cannot be used yet (the rule it breaks, or `differ` for a mismatched
        confirmation) and the field to fix; None when it can."""
        new = self.field.text()
        problem = passphrase_problem(new)
        if problem:
            return problem, self.field
        if self.confirm.text() != new:
            return differ, self.confirm
        return None

    def clear(self) -> None:
        """Forget what was typed."""
        self.field.clear()
        self.confirm.clear()

    def _edited(self) -> None:
        assert self.hint is not None
        text = self.field.text()
        self.meter.set_passphrase(text)
        problem = passphrase_problem(text) if text else None
        if problem:
            self.hint.setText(problem)
        elif self.confirm.text() and self.confirm.text() != text:
            self.hint.setText("The two passphrases differ.")
        else:
            self.hint.setText(PASSPHRASE_ADVICE)


class BusyWork(QObject):
    """One slow call at a time (a key derivation) on the thread pool, while `window` shows it is busy: the
    bar moves, `controls` are disabled and the cursor says "wait". The result comes back on the GUI thread.
    """

    def __init__(self, window: QWidget, bar: QProgressBar, controls: Sequence[QWidget]) -> None:
        super().__init__(window)
        self._bar = bar
        self._controls = tuple(controls)
        self._task: BackgroundTask | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None

    @property
    def busy(self) -> bool:
        """Whether the call is still running."""
        return self._task is not None

    def start(self, work: Callable[[], Any], on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None]) -> None:
        """Run `work`; then, with the dialog usable again, `on_success(result)` or `on_failure(exception)`."""
        self._on_success, self._on_failure = on_success, on_failure
        self._show(True)
        # Bound methods of this QObject: if the dialog is destroyed first, Qt drops the connection.
        self._task = run_in_background(work, self._succeeded, self._failed)

    def _succeeded(self, result: object) -> None:
        callback = self._on_success
        self._finish()
        if callback is not None:
            callback(result)

    def _failed(self, exc: BaseException) -> None:
        callback = self._on_failure
        self._finish()
        if callback is not None:
            callback(exc)

    def _finish(self) -> None:
        self._task = None
        self._on_success = self._on_failure = None
        self._show(False)

    def _show(self, busy: bool) -> None:
        self._bar.setVisible(busy)
        for widget in self._controls:
            widget.setEnabled(not busy)
        # The window is reached through Qt's parent link: a Python reference back to it would make a cycle
        # that the garbage collector may break while Qt deletes the pair, which crashes.
        window = self.parent()
        assert isinstance(window, QWidget)
        if busy:
            window.setCursor(Qt.CursorShape.BusyCursor)
        else:
            window.unsetCursor()


class KeyDialog(QDialog):
    """A dialog that runs a key derivation through `self._work` (a BusyWork the subclass makes).

    It cannot be closed while the derivation runs, since its result must be taken, and it wipes what was
    typed when it is closed.
    """

    _work: BusyWork

    @property
    def busy(self) -> bool:
        """Whether a key derivation is running."""
        return self._work.busy

    def _wipe_fields(self) -> None:
        """Forget every passphrase or key typed (subclasses clear their fields)."""

    def reject(self) -> None:
        """Close, forgetting what was typed, unless a key derivation is running."""
        if self.busy:
            return
        self._wipe_fields()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while a key derivation is running."""
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
