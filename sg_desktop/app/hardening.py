"""What the process does about its own memory before it opens a vault: no core dumps, no debugger attach.

While a vault is open its records live in Python strings and Qt widgets (DESIGN.md §4), so a crash must
not write them to a core file, and another program of the same user should not read them by attaching as
a debugger. Both are asked of the operating system where it offers them; where it does not, nothing fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys

__all__ = ["harden_process"]

_PR_SET_DUMPABLE = 4


def harden_process() -> None:
    """Switch off core dumps (RLIMIT_CORE 0) and, on Linux, mark the process not dumpable (PR_SET_DUMPABLE 0)."""
    if os.name != "posix":
        return  # Windows writes no core files unless configured system-wide; there is nothing to ask here
    import resource

    # A limit that cannot be lowered is already as low as the system allows; a libc without prctl still
    # has the core limit.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
