"""Unlocking reads the key file once and derives the key once; recovering opens the database once too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import sg_desktop.app.vaults as vaults
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store.vault import Vault
from tests.conftest import PASSPHRASE

__all__ = ["count_vault_steps"]


def count_vault_steps(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """From now on, count how often the key file is read, a key unwrapped and the database opened."""
    counted: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(vaults, "read_key_file", counting("read", vaults.read_key_file))
    monkeypatch.setattr(vaults, "unwrap_key", counting("unwrap", vaults.unwrap_key))
    monkeypatch.setattr(Vault, "open", classmethod(counting("open", Vault.open.__func__)))  # type: ignore[attr-defined]
    return counted


def test_unlocking_reads_the_key_file_once(vault_service: VaultService, monkeypatch: pytest.MonkeyPatch) -> None:
    vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))[0].lock()
    steps = count_vault_steps(monkeypatch)
    vault_service.unlock(PASSPHRASE).lock()
    assert steps == Counter(read=1, unwrap=1, open=1)


def test_recovering_unwraps_once_and_opens_the_database_once(
    vault_service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, recovery = vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.lock()
    steps = count_vault_steps(monkeypatch)
    vault_service.recover(recovery.formatted, "a brand new passphrase for the test").lock()
    assert steps == Counter(read=1, unwrap=1, open=1)
    vault_service.unlock("a brand new passphrase for the test").lock()
