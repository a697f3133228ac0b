"""The command line as a whole: the parser of every command, the choice between it and the window, and
running one command with every failure turned into one line on stderr and an exit status (1 for an error
the user can fix, 2 for a misused command, 70 for a bug, 130 for Ctrl+C)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from sg_desktop import __version__
from sg_desktop.app.briefing import PdfWriter
from sg_desktop.app.clock import Clock, SystemClock
from sg_desktop.app.digest import DigestPdfWriter
from sg_desktop.app.failures import calm_message, is_expected
from sg_desktop.app.vaults import Kdf, calibrated_kdf
from sg_desktop.cli import (
    alert_commands,
    backup_commands,
    calendar_commands,
    digest_commands,
    exchange_commands,
    lesson_commands,
    office_commands,
    report_commands,
    retention_commands,
    vault_commands,
)
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import terminal_safe
from sg_desktop.cli.self_test import DesktopCheck, run_self_test
from sg_desktop.domain.errors import IdentifyingDataWarning

__all__ = ["COMMANDS", "PROG", "build_parser", "run"]

COMMANDS = frozenset({"init", "add", "list", "show", "edit", "delete", "passphrase", "recover", "check", "audit",
                      "identity", "offices", "export", "verify", "import",
                      "report",
                      "calendar",
                      "lessons", "digest",
                      "backup", "restore",
                      "retention"})
PROG = "sg-desktop"


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors become UsageError (one line, exit 2) instead of exiting the process."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    common = _Parser(add_help=False)
    common.add_argument("--vault", metavar="PATH", default=argparse.SUPPRESS,
                        help="the vault file (default: SG_VAULT, else your user data folder)")
    common.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS,
                        help="read the passphrase from FILE (else SG_PASSPHRASE, else a prompt)")
    parser = _Parser(
        prog=PROG,
        description="SG Desktop: the confidential early-alert log. With no command, the desktop application opens.",
        epilog="Run `sg-desktop COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"SG Desktop {__version__}")
    parser.add_argument("--vault", metavar="PATH", help="the vault file")
    parser.add_argument("--passphrase-file", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true", help="open the application on a throw-away demo vault")
    parser.add_argument("--self-test", action="store_true",
                        help="check that every part of this installation works, on a throw-away vault (yours is "
                             "never touched), and exit")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    vault_commands.register(sub, common)
    alert_commands.register(sub, common)
    office_commands.register(sub, common)
    exchange_commands.register(sub, common)
    report_commands.register(sub, common)
    calendar_commands.register(sub, common)
    lesson_commands.register(sub, common)
    digest_commands.register(sub, common)
    backup_commands.register(sub, common)
    retention_commands.register(sub, common)
    return parser


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Clock | None = None,
    new_slot_kdf: Callable[[], Kdf] | None = None,
    prompt: Callable[[str], str] | None = None,
    pdf_writer: PdfWriter | None = None,
    digest_pdf_writer: DigestPdfWriter | None = None,
    desktop_check: DesktopCheck | None = None,
) -> int:
    """Run one command; return its exit status. Tests pass streams, a clock and a cheap KDF; the entry point
    passes the window's PDF writer for `report` and its desktop check for `--self-test` (the command line
    loads no Qt itself)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        try:
            with contextlib.redirect_stdout(out):  # argparse prints --help and --version to sys.stdout
                args = build_parser().parse_args(list(argv))
        except SystemExit as exc:  # --help and --version print and "exit"
            return int(exc.code or 0)
        if args.self_test:
            if hasattr(args, "handler"):
                raise UsageError("--self-test runs on its own, without a command.")
            return run_self_test(out, err, clock=clock or SystemClock(), pdf_writer=pdf_writer,
                                 desktop_check=desktop_check)
        if not hasattr(args, "handler"):
            build_parser().print_help(out)
            return 0
        ctx = Context(
            args=args,
            env=os.environ if env is None else env,
            stdin=stdin or sys.stdin,
            stdout=out,
            stderr=err,
            clock=clock or SystemClock(),
            new_slot_kdf=new_slot_kdf or calibrated_kdf,
            pdf_writer=pdf_writer,
            digest_pdf_writer=digest_pdf_writer,
        )
        if prompt is not None:
            ctx.prompt = prompt
        handler: Callable[[Context], int] = args.handler
        return handler(ctx)
    except UsageError as exc:
        _fail(err, str(exc))
        return 2
    except IdentifyingDataWarning as exc:
        _fail(err, f"{exc} Remove it, or run the command again with --confirm to save it anyway.")
        return 1
    except KeyboardInterrupt:
        _fail(err, "Interrupted; nothing more was changed.")
        return 130
    except Exception as exc:  # ours or a damaged vault (status 1), else a bug (70): never its own message
        _fail(err, calm_message(exc))
        return 1 if is_expected(exc) else 70


def _fail(err: TextIO, message: str) -> None:
    print(f"{PROG}: {terminal_safe(message)}", file=err)  # one line, whatever the message holds
