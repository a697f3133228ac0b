"""The application ends when the session asks it to (SIGTERM), even while its first window is being set up.

A real process on the offscreen platform: as soon as it handles SIGTERM it is sent one, which arrives while
the first-run dialog is still being built, before Qt's event loop runs. It must still end the application,
cleanly (status 0). A quit that ran before the loop started used to be lost, and every later signal then found
the application already quitting: it never ended.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

_SIGTERM_BIT = 1 << (signal.SIGTERM - 1)


def handles_sigterm(pid: int) -> bool:
    """Whether the process has its own SIGTERM handler yet (Linux: the SigCgt mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & _SIGTERM_BIT)


def test_sigterm_during_start_up_ends_the_application_cleanly(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "SG_VAULT": str(tmp_path / "vault" / "v.sgvault")}
    proc = subprocess.Popen([sys.executable, "-m", "sg_desktop"], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not handles_sigterm(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        assert proc.poll() is None, "the application ended before it handled SIGTERM"
        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            raise AssertionError("SIGTERM did not end the application") from None
        assert status == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stderr:
            proc.stderr.close()
