"""The identifying-data guard: scanning every imported alert, and one full summary as an officer types.

`uv run python -m bench.bench_identifying [--quick]`: `scan_alert` over 10,000 alerts (1,000 with --quick),
each with 3 milestones and 1 offer, as the import preview does; then `scan` over a full-length summary
(2,000 characters) of ordinary protocol text with a few identifying details, as the editor does on each
keystroke; then over the same length of awkward text (titles, ranks, digits and capitals run together) that
would show a pattern that backtracks. Targets: the import scan of 10,000 alerts <= 1.5 s (well inside the
4 s the protocol-file issue allows for verify + preview + apply) and a keystroke's scan <= 5 ms.
"""

from __future__ import annotations

import random
import sys
from datetime import date

from bench.common import best_of, line
from bench.fixtures import make_alerts
from sg_desktop.app.reference import english_councils
from sg_desktop.domain.identifying import scan, scan_alert
from sg_desktop.domain.validation import MAX_SUMMARY

__all__ = ["main"]

_PROTOCOL_TEXT = (
    "The Director of Children's Services has briefed the Lead Member and the Chief Executive. "
    "The Serious Case Review is due to be published after the trial at Reading Crown Court ends; "
    "the Local Child Safeguarding Practice Review panel met on 3 March 2026. Children's Services, "
    "Thames Valley Police and the Berkshire Healthcare NHS Foundation Trust agree the press lines. "
    "Contact DS Jones about the reporting restriction, or ring 0118 974 6000. "
    "The death of a 4-year-old in 2024 led to the review; St Mary's Primary School was not involved.\n"
)
_AWKWARD = ("Mr ", "Dr. ", "DS ", "St ", "Sgt ", "aged ", "4-year-", "old ", "School ", "Academy ", "A ", "B. ",
            "O'", "-", "'s ", "Primary ", "07700 ", "12/03/2026 ", "RG40 ", "1BN ", "@", "x.", "\n")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 1_000 if "--quick" in args else 10_000
    scale = n / 10_000
    alerts = make_alerts(n, english_councils(), date(2026, 11, 24))
    import_seconds = best_of(3, lambda: [scan_alert(a) for a in alerts])
    print(line(f"identifying_scan_import_{n}", import_seconds, "s", 1.5 * scale))
    summary = (_PROTOCOL_TEXT * (MAX_SUMMARY // len(_PROTOCOL_TEXT) + 1))[:MAX_SUMMARY]
    print(line("identifying_scan_summary_2000_chars", best_of(20, lambda: scan(summary)) * 1000, "ms", 5.0))
    rng = random.Random(8)
    awkward = "".join(rng.choice(_AWKWARD) for _ in range(MAX_SUMMARY))[:MAX_SUMMARY]
    print(line("identifying_scan_awkward_2000_chars", best_of(20, lambda: scan(awkward)) * 1000, "ms", 5.0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
