"""Typing a passphrase: a new one typed twice under the strength meter, the meter itself (bar, colour and a
word), and the guess whether Caps Lock is on, shared by the vault's dialogs and the export dialog's file
passphrase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QWidget

from sg_desktop.domain.passphrase import passphrase_problem, strength_bits
from sg_desktop.ui.shared.widgets import label, password_field

__all__ = [
    "PASSPHRASE_ADVICE",
    "CapsLockGuess",
    "NewPassphraseFields",
    "PassphraseMeter",
    "caps_lock_warning",
    "strength_word",
]

PASSPHRASE_ADVICE = "At least 10 characters. Four or five unrelated words are strong and easy to type."


# Bits of the crude estimate at which the word changes; four random common words score about 90.
_BANDS = ((1.0, "Empty", "#8a94a3"), (45.0, "Weak", "#b42318"), (65.0, "Fair", "#a67c00"),
          (85.0, "Strong", "#2f7d4f"), (float("inf"), "Very strong", "#1f6f43"))


def strength_word(passphrase: str) -> tuple[str, str]:
    """The word and colour for a passphrase's strength ("Weak", "#b42318")."""
    bits = strength_bits(passphrase)
    for bound, word, colour in _BANDS:
        if bits < bound:
            return word, colour
    return _BANDS[-1][1], _BANDS[-1][2]


class PassphraseMeter(QWidget):
    """A bar and a word: how hard the passphrase would be to guess, and whether it is acceptable at all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseMeter")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.word = QLabel(self)
        self.word.setObjectName("strengthWord")
        self.word.setMinimumWidth(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.word)
        self.set_passphrase("")

    def set_passphrase(self, passphrase: str) -> None:
        """Show the strength of `passphrase`."""
        word, colour = strength_word(passphrase)
        if passphrase and passphrase_problem(passphrase):
            word = "Too weak" if word in ("Weak", "Empty") else word
        self.bar.setValue(min(100, round(strength_bits(passphrase))))
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; border-radius: 3px; }}"
                               "QProgressBar { border: 1px solid #c9d3df; border-radius: 4px; background: white; }")
        self.word.setText(word)
        self.word.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.bar.setAccessibleDescription(word)


class CapsLockGuess(QObject):
    """Guesses from typed letters whether Caps Lock is on, for the fields it is installed on.

    Qt offers no portable way to read the Caps Lock state, so this compares each typed letter's case with
    the Shift key: an upper-case letter without Shift, or a lower-case one with it, means Caps Lock is on;
    a letter whose case agrees with Shift means it is off. Until a letter is typed the state is unknown
    (not warned). Where Shift does not invert Caps Lock (macOS), Shift+letter with Caps Lock on reads as
    "off" — the guess can miss a warning but never invents one while the user types normally.
    """

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on = False

    def watch(self, widget: QWidget) -> None:
        """Guess from the keys typed into `widget`."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Look at key presses; never consume them."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if len(text) == 1 and text.lower() != text.upper():
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                on = text.isupper() != shift
                if on != self.on:
                    self.on = on
                    self.changed.emit(on)
            elif event.key() == Qt.Key.Key_CapsLock and self.on:
                # Pressing Caps Lock while we believe it is on most likely turns it off.
                self.on = False
                self.changed.emit(False)
        return False


def caps_lock_warning(guess: CapsLockGuess, parent: QWidget, name: str = "") -> QLabel:
    """A warning shown while `guess` believes Caps Lock is on."""
    warning = label("Caps Lock seems to be on.", parent, "warning", name)
    warning.hide()
    guess.changed.connect(warning.setVisible)
    return warning


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
