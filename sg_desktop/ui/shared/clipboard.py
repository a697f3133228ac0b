"""Copying a secret (the recovery key) to the clipboard, marked as such, and clearing it after a while.

Clipboard managers keep a history; the platform hints below ask them not to (KDE's Klipper, Windows
clipboard history and cloud sync, macOS pasteboard managers honour them), and the clipboard is
emptied after `seconds` if it still holds the secret.
"""

from __future__ import annotations

import hashlib
import sys

from PySide6.QtCore import QCoreApplication, QMimeData, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

__all__ = ["CLEAR_AFTER_SECONDS", "copy_secret", "holds_secret"]

CLEAR_AFTER_SECONDS = 60


def _digest(text: str) -> bytes:
    # Only a digest is kept to recognise the secret later, not the secret itself.
    return hashlib.sha256(text.encode()).digest()


def holds_secret(digest: bytes, clipboard: QClipboard | None = None) -> bool:
    """Whether the clipboard still holds the text with this digest."""
    board = clipboard or QGuiApplication.clipboard()
    return _digest(board.text()) == digest


def copy_secret(text: str, seconds: float = CLEAR_AFTER_SECONDS) -> QTimer:
    """Put `text` on the clipboard marked as a secret; clear it after `seconds` if it is still there.

    Returns the timer (owned by the application, so it outlives the dialog that copied).
    """
    mime = QMimeData()
    mime.setText(text)
    if sys.platform == "darwin":
        mime.setData("application/x-nspasteboard-concealed-type", text.encode())
    elif sys.platform == "win32":
        never = b"\x00\x00\x00\x00"
        for name in ("ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory",
                     "CanUploadToCloudClipboard"):
            mime.setData(f'application/x-qt-windows-mime;value="{name}"', never)
    else:
        mime.setData("x-kde-passwordManagerHint", b"secret")
    board = QGuiApplication.clipboard()
    board.setMimeData(mime)
    digest = _digest(text)

    timer = QTimer(QCoreApplication.instance())
    timer.setObjectName("clipboardClearTimer")
    timer.setSingleShot(True)
    timer.setInterval(max(1, round(seconds * 1000)))

    pending = [True]

    def clear() -> None:
        if not pending:
            return
        pending.clear()
        timer.stop()
        if holds_secret(digest, board):
            board.clear()

    timer.timeout.connect(clear)
    app = QCoreApplication.instance()
    if app is not None:
        # Quitting before the time is up must not leave the key behind either.
        app.aboutToQuit.connect(clear)
    timer.start()
    return timer
