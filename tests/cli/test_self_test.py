"""`sg-desktop --self-test`, as IT runs it after installing, and `--version`: one version, from pyproject.toml."""

from __future__ import annotations

import hashlib
import io
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop import __version__
from sg_desktop.app.briefing import BriefingReport
from sg_desktop.app.clock import FixedClock
from sg_desktop.cli import run
from tests.cli.conftest import Result

Cli = Callable[..., Result]

ROOT = Path(__file__).resolve().parents[2]
STEP_NAMES = ["vault", "alert", "protocol file", "briefing PDF", "calendar", "desktop", "clean-up"]


def pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def step_lines(out: str) -> list[str]:
    return [line.split(":", 1)[0].removeprefix("ok").strip() for line in out.splitlines() if line.startswith("ok ")]


def files_in(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def scratch_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the in-process self-test makes its own folder in."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def self_test(clock: FixedClock, *, pdf_writer: Callable[[BriefingReport, Path], None] | None,
              desktop_check: Callable[[], str] | None, args: tuple[str, ...] = ("--self-test",)) -> Result:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(args), env={}, stdout=out, stderr=err, clock=clock, pdf_writer=pdf_writer,
                 desktop_check=desktop_check)
    return Result(status, out.getvalue(), err.getvalue())


def test_version_is_the_one_in_pyproject(cli: Cli) -> None:
    assert __version__ == pyproject_version()
    assert cli("--version").out == f"SG Desktop {pyproject_version()}\n"


def test_the_self_test_passes_in_its_own_process_and_leaves_nothing_behind(
    sg: Cli, cli: Cli, vault_path: Path, tmp_path: Path
) -> None:
    """What IT runs: every step, offscreen, in a real process; the officer's own vault is not touched."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    before = files_in(vault_path.parent)
    result = sg("--self-test")
    assert result.status == 0, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0].startswith(f"SG Desktop {pyproject_version()} self-test on ")
    assert step_lines(result.out) == STEP_NAMES
    assert lines[-1] == "self-test passed"
    assert "imported SELFTEST-" in result.out and "xcb loads" in result.out
    assert list((tmp_path / "tmp").iterdir()) == []  # the sg fixture's TMPDIR: the throw-away vaults are gone
    assert files_in(vault_path.parent) == before


def test_a_failing_step_is_named_the_rest_do_not_run_and_nothing_is_left(
    clock: FixedClock, scratch_temp: Path
) -> None:
    def full_disk(report: BriefingReport, path: Path) -> None:
        path.write_bytes(b"%PDF-1.4 half a report")
        raise OSError(28, "No space left on device")

    result = self_test(clock, pdf_writer=full_disk, desktop_check=lambda: "fine")
    assert result.status == 1
    assert step_lines(result.out) == ["vault", "alert", "protocol file", "clean-up"]
    assert result.err.splitlines() == [
        "FAILED briefing PDF: OSError: [Errno 28] No space left on device",
        "self-test failed at step: briefing PDF",
    ]
    assert "self-test passed" not in result.out
    assert list(scratch_temp.iterdir()) == []


def test_without_the_desktop_libraries_the_briefing_step_says_so(clock: FixedClock, scratch_temp: Path) -> None:
    result = self_test(clock, pdf_writer=None, desktop_check=None)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        "FAILED briefing PDF: This installation cannot draw PDF files (the desktop libraries are missing).")
    assert list(scratch_temp.iterdir()) == []


def test_a_missing_qt_plugin_fails_the_desktop_step_with_its_reason(clock: FixedClock, scratch_temp: Path) -> None:
    def no_wayland() -> str:
        raise RuntimeError("Qt's platform plugin(s) wayland are missing from /opt/sg-desktop/plugins.")

    def pdf(report: BriefingReport, path: Path) -> None:
        path.write_bytes(b"%PDF-1.4\n" + b" " * 100 + b"\n%%EOF\n")

    result = self_test(clock, pdf_writer=pdf, desktop_check=no_wayland)
    assert result.status == 1
    assert step_lines(result.out) == ["vault", "alert", "protocol file", "briefing PDF", "calendar", "clean-up"]
    assert result.err.splitlines() == [
        "FAILED desktop: RuntimeError: Qt's platform plugin(s) wayland are missing from /opt/sg-desktop/plugins.",
        "self-test failed at step: desktop",
    ]
    assert list(scratch_temp.iterdir()) == []


def test_the_self_test_takes_no_command(clock: FixedClock, scratch_temp: Path) -> None:
    result = self_test(clock, pdf_writer=None, desktop_check=None, args=("--self-test", "list"))
    assert (result.status, result.err) == (2, "sg-desktop: --self-test runs on its own, without a command.\n")
    assert list(scratch_temp.iterdir()) == []
