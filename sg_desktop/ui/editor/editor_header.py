"""The alert editor's title row: which alert it is and where it stands, its handling marking, and undo and
redo (the actions with their keys, and the buttons showing what they would undo or redo)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

__all__ = ["EditorHeader"]


class EditorHeader(QWidget):
    """`title` in large type (`editorHeading`) over a line of context (`editorSubheading`), the handling
    marking as a badge (`handlingBadge`), and the undo and redo buttons.

    `undo_action` and `redo_action` work `stack` and are actions of `editor`, so their keys work anywhere in
    it; they are enabled only when there is something to undo or redo, and their tips say what.
    """

    def __init__(self, title: str, stack: QUndoStack, editor: QWidget) -> None:
        super().__init__(editor)
        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        self.heading.setProperty("role", "heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setText(title)
        self.subheading = QLabel(self)
        self.subheading.setObjectName("editorSubheading")
        self.subheading.setProperty("role", "hint")
        self.purpose = QLabel("The case, its milestones and the support offered. Write nothing that could "
                              "identify a child.", self)
        self.purpose.setObjectName("editorPurpose")
        # One line: wrapped, the header's height was worked out for one line and cut the second off.
        self.purpose.setWordWrap(False)
        self.purpose.setProperty("role", "hint")
        self.marking = QLabel(self)
        self.marking.setObjectName("handlingBadge")
        for label in (self.heading, self.subheading, self.marking):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a title or a reference from another office
        self.marking.setStyleSheet(
            "QLabel { border: 1px solid palette(mid); border-radius: 3px; padding: 2px 8px; font-weight: 600;"
            " letter-spacing: 1px; }"
        )

        self.undo_action = _action(editor, "Undo", "undoAction", QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        # The platform's redo keys plus Ctrl+Shift+Z everywhere, each once: a repeated key is ambiguous.
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        unique = {key.toString(): key for key in redo_keys}
        self.redo_action = _action(editor, "Redo", "redoAction", *unique.values())
        self.redo_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))

        header = QHBoxLayout(self)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(10)  # the editor's own spacing, as when this row was a layout inside the editor's
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        titles.addWidget(self.purpose)
        header.addLayout(titles, 1)
        header.addWidget(self.marking, 0, Qt.AlignmentFlag.AlignTop)
        for action, name in ((self.undo_action, "undoButton"), (self.redo_action, "redoButton")):
            button = QToolButton(self)
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._follow(stack)

    def _follow(self, stack: QUndoStack) -> None:
        self.undo_action.triggered.connect(stack.undo)
        self.redo_action.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(
            lambda text: self.undo_action.setToolTip(
                f"Undo: {text.lower()} (Ctrl+Z)" if text else "Nothing to undo"
            )
        )
        stack.redoTextChanged.connect(
            lambda text: self.redo_action.setToolTip(
                f"Redo: {text.lower()} (Ctrl+Shift+Z)" if text else "Nothing to redo"
            )
        )
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def describe(self, context: str, marking: str) -> None:
        """Show the line of context under the title (council, revision, last saved) and the marking."""
        self.marking.setText(marking)
        self.subheading.setText(context)


def _action(editor: QWidget, text: str, name: str, *keys: str | QKeySequence | QKeySequence.StandardKey) -> QAction:
    action = QAction(text, editor)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(key) for key in keys])
    editor.addAction(action)
    return action
