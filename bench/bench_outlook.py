"""The coming-up panel and the dashboard over a large vault.

`uv run python -m bench.bench_outlook [--quick]`: 100,000 alerts (10,000 with --quick), each with 3 milestones
and, for nine in ten, a support offer (one offer in five with a follow-up date from a month ago to two months
ahead). Targets from issue 9: the coming-up panel opens within 200 ms (its content read from the vault, and
then the panel filled and laid out on the offscreen platform) and the dashboard's counts come within 200 ms.
The tray's look at everything in the horizon, hourly, is printed beside them (no target).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
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

PASSPHRASE = "bench passphrase, not secret"
HORIZON_DAYS = 30


def main(argv: list[str] | None = None) -> int:
    """Build the vault, open it as the application would, print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 10_000 if "--quick" in args else 100_000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    clock = FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    councils = english_councils()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "outlook.sgvault"
        # The key derivation is not what is measured here: a light one keeps the run short.
        service = VaultService(path, clock=clock, councils=councils,
                               new_slot_kdf=lambda: Argon2idKdf(iterations=1, lanes=1))
        session, _ = service.create(PASSPHRASE, OfficeProfile("Bench office", OrgType.LGA))
        start = time.perf_counter()
        session.alerts.add_many(_with_follow_ups(make_alerts(n, councils, clock.today()), clock),
                                confirm_identifying=True)
        print(f"# {n:,} alerts written in {time.perf_counter() - start:.1f} s")
        session.lock()  # and opened again, as after an unlock: the figures are for a vault as it is used

        session = service.unlock(PASSPHRASE)
        coming_up, dashboard = session.coming_up, session.dashboard
        content = coming_up.content(HORIZON_DAYS)
        counts = content.counts()
        print(f"# coming up in {HORIZON_DAYS} days: {counts.milestones:,} milestones "
              f"({counts.milestones_this_week:,} this week), {counts.follow_ups:,} follow-ups due, "
              f"{counts.to_confirm:,} dates to confirm, {counts.unsupported:,} national without support")
        seconds = best_of(5, lambda: coming_up.content(HORIZON_DAYS))
        print(line("coming_up_content", seconds * 1000, "ms", 200.0))
        print(line("coming_up_panel_open", _panel_open(session) * 1000, "ms", 200.0))
        board = dashboard.dashboard()
        print(f"# dashboard: {sum(board.counts.open_by_kind.values()):,} open alerts, "
              f"{board.counts.milestones_30:,} milestones in 30 days, "
              f"{sum(board.counts.offers_by_status.values()):,} offers")
        seconds = best_of(5, dashboard.dashboard)
        print(line("dashboard_counts", seconds * 1000, "ms", 200.0))
        seconds = best_of(3, lambda: coming_up.attention_ids(HORIZON_DAYS))
        print(f"# the tray's hourly look at everything in the horizon: {seconds * 1000:.0f} ms")
        session.lock()
    return 0


def _panel_open(session: object) -> float:
    """The best of five: read the content, fill the panel and lay it out (offscreen), as Ctrl+U does."""
    from PySide6.QtWidgets import QApplication

    from sg_desktop.ui.forward.coming_up import ComingUpPanel

    app = QApplication.instance() or QApplication([])
    panel = ComingUpPanel()
    coming_up = session.coming_up  # type: ignore[attr-defined]

    def open_panel() -> None:
        panel.set_content(coming_up.content(HORIZON_DAYS), coming_up.councils)
        panel.show()
        app.processEvents()

    seconds = best_of(5, open_panel)
    panel.close()
    panel.deleteLater()
    return seconds


def _with_follow_ups(alerts: list[Alert], clock: FixedClock) -> list[Alert]:
    """One offer in five given a follow-up date around today; one alert in ten without any offer."""
    rng = random.Random(9)
    out = []
    for i, alert in enumerate(alerts):
        if i % 10 == 3:
            out.append(replace(alert, offers=()))
        elif i % 5 == 0:
            due = clock.today() + timedelta(days=rng.randint(-30, 60))
            out.append(replace(alert, offers=tuple(replace(o, follow_up_on=due) for o in alert.offers)))
        else:
            out.append(alert)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
