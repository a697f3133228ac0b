"""A longer fuzz run than CI's: the same tests with more examples per target.

    uv run python tests/fuzz/run_long.py [EXAMPLES] [pytest arguments...]

EXAMPLES (default 5000) becomes SG_FUZZ_EXAMPLES, which every target reads; the count each ran is printed
at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run tests/fuzz with SG_FUZZ_EXAMPLES set; the exit status is pytest's."""
    examples = argv[0] if argv and argv[0].isdigit() else "5000"
    rest = argv[1:] if argv and argv[0].isdigit() else argv
    folder = Path(__file__).resolve().parent
    env = {**os.environ, "SG_FUZZ_EXAMPLES": examples, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder), *rest]
    return subprocess.call(command, env=env, cwd=folder.parent.parent)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
