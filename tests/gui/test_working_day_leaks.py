"""The leak sweep: a whole working day with marker strings in every text field, then every file the program
could have written is searched for them.

The day: a council officer unlocks by typing, adds an alert in the editor (markers typed into the title,
summary, owner, a milestone's note, an offer's note), moves a date with a typed reason, searches the log for
a marker, saves a calendar, sends a protocol file to the LGA, which imports it, edits it and sends it back;
the council imports the reply and locks (which makes the day's backup); a command-line `add` of marked alerts
is killed halfway with SIGKILL; the officer unlocks again and quits, and the backup is restored with
`restore`. Afterwards every file under the test's home, temporary and vault folders, every new file in the
system's temporary folder, and the captured log and terminal output are searched for the markers (as UTF-8
and UTF-16, the way Qt keeps text), and none may hold them. The files the officer chose to write in plain
text by design (a CSV, a briefing PDF, a full-detail calendar) are not part of the day.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.application import Application
from sg_desktop.ui.forward.calendar_dialog import open_calendar, open_table_csv
from sg_desktop.ui.shared.date_field import DateField
from tests.reported import report
from tests.unit.test_exchange_service import LGA, Offices, introduce

from .conftest import GUI_PASSPHRASE, find
from .dates import type_date

MARK = f"Qz{secrets.token_hex(4)}mk"  # new each run: a hit can only come from this run
FIELDS = ("title", "summary", "owner", "mnote", "reason", "onote", "search", "cli")
COUNCIL_NAME = "Wokingham Borough Council"


SYSTEM_TEMP = Path(tempfile.gettempdir())  # where a careless library would write, whatever TMPDIR says


@pytest.fixture
def private_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Home, configuration, data, cache and temporary folders inside the test's folder, for this process and
    the commands it runs."""
    home = tmp_path / "home"
    for sub in ("config", "data", "cache", "tmp"):
        (home / sub).mkdir(parents=True)
    for name, value in (("HOME", home), ("XDG_CONFIG_HOME", home / "config"), ("XDG_DATA_HOME", home / "data"),
                        ("XDG_CACHE_HOME", home / "cache"), ("TMPDIR", home / "tmp")):
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr(tempfile, "tempdir", str(home / "tmp"))
    yield home


def marked(field: str) -> str:
    return f"{MARK}{field}"


def type_into(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def unlock_by_typing(qtbot: QtBot, application: Application) -> None:
    dialog = application.unlock_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    field = find(dialog, QLineEdit, "passphraseField")
    qtbot.keyClicks(field, GUI_PASSPHRASE)
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        find(dialog, QPushButton, "unlockButton").click()


def add_alert_in_the_editor(qtbot: QtBot, application: Application) -> None:
    window = application.window
    window.action_new.trigger()
    qtbot.waitUntil(lambda: len(window.open_editors()) == 1)
    dialog = window.open_editors()[0]
    assert find(dialog, QComboBox, "councilPicker").currentText().startswith("Wokingham")  # the vault's own
    type_into(qtbot, find(dialog, QLineEdit, "titleEdit"), marked("title"))
    type_into(qtbot, find(dialog, QPlainTextEdit, "summaryEdit"), marked("summary"))
    type_into(qtbot, find(dialog, QLineEdit, "ownerEdit"), marked("owner"))
    dialog.tabs.setCurrentIndex(1)
    find(dialog, QPushButton, "addMilestoneButton").click()
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "14/12/2026")
    type_into(qtbot, find(dialog, QPlainTextEdit, "milestoneNote"), marked("mnote"))
    dialog.tabs.setCurrentIndex(2)
    find(dialog, QPushButton, "addOfferButton").click()
    type_into(qtbot, find(dialog, QPlainTextEdit, "offerNote"), marked("onote"))
    find(dialog, QPushButton, "saveButton").click()
    assert not dialog.isVisible(), find(dialog, QLabel, "editorStatus").text()


def move_its_date_with_a_reason(qtbot: QtBot, application: Application) -> None:
    window = application.window
    window.edit_alert()
    qtbot.waitUntil(lambda: len(window.open_editors()) == 1)
    dialog = window.open_editors()[0]
    dialog.tabs.setCurrentIndex(1)
    find(dialog, QTableWidget, "milestonesTable").selectRow(0)
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "11/1/2027")
    type_into(qtbot, find(dialog, QLineEdit, "milestoneReason"), marked("reason"))
    with qtbot.waitSignal(dialog.saved):
        find(dialog, QPushButton, "saveButton").click()


def exchange(session: Session, to: str, folder: Path, name: str) -> Path:
    out = folder / name
    session.exports.export([to], AlertChoice(), out)
    return out


def take_in(session: Session, path: Path) -> None:
    imports = session.imports
    imports.apply(imports.preview(imports.open(imports.read(path))))


def kill_a_command_halfway(vault: Path, home: Path) -> tuple[int, int]:
    """Start `sg-desktop add --from-json` of many marked alerts and SIGKILL it as soon as its write reaches the
    vault's log file; its exit status and how many alerts it was adding (the add is one transaction: all or
    none of them may be there afterwards)."""
    count = 20_000
    source = home / "tmp" / "input.json"
    source.write_text(json.dumps([
        {"council": "Wokingham", "kind": "trial", "title": f"{marked('cli')}{i}", "summary": marked("cli")}
        for i in range(count)]))
    wal = vault.with_name(vault.name + "-wal")
    before = wal.stat().st_size if wal.exists() else 0
    env = {**os.environ, "SG_VAULT": str(vault), "SG_PASSPHRASE": GUI_PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "sg_desktop", "add", "--from-json", str(source), "--confirm"],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > before:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    source.unlink()  # the test's own input, not something the program wrote
    assert MARK not in out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
    return proc.returncode, count


def run_command(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`sg-desktop ARGS` as its own process, in the day's private folders; its output must hold no marker."""
    env = {**os.environ, "SG_VAULT": str(vault), "SG_PASSPHRASE": GUI_PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "sg_desktop", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, check=False)
    assert MARK not in done.stdout + done.stderr
    return done


def files_under(*roots: Path, since: float | None = None) -> list[Path]:
    found = []
    for root in roots:
        for path in root.rglob("*"):
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                if since is not None and (path.stat().st_mtime < since or path.stat().st_size > 50_000_000):
                    continue
            except OSError:
                continue
            found.append(path)
    return found


def holds_a_marker(data: bytes) -> bool:
    needles = (MARK.encode(), MARK.encode("utf-16-le"), MARK.lower().encode(), MARK.upper().encode())
    return any(n in data for n in needles)


def test_a_working_day_leaves_no_record_text_outside_the_encrypted_files(
    qtbot: QtBot, private_places: Path, tmp_path: Path, start_app: Callable[..., Application],
    gui_service: VaultService, gui_vault_path: Path, offices: Offices, settings: QSettings,
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str], clock: FixedClock,
) -> None:
    began = time.time() - 1
    caplog.set_level(logging.DEBUG)
    council, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile(COUNCIL_NAME, OrgType.COUNCIL,
                                                                  council="E06000041"))
    lga = offices.create("lga", LGA)
    introduce(council, lga)
    council.lock()
    post = tmp_path / "post"
    post.mkdir()

    application = start_app()
    unlock_by_typing(qtbot, application)
    add_alert_in_the_editor(qtbot, application)
    move_its_date_with_a_reason(qtbot, application)
    window = application.window
    type_into(qtbot, window.filters.search, marked("search"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.filters.search.clear()

    table = open_table_csv(window)  # a file the officer would choose to write in plain text: not written here,
    assert table is not None        # only read, to show the search would see a marker in what the program makes
    assert holds_a_marker(table.text().encode())
    table.close()
    calendar = open_calendar(window)
    assert calendar is not None
    assert calendar.write_to(str(post / "forward.ics"))
    calendar.close()

    session = window.session
    assert session is not None
    sent = exchange(session, LGA.name, post, "to-lga.sgp")
    take_in(lga, sent)
    [received] = lga.alerts.rows(AlertQuery())
    assert received.title == marked("title")  # the markers really travelled
    edited = lga.alerts.get(received.reference)
    lga.alerts.save(replace(edited, summary=marked("summary") + " seen by the LGA"))
    back = exchange(lga, COUNCIL_NAME, post, "to-council.sgp")
    take_in(session, back)
    window.refresh()

    window.lock_requested.emit("request")
    qtbot.waitUntil(lambda: window.is_locked)
    status, adding = kill_a_command_halfway(gui_vault_path, private_places)
    assert status == -signal.SIGKILL  # killed while writing, not after it had finished
    unlock_by_typing(qtbot, application)
    unlocked = window.session
    assert unlocked is not None
    unlocked.verify_pages()
    left = unlocked.alerts.count(AlertQuery(text=marked("cli")))
    assert left in (0, adding)  # all or nothing
    window.save_geometry()  # as on closing: the window's settings are written too
    application.shutdown()
    settings.sync()
    backups = BackupService(gui_vault_path, clock).backups()
    assert backups, "locking made the day's backup"
    restored = run_command(gui_vault_path, "restore", str(backups[0].path), "--yes")
    assert restored.returncode == 0, restored.stderr
    checked = run_command(gui_vault_path, "check")
    assert checked.returncode == 0, checked.stderr

    written = files_under(tmp_path)
    written += [p for p in files_under(SYSTEM_TEMP, since=began) if tmp_path not in p.parents]
    names = {p.name for p in written}
    assert {gui_vault_path.name, f"{gui_vault_path.name}.keys", "settings.ini"} <= names
    assert any(name.endswith(".sgbackup") for name in names)
    assert "forward.ics" in names and "to-lga.sgp" in names
    leaking = [str(p) for p in written if holds_a_marker(p.read_bytes())]
    captured = capfd.readouterr()
    report(f"leak sweep: {len(written)} files ({sum(p.stat().st_size for p in written):,} bytes) searched for "
          f"{len(FIELDS)} marked fields; the killed add left {left:,} of its {adding:,} alerts")
    assert leaking == []
    assert not holds_a_marker(caplog.text.encode())
    assert not holds_a_marker((captured.out + captured.err).encode())
