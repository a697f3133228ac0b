"""A passphrase strength meter (bar, colour and a word) and the Caps Lock guess shared by the key dialogs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from sg_desktop.domain.passphrase import passphrase_problem, strength_bits

__all__ = ["CapsLockGuess", "PassphraseMeter", "strength_word"]

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
