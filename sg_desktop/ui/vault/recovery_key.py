"""The recovery key on paper or in a file: the words that go with it, the page printed, and writing it as a
text file or a PDF that only this user can read.

Printing goes through Qt's print support; a printer set to print into a PDF file writes that file as
readable by its owner only, like the text file, since it holds the key.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QPagedPaintDevice, QPdfWriter, QTextDocument

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = [
    "KeySheet",
    "platform_printer",
    "print_sheet",
    "recovery_key_text",
    "write_owner_only",
    "write_pdf",
]

# On one line, at a size that fits between the margins of A4 and Letter paper: a key broken across two
# lines is easily copied with a gap or without its last group.
_KEY_STYLE = "font-family: monospace; font-size: 16pt; font-weight: bold; white-space: nowrap"
_WARNING = (
    "If the vault passphrase is forgotten, this key opens the vault and sets a new passphrase. "
    "Keep it somewhere safe and away from this computer: anyone with this key and the vault file "
    "can read every alert in it."
)


def recovery_key_text(key: str, office: str, vault_location: str, made: date) -> str:
    """The text saved or printed with the recovery key."""
    return (
        "SG Desktop — vault recovery key\n\n"
        f"Office: {office}\nVault:  {vault_location}\nMade:   {made:%d %B %Y}\n\n"
        f"    {key}\n\n"
        "If the vault passphrase is forgotten, this key opens the vault and sets a new passphrase.\n"
        "Keep it somewhere safe and away from this computer: anyone with this key and the vault file\n"
        "can read every alert in it.\n"
    )


class KeySheet:
    """What is printed: the key, the office and vault it opens, the day it was made, and the warning."""

    def __init__(self, key: str, office: str, vault_location: str, made: date) -> None:
        self.key = key
        self._office = office
        self._location = vault_location
        self._made = made

    def document(self, parent: QObject | None = None) -> QTextDocument:
        """The sheet as a document to print (every value escaped: it is our markup around plain text)."""
        document = QTextDocument(parent)
        made = self._made
        document.setHtml(
            "<h2>SG Desktop — vault recovery key</h2>"
            f"<p>Office: {escape(self._office)}<br>Vault: {escape(self._location)}<br>"
            f"Made: {made.day} {made:%B %Y}</p>"
            f"<p style='{_KEY_STYLE}'>{escape(self.key)}</p>"
            f"<p>{_WARNING}</p>"
        )
        return document


def platform_printer() -> QPrinter:
    """The printer the print dialog starts from: the system's default, at full resolution."""
    from PySide6.QtPrintSupport import QPrinter

    return QPrinter(QPrinter.PrinterMode.HighResolution)


def print_sheet(sheet: KeySheet, printer: QPrinter) -> str:
    """Print `sheet` on `printer`; the sentence that says what happened, for the page's status line."""
    from PySide6.QtPrintSupport import QPrinter

    into_file = printer.outputFileName() if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat else ""
    if into_file:
        return write_pdf(sheet, into_file, printer)
    sheet.document().print_(printer)
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return "The printer did not take the page; nothing was printed. Check the printer and try again."
    name = printer.printerName()
    where = f"the printer “{name}”" if name else "the printer"
    return f"Sent to {where}. Collect the page straight away; do not leave it in the tray."


def write_pdf(sheet: KeySheet, filename: str, device: QPagedPaintDevice | None = None) -> str:
    """Write `sheet` as a PDF at `filename`, readable only by this user, through `device` (a printer set to
    print into that file) or a PDF writer of its own; the sentence that says what happened."""
    try:
        _create_owner_only(filename)
    except OSError as exc:
        return f"The key could not be written to {filename}: {exc.strerror}. Nothing was saved there."
    target = device if device is not None else QPdfWriter(filename)
    sheet.document().print_(target)
    if os.path.getsize(filename) == 0:
        with contextlib.suppress(OSError):
            os.remove(filename)
        return f"The key could not be written to {filename}. Nothing was saved there."
    return f"Saved as a PDF file to {filename}. Print it on paper, then delete the file."


def write_owner_only(filename: str, text: str) -> None:
    """Write `text` to `filename` (made, or emptied, so that only this user can read it)."""
    _create_owner_only(filename)
    with open(filename, "w", encoding="utf-8") as out:
        out.write(text)


def _create_owner_only(filename: str) -> None:
    """Make `filename` empty and readable by this user only, before anything secret is written into it."""
    fd = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    # O_CREAT keeps the permissions of a file that was already there.
    os.chmod(filename, 0o600)
