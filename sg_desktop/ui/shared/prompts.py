"""The questions asked before anything is stored, discarded or deleted (by the editor and the log).

Each is a window-modal box opened with `open()`, never a blocking `exec()`: the editor stays responsive
(it can still be closed when the vault locks) and tests answer by clicking a button found by its name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sg_desktop.domain.identifying import AlertFinding, FieldFinding

__all__ = [
    "CANCEL_DELETE",
    "CONFIRM_DELETE",
    "DISCARD_CHANGES",
    "GO_BACK",
    "KEEP_EDITING",
    "SAVE_ANYWAY",
    "SAVE_CHANGES",
    "Answer",
    "ask_delete",
    "ask_identifying",
    "ask_unsaved",
]

# Object names of the answers: what the callbacks receive, and what tests click.
GO_BACK = "goBackButton"
SAVE_ANYWAY = "saveAnywayButton"
SAVE_CHANGES = "saveChangesButton"
DISCARD_CHANGES = "discardChangesButton"
KEEP_EDITING = "keepEditingButton"
CONFIRM_DELETE = "confirmDeleteButton"
CANCEL_DELETE = "cancelDeleteButton"

Answer = Callable[[str], None]
_Role = QMessageBox.ButtonRole


def _ask(
    parent: QWidget,
    name: str,
    icon: QMessageBox.Icon,
    texts: tuple[str, str, str],
    buttons: Sequence[tuple[str, QMessageBox.ButtonRole, str]],
    safe: str,
    on_answer: Answer,
) -> QMessageBox:
    """Open a question; `safe` names the button Return and Escape choose, `on_answer` gets the one clicked."""
    title, text, detail = texts
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a reference or a finding comes from a record: never markup
    box.setInformativeText(detail)
    # The default box wraps a list of findings into a tall, narrow column; give the text room to read.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 420px; }")
    for label, role, object_name in buttons:
        button = box.addButton(label, role)
        button.setObjectName(object_name)
        if object_name == safe:
            box.setDefaultButton(button)
            box.setEscapeButton(button)
    box.buttonClicked.connect(lambda button: on_answer(button.objectName()))
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def ask_identifying(parent: QWidget, findings: Sequence[AlertFinding | FieldFinding], on_answer: Answer, *,
                    subject: str = "alert") -> QMessageBox:
    """ "The alert's text may identify a child" (or the lesson's, `subject`): go back (the safe answer) or save
    anyway."""
    lines = "\n".join(f"• {f.message}" for f in findings)
    detail = (
        f"{lines}\n\n{subject.capitalize()}s must never identify a child. Go back and remove these details, or save "
        "anyway if you are sure they identify no one (for example, a court's switchboard number)."
    )
    return _ask(
        parent,
        "identifyingConfirm",
        QMessageBox.Icon.Warning,
        ("Possible identifying details", f"The {subject}'s text may identify a child.", detail),
        [("Go back and edit", _Role.RejectRole, GO_BACK), ("Save anyway", _Role.AcceptRole, SAVE_ANYWAY)],
        GO_BACK,
        on_answer,
    )


def ask_unsaved(parent: QWidget, on_answer: Answer) -> QMessageBox:
    """Save, discard or keep editing before the editor closes."""
    return _ask(
        parent,
        "unsavedPrompt",
        QMessageBox.Icon.Question,
        (
            "Unsaved changes",
            "Save the changes to this alert before closing?",
            "If you discard them, the edits made since the editor opened are lost.",
        ),
        [
            ("Save", _Role.AcceptRole, SAVE_CHANGES),
            ("Discard changes", _Role.DestructiveRole, DISCARD_CHANGES),
            ("Keep editing", _Role.RejectRole, KEEP_EDITING),
        ],
        KEEP_EDITING,
        on_answer,
    )


def ask_delete(parent: QWidget, reference: str, on_answer: Answer) -> QMessageBox:
    """Delete the alert or cancel (the safe answer)."""
    return _ask(
        parent,
        "deleteConfirm",
        QMessageBox.Icon.Warning,
        (
            "Delete alert",
            f"Delete alert {reference}?",
            "It leaves this vault's log. A deletion record is kept so that the offices you share it with "
            "remove their copies too. This cannot be undone.",
        ),
        [
            ("Delete alert", _Role.DestructiveRole, CONFIRM_DELETE),
            ("Cancel", _Role.RejectRole, CANCEL_DELETE),
        ],
        CANCEL_DELETE,
        on_answer,
    )
