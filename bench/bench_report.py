"""The briefing report: four weeks holding 500 alerts, read from the vault and written as a PDF.

`uv run python -m bench.bench_report [--quick]` (a tenth of the data with --quick). The vault holds 10,000
alerts, 500 of them with milestones in the four weeks from this one (each with 3 milestones a few days
apart and a support offer) and the rest with every date outside them. Target from issue 9: the report for
4 weeks with 500 alerts is written within 1 s (its content read and the PDF drawn and saved), with Qt
already running, as in the window; the first report of a fresh process, Qt's start-up and fonts included
(as `sg-desktop report` pays it), is printed beside it, with the content and the drawing on their own.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import best_of, line
from bench.fixtures import make_alerts
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile

__all__ = ["main"]

CLOCK_AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TODAY = CLOCK_AT.date()
FIRST, LAST = date(2026, 11, 23), date(2026, 12, 20)  # the four weeks from this one


def _in_range(alert: Alert, rng: random.Random) -> Alert:
    start = FIRST + timedelta(days=rng.randint(0, 20))
    return replace(alert, milestones=tuple(replace(m, date=start + timedelta(days=3 * j))
                                           for j, m in enumerate(alert.milestones)))


def _out_of_range(alert: Alert) -> Alert:
    # Dates a year either side of today; an alert with any in the four weeks moves on, all its dates together,
    # to start just after them (so its milestones stay in their order).
    if not any(FIRST <= m.date <= LAST for m in alert.milestones):
        return alert
    shift = LAST - min(m.date for m in alert.milestones) + timedelta(days=1)
    return replace(alert, milestones=tuple(replace(m, date=m.date + shift) for m in alert.milestones))


def main(argv: list[str] | None = None) -> int:
    """Build a vault, then time the report."""
    args = sys.argv[1:] if argv is None else argv
    total, in_range = (1_000, 50) if "--quick" in args else (10_000, 500)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rng = random.Random(9)
    folder = Path(tempfile.mkdtemp(prefix="sg-desktop-bench-report-"))
    clock = FixedClock(CLOCK_AT)
    service = VaultService(folder / "bench.sgvault", clock=clock, councils=english_councils(),
                           new_slot_kdf=lambda: Argon2idKdf(iterations=1, lanes=1))
    session, _ = service.create("bench passphrase, not secret", OfficeProfile("Bench office", OrgType.LGA))
    councils = tuple(english_councils())
    alerts = make_alerts(total, councils, TODAY)
    alerts = [_in_range(a, rng) if i < in_range else _out_of_range(a) for i, a in enumerate(alerts)]
    session.alerts.add_many(alerts)

    from sg_desktop.app.briefing import briefing_report
    from sg_desktop.ui.forward.report_pdf import briefing_pdf, write_briefing

    out = folder / "report.pdf"
    started = time.perf_counter()
    report = briefing_report(session, 4, clock.now())
    write_briefing(report, out)
    cold = time.perf_counter() - started
    assert report.alerts == in_range, report.alerts

    def whole() -> None:
        write_briefing(briefing_report(session, 4, clock.now()), out)

    content = best_of(5, lambda: briefing_report(session, 4, clock.now()))
    drawing = best_of(3, lambda: briefing_pdf(report))
    written = best_of(3, whole)
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    print(f"# {in_range} alerts, {report.milestones} milestones in 4 weeks of a {total:,}-alert vault: "
          f"{pages} pages, {out.stat().st_size // 1024} KiB")
    print(line(f"report_4_weeks_{in_range}_alerts", written * 1000, "ms", 1000))
    print(f"# parts: content {content * 1000:.0f} ms, PDF drawn {drawing * 1000:.0f} ms; the first report in a "
          f"fresh process, Qt start-up included, {cold * 1000:.0f} ms")
    session.lock()
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
