"""Which arguments are for the command line and which for the window, decided before anything heavy loads."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["is_headless"]


def is_headless(args: Sequence[str]) -> bool:
    """Whether `args` are for the command line rather than the desktop application.

    The application takes only `--vault PATH` and `--demo`; anything else (a command, --help, a typo)
    goes to the command line, which runs it or says clearly what is wrong.
    """
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo" or arg.startswith("--vault="):
            continue
        if arg == "--vault" and rest:
            rest.pop(0)
            continue
        return True
    return False
