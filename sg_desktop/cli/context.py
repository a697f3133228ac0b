"""What every command gets: its arguments, its streams, the clock, and the ways to ask for secrets.

Secrets come, in order, from a file named on the command line, from an environment variable (for
scripts and tests), or from a prompt on the terminal. They are never echoed, logged or put in errors.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sg_desktop.app.briefing import PdfWriter
from sg_desktop.app.clock import Clock
from sg_desktop.app.digest import DigestPdfWriter
from sg_desktop.app.files import UnreadableFile, read_limited
from sg_desktop.app.paths import vault_path_from
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import Kdf, VaultService
from sg_desktop.cli.format import terminal_lines
from sg_desktop.domain.errors import SgError

__all__ = ["Context", "UsageError", "read_secret_file"]

_MAX_SECRET_FILE = 64 * 1024


class UsageError(SgError):
    """The command was called wrongly (exit status 2)."""


@dataclass
class Context:
    """One command's world."""

    args: argparse.Namespace
    env: Mapping[str, str]
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    clock: Clock
    new_slot_kdf: Callable[[], Kdf]
    prompt: Callable[[str], str] = getpass.getpass
    pdf_writer: PdfWriter | None = None  # the window's PDF drawing, when the desktop libraries are there
    digest_pdf_writer: DigestPdfWriter | None = None  # the same, for the "what works" digest

    def out(self, text: str = "") -> None:
        """Print a line of the command's result, made safe for a terminal (`terminal_lines`)."""
        print(terminal_lines(text), file=self.stdout)

    def note(self, text: str) -> None:
        """Print a line for the person at the terminal (not part of the result), made safe for it."""
        print(terminal_lines(text), file=self.stderr)

    def ask(self, text: str) -> None:
        """Put a question on the terminal, without ending the line, made safe for it."""
        self.stderr.write(terminal_lines(text))
        self.stderr.flush()

    @property
    def vault_path(self) -> Path:
        """The vault chosen by --vault, SG_VAULT, or the default."""
        return vault_path_from(getattr(self.args, "vault", None), self.env)

    def vault_service(self) -> VaultService:
        """The vault service for the chosen vault."""
        return VaultService(
            self.vault_path, clock=self.clock, councils=english_councils(), new_slot_kdf=self.new_slot_kdf
        )

    def open_session(self) -> Session:
        """Unlock the chosen vault with the passphrase from the usual sources."""
        # The key file is read once; a missing vault is reported before a passphrase is asked for.
        locked = self.vault_service().locked()
        session = locked.unlock(self.passphrase())
        try:
            # A command is short-lived and may touch only a few pages; checking every page's HMAC first
            # means a damaged vault is reported as damaged, whichever page the damage is on.
            session.verify_pages()
        except BaseException:
            session.lock()
            raise
        return session

    # -- secrets -------------------------------------------------------------------------------

    def passphrase(self, prompt: str = "Passphrase: ") -> str:
        """The vault's passphrase: --passphrase-file, else SG_PASSPHRASE, else a prompt."""
        return self._secret(
            getattr(self.args, "passphrase_file", None), "SG_PASSPHRASE", prompt, "--passphrase-file",
            "passphrase",
        )

    def new_passphrase(self, file_option: str | None, env_name: str) -> str:
        """A new passphrase: from the file or variable given, else typed twice at a prompt."""
        if file_option or self.env.get(env_name):
            return self._secret(file_option, env_name, "", "", "new passphrase")
        first = self._ask("New passphrase: ", "new passphrase", "--new-passphrase-file", env_name)
        if self._ask("Type it again: ", "new passphrase", "--new-passphrase-file", env_name) != first:
            raise UsageError("The two passphrases are not the same; nothing was changed.")
        return first

    def recovery_key(self) -> str:
        """The recovery key: --recovery-key-file, else SG_RECOVERY_KEY, else a prompt."""
        return self._secret(
            getattr(self.args, "recovery_key_file", None), "SG_RECOVERY_KEY", "Recovery key: ",
            "--recovery-key-file", "recovery key",
        )

    def _secret(self, file_option: str | None, env_name: str, prompt: str, flag: str, what: str) -> str:
        if file_option:
            return read_secret_file(Path(file_option), what)
        if self.env.get(env_name):
            return self.env[env_name]
        return self._ask(prompt, what, flag, env_name)

    def _ask(self, prompt: str, what: str, flag: str, env_name: str) -> str:
        if not self.stdin.isatty():
            raise UsageError(
                f"No {what} given: run this in a terminal to be asked for it, or use {flag} FILE or {env_name}."
            )
        return self.prompt(prompt)


def read_secret_file(path: Path, what: str) -> str:
    """A secret from a file, its final newline dropped; UsageError (never the content) if it can't be read."""
    try:
        text = read_limited(path, _MAX_SECRET_FILE).decode("utf-8")
    except UnreadableFile as exc:
        raise UsageError(f"The {what} file {path} {exc.reason}.") from None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"The {what} file {path} cannot be read.") from None
    # Editors add a final newline; a passphrase never ends in one.
    return text.removesuffix("\n").removesuffix("\r")
