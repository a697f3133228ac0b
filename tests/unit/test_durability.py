"""Nothing lost: a process killed mid-work leaves a vault that opens and holds every alert it reported added."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile
from tests.conftest import PASSPHRASE, cheap_kdf

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sg_desktop.app.clock import SystemClock
    from sg_desktop.app.reference import english_councils
    from sg_desktop.app.vaults import VaultService
    from sg_desktop.domain.enums import AlertKind
    from sg_desktop.domain.model import Alert

    service = VaultService(Path(sys.argv[1]), clock=SystemClock(), councils=english_councils())
    session = service.unlock(sys.argv[2])
    i = 0
    while True:
        i += 1
        stored = session.alerts.add(Alert(council="E06000041", kind=AlertKind.TRIAL, title=f"Alert {i}"))
        print(stored.reference, flush=True)  # printed only after add() returned
    """
)


def test_sigkill_while_adding_loses_nothing_that_was_added(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "v.sgvault"
    service = VaultService(path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))[0].lock()

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), PASSPHRASE], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert child.stdout is not None
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        reported.append(line.strip())
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert len(reported) == 40, "the child stopped adding alerts early"

    session = service.unlock(PASSPHRASE)
    try:
        session.check_integrity()
        for reference in reported:
            assert session.alerts.get(reference).reference == reference
        assert session.alerts.total() >= len(reported)
    finally:
        session.lock()
    assert not Path(f"{path}-wal").exists()  # closing cleanly folded the write-ahead log back
