"""The forward look as a calendar file (.ics) over a busy vault.

`uv run python -m bench.bench_calendar [--quick]`: 30,000 alerts (3,000 with --quick) with 3 milestones each,
half of them at a time of day (so the file carries timed events and its time zone), dates spread a year either
side of today: about 10,000 milestones fall in the default 12 weeks. Target from issue 9: the calendar of
10,000 milestones within 1 s, measured end to end (read from the vault, the file built, minimal and full
detail); the file's building alone, for exactly the milestones read, is printed beside it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from bench.common import best_of, line
from bench.fixtures import make_alerts
from sg_desktop.app.calendar_file import DEFAULT_WEEKS, Detail, calendar_bytes, forward_calendar
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.query import AlertQuery

__all__ = ["main"]

PASSPHRASE = "bench passphrase, not secret"


def main(argv: list[str] | None = None) -> int:
    """Build the vault, make the calendar as `sg-desktop calendar` would, print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 3_000 if "--quick" in args else 30_000
    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    clock = FixedClock(now)
    councils = english_councils()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calendar.sgvault"
        # The key derivation is not what is measured here: a light one keeps the run short.
        service = VaultService(path, clock=clock, councils=councils,
                               new_slot_kdf=lambda: Argon2idKdf(iterations=1, lanes=1))
        session, _ = service.create(PASSPHRASE, OfficeProfile("Bench office", OrgType.LGA))
        start = time.perf_counter()
        session.alerts.add_many(_with_times(make_alerts(n, councils, clock.today())), confirm_identifying=True)
        print(f"# {n:,} alerts written in {time.perf_counter() - start:.1f} s")
        session.lock()
        session = service.unlock(PASSPHRASE)

        made = forward_calendar(session, DEFAULT_WEEKS, now)
        print(f"# {made.events:,} milestones from {made.first} to {made.last}: {len(made.data) / 1e6:.1f} MB")
        name = f"calendar_{DEFAULT_WEEKS}_weeks"
        for detail in Detail:
            seconds = best_of(3, lambda d=detail: forward_calendar(session, DEFAULT_WEEKS, now, detail=d))
            print(line(f"{name}_{detail}", seconds, "s", 1.0))
        forward = session.forward
        rows = forward.milestones(AlertQuery(), made.first, made.last)
        seconds = best_of(3, lambda: calendar_bytes(rows, forward.councils, first=made.first, last=made.last,
                                                    stamp=now))
        print(f"# of which building the file: {seconds * 1000:.0f} ms")
        session.lock()
    return 0


def _with_times(alerts: list[Alert]) -> list[Alert]:
    """Every other milestone at a time of day, some in summer time, so the file has timed events."""
    out = []
    for i, alert in enumerate(alerts):
        milestones = tuple(replace(m, time=clock_time(9 + (i + j) % 8, 30)) if (i + j) % 2 else m
                           for j, m in enumerate(alert.milestones))
        out.append(replace(alert, milestones=milestones))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
