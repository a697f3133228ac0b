"""The "what works" digest over 10,000 lessons: the window opened, and its PDF written.

`uv run python -m bench.bench_digest [--quick]` (a tenth of the lessons with --quick). The vault holds 10,000
fictional lessons, as an LGA office holds them after receiving them from councils: on every English council, of
every kind of case, each reviewing one to three support offers, seven in ten of them with texts that may be
quoted (of one to three sentences, drawn from invented words and the themes' words). Targets from issue 12:

- the digest window opened, counted and drawn, from the click to the window on screen: <= 500 ms;
- its PDF written (the content as the window has it, drawn and saved): <= 2 s.

Qt is already running, as in the window; the parts (the digest counted, the window filled) are printed beside.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import best_of, line
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf
from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind, OrgType
from sg_desktop.domain.lesson_themes import THEMES
from sg_desktop.domain.lessons import Lesson, OfferReview
from sg_desktop.domain.model import new_id
from sg_desktop.domain.office import OfficeProfile

__all__ = ["main"]

CLOCK_AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
_SYLLABLES = ("ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "ve")


def make_lessons(n: int, rng: random.Random) -> list[Lesson]:
    """`n` fictional lessons, recorded over the past two years."""
    councils = [c.ons_code for c in english_councils()]
    invented = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)]
    themed = [w for t in THEMES for w in t.words]

    def sentence() -> str:
        words = [rng.choice(invented) for _ in range(rng.randint(8, 18))]
        if rng.random() < 0.8:
            words[rng.randrange(len(words))] = rng.choice(themed)
        return " ".join(words).capitalize() + "."

    def text() -> str:
        return " ".join(sentence() for _ in range(rng.randint(1, 3)))

    lessons = []
    for i in range(n):
        shared = rng.random() < 0.7
        reviews = []
        for _ in range(rng.randint(1, 3)):
            taken = rng.random() < 0.7
            reviews.append(OfferReview(new_id(), rng.choice(list(OfferingOrganisation)), rng.choice(list(OfferKind)),
                                       taken, rng.randint(1, 5) if taken and rng.random() < 0.9 else None,
                                       sentence() if rng.random() < 0.3 else ""))
        when = CLOCK_AT - timedelta(days=rng.randint(1, 730), minutes=i)
        lessons.append(Lesson(
            alert_id=new_id(), reference=f"BEN-{when.year}-{i:05d}", council=rng.choice(councils),
            kind=rng.choice(list(AlertKind)), expected=rng.choice(list(MediaInterest)),
            coverage=rng.choice(list(Coverage)), offers=tuple(reviews), helped=text() if shared else sentence(),
            did_not_help=sentence(), do_differently=text() if shared else "", may_share=shared,
            sharing=frozenset({OrgType.LGA, OrgType.ADCS} | ({OrgType.COUNCIL} if rng.random() < 0.5 else set())),
            origin_office=f"bench-{i % 150}", recorded_by="Bench council (fictional)", created_at=when,
            updated_at=when, revision=1,
        ))
    return lessons


def main(argv: list[str] | None = None) -> int:
    """Build a vault of lessons, then time the window and the PDF."""
    args = sys.argv[1:] if argv is None else argv
    n = 1_000 if "--quick" in args else 10_000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="sg-desktop-bench-digest-"))
    clock = FixedClock(CLOCK_AT)
    service = VaultService(folder / "bench.sgvault", clock=clock, councils=english_councils(),
                           new_slot_kdf=lambda: Argon2idKdf(iterations=1, lanes=1))
    session, _ = service.create("bench passphrase, not secret", OfficeProfile("Bench office", OrgType.LGA))
    from sg_desktop.exchange import lesson_version
    from sg_desktop.store.lessons import LessonLineage

    with session.vault.transaction():
        session.vault.lessons.insert_many((x, LessonLineage(lesson_version(x), ()))
                                          for x in make_lessons(n, random.Random(12)))

    from PySide6.QtWidgets import QApplication

    from sg_desktop.app.digest import DigestChoice
    from sg_desktop.ui.forward.digest_pdf import write_digest
    from sg_desktop.ui.forward.digest_window import DigestWindow
    from sg_desktop.ui.forward.paged_pdf import ensure_gui_application

    ensure_gui_application()
    app = QApplication.instance()
    assert app is not None
    def open_window() -> DigestWindow:
        window = DigestWindow(session, DigestChoice(), now=clock.now)
        window.show()
        app.processEvents()  # laid out and painted
        return window

    open_window().close()  # the first, warming Qt's fonts and styles as the window's earlier screens would have
    opened = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        window = open_window()
        opened = min(opened, time.perf_counter() - started)
        digest = window.digest()
        window.clear()
        window.close()
        window.deleteLater()
        app.processEvents()
    assert digest is not None and digest.lessons == n, digest
    counted = best_of(5, lambda: session.digest.digest(DigestChoice(), clock.now(), "Bench office"))
    out = folder / "digest.pdf"
    written = best_of(3, lambda: write_digest(digest, out))
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    print(f"# {n:,} lessons, {digest.shared:,} may be quoted, {digest.texts:,} texts; the PDF {pages} pages, "
          f"{out.stat().st_size // 1024} KiB")
    name = "10k" if n == 10_000 else f"{n // 1000}k"
    print(line(f"digest_open_{name}", opened * 1000, "ms", 500))
    print(line(f"digest_pdf_{name}", written, "s", 2))
    print(f"# parts: the digest counted {counted * 1000:.0f} ms; the rest of opening is the window filled and "
          f"painted")
    session.lock()
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
