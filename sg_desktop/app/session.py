"""An unlocked vault and the services over it; locking drops them all."""

from __future__ import annotations

from sg_desktop.app.alerts import AlertService
from sg_desktop.app.clock import Clock
from sg_desktop.app.coming_up import ComingUpService
from sg_desktop.app.dashboard import DashboardService
from sg_desktop.app.export import ExportService
from sg_desktop.app.forward import ForwardService
from sg_desktop.app.importing import ImportService
from sg_desktop.app.offices import OfficeService
from sg_desktop.domain.councils import Council, CouncilDirectory
from sg_desktop.domain.enums import OrgType
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
                                    self.vault_id, home_council=self.office.council)
        self._offices = OfficeService(vault.offices, vault.exchange, vault.audit, transaction, clock, self.office,
                                      directory)
        self._exports = ExportService(vault.alerts, vault.exchange, vault.audit, transaction, clock, self._offices,
                                      self._alerts, self.office)
        self._imports = ImportService(vault.alerts, vault.exchange, vault.audit, transaction, clock, self._offices,
                                      self.office, self.vault_id)
        self._forward = ForwardService(vault.forward, self._alerts)
        self._coming_up = ComingUpService(vault.outlook, self._alerts)
        self._dashboard = DashboardService(vault.outlook, self._alerts)
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
    def is_locked(self) -> bool:
        """Whether `lock()` has been called."""
        return self._vault is None

    def check_integrity(self) -> int:
        """Verify every page of the database and the audit chain; return the number of audit entries."""
        self.vault.check_integrity()
        return self.vault.audit.verify()

    def record(self, action: str, record_id: str) -> None:
        """Append `action` on `record_id` to the audit log, in a transaction of its own."""
        vault = self.vault
        with vault.transaction():
            vault.audit.append(self._clock.now(), action, record_id)

    def vault_audit_count(self) -> int:
        """Verify the audit chain alone; return its number of entries (VaultDamaged at the first break)."""
        return self.vault.audit.verify()

    def audit_entries(self, limit: int | None = None) -> list[AuditEntry]:
        """The newest `limit` entries of the audit log (all when None), oldest first."""
        return self.vault.audit.entries(limit)

    def verify_pages(self) -> None:
        """Verify the authentication code of every page: any changed byte raises VaultDamaged."""
        self.vault.verify_pages()

    def lock(self) -> None:
        """Close the vault and forget the key."""
        if self._vault is not None:
            vault, self._vault = self._vault, None
            vault.close()
