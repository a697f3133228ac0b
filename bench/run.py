"""Run every benchmark: `uv run python bench/run.py [--quick]` (quick: a tenth of the data).

Each benchmark prints `BENCH <name> <value> <unit> target <= <target> ok|MISS` lines; this runs them in
turn, each in its own process (so one's memory or Qt state does not colour another's figures), and
ends with a count of misses.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv: list[str]) -> int:
    """Run the benchmarks; exit status 0 even with misses (they are figures to read, not a test)."""
    quick = ["--quick"] if "--quick" in argv else []
    misses = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"# {script.name}", flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", f"bench.{script.stem}", *quick],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            sys.stdout.write(proc.stderr)
            print(f"# {script.name} failed with status {proc.returncode}")
            misses += 1
        misses += sum(1 for line in proc.stdout.splitlines() if line.startswith("BENCH") and line.endswith("MISS"))
    print(f"# {misses} figure(s) missed their target" if misses else "# every figure met its target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
