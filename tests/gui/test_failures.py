"""An error nobody expected: a calm message naming only its type and place, never the text it carried."""

from __future__ import annotations

import sys

import pytest
import sqlcipher3
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.domain.errors import VaultLocked
from sg_desktop.ui.shared.failures import DAMAGED, describe_failure, install_failure_hook

from .conftest import visible

MARK = "Qzmarkerxq child's name"


def raised(exc: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_each_kind_of_failure_reads_as_one_line_without_record_text() -> None:
    _, exc, tb = raised(KeyError(MARK))
    text = describe_failure(exc, tb)  # type: ignore[arg-type]
    assert "KeyError at test_failures.py:" in text and MARK not in text
    assert describe_failure(VaultLocked("The vault is locked."), None) == "The vault is locked."
    assert describe_failure(sqlcipher3.DatabaseError("file is not a database"), None) == DAMAGED


def test_the_hook_shows_a_message_box_and_prints_no_record_text(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    before = sys.excepthook
    undo = install_failure_hook(lambda: parent)
    try:
        sys.excepthook(*raised(ValueError(MARK)))  # type: ignore[arg-type]
        box = visible(QMessageBox, "failureMessage")
        assert box is not None and "ValueError" in box.text() and MARK not in box.text()
        err = capsys.readouterr().err
        assert err.startswith("sg-desktop: Something went wrong (ValueError") and MARK not in err
        box.close()
    finally:
        undo()
    assert sys.excepthook is before
