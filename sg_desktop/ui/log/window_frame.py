"""The main window's frame: the labels of its status bar, and the size and place it had last time."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from sg_desktop.ui.preferences import Preferences
from sg_desktop.ui.shared.screens import clamp_to_screen, fit_to_screen

__all__ = ["StatusLabels", "add_status_labels", "restore_window"]


class StatusLabels(NamedTuple):
    """How many alerts show, how many have a milestone coming up, and which office this is."""

    shown: QLabel
    coming: QLabel
    office: QLabel


def add_status_labels(window: QMainWindow) -> StatusLabels:
    """Put the three labels in `window`'s status bar (the office on the right)."""
    status = window.statusBar()
    count = QLabel(window)
    count.setObjectName("countLabel")
    count.setAccessibleName("Alerts shown")
    coming = QLabel(window)
    coming.setObjectName("comingUpLabel")
    office = QLabel(window)
    office.setObjectName("officeLabel")
    for label in (count, coming, office):
        label.setTextFormat(Qt.TextFormat.PlainText)  # the office's name is typed by whoever set it up
    count.setContentsMargins(8, 0, 0, 0)
    status.addWidget(count)
    status.addWidget(coming)
    office.setContentsMargins(0, 0, 8, 0)
    status.addPermanentWidget(office)
    return StatusLabels(shown=count, coming=coming, office=office)


def restore_window(window: QMainWindow, splitter: QSplitter, prefs: Preferences) -> None:
    """Give `window` the size, place and splitter it had, kept on a screen that is still there."""
    geometry, state, splitter_state = prefs.window_state()
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window, QSize(1360, 820))
    elif not window.isMaximized():
        clamp_to_screen(window)
    if state is not None:
        window.restoreState(state)
    if splitter_state is not None:
        splitter.restoreState(splitter_state)
    else:
        splitter.setSizes([960, 400])
