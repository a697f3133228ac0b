"""The `sg-desktop` entry point: a subcommand runs headless; otherwise the desktop application opens."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from sg_desktop.app.briefing import BriefingReport
    from sg_desktop.app.digest import Digest

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `sg-desktop` with `argv` (default: the process's arguments); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    from sg_desktop.app.hardening import harden_process

    harden_process()  # before any vault is opened, by the command line or the window
    from sg_desktop.cli import is_headless

    if is_headless(args):
        from sg_desktop.cli import run

        return run(args, pdf_writer=_write_briefing, digest_pdf_writer=_write_digest, desktop_check=_check_desktop)
    from sg_desktop.ui.qt_libraries import window_problem

    # Before PySide6 loads: without the libraries it needs, it fails to import or Qt aborts the process.
    problem = window_problem(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from sg_desktop.ui.application import run_gui

    return run_gui(args)


def _write_briefing(report: BriefingReport, path: Path) -> None:
    """The window's PDF drawing for `sg-desktop report`, loaded only when a report is written."""
    from sg_desktop.app.briefing import ReportUnavailable
    from sg_desktop.cli.report_commands import NEEDS_DESKTOP

    try:
        from sg_desktop.ui.forward.report_pdf import write_briefing
    except ImportError:  # PySide6, or a library Qt itself links to, is missing
        raise ReportUnavailable(NEEDS_DESKTOP) from None
    write_briefing(report, path)


def _write_digest(digest: Digest, path: Path) -> None:
    """The window's PDF drawing for `sg-desktop digest`, loaded only when a digest is written."""
    from sg_desktop.app.briefing import ReportUnavailable
    from sg_desktop.cli.digest_commands import DIGEST_NEEDS_DESKTOP

    try:
        from sg_desktop.ui.forward.digest_pdf import write_digest
    except ImportError:  # PySide6, or a library Qt itself links to, is missing
        raise ReportUnavailable(DIGEST_NEEDS_DESKTOP) from None
    write_digest(digest, path)


def _check_desktop() -> str:
    """The window's libraries and plugins checked, for `sg-desktop --self-test` (Qt is loaded only then)."""
    from sg_desktop.ui.self_check import check_desktop

    return check_desktop()
