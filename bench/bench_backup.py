"""Backups at scale: the daily backup of a 10,000-alert vault, what closing waits for, and a restore.

`uv run python -m bench.bench_backup [--quick]`: 10,000 alerts (1,000 with --quick), each with 3 milestones and 1
offer (about 35 MB at 10,000). Figures:

- `backup_<n>`: a whole backup (the copy through SQLite's backup API on its own connection, the check of every
  page and of the structure on another, packing with the key file, reading it back). Target <= 1.5 s at 10,000:
  it runs on the thread pool after the vault locked or the window closed, so it delays nothing on screen.
- `backup_close_<n>`: what locking or closing waits for on the window's thread when the daily backup is due
  (beginning it: three connections opened, its audit entry written; then the vault closed). Target <= 100 ms,
  beside `lock_<n>`, the same lock with no backup due, measured in the same run.
- `restore_<n>`: checking a backup (extracting it, every page and the structure) and putting it in place,
  keeping the replaced vault as a backup; the key derivation is the cheap test one, so this is the work alone.
  Target <= 3 s at 10,000.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import line
from bench.fixtures import make_alerts
from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile

__all__ = ["main"]

PASSPHRASE = "bench passphrase, not secret"


def _cheap_kdf() -> Kdf:
    return Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 1_000 if "--quick" in args else 10_000
    scale = n / 10_000
    clock = FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    councils = english_councils()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sgvault"
        service = VaultService(path, clock=clock, councils=councils, new_slot_kdf=_cheap_kdf)
        session, _ = service.create(PASSPHRASE, OfficeProfile("Bench office", OrgType.LGA))
        session.alerts.add_many(make_alerts(n, councils, clock.today()), confirm_identifying=True)
        session.lock()
        print(f"# vault of {n:,} alerts: {path.stat().st_size / 1e6:.1f} MB")
        backups = BackupService(path, clock)

        runs, closes, locks = [], [], []
        for _day in range(3):
            session = service.unlock(PASSPHRASE)
            start = time.perf_counter()
            pending = backups.begin_daily(session)
            session.lock("quit")
            closes.append(time.perf_counter() - start)
            assert pending is not None
            start = time.perf_counter()
            info = pending.run()
            runs.append(time.perf_counter() - start)
            session = service.unlock(PASSPHRASE)  # the same day: no backup due
            start = time.perf_counter()
            assert backups.begin_daily(session) is None
            session.lock("quit")
            locks.append(time.perf_counter() - start)
            clock.moment += timedelta(days=1)
        print(f"# backup file {info.size / 1e6:.1f} MB")
        print(line(f"backup_{n // 1000}k", min(runs) * 1000, "ms", 1500 * scale))
        print(line(f"backup_close_{n // 1000}k", min(closes) * 1000, "ms", 100))
        print(f"# lock_{n // 1000}k with no backup due: {min(locks) * 1000:.1f} ms")

        start = time.perf_counter()
        with backups.prepare_restore(info.path, passphrase=PASSPHRASE) as prepared:
            prepared.apply()
        restore = time.perf_counter() - start
        print(line(f"restore_{n // 1000}k", restore * 1000, "ms", 3000 * scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
