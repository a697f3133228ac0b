"""Running `sg-desktop` in tests: in-process (fast, cheap KDF injected) or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.cli import run
from tests.conftest import PASSPHRASE, cheap_kdf


@dataclass
class Result:
    """What a command did."""

    status: int
    out: str
    err: str


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def cli(vault_path: Path, clock: FixedClock) -> Callable[..., Result]:
    """Run a command in-process against the test vault with SG_PASSPHRASE set (override with env=)."""

    def call(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        environment = {"SG_VAULT": str(vault_path), "SG_PASSPHRASE": PASSPHRASE}
        environment.update(env or {})
        status = run(list(args), env={k: v for k, v in environment.items() if v is not None},
                     stdin=_Stdin(stdin), stdout=out, stderr=err, clock=clock, new_slot_kdf=cheap_kdf)
        return Result(status, out.getvalue(), err.getvalue())

    return call


@pytest.fixture
def sg(vault_path: Path, tmp_path: Path) -> Callable[..., Result]:
    """Run `python -m sg_desktop` as its own process, with no standard input and a private home."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def call(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
        environment = {
            "PATH": os.environ.get("PATH", ""), "HOME": str(home), "TMPDIR": str(tmp_path / "tmp"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen",
            "SG_VAULT": str(vault_path), "SG_PASSPHRASE": PASSPHRASE,
        }
        (tmp_path / "tmp").mkdir(exist_ok=True)
        environment.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "sg_desktop", *args], env=environment, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return call
