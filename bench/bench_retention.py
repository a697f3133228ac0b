"""Retention review over a large vault.

`uv run python -m bench.bench_retention [--quick]`: 100,000 alerts (10,000 with --quick), a quarter of them
closed, written two and a half years ago so every closed alert is past the 24-month period; one in ten of those
kept for another period and one in fifty on legal hold. Figures: the review as the window and `retention list`
read it (the alerts due and those held, with their councils' names), and deleting one alert for good (its row,
the search index written again whole so no token of it stays, the write-ahead log emptied), which is what the
officer waits for after "Delete now"; and View ▸ Due for review opening over that list (offscreen). Targets: the
list within 300 ms, the window within 1 s, a deletion within 3 s.
"""

from __future__ import annotations

import os
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
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf
from sg_desktop.domain.enums import AlertStatus, OrgType
from sg_desktop.domain.office import OfficeProfile

__all__ = ["main"]

PASSPHRASE = "bench passphrase, not secret"


def main(argv: list[str] | None = None) -> int:
    """Build the vault, review and delete as the application would, print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 10_000 if "--quick" in args else 100_000
    clock = FixedClock(datetime(2024, 5, 1, 10, 0, tzinfo=UTC))
    councils = english_councils()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "retention.sgvault"
        service = VaultService(path, clock=clock, councils=councils,
                               new_slot_kdf=lambda: Argon2idKdf(iterations=1, lanes=1))
        session, _ = service.create(PASSPHRASE, OfficeProfile("Bench office", OrgType.LGA))
        alerts = [replace(a, status=AlertStatus.CLOSED if i % 4 == 0 else AlertStatus.ACTIVE)
                  for i, a in enumerate(make_alerts(n, councils, clock.today()))]
        start = time.perf_counter()
        stored = session.alerts.add_many(alerts, confirm_identifying=True)
        print(f"# {n:,} alerts written in {time.perf_counter() - start:.1f} s")
        clock.moment = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
        closed = [a.reference for a in stored if a.status is AlertStatus.CLOSED]
        for i, reference in enumerate(closed):
            if i % 10 == 1:
                session.retention.keep(reference, 1, "Bench: kept for a month")
            elif i % 50 == 3:
                session.retention.hold(reference, "Bench: held")
        clock.moment += timedelta(days=62)  # the month kept has passed: kept ones are due again too
        session.lock()  # and opened again, as after an unlock

        session = service.unlock(PASSPHRASE)
        review = session.retention.review()
        print(f"# review: {len(review.due):,} alerts due, {len(review.held):,} on legal hold")
        seconds = best_of(5, session.retention.review)
        print(line("retention_list", seconds * 1000, "ms", 300.0))
        print(line("retention_window_open", _window_open(session) * 1000, "ms", 1000.0))
        victims = iter(r.reference for r in review.due)
        seconds = best_of(3, lambda: session.retention.delete([next(victims)]))
        print(line("retention_delete_one", seconds * 1000, "ms", 3000.0))
        session.lock()
    return 0


def _window_open(session: Session) -> float:
    """The best of three: read the review and fill the window with it, then lay it out, as the menu does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from sg_desktop.ui.retention.review_window import RetentionWindow

    app = QApplication.instance() or QApplication([])

    def open_window() -> None:
        window = RetentionWindow(session.retention)
        window.show()
        app.processEvents()
        window.close()
        window.deleteLater()
        app.processEvents()

    return best_of(3, open_window)


if __name__ == "__main__":
    raise SystemExit(main())
