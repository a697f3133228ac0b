"""An unlocked vault and the services over it; locking drops them all."""

from __future__ import annotations

import contextlib
from typing import Any

from sg_desktop.app.alerts import AlertService
from sg_desktop.app.audit_view import AuditView
from sg_desktop.app.clock import Clock
from sg_desktop.app.coming_up import ComingUpService
from sg_desktop.app.dashboard import DashboardService
from sg_desktop.app.digest import DigestService
from sg_desktop.app.export import ExportService
from sg_desktop.app.forward import ForwardService
from sg_desktop.app.importing import ImportService
from sg_desktop.app.lessons import LessonService
from sg_desktop.app.offices import OfficeService
from sg_desktop.app.retention import RetentionService
from sg_desktop.domain.councils import Council, CouncilDirectory
from sg_desktop.domain.enums import OrgType, PlainFile
from sg_desktop.domain.errors import VaultLocked
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store.audit import AuditEntry
from sg_desktop.store.vault import Vault

__all__ = ["Session"]


class Session:
    """What an unlocked vault offers: its alerts, offices and protocol files, an integrity check; `lock()` ends it."""

    def __init__(self, vault: Vault, clock: Clock, councils: tuple[Council, ...]) -> None:
        self._vault: Vault | None = vault
        self._clock = clock
        settings = vault.settings
        self.demo = settings.get("demo") == "1"
        # Fictional councils exist only so a demo vault can show the product; real vaults refuse them.
        directory = CouncilDirectory.with_demo(councils) if self.demo else CouncilDirectory(councils)
        self.office = OfficeProfile(
            name=settings.get("office_name") or "This office",
            org_type=OrgType(settings.get("office_org") or OrgType.OTHER.value),
            council=settings.get("office_council") or "",
            reference_prefix=settings.get("reference_prefix") or "",
        )
        self.vault_id = settings.get("vault_id") or ""
        # Each service is handed the repositories it works on and the vault's transaction boundary.
        transaction = vault.transaction
        self._alerts = AlertService(vault.alerts, vault.audit, transaction, directory, clock, self.office.prefix,
                                    self.vault_id, home_council=self.office.council, on_hold=self._held)
        self._offices = OfficeService(vault.offices, vault.exchange, vault.audit, transaction, clock, self.office,
                                      directory)
        self._exports = ExportService(vault.alerts, vault.exchange, vault.audit, transaction, clock, self._offices,
                                      self._alerts, self.office, lessons=vault.lessons)
        self._imports = ImportService(vault.alerts, vault.exchange, vault.audit, transaction, clock, self._offices,
                                      self.office, self.vault_id, lessons=vault.lessons)
        self._forward = ForwardService(vault.forward, self._alerts)
        self._coming_up = ComingUpService(vault.outlook, self._alerts)
        self._dashboard = DashboardService(vault.outlook, self._alerts)
        self._lessons = LessonService(vault.lessons, self._alerts, vault.audit, transaction, clock, self.vault_id,
                                      self.office.name)
        self._digest = DigestService(self._lessons, vault.lessons)
        self._audit = AuditView(vault.audit, self._offices, directory)
        self._retention = RetentionService(vault.retention, vault.alerts, vault.exchange, vault.settings, vault.audit,
                                           transaction, clock, self._alerts)
        self._alerts.sync_council_names()
        self._offices.record_councils_from_names()

    @property
    def vault(self) -> Vault:
        """The open vault; VaultLocked after `lock()`."""
        if self._vault is None:
            raise VaultLocked("The vault is locked.")
        return self._vault

    @property
    def alerts(self) -> AlertService:
        """The alert use cases."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._alerts

    @property
    def forward(self) -> ForwardService:
        """The weeks ahead: milestones by date, clash weeks."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._forward

    @property
    def coming_up(self) -> ComingUpService:
        """What needs attention in the days ahead: milestones, follow-ups, dates to confirm, national alerts."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._coming_up

    @property
    def dashboard(self) -> DashboardService:
        """The vault counted: alerts by kind, region and status; milestones ahead; support offers."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._dashboard

    @property
    def lessons(self) -> LessonService:
        """Lessons learned: record this office's, read every one held."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._lessons

    @property
    def retention(self) -> RetentionService:
        """Retention review: the closed alerts past the retention period, and what to do with each."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._retention

    @property
    def digest(self) -> DigestService:
        """The "what works" digest of the lessons held."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._digest

    @property
    def offices(self) -> OfficeService:
        """This office's identity and the offices it exchanges files with."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._offices

    @property
    def exports(self) -> ExportService:
        """Protocol files out: preview and write."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._exports

    @property
    def imports(self) -> ImportService:
        """Protocol files in: open and verify, preview, apply."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._imports

    @property
    def audit(self) -> AuditView:
        """The audit trail to read: filtered pages in words, an alert's history, the check of the chain."""
        self.vault  # noqa: B018 (raises VaultLocked once locked)
        return self._audit

    @property
    def is_locked(self) -> bool:
        """Whether `lock()` has been called."""
        return self._vault is None

    def check_integrity(self) -> int:
        """Verify every page of the database and the audit chain; return the number of audit entries."""
        self.vault.check_integrity()
        return self.vault.audit.verify()

    def _record(self, action: str, record_id: str = "", **detail: Any) -> None:
        """Append `action` on `record_id` to the audit log, in a transaction of its own (details: ids, counts and
        enum values, never text)."""
        vault = self.vault
        with vault.transaction():
            vault.audit.append(self._clock.now(), action, record_id, **detail)

    def record_plain_file(self, kind: PlainFile, items: int) -> None:
        """Audit that this office wrote a file that is not encrypted (a calendar, a table, a report or a digest)
        holding `items` milestones, alerts or lessons: never its name or its text, which may hold a case's."""
        self._record("file.plain", kind=kind.value, items=items)

    def _held(self, reference: str) -> bool:
        found = self.vault.retention.find(reference)
        return found is not None and found.on_hold

    def vault_audit_count(self) -> int:
        """Verify the audit chain alone; return its number of entries (VaultDamaged at the first break)."""
        return self.vault.audit.verify()

    def audit_entries(self, limit: int | None = None) -> list[AuditEntry]:
        """The newest `limit` entries of the audit log (all when None), oldest first."""
        return self.vault.audit.entries(limit)

    def verify_pages(self) -> None:
        """Verify the authentication code of every page: any changed byte raises VaultDamaged."""
        self.vault.verify_pages()

    def record_unlock(self, with_: str) -> None:
        """Audit that the officer unlocked the vault for a working session, `with_` "passphrase" or "recovery-key"
        (the desktop does; a command of the command line is one short read and leaves the vault as it was)."""
        self._record("vault.unlock", self.vault_id, **{"with": with_})

    def lock(self, reason: str | None = None) -> None:
        """Close the vault and forget the key; with `reason` (why a working session ended: "request", "idle",
        "quit", …) the lock is audited first, while the key is still there to write with."""
        if self._vault is None:
            return
        if reason is not None:
            with contextlib.suppress(Exception):  # a damaged or full vault must still lock; no one to tell
                self._record("vault.lock", self.vault_id, reason=reason)
        vault, self._vault = self._vault, None
        vault.close()
