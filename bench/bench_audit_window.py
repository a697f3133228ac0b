"""The Audit window over a trail of 100,000 entries: opening it, the next page, each filter, an alert's
history, and verifying the chain.

`uv run python -m bench.bench_audit_window [--quick] [--rebuild]` (10,000 entries with --quick). Target from
issue 10: the window opens (its filters' lists, the count of entries, the first page read and painted,
offscreen) in <= 500 ms, on the first open in a fresh process. The other figures are printed beside it
(a filter re-reads the trail and counts what matches: a reference or an office is looked for in every
entry, as there is no index on what an entry is about; see the report for why none was added).

The vault holds 2,000 fictional alerts added through the service, then entries appended through the audit
log itself, in the proportions a busy office would make them over two years (edits of those alerts, files
sent and received with an entry per alert, unlocks and locks, office changes): writing 98,000 edits through
the alert service would take many minutes and measure the editing, not the trail. It is built once, in its
own process, and kept in the temporary folder (`--rebuild` makes it again).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import line

__all__ = ["main"]

PASSPHRASE = "bench passphrase, not secret"
ROOT = Path(__file__).resolve().parent.parent
CLOCK_AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ALERTS = 2_000
BUILD = "2"  # bump when the vault built would come out differently


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the vault, then measure in a fresh process."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--build"]:
        return _build(Path(args[1]), int(args[2]))
    if args[:1] == ["--measure"]:
        return _measure(Path(args[1]), int(args[2]))
    n = 10_000 if "--quick" in args else 100_000
    vault = Path(tempfile.gettempdir()) / f"sg-desktop-bench-audit-{n}" / "bench.sgvault"
    done = vault.parent / "complete"
    if "--rebuild" in args or not done.exists() or done.read_text() != BUILD:
        for old in vault.parent.glob("bench.sgvault*"):
            old.unlink()
        vault.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.bench_audit_window", "--build", str(vault), str(n)],
                       cwd=ROOT, check=True)
        done.write_text(BUILD)
        print(f"# built a vault with a {n:,}-entry audit trail in {time.perf_counter() - started:.0f} s at "
              f"{vault.parent}")
    else:
        print(f"# reusing the {n:,}-entry vault at {vault.parent} (--rebuild to make it again)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    measured = subprocess.run([sys.executable, "-m", "bench.bench_audit_window", "--measure", str(vault), str(n)],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    sys.stdout.write(measured.stdout)
    if measured.returncode != 0:
        sys.stdout.write(measured.stderr)
    return measured.returncode


def _cheap_kdf():  # type: ignore[no-untyped-def]
    from sg_desktop.crypto import Argon2idKdf

    return Argon2idKdf(iterations=1, lanes=1)  # the figures exclude unlocking


def _build(vault: Path, n: int) -> int:
    """(In its own process.) Make the vault, add the alerts, then fill the trail up to `n` entries."""
    import pyrage

    from bench.fixtures import make_alerts
    from sg_desktop.app.clock import FixedClock
    from sg_desktop.app.reference import english_councils
    from sg_desktop.app.vaults import VaultService
    from sg_desktop.crypto.identity import OfficeKeys
    from sg_desktop.domain.enums import OrgType
    from sg_desktop.domain.office import OfficeProfile
    from sg_desktop.exchange import OfficeCard

    clock = FixedClock(CLOCK_AT - timedelta(days=730))
    service = VaultService(vault, clock=clock, councils=english_councils(), new_slot_kdf=_cheap_kdf)
    session, _ = service.create(PASSPHRASE, OfficeProfile("Bench office", OrgType.LGA))
    stored = session.alerts.add_many(make_alerts(ALERTS, english_councils(), CLOCK_AT.date()),
                                     confirm_identifying=True)
    partners = []
    for i in range(5):  # the offices files go to and come from; three are removed again
        card = OfficeCard.issue(OfficeKeys(bytes([i + 1]) * 32, str(pyrage.x25519.Identity.generate())),
                                f"Partner office {i + 1}", OrgType.ADCS)
        partners.append(session.offices.add(card, trust=True).fingerprint)
        if i >= 2:
            session.offices.remove(card.name)
    rng = random.Random(10)
    left = n - len(session.audit_entries())
    step = timedelta(days=730) / max(left, 1)
    at = clock.now()
    vault_log = session.vault.audit
    while left > 0:
        batch: list[tuple[datetime, str, str, dict[str, Any]]] = []
        while len(batch) < min(left, 10_000):
            event = _event(rng, stored, partners)
            at += step * len(event)
            batch += [(at, *entry) for entry in event]
        batch = batch[:left]
        with session.vault.transaction():
            for when, action, record, detail in batch:
                vault_log.append(when, action, record, **detail)
        left -= len(batch)
    session.lock()
    return 0


def _event(rng: random.Random, alerts: list[Any], partners: list[bytes]) -> list[tuple[str, str, dict[str, Any]]]:
    """One thing an office does, as the entries it leaves."""
    roll = rng.random()
    alert = rng.choice(alerts)
    ref = {"reference": alert.reference}
    if roll < 0.70:
        fields = rng.sample(["title", "summary", "status", "owner", "media_interest", "sharing"], rng.randint(1, 2))
        detail: dict[str, Any] = {**ref, "revision": rng.randint(2, 40), "fields": fields}
        if rng.random() < 0.3:
            detail["milestones"] = {"moved": [rng.choice(["publication", "trial-start", "verdict"])]}
        return [("alert.edit", alert.id, detail)]
    if roll < 0.85:
        to = [rng.choice(partners).hex()]
        sent = rng.sample(alerts, rng.randint(1, 6))
        file_id = f"{rng.getrandbits(128):032x}"
        return [*(("alert.export", a.id, {"reference": a.reference, "file": file_id, "to": to}) for a in sent),
                ("exchange.export", file_id, {"records": len(sent), "tombstones": 0, "left_out": 0,
                                              "sequence": rng.randint(1, 500), "to": to})]
    if roll < 0.95:
        sender = rng.choice(partners).hex()
        got = rng.sample(alerts, rng.randint(1, 4))
        file_id = f"{rng.getrandbits(128):032x}"
        return [*(("alert.import", a.id, {"reference": a.reference, "result": "updated", "fields": ["status"],
                                          "file": file_id, "sender": sender}) for a in got),
                ("exchange.import", file_id, {"sender": sender, "sequence": rng.randint(1, 500), "new": 0,
                                              "updated": len(got), "unchanged": 0, "conflict": 0,
                                              "older-ignored": 0, "copies": 0, "passphrase": False,
                                              "resolved": {}})]
    return [("vault.unlock", "", {"with": "passphrase"}), ("vault.lock", "", {"reason": rng.choice(["idle",
                                                                                                 "request"])})]


def _measure(vault: Path, n: int) -> int:
    """(In a fresh process.) Open the window on the unlocked vault, then page, filter and verify."""
    from PySide6.QtWidgets import QApplication

    from sg_desktop.app.audit_view import AuditQuery
    from sg_desktop.app.clock import FixedClock
    from sg_desktop.app.reference import english_councils
    from sg_desktop.app.vaults import VaultService
    from sg_desktop.ui.audit.audit_window import AuditWindow
    from sg_desktop.ui.shared.theme import apply_theme

    qt = QApplication([])
    apply_theme(qt)
    session = VaultService(vault, clock=FixedClock(CLOCK_AT), councils=english_councils()).unlock(PASSPHRASE)
    view = session.audit
    total = view.count(AuditQuery())

    def open_window() -> tuple[float, AuditWindow]:
        began = time.perf_counter()
        window = AuditWindow(view, CLOCK_AT.date())
        window.resize(1366, 700)
        window.show()
        qt.processEvents()
        window.table.viewport().repaint()
        return time.perf_counter() - began, window

    cold, window = open_window()
    warm = []
    for _ in range(3):
        took, again = open_window()
        warm.append(took)
        again.close()
        qt.processEvents()
    print(f"# {total:,} entries; first open {cold * 1000:.0f} ms, then best of 3 {min(warm) * 1000:.0f} ms "
          f"({window.model.rowCount()} rows read)")
    print(line(f"audit_open_{n // 1000}k", cold * 1000, "ms", 500.0), flush=True)

    began = time.perf_counter()
    window.table.scrollToBottom()
    qt.processEvents()
    print(f"# the next page at the end of the table: {(time.perf_counter() - began) * 1000:.0f} ms "
          f"({window.model.rowCount()} rows now)")

    filters = window.filters
    first = next(iter(session.alerts.all()))
    reference = first.reference
    for what, change in (
        ("kind: alerts edited", lambda: filters.kind.setCurrentIndex(filters.kind.findData("edited"))),
        ("kind: files imported", lambda: filters.kind.setCurrentIndex(filters.kind.findData("imported"))),
        ("office: Partner office 1", lambda: (filters.kind.setCurrentIndex(0),
                                              filters.office.setCurrentIndex(filters.office.findData(
                                                  "Partner office 1")))),
        (f"alert: {reference}", lambda: (filters.office.setCurrentIndex(0), filters.reference.setText(reference),
                                         filters.flush())),
        ("from a day a year ago", lambda: (filters.reset(), filters.since_on.setChecked(True),
                                          filters.since.set_value(CLOCK_AT.date() - timedelta(days=365)),
                                          filters.since.value_changed.emit(filters.since.value()))),
    ):
        began = time.perf_counter()
        change()
        window.table.viewport().repaint()
        print(f"# filter by {what}: {(time.perf_counter() - began) * 1000:.0f} ms, {window.count_label.text()}")

    began = time.perf_counter()
    history = view.history(first.id, reference)
    print(f"# one alert's history ({len(history)} entries): {(time.perf_counter() - began) * 1000:.0f} ms")
    began = time.perf_counter()
    check = view.check()
    print(f"# verify chain: {(time.perf_counter() - began) * 1000:.0f} ms ({check.message})")
    window.close()
    session.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
