"""A passphrase change cut off halfway, at the two moments the kill harness found: before and after the new
key file is in place. Either way the audit log records exactly the changes that took effect."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.errors import WrongPassphrase
from sg_desktop.store.vault import write_key_file
from tests.conftest import PASSPHRASE

NEW = "a new passphrase for the crash test"


class Cut(Exception):
    """Stands in for the process dying at that moment (a kill loses the uncommitted transaction as this does)."""


def changes_recorded(session: Session) -> int:
    return sum(1 for e in session.audit_entries() if e.action == "vault.passphrase-change")


def cut_key_file_write(monkeypatch: pytest.MonkeyPatch, *, after_writing: bool) -> None:
    def write(path: Path, data: bytes) -> None:
        if after_writing:
            write_key_file(path, data)
        raise Cut()

    monkeypatch.setattr("sg_desktop.app.vaults.write_key_file", write)


def test_a_change_cut_off_before_the_key_file_is_replaced_leaves_no_audit_entry(
    new_session: Callable[..., Session], vault_service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_session().lock()
    cut_key_file_write(monkeypatch, after_writing=False)
    with pytest.raises(Cut):
        vault_service.change_passphrase(PASSPHRASE, NEW)
    monkeypatch.undo()
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(NEW)
    session = vault_service.unlock(PASSPHRASE)
    try:
        assert changes_recorded(session) == 0  # the old passphrase is in effect: no change is claimed
        session.check_integrity()
    finally:
        session.lock()


def test_a_change_cut_off_after_the_key_file_is_replaced_is_recorded_on_the_next_open(
    new_session: Callable[..., Session], vault_service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_session().lock()
    cut_key_file_write(monkeypatch, after_writing=True)
    with pytest.raises(Cut):
        vault_service.change_passphrase(PASSPHRASE, NEW)
    monkeypatch.undo()
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(PASSPHRASE)
    for _ in range(2):  # recorded once, on the first open, not again
        session = vault_service.unlock(NEW)
        try:
            assert changes_recorded(session) == 1
            session.check_integrity()
        finally:
            session.lock()


def test_a_whole_change_is_recorded_once(new_session: Callable[..., Session], vault_service: VaultService) -> None:
    new_session().lock()
    vault_service.change_passphrase(PASSPHRASE, NEW)
    session = vault_service.unlock(NEW)
    try:
        assert changes_recorded(session) == 1
    finally:
        session.lock()
