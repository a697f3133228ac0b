"""Shared test setup: Qt offscreen, a cheap KDF, a fixed clock, and vault factories.

Tests pass cheap Argon2id parameters through constructors (never through globals) so the suite stays
fast; a few tests marked `slow` use the calibrated ones.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.office import OfficeProfile

PASSPHRASE = "correct horse battery staple"


def cheap_kdf() -> Kdf:
    """Argon2id with test-only parameters (1 MiB, one pass): fast, and still the real code path."""
    return Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 24 November 2026, 10:00 UTC."""
    return FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test's vault lives."""
    return tmp_path / "vault" / "test.sgvault"


@pytest.fixture
def vault_service(vault_path: Path, clock: FixedClock) -> VaultService:
    """A vault service for `vault_path` with the cheap KDF."""
    return VaultService(vault_path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)


@pytest.fixture
def new_session(vault_service: VaultService) -> Iterator[Callable[..., Session]]:
    """Create the test vault (once) and return it unlocked; locked again after the test."""
    opened: list[Session] = []

    def make(office: OfficeProfile | None = None, *, demo: bool = False) -> Session:
        session, _ = vault_service.create(
            PASSPHRASE, office or OfficeProfile("Local Government Association", OrgType.LGA), demo=demo
        )
        opened.append(session)
        return session

    yield make
    for s in opened:
        s.lock()


@pytest.fixture
def session(new_session: Callable[..., Session]) -> Session:
    """An unlocked, empty LGA vault."""
    return new_session()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The proofs' counts (tests/reported.py), after the tests, in CI's output too."""
    from tests.reported import LINES

    for line in LINES:
        terminalreporter.write_line(line)
