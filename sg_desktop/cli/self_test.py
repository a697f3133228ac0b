"""`sg-desktop --self-test`: the first thing IT runs after installing, to see that every part of SG Desktop works.

In a temporary folder of its own it makes two throw-away vaults (light key derivation: they hold only invented
records), writes and reads an alert, sends it in a signed, encrypted protocol file from one office to the
other, writes the briefing report as a PDF and the calendar, and checks the desktop libraries (Qt and the
plugins a window needs). It prints one line per step and `self-test passed`, and removes everything it made,
whether it passed or not. A failed step ends it: its line names the step and what went wrong, and the exit
status is 1. Nothing touches the officer's own vault, settings or files.

The window's parts come in from the entry point, as for `report`: the PDF writer and the desktop check
(`DesktopCheck`), so that this module, like the rest of the command line, loads no Qt itself.
"""

from __future__ import annotations

import platform
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from icalendar import Calendar

from sg_desktop.app.briefing import PdfWriter, ReportUnavailable, briefing_report
from sg_desktop.app.calendar_file import forward_calendar
from sg_desktop.app.clock import Clock
from sg_desktop.app.demo import demo_kdf
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.failures import calm_message
from sg_desktop.app.files import read_limited, save_file
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.cli.format import terminal_safe
from sg_desktop.domain.enums import AlertKind, DateConfidence, MediaInterest, MilestoneKind, OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile

__all__ = ["STEPS", "DesktopCheck", "SelfTestFailed", "run_self_test"]

DesktopCheck = Callable[[], str]
"""Loads the desktop libraries and checks the plugins a window needs; returns what it found, in a few words
(raises, with the reason, when something is missing)."""

_SENDER = OfficeProfile("Self-test council office (fictional)", OrgType.COUNCIL, council="E06000041",
                        reference_prefix="SELFTEST")
_RECEIVER = OfficeProfile("Self-test LGA office (fictional)", OrgType.LGA, reference_prefix="TESTLGA")
_TITLE = "Self-test alert: an invented practice review (fictional)"
_MAX_MADE_FILE = 16 * 1024 * 1024  # what a step reads back of a file it wrote


class SelfTestFailed(SgError):
    """A step found that part of SG Desktop does not work; the message says what."""


@dataclass
class _Run:
    """What the steps share: the folder, the clock, the window's parts, and what earlier steps made."""

    folder: Path
    clock: Clock
    pdf_writer: PdfWriter | None
    desktop_check: DesktopCheck | None
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    sessions: list[Session] = field(default_factory=list)
    alert: Alert | None = None

    def service(self, name: str) -> VaultService:
        return VaultService(self.folder / name / f"{name}.sgvault", clock=self.clock, councils=english_councils(),
                            new_slot_kdf=demo_kdf)

    def open(self, session: Session) -> Session:
        self.sessions.append(session)
        return session

    @property
    def sender(self) -> Session:
        return self.sessions[0]

    def close(self, session: Session) -> None:
        session.lock()
        self.sessions.remove(session)

    def lock_all(self) -> None:
        while self.sessions:
            self.sessions.pop().lock()


def _vault(run: _Run) -> str:
    service = run.service("office")
    created, recovery = service.create(run.passphrase, _SENDER)
    run.close(run.open(created))
    reopened = run.open(service.unlock(run.passphrase))
    entries = reopened.check_integrity()
    run.close(reopened)
    run.open(service.unlock_with_recovery(recovery.formatted))  # the sender for the steps after this one
    return (f"made (SQLCipher, Argon2id), locked, opened with its passphrase and with its recovery key; every "
            f"page and the audit log ({entries} {'entry' if entries == 1 else 'entries'}) check")


def _alert(run: _Run) -> str:
    session = run.sender
    today = session.alerts.today()
    council = session.alerts.resolve_council("Wokingham")
    stored = session.alerts.add(Alert(
        council=council.ons_code, kind=AlertKind.CSPR, title=_TITLE, media_interest=MediaInterest.NATIONAL,
        milestones=(Milestone(MilestoneKind.PUBLICATION, today + timedelta(days=10), DateConfidence.CONFIRMED),),
    ))
    read = session.alerts.get(stored.reference)
    if (read.title, read.council, [m.date for m in read.milestones]) != (
            _TITLE, council.ons_code, [m.date for m in stored.milestones]):
        raise SelfTestFailed(f"{stored.reference} did not read back as it was written.")
    run.alert = read
    return f"{read.reference} written and read back, with its milestone, for {council.name}"


def _protocol_file(run: _Run) -> str:
    sender = run.sender
    receiver = run.open(run.service("second-office").create(run.passphrase, _RECEIVER)[0])
    sender.offices.add(receiver.offices.card(), trust=True)
    receiver.offices.add(sender.offices.card(), trust=True)
    path = run.folder / "to-the-second-office.sgp"
    sent = sender.exports.export([_RECEIVER.name], AlertChoice(), path)
    own = sender.imports.open(sender.imports.read(path))  # encrypted to the sender too: it reopens its own file
    if not own.from_this_office:
        raise SelfTestFailed("The office could not reopen the file it sent as its own.")
    preview = receiver.imports.preview(receiver.imports.open(receiver.imports.read(path)))
    receiver.imports.apply(preview)
    assert run.alert is not None
    got = receiver.alerts.get(run.alert.reference)
    if got.title != _TITLE or got.id != run.alert.id:
        raise SelfTestFailed(f"The second office did not receive {run.alert.reference} as it was sent.")
    return (f"{sent.size:,} bytes, signed and encrypted to a second office and to this one; both opened it, and "
            f"the second office imported {got.reference}")


def _briefing_pdf(run: _Run) -> str:
    if run.pdf_writer is None:
        raise ReportUnavailable("This installation cannot draw PDF files (the desktop libraries are missing).")
    report = briefing_report(run.sender, 4, run.clock.now())
    if report.alerts != 1:
        raise SelfTestFailed(f"The report of the next 4 weeks holds {report.alerts} alerts, not the 1 written.")
    path = run.folder / "briefing.pdf"
    run.pdf_writer(report, path)
    data = read_limited(path, _MAX_MADE_FILE)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SelfTestFailed("The briefing report written is not a whole PDF file.")
    return f"the forward look of the next 4 weeks, {len(data):,} bytes, marked {report.marking.label}"


def _calendar(run: _Run) -> str:
    made = forward_calendar(run.sender, 4, run.clock.now())
    path = run.folder / "forward-look.ics"
    save_file(path, made.data)
    events = Calendar.from_ical(read_limited(path, _MAX_MADE_FILE)).walk("VEVENT")
    assert run.alert is not None
    if len(events) != 1 or not str(events[0].get("SUMMARY", "")).startswith(run.alert.reference):
        raise SelfTestFailed(f"The calendar holds {len(events)} events, not the 1 milestone written.")
    return f"{made.events} event written and read back (icalendar)"


def _desktop(run: _Run) -> str:
    if run.desktop_check is None:
        raise SelfTestFailed("This installation has no desktop libraries (PySide6) to check.")
    return run.desktop_check()


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("vault", _vault),
    ("alert", _alert),
    ("protocol file", _protocol_file),
    ("briefing PDF", _briefing_pdf),
    ("calendar", _calendar),
    ("desktop", _desktop),
)
"""Each step's name (what a failure names) and what it does, in order."""


def run_self_test(
    out: TextIO,
    err: TextIO,
    *,
    clock: Clock,
    pdf_writer: PdfWriter | None,
    desktop_check: DesktopCheck | None,
    steps: tuple[tuple[str, Callable[[_Run], str]], ...] = STEPS,
) -> int:
    """Run every step, printing a line for each; 0 when all pass, else 1 after the failed step's line."""
    from sg_desktop import __version__

    folder = Path(tempfile.mkdtemp(prefix="sg-desktop-self-test-"))
    run = _Run(folder, clock, pdf_writer, desktop_check)
    _say(out, f"SG Desktop {__version__} self-test on {platform.system()} {platform.machine()}, "
              f"Python {platform.python_version()}, in {folder}")
    failed: str | None = None
    try:
        for name, step in steps:
            try:
                detail = step(run)
            except Exception as exc:  # the step's name and the reason, never a traceback
                failed = name
                _say(err, f"FAILED {name}: {_reason(exc)}")
                break
            _say(out, f"ok     {name}: {detail}")
    finally:
        run.lock_all()
        shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        _say(err, f"FAILED clean-up: {folder} could not be removed")
        failed = failed or "clean-up"
    else:
        _say(out, "ok     clean-up: the temporary folder and everything in it removed")
    if failed is not None:
        _say(err, f"self-test failed at step: {failed}")
        return 1
    _say(out, "self-test passed")
    return 0


def _reason(exc: BaseException) -> str:
    # The records are invented, so an unexpected error's own message (a missing module, a library that would
    # not load) is safe to show, and is what IT needs to put the installation right.
    if isinstance(exc, SgError):
        return calm_message(exc)
    return f"{type(exc).__name__}: {exc}"


def _say(stream: TextIO, line: str) -> None:
    print(terminal_safe(line), file=stream, flush=True)
