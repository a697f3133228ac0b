"""Crash safety, proven: a writer killed with SIGKILL at random moments leaves a whole vault every time.

A writer process (tests/crash/writer.py) adds, edits or deletes alerts, imports protocol files or changes
the passphrase, one operation after another, and is killed after a seeded random delay spread around the
time one operation takes (measured first). After each kill the vault must open (after a passphrase change
with the old passphrase or the new one, never neither), pass the page and structure checks, and its audit
chain must verify; every operation the writer reported done is there, and the one it was in the middle of
is there whole or not at all (an alert with all its milestones and offers, a file with all its alerts, the
audit entry with the change it records).

The default run is 100 kills. `SG_CRASH_KILLS=1000` runs more (in the same proportions per kind of write);
`SG_CRASH_SEED=N` changes the seed the kill seeds come from, and `SG_CRASH_REPLAY=mode:seed` repeats one
kill from an assertion message.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from sg_desktop.app.export import AlertChoice
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import WrongPassphrase
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store.vault import key_file_path
from tests.crash.writer import FIRST_PASSPHRASE, MODES, edited_alert, passphrase_at, planned_alert, service
from tests.reported import report

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = OfficeProfile("Wokingham Borough Council", OrgType.COUNCIL, council="E06000041")
LGA = OfficeProfile("Local Government Association", OrgType.LGA)
BASE_ALERTS = 40  # the vault's alerts before the writer starts (edit and delete work through them in order)
FILES, PER_FILE = 8, 4  # protocol files from the LGA waiting to be imported, and alerts in each
SHARE = {"add": 25, "edit": 20, "delete": 20, "import": 20, "passphrase": 15}
SPREAD = 3.0  # kills land within this many operation-times of the first operation's start
AUDITED = {"add": "alert.add", "edit": "alert.edit", "delete": "alert.delete", "import": "exchange.import",
           "passphrase": "vault.passphrase-change"}


def kills_per_mode() -> dict[str, int]:
    """How many kills each kind of write gets: SHARE (100 in all), scaled to SG_CRASH_KILLS when it is set."""
    total = int(os.environ.get("SG_CRASH_KILLS", "0") or 0)
    if total <= 0:
        return dict(SHARE)
    whole = sum(SHARE.values())
    return {mode: max(1, round(n * total / whole)) for mode, n in SHARE.items()}


@dataclass
class World:
    """The vault every kill starts from (closed, ready to copy), the files to import, and what was in it."""

    vault: Path
    files: Path
    base: dict[str, Alert]  # by id
    base_audit: Counter[str]
    incoming: list[list[Alert]]  # file n-1's alerts, as the LGA sent them
    scratch: Path


@dataclass
class Totals:
    """The kills made, and how many of them landed between a `begin` and its `done`."""

    kills: int = 0
    inside: int = 0
    missed: int = 0
    op_ms: dict[str, float] = field(default_factory=dict)


_totals = Totals()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A council's vault with BASE_ALERTS alerts that trusts the LGA, and FILES protocol files from the LGA."""
    root = tmp_path_factory.mktemp("crash")
    council, _ = service(root / "council" / "council.sgvault").create(FIRST_PASSPHRASE, COUNCIL)
    lga, _ = service(root / "lga" / "lga.sgvault").create(FIRST_PASSPHRASE, LGA)
    try:
        council.offices.add(council.offices.read_card(lga.offices.card().to_string()))
        council.offices.trust(LGA.name, digits=lga.offices.card().fingerprint_digits)
        lga.offices.add(lga.offices.read_card(council.offices.card().to_bytes()))
        lga.offices.trust(COUNCIL.name, digits=council.offices.card().fingerprint_digits)
        council.alerts.add_many([planned_alert("base", 0, i) for i in range(1, BASE_ALERTS + 1)],
                                confirm_identifying=True)
        files = root / "files"
        files.mkdir()
        incoming = []
        for f in range(1, FILES + 1):
            sent = lga.alerts.add_many([planned_alert(f"file{f}", 0, j) for j in range(1, PER_FILE + 1)],
                                       confirm_identifying=True)
            lga.exports.export([COUNCIL.name], AlertChoice(references=tuple(a.reference for a in sent)),
                               files / f"{f}.sgp")
            incoming.append([lga.alerts.get(a.reference) for a in sent])
        base = {a.id: a for a in council.alerts.all(include_deleted=True)}
        audit = Counter(e.action for e in council.audit_entries())
    finally:
        council.lock()
        lga.lock()
    return World(root / "council" / "council.sgvault", files, base, audit, incoming, root / "runs")


@pytest.fixture(scope="module", autouse=True)
def totals() -> Iterator[None]:
    """Say the totals after the tests (tests/reported.py)."""
    yield
    if not _totals.kills:
        return
    kills, inside = _totals.kills, _totals.inside
    report(f"crash harness: {kills} kills, {inside} inside a write ({_totals.missed} after the writer ended)")
    report("crash harness: one operation takes " + ", ".join(f"{m} {ms:.1f} ms" for m, ms in _totals.op_ms.items()))


@dataclass
class Run:
    """What one writer run printed: the last operation begun, the last one reported done, its timings."""

    begun: int
    done: int
    finished: bool
    seconds: list[float]
    label: str

    @property
    def inside(self) -> bool:
        return self.begun > self.done


def _start(world: World, mode: str, seed: int, count: int | None) -> tuple[subprocess.Popen[bytes], Path]:
    folder = world.scratch / f"{mode}-{seed}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    vault = folder / world.vault.name
    shutil.copyfile(world.vault, vault)
    shutil.copyfile(key_file_path(world.vault), key_file_path(vault))
    command = [sys.executable, "-m", "tests.crash.writer", str(vault), mode, str(seed), "--files", str(world.files)]
    if count is not None:
        command += ["--count", str(count)]
    # Unbuffered, so reading the `ready` line reads no further: `communicate` then gets every later line.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    return proc, vault


def _parse(out: bytes, label: str) -> Run:
    begun = done = 0
    finished = False
    seconds = []
    for line in out.decode().splitlines():
        word, *rest = line.split()
        if word == "begin":
            begun = int(rest[0])
        elif word == "done":
            done = int(rest[0])
            seconds.append(float(rest[1]))
        elif word == "finished":
            finished = True
    return Run(begun, done, finished, seconds, label)


def run_to_the_end(world: World, mode: str, count: int) -> tuple[Run, Path]:
    """Let the writer do `count` operations unkilled (to time them, and to check a clean run)."""
    proc, vault = _start(world, mode, 0, count)
    out, err = proc.communicate(timeout=120)
    run = _parse(out, f"mode={mode} unkilled")
    assert proc.returncode == 0 and run.finished, f"{run.label}: the writer failed: {err.decode()[-2000:]}"
    return run, vault


def kill_once(world: World, mode: str, seed: int, op_seconds: float) -> tuple[Run, Path]:
    """Start the writer, wait for it to open the vault, kill it after a delay drawn from `seed`."""
    delay = random.Random(seed).uniform(0.0, SPREAD * op_seconds)
    proc, vault = _start(world, mode, seed, None)
    assert proc.stdout is not None and proc.stderr is not None
    ready = proc.stdout.readline()
    label = f"mode={mode} seed={seed} delay={delay:.4f}s (repeat with SG_CRASH_REPLAY={mode}:{seed})"
    if ready != b"ready\n":
        proc.kill()
        _, err = proc.communicate(timeout=30)
        pytest.fail(f"{label}: the writer did not start: {err.decode()[-2000:]}")
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    run = _parse(ready + out, label)
    _totals.kills += 1
    _totals.inside += run.inside
    _totals.missed += run.finished
    return run, vault


# -- after the kill ------------------------------------------------------------------------------

def open_after(vault: Path, mode: str, run: Run) -> tuple[Session, int]:
    """The vault unlocked with the passphrase in effect, and how many passphrase changes that one stands for:
    the last one reported done, or the one being made when the kill came; never neither."""
    if mode != "passphrase":
        return service(vault).unlock(FIRST_PASSPHRASE), 0
    for changes in sorted({run.done, run.begun}):
        try:
            return service(vault).unlock(passphrase_at(changes)), changes
        except WrongPassphrase:
            continue
    pytest.fail(f"{run.label}: neither the old passphrase nor the new one opens the vault "
                f"(operations begun {run.begun}, done {run.done})")


def applied(run: Run, states: list[str], mode: str) -> int:
    """How many operations are in the vault, given each one's state ('old' or 'new', in order): they must be
    the first k, with k the number reported done, or one more when the kill came inside that one."""
    assert "half" not in states, f"{run.label}: a {mode} is half-applied: operation {states.index('half') + 1}"
    k = states.count("new")
    assert states == ["new"] * k + ["old"] * (len(states) - k), f"{run.label}: operations applied out of order"
    allowed = {run.done, run.begun}
    assert k in allowed, (f"{run.label}: {k} operations in the vault, but {run.done} reported done "
                          f"and {run.begun} begun")
    return k


def _edit_state(now: Alert | None, old: Alert, wanted: Alert) -> str:
    assert now is not None
    if now == old:
        return "old"
    dates_wanted = {m.id: m.date for m in wanted.milestones}
    whole = (now.title == wanted.title and now.summary == wanted.summary and now.revision == old.revision + 1
             and {m.id: m.date for m in now.milestones} == dates_wanted
             and [o.id for o in now.offers] == [o.id for o in wanted.offers])
    return "new" if whole else "half"


def _delete_state(now: Alert | None, old: Alert) -> str:
    assert now is not None
    if now == old:
        return "old"
    tomb = now.deleted and not (now.title or now.milestones or now.offers) and now.revision == old.revision + 1
    return "new" if tomb else "half"


def _add_state(now: Alert | None, wanted: Alert) -> str:
    if now is None:
        return "old"
    bare = replace(now, reference="", created_at=None, updated_at=None, revision=0, origin_office="")
    return "new" if bare == wanted else "half"


def check(world: World, vault: Path, mode: str, seed: int, run: Run) -> None:
    """Everything that must hold after the kill (or after a clean run)."""
    session, changes = open_after(vault, mode, run)
    try:
        session.verify_pages()
        session.check_integrity()  # every page, the structure, and the audit chain
        alerts = session.alerts
        targets = sorted(world.base.values(), key=lambda a: a.reference)
        reach = range(1, run.begun + 2)  # one past the last begun: never applied
        if mode == "add":
            states = [_add_state(alerts.get_by_id(planned_alert("add", seed, n).id), planned_alert("add", seed, n))
                      for n in reach]
        elif mode == "edit":
            states = [_edit_state(alerts.get_by_id(targets[n - 1].id), targets[n - 1],
                                  edited_alert(targets[n - 1], seed, n)) for n in reach if n <= len(targets)]
        elif mode == "delete":
            states = [_delete_state(alerts.get_by_id(targets[n - 1].id), targets[n - 1])
                      for n in reach if n <= len(targets)]
        elif mode == "import":
            states = []
            for n in reach:
                if n > len(world.incoming):
                    break
                found = [alerts.get_by_id(a.id) for a in world.incoming[n - 1]]
                if all(a is None for a in found):
                    states.append("old")
                else:
                    states.append("new" if found == world.incoming[n - 1] else "half")
        else:
            states = ["new"] * changes + ["old"] * (run.begun + 1 - changes)
        k = applied(run, states, mode)
        audit = Counter(e.action for e in session.audit_entries())
        recorded = audit[AUDITED[mode]] - world.base_audit[AUDITED[mode]]
        assert recorded == k, (f"{run.label}: the audit log records {recorded} {AUDITED[mode]} but the vault "
                               f"holds {k} (operations done {run.done}, begun {run.begun})")
        if mode in ("add", "import"):
            live = sum(1 for _ in alerts.all(include_deleted=True))
            added = k if mode == "add" else k * PER_FILE
            assert live == len(world.base) + added, f"{run.label}: {live} alerts, expected {len(world.base) + added}"
    finally:
        session.lock()


# -- the tests -----------------------------------------------------------------------------------

def _seeds(mode: str) -> list[int]:
    replay = os.environ.get("SG_CRASH_REPLAY", "")
    if replay:
        wanted, _, seed = replay.partition(":")
        return [int(seed)] if wanted == mode else []
    master = random.Random(f"{os.environ.get('SG_CRASH_SEED', '20261124')}-{mode}")
    return [master.randrange(1, 2**31) for _ in range(kills_per_mode()[mode])]


@pytest.mark.parametrize("mode", MODES)
def test_a_writer_killed_at_any_moment_leaves_a_whole_vault(world: World, mode: str) -> None:
    clean, vault = run_to_the_end(world, mode, 3)
    check(world, vault, mode, 0, clean)
    shutil.rmtree(vault.parent)
    op_seconds = statistics.median(clean.seconds)
    _totals.op_ms[mode] = op_seconds * 1000
    for seed in _seeds(mode):
        run, vault = kill_once(world, mode, seed, op_seconds)
        check(world, vault, mode, seed, run)
        shutil.rmtree(vault.parent)
