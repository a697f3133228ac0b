"""Typing a passphrase: a new one typed twice under the strength meter, the meter itself (bar, colour and a
word), and the guess whether Caps Lock is on, shared by the vault's dialogs and the export dialog's file
passphrase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QWidget

from sg_desktop.domain.passphrase import MIN_LENGTH, passphrase_problem, strength_bits
from sg_desktop.ui.shared.widgets import grow_to_fit, label, password_field, restyle

__all__ = [
    "PASSPHRASE_ADVICE",
    "CapsLockGuess",
    "NewPassphraseFields",
    "PassphraseMeter",
    "caps_lock_warning",
    "strength_word",
]

PASSPHRASE_ADVICE = "At least 10 characters. Four or five unrelated words are strong and easy to type."
_DIFFER_WHILE_TYPING = "The two passphrases differ."
_CONFIRM = "Type the passphrase again in the second box, to be sure it is what you meant."


# Bits of the crude estimate at which the word changes; four random common words score about 90.
_BANDS = ((1.0, "Empty", "#8a94a3"), (45.0, "Weak", "#b42318"), (65.0, "Fair", "#a67c00"),
          (85.0, "Strong", "#2f7d4f"), (float("inf"), "Very strong", "#1f6f43"))
_REFUSED_COLOUR = _BANDS[1][2]


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
        """Show the strength of `passphrase`; one that breaks a rule is never rated above the rule's refusal."""
        word, colour = strength_word(passphrase)
        if passphrase and passphrase_problem(passphrase):
            word = "Too short" if len(passphrase) < MIN_LENGTH else "Not usable"
            colour = _REFUSED_COLOUR
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
    """A new passphrase and its confirmation under the strength meter (object names `newPassphraseField`,
    `confirmPassphraseField`).

    With `hint`, one line under the meter (`passphraseHint`) is the only place that speaks about the new
    passphrase: advice, or the rule it breaks, or that the confirmation differs, as it is typed. After
    `insist()` (the dialog's Save) the line turns red while a problem remains and goes back to the advice,
    in grey, once it is fixed.
    """

    def __init__(self, parent: QWidget, accessible_name: str, *, hint: bool = False) -> None:
        self.field = password_field("newPassphraseField", accessible_name, parent)
        self.confirm = password_field("confirmPassphraseField", f"{accessible_name} again", parent)
        self.meter = PassphraseMeter(parent)
        self.hint: QLabel | None = None
        self._insisting = False
        if hint:
            self.hint = label(PASSPHRASE_ADVICE, parent, "hint", "passphraseHint")
            self.confirm.textChanged.connect(self._edited)
        self.field.textChanged.connect(self._edited)

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
        """Why the new passphrase cannot be used yet (the rule it breaks, that it is not typed a second time,
        or `differ` for a mismatched confirmation) and the field to fix; None when it can."""
        new = self.field.text()
        problem = passphrase_problem(new)
        if problem:
            return problem, self.field
        if not self.confirm.text():
            return _CONFIRM, self.confirm
        if self.confirm.text() != new:
            return differ, self.confirm
        return None

    def insist(self, differ: str) -> QLineEdit | None:
        """What Save does with fields made with `hint`: name the passphrase's problem on the hint line, in
        red until it is fixed, and return the field to fix; None when the passphrase can be used."""
        if self.hint is None:
            raise ValueError("insist() names the problem on the hint line; make the fields with hint=True")
        found = self.problem(differ)
        self._insisting = found is not None
        self._show_hint(found[0] if found is not None else None)
        return found[1] if found is not None else None

    def clear(self) -> None:
        """Forget what was typed."""
        self.field.clear()
        self.confirm.clear()

    def _edited(self) -> None:
        new, again = self.field.text(), self.confirm.text()
        self.meter.set_passphrase(new)
        if self.hint is None:
            return
        problem = passphrase_problem(new) if new else None
        # A confirmation still being typed is not yet wrong: it differs only once it stops matching.
        if problem is None and again and not new.startswith(again):
            problem = _DIFFER_WHILE_TYPING
        if problem is None:
            self._insisting = False
        self._show_hint(problem)

    def _show_hint(self, problem: str | None) -> None:
        assert self.hint is not None
        self.hint.setText(problem or PASSPHRASE_ADVICE)
        restyle(self.hint, "error" if problem and self._insisting else "hint")
        grow_to_fit(self.hint.window())
