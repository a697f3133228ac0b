"""Tab in the order the officer sees, in a dialog whose pages change what is shown.

Qt keeps one focus chain per window, built from the order widgets were made and rearranged pair by pair
with `setTabOrder`; in a dialog with tabs, lists and compound fields (a date field's line, a combo box's
line edit) that chain drifts from what is on screen. A dialog that lists its controls in visual order
hands Tab and Shift+Tab to `step_focus`, which moves to the next control that is shown and enabled.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["step_focus"]


def _reachable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def step_focus(chain: Sequence[QWidget], forward: bool) -> bool:
    """Move the keyboard focus to the control after (or before) the focused one in `chain`, passing over
    controls that are hidden or switched off; False when the focus is on none of them."""
    current = QApplication.focusWidget()
    place = next((i for i, w in enumerate(chain) if current is not None and (w is current or w.isAncestorOf(current)
                                                                              or current.focusProxy() is w
                                                                              or w.focusProxy() is current)), None)
    if place is None:
        return False
    count = len(chain)
    for step in range(1, count + 1):
        candidate = chain[(place + step) % count if forward else (place - step) % count]
        if _reachable(candidate):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            candidate.setFocus(reason)
            return True
    return False
