"""The process switches off core dumps and debugger attachment before it opens a vault (DESIGN.md §4)."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PROBE = """
import ctypes, ctypes.util, resource
from sg_desktop.app.hardening import harden_process
harden_process()
libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
print(resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_CORE and prctl are Linux's")
def test_a_hardened_process_writes_no_core_file_and_is_not_dumpable() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["(0,", "0)", "0"]  # core limit (soft, hard) and PR_GET_DUMPABLE


def test_the_entry_point_hardens_before_it_routes_the_arguments() -> None:
    probe = (
        "import resource, sys\n"
        "from sg_desktop.main import main\n"
        "status = main(['--version'])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False).stdout
    assert out.strip().splitlines()[-1] == "0"
